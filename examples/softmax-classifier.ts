/**
 * A softmax classifier (one linear layer, softmax cross-entropy) on three Gaussian blobs,
 * trained with mini-batch SGD; then a hidden layer added, on the spiral set, for comparison.
 * Run: corepack pnpm ts examples/softmax-classifier.ts
 */
import { Rng } from '@chalkgrad/core';
import { type Dataset, Linear, fit, makeSpiral, mlp } from '@chalkgrad/nn';

/** Three blobs in the plane, one class each. */
function blobs(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const centres = [[-2, 0], [2, 0], [0, 2.5]];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push([centres[c][0] + rng.normal(0, 0.6), centres[c][1] + rng.normal(0, 0.6)]);
    y.push(c);
  }
  return { name: 'blobs', X, y, classes: 3 };
}

export function main(log: (s: string) => void = console.log) {
  const linear = new Linear(2, 3, { seed: 1, init: 'xavierUniform' });
  const h1 = fit(linear, blobs(150, 1), { loss: 'softmaxCrossEntropy', optimizer: 'sgd', lr: 0.5, epochs: 40, batchSize: 16, progress: false, seed: 1 });
  const blobAccuracy = h1.epochs[h1.epochs.length - 1].accuracy!;
  log(`softmax regression on three blobs: accuracy ${(100 * blobAccuracy).toFixed(1)}%`);
  const spiral = makeSpiral(300, 0.1, 0);
  const flat = fit(new Linear(2, 3, { seed: 2 }), spiral, { optimizer: 'adam', lr: 0.05, epochs: 60, batchSize: 32, progress: false, seed: 1 });
  const deep = fit(mlp(2, [32, 32, 3], { seed: 2 }), spiral, { optimizer: 'adam', lr: 0.02, epochs: 60, batchSize: 32, progress: false, seed: 1 });
  const spiralLinear = flat.epochs[flat.epochs.length - 1].accuracy!;
  const spiralMlp = deep.epochs[deep.epochs.length - 1].accuracy!;
  log(`on the spiral: a linear softmax classifier ${(100 * spiralLinear).toFixed(1)}%, with two hidden layers ${(100 * spiralMlp).toFixed(1)}%`);
  return { blobAccuracy, spiralLinear, spiralMlp };
}

if (require.main === module) main();
