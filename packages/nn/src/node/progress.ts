/** A one-line progress bar for a terminal: epoch, batch, loss, rate and time left. */
import { type ProgressReporter, formatSeconds } from '../train/progress';

export interface ProgressSink {
  isTTY?: boolean;
  write(s: string): unknown;
  columns?: number;
}

export class ProgressBar implements ProgressReporter {
  private start = Date.now();
  private done = 0;
  readonly enabled: boolean;

  /** 'auto' draws only on a terminal and not in CI, where the carriage returns would fill the log. */
  constructor(private readonly sink: ProgressSink = process.stderr, enabled: boolean | 'auto' = 'auto') {
    this.enabled = enabled === 'auto' ? Boolean(sink.isTTY) && !process.env.CI : enabled;
  }

  tick(epoch: number, epochs: number, batch: number, batches: number, loss: number, samples: number): void {
    this.done++;
    if (!this.enabled) return;
    const elapsed = (Date.now() - this.start) / 1000;
    const rate = (this.done * samples) / Math.max(elapsed, 1e-3);
    const left = (elapsed / this.done) * (epochs * batches - this.done);
    const width = 20;
    const filled = Math.round((width * batch) / batches);
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    this.sink.write(`\repoch ${epoch}/${epochs} [${bar}] ${batch}/${batches} loss ${loss.toFixed(4)} ${rate.toFixed(0)} samples/s ${formatSeconds(left)} left   `);
  }

  finish(summary: string): void {
    if (this.enabled) this.sink.write(`\r${summary}${' '.repeat(30)}\n`);
  }
}
