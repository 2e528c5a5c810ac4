import { Value, Rng } from '@chalkgrad/core';
import { MLP, SGD, Sequential, Linear, ReLU, Tanh, Sigmoid, mlp, fit, FitRun, makeMoons, makeSpiral, makeXor, makeGaussians, makeSine, scalarLosses, scalarL2, accuracy, classesOf, confusionMatrix, type History } from '@chalkgrad/nn';
import { ProgressBar } from '@chalkgrad/nn/node';

describe('training: acceptance', () => {
  test('scalar MLP 2-16-16-1 reaches ≥ 95% on two moons (100 points, noise 0.1) within 100 steps', () => {
    const data = makeMoons(100, 0.1, 1);
    const labels = data.y.map((c) => 2 * c - 1);
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const params = model.parameters();
    let acc = 0;
    let step = 0;
    for (; step < 100 && acc < 0.95; step++) {
      const scores = data.X.map((x) => model.forward(x));
      const loss = scalarLosses.hinge(scores, labels).add(scalarL2(params, 1e-4));
      model.zeroGrad();
      loss.backward();
      const lr = 1 - (0.9 * step) / 100;
      for (const p of params) p.data -= lr * p.grad;
      acc = accuracy(classesOf(scores.map((s) => [s[0].data])), data.y);
    }
    expect(acc).toBeGreaterThanOrEqual(0.95);
    expect(step).toBeLessThanOrEqual(100);
  });

  test('the same with fit(): scalar MLP, hinge loss, SGD', () => {
    const data = makeMoons(100, 0.1, 1);
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const h = fit(model, data, { loss: 'hinge', optimizer: new SGD(model.parameters(), { lr: 0.5 }), epochs: 100, l2: 1e-4, progress: false, seed: 1 });
    expect(h.epochs[h.epochs.length - 1].accuracy).toBeGreaterThanOrEqual(0.95);
  });

  test('a tensor MLP reaches ≥ 95% on the spiral set', () => {
    const data = makeSpiral(300, 0.1, 0);
    const model = mlp(2, [64, 64, 3], { seed: 2 });
    const h = fit(model, data, { optimizer: 'adam', lr: 0.01, epochs: 200, batchSize: 64, progress: false, seed: 3 });
    expect(h.epochs[h.epochs.length - 1].accuracy).toBeGreaterThanOrEqual(0.95);
  });

  test('a 2-2-1 tanh network learns XOR', () => {
    // A 2-2-1 network has local minima on XOR (with this setup 17 of 20 seeds reach 100%; zero
    // hidden biases keep it odd in x and stuck at 75%), so the biases start random and the seed is fixed.
    const data = makeXor(40, 0.05, 1);
    const model = new Sequential(new Linear(2, 2, { seed: 0, init: 'xavierUniform', biasInit: 'uniform' }), Tanh(), new Linear(2, 1, { seed: 1, init: 'xavierUniform' }));
    const h = fit(model, data, { loss: 'mse', optimizer: 'adam', lr: 0.05, epochs: 1000, progress: false, seed: 1 });
    expect(h.epochs[h.epochs.length - 1].accuracy).toBe(1);
    expect(h.epochs[h.epochs.length - 1].loss).toBeLessThan(0.05);
  });

  test('the delta rule of the notes equals the engine on a two-layer sigmoid network', () => {
    // z_j = Σ_i w_ji u_i + b_j, y_j = g(z_j); E = ½ Σ_k (y_k − t_k)²
    const rng = new Rng(8);
    const sizes = [3, 4, 2];
    const W = [0, 1].map((l) => Array.from({ length: sizes[l + 1] }, () => Array.from({ length: sizes[l] }, () => rng.normal(0, 1))));
    const B = [0, 1].map((l) => Array.from({ length: sizes[l + 1] }, () => rng.normal(0, 1)));
    const x = [0.2, -0.7, 1.1];
    const t = [1, 0];
    const g = (z: number) => 1 / (1 + Math.exp(-z));
    // hand-written forward and backward
    const z1 = W[0].map((row, j) => row.reduce((s, w, i) => s + w * x[i], B[0][j]));
    const u1 = z1.map(g);
    const z2 = W[1].map((row, j) => row.reduce((s, w, i) => s + w * u1[i], B[1][j]));
    const y = z2.map(g);
    const d2 = y.map((yk, k) => g(z2[k]) * (1 - g(z2[k])) * (yk - t[k])); // output deltas
    const d1 = z1.map((zj, j) => g(zj) * (1 - g(zj)) * d2.reduce((s, dk, k) => s + W[1][k][j] * dk, 0)); // delta_j = g'(z_j) Σ_k w_kj delta_k
    const dW1 = d1.map((dj) => x.map((ui) => dj * ui)); // dL/dw_ji = delta_j u_i
    const dW2 = d2.map((dk) => u1.map((uj) => dk * uj));
    // the engine
    const Wv = W.map((m) => m.map((row) => row.map((w) => new Value(w))));
    const Bv = B.map((v) => v.map((b) => new Value(b)));
    const h = Wv[0].map((row, j) => Value.sum([...row.map((w, i) => w.mul(x[i])), Bv[0][j]]).sigmoid());
    const out = Wv[1].map((row, k) => Value.sum([...row.map((w, j) => w.mul(h[j])), Bv[1][k]]).sigmoid());
    Value.sum(out.map((o, k) => o.sub(t[k]).pow(2))).mul(0.5).backward();
    Wv[0].forEach((row, j) => row.forEach((w, i) => expect(w.grad).toBeCloseTo(dW1[j][i], 14)));
    Wv[1].forEach((row, k) => row.forEach((w, j) => expect(w.grad).toBeCloseTo(dW2[k][j], 14)));
    Bv[0].forEach((b, j) => expect(b.grad).toBeCloseTo(d1[j], 14));
    Bv[1].forEach((b, k) => expect(b.grad).toBeCloseTo(d2[k], 14));
  });

  test('the same seed gives the same history, bit for bit', () => {
    const run = (): History => fit(mlp(2, [8, 2], { seed: 9, dropout: 0.2 }), makeMoons(120, 0.2, 5), { optimizer: 'adam', lr: 0.01, epochs: 5, batchSize: 16, validation: 0.25, progress: false, seed: 11 });
    const a = run();
    const b = run();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = fit(mlp(2, [8, 2], { seed: 9, dropout: 0.2 }), makeMoons(120, 0.2, 5), { optimizer: 'adam', lr: 0.01, epochs: 5, batchSize: 16, validation: 0.25, progress: false, seed: 12 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  test('a run stepped one epoch at a time (a live page) gives what fit gives for that many epochs', () => {
    const options = { optimizer: 'momentum' as const, lr: 0.05, epochs: 1000, batchSize: 10, validation: 0.3, l2: 1e-3, progress: false as const, seed: 4 };
    const run = new FitRun(mlp(2, [5, 3, 1], { seed: 4, activation: 'tanh' }), makeMoons(80, 0.2, 4), options);
    for (let k = 0; k < 7; k++) run.epoch();
    const h = fit(mlp(2, [5, 3, 1], { seed: 4, activation: 'tanh' }), makeMoons(80, 0.2, 4), { ...options, epochs: 7 });
    expect(run.done).toBe(false);
    expect(JSON.stringify(run.history.epochs)).toBe(JSON.stringify(h.epochs));
  });
});

describe('training: the loop explains itself', () => {
  test('history has train and validation loss and accuracy, and diagnostics per layer', () => {
    const h = fit(mlp(2, [8, 8, 2], { seed: 1 }), makeMoons(100, 0.1, 2), { epochs: 3, batchSize: 20, validation: 0.2, progress: false });
    expect(h.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    const e = h.epochs[2];
    expect(Object.keys(e).sort()).toEqual(['accuracy', 'deadRelu', 'epoch', 'gradNorms', 'loss', 'lr', 'saturated', 'valAccuracy', 'valLoss']);
    expect(Object.keys(e.gradNorms)).toEqual(['L1', 'L2', 'L3']);
    expect(Object.values(e.gradNorms).every((g) => g > 0)).toBe(true);
    expect(Object.keys(e.deadRelu)).toEqual(['L1', 'L2']);
  });

  test('dead ReLU units are counted; saturated sigmoid units are counted', () => {
    const dead = mlp(2, [6, 1], { seed: 1 });
    const first = dead.modules[0] as Linear;
    first.bias!.data.fill(-100); // every unit of layer 1 is off for every input
    const h = fit(dead, makeGaussians(50, 0.5, 1), { loss: 'binaryCrossEntropyWithLogits', epochs: 1, progress: false });
    expect(h.epochs[0].deadRelu.L1).toBe(1);
    expect(h.epochs[0].gradNorms.L1).toBe(0);
    const sat = new Sequential(new Linear(2, 4, { seed: 2 }), Sigmoid(), new Linear(4, 1));
    (sat.modules[0] as Linear).weight.data.fill(50);
    const hs = fit(sat, makeGaussians(50, 0.5, 1), { loss: 'binaryCrossEntropyWithLogits', epochs: 1, lr: 1e-9, progress: false });
    expect(hs.epochs[0].saturated.L1).toBeGreaterThan(0.8);
  });

  test('early stopping, restoring the best weights, and a stopping callback', () => {
    const data = makeSine(80, 0.3, 1);
    const h = fit(mlp(1, [16, 1], { seed: 3 }), data, { loss: 'mse', optimizer: 'sgd', lr: 0.5, epochs: 200, validation: 0.3, earlyStopping: { patience: 3, restoreBest: true }, progress: false });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs.length).toBe(h.bestEpoch + 3);
    let calls = 0;
    const h2 = fit(mlp(1, [4, 1]), data, { loss: 'mse', epochs: 50, progress: false, callbacks: { onEpochEnd: () => (++calls === 4 ? 'stop' : undefined) } });
    expect(h2.epochs.length).toBe(4);
    expect(h2.stoppedEarly).toBe(true);
  });

  test('a progress bar on a terminal, silence elsewhere', () => {
    const written: string[] = [];
    const sink = { isTTY: true, write: (s: string) => written.push(s) };
    fit(mlp(2, [4, 2]), makeMoons(40, 0.1, 1), { epochs: 2, batchSize: 10, progress: new ProgressBar(sink, true) });
    expect(written.length).toBe(2 * 4 + 1);
    expect(written[0]).toMatch(/^\repoch 1\/2 \[=*>? *\] 1\/4 loss \d+\.\d{4} \d+ samples\/s [\d.]+s left/);
    expect(written[written.length - 1]).toMatch(/trained 2 epochs in .*: loss \d\.\d{4}, accuracy \d+\.\d%/);
    const quiet: string[] = [];
    fit(mlp(2, [4, 2]), makeMoons(40, 0.1, 1), { epochs: 1, progress: new ProgressBar({ isTTY: false, write: (s: string) => quiet.push(s) }) });
    expect(quiet).toEqual([]);
  });

  test('a diverging run stops with advice', () => {
    expect(() => fit(mlp(1, [4, 1], { seed: 1 }), makeSine(20, 0.1, 1), { loss: 'mse', optimizer: 'sgd', lr: 1e6, epochs: 50, progress: false })).toThrow(/the loss became (Infinity|NaN) in epoch \d+, batch 1\. Lower the learning rate \(now 1000000\)/);
  });

  test('confusion matrix', () => {
    expect(confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2])).toEqual([[1, 0, 0], [0, 1, 0], [0, 1, 1]]);
    expect(classesOf([[0.2, 0.9, 0.1], [-1], [2]])).toEqual([1, 0, 1]);
  });
});

test('ReLU module name is exported', () => {
  expect(ReLU().describe()).toBe('relu');
});

describe('training: wrong input is named before any work', () => {
  const data = makeMoons(20, 0.1, 1);
  const quiet = { epochs: 1, progress: false } as const;

  test('the data set', () => {
    expect(() => fit(mlp(2, [4, 1]), [[1, 2]] as never, quiet)).toThrow('fit: expected a data set { X: number[][], y: number[], classes }, as makeMoons(200) returns; got array [[1,2]]');
    expect(() => fit(mlp(2, [4, 1]), { ...data, y: data.y.slice(0, 5) }, quiet)).toThrow('fit: X has 20 rows but y has 5 targets; there must be one target per row');
    expect(() => fit(mlp(2, [4, 1]), { ...data, y: data.y.map((c) => 2 * c - 1) }, quiet)).toThrow(/^fit: y\[\d+\] is number -1, but the labels of 2 classes are the whole numbers 0 … 1$/);
    const gap = data.X.map((row) => [...row]);
    gap[3][1] = NaN;
    expect(() => fit(mlp(2, [4, 1]), { ...data, X: gap }, quiet)).toThrow('fit: X[3][1] is number NaN; features must be finite numbers');
    expect(() => fit(mlp(2, [4, 1]), data, { ...quiet, validation: { ...data, X: [] } })).toThrow('fit: validation: X has 0 rows but y has 20 targets');
  });

  test('epochs, the learning rate and l2', () => {
    expect(() => fit(mlp(2, [4, 1]), data, { ...quiet, epochs: -1 })).toThrow('fit: epochs must be a whole number ≥ 1, got number -1');
    expect(() => fit(mlp(2, [4, 1]), data, { ...quiet, lr: '0.1' as never })).toThrow('Adam: the learning rate lr must be a number > 0, got string "0.1"');
    expect(() => new SGD([], { lr: 0 })).toThrow('SGD: the learning rate lr must be a number > 0, got number 0');
    expect(() => fit(mlp(2, [4, 1]), data, { ...quiet, l2: -1 })).toThrow('fit: l2 must be a number ≥ 0, got number -1');
  });
});
