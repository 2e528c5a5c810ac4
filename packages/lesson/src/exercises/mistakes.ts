/**
 * The mistakes students make in backprop, each as a change to how one quantity is computed. A
 * wrong answer is diagnosed by making each mistake at each place in turn and following it down the
 * graph (through the student's own answers): the mistakes that reproduce the answer are named.
 * Every rule reads the op table; none knows a particular op.
 */
import { fmt, opSymbol, scalarOp } from '@chalkgrad/core';
import { usesOf } from './graph';
import { type Alteration, type Lookup, type Problem, type Quantity, compute, operandsOf, quantitiesOf, solve, termsOf, valueId } from './quantities';
import { outputName } from './describe';

export type RuleName = 'fan-out' | 'missing-local' | 'missing-upstream' | 'sign' | 'derivative-at-output' | 'value-for-gradient' | 'activation-derivative';

/** Each rule's name in a summary of a class's mistakes. */
export const RULES: Record<RuleName, string> = {
  'fan-out': 'left out the sum over a node’s uses (fan-out)',
  'missing-local': 'left out the local derivative factor',
  'missing-upstream': 'left out the upstream gradient',
  sign: 'sign error',
  'derivative-at-output': 'took the derivative at the output instead of the input (σ′(σ(z)) for σ′(z))',
  'value-for-gradient': 'used the forward value in place of the gradient',
  'activation-derivative': 'wrong activation derivative (the function for its derivative, σ′ = σ)',
};

/**
 * Which rule names a wrong answer that several rules reproduce (leaving out a local derivative of −1
 * is also a sign error): the most specific first; the sign error, which any mistake that only flips
 * a sign matches, last. The others are named with it, as giving the same number.
 */
export const PRECEDENCE: readonly RuleName[] = ['fan-out', 'derivative-at-output', 'activation-derivative', 'value-for-gradient', 'missing-local', 'missing-upstream', 'sign'];

export interface Mistake extends Alteration {
  rule: RuleName;
  /** What went wrong, in words, with the numbers where it happened (`get` reads them). */
  explain(get: Lookup): string;
}

const f4 = (x: number) => fmt(x, 4);

/** The mistakes that can be made in computing quantity q. */
export function mistakesAt(p: Problem, q: Quantity): Mistake[] {
  const { nodes } = p;
  const n = nodes[q.node];
  const y = outputName(nodes);
  const out: Mistake[] = [];
  const add = (rule: RuleName, apply: (get: Lookup) => number, explain: (get: Lookup) => string) => out.push({ rule, at: q.id, apply, explain });
  switch (q.kind) {
    case 'value':
      add('sign', (get) => -compute(p, q, get), () => `the value of ${n.name} has the wrong sign`);
      break;
    case 'local': {
      const op = scalarOp(n.op)!;
      const d = op.d[Math.min(q.slot!, op.d.length - 1)];
      const input = nodes[n.inputs[q.slot!]].name;
      const own = (get: Lookup) => get(valueId(nodes, q.node));
      add('sign', (get) => -compute(p, q, get), () => `∂${n.name}/∂${input} has the wrong sign`);
      if (op.arity !== 1) break;
      const k = n.param ?? 0;
      const name = opSymbol(op, k);
      add('derivative-at-output', (get) => d(own(get), k, op.f(own(get), k)), (get) =>
        `${name}′ was taken at the output ${n.name} = ${f4(own(get))} instead of at the input ${input} = ${f4(operandsOf(p, q.node, get).a)} (${name}′(${name}(${input})) instead of ${name}′(${input}))`);
      add('activation-derivative', own, (get) => `the derivative of ${name} is not ${name} itself (${n.name} = ${f4(own(get))}): ${op.formula[0]}`);
      break;
    }
    case 'grad': {
      const uses = usesOf(nodes)[q.node];
      const users = uses.map((u) => nodes[u.node].name);
      const terms = (get: Lookup) => termsOf(p, q.node, get);
      if (uses.length > 1) {
        uses.forEach((_, j) => add('fan-out', (get) => terms(get)[j].upstream * terms(get)[j].local, () =>
          `${n.name} is used ${uses.length} times (by ${users.join(', ')}): ∂${y}/∂${n.name} is the sum over all its uses; this is only the part through ${users[j]}`));
      }
      add('missing-local', (get) => terms(get).reduce((s, t) => s + t.upstream, 0), (get) =>
        `the local derivative ${terms(get).map((t) => `∂${nodes[t.use].name}/∂${n.name} = ${f4(t.local)}`).join(', ')} was left out: ∂${y}/∂${n.name} is the upstream gradient times the local derivative`);
      add('missing-upstream', (get) => terms(get).reduce((s, t) => s + t.local, 0), (get) =>
        `the upstream gradient ${terms(get).map((t) => `∂${y}/∂${nodes[t.use].name} = ${f4(t.upstream)}`).join(', ')} was left out: the local derivative alone is not ∂${y}/∂${n.name}`);
      add('sign', (get) => -terms(get).reduce((s, t) => s + t.upstream * t.local, 0), () => `∂${y}/∂${n.name} has the wrong sign`);
      add('value-for-gradient', (get) => get(valueId(nodes, q.node)), (get) =>
        `the forward value ${n.name} = ${f4(get(valueId(nodes, q.node)))} was used in place of the gradient ∂${y}/∂${n.name}`);
      break;
    }
    case 'update':
      add('sign', (get) => get(valueId(nodes, q.node)) + p.lr * get(`grad(${n.name})`), () => `the step went uphill: SGD subtracts η·∂${y}/∂${n.name}, it does not add it`);
      break;
  }
  return out;
}

/** Every mistake anywhere in the exercise. */
export function allMistakes(p: Problem): Mistake[] {
  return quantitiesOf(p).flatMap((q) => mistakesAt(p, q));
}

/** Every mistake made in turn and followed down the graph, through the student's answers `given` (none: through the true values). */
export function runMistakes(p: Problem, given: ReadonlyMap<string, number> = new Map()): { mistake: Mistake; computed: Map<string, number> }[] {
  return allMistakes(p).map((mistake) => ({ mistake, computed: solve(p, given, mistake) }));
}
