/** gradcheck on Tensors names every element at a kink of its op (the tensor op table's `kink`), even when it passes. */
import { type Tensor, TENSOR_OPS, gradcheck, tensor } from '@chalkgrad/core';

/** The op named in each note, and the note itself. */
const notes = (kinks: readonly string[]) => kinks.map((k) => ({ op: /a kink of (\w+)/.exec(k)?.[1], text: k }));

describe('tensor gradcheck notes kinks', () => {
  test('clamp at its bounds: the elements by index, and the check passes (the gradient passes at a bound)', () => {
    const r = gradcheck((x: Tensor) => x.clamp(-1, 1).sum(), [tensor([-1, 0.5, 1, 2, -3])]);
    expect(notes(r.kinks).map((n) => n.op)).toEqual(['clamp']);
    expect(r.kinks[0]).toContain('clamp(x0) [5] has 2 elements ([0], [2]) at a kink of clamp');
    expect(r.toString().split('\n').at(-1)).toBe(r.kinks[0]);
    // strictly inside or outside the bounds: no note
    expect(gradcheck((x: Tensor) => x.clamp(-1, 1).sum(), [tensor([-0.5, 0.5, 2])]).kinks).toEqual([]);
  });

  test('relu, leakyRelu and abs elementwise at 0, with the first few elements and the count', () => {
    const x = tensor([[0, 1, -2], [3, 0, 0.5]]);
    const relu = gradcheck((x: Tensor) => x.relu().sum(), [x]);
    expect(relu.kinks).toHaveLength(1);
    expect(relu.kinks[0]).toContain('has 2 elements ([0,0], [1,1]) at a kink of relu (a = 0)');
    expect(gradcheck((x: Tensor) => x.leakyRelu(0.1).sum(), [x]).kinks[0]).toContain('at a kink of leakyRelu');
    const abs = gradcheck((x: Tensor) => x.abs().sum(), [tensor(new Array(9).fill(0))]);
    expect(abs.ok).toBe(true); // the central difference across |x| at 0 agrees with the subgradient 0 by chance
    expect(abs.kinks[0]).toContain('has 9 elements ([0], [1], [2], [3], …) at a kink of abs');
    expect(gradcheck((x: Tensor) => x.leakyRelu(1).sum(), [x]).kinks).toEqual([]);
  });

  test('max and min reductions on a tie, and the elementwise maximum under broadcasting', () => {
    const rows = tensor([[1, 3, 3], [2, 0, 1]]);
    const max = gradcheck((x: Tensor) => x.max(1), [rows]);
    expect(max.kinks).toHaveLength(1);
    expect(max.kinks[0]).toContain('has element [0] at a kink of max (a tie for the max of a group)');
    expect(gradcheck((x: Tensor) => x.min(1), [rows]).kinks).toEqual([]);
    expect(gradcheck((x: Tensor) => x.min(), [tensor([2, 0, 0])]).kinks[0]).toContain('at a kink of min');
    const both = gradcheck((x: Tensor, y: Tensor) => x.maximum(y).sum(), [tensor([[1, 2, 3]]), tensor([[1], [3]])]);
    expect(both.kinks[0]).toContain('[2,3] has 2 elements ([0,0], [1,2]) at a kink of maximum (a tie, a = b)');
  });

  test('every tensor op with a kink is one of the table, and smooth ops get no note', () => {
    const withKink = Object.values(TENSOR_OPS).filter((op) => op.kink).map((op) => op.name).sort();
    expect(withKink).toEqual(['abs', 'clamp', 'leakyRelu', 'max', 'maximum', 'min', 'minimum', 'relu']);
    expect(gradcheck((x: Tensor) => x.tanh().matmul(x.transpose()).logsumexp().sum(), [tensor([[0, 1], [1, 0]])]).kinks).toEqual([]);
  });

  test('a failed element at a kink of the table is labelled KINK with its one-sided slopes; one off any kink stays MISMATCH', () => {
    const w = tensor([2, 3, 4]);
    // a jump at 2 that no op knows of (a constant read off the data): the gradient really misses it
    const step = (x: Tensor) => tensor(Array.from(x.data, (v) => (v >= 2 ? 1 : 0)));
    const r = gradcheck((x: Tensor) => x.relu().mul(w).add(x.mul(step(x))), [tensor([0, 0.5, 2])]);
    const failed = r.rows.filter((row) => !row.ok);
    expect(failed.map((row) => row.label)).toEqual(['∂out[0]/∂x0[0]', '∂out[2]/∂x0[2]']);
    const [atRelu, atJump] = failed;
    // relu at 0 times 2: slope 0 from the left, 2 from the right; the central difference averages them
    expect(atRelu.kink?.left).toBeCloseTo(0, 6);
    expect(atRelu.kink?.right).toBeCloseTo(w.data[0], 6);
    expect(atRelu.numeric).toBeCloseTo((atRelu.kink!.left + atRelu.kink!.right) / 2, 6);
    // the jump's one-sided slopes differ too, but no op of the table is at a kink there
    expect(atJump.kink).toBeUndefined();
    const lines = r.toString().split('\n');
    expect(lines.find((l) => l.includes('∂out[0]/∂x0[0] '))).toMatch(/✗ KINK$/);
    expect(lines.find((l) => l.includes('∂out[2]/∂x0[2] '))).toMatch(/✗ MISMATCH$/);
    expect(lines).toContain('gradcheck FAILED for ∂out[2]/∂x0[2]: the backward gradient differs from the finite difference');
    expect(r.toString()).toContain('gradcheck: ∂out[0]/∂x0[0] is at a kink: the slope is 0 from the left and 2 from the right');

    // failing only at the kink: the check fails, and says it is the kink, not a wrong gradient
    const only = gradcheck((x: Tensor) => x.relu().mul(w), [tensor([0, 0.5, 2])]);
    expect(only.ok).toBe(false);
    expect(only.rows.filter((row) => !row.ok).every((row) => row.kink)).toBe(true);
    expect(only.toString()).not.toContain('FAILED');
    expect(only.toString()).toContain('∂out[0]/∂x0[0] is at a kink');
  });
});
