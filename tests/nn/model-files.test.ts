/**
 * Hostile and careless model files: each is refused with a ModelFileError that says what is wrong,
 * in a message of bounded length, before anything big is allocated.
 */
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileError, mlp, modelFromJSON, modelToJSON, MLP } from '@chalkgrad/nn';
import { loadModel, saveModel } from '@chalkgrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-model-files-'));
const good = modelToJSON(mlp(2, [3, 1], { seed: 1 }));
const edit = (f: (j: any) => void) => {
  const j = JSON.parse(JSON.stringify(good));
  f(j);
  return j;
};
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

test('a tiny file declaring a 20,000 × 20,000 layer is refused at once, before allocating', () => {
  const path = join(dir, 'huge.json');
  writeFileSync(path, '{"format":"chalkgrad-model","version":1,"kind":"sequential","layers":[{"type":"linear","nin":20000,"nout":20000}],"weights":{}}');
  const heap = process.memoryUsage().rss;
  const t0 = performance.now();
  expect(refusal(() => loadModel(path))).toBe(`${path}.weights: missing '0.weight'`);
  const withData = edit((j) => {
    j.layers = [{ type: 'linear', nin: 20000, nout: 20000 }];
    j.weights = { '0.weight': { shape: [20000, 20000], data: [] }, '0.bias': { shape: [20000], data: [] } };
  });
  expect(refusal(() => modelFromJSON(withData))).toBe('model.weights.0.weight: expected 400000000 numbers, got 0');
  const scalar = modelToJSON(new MLP(2, [2]));
  scalar.mlp!.sizes = [1e6, 1e6];
  expect(refusal(() => modelFromJSON(scalar))).toBe('model.weights.parameters: shape [6] does not match the model\'s [1000004000000]');
  expect(performance.now() - t0).toBeLessThan(1000);
  expect(process.memoryUsage().rss - heap).toBeLessThan(200 * 2 ** 20);
});

test.each([
  ['dropout p 2', (j: any) => j.layers.splice(1, 0, { type: 'dropout', p: 2 }), 'model.layers[1].p: expected a probability in [0, 1), got 2'],
  ['dropout p "0.5"', (j: any) => j.layers.splice(1, 0, { type: 'dropout', p: '0.5' }), 'model.layers[1].p: expected a probability in [0, 1), got "0.5"'],
  ['softmax axis "abc"', (j: any) => j.layers.push({ type: 'softmax', axis: 'abc' }), 'model.layers[3].axis: expected a whole number (an axis such as -1), got "abc"'],
  ['bias "no"', (j: any) => (j.layers[0].bias = 'no'), 'model.layers[0].bias: expected true or false, got "no"'],
  ['unknown activation', (j: any) => (j.layers[1].activation = 'swish'), 'model.layers[1].activation: unknown activation "swish"; known: identity, sigmoid, tanh, relu, leakyRelu, softplus'],
  ['activation __proto__', (j: any) => (j.layers[1].activation = '__proto__'), 'model.layers[1].activation: unknown activation "__proto__"; known: identity, sigmoid, tanh, relu, leakyRelu, softplus'],
  ['nin 1e300', (j: any) => (j.layers[0].nin = 1e300), "model.weights.0.weight: shape [3,2] does not match the model's [3,1e+300]"],
  ['nin 2.5', (j: any) => (j.layers[0].nin = 2.5), 'model.layers[0].nin: expected a whole number ≥ 1, got 2.5'],
  ['dtype', (j: any) => (j.dtype = 'int8'), 'model.dtype: expected "float32" or "float64", got "int8"'],
  ['a layer that is a list', (j: any) => (j.layers[0] = [1, 2]), 'model.layers[0]: unknown layer type undefined (known: linear, activation, softmax, logSoftmax, flatten, reshape, dropout, maxout)'],
  ['weights a list', (j: any) => (j.weights = []), 'model.weights: expected an object, got []'],
])('%s', (_name, f, message) => {
  expect(refusal(() => modelFromJSON(edit(f)))).toBe(message);
});

test('the scalar MLP: activations and sizes are checked like the rest', () => {
  const scalar = modelToJSON(new MLP(2, [2]));
  expect(refusal(() => modelFromJSON({ ...scalar, mlp: { ...scalar.mlp!, activation: 'swish' as never } }))).toMatch(/^model\.mlp\.activation: unknown activation "swish"/);
  expect(refusal(() => modelFromJSON({ ...scalar, mlp: { ...scalar.mlp!, sizes: ['2' as never] } }))).toBe('model.mlp.sizes[0]: expected a whole number ≥ 1, got "2"');
});

test('a 20 MB hostile value is cut in the message; deep nesting is refused plainly', () => {
  const big = 'A'.repeat(20 * 2 ** 20);
  for (const f of [(j: any) => (j.format = big), (j: any) => (j[big] = 1), (j: any) => (j.layers[1].activation = big), (j: any) => (j.weights['0.bias'].data[0] = big)]) {
    expect(refusal(() => modelFromJSON(edit(f))).length).toBeLessThan(400);
  }
  const deepValue = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  expect(refusal(() => modelFromJSON(edit((j) => (j.format = deepValue))))).toBe('model: not a chalkgrad model (format is a list of 1, expected "chalkgrad-model")');
  const path = join(dir, 'deep.json');
  writeFileSync(path, `{"format":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
  expect(refusal(() => loadModel(path))).toBe(`${path}: nested 100,001 levels deep; a model file nests at most 16`);
});

test('file-level problems: a byte-order mark is fine; a folder, a missing file, a huge file, bad JSON are said plainly', () => {
  const bom = join(dir, 'bom.json');
  writeFileSync(bom, `\ufeff${JSON.stringify(good)}`);
  expect((loadModel(bom) as ReturnType<typeof mlp>).describe()).toBe(mlp(2, [3, 1]).describe());
  mkdirSync(join(dir, 'folder.json'));
  expect(refusal(() => loadModel(join(dir, 'folder.json')))).toBe(`${join(dir, 'folder.json')}: it is a folder, not a file`);
  expect(refusal(() => loadModel(join(dir, 'nope.json')))).toBe(`${join(dir, 'nope.json')}: no such file`);
  const huge = join(dir, 'huge-file.json');
  writeFileSync(huge, '');
  truncateSync(huge, 300 * 2 ** 20); // sparse: no disk used
  expect(refusal(() => loadModel(huge))).toBe(`${huge}: the file is 300 MiB; a model file is at most 256 MiB`);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, `{"format": "${'x'.repeat(10_000)}`);
  expect(refusal(() => loadModel(bad)).length).toBeLessThan(400);
});

test('a saved model still round-trips', () => {
  const path = join(dir, 'ok.json');
  const m = mlp(2, [4, 3], { seed: 3 });
  saveModel(m, path);
  const back = loadModel(path);
  expect((back as ReturnType<typeof mlp>).parameters().map((p) => Array.from(p.data))).toEqual(m.parameters().map((p) => Array.from(p.data)));
});
