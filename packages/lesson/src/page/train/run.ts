/**
 * A training run of the train tab from its settings: the data set, the network and `fit`'s options.
 * The Web Worker trains with these, and "Export as code" writes the same calls into a script, so
 * the script's numbers are the page's numbers.
 */
import { type Dataset, DATASETS, type FitOptions, FitRun, type Sequential, mlp } from '@chalkgrad/nn';
import type { TrainState } from '../state';

/** What a run depends on: the train state without the step count. */
export type RunSettings = Omit<TrainState, 'epochs'>;

/** A live run has no end of its own: it stops when the user pauses. */
export const EPOCH_CAP = 1_000_000;

export function makeData(s: RunSettings): Dataset {
  if (s.data === 'custom') return customData(s.points);
  return DATASETS[s.data](s.n, s.noise, s.seed);
}

/** The user's points as a data set; classes are 0 … k−1 for the labels used. */
export function customData(points: readonly (readonly [number, number, number])[]): Dataset {
  const classes = Math.max(2, ...points.map((p) => p[2] + 1));
  return { name: 'custom', X: points.map((p) => [p[0], p[1]]), y: points.map((p) => p[2]), classes };
}

/** One output (a logit) for two classes, one per class otherwise. */
export const outputsFor = (classes: number) => (classes <= 2 ? 1 : classes);

/** The arguments of `mlp` for the settings (the exported script writes the same call). */
export function modelSpec(s: RunSettings, classes: number): { nin: number; sizes: number[]; spec: { activation: RunSettings['activation']; seed: number } } {
  return { nin: 2, sizes: [...s.layers, outputsFor(classes)], spec: { activation: s.activation, seed: s.seed } };
}

export function makeModel(s: RunSettings, classes: number): Sequential {
  const m = modelSpec(s, classes);
  return mlp(m.nin, m.sizes, m.spec);
}

export function fitOptions(s: RunSettings, epochs = EPOCH_CAP): FitOptions {
  return { optimizer: s.optimizer, lr: s.lr, batchSize: s.batch, l2: s.l2, ...(s.test > 0 ? { validation: s.test } : {}), seed: s.seed, epochs, progress: false };
}

/** Why these settings cannot train, or null. */
export function whyNotTrainable(s: RunSettings): string | null {
  if (s.data !== 'custom') return null;
  const labels = new Set(s.points.map((p) => p[2]));
  if (s.points.length < 4) return `add at least 4 points to train on (${s.points.length} so far): click on the plot`;
  if (labels.size < 2) return 'add points of both classes (choose the class, then click)';
  if (s.test > 0 && Math.round(s.points.length * s.test) >= s.points.length) return 'too few points to hold some out for testing';
  return null;
}

export function startRun(s: RunSettings): { run: FitRun; data: Dataset; model: Sequential } {
  const data = makeData(s);
  const model = makeModel(s, data.classes);
  return { run: new FitRun(model, data, fitOptions(s)), data, model };
}
