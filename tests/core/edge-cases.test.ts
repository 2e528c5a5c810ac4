/**
 * Derivatives at the edge cases, as PyTorch and HIPS autograd define them (their own gradient
 * tests expect these numbers), on both graph kinds and at every order.
 */
import { Value, grad, tensor } from '@chalkgrad/core';

/** d/dx, d²/dx², d³/dx³ of f at x0 by grad of grad of grad. */
function derivatives(f: (x: Value) => Value, x0: number): number[] {
  const x = new Value(x0, 'x');
  const out: number[] = [];
  let y = f(x);
  for (let order = 1; order <= 3; order++) {
    [y] = grad(y, [x], { createGraph: true });
    out.push(y.data);
  }
  return out;
}

describe('powers at 0', () => {
  test('x⁰ has derivative 0 at x = 0 (not NaN), numeric and differentiable', () => {
    const x = new Value(0, 'x');
    const y = x.pow(0);
    y.backward();
    expect(x.grad).toBe(0);
    expect(derivatives((v) => v.pow(0), 0)).toEqual([0, 0, 0]);
  });

  test('the higher derivatives of x¹ and x² at 0 are 1, 0, 0 and 0, 2, 0', () => {
    expect(derivatives((v) => v.pow(1), 0)).toEqual([1, 0, 0]);
    expect(derivatives((v) => v.pow(2), 0)).toEqual([0, 2, 0]);
    // the NaN used to spread through a whole graph: 3·x² + x⁰ at 0
    expect(derivatives((v) => v.pow(2).mul(3).add(v.pow(0)), 0)).toEqual([0, 6, 0]);
  });

  test('d/db 0ᵇ = 0 for b > 0 and d/da a⁰ = 0, with a Value exponent too', () => {
    for (const b0 of [0.5, 2, 3]) {
      const a = new Value(0, 'a');
      const b = new Value(b0, 'b');
      const y = a.pow(b);
      const [ga, gb] = grad(y, [a, b]);
      expect(gb.data).toBe(0);
      expect(ga.data).toBe(b0 === 0.5 ? Infinity : b0 === 2 ? 0 : 0); // 0.5·0^(−0.5) is +∞, as in PyTorch
      const [, gbGraph] = grad(y, [a, b], { createGraph: true });
      expect(gbGraph.data).toBe(0);
    }
    const a = new Value(0, 'a');
    const b = new Value(0, 'b');
    const [ga] = grad(a.pow(b), [a], { createGraph: true });
    expect(ga.data).toBe(0);
    const [gaa] = grad(ga, [a]);
    expect(gaa.data).toBe(0);
  });

  test('the same on Tensors, elementwise', () => {
    const x = tensor([0, 1, 2], { requiresGrad: true });
    x.pow(0).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0, 0]);
    const a = tensor([0, 0, 2], { requiresGrad: true });
    const b = tensor([2, 0.5, 3], { requiresGrad: true });
    a.pow(b).sum().backward();
    expect(Array.from(b.grad!.data)).toEqual([0, 0, 8 * Math.log(2)]);
    const [ga, gb] = grad(a.pow(b).sum(), [a, b], { createGraph: true });
    expect(Array.from(gb.data)).toEqual([0, 0, 8 * Math.log(2)]);
    expect(Array.from(ga.data)).toEqual([0, Infinity, 12]);
    const [gab] = grad(gb.sum(), [a]); // no NaN from the unused branch of the special case
    expect(gab.data[0]).toBe(0);
  });
});

test('clamp passes the gradient at its bounds (PyTorch, TF.js)', () => {
  const x = tensor([-1, -0.5, 0, 1, 1.5], { requiresGrad: true });
  x.clamp(-1, 1).sum().backward();
  expect(Array.from(x.grad!.data)).toEqual([1, 1, 1, 1, 0]);
});

test('ties split the gradient evenly, so the total derivative stays right', () => {
  const x = new Value(2, 'x');
  const [g] = grad(x.maximum(x), [x]);
  expect(g.data).toBe(1); // ½ + ½: max(x, x) = x
  const t = tensor([3, 1, 3], { requiresGrad: true });
  t.max().backward();
  expect(Array.from(t.grad!.data)).toEqual([0.5, 0, 0.5]);
});
