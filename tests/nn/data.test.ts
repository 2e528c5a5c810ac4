import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@chalkgrad/core';
import { DATASETS, makeMoons, makeSpiral, makeXor, trainValidationSplit, batchIndices, oneHot, fitStandardizer, parseIdx, parseCsv, shuffleDataset } from '@chalkgrad/nn';
import { readMnist, readCsv } from '@chalkgrad/nn/node';

describe('data sets', () => {
  test.each(Object.entries(DATASETS))('%s: seeded, n rows, sensible labels', (_name, make) => {
    const a = make(60, 0.1, 3);
    const b = make(60, 0.1, 3);
    const c = make(60, 0.1, 4);
    expect(a.X.length).toBe(60);
    expect(a.y.length).toBe(60);
    expect(a).toEqual(b);
    expect(a.X).not.toEqual(c.X);
    expect(a.X.every((r) => r.every(Number.isFinite))).toBe(true);
    if (a.classes > 0) {
      for (let k = 0; k < a.classes; k++) expect(a.y.filter((y) => y === k).length).toBeGreaterThan(10);
    }
  });

  test('moons without noise lie on the two half circles', () => {
    const d = makeMoons(50, 0, 1);
    d.X.forEach((p, i) => {
      const r = d.y[i] === 0 ? Math.hypot(p[0], p[1]) : Math.hypot(p[0] - 1, p[1] - 0.5);
      expect(r).toBeCloseTo(1, 12);
    });
    expect(makeSpiral(300, 0.1, 0).classes).toBe(3);
    expect(makeXor(8, 0, 0).X.map((p, i) => (p[0] * p[1] > 0 ? 0 : 1) === makeXor(8, 0, 0).y[i]).every(Boolean)).toBe(true);
    expect(() => makeMoons(1)).toThrow('makeMoons: n must be a whole number ≥ 2, got 1');
  });

  test('split, shuffle, batches, one-hot, standardise', () => {
    const d = makeMoons(100, 0.1, 0);
    const { train, validation } = trainValidationSplit(d, 0.25, 1);
    expect([train.X.length, validation.X.length]).toEqual([75, 25]);
    const all = [...train.X, ...validation.X].map((r) => r.join()).sort();
    expect(all).toEqual(d.X.map((r) => r.join()).sort());
    expect(shuffleDataset(d, 2).X).not.toEqual(d.X);
    const batches = batchIndices(10, 4, new Rng(0));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batchIndices(5, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(oneHot([2, 0], 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(() => oneHot([3], 3)).toThrow('oneHot: label 3 at 0 is not in 0..2');
    const s = fitStandardizer([[1, 10], [3, 10], [5, 10]]);
    expect(s.mean).toEqual([3, 10]);
    expect(s.transform([[5, 10]])[0][0]).toBeCloseTo(1.5 / Math.sqrt(8 / 3) * (2 / 1.5), 12);
    expect(s.transform([[3, 10]])).toEqual([[0, 0]]);
  });
});

describe('readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-data-'));

  function idx(type: number, shape: number[], values: number[], size = 1): Buffer {
    const head = Buffer.alloc(4 + 4 * shape.length);
    head[2] = type;
    head[3] = shape.length;
    shape.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
    const body = Buffer.alloc(values.length * size);
    values.forEach((v, i) => (size === 1 ? body.writeUInt8(v, i) : body.writeInt32BE(v, i * 4)));
    return Buffer.concat([head, body]);
  }

  test('MNIST IDX images and labels', () => {
    writeFileSync(join(dir, 'img'), idx(0x08, [2, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4]));
    writeFileSync(join(dir, 'lbl'), idx(0x08, [2], [7, 3]));
    const d = readMnist(join(dir, 'img'), join(dir, 'lbl'));
    expect(d.X[0]).toEqual([0, 1, 0.2, 0.4]);
    expect(d.y).toEqual([7, 3]);
    expect(parseIdx(idx(0x0c, [2], [-5, 70000], 4)).data).toEqual(Float64Array.from([-5, 70000]));
  });

  test('bad IDX files are explained', () => {
    expect(() => parseIdx(Uint8Array.from([1, 2, 3]))).toThrow('not an IDX file');
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]))).toThrow('unknown IDX element type 0x42');
    expect(() => parseIdx(idx(0x08, [3], [1, 2]))).toThrow('shape [3] of uint8 needs 11 bytes, the file has 10');
    writeFileSync(join(dir, 'lbl3'), idx(0x08, [3], [1, 2, 3]));
    expect(() => readMnist(join(dir, 'img'), join(dir, 'lbl3'))).toThrow('3 labels for 2 images');
  });

  test('CSV with a header and a label column', () => {
    writeFileSync(join(dir, 'd.csv'), 'x1,x2,label\n0.5,1,0\n-1,2,1\n\n3,4,1\n');
    const d = readCsv(join(dir, 'd.csv'));
    expect(d.X).toEqual([[0.5, 1], [-1, 2], [3, 4]]);
    expect(d.y).toEqual([0, 1, 1]);
    expect(d.classes).toBe(2);
    expect(d.columns).toEqual(['x1', 'x2']);
    expect(parseCsv('a,b\n1,2\n', { label: 'a' }).X).toEqual([[2]]);
    expect(() => parseCsv('a,b\n1,x\n')).toThrow("CSV: line 2, column 'b': 'x' is not a number");
    expect(() => parseCsv('a,b\n1\n')).toThrow('CSV: line 2 has 1 fields, the header has 2');
    expect(() => parseCsv('a,b\n1,2\n', { label: 'c' })).toThrow("CSV: no column named 'c'; columns: a, b");
  });
});
