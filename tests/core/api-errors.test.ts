/** A wrong argument to the API is named with the op, the argument and what is allowed, never a JavaScript internal. */
import { Value, tensor, zeros, ones, rand, where } from '@chalkgrad/core';
import { toDot } from '@chalkgrad/viz';

const t = tensor([[1, 2], [3, 4]]);

test.each([
  ['matmul(2)', () => t.matmul(2 as never), 'matmul: expected a Tensor, got number 2; to scale by a number use mul(2)'],
  ['matmul([[1]])', () => t.matmul([[1]] as never), 'matmul: expected a Tensor, got array [[1]]; wrap it: tensor([[1]])'],
  ['dot(3)', () => tensor([1, 2]).dot(3 as never), 'dot: expected a Tensor, got number 3'],
  ['outer(undefined)', () => tensor([1, 2]).outer(undefined as never), 'outer: expected a Tensor, got undefined'],
  ['Value.named(123)', () => new Value(1).named(123 as never), 'named: the label must be a string, got number 123'],
  ['Tensor.named({})', () => t.named({} as never), 'named: the label must be a string, got object Object'],
  ['tensor label 5', () => tensor([1], { label: 5 as never }), 'tensor: the label must be a string, got number 5'],
  ['slice([NaN, 3])', () => t.slice([NaN, 3]), 'slice: the start of axis 0 must be a whole number, got number NaN'],
  ['slice([0.5, 2])', () => t.slice([0.5, 2]), 'slice: the start of axis 0 must be a whole number, got number 0.5'],
  ['slice([0, "2"])', () => t.slice([0, '2' as never]), 'slice: the stop of axis 0 must be a whole number, got string "2"'],
  ['slice(0.5)', () => t.slice(0.5), 'slice: index 0.5 is out of range for axis 0 of size 2'],
  ['slice("a")', () => t.slice('a' as never), 'slice: axis 0 takes an index, [start, stop, step] or null, got string "a"'],
  ['transpose(NaN)', () => t.transpose(NaN as never), 'transpose: expected a list of axes such as [1, 0], or nothing, got number NaN'],
  ['zeros([1e10])', () => zeros([1e10]), /^zeros\(\[10000000000\]\): cannot allocate 10,000,000,000 float64 numbers \(74.5 GiB\): .*; use a smaller shape$/],
  ['add([1e5,1], [1e5])', () => zeros([1e5, 1]).add(zeros([1e5])), 'add: broadcasting [100000,1] with [100000] would make [100000,100000], 10,000,000,000 elements (limit 4,294,967,296); to combine element by element give both the same shape (e.g. reshape a [n,1] column to [n]), or reduce one first'],
  ['sub with a float32 operand', () => zeros([1e5, 1], { dtype: 'float32' }).sub(zeros([1e5])), /^sub: broadcasting \[100000,1\] with \[100000\] would make/],
  ['gt([1e5,1], [1e5])', () => zeros([1e5, 1]).gt(zeros([1e5])), /^gt: broadcasting \[100000,1\] with \[100000\] would make/],
  ['where over three shapes', () => where(zeros([1e5, 1]).gt(0), zeros([1e5]), zeros([1, 1])), /^where: broadcasting \[100000,1\] with \[100000\] with \[1,1\] would make \[100000,100000\]/],
  ['matmul batch', () => zeros([70000, 1, 1, 1]).matmul(zeros([70000, 1, 1])), /^matmul: broadcasting \[70000,1\] with \[70000\] would make/],
  ['ones(3)', () => ones(3 as never), 'ones: expected a shape (a list of sizes such as [2, 3]), got number 3'],
  ['rand([-1])', () => rand([-1]), 'rand: shape [-1]: sizes must be whole numbers ≥ 0'],
])('%s', (_name, f, message) => {
  expect(f).toThrow(message as string | RegExp);
});

test('a label that is not a string never reaches a diagram', () => {
  const v = new Value(1);
  expect(() => v.named(123 as never)).toThrow(TypeError);
  expect(toDot(v.mul(2))).toContain('digraph');
});
