/**
 * Every number of a backprop exercise is a quantity: a node's forward value, an edge's local
 * derivative, a node's gradient, a parameter after one SGD step. Each is one step from the
 * quantities it depends on, computed from the op table, so a student's own (possibly wrong)
 * earlier answers can stand in for the true ones: that is how error carried forward is graded, and
 * how a mistake made at one place is followed to the blanks below it.
 */
import { type ScalarOp, scalarOp } from '@chalkgrad/core';
import { type ExerciseNode, usesOf } from './graph';

export type QuantityKind = 'value' | 'local' | 'grad' | 'update';

export interface Quantity {
  /** `value(z)`, `local(y,z)` (with `@slot` when an input is used twice), `grad(x1)`, `update(w1)`. */
  id: string;
  kind: QuantityKind;
  node: number;
  /** The input slot of a local derivative. */
  slot?: number;
}

/** What the quantities are computed over. */
export interface Problem {
  nodes: readonly ExerciseNode[];
  /** The learning rate of the SGD update. */
  lr: number;
}

export const valueId = (nodes: readonly ExerciseNode[], i: number) => `value(${nodes[i].name})`;
export const gradId = (nodes: readonly ExerciseNode[], i: number) => `grad(${nodes[i].name})`;
export function localId(nodes: readonly ExerciseNode[], i: number, slot: number): string {
  const ins = nodes[i].inputs;
  const twice = ins.filter((j) => j === ins[slot]).length > 1;
  return `local(${nodes[i].name},${nodes[ins[slot]].name}${twice ? `@${slot + 1}` : ''})`;
}

/** All quantities in an order that computes each after what it depends on. */
export function quantitiesOf(p: Problem): Quantity[] {
  const { nodes } = p;
  const out: Quantity[] = [];
  const isConstant = (i: number) => nodes[i].kind === 'constant';
  const last = nodes.length - 1;
  nodes.forEach((n, i) => n.op && out.push({ id: valueId(nodes, i), kind: 'value', node: i }));
  nodes.forEach((n, i) => n.inputs.forEach((j, slot) => !isConstant(j) && out.push({ id: localId(nodes, i, slot), kind: 'local', node: i, slot })));
  for (let i = last - 1; i >= 0; i--) if (!isConstant(i)) out.push({ id: gradId(nodes, i), kind: 'grad', node: i });
  nodes.forEach((n, i) => n.kind === 'parameter' && out.push({ id: `update(${n.name})`, kind: 'update', node: i }));
  return out;
}

/** Reads a quantity's current value (the student's answer where one stands in). */
export type Lookup = (id: string) => number;

const op = (n: ExerciseNode): ScalarOp => scalarOp(n.op)!;

/** The op's operands at node i: a and b (or the constant parameter). */
export function operandsOf(p: Problem, i: number, get: Lookup): { a: number; b: number } {
  const n = p.nodes[i];
  const a = get(valueId(p.nodes, n.inputs[0]));
  return { a, b: n.inputs.length > 1 ? get(valueId(p.nodes, n.inputs[1])) : n.param ?? 0 };
}

/** The chain-rule terms of a node's gradient: per use, the upstream gradient and the local derivative. */
export function termsOf(p: Problem, i: number, get: Lookup): { use: number; slot: number; upstream: number; local: number }[] {
  return usesOf(p.nodes)[i].map(({ node, slot }) => ({ use: node, slot, upstream: get(gradId(p.nodes, node)), local: get(localId(p.nodes, node, slot)) }));
}

/** One quantity from the ones it depends on. An n-ary op (a sum) folds its `f` over the inputs. */
export function compute(p: Problem, q: Quantity, get: Lookup): number {
  const n = p.nodes[q.node];
  switch (q.kind) {
    case 'value': {
      if (op(n).arity === 'n') return n.inputs.map((j) => get(valueId(p.nodes, j))).reduce((s, x) => op(n).f(s, x));
      const { a, b } = operandsOf(p, q.node, get);
      return op(n).f(a, b);
    }
    case 'local': {
      const { a, b } = operandsOf(p, q.node, get);
      return op(n).d[Math.min(q.slot!, op(n).d.length - 1)](a, b, get(valueId(p.nodes, q.node)));
    }
    case 'grad':
      return termsOf(p, q.node, get).reduce((s, t) => s + t.upstream * t.local, 0);
    case 'update':
      return get(valueId(p.nodes, q.node)) - p.lr * get(gradId(p.nodes, q.node));
  }
}

/** A change to how one quantity is computed: a student's mistake, made at `at`. */
export interface Alteration {
  at: string;
  apply(get: Lookup): number;
}

/**
 * Computes every quantity in order. Where `given` has a value (a student's answer) it stands in for
 * the computed one in everything after it; `alteration` replaces how one quantity is computed.
 * Returns each quantity as computed, before any answer replaced it.
 */
export function solve(p: Problem, given: ReadonlyMap<string, number> = new Map(), alteration?: Alteration): Map<string, number> {
  const known = new Map<string, number>();
  const get = lookupIn(p, known);
  const computed = new Map<string, number>();
  for (const q of quantitiesOf(p)) {
    const x = alteration?.at === q.id ? alteration.apply(get) : compute(p, q, get);
    computed.set(q.id, x);
    known.set(q.id, given.get(q.id) ?? x);
  }
  return computed;
}

/** A lookup of quantities in `known`, plus what every exercise gives: the leaves and the output's gradient 1. */
export function lookupIn(p: Problem, known: ReadonlyMap<string, number>): Lookup {
  const base = new Map<string, number>();
  p.nodes.forEach((n, i) => n.op === '' && base.set(valueId(p.nodes, i), n.value!));
  base.set(gradId(p.nodes, p.nodes.length - 1), 1);
  return (id) => {
    const v = known.get(id) ?? base.get(id);
    if (v === undefined) throw new Error(`exercise: ${id} is needed before it is computed`);
    return v;
  };
}
