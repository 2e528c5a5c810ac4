/**
 * The graph tab's diagram at a step, as viz's DOT: every node with its value and the derivative
 * known so far (its gradient going back, its tangent ∂node/∂x going forward), every edge with its
 * local derivative and rule; edges already done carry their product, the current edge is drawn in
 * red, the edges still to come are faded.
 */
import { type Value, describeValue, fmt, isConstant } from '@chalkgrad/core';
import { HIGHLIGHT, toDot } from '@chalkgrad/viz';
import { type EdgeStep, type Mode, known } from './steps';

const DONE = '#2563eb';

export function stepDot(mode: Mode, leaves: readonly Value[], steps: readonly EdgeStep[], done: number, digits = 4): string {
  const f = (x: number) => fmt(x, digits);
  const now = known(mode, leaves, steps, done);
  const current = done > 0 ? steps[done - 1] : null;
  const stepOf = new Map(steps.map((s) => [`v${s.node.id}:${s.slot}`, s]));
  const what = mode.kind === 'reverse' ? 'grad' : `∂/∂${describeValue(mode.wrt)}`;
  const start = mode.kind === 'reverse' ? 'forward pass done' : `forward mode along ${describeValue(mode.wrt)}`;
  return toDot(mode.output, {
    digits,
    title: current ? `step ${done} of ${steps.length}: ${describeValue(current.input)} → ${describeValue(current.node)}` : `${start} (${steps.length} edges to go along)`,
    decorate: {
      node: (n) => {
        const v = n.source as Value;
        const constant = isConstant(v);
        const d = now.get(v);
        return { lines: constant ? [] : [`data ${f(v.data)}`, `${what} ${d === undefined ? '?' : f(d)}`], highlight: current?.target === v };
      },
      edge: (e) => {
        const constant = e.local === null; // an edge from a constant shows no derivative
        const rule = constant ? [] : [`∂ ${f(e.local!)}`, ...(e.formula ? [e.formula] : [])];
        const s = stepOf.get(`${e.to}:${e.slot}`);
        if (!s || s.index > done) return { label: rule, faded: true };
        const product = constant ? [] : [mode.kind === 'reverse' ? `${f(s.carried)} × ${f(s.local)} = ${f(s.contribution)}` : `${f(s.local)} × ${f(s.carried)} = ${f(s.contribution)}`];
        return s.index === done ? { label: [...rule, ...product], bold: true, color: HIGHLIGHT } : { label: [...rule, ...product], color: DONE };
      },
    },
  });
}
