/**
 * The chain rule one edge at a time, for stepping through it. Core's traces give it node by node:
 * the backward trace (reverse mode: ∂L/∂input += ∂L/∂node · ∂node/∂input, from the output down) and
 * the forward trace (forward mode: ∂node/∂x += ∂node/∂input · ∂input/∂x, from the input x up).
 * Here each edge is a step of its own, with its product written out with the numbers plugged in,
 * and where several edges add into one derivative (a node used twice going back, a node with two
 * inputs going forward) the sum as it accumulates: the step students get wrong. Edges from
 * constants (the 3 of 3·x₁) are left out: no derivative goes to or comes from them.
 */
import { type BackwardTrace, type ForwardTrace, type Value, describeValue, fmt, fmtFactor, isConstant, partial } from '@chalkgrad/core';

export interface EdgeStep {
  /** 1, 2, …: the step that adds this edge's contribution. */
  index: number;
  /** The edge: `node` reads `input` in its input slot `slot`. */
  node: Value;
  input: Value;
  slot: number;
  /** d(node)/d(input) at the forward pass's values, and its rule from the op table. */
  local: number;
  formula: string;
  /** What the local derivative multiplies: ∂L/∂node going back, ∂input/∂x going forward. */
  carried: number;
  contribution: number;
  /** Where the contribution adds: the input (reverse mode) or the node (forward mode), and its value after. */
  target: Value;
  after: number;
  /** This is term `use` of the `uses` that add into the target. */
  use: number;
  uses: number;
  /** The target's terms so far, this one last. */
  terms: number[];
}

export type Mode = { kind: 'reverse'; output: Value } | { kind: 'forward'; output: Value; wrt: Value };

type Raw = Omit<EdgeStep, 'index' | 'after' | 'use' | 'uses' | 'terms'>;

/** Numbers the steps and sums the terms that add into each target. */
function accumulate(raw: Raw[]): EdgeStep[] {
  const uses = new Map<Value, number>();
  for (const r of raw) uses.set(r.target, (uses.get(r.target) ?? 0) + 1);
  const terms = new Map<Value, number[]>();
  return raw.map((r, k) => {
    const so = [...(terms.get(r.target) ?? []), r.contribution];
    terms.set(r.target, so);
    return { ...r, index: k + 1, after: so.reduce((a, b) => a + b, 0), use: so.length, uses: uses.get(r.target)!, terms: so };
  });
}

export function reverseSteps(t: BackwardTrace): EdgeStep[] {
  return accumulate(t.steps.flatMap((s) => s.edges.filter((e) => !isConstant(e.input)).map((e): Raw => (
    { node: s.node, input: e.input, slot: e.slot, local: e.local, formula: e.formula, carried: s.grad, contribution: e.contribution, target: e.input }
  ))));
}

export function forwardSteps(t: ForwardTrace): EdgeStep[] {
  return accumulate(t.steps.flatMap((s) => s.edges.filter((e) => !isConstant(e.input)).map((e): Raw => (
    { node: s.node, input: e.input, slot: e.slot, local: e.local, formula: e.formula, carried: e.inputTangent, contribution: e.contribution, target: s.node }
  ))));
}

/**
 * Each node's derivative as known after `done` steps: ∂L/∂node going back (the output's is 1 from
 * the start), ∂node/∂x going forward (x's is 1 and every other input's 0 from the start).
 */
export function known(mode: Mode, leaves: readonly Value[], steps: readonly EdgeStep[], done: number): Map<Value, number> {
  const out = new Map<Value, number>(mode.kind === 'reverse' ? [[mode.output, 1]] : leaves.map((v) => [v, v === mode.wrt ? 1 : 0]));
  for (const s of steps.slice(0, done)) out.set(s.target, s.after);
  return out;
}

const name = (v: Value) => describeValue(v);

/** How the page writes the derivative it accumulates: ∂L/∂v, or ∂v/∂x in forward mode. */
export function derivative(mode: Mode, v: Value): string {
  return mode.kind === 'reverse' ? `${partial(mode.output)}/${partial(v)}` : `${partial(v)}/${partial(mode.wrt)}`;
}

/** `∂y/∂x1 += ∂y/∂a1 · ∂a1/∂x1 = 0.002466 × 3 = 0.007398`, or forward `∂a1/∂x1 += ∂a1/∂x1 · ∂x1/∂x1 = 3 × 1 = 3`. */
export function productText(s: EdgeStep, mode: Mode, digits = 4): string {
  const f = (x: number) => fmt(x, digits);
  const local = `${partial(s.node)}/${partial(s.input)}`;
  const factors = mode.kind === 'reverse' ? `${derivative(mode, s.node)} · ${local} = ${f(s.carried)} × ${fmtFactor(s.local, digits)}` : `${local} · ${derivative(mode, s.input)} = ${f(s.local)} × ${fmtFactor(s.carried, digits)}`;
  return `${derivative(mode, s.target)} += ${factors} = ${f(s.contribution)}`;
}

/** Where several terms add into one derivative: `∂y/∂x = 0.5 + 0.25 = 0.75 (term 2 of 3; one more to add)`, else null. */
export function sumText(s: EdgeStep, mode: Mode, digits = 4): string | null {
  if (s.uses < 2) return null;
  const f = (x: number) => fmt(x, digits);
  const sum = s.terms.map((t, i) => (i > 0 && t < 0 ? `(${f(t)})` : f(t))).join(' + ');
  const what = mode.kind === 'reverse' ? `uses of ${name(s.target)}` : `inputs of ${name(s.target)}`;
  const left = s.uses - s.use;
  const state = left === 0 ? `all ${s.uses} ${what} summed: complete` : `${s.use} of ${s.uses} ${what}; ${left} more to add`;
  return `${derivative(mode, s.target)} = ${sum} = ${f(s.after)} (${state})`;
}

/** The step in words, for screen readers. */
export function stepInWords(s: EdgeStep, total: number, mode: Mode, digits = 4): string {
  const f = (x: number) => fmt(x, digits);
  const edge = `Step ${s.index} of ${total}: the edge from ${name(s.input)} to ${name(s.node)}.`;
  const rule = `the local derivative ${s.formula ? `${s.formula} = ` : ''}${f(s.local)}`;
  const words = mode.kind === 'reverse'
    ? `${edge} The gradient of ${name(mode.output)} with respect to ${name(s.node)}, ${f(s.carried)}, times ${rule}, adds ${f(s.contribution)} to the gradient of ${name(s.input)}, which is now ${f(s.after)}.`
    : `${edge} ${rule} times the derivative of ${name(s.input)} with respect to ${name(mode.wrt)}, ${f(s.carried)}, adds ${f(s.contribution)} to the derivative of ${name(s.node)} with respect to ${name(mode.wrt)}, which is now ${f(s.after)}.`;
  return s.uses > 1 ? `${words} This is term ${s.use} of ${s.uses}.` : words;
}
