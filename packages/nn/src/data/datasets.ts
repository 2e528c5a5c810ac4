/**
 * Seeded toy data sets of the lecture notes, each `(n, noise, seed)`. Classification sets give
 * integer labels 0..k-1; regression sets give numbers. Points are returned in a shuffled order.
 */
import { Rng, describeArg } from '@chalkgrad/core';

export interface Dataset {
  /** One row per sample. */
  X: number[][];
  /** Class index (classification) or target value (regression), one per sample. */
  y: number[];
  /** Number of classes; 0 for regression. */
  classes: number;
  name: string;
}

/**
 * Checks a data set before training or evaluating on it, so that a wrong one fails here with what
 * is wrong rather than deep inside a tensor op: X rows of one width of finite numbers, one target
 * per row, class labels 0 … classes−1.
 */
export function checkDataset(what: string, d: unknown): asserts d is Dataset {
  const ds = d as Partial<Dataset> | null;
  if (typeof ds !== 'object' || ds === null || !Array.isArray(ds.X) || !Array.isArray(ds.y)) {
    throw new TypeError(`${what}: expected a data set { X: number[][], y: number[], classes }, as makeMoons(200) returns; got ${describeArg(d)}`);
  }
  const { X, y } = ds;
  const classes = ds.classes ?? 0;
  if (X.length !== y.length) throw new RangeError(`${what}: X has ${X.length} rows but y has ${y.length} targets; there must be one target per row`);
  const width = Array.isArray(X[0]) ? X[0].length : 0;
  X.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) throw new RangeError(`${what}: X[${i}] is ${describeArg(row)}; every row must be a list of ${width} numbers like X[0]`);
    const j = row.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (j >= 0) throw new RangeError(`${what}: X[${i}][${j}] is ${describeArg(row[j])}; features must be finite numbers`);
  });
  if (!Number.isInteger(classes) || classes < 0) throw new RangeError(`${what}: classes must be a whole number ≥ 0 (0 for regression), got ${describeArg(classes)}`);
  y.forEach((t, i) => {
    if (classes > 0 && !(Number.isInteger(t) && t >= 0 && t < classes)) throw new RangeError(`${what}: y[${i}] is ${describeArg(t)}, but the labels of ${classes} classes are the whole numbers 0 … ${classes - 1}`);
    if (classes === 0 && !(typeof t === 'number' && Number.isFinite(t))) throw new RangeError(`${what}: y[${i}] is ${describeArg(t)}; regression targets must be finite numbers`);
  });
}

function finish(name: string, X: number[][], y: number[], classes: number, rng: Rng): Dataset {
  const order = rng.shuffle(X.map((_, i) => i));
  return { name, X: order.map((i) => X[i]), y: order.map((i) => y[i]), classes };
}

function check(name: string, n: number, noise: number): void {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`${name}: n must be a whole number ≥ 2, got ${n}`);
  if (!(noise >= 0)) throw new RangeError(`${name}: noise must be ≥ 0, got ${noise}`);
}

/** Two interleaving half circles (scikit-learn's make_moons): class 0 above, class 1 below. */
export function makeMoons(n = 100, noise = 0.1, seed = 0): Dataset {
  check('makeMoons', n, noise);
  const rng = new Rng(seed);
  const nOuter = Math.floor(n / 2);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const count = outer ? nOuter : n - nOuter;
    const t = (Math.PI * (outer ? i : i - nOuter)) / Math.max(1, count - 1);
    const [px, py] = outer ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    X.push([px + rng.normal(0, noise), py + rng.normal(0, noise)]);
    y.push(outer ? 0 : 1);
  }
  return finish('moons', X, y, 2, rng);
}

/** Two concentric circles: class 0 outside (radius 1), class 1 inside (radius `factor`). */
export function makeCircles(n = 100, noise = 0.05, seed = 0, factor = 0.5): Dataset {
  check('makeCircles', n, noise);
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  const nOuter = Math.floor(n / 2);
  for (let i = 0; i < n; i++) {
    const outer = i < nOuter;
    const t = (2 * Math.PI * (outer ? i / nOuter : (i - nOuter) / (n - nOuter)));
    const r = outer ? 1 : factor;
    X.push([r * Math.cos(t) + rng.normal(0, noise), r * Math.sin(t) + rng.normal(0, noise)]);
    y.push(outer ? 0 : 1);
  }
  return finish('circles', X, y, 2, rng);
}

/** XOR: points around the four corners (±1, ±1); class 1 where the signs differ. */
export function makeXor(n = 100, noise = 0.1, seed = 0): Dataset {
  check('makeXor', n, noise);
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = i % 2 === 0 ? 1 : -1;
    const b = Math.floor(i / 2) % 2 === 0 ? 1 : -1;
    X.push([a + rng.normal(0, noise), b + rng.normal(0, noise)]);
    y.push(a === b ? 0 : 1);
  }
  return finish('xor', X, y, 2, rng);
}

/** Two Gaussian blobs centred at (−1, −1) and (1, 1) with standard deviation `noise`. */
export function makeGaussians(n = 100, noise = 0.5, seed = 0): Dataset {
  check('makeGaussians', n, noise);
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const m = c === 0 ? -1 : 1;
    X.push([m + rng.normal(0, noise), m + rng.normal(0, noise)]);
    y.push(c);
  }
  return finish('gauss', X, y, 2, rng);
}

/** Interleaved spiral arms (cs231n's spiral), one class per arm. */
export function makeSpiral(n = 300, noise = 0.2, seed = 0, classes = 3): Dataset {
  check('makeSpiral', n, noise);
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  const perClass = Math.floor(n / classes);
  for (let c = 0; c < classes; c++) {
    const count = c === classes - 1 ? n - perClass * (classes - 1) : perClass;
    for (let i = 0; i < count; i++) {
      const r = i / Math.max(1, count - 1);
      const t = (c * 4 + 4 * r) + rng.normal(0, noise);
      X.push([r * Math.sin(t), r * Math.cos(t)]);
      y.push(c);
    }
  }
  return finish('spiral', X, y, classes, rng);
}

/** y = 2x − 1 plus Gaussian noise, x uniform in [−1, 1]. */
export function makeLinear(n = 100, noise = 0.1, seed = 0): Dataset {
  check('makeLinear', n, noise);
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => [rng.uniform(-1, 1)]);
  const y = X.map(([x]) => 2 * x - 1 + rng.normal(0, noise));
  return finish('linear', X, y, 0, rng);
}

/** y = sin(x) plus Gaussian noise, x uniform in [−π, π]. */
export function makeSine(n = 100, noise = 0.1, seed = 0): Dataset {
  check('makeSine', n, noise);
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => [rng.uniform(-Math.PI, Math.PI)]);
  const y = X.map(([x]) => Math.sin(x) + rng.normal(0, noise));
  return finish('sine', X, y, 0, rng);
}

export const DATASETS = {
  moons: makeMoons,
  circles: makeCircles,
  xor: makeXor,
  gauss: makeGaussians,
  spiral: makeSpiral,
  linear: makeLinear,
  sine: makeSine,
} as const;

export type DatasetName = keyof typeof DATASETS;
