/** Splitting, shuffling, batching, one-hot and standardisation, all seeded where random. */
import { Rng, Tensor, tensor } from '@chalkgrad/core';
import type { Dataset } from './datasets';

export interface Split {
  train: Dataset;
  validation: Dataset;
}

function subset(d: Dataset, idx: readonly number[]): Dataset {
  return { ...d, X: idx.map((i) => d.X[i]), y: idx.map((i) => d.y[i]) };
}

/** Shuffles (seeded) and holds out `fraction` of the samples for validation. */
export function trainValidationSplit(d: Dataset, fraction = 0.2, seed = 0): Split {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`trainValidationSplit: fraction must be in (0, 1), got ${fraction}`);
  const idx = new Rng(seed).shuffle(d.X.map((_, i) => i));
  const nVal = Math.max(1, Math.round(d.X.length * fraction));
  return { validation: subset(d, idx.slice(0, nVal)), train: subset(d, idx.slice(nVal)) };
}

export function shuffleDataset(d: Dataset, seed = 0): Dataset {
  return subset(d, new Rng(seed).shuffle(d.X.map((_, i) => i)));
}

/** Index lists of consecutive mini-batches over `n` samples, shuffled when an Rng is given. */
export function batchIndices(n: number, batchSize: number, rng?: Rng): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a whole number ≥ 1, got ${batchSize}`);
  const order = Array.from({ length: n }, (_, i) => i);
  if (rng) rng.shuffle(order);
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

export function oneHot(labels: readonly number[], classes: number): Tensor {
  const data = new Float64Array(labels.length * classes);
  labels.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new RangeError(`oneHot: label ${c} at ${i} is not in 0..${classes - 1}`);
    data[i * classes + c] = 1;
  });
  return tensor(data, { shape: [labels.length, classes] });
}

export interface Standardizer {
  mean: number[];
  std: number[];
  transform(X: readonly (readonly number[])[]): number[][];
}

/** Per-feature mean and standard deviation from `X`; a constant feature keeps std 1. */
export function fitStandardizer(X: readonly (readonly number[])[]): Standardizer {
  const d = X[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j], 0) / X.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / X.length) || 1);
  return { mean, std, transform: (rows) => rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j])) };
}
