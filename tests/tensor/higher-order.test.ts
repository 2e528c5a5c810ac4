/**
 * Higher derivatives of Tensor graphs: grad with createGraph returns tensors of a graph, so grad of
 * grad, Hessian-vector products and third derivatives work, on the same function as for Values.
 */
import { Tensor, grad, randn, tensor } from '@chalkgrad/core';

const tanh1 = (x: number) => 1 - Math.tanh(x) ** 2;
const tanh2 = (x: number) => -2 * Math.tanh(x) * tanh1(x);
const tanh3 = (x: number) => -2 * tanh1(x) ** 2 + 4 * Math.tanh(x) ** 2 * tanh1(x);

describe('grad(output, inputs, { createGraph }) on Tensors', () => {
  test('first, second and third derivatives of sum(tanh x) in closed form', () => {
    const x = tensor([0.5, -1, 2], { requiresGrad: true, label: 'x' });
    const [g1] = grad(x.tanh().sum(), [x], { createGraph: true });
    const [g2] = grad(g1.sum(), [x], { createGraph: true });
    const [g3] = grad(g2.sum(), [x]);
    x.data.forEach((v, i) => {
      expect(g1.data[i]).toBeCloseTo(tanh1(v), 12);
      expect(g2.data[i]).toBeCloseTo(tanh2(v), 12);
      expect(g3.data[i]).toBeCloseTo(tanh3(v), 12);
    });
    expect(g1.requiresGrad).toBe(true);
    expect(g3.requiresGrad).toBe(false);
  });

  test('a Hessian-vector product of x·H·x is (H + Hᵀ)·v, without forming the Hessian', () => {
    const H = randn([4, 4], { seed: 11 });
    const x = randn([4], { seed: 12, requiresGrad: true });
    const v = randn([4], { seed: 13 });
    const [g] = grad(x.matmul(H.matmul(x)), [x], { createGraph: true });
    const [hv] = grad(g.mul(v).sum(), [x]);
    const expected = H.add(H.T).matmul(v);
    hv.data.forEach((y, i) => expect(y).toBeCloseTo(expected.data[i], 12));
  });

  test('backward({ createGraph }) leaves a differentiable x.grad, as PyTorch', () => {
    const x = tensor([1.5, -0.5], { requiresGrad: true });
    x.pow(3).sum().backward(undefined, { createGraph: true });
    expect(Array.from(x.grad!.data)).toEqual([3 * 1.5 ** 2, 3 * 0.25]);
    const [second] = grad(x.grad!.sum(), [x]);
    expect(Array.from(second.data)).toEqual([6 * 1.5, 6 * -0.5]);
  });

  test('broadcasting, matmul batches and reductions stay differentiable', () => {
    const W = randn([2, 3, 4], { seed: 1, requiresGrad: true });
    const b = randn([4], { seed: 2, requiresGrad: true });
    const a = randn([4, 2], { seed: 3 });
    const f = (W: Tensor, b: Tensor) => W.add(b).tanh().matmul(a).logsumexp(-1).sum();
    const [gW, gb] = grad(f(W, b), [W, b], { createGraph: true });
    expect(gW.shape).toEqual([2, 3, 4]);
    expect(gb.shape).toEqual([4]);
    // d/db of Σ gb = Σ_j ∂²f/∂b∂b_j, checked against a finite difference of the first gradient
    const [hb] = grad(gb.sum(), [b]);
    const eps = 1e-6;
    const shifted = (d: number) => {
      const bs = new Tensor(b.data.slice(), b.shape, { requiresGrad: true });
      bs.data[1] += d;
      return Array.from(grad(f(W.detach(), bs), [bs])[0].data).reduce((s, x) => s + x, 0);
    };
    expect(hb.data[1]).toBeCloseTo((shifted(eps) - shifted(-eps)) / (2 * eps), 6);
  });

  test('errors a student understands', () => {
    const x = tensor([1, 2], { label: 'x' });
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => grad(w.mul(x).sum(), [x])).toThrow('grad: input 0 (x [2]) does not require a gradient; create it with { requiresGrad: true }');
    expect(() => grad(w.mul(2), [w])).toThrow(/the output has shape \[2\]; pass \{ gradOutput \}/);
    expect(() => grad(w.sum(), [w], { gradOutput: tensor([1, 1]) })).toThrow('grad: gradOutput has shape [2] but the output has shape []');
  });

  test('an output that does not depend on the input has gradient 0 (also past the last nonzero order)', () => {
    const x = tensor([2, 3], { requiresGrad: true });
    const [g] = grad(x.mul(5).sum(), [x], { createGraph: true });
    const [h] = grad(g.sum(), [x]);
    expect(Array.from(h.data)).toEqual([0, 0]);
  });
});
