/**
 * Notebook display: the MIME bundles a Jupyter kernel gets for a Value graph, a Tensor and a plot,
 * through Deno's `Symbol.for('Jupyter.display')` protocol and through tslab-style display calls.
 */
import { Value, fmt, notebookBundle, setNotebookRenderer, tensor } from '@chalkgrad/core';
import { mimeBundle, picture, show, trainingCurves } from '@chalkgrad/viz';

const JUPYTER = Symbol.for('Jupyter.display');

type Displayable = { [JUPYTER](): unknown };
/** What Deno's kernel does with a cell's result. */
const display = async (x: unknown) => (x as Displayable)[JUPYTER]() as Promise<Record<string, string>>;

function perceptron() {
  const x1 = new Value(-1, 'x1');
  const x2 = new Value(2, 'x2');
  const y = new Value(1, 'b').add(x1.mul(3)).sub(x2.mul(2)).sigmoid().named('y');
  y.backward();
  return { x1, y };
}

test('a Value shows its graph as SVG, with its text as the fallback', async () => {
  const { x1, y } = perceptron();
  const bundle = await display(y);
  expect(Object.keys(bundle).sort()).toEqual(['image/svg+xml', 'text/plain']);
  expect(bundle['text/plain']).toBe(y.toString());
  expect(bundle['image/svg+xml']).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  // Every node of the graph, with its data, is drawn.
  for (const label of ['x1', 'x2', 'b', 'y']) expect(bundle['image/svg+xml']).toContain(`>${label}`);
  // toDot's 4 significant digits, as in every diagram.
  expect(bundle['image/svg+xml']).toContain(fmt(y.data, 4));
  expect(bundle['image/svg+xml']).toContain(fmt(x1.grad, 4));
});

test('a Tensor shows its graph as SVG and its numbers as text', async () => {
  const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
  const out = W.matmul(tensor([1, -1])).tanh().sum().named('loss');
  const bundle = await display(out);
  expect(bundle['text/plain']).toBe(out.toString());
  expect(bundle['image/svg+xml']).toContain('<svg');
  expect(bundle['image/svg+xml']).toContain('>W');
  expect(bundle['image/svg+xml']).toContain('matmul');
  expect((await display(W))['text/plain']).toBe(W.toString());
});

test('a plot wrapped by picture() shows as SVG; DOT and SVG text give bundles too', async () => {
  const history = { epochs: [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, accuracy: 0.5 + epoch / 10 })) };
  const svg = trainingCurves(history);
  const plot = picture(svg, 'training curves');
  expect(await display(plot)).toEqual({ 'image/svg+xml': svg, 'text/plain': 'training curves' });
  expect(String(plot)).toBe('training curves');
  expect((await mimeBundle(svg))['image/svg+xml']).toBe(svg);
  expect((await mimeBundle('digraph { a -> b }'))['image/svg+xml']).toContain('<svg');
  await expect(mimeBundle('not a picture')).rejects.toThrow(/expected a Value, a Tensor, a Picture, SVG text or DOT text, got string "not a picture"/);
});

test('show() draws through display calls such as tslab.display', async () => {
  const { y } = perceptron();
  const shown: string[] = [];
  const bundle = await show(y, { svg: (s) => shown.push(s) });
  expect(shown).toEqual([bundle['image/svg+xml']]);
});

test('without a renderer (core alone) a Value shows its text', async () => {
  const { y } = perceptron();
  setNotebookRenderer(null);
  try {
    expect(await display(y)).toEqual({ 'text/plain': y.toString() });
  } finally {
    setNotebookRenderer(mimeBundle as never);
  }
  expect(Object.keys(await notebookBundle(y))).toContain('image/svg+xml');
});
