/**
 * The train tab's pictures, drawn on canvases each frame: the decision boundary as a heatmap with
 * the points on it (training points filled, test points ringed), and the train and test loss curves.
 */
import { fmt } from '@chalkgrad/core';
import { type Bounds, GRID } from './protocol';

/** Class colours, TensorFlow Playground's orange and blue first. */
export const CLASS_COLORS = ['#f59e0b', '#2563eb', '#16a34a', '#db2777', '#7c3aed', '#0891b2', '#ca8a04', '#dc2626', '#4b5563', '#65a30d'];

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const RGB = CLASS_COLORS.map(rgb);

export interface Points {
  X: number[][];
  y: number[];
  test: boolean[];
}

const grid = document.createElement('canvas');
grid.width = grid.height = GRID;

/**
 * The heatmap: each cell takes the colour of its likeliest class, paler the less sure the network
 * is (white where the classes are equally likely).
 */
export function drawBoundary(ctx: CanvasRenderingContext2D, probs: Float32Array | null, classes: number): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  if (!probs) return;
  const k = Math.max(2, classes);
  const img = new ImageData(GRID, GRID);
  for (let cell = 0; cell < GRID * GRID; cell++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[cell * k + c] > probs[cell * k + best]) best = c;
    const sure = (probs[cell * k + best] - 1 / k) / (1 - 1 / k);
    const a = 0.15 + 0.6 * sure;
    for (let ch = 0; ch < 3; ch++) img.data[cell * 4 + ch] = Math.round(255 * (1 - a) + RGB[best][ch] * a);
    img.data[cell * 4 + 3] = 255;
  }
  grid.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(grid, 0, 0, width, height);
}

export const toPixel = (b: Bounds, w: number, h: number, x: number, y: number): [number, number] => [((x - b.x0) / (b.x1 - b.x0)) * w, ((b.y1 - y) / (b.y1 - b.y0)) * h];
export const toData = (b: Bounds, w: number, h: number, px: number, py: number): [number, number] => [b.x0 + (px / w) * (b.x1 - b.x0), b.y1 - (py / h) * (b.y1 - b.y0)];

export function drawPoints(ctx: CanvasRenderingContext2D, points: Points, b: Bounds): void {
  const { width, height } = ctx.canvas;
  points.X.forEach(([x, y], i) => {
    const [px, py] = toPixel(b, width, height, x, y);
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, 2 * Math.PI);
    ctx.fillStyle = CLASS_COLORS[points.y[i] % CLASS_COLORS.length];
    ctx.fill();
    ctx.lineWidth = points.test[i] ? 2 : 1;
    ctx.strokeStyle = points.test[i] ? '#111827' : '#ffffff';
    ctx.stroke();
  });
}

/** Train (dark) and test (orange, dashed) loss per step, from 0 to the largest loss seen. */
export function drawLosses(ctx: CanvasRenderingContext2D, train: readonly number[], test: readonly number[]): void {
  const { width, height } = ctx.canvas;
  const pad = { l: 34, r: 6, t: 6, b: 16 };
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#cbd5e1';
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.l, pad.t, width - pad.l - pad.r, height - pad.t - pad.b);
  let top = 1e-9;
  for (const v of train) top = Math.max(top, v);
  for (const v of test) top = Math.max(top, v);
  ctx.fillStyle = '#475569';
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillText(fmt(top, 2), 2, pad.t + 8);
  ctx.fillText('0', 2, height - pad.b);
  ctx.fillText(`${train.length} steps`, width - pad.r - 50, height - 3);
  const line = (values: readonly number[], color: string, dash: number[]) => {
    if (values.length === 0) return;
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    const n = Math.max(2, values.length);
    const every = Math.max(1, Math.floor(values.length / (2 * width))); // at most two points a pixel
    const shown: number[] = [];
    for (let i = 0; i < values.length; i += every) shown.push(i);
    if (shown[shown.length - 1] !== values.length - 1) shown.push(values.length - 1);
    for (const i of shown) {
      const x = pad.l + (i / (n - 1)) * (width - pad.l - pad.r);
      const y = height - pad.b - (values[i] / top) * (height - pad.t - pad.b);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line(train, '#0f172a', []);
  line(test, '#ea580c', [4, 3]);
}
