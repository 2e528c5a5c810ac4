/**
 * The graph tab's diagram at a step of the backward pass, as viz's DOT: every node with its value
 * and the gradient known so far, every edge with its local derivative and rule; edges already
 * done carry their product (upstream gradient × local derivative), the current edge is drawn in
 * red, the edges still to come are faded.
 */
import { type Value, describeValue, fmt } from '@chalkgrad/core';
import { HIGHLIGHT, toDot } from '@chalkgrad/viz';
import { type EdgeStep, gradsKnown } from './steps';

const DONE = '#2563eb';

export function stepDot(root: Value, steps: readonly EdgeStep[], done: number, digits = 4): string {
  const f = (x: number) => fmt(x, digits);
  const known = gradsKnown(root, steps, done);
  const current = done > 0 ? steps[done - 1] : null;
  const stepOf = new Map(steps.map((s) => [`v${s.node.id}:${s.slot}`, s]));
  return toDot(root, {
    digits,
    title: current ? `step ${done} of ${steps.length}: ${describeValue(current.input)} → ${describeValue(current.node)}` : `forward pass (${steps.length} edges to go back along)`,
    decorate: {
      node: (n) => {
        const v = n.source as Value;
        const constant = v.numInputs === 0 && v.label === '';
        const g = known.get(v);
        return { lines: constant ? [] : [`data ${f(v.data)}`, `grad ${g === undefined ? '?' : f(g)}`], highlight: current?.node === v };
      },
      edge: (e) => {
        const rule = [`∂ ${f(e.local!)}`, ...(e.formula ? [e.formula] : [])];
        const s = stepOf.get(`${e.to}:${e.slot}`);
        if (!s) return { label: rule, faded: true };
        if (s.index > done) return { label: rule, faded: true };
        const product = `${f(s.nodeGrad)} × ${f(s.local)} = ${f(s.contribution)}`;
        return s.index === done ? { label: [...rule, product], bold: true, color: HIGHLIGHT } : { label: [...rule, product], color: DONE };
      },
    },
  });
}
