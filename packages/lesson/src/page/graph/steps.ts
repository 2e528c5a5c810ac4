/**
 * The backward pass one edge at a time, for stepping through it: core's `trace` gives the chain-rule
 * steps node by node; here each edge is a step of its own, with its product written out with the
 * numbers plugged in, and, where a node fans out, the sum over its uses as it accumulates (the step
 * students get wrong). Edges into constants (the 3 of 3·x₁) are left out: nothing learns from them.
 */
import { type BackwardTrace, type Value, describeValue, fmt } from '@chalkgrad/core';

export interface EdgeStep {
  /** 1, 2, …: the step that adds this edge's contribution. */
  index: number;
  /** The node whose gradient flows back, and its gradient (complete when the step runs). */
  node: Value;
  nodeGrad: number;
  input: Value;
  slot: number;
  /** d(node)/d(input) at the forward pass's values, and its rule from the op table. */
  local: number;
  formula: string;
  contribution: number;
  /** The input's gradient after this step. */
  gradAfter: number;
  /** This is use `use` of `uses` of the input (its edges to the nodes that read it). */
  use: number;
  uses: number;
  /** The contributions to the input so far, this one last. */
  terms: number[];
}

const isConstant = (v: Value) => v.numInputs === 0 && v.label === '';

export function edgeSteps(t: BackwardTrace): EdgeStep[] {
  const kept = t.steps.flatMap((s) => s.edges.filter((e) => !isConstant(e.input)).map((e) => ({ s, e })));
  const uses = new Map<Value, number>();
  for (const { e } of kept) uses.set(e.input, (uses.get(e.input) ?? 0) + 1);
  const terms = new Map<Value, number[]>();
  return kept.map(({ s, e }, k) => {
    const so = [...(terms.get(e.input) ?? []), e.contribution];
    terms.set(e.input, so);
    return {
      index: k + 1, node: s.node, nodeGrad: s.grad, input: e.input, slot: e.slot, local: e.local, formula: e.formula,
      contribution: e.contribution, gradAfter: e.gradAfter, use: so.length, uses: uses.get(e.input)!, terms: so,
    };
  });
}

/** Each node's gradient as known after `done` steps (the output's, 1, from the start). */
export function gradsKnown(output: Value, steps: readonly EdgeStep[], done: number): Map<Value, number> {
  const known = new Map<Value, number>([[output, 1]]);
  for (const s of steps.slice(0, done)) known.set(s.input, s.gradAfter);
  return known;
}

const name = (v: Value) => describeValue(v);

/** `∂y/∂x1 += ∂y/∂a1 · ∂a1/∂x1 = 0.002466 × 3 = 0.007398`. */
export function productText(s: EdgeStep, output: Value, digits = 4): string {
  const L = name(output);
  const f = (x: number) => fmt(x, digits);
  const upstream = s.node === output ? `∂${L}/∂${L}` : `∂${L}/∂${name(s.node)}`;
  return `∂${L}/∂${name(s.input)} += ${upstream} · ∂${name(s.node)}/∂${name(s.input)} = ${f(s.nodeGrad)} × ${f(s.local)} = ${f(s.contribution)}`;
}

/** For an input with several uses: `∂y/∂x = 0.5 + 0.25 = 0.75 (use 2 of 3; one more to add)`, else null. */
export function fanOutText(s: EdgeStep, output: Value, digits = 4): string | null {
  if (s.uses < 2) return null;
  const f = (x: number) => fmt(x, digits);
  const sum = s.terms.map((t, i) => (i > 0 && t < 0 ? `(${f(t)})` : f(t))).join(' + ');
  const left = s.uses - s.use;
  const state = left === 0 ? `all ${s.uses} uses summed: complete` : `use ${s.use} of ${s.uses}; ${left} more to add`;
  return `∂${name(output)}/∂${name(s.input)} = ${sum} = ${f(s.gradAfter)} (${state})`;
}

/** The step in words, for screen readers. */
export function stepInWords(s: EdgeStep, total: number, output: Value, digits = 4): string {
  const f = (x: number) => fmt(x, digits);
  const words = `Step ${s.index} of ${total}: the edge from ${name(s.input)} to ${name(s.node)}. The gradient of ${name(output)} with respect to ${name(s.node)}, ${f(s.nodeGrad)}, times the local derivative ${s.formula ? `${s.formula} = ` : ''}${f(s.local)}, adds ${f(s.contribution)} to the gradient of ${name(s.input)}, which is now ${f(s.gradAfter)}.`;
  return s.uses > 1 ? `${words} ${name(s.input)} is used ${s.uses} times; this is use ${s.use}.` : words;
}
