/**
 * The lecture's plots as SVG: training curves, gradient norms and unit health per layer, a
 * decision boundary, the activation functions beside their derivatives (from the op table),
 * and optimizer paths over the contours of a loss surface. Inputs are plain data, so viz does
 * not depend on @chalkgrad/nn.
 */
import { SCALAR_OPS, type ScalarOp, extent, lookup } from '@chalkgrad/core';
import { Panel, figure } from './figure';
import type { ThemeOption } from '../theme';

/** What every plot takes: the theme (light or dark, both colour-blind-safe). */
export interface PlotOptions {
  theme?: ThemeOption;
}

export interface EpochLike {
  epoch: number;
  loss: number;
  valLoss?: number;
  accuracy?: number;
  valAccuracy?: number;
  gradNorms?: Record<string, number>;
  deadRelu?: Record<string, number>;
  saturated?: Record<string, number>;
}
export interface HistoryLike { epochs: readonly EpochLike[] }

/** Loss (and accuracy, when recorded) per epoch, training against validation. */
export function trainingCurves(history: HistoryLike, title = 'training', options: PlotOptions = {}): string {
  const e = history.epochs;
  const xs = e.map((r) => r.epoch);
  const loss = new Panel({ title: 'loss', xlabel: 'epoch', ylabel: 'loss' }).line(xs, e.map((r) => r.loss), { label: 'train' });
  if (e.some((r) => r.valLoss !== undefined)) loss.line(xs, e.map((r) => r.valLoss ?? NaN), { label: 'validation', dash: true });
  const panels = [loss];
  if (e.some((r) => r.accuracy !== undefined)) {
    const acc = new Panel({ title: 'accuracy', xlabel: 'epoch', ylabel: 'accuracy', yrange: [0, 1.02] }).line(xs, e.map((r) => r.accuracy ?? NaN), { label: 'train' });
    if (e.some((r) => r.valAccuracy !== undefined)) acc.line(xs, e.map((r) => r.valAccuracy ?? NaN), { label: 'validation', dash: true });
    panels.push(acc);
  }
  return figure(panels, { title, theme: options.theme });
}

function perLayer(history: HistoryLike, key: 'gradNorms' | 'deadRelu' | 'saturated', panel: Panel): Panel {
  const layers = [...new Set(history.epochs.flatMap((r) => Object.keys(r[key] ?? {})))];
  layers.forEach((name, i) => panel.line(history.epochs.map((r) => r.epoch), history.epochs.map((r) => r[key]?.[name] ?? NaN), { label: name, color: i }));
  return panel;
}

/** Gradient norm per layer (log scale), dead ReLU fraction and saturated fraction per layer. */
export function diagnosticsPlot(history: HistoryLike, title = 'diagnostics per layer', options: PlotOptions = {}): string {
  const panels = [perLayer(history, 'gradNorms', new Panel({ title: 'gradient norm', xlabel: 'epoch', ylabel: '‖∂L/∂W‖', logY: true }))];
  if (history.epochs.some((r) => Object.keys(r.deadRelu ?? {}).length)) panels.push(perLayer(history, 'deadRelu', new Panel({ title: 'dead ReLU units', xlabel: 'epoch', ylabel: 'fraction', yrange: [0, 1] })));
  if (history.epochs.some((r) => Object.keys(r.saturated ?? {}).length)) panels.push(perLayer(history, 'saturated', new Panel({ title: 'saturated units', xlabel: 'epoch', ylabel: 'fraction', yrange: [0, 1] })));
  return figure(panels, { title, theme: options.theme });
}

export interface Points2D { X: readonly (readonly number[])[]; y: readonly number[] }


/**
 * The classifier's regions over the data's bounding box, with the points on top.
 * `predict` maps a batch of points to class indices.
 */
export function decisionBoundary(predict: (points: number[][]) => number[], data: Points2D, options: PlotOptions & { resolution?: number; title?: string } = {}): string {
  const n = options.resolution ?? 80;
  const xs = data.X.map((p) => p[0]);
  const ys = data.X.map((p) => p[1]);
  const pad = (lo: number, hi: number): [number, number] => [lo - 0.1 * (hi - lo || 1), hi + 0.1 * (hi - lo || 1)];
  const xr = pad(...extent(xs));
  const yr = pad(...extent(ys));
  const grid: number[][] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) grid.push([xr[0] + ((i + 0.5) * (xr[1] - xr[0])) / n, yr[0] + ((j + 0.5) * (yr[1] - yr[0])) / n]);
  const cls = predict(grid);
  const panel = new Panel({ title: options.title ?? 'decision boundary', xlabel: 'x₁', ylabel: 'x₂', xrange: xr, yrange: yr, width: 460, height: 420 });
  panel.heatmap(n, n, (i, j) => cls[j * n + i]); // class k: the theme's kth region tint
  const classes = [...new Set(data.y)].sort((a, b) => a - b);
  for (const c of classes) {
    const idx = data.y.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0);
    panel.points(idx.map((i) => xs[i]), idx.map((i) => ys[i]), { color: c, label: `class ${c}` });
  }
  return figure([panel], { theme: options.theme });
}

/** Each activation of the op table beside its derivative (the derivative is the table's `d`). */
export function activationPlot(names: readonly string[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus'], options: PlotOptions = {}): string {
  const zs = Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);
  const panels = names.map((name) => {
    const op = lookup(SCALAR_OPS as Record<string, ScalarOp>, name);
    if (!op || op.arity !== 1) throw new RangeError(`activationPlot: '${name}' is not a unary op of the table`);
    const k = name === 'leakyRelu' ? 0.1 : 0;
    const f = zs.map((z) => op.f(z, k));
    return new Panel({ title: name, xlabel: 'z', width: 300, height: 240, legend: 'top-left' })
      .line(zs, f, { label: `${name}(z)` })
      .line(zs, zs.map((z, i) => op.d[0](z, k, f[i])), { label: 'derivative', dash: true });
  });
  return figure(panels, { columns: 3, title: 'activation functions (solid) and their derivatives (dashed)', theme: options.theme });
}

export interface Trajectory { name: string; points: readonly (readonly [number, number])[] }

/** Optimizer paths over the contours of a 2-D loss surface f(x, y). */
export function trajectoryPlot(f: (x: number, y: number) => number, trajectories: readonly Trajectory[], options: PlotOptions & { xrange: [number, number]; yrange: [number, number]; levels?: number[]; title?: string }): string {
  const panel = new Panel({ title: options.title ?? 'optimizer trajectories', xlabel: 'θ₁', ylabel: 'θ₂', xrange: options.xrange, yrange: options.yrange, width: 640, height: 440 });
  const levels = options.levels ?? Array.from({ length: 14 }, (_, i) => 0.05 * Math.pow(1.8, i));
  panel.contours(f, levels);
  trajectories.forEach((t, i) => {
    panel.line(t.points.map((p) => p[0]), t.points.map((p) => p[1]), { label: t.name, color: i });
    const last = t.points[t.points.length - 1];
    if (last) panel.points([last[0]], [last[1]], { color: i, radius: 4 });
  });
  return figure([panel], { theme: options.theme });
}
