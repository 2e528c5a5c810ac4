/**
 * Generated from the op table: every scalar op is gradchecked at seeded random points of its
 * domain, first and second derivatives, so a new op cannot skip its check.
 */
import { SCALAR_OPS, ScalarOp, Value, Rng, gradcheck, grad, jvp, Interval } from '@chalkgrad/core';

const rng = new Rng(2024);
const sample = (domain: readonly Interval[]) => {
  const [lo, hi] = domain[rng.int(domain.length)];
  return rng.uniform(lo, hi);
};

/** Builds the op on Values: n-ary ops get three inputs. */
function builder(op: ScalarOp, k: number): { n: number; f: (...xs: Value[]) => Value } {
  if (op.arity === 'n') return { n: 3, f: (...xs) => Value.sum(xs) };
  if (op.arity === 2) return { n: 2, f: (a, b) => Value.apply(op.name, a, b) };
  return { n: 1, f: (a) => Value.apply(op.name, a, k) };
}

const cases = Object.values(SCALAR_OPS as Record<string, ScalarOp>).flatMap((op) =>
  (op.params ?? [0]).map((k) => ({ op, k, title: op.params ? `${op.name} (k = ${k})` : op.name })),
);

describe.each(cases)('op table: $title', ({ op, k }) => {
  const { n, f } = builder(op, k);
  const points = Array.from({ length: 5 }, () => ({
    at: Array.from({ length: n }, (_, i) => sample(op.domain[Math.min(i, op.domain.length - 1)])),
  }));

  test('has a method on Value, a formula and TeX per input', () => {
    if (op.arity !== 'n') expect(typeof (Value.prototype as unknown as Record<string, unknown>)[op.name === 'powc' ? 'pow' : op.name]).toBe('function');
    expect(op.formula.length).toBe(op.d.length);
    expect(op.tex.length).toBe(op.d.length);
    expect(op.dGraph.length).toBe(op.d.length);
    for (const text of op.formula) expect(text).toMatch(/^∂/);
  });

  test.each(points)('first derivatives match finite differences at $at', ({ at }) => {
    const report = gradcheck(f, at);
    expect(report.rows.map((r) => r.ok)).toEqual(at.map(() => true));
  });

  test.each(points)('second derivatives (createGraph) match finite differences at $at', ({ at }) => {
    for (let i = 0; i < n; i++) {
      const dfi = (...xs: Value[]) => grad(f(...xs), [xs[i]], { createGraph: true })[0];
      const report = gradcheck(dfi, at, { atol: 1e-4, rtol: 1e-3 });
      expect(report.rows.map((r) => [r.index, r.ok])).toEqual(at.map((_, j) => [j, true]));
    }
  });

  test.each(points)('forward mode: jvp along a random direction matches a central difference at $at', ({ at }) => {
    const t = at.map((_, i) => Math.cos(i + at[0]));
    const eps = 1e-6;
    const shifted = (d: number) => f(...at.map((x, i) => new Value(x + d * t[i]))).data;
    const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
    const { tangent } = jvp(f, at, t);
    expect(Math.abs(tangent - numeric)).toBeLessThan(1e-5 + 1e-4 * Math.abs(numeric));
  });

  test.each(points)('gradcheck order 2 (H·v) passes at $at', ({ at }) => {
    const report = gradcheck(f, at, { order: 2, seed: 1, atol: 1e-4 });
    expect(report.rows.map((r) => r.ok)).toEqual(at.map(() => true));
  });
});
