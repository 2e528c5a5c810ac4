/** A one-line progress bar for a terminal: epoch, batch, loss, rate and time left. */
export interface ProgressSink {
  isTTY?: boolean;
  write(s: string): unknown;
  columns?: number;
}

export class ProgressBar {
  private start = Date.now();
  private done = 0;
  readonly enabled: boolean;

  constructor(private readonly total: number, private readonly sink: ProgressSink = process.stderr, enabled: boolean | 'auto' = 'auto') {
    this.enabled = enabled === 'auto' ? Boolean(sink.isTTY) && !process.env.CI : enabled;
  }

  /** Called after each batch; `samples` is the number processed in it. */
  tick(epoch: number, epochs: number, batch: number, batches: number, loss: number, samples: number): void {
    this.done++;
    if (!this.enabled) return;
    const elapsed = (Date.now() - this.start) / 1000;
    const rate = (this.done * samples) / Math.max(elapsed, 1e-3);
    const left = (elapsed / this.done) * (this.total - this.done);
    const width = 20;
    const filled = Math.round((width * batch) / batches);
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    this.sink.write(`\repoch ${epoch}/${epochs} [${bar}] ${batch}/${batches} loss ${loss.toFixed(4)} ${rate.toFixed(0)} samples/s ${formatSeconds(left)} left   `);
  }

  finish(summary: string): void {
    if (this.enabled) this.sink.write(`\r${summary}${' '.repeat(30)}\n`);
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}
