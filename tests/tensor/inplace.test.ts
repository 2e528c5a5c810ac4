/**
 * A tensor changed in place after the forward pass (x.data[0] = 5). A leaf: backward uses the
 * values the forward pass used, as a Value graph does; grad with createGraph, which differentiates
 * through the leaf itself, names the change instead of computing with it. An intermediate tensor
 * that a VJP reads: backward names it, the op that read it and what to do. A Value graph's
 * backward uses the derivatives recorded at the forward pass; createGraph names a changed value.
 */
import { Tensor, Value, grad, tensor, trace, useKernels } from '@chalkgrad/core';

const WHAT_TO_DO = /change a copy instead \(new Tensor\(t\.data\.slice\(\), t\.shape\)\), or run the forward pass again after changing it/;

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
  expect(() => grad(y, [x], { createGraph: true })).toThrow(/x \[3\] was changed in place after the forward pass of mul#\d+ \(x⊙x\) used it \(element 1: 2 → 7\); grad with createGraph needs it as it was/);
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

test('an intermediate tensor a VJP reads, changed after the forward pass: backward names it, the op and what to do', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    const x = tensor([1, 2, 3], { requiresGrad: true, label: 'x', dtype });
    const h = x.mul(2).named('h');
    const y = h.mul(h).sum();
    h.data[0] = 100;
    expect(() => y.backward()).toThrow(/^h \[3\] was changed in place after the forward pass of mul#\d+ \(h⊙h\) used it; the gradient of mul needs the numbers it had/);
    expect(() => y.backward()).toThrow(WHAT_TO_DO);
    expect(() => grad(y, [x])).toThrow(/h \[3\] was changed in place/);
    expect(() => grad(y, [x], { createGraph: true })).toThrow(/h \[3\] was changed in place/);
    expect(() => trace(y, { mode: 'forward', wrt: x })).toThrow(/h \[3\] was changed in place/);
    expect(x.grad).toBeNull();
    h.data[0] = 2; // as it was: nothing to report, and the right gradient 8x
    y.backward();
    expect(Array.from(x.grad!.data)).toEqual([8, 16, 24]);
  }
});

test("an op's own result that its VJP reads (tanh's 1 − y²), changed after the forward pass, is named", () => {
  const x = tensor([0.1, 0.2], { requiresGrad: true });
  const u = x.tanh().named('u');
  const y = u.sum();
  u.data[1] = 5;
  expect(() => y.backward()).toThrow(/^u \[2\] was changed in place after tanh#\d+ computed it; the gradient of tanh needs the numbers it had/);
});

test('a change no VJP reads is no error: a sum reads nothing, and a change before the reading op was recorded is what that op saw', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const s = x.mul(2);
  const y = s.sum();
  s.data[0] = 100; // the sum's gradient is 1 whatever s holds; mul's VJP reads its factor 2, not s
  y.backward();
  expect(Array.from(x.grad!.data)).toEqual([2, 2, 2]);
  const h = x.mul(2);
  h.data[0] = 100; // before h·h was recorded: the product saw 100, and its gradient uses it (as PyTorch does)
  const z = h.mul(h).sum();
  expect(Array.from(grad(z, [x])[0].data)).toEqual([400, 16, 24]);
});

test('a Value changed after the forward pass: backward uses the recorded derivatives; createGraph names the change', () => {
  const x = new Value(3, 'x');
  const h = x.mul(2).named('h');
  const y = h.mul(h);
  h.data = 100;
  expect(grad(y, [x])[0].data).toBe(24);
  expect(() => grad(y, [x], { createGraph: true })).toThrow(/^grad with createGraph: h·h = 36 does not follow from its inputs' values now \(h = 100, h = 100\): a Value's data was changed after the forward pass of mul\. createGraph builds the derivative from the current values: run the forward pass again/);
  h.data = 6;
  expect(grad(y, [x], { createGraph: true })[0].data).toBe(24);
  const leaf = new Value(3, 'x');
  const t = leaf.mul(leaf).tanh();
  leaf.data = 5;
  expect(() => grad(t, [leaf], { createGraph: true })).toThrow(/x·x = 9 does not follow from its inputs' values now \(x = 5, x = 5\)/);
  // an edge whose derivative reads no numbers (a sum's 1) needs none to be as they were
  const s = leaf.add(1).named('s');
  s.data = 0;
  expect(grad(s, [leaf], { createGraph: true })[0].data).toBe(1);
});

test('a change anywhere in a leaf is seen, whatever its length and dtype (the comparison goes four words at a time)', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const n of [1, 2, 7, 8, 9, 16, 33]) {
      for (const at of new Set([0, Math.floor(n / 2), n - 1])) {
        const start = Array.from({ length: n }, (_, i) => i + 1);
        const x = tensor(start, { dtype, requiresGrad: true });
        const before = x.mul(x).sum();
        x.data[at] = -7;
        const after = x.mul(x).sum();
        const changed = start.map((v, i) => (i === at ? -7 : v));
        expect(Array.from(grad(before, [x])[0].data)).toEqual(start.map((v) => 2 * v));
        expect(Array.from(grad(after, [x])[0].data)).toEqual(changed.map((v) => 2 * v));
      }
    }
  }
});

test('the check gives the same sums on both kernel sets (WebAssembly past 256 words): recorded with one, checked with the other', () => {
  const sets = ['fast', 'js'] as const;
  try {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const n of [3, 100, 257, 1001, 4099]) {
        for (const [record, check] of [sets, [...sets].reverse()]) {
          for (const at of [-1, 0, n - 1]) {
            useKernels(record);
            const x = tensor(Array.from({ length: n }, (_, i) => (i % 7) - 3), { dtype, requiresGrad: true });
            const h = x.mul(2).named('h');
            const y = h.mul(h).sum();
            if (at >= 0) h.data[at] += 1;
            useKernels(check);
            if (at >= 0) expect(() => y.backward()).toThrow(/^h \[\d+\] was changed in place/);
            else {
              y.backward();
              expect(Array.from(x.grad!.data)).toEqual(Array.from(x.data, (v) => 8 * v));
            }
          }
        }
      }
    }
  } finally {
    useKernels(process.env.CHALKGRAD_KERNELS === 'js' ? 'js' : 'fast');
  }
});
