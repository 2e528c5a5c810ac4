/**
 * Frame times measured in the page while it trains: how long each frame's drawing takes, the time
 * between frames as the browser runs them, and the main thread's long tasks (over 50 ms, from the
 * Long Tasks API), shown under the plots and kept in data attributes for the tests.
 */
const REPORT_EVERY_MS = 500;

export class FrameMeter {
  private frames = 0;
  private drawMax = 0;
  private intervals: number[] = [];
  private lastFrame: number | null = null;
  /** Start times of the long tasks since the page loaded. */
  private longTasks: number[] = [];
  /** Training frames are counted from the first one on. */
  private firstTrainingFrame = Infinity;
  private lastReport = 0;

  constructor(private readonly out: HTMLElement) {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.longTasks.push(e.startTime);
      }).observe({ type: 'longtask' });
    } catch {
      // a browser without the Long Tasks API: the frame intervals still say it
    }
  }

  /** Called at the start of every animation frame: the time since the last one is a frame time while training. */
  frame(training: boolean): void {
    const now = performance.now();
    if (training) {
      this.firstTrainingFrame = Math.min(this.firstTrainingFrame, now);
      this.frames++;
      if (this.lastFrame !== null) this.intervals.push(now - this.lastFrame);
    }
    this.lastFrame = training ? now : null;
    if (now - this.lastReport > REPORT_EVERY_MS) this.report(now);
  }

  /** Runs a frame's drawing and times it (when training). */
  measure(draw: () => void, training: boolean): void {
    const start = performance.now();
    draw();
    if (training) this.drawMax = Math.max(this.drawMax, performance.now() - start);
  }

  private report(now: number): void {
    this.lastReport = now;
    if (this.frames === 0) return;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
    const stats = { frames: this.frames, drawMax: this.drawMax, intervalMedian: at(0.5), intervalP95: at(0.95), intervalMax: sorted.at(-1) ?? 0, longTasks: this.longTasks.filter((t) => t >= this.firstTrainingFrame).length };
    this.out.textContent = `while training: ${stats.frames} frames, drawing ≤ ${stats.drawMax.toFixed(1)} ms each; between frames median ${stats.intervalMedian.toFixed(1)} ms, max ${stats.intervalMax.toFixed(1)} ms; ${stats.longTasks} long tasks`;
    for (const [k, v] of Object.entries(stats)) this.out.dataset[k] = String(v);
  }
}
