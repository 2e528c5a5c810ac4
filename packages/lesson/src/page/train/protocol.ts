/** The messages between the train tab and its Web Worker. */
import type { EpochRecord } from '@chalkgrad/nn';
import type { RunSettings } from './run';

export type ToWorker =
  /** A new run: train `epochs` steps at once (a shared link's), then wait. */
  | { kind: 'reset'; settings: RunSettings; epochs: number }
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'step' };

export interface LayerSnapshot {
  /** `weights[j][i]`: from unit i of the layer below to unit j. */
  weights: number[][];
  grads: number[][] | null;
}

/** A plot's extent in data coordinates. */
export interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export type FromWorker =
  /** After a reset: the points, which of them are held out, and the plot's extent. */
  | { kind: 'data'; X: number[][]; y: number[]; test: boolean[]; classes: number; bounds: Bounds }
  | {
      kind: 'update';
      /** The records of the epochs since the last update. */
      records: EpochRecord[];
      epoch: number;
      playing: boolean;
      /** Class probabilities on a GRID × GRID grid over the bounds, row by row from the top, classes innermost. */
      probs: Float32Array;
      layers: LayerSnapshot[];
    }
  | { kind: 'error'; message: string };

/** Cells per side of the decision-boundary grid. */
export const GRID = 48;
