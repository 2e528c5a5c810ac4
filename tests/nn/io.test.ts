import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@chalkgrad/core';
import { MLP, Sequential, Linear, ReLU, Softmax, Dropout, Maxout, mlp, modelToJSON, modelFromJSON } from '@chalkgrad/nn';
import { saveModel, loadModel, WriteError } from '@chalkgrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-io-'));

describe('save and load', () => {
  test('a Sequential round-trips with identical outputs', () => {
    const m = new Sequential(new Linear(3, 5, { seed: 1 }), ReLU(), new Maxout(5, 4, 2, { seed: 2 }), new Dropout(0.1), new Linear(4, 2, { seed: 3 }), new Softmax());
    m.eval();
    const path = join(dir, 'seq.json');
    saveModel(m, path);
    const back = loadModel(path) as Sequential;
    back.eval();
    const x = tensor([[0.1, -0.2, 0.3], [1, 2, 3]]);
    expect(Array.from(back.forward(x).data)).toEqual(Array.from(m.forward(x).data));
    expect(back.describe()).toBe(m.describe());
  });

  test('a scalar MLP round-trips', () => {
    const m = new MLP(2, [3, 1], { activation: 'tanh', seed: 5 });
    const path = join(dir, 'mlp.json');
    saveModel(m, path);
    const back = loadModel(path) as MLP;
    expect(back.parameters().map((p) => p.data)).toEqual(m.parameters().map((p) => p.data));
    expect(back.forward([0.5, -1])[0].data).toBe(m.forward([0.5, -1])[0].data);
  });

  test('loading says what is wrong', () => {
    const good = modelToJSON(mlp(2, [3, 1], { seed: 1 }));
    const edit = (f: (j: any) => void) => {
      const j = JSON.parse(JSON.stringify(good));
      f(j);
      return j;
    };
    expect(() => modelFromJSON(edit((j) => (j.layers[1] = { type: 'conv2d' })))).toThrow('model.layers[1]: unknown layer type "conv2d" (known: linear, activation, softmax, logSoftmax, flatten, reshape, dropout, maxout)');
    expect(() => modelFromJSON(edit((j) => (j.weights['0.weight'].shape = [2, 3])))).toThrow("model.weights.0.weight: shape [2,3] does not match the model's [3,2]");
    expect(() => modelFromJSON(edit((j) => (j.weights['0.bias'].data[1] = null)))).toThrow('model.weights.0.bias: value 1 is null, not a finite number');
    expect(() => modelFromJSON(edit((j) => (j.weights['0.bias'].data = [1])))).toThrow('model.weights.0.bias: expected 3 numbers, got 1');
    expect(() => modelFromJSON(edit((j) => (j.extra = 1)))).toThrow("model: unexpected key 'extra'");
    expect(() => modelFromJSON(edit((j) => (j.format = 'keras')))).toThrow('model: not a chalkgrad model (format is "keras"');
    expect(() => modelFromJSON(edit((j) => delete j.weights['2.bias']))).toThrow("model.weights: missing '2.bias'");
    const proto = JSON.parse(JSON.stringify(good).replace('"weights":{', '"weights":{"__proto__":{"polluted":true},'));
    expect(() => modelFromJSON(proto)).toThrow("model.weights: unexpected key '__proto__'");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const evil = JSON.parse(JSON.stringify(good).replace('{"format"', '{"__proto__":{"x":1},"format"'));
    expect(() => modelFromJSON(evil)).toThrow("model: unexpected key '__proto__'");
    writeFileSync(join(dir, 'bad.json'), '{"format": ');
    expect(() => loadModel(join(dir, 'bad.json'))).toThrow(/bad\.json: not valid JSON/);
    expect(() => loadModel(join(dir, 'missing.json'))).toThrow(/missing\.json: no such file/);
  });

  test('saving is atomic: no temporary files left, a failed save keeps the old file', () => {
    const path = join(dir, 'atomic.json');
    saveModel(mlp(2, [2], { seed: 1 }), path);
    const before = readFileSync(path, 'utf8');
    expect(() => saveModel(new Sequential({ forward: (x: unknown) => x, describe: () => 'Custom', namedParameters: () => [] } as never), path)).toThrow('cannot save a Custom module');
    expect(readFileSync(path, 'utf8')).toBe(before);
    const missing = join(dir, 'no-such-dir', 'm.json');
    expect(() => saveModel(mlp(2, [2]), missing)).toThrow(new WriteError(`cannot write ${missing}: the folder ${join(dir, 'no-such-dir')} does not exist`));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
