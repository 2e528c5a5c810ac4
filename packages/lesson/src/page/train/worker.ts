/**
 * The train tab's Web Worker: training runs here, off the page's main thread, so the page stays
 * responsive. While playing it trains for about a frame's worth of time, posts what the page draws
 * (the new epochs' records, the decision boundary on a grid, the weights and gradients) and yields,
 * so a pause or a new setting is read between slices.
 */
import { type Tensor, extent, noGrad, tensor } from '@chalkgrad/core';
import { type EpochRecord, type FitRun, Linear, type Sequential } from '@chalkgrad/nn';
import { type Bounds, type FromWorker, GRID, type LayerSnapshot, type ToWorker } from './protocol';
import { type RunSettings, startRun } from './run';

interface Scope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as Scope;

/** Time trained per slice before the page hears of it. */
const SLICE_MS = 25;
/**
 * The pause between slices: on a machine with two cores the page's main thread needs one to draw
 * its frames, and a worker that never sleeps leaves it only what other programs do not take.
 */
const REST_MS = 10;

let current: { run: FitRun; model: Sequential; bounds: Bounds; classes: number } | null = null;
let playing = false;
let unsent: EpochRecord[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

scope.onmessage = (e) => {
  try {
    handle(e.data);
  } catch (err) {
    playing = false;
    scope.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

function handle(m: ToWorker): void {
  if (m.kind === 'reset') return reset(m.settings, m.epochs);
  if (!current) return;
  if (m.kind === 'step') {
    playing = false;
    train(1);
    post();
  } else if (m.kind === 'play') {
    playing = true;
    schedule();
  } else {
    playing = false;
    post();
  }
}

function reset(settings: RunSettings, epochs: number): void {
  playing = false;
  unsent = [];
  const { run, data, model } = startRun(settings);
  const bounds = boundsOf(data.X, settings.data === 'custom');
  current = { run, model, bounds, classes: data.classes };
  const held = new Set(run.validation?.X ?? []);
  scope.postMessage({ kind: 'data', X: data.X, y: data.y, test: data.X.map((x) => held.has(x)), classes: data.classes, bounds });
  train(epochs);
  post();
}

function train(epochs: number): void {
  for (let k = 0; k < epochs; k++) {
    const record = current!.run.epoch();
    if (record) unsent.push(record);
  }
}

function schedule(): void {
  if (timer !== null) return;
  timer = setTimeout(() => {
    timer = null;
    if (!playing || !current) return;
    try {
      const start = performance.now();
      do train(1);
      while (performance.now() - start < SLICE_MS);
      post();
    } catch (err) {
      playing = false;
      scope.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    schedule();
  }, REST_MS);
}

function post(): void {
  const { run, model, bounds, classes } = current!;
  const probs = gridProbabilities(model, bounds, classes);
  scope.postMessage({ kind: 'update', records: unsent, epoch: run.history.epochs.length, playing, probs, layers: snapshot(model) }, [probs.buffer]);
  unsent = [];
}

/** The class probabilities over the grid (sigmoid of one logit, or softmax), in one forward pass. */
function gridProbabilities(model: Sequential, b: Bounds, classes: number): Float32Array {
  const X: number[][] = [];
  for (let r = 0; r < GRID; r++) {
    const y = b.y1 - ((r + 0.5) / GRID) * (b.y1 - b.y0);
    for (let c = 0; c < GRID; c++) X.push([b.x0 + ((c + 0.5) / GRID) * (b.x1 - b.x0), y]);
  }
  const out: Tensor = noGrad(() => {
    const logits = model.forward(tensor(X));
    return classes <= 2 ? logits.sigmoid() : logits.softmax(-1);
  });
  const k = Math.max(2, classes);
  const probs = new Float32Array(GRID * GRID * k);
  for (let i = 0; i < GRID * GRID; i++) {
    if (classes <= 2) {
      probs[i * 2] = 1 - out.data[i];
      probs[i * 2 + 1] = out.data[i];
    } else for (let c = 0; c < k; c++) probs[i * k + c] = out.data[i * k + c];
  }
  return probs;
}

function snapshot(model: Sequential): LayerSnapshot[] {
  const rows = (t: Tensor) => Array.from({ length: t.shape[0] }, (_, j) => Array.from(t.data.subarray(j * t.shape[1], (j + 1) * t.shape[1])));
  return model.modules.filter((m): m is Linear => m instanceof Linear).map((l) => ({ weights: rows(l.weight), grads: l.weight.grad ? rows(l.weight.grad) : null }));
}

/** The data's extent with a margin, square; a user's own points get a fixed plane to click on. */
function boundsOf(X: number[][], fixed: boolean): Bounds {
  if (fixed || X.length === 0) return { x0: -3, x1: 3, y0: -3, y1: 3 };
  const [xMin, xMax] = extent(X.map((p) => p[0]));
  const [yMin, yMax] = extent(X.map((p) => p[1]));
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  const half = 0.6 * Math.max(xMax - xMin, yMax - yMin, 1);
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}
