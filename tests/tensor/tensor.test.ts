import { Tensor, Value, tensor, zeros, ones, full, arange, linspace, eye, rand, randn, where, concat, stack, trace, noGrad } from '@chalkgrad/core';

const arr = (t: Tensor) => t.toArray();

describe('creating tensors', () => {
  test('nested, flat with shape, typed arrays, numbers', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe('float64');
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arr(tensor([1, 2, 3, 4], { shape: [2, 2] }))).toEqual([[1, 2], [3, 4]]);
    const f = tensor(new Float32Array([1, 2]));
    expect(f.dtype).toBe('float32');
    expect(tensor(3).toArray()).toBe(3);
    expect(tensor(3).item()).toBe(3);
    expect(tensor([1, 2], { dtype: 'float32' }).data).toBeInstanceOf(Float32Array);
  });

  test('ragged arrays and wrong sizes are explained', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array: \[1\] has 1 elements where 2 were expected/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3 numbers do not fill shape \[2,2\]/);
  });

  test('zeros ones full arange linspace eye', () => {
    expect(arr(zeros([2]))).toEqual([0, 0]);
    expect(arr(ones([1, 2]))).toEqual([[1, 1]]);
    expect(arr(full([2], 7))).toEqual([7, 7]);
    expect(arr(arange(4))).toEqual([0, 1, 2, 3]);
    expect(arr(arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arr(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(arr(eye(2, 3))).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  test('rand and randn are seeded', () => {
    expect(Array.from(rand([5], { seed: 3 }).data)).toEqual(Array.from(rand([5], { seed: 3 }).data));
    expect(Array.from(rand([5], { seed: 3 }).data)).not.toEqual(Array.from(rand([5], { seed: 4 }).data));
    const r = randn([4000], { seed: 1, mean: 1, std: 2 });
    expect(r.mean().item()).toBeCloseTo(1, 0);
    expect(Math.sqrt(r.var().item())).toBeCloseTo(2, 0);
    const u = rand([1000], { seed: 2, low: -1, high: 1 });
    expect(u.min().item()).toBeGreaterThanOrEqual(-1);
    expect(u.max().item()).toBeLessThan(1);
  });
});

describe('elementwise with broadcasting', () => {
  test('values and the dtype rule', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(arr(a.add(tensor([10, 20, 30])))).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(arr(a.mul(tensor([[2], [3]])))).toEqual([[2, 4, 6], [12, 15, 18]]);
    expect(arr(a.sub(1))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(arr(tensor([4, 9]).sqrt())).toEqual([2, 3]);
    expect(arr(tensor([-1, 2]).relu())).toEqual([0, 2]);
    expect(arr(tensor([-1, 0.5, 2]).clamp(0, 1))).toEqual([0, 0.5, 1]);
    expect(arr(tensor([1, 5]).maximum(tensor([3, 2])))).toEqual([3, 5]);
    const f32 = tensor([1, 2], { dtype: 'float32' });
    expect(f32.mul(2).dtype).toBe('float32');
    expect(f32.add(tensor([1, 1])).dtype).toBe('float64');
    expect(f32.add(tensor([1, 1], { dtype: 'float32' })).dtype).toBe('float32');
  });

  test('gradients are summed over broadcast axes', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([10, 20, 30], { requiresGrad: true });
    a.mul(b).sum().backward();
    expect(arr(b.grad!)).toEqual([5, 7, 9]);
    expect(arr(a.grad!)).toEqual([[10, 20, 30], [10, 20, 30]]);
  });

  test('shape errors name the op and both shapes', () => {
    expect(() => tensor([1, 2, 3]).add(tensor([1, 2]))).toThrow('add: shapes [3] and [2] do not broadcast: axis -1 has sizes 3 and 2');
    expect(() => zeros([2, 3]).matmul(zeros([4, 5]))).toThrow('matmul: inner dimensions differ: [2,3] @ [4,5]');
  });

  test('comparisons and where', () => {
    const a = tensor([1, 5, 3]);
    expect(arr(a.gt(2))).toEqual([0, 1, 1]);
    expect(arr(a.le(tensor([1, 1, 4])))).toEqual([1, 0, 1]);
    expect(arr(a.eq(5))).toEqual([0, 1, 0]);
    const x = tensor([-1, 2, -3], { requiresGrad: true });
    const y = where(x.gt(0), x.mul(10), x.log()); // log(-1) is NaN but not selected
    expect(arr(y)).toEqual([NaN, 20, NaN].map((v, i) => (i === 1 ? v : y.data[i])));
    const z = where(x.gt(0), x.mul(10), x.mul(-1));
    expect(arr(z)).toEqual([1, 20, 3]);
    z.sum().backward();
    expect(arr(x.grad!)).toEqual([-1, 10, -1]);
  });
});

describe('reductions, shapes and indexing', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  test('sum mean max min var logsumexp', () => {
    expect(a.sum().item()).toBe(21);
    expect(arr(a.sum(0))).toEqual([5, 7, 9]);
    expect(arr(a.sum(1, true))).toEqual([[6], [15]]);
    expect(arr(a.mean(-1))).toEqual([2, 5]);
    expect(arr(a.max(0))).toEqual([4, 5, 6]);
    expect(arr(a.min([0, 1]))).toBe(1);
    expect(arr(a.var(1))).toEqual([2 / 3, 2 / 3]);
    expect(a.var(1, false, 1).toArray()).toEqual([1, 1]);
    expect(tensor([1000, 1000]).logsumexp().item()).toBeCloseTo(1000 + Math.log(2), 10);
    expect(() => a.sum(2)).toThrow('sum: axis 2 is out of range for a 2-d tensor (use -2..1)');
  });

  test('max sends the gradient to the maximum, split on ties', () => {
    const x = tensor([1, 3, 3, 2], { requiresGrad: true });
    x.max().backward();
    expect(arr(x.grad!)).toEqual([0, 0.5, 0.5, 0]);
  });

  test('matmul 2-d, batched, 1-d', () => {
    expect(arr(tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]])))).toEqual([[17], [39]]);
    const batched = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]).matmul(tensor([[1, 2], [3, 4]]));
    expect(arr(batched)).toEqual([[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
    expect(arr(tensor([1, 2]).matmul(tensor([[1, 2], [3, 4]])))).toEqual([7, 10]);
    expect(tensor([1, 2]).dot(tensor([3, 4])).item()).toBe(11);
    expect(arr(tensor([1, 2]).outer(tensor([3, 4, 5])))).toEqual([[3, 4, 5], [6, 8, 10]]);
  });

  test('transpose reshape flatten slice gather concat stack', () => {
    expect(arr(a.transpose())).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(arr(a.T)).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(a.reshape([3, -1]).shape).toEqual([3, 2]);
    expect(() => a.reshape([4, -1])).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,-1]');
    expect(arr(a.flatten())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(arr(a.slice(1))).toEqual([4, 5, 6]);
    expect(arr(a.slice(null, [1, 3]))).toEqual([[2, 3], [5, 6]]);
    expect(arr(a.slice(null, [0, 3, 2]))).toEqual([[1, 3], [4, 6]]);
    expect(arr(a.slice(-1, -1))).toBe(6);
    expect(arr(a.gather(1, [[2], [0]]))).toEqual([[3], [4]]);
    expect(() => a.gather(1, [[3], [0]])).toThrow('gather: index 3 is out of range for axis 1 of size 3');
    expect(arr(concat([a, tensor([[7, 8, 9]])]))).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(arr(stack([tensor([1, 2]), tensor([3, 4])], 1))).toEqual([[1, 3], [2, 4]]);
    expect(() => concat([a, tensor([[1, 2]])])).toThrow(/concat: shapes \[2,3\], \[1,2\] differ outside axis 0/);
  });

  test('softmax and logSoftmax are stable for large logits', () => {
    const big = tensor([[1000, 1001, 1002], [-1000, 0, 1000]]);
    const p = big.softmax(1);
    expect(p.data.every(Number.isFinite)).toBe(true);
    expect(arr(p.sum(1))).toEqual([1, 1].map((_, i) => p.sum(1).data[i]));
    p.sum(1).data.forEach((s) => expect(s).toBeCloseTo(1, 12));
    const lp = big.logSoftmax(1);
    expect(lp.data[2]).toBeCloseTo(-Math.log(1 + Math.exp(-1) + Math.exp(-2)), 12);
    expect(lp.data[3]).toBeCloseTo(-2000, 9);
  });
});

describe('backward and grad semantics', () => {
  test('backward needs a gradient for non-scalars; leaves accumulate; grad = null clears', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x);
    expect(() => y.backward()).toThrow('backward: this tensor has shape [3]; backward() without a gradient needs one element.');
    y.backward(tensor([1, 1, 1]));
    expect(arr(x.grad!)).toEqual([2, 4, 6]);
    y.backward([1, 0, 0]);
    expect(arr(x.grad!)).toEqual([4, 4, 6]);
    x.grad = null;
    x.mul(3).sum().backward();
    expect(arr(x.grad!)).toEqual([3, 3, 3]);
    expect(() => y.backward(tensor([1, 1]))).toThrow('backward: the gradient has shape [2] but the tensor has shape [3]');
  });

  test('tensors without requiresGrad record nothing; noGrad too', () => {
    const x = tensor([1, 2]);
    expect(x.mul(2).inputs.length).toBe(0);
    const w = tensor([1, 2], { requiresGrad: true });
    expect(noGrad(() => w.mul(2)).requiresGrad).toBe(false);
    expect(w.mul(x).inputs).toEqual([w, x]);
  });

  test('float32 parameters get float32 gradients', () => {
    const w = tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
    w.matmul(tensor([1, 1], { dtype: 'float32' })).sum().backward();
    expect(w.grad!.dtype).toBe('float32');
    expect(arr(w.grad!)).toEqual([[1, 1], [1, 1]]);
  });

  test('trace lists the VJP steps in reverse topological order', () => {
    const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
    const a = tensor([1, -1], { label: 'a' });
    const L = W.matmul(a).named('z').tanh().named('h').sum().named('L');
    const t = trace(L);
    expect(t.steps.map((s) => s.node.label)).toEqual(['L', 'h', 'z']);
    expect(t.steps[2].edges.map((e) => e.input.label)).toEqual(['W']); // a needs no gradient
    expect(t.steps[2].edges[0].formula).toBe('∂L/∂A = G · Bᵀ');
    L.backward();
    expect(Array.from(t.steps[2].edges[0].gradAfter.data)).toEqual(Array.from(W.grad!.data));
    expect(t.toString()).toMatch(/^backward trace of L \[\] /);
  });
});

describe('printing tensors', () => {
  test('console.log and JSON.stringify show shape, dtype and numbers, not the graph', () => {
    const { inspect } = require('node:util') as typeof import('node:util');
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
    expect(inspect(w)).toBe('Tensor(W [2,2] float64 requiresGrad: [[1,2],[3,4]])');
    const y = w.mul(2).sum();
    expect(inspect(y)).toBe(`Tensor([] float64 reduceSum#${y.id}: 20)`);
    y.backward();
    expect(JSON.parse(JSON.stringify(w))).toEqual({ label: 'W', op: '', shape: [2, 2], dtype: 'float64', data: [1, 2, 3, 4], grad: [2, 2, 2, 2] });
    expect(inspect(arange(30))).toBe('Tensor([30] float64: 0, 1, 2, 3, 4, 5, ...)');
  });
});

describe('tensor(): what is wrong with the nested array', () => {
  test('names the element and what it is', () => {
    expect(() => tensor(['a', 'b'] as never)).toThrow(new TypeError('tensor: element [0] is string "a", expected a number'));
    expect(() => tensor([[1, 2], 3] as never)).toThrow('tensor: ragged nested array: element [1] is number 3 where a list of 2 was expected');
    expect(() => tensor([[1, 2], [3, [4]]] as never)).toThrow('tensor: ragged nested array: element [1][1] is an array where a number was expected');
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array: [1] has 1 elements where 2 were expected');
  });
});

describe('tensor operands', () => {
  test('a Value, a string or an array is named, never turned into NaN', () => {
    const t = tensor([1, 2]);
    expect(() => t.add(new Value(1) as never)).toThrow(new TypeError('add: expected a Tensor or a number, got object Value; a Value belongs to the scalar graph: use its .data, or Tensors throughout'));
    expect(() => t.mul('2' as never)).toThrow('mul: expected a Tensor or a number, got string "2"');
    expect(() => t.sub([1, 2] as never)).toThrow('sub: expected a Tensor or a number, got array [1,2]; wrap it: tensor([1,2])');
    expect(() => t.gt('0' as never)).toThrow('gt: expected a Tensor or a number, got string "0"');
    expect(() => new Value(1).add(t as never)).toThrow('add: expected a Value or a number, got object Tensor; a Tensor belongs to the tensor graph: use its .item() for a number, or Tensors throughout');
    expect(arr(t.add(1))).toEqual([2, 3]);
  });
});
