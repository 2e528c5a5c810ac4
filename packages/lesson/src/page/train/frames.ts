/**
 * Frame times measured in the page while it trains: how long each frame's drawing takes (a User
 * Timing measure, `lesson:draw`, so it shows in a browser's performance trace too), the time
 * between frames as the browser runs them, and the main thread's long tasks (over 50 ms, from the
 * Long Tasks API), shown under the plots and kept in data attributes for the tests.
 */
const REPORT_EVERY_MS = 500;
const DRAW = 'lesson:draw';
/** Times are kept for the last this many frames (20 s at 60 fps): sorting a whole long run's every half second would cost frames itself. */
const WINDOW = 1200;

export class FrameMeter {
  private frames = 0;
  /** How long each training frame's drawing took. */
  private draws: number[] = [];
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
      if (this.lastFrame !== null) keep(this.intervals, now - this.lastFrame);
    }
    this.lastFrame = training ? now : null;
    if (now - this.lastReport > REPORT_EVERY_MS) this.report(now);
  }

  /** Runs a frame's drawing and times it (when training). */
  measure(draw: () => void, training: boolean): void {
    if (!training) return draw();
    performance.mark(DRAW);
    draw();
    keep(this.draws, performance.measure(DRAW, DRAW).duration);
    // the browser keeps every entry until cleared: a long run would pile them up
    performance.clearMarks(DRAW);
    performance.clearMeasures(DRAW);
  }

  private report(now: number): void {
    this.lastReport = now;
    if (this.frames === 0) return;
    const draw = quantiles(this.draws);
    const between = quantiles(this.intervals);
    const stats = {
      frames: this.frames,
      drawMedian: draw(0.5), drawP90: draw(0.9), drawMax: draw(1),
      intervalMedian: between(0.5), intervalP95: between(0.95), intervalMax: between(1),
      longTasks: this.longTasks.filter((t) => t >= this.firstTrainingFrame).length,
    };
    const ms = (x: number) => x.toFixed(1);
    this.out.textContent = `while training: ${stats.frames} frames, drawing median ${ms(stats.drawMedian)} ms, 90% ≤ ${ms(stats.drawP90)} ms, max ${ms(stats.drawMax)} ms; between frames median ${ms(stats.intervalMedian)} ms, max ${ms(stats.intervalMax)} ms; ${stats.longTasks} long tasks`;
    for (const [k, v] of Object.entries(stats)) this.out.dataset[k] = String(v);
  }
}

function keep(times: number[], t: number): void {
  times.push(t);
  if (times.length > WINDOW) times.splice(0, times.length - WINDOW);
}

/** The q-quantile (0 to 1) of some times, by rank; 0 for none. */
function quantiles(times: readonly number[]): (q: number) => number {
  const sorted = [...times].sort((a, b) => a - b);
  return (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
}
