/**
 * The exercises of the lecture notes: the perceptron σ(1 + 3x₁ − 2x₂), the chain f(g(h(x))), and a
 * 2-2-1 sigmoid network trained by the delta rule. Without a seed they use the notes' numbers; a
 * seed draws new ones.
 */
import { type Rng, Value } from '@chalkgrad/core';
import { drawGridValue } from './point';
import type { AskKind } from './exercise';

export interface VariableSpec {
  name: string;
  kind: 'parameter' | 'input';
  /** The notes' value, used when no seed is given. */
  default?: number;
  draw(rng: Rng): number;
}

export interface Preset {
  title: string;
  /** The formula as the worksheet states it. */
  formula: string;
  variables: VariableSpec[];
  build(v: Record<string, Value>): Value;
  ask: AskKind[];
  /** Restrict value and gradient blanks to these nodes (the network has many small products). */
  nodes?: string[];
  lr?: number;
}

const onDecimal = (rng: Rng) => {
  const w = Math.round(rng.uniform(-10, 10)) / 10;
  return w === 0 ? 0.1 : w;
};
const variable = (name: string, kind: VariableSpec['kind'], value: number | undefined, draw: (rng: Rng) => number = drawGridValue): VariableSpec => ({ name, kind, default: value, draw });

/** Hidden unit j of the network: h_j = σ(w_j1·x1 + w_j2·x2 + b_j). */
function unit(v: Record<string, Value>, w1: string, w2: string, b: string, z: string, h: string, in1: Value, in2: Value): Value {
  return Value.sum([v[w1].mul(in1), v[w2].mul(in2), v[b]]).named(z).sigmoid().named(h);
}

export const PRESETS = {
  perceptron: {
    title: 'The perceptron of the notes',
    formula: 'sigmoid(1 + 3*x1 - 2*x2)',
    variables: [variable('x1', 'parameter', -1), variable('x2', 'parameter', 2)],
    build: (v) => Value.from(1).add(v.x1.mul(3).named('a1')).named('s').sub(v.x2.mul(2).named('a2')).named('z').sigmoid().named('y'),
    ask: ['forward', 'local', 'grad'],
  },
  chain: {
    title: 'The chain rule on f(g(h(x)))',
    formula: 'exp(sin(x^2))',
    variables: [variable('x', 'parameter', 1)],
    build: (v) => v.x.pow(2).named('h').sin().named('g').exp().named('f'),
    ask: ['forward', 'local', 'grad'],
  },
  network: {
    title: 'A 2-2-1 sigmoid network and the delta rule',
    formula: 'E = ½(y − t)², y = σ(v1·h1 + v2·h2 + c), h_j = σ(w_j1·x1 + w_j2·x2 + b_j)',
    variables: [
      variable('x1', 'input', 1), variable('x2', 'input', 0.5), variable('t', 'input', 1, (rng) => rng.int(2)),
      ...([['w11', 0.5], ['w12', -0.5], ['b1', 0], ['w21', 0.3], ['w22', 0.8], ['b2', -0.2], ['v1', 1], ['v2', -1], ['c', 0.2]] as const).map(([n, w]) => variable(n, 'parameter', w, onDecimal)),
    ],
    build: (v) => {
      const h1 = unit(v, 'w11', 'w12', 'b1', 'z1', 'h1', v.x1, v.x2);
      const h2 = unit(v, 'w21', 'w22', 'b2', 'z2', 'h2', v.x1, v.x2);
      const y = unit(v, 'v1', 'v2', 'c', 'z3', 'y', h1, h2);
      return y.sub(v.t).named('err').pow(2).mul(0.5).named('E');
    },
    ask: ['forward', 'grad', 'update'],
    nodes: ['z1', 'h1', 'z2', 'h2', 'z3', 'y', 'err', 'E'],
    lr: 0.5,
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
