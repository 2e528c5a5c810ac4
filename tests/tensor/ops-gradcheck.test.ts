/**
 * Generated from the tensor op table (which includes every elementwise op of the scalar table):
 * each case is gradchecked with the full Jacobian and with the fast random-direction mode, its
 * differentiable VJP is checked against the numeric one, its second derivatives (H·v) against
 * finite differences of the gradient, and its forward-mode tangent (jvp) against a finite
 * difference along the same direction.
 */
import { TENSOR_OPS, Tensor, applyOp, grad, gradcheck, jvp } from '@chalkgrad/core';
import { opTableCases } from '../helpers/opCases';

describe.each(opTableCases())('tensor op table: $title', ({ op, c, inputs }) => {
  const f = (...xs: Tensor[]) => applyOp(op.name, xs, c.params);

  test('full Jacobian matches finite differences', () => {
    const report = gradcheck(f, inputs);
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.filter((r) => !r.ok)).toEqual([]);
  });

  test('fast mode (vᵀJu) matches', () => {
    const report = gradcheck(f, inputs, { mode: 'fast', seed: 5 });
    expect(report.rows.length).toBe(inputs.length);
    expect(report.rows.filter((r) => !r.ok)).toEqual([]);
  });

  test('the differentiable VJP (createGraph) gives the numeric VJP', () => {
    const xs = inputs.map((x) => new Tensor(x.data.slice(), x.shape, { requiresGrad: true }));
    const out = f(...xs);
    const w = new Tensor(Float64Array.from(out.data, (_, i) => Math.cos(i + 1)), out.shape);
    const numeric = grad(out, xs, { gradOutput: w });
    const graph = grad(out, xs, { gradOutput: w, createGraph: true });
    graph.forEach((g, k) => {
      expect(g.shape).toEqual(xs[k].shape);
      g.data.forEach((x, j) => expect(x).toBeCloseTo(numeric[k].data[j], 12));
    });
  });

  test('second order: H·v from grad of grad matches finite differences of the gradient', () => {
    const report = gradcheck(f, inputs, { order: 2, seed: 3, atol: 1e-4 });
    expect(report.rows.length).toBe(inputs.reduce((n, x) => n + x.size, 0));
    expect(report.rows.filter((r) => !r.ok)).toEqual([]);
  });

  test('forward mode: jvp matches a central difference along the tangent', () => {
    const tangents = inputs.map((x) => new Tensor(Float64Array.from(x.data, (_, j) => Math.sin(3 * j + 1)), x.shape));
    const { output, tangent } = jvp(f, inputs, tangents);
    const eps = 1e-6;
    const shifted = (d: number) => f(...inputs.map((x, k) => new Tensor(x.data.map((v, j) => v + d * tangents[k].data[j]), x.shape))).data;
    const plus = shifted(eps);
    const minus = shifted(-eps);
    expect(tangent.shape).toEqual(output.shape);
    tangent.data.forEach((t, j) => expect(Math.abs(t - (plus[j] - minus[j]) / (2 * eps))).toBeLessThan(1e-5 + 1e-4 * Math.abs(t)));
  });

  test('each VJP, numeric and differentiable, reads only the inputs and result the entry says it reads (the others are neither copied nor checked)', () => {
    const xs = inputs.map((x) => new Tensor(x.data.slice(), x.shape, { requiresGrad: true }));
    const out = f(...xs);
    const g = Float64Array.from(out.data, (_, i) => Math.cos(i + 1));
    const nan = (t: Tensor) => new Tensor(new Float64Array(t.size).fill(NaN), t.shape);
    xs.forEach((_, i) => {
      const reads = op.reads ? op.reads(i) : [...xs.keys(), 'out'];
      const blind = xs.map((x, k) => (reads.includes(k) ? x : nan(x)));
      const blindOut = reads.includes('out') ? out : Object.assign(nan(out), { saved: out.saved });
      expect(Array.from(op.vjp(i, g, blindOut, blind, c.params))).toEqual(Array.from(op.vjp(i, g, out, xs, c.params)));
      const G = new Tensor(g, out.shape);
      expect(Array.from(op.vjpGraph(i, G, blindOut, blind, c.params).data)).toEqual(Array.from(op.vjpGraph(i, G, out, xs, c.params).data));
    });
  });

  test('has a VJP formula per input', () => {
    expect(op.formula.length).toBeGreaterThan(0);
    for (const f of op.formula) expect(f).toMatch(/^∂L\/∂/);
  });
});

test('gradcheck on tensors catches a wrong VJP', () => {
  const wrong = { ...TENSOR_OPS.exp, name: 'expWrong', vjp: (_i: number, g: Float64Array | Float32Array) => g.slice() };
  (TENSOR_OPS as Record<string, unknown>).expWrong = wrong;
  try {
    const x = new Tensor(Float64Array.from([0.5, -1, 2]), [3]);
    const full = gradcheck((a) => applyOp('expWrong', [a], 0), [x]);
    expect(full.ok).toBe(false);
    expect(full.rows.filter((r) => !r.ok).length).toBe(3);
    const fast = gradcheck((a) => applyOp('expWrong', [a], 0), [x], { mode: 'fast' });
    expect(fast.ok).toBe(false);

  } finally {
    delete (TENSOR_OPS as Record<string, unknown>).expWrong;
  }
});

test('second-order gradcheck catches a wrong differentiable VJP', () => {
  // right numbers on the fast path, wrong expression for createGraph: exp′ written as the identity
  const wrong = { ...TENSOR_OPS.exp, name: 'expWrongGraph', vjpGraph: (_i: number, g: Tensor, _out: Tensor, [a]: readonly Tensor[]) => g.mul(a) };
  (TENSOR_OPS as Record<string, unknown>).expWrongGraph = wrong;
  try {
    const x = new Tensor(Float64Array.from([0.5, -1, 2]), [3]);
    expect(gradcheck((a) => applyOp('expWrongGraph', [a], 0), [x]).ok).toBe(true);
    const second = gradcheck((a) => applyOp('expWrongGraph', [a], 0).sum(), [x], { order: 2 });
    expect(second.ok).toBe(false);
    expect(second.toString()).toContain('H·v from grad of grad differs from the finite difference of the gradient');
  } finally {
    delete (TENSOR_OPS as Record<string, unknown>).expWrongGraph;
  }
});
