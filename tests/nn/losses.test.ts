import { Value, tensor } from '@chalkgrad/core';
import { mse, halfSumSquares, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy, hinge, l1Penalty, l2Penalty, scalarLosses, oneHot } from '@chalkgrad/nn';

const sig = (z: number) => 1 / (1 + Math.exp(-z));

describe('losses', () => {
  test('mse and the half sum of squares', () => {
    expect(mse(tensor([[1], [2], [4]]), [1, 3, 2]).item()).toBeCloseTo((0 + 1 + 4) / 3, 14);
    expect(halfSumSquares(tensor([1, 2, 4]), [1, 3, 2]).item()).toBeCloseTo(2.5, 14);
    expect(() => mse(tensor([1, 2]), [1, 2, 3])).toThrow('mse: predictions [2] and targets [3] have different sizes');
  });

  test('binary cross-entropy on probabilities and on logits agree; logits are stable', () => {
    const z = [-2, 0.5, 3];
    const t = [0, 1, 1];
    const expected = -z.reduce((s, zi, i) => s + (t[i] ? Math.log(sig(zi)) : Math.log(1 - sig(zi))), 0) / 3;
    expect(binaryCrossEntropy(tensor(z.map(sig)), t).item()).toBeCloseTo(expected, 10);
    expect(binaryCrossEntropyWithLogits(tensor(z), t).item()).toBeCloseTo(expected, 12);
    expect(binaryCrossEntropyWithLogits(tensor([1000, -1000]), [0, 1]).item()).toBeCloseTo(1000, 8);
    expect(Number.isFinite(binaryCrossEntropy(tensor([0, 1]), [1, 0]).item())).toBe(true);
  });

  test('softmax cross-entropy: labels and one-hot give the same value and gradient', () => {
    const logits = [[2, 1, 0.1], [0.5, 2.5, -1]];
    const expected = -(Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(1) + Math.exp(0.1))) + Math.log(Math.exp(-1) / (Math.exp(0.5) + Math.exp(2.5) + Math.exp(-1)))) / 2;
    const a = tensor(logits, { requiresGrad: true });
    const la = softmaxCrossEntropy(a, [0, 2]);
    expect(la.item()).toBeCloseTo(expected, 12);
    const b = tensor(logits, { requiresGrad: true });
    const lb = softmaxCrossEntropy(b, oneHot([0, 2], 3));
    expect(lb.item()).toBeCloseTo(expected, 12);
    la.backward();
    lb.backward();
    Array.from(a.grad!.data).forEach((g, i) => expect(g).toBeCloseTo(b.grad!.data[i], 12));
    expect(() => softmaxCrossEntropy(a, [0, 3])).toThrow('softmaxCrossEntropy: label 3 is not a class index in 0..2');
  });

  test('hinge and penalties', () => {
    expect(hinge(tensor([2, 0.5, -0.3]), [1, 1, 0]).item()).toBeCloseTo((0 + 0.5 + 0.7) / 3, 14);
    expect(hinge(tensor([2, 0.5, -0.3]), [1, 1, -1]).item()).toBeCloseTo((0 + 0.5 + 0.7) / 3, 14);
    expect(l2Penalty([tensor([1, 2]), tensor([3])], 0.1).item()).toBeCloseTo(1.4, 14);
    expect(l1Penalty([tensor([1, -2]), tensor([3])], 0.1).item()).toBeCloseTo(0.6, 14);
  });

  test('scalar losses equal the tensor ones', () => {
    const out = [[new Value(0.3)], [new Value(-1.2)], [new Value(2)]];
    const y = [1, 0, 1];
    const flat = tensor([0.3, -1.2, 2]);
    expect(scalarLosses.mse(out, y).data).toBeCloseTo(mse(flat, y).item(), 14);
    expect(scalarLosses.halfSumSquares(out, y).data).toBeCloseTo(halfSumSquares(flat, y).item(), 14);
    expect(scalarLosses.hinge(out, y).data).toBeCloseTo(hinge(flat, y).item(), 14);
    expect(scalarLosses.binaryCrossEntropyWithLogits(out, y).data).toBeCloseTo(binaryCrossEntropyWithLogits(flat, y).item(), 14);
    const probs = [[new Value(0.3)], [new Value(0.6)], [new Value(0.9)]];
    expect(scalarLosses.binaryCrossEntropy(probs, y).data).toBeCloseTo(binaryCrossEntropy(tensor([0.3, 0.6, 0.9]), y).item(), 12);
    const logits = [[new Value(2), new Value(1), new Value(0.1)]];
    expect(scalarLosses.softmaxCrossEntropy(logits, [0]).data).toBeCloseTo(softmaxCrossEntropy(tensor([[2, 1, 0.1]]), [0]).item(), 14);
  });
});
