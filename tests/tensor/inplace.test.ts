/**
 * A leaf changed in place after the forward pass (x.data[0] = 5): backward uses the values the
 * forward pass used, as a Value graph does; grad with createGraph, which differentiates through
 * the leaf itself, names the change instead of computing with it.
 */
import { Tensor, Value, grad, tensor } from '@chalkgrad/core';

test('y = x·x summed; x.data[0] = 5; backward gives 2x of the forward pass', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true, label: 'x' });
  const y = x.mul(x).sum();
  x.data[0] = 5;
  y.backward();
  expect(Array.from(x.grad!.data)).toEqual([2, 4, 6]);
  // the same on a Value graph, which records its local derivatives at the forward pass
  const v = new Value(1, 'v');
  const w = v.mul(v);
  v.data = 5;
  w.backward();
  expect(v.grad).toBe(2);
});

test('a data batch overwritten before backward (a reused buffer) does not change the weight gradient', () => {
  const X = tensor([[1, 2], [3, 4]]);
  const W = tensor([[0.5], [-1]], { requiresGrad: true });
  const loss = X.matmul(W).sum();
  X.data.fill(0);
  loss.backward();
  expect(Array.from(W.grad!.data)).toEqual([4, 6]);
});

test('grad with createGraph names a leaf changed since the forward pass', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true, label: 'x' });
  const y = x.mul(x).sum();
  x.data[1] = 7;
  expect(() => grad(y, [x], { createGraph: true })).toThrow(/x \[3\] was changed in place after the forward pass of mul#\d+ used it \(element 1: 2 → 7\); grad with createGraph needs it as it was/);
  x.data[1] = 2;
  expect(Array.from(grad(y, [x], { createGraph: true })[0].data)).toEqual([2, 4, 6]);
});

test('a leaf used unchanged by several forward passes and then changed: each backward uses its own forward values', () => {
  for (const data of [Float32Array.from([1, 2, 3]), Float32Array.from([0, 1, 2, 3]).subarray(1)]) {
    // the second is a view at an odd offset: compared element by element
    const x = new Tensor(data, [3], { requiresGrad: true });
    const y1 = x.mul(x).sum();
    const y2 = x.mul(x).sum(); // unchanged since y1: one copy serves both
    x.data[2] = 10;
    const y3 = x.mul(x).sum(); // changed: a copy of its own
    x.data[0] = -4;
    expect(Array.from(grad(y1, [x])[0].data)).toEqual([2, 4, 6]);
    expect(Array.from(grad(y2, [x])[0].data)).toEqual([2, 4, 6]);
    expect(Array.from(grad(y3, [x])[0].data)).toEqual([2, 4, 20]);
  }
});
