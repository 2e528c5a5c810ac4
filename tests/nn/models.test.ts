import { Rng, Value, tensor, gradcheck } from '@chalkgrad/core';
import { MLP, Neuron, Layer, Linear, Sequential, Dropout, Maxout, Softmax, ReLU, Tanh, mlp, init, resolveInit } from '@chalkgrad/nn';

describe('scalar models', () => {
  test('parameter counts as in the notes', () => {
    expect(new MLP(3, [4, 2]).parameters().length).toBe(26);
    expect(new MLP(3, [4, 4, 1]).numParameters).toBe(41);
    expect(new MLP(2, [16, 16, 1]).numParameters).toBe(337);
  });

  test('every weight and bias is labelled L<layer>.N<neuron>.w<i>', () => {
    const m = new MLP(3, [4, 2]);
    const labels = m.parameters().map((p) => p.label);
    expect(labels.slice(0, 4)).toEqual(['L1.N1.w0', 'L1.N1.w1', 'L1.N1.w2', 'L1.N1.b']);
    expect(labels).toContain('L1.N2.w0');
    expect(labels[labels.length - 1]).toBe('L2.N2.b');
  });

  test('a neuron computes act(w·x + b) as one sum node; seeded', () => {
    const n = new Neuron(2, { activation: 'tanh', seed: 3 });
    const [w0, w1] = n.w.map((w) => w.data);
    n.b.data = 0.5;
    const out = n.forward([1, -2]);
    expect(out.data).toBeCloseTo(Math.tanh(w0 - 2 * w1 + 0.5), 14);
    expect(out.label).toBe('N.a');
    expect(out.inputs[0].op).toBe('sum');
    expect(new Neuron(2, { seed: 3 }).w.map((w) => w.data)).toEqual([w0, w1]);
    expect(new Neuron(2, { seed: 4 }).w.map((w) => w.data)).not.toEqual([w0, w1]);
  });

  test('softmax output layer sums to one; calling returns Values', () => {
    const m = new MLP(2, [3, 3], { outputActivation: 'softmax', activation: 'tanh', seed: 1 });
    const out = m.forward([0.3, -0.7]);
    expect(out.every((v) => v instanceof Value)).toBe(true);
    expect(out.reduce((s, v) => s + v.data, 0)).toBeCloseTo(1, 14);
    const report = gradcheck((a, b) => m.forward([a, b])[0], [0.3, -0.7]);
    expect(report.ok).toBe(true);
  });

  test('bad sizes and activations are explained', () => {
    expect(() => new Neuron(0)).toThrow('Neuron: nin must be a whole number ≥ 1, got 0');
    expect(() => new Layer(2, 2, { activation: 'swish' as never })).toThrow(/unknown activation 'swish'; known: identity, sigmoid/);
    expect(() => new MLP(2, [2]).forward([1])).toThrow('L1.N1: expects 2 inputs, got 1');
  });

  test('sizes given the way of another library are explained, for MLP and mlp alike', () => {
    const asOneList = (make: () => unknown, what: string) =>
      expect(make).toThrow(`${what}: the first argument is the number of inputs, a whole number ≥ 1, got [2,16,1]; write ${what}(2, [16, 16, 1])`);
    asOneList(() => new MLP([2, 16, 1] as never, undefined as never), 'MLP');
    asOneList(() => mlp([2, 16, 1] as never, undefined as never), 'mlp');
    expect(() => mlp(2, [] as number[])).toThrow('mlp: the second argument is the list of layer sizes, got []');
    expect(() => new MLP(2, [16, 0, 1])).toThrow('MLP: layer sizes must be whole numbers ≥ 1, got 0 in [16,0,1]');
  });
});

describe('tensor models', () => {
  test('rows given as plain arrays are told how to wrap them', () => {
    const m = mlp(2, [4, 1]);
    expect(() => m.forward([[1, 2]] as never)).toThrow(new TypeError('Sequential(Linear(2, 4), relu, Linear(4, 1)).forward: expected a Tensor, got array [[1,2]]; wrap the rows in a tensor: forward(tensor([[1,2]])), or use predict(model, rows)'));
    expect(() => new Linear(2, 1).forward(3 as never)).toThrow('Linear(2, 1).forward: expected a Tensor, got number 3');
  });

  test('Linear computes x·Wᵀ + b with W as [out, in]', () => {
    const lin = new Linear(3, 2, { seed: 1 });
    expect(lin.weight.shape).toEqual([2, 3]);
    lin.weight.data.set([1, 2, 3, 4, 5, 6]);
    lin.bias!.data.set([0.5, -0.5]);
    expect(lin.forward(tensor([[1, 0, -1]])).toArray()).toEqual([[-1.5, -2.5]]);
    expect(() => lin.forward(tensor([[1, 2]]))).toThrow('Linear(3, 2): input has 2 features, expected 3');
  });

  test('Sequential, parameters and names', () => {
    const m = new Sequential(new Linear(2, 4), ReLU(), new Linear(4, 1));
    expect(m.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(m.numParameters).toBe(2 * 4 + 4 + 4 + 1);
    expect(m.forward(tensor([[1, 2], [3, 4], [5, 6]])).shape).toEqual([3, 1]);
    expect(mlp(784, [128, 64, 10]).numParameters).toBe(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
  });

  test('Dropout: train mode drops and rescales, eval mode is the identity; seeded', () => {
    const x = tensor(new Float64Array(1000).fill(1), { shape: [10, 100] });
    const d = new Dropout(0.3, 7);
    const y = d.forward(x);
    const zeros = y.data.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(230);
    expect(zeros).toBeLessThan(370);
    expect(y.data.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.7) < 1e-12)).toBe(true);
    expect(Array.from(new Dropout(0.3, 7).forward(x).data)).toEqual(Array.from(y.data));
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(() => new Dropout(1)).toThrow('Dropout: p must be in [0, 1), got 1');
  });

  test('Maxout takes the largest of k pieces; Softmax normalises rows', () => {
    const m = new Maxout(2, 3, 4, { seed: 2 });
    const x = tensor([[0.5, -1]]);
    const out = m.forward(x);
    expect(out.shape).toEqual([1, 3]);
    const pieces = m.linear.forward(x).data;
    expect(out.data[0]).toBe(Math.max(...pieces.slice(0, 4)));
    const p = new Softmax().forward(tensor([[1, 2, 3]]));
    expect(p.sum().item()).toBeCloseTo(1, 14);
    expect(new Sequential(new Linear(2, 2), Tanh()).describe()).toBe('Sequential(Linear(2, 2), tanh)');
  });

  test('initialisers are seeded and have the right spread', () => {
    const rng = new Rng(1);
    const draw = (f: ReturnType<typeof resolveInit>, n = 20000) => Array.from({ length: n }, () => f(100, 50, rng));
    const std = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    expect(std(draw(init.heNormal()))).toBeCloseTo(Math.sqrt(2 / 100), 2);
    expect(std(draw(init.xavierNormal()))).toBeCloseTo(Math.sqrt(2 / 150), 2);
    expect(Math.max(...draw(init.xavierUniform()).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 150));
    expect(Math.max(...draw(init.heUniform()).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 100));
    expect(draw(resolveInit('zeros'), 10)).toEqual(new Array(10).fill(0));
    expect(std(draw(init.normal(0.5)))).toBeCloseTo(0.5, 1);
    expect(() => resolveInit('glorious' as never)).toThrow(/unknown initialiser 'glorious'/);
  });
});
