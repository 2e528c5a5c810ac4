/**
 * The delta-rule view of the 2-2-1 network preset: the same backward pass in the notes' notation,
 * δ₃ = g′(z₃)(y − t) at the output and δⱼ = g′(zⱼ) Σₖ wₖⱼ δₖ below, then ∂E/∂wⱼᵢ = δⱼ uᵢ, with the
 * numbers of the graph; a δ shows once the backward pass has reached its z, and the row the
 * current step completes is marked.
 */
import { type Value, fmt, fmtFactor, topoSort } from '@chalkgrad/core';
import type { NetworkStateLike } from '@chalkgrad/viz';
import type { EdgeStep } from './steps';

interface Unit {
  delta: string;
  z: string;
  /** z as the notes write it. */
  zText: string;
  /** The unit's output (σ(z)). */
  a: string;
  /** Σₖ wₖⱼ δₖ written out: the weights to the units above, or null at the output (there it is y − t). */
  above: { w: string; unit: string }[] | null;
  /** The unit's weights and the input each multiplies (null: the bias). */
  weights: [string, string | null][];
}

const UNITS: Unit[] = [
  { delta: 'δ₃', z: 'z3', zText: 'z₃', a: 'y', above: null, weights: [['v1', 'h1'], ['v2', 'h2'], ['c', null]] },
  { delta: 'δ₁', z: 'z1', zText: 'z₁', a: 'h1', above: [{ w: 'v1', unit: 'δ₃' }], weights: [['w11', 'x1'], ['w12', 'x2'], ['b1', null]] },
  { delta: 'δ₂', z: 'z2', zText: 'z₂', a: 'h2', above: [{ w: 'v2', unit: 'δ₃' }], weights: [['w21', 'x1'], ['w22', 'x2'], ['b2', null]] },
];

export interface DeltaRow {
  unit: string;
  rule: string;
  numbers: string;
  value: number | null;
  current: boolean;
}

export interface WeightRow {
  weight: string;
  rule: string;
  value: number | null;
}

/** The δ of each unit and the gradient of each weight, as known after `done` steps. */
export function deltaRule(root: Value, known: ReadonlyMap<Value, number>, current: EdgeStep | null, digits = 4): { deltas: DeltaRow[]; weights: WeightRow[] } {
  const byName = new Map(topoSort<Value>(root).filter((v) => v.label).map((v) => [v.label, v]));
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '?' : fmt(x, digits));
  /** A factor after × or +: a negative one in parentheses, as the step's product writes it. */
  const factor = (x: number | null | undefined) => (x === null || x === undefined ? '?' : fmtFactor(x, digits));
  const node = (n: string) => byName.get(n)!;
  const deltaOf = new Map<string, number | null>();
  const deltas = UNITS.map((u): DeltaRow => {
    const a = node(u.a).data;
    const gPrime = a * (1 - a); // σ′(z) = σ(z)(1 − σ(z))
    const value = known.get(node(u.z)) ?? null;
    deltaOf.set(u.delta, value);
    const now = current !== null && current.input === node(u.z);
    if (!u.above) {
      return { unit: `${u.delta} (output)`, rule: `g′(${u.zText})·(y − t)`, numbers: `${f(gPrime)} × ${factor(known.get(node('y')))}`, value, current: now };
    }
    const sum = u.above.map((k, i) => `${(i > 0 ? factor : f)(node(k.w).data)} × ${factor(deltaOf.get(k.unit))}`).join(' + ');
    return { unit: u.delta, rule: `g′(${u.zText})·Σₖ wₖⱼ δₖ`, numbers: `${f(gPrime)} × (${sum})`, value, current: now };
  });
  const weights = UNITS.flatMap((u) =>
    u.weights.map(([w, input]): WeightRow => {
      const d = deltaOf.get(u.delta) ?? null;
      const x = input === null ? 1 : node(input).data;
      return { weight: `∂E/∂${w}`, rule: `${u.delta} · ${input ?? '1'} = ${f(d)} × ${factor(x)}`, value: d === null ? null : d * x };
    }),
  );
  return { deltas, weights };
}

/**
 * The network's layer view for viz's `layerView` (z, u = σ(z) and δ per unit, the weights between
 * layers), read off the graph by its names: the delta rule with every number, once the backward pass
 * is done (`grads`, ∂E/∂node for every node).
 */
export function networkState(root: Value, grads: ReadonlyMap<Value, number>): NetworkStateLike {
  const byName = new Map(topoSort<Value>(root).filter((v) => v.label).map((v) => [v.label, v]));
  const at = (n: string) => byName.get(n)!.data;
  const layer = (name: string, units: Unit[]) => ({
    name,
    activation: 'sigmoid',
    z: units.map((u) => at(u.z)),
    u: units.map((u) => at(u.a)),
    dg: units.map((u) => at(u.a) * (1 - at(u.a))),
    delta: units.map((u) => grads.get(byName.get(u.z)!) ?? 0),
    weights: units.map((u) => u.weights.filter(([, input]) => input !== null).map(([w]) => at(w))),
  });
  const [output, ...hidden] = UNITS;
  return {
    from: 'values',
    input: [at('x1'), at('x2')],
    target: [at('t')],
    loss: root.data,
    dLdu: [at('y') - at('t')],
    layers: [layer('L1', hidden), layer('L2', [output])],
  };
}
