/**
 * What `fit` tells about its progress, batch by batch. The terminal progress bar of
 * `@chalkgrad/nn/node` is one such reporter; a web page can pass its own.
 */
export interface ProgressReporter {
  /** Called after each batch; `samples` is the number processed in it. */
  tick(epoch: number, epochs: number, batch: number, batches: number, loss: number, samples: number): void;
  /** Called once at the end with a one-line summary of the run. */
  finish(summary: string): void;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}
