/**
 * Big inputs: nothing spreads a big array into a call's arguments (`Math.max(...xs)` overflowed the
 * stack at about 130,000 CSV rows or MNIST labels and 150,000 trace edges): a million of each.
 */
import { Value, extent, trace } from '@chalkgrad/core';
import { confusionMatrix, parseCsv, parseMnist } from '@chalkgrad/nn';
import { Panel, buildGraph, figure, layoutScene } from '@chalkgrad/viz';

const BIG = 1_000_000;

test('extent of 1,000,000 numbers', () => {
  const xs = Float64Array.from({ length: BIG }, (_, i) => (i * 7919) % BIG);
  expect(extent(xs)).toEqual([0, BIG - 1]);
  expect(extent([])).toEqual([Infinity, -Infinity]);
  expect(extent([3, NaN, -1])).toEqual([-1, 3]);
});

test('parseCsv: 1,000,000 rows', () => {
  const text = `a,label\n${Array.from({ length: BIG }, (_, i) => `${i % 10},${i % 3}`).join('\n')}\n`;
  const d = parseCsv(text);
  expect(d.X.length).toBe(BIG);
  expect(d.classes).toBe(3);
});

test('parseMnist: 1,000,000 1×1 images', () => {
  /** An IDX file: magic 0x0803 or 0x0801 (unsigned bytes, rank), big-endian sizes, the bytes. */
  const idx = (dims: number[], body: Uint8Array) => {
    const out = new Uint8Array(4 + 4 * dims.length + body.length);
    const view = new DataView(out.buffer);
    view.setUint8(2, 0x08);
    view.setUint8(3, dims.length);
    dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
    out.set(body, 4 + 4 * dims.length);
    return out;
  };
  const pixels = Uint8Array.from({ length: BIG }, (_, i) => i % 256);
  const labels = Uint8Array.from({ length: BIG }, (_, i) => i % 10);
  const d = parseMnist(idx([BIG, 1, 1], pixels), idx([BIG], labels));
  expect(d.X.length).toBe(BIG);
  expect(d.classes).toBe(10);
});

test('confusionMatrix of 1,000,000 predictions (the class count is their largest label)', () => {
  const labels = Array.from({ length: BIG }, (_, i) => i % 7);
  const m = confusionMatrix(labels.map((t) => (t + 1) % 7), labels);
  expect(m).toHaveLength(7);
  expect(m[0][1]).toBe(Math.ceil(BIG / 7));
});

test('trace(y).toString() of 1,000,000 edges', () => {
  // labelled: a trace shows no rows for constants (unlabelled leaves)
  const xs = Array.from({ length: BIG }, (_, i) => new Value(i % 5, `x${i}`));
  const y = Value.sum(xs).named('y');
  y.backward();
  const t = trace(y);
  expect(t.steps[0].edges.length).toBe(BIG);
  const text = t.toString();
  expect(text.split('\n').length).toBe(BIG + 3); // a title, the header and its rule, a row per edge
}, 60_000);

test('a plot of 1,000,000 points', () => {
  const xs = Array.from({ length: BIG }, (_, i) => i);
  const svg = figure([new Panel().line(xs.slice(0, 10), xs.slice(0, 10)).points(xs, xs.map((x) => -x))]);
  expect(svg).toContain('<svg');
}, 60_000);

test('the layered layout of a graph whose input feeds 150,000 nodes', async () => {
  // past the ~130,000 arguments a spread overflows at, in one node's consumers, one rank and all
  // nodes; fewer than BIG, as the layout takes tens of microseconds a node
  const n = 150_000;
  const x = new Value(0.5, 'x');
  const g = buildGraph(Value.sum(Array.from({ length: n }, () => x.tanh())));
  const scene = await layoutScene(g, { node: () => [[]], edge: () => [['']] });
  expect(scene.nodes.size).toBe(n + 2);
  expect(scene.edges.length).toBe(2 * n);
  expect(scene.width).toBeGreaterThan(0);
}, 120_000);
