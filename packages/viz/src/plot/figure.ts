/**
 * A small SVG plotting kit (no browser, no native code): axes with round ticks, lines, points,
 * a heatmap, contour lines (marching squares), a legend, and several panels side by side.
 */
import { extent } from '@chalkgrad/core';
import { escapeHtml } from '../escape';

export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#475569'];

export interface PanelOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  xrange?: [number, number];
  yrange?: [number, number];
  logY?: boolean;
  width?: number;
  height?: number;
  /** Where the legend box goes. Default 'top-right'. */
  legend?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
}

interface Series { kind: 'line' | 'points'; xs: number[]; ys: number[]; color: string; label?: string; dash?: boolean; radius?: number }

/** "Nice" tick positions covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  // multiples of the step, rounded so 0.6 is not 0.6000000000000001
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

const num = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(+v.toPrecision(4)));

export class Panel {
  readonly width: number;
  readonly height: number;
  private readonly series: Series[] = [];
  private readonly layers: string[] = [];
  private readonly m = { left: 58, right: 16, top: 30, bottom: 44 };
  private xr: [number, number] | undefined;
  private yr: [number, number] | undefined;

  constructor(readonly options: PanelOptions = {}) {
    this.width = options.width ?? 480;
    this.height = options.height ?? 320;
    this.xr = options.xrange;
    this.yr = options.yrange;
  }

  line(xs: readonly number[], ys: readonly number[], style: { color?: string; label?: string; dash?: boolean } = {}): this {
    this.series.push({ kind: 'line', xs: [...xs], ys: [...ys], color: style.color ?? PALETTE[this.series.length % PALETTE.length], label: style.label, dash: style.dash });
    return this;
  }

  points(xs: readonly number[], ys: readonly number[], style: { color?: string; label?: string; radius?: number } = {}): this {
    this.series.push({ kind: 'points', xs: [...xs], ys: [...ys], color: style.color ?? PALETTE[this.series.length % PALETTE.length], label: style.label, radius: style.radius });
    return this;
  }

  private ranges(): { xr: [number, number]; yr: [number, number] } {
    const all = (k: 'xs' | 'ys') => this.series.flatMap((s) => s[k]).filter((v) => Number.isFinite(v) && (k === 'xs' || !this.options.logY || v > 0));
    const span = (v: number[], fallback: [number, number]): [number, number] => {
      if (v.length === 0) return fallback;
      let [lo, hi] = extent(v);
      if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
      return [lo, hi];
    };
    const xr = this.xr ?? span(all('xs'), [0, 1]);
    let yr = this.yr ?? span(all('ys'), [0, 1]);
    if (!this.yr && !this.options.logY) {
      const pad = (yr[1] - yr[0]) * 0.05;
      yr = [yr[0] - pad, yr[1] + pad];
    }
    return { xr, yr };
  }

  /** Maps data to pixels, with the axes as they will be drawn. */
  scales() {
    const { xr, yr } = this.ranges();
    const { left, right, top, bottom } = this.m;
    const W = this.width - left - right;
    const H = this.height - top - bottom;
    const ty = (v: number) => (this.options.logY ? Math.log10(Math.max(v, 1e-300)) : v);
    const [y0, y1] = [ty(yr[0]), ty(yr[1])];
    return {
      xr, yr,
      x: (v: number) => left + ((v - xr[0]) / (xr[1] - xr[0])) * W,
      y: (v: number) => top + H - ((ty(v) - y0) / (y1 - y0)) * H,
      W, H,
    };
  }

  /** Colours a grid of cells covering the ranges: `color(i, j)` for column i, row j (row 0 at the bottom). */
  heatmap(nx: number, ny: number, color: (i: number, j: number) => string): this {
    const s = this.scales();
    const cw = s.W / nx;
    const ch = s.H / ny;
    const cells: string[] = [];
    for (let j = 0; j < ny; j++) {
      // one rect per run of equal colour along the row: a fraction of the size of one per cell
      for (let i = 0; i < nx; ) {
        const c = color(i, j);
        let end = i + 1;
        while (end < nx && color(end, j) === c) end++;
        cells.push(`<rect x="${(this.m.left + i * cw).toFixed(2)}" y="${(this.m.top + s.H - (j + 1) * ch).toFixed(2)}" width="${((end - i) * cw + 0.5).toFixed(2)}" height="${(ch + 0.5).toFixed(2)}" fill="${c}"/>`);
        i = end;
      }
    }
    this.layers.push(`<g shape-rendering="crispEdges">${cells.join('')}</g>`);
    return this;
  }

  /** Contour lines of f over the ranges at the given levels (marching squares on an n×n grid). */
  contours(f: (x: number, y: number) => number, levels: readonly number[], n = 80, color = '#94a3b8'): this {
    const s = this.scales();
    const gx = (i: number) => s.xr[0] + ((s.xr[1] - s.xr[0]) * i) / n;
    const gy = (j: number) => s.yr[0] + ((s.yr[1] - s.yr[0]) * j) / n;
    const v = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => f(gx(i), gy(j))));
    const segs: string[] = [];
    for (const level of levels) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const corners: [number, number, number][] = [[i, j, v[i][j]], [i + 1, j, v[i + 1][j]], [i + 1, j + 1, v[i + 1][j + 1]], [i, j + 1, v[i][j + 1]]];
        const cross: [number, number][] = [];
        for (let c = 0; c < 4; c++) {
          const [ai, aj, av] = corners[c];
          const [bi, bj, bv] = corners[(c + 1) % 4];
          if ((av < level) !== (bv < level)) {
            const t = (level - av) / (bv - av);
            cross.push([gx(ai + (bi - ai) * t), gy(aj + (bj - aj) * t)]);
          }
        }
        for (let c = 0; c + 1 < cross.length; c += 2) {
          segs.push(`M${s.x(cross[c][0]).toFixed(1)},${s.y(cross[c][1]).toFixed(1)}L${s.x(cross[c + 1][0]).toFixed(1)},${s.y(cross[c + 1][1]).toFixed(1)}`);
        }
      }
    }
    this.layers.push(`<path d="${segs.join('')}" fill="none" stroke="${color}" stroke-width="0.8"/>`);
    return this;
  }

  /** The panel's SVG group, placed at (dx, dy). */
  render(dx = 0, dy = 0): string {
    const s = this.scales();
    const { left, top } = this.m;
    const out: string[] = [`<g transform="translate(${dx},${dy})">`];
    out.push(`<defs><clipPath id="clip${dx}_${dy}"><rect x="${left}" y="${top}" width="${s.W}" height="${s.H}"/></clipPath></defs>`);
    out.push(`<rect x="${left}" y="${top}" width="${s.W}" height="${s.H}" fill="#ffffff" stroke="#cbd5e1"/>`);
    out.push(`<g clip-path="url(#clip${dx}_${dy})">${this.layers.join('')}</g>`);
    const xt = ticks(s.xr[0], s.xr[1]);
    const yt = this.options.logY ? logTicks(s.yr[0], s.yr[1]) : ticks(s.yr[0], s.yr[1]);
    for (const t of xt) out.push(`<line x1="${s.x(t)}" x2="${s.x(t)}" y1="${top + s.H}" y2="${top + s.H + 4}" stroke="#475569"/><text x="${s.x(t)}" y="${top + s.H + 16}" text-anchor="middle" class="tick">${num(t)}</text>`);
    for (const t of yt) out.push(`<line x1="${left - 4}" x2="${left}" y1="${s.y(t)}" y2="${s.y(t)}" stroke="#475569"/><line x1="${left}" x2="${left + s.W}" y1="${s.y(t)}" y2="${s.y(t)}" stroke="#f1f5f9"/><text x="${left - 7}" y="${s.y(t) + 4}" text-anchor="end" class="tick">${num(t)}</text>`);
    const clip = `clip-path="url(#clip${dx}_${dy})"`;
    for (const se of this.series) {
      if (se.kind === 'line') {
        const d = se.xs.map((x, i) => (Number.isFinite(se.ys[i]) ? `${s.x(x).toFixed(2)},${s.y(se.ys[i]).toFixed(2)}` : '')).filter(Boolean).join(' ');
        out.push(`<polyline points="${d}" fill="none" stroke="${se.color}" stroke-width="2"${se.dash ? ' stroke-dasharray="6 4"' : ''} ${clip}/>`);
      } else {
        out.push(`<g fill="${se.color}" stroke="#ffffff" stroke-width="0.6" ${clip}>${se.xs.map((x, i) => `<circle cx="${s.x(x).toFixed(2)}" cy="${s.y(se.ys[i]).toFixed(2)}" r="${se.radius ?? 3.2}"/>`).join('')}</g>`);
      }
    }
    const o = this.options;
    if (o.title) out.push(`<text x="${left + s.W / 2}" y="${top - 10}" text-anchor="middle" class="title">${escapeHtml(o.title)}</text>`);
    if (o.xlabel) out.push(`<text x="${left + s.W / 2}" y="${this.height - 8}" text-anchor="middle" class="label">${escapeHtml(o.xlabel)}</text>`);
    if (o.ylabel) out.push(`<text transform="translate(14,${top + s.H / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(o.ylabel)}</text>`);
    const labelled = this.series.filter((se) => se.label);
    const corner = o.legend ?? 'top-right';
    const boxX = corner.endsWith('left') ? left + 4 : left + s.W - 156;
    const boxY = corner.startsWith('top') ? top + 2 : top + s.H - labelled.length * 16 - 8;
    labelled.forEach((se, i) => {
      const y = boxY + 12 + i * 16;
      const x = boxX + 6;
      out.push(se.kind === 'line' ? `<line x1="${x}" x2="${x + 20}" y1="${y - 4}" y2="${y - 4}" stroke="${se.color}" stroke-width="2"${se.dash ? ' stroke-dasharray="6 4"' : ''}/>` : `<circle cx="${x + 10}" cy="${y - 4}" r="4" fill="${se.color}"/>`);
      out.push(`<text x="${x + 26}" y="${y}" class="legend">${escapeHtml(se.label!)}</text>`);
    });
    if (labelled.length) out.splice(out.length - 2 * labelled.length, 0, `<rect x="${boxX}" y="${boxY}" width="152" height="${labelled.length * 16 + 6}" fill="#ffffff" fill-opacity="0.85" stroke="#e2e8f0"/>`);
    out.push('</g>');
    return out.join('\n');
  }
}

function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(Math.max(lo, 1e-300))); e <= Math.ceil(Math.log10(Math.max(hi, 1e-300))); e++) {
    const v = Math.pow(10, e);
    if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
  }
  return out.length ? out : [lo, hi];
}

/** One SVG document of panels in a row (or a grid with `columns`). */
export function figure(panels: readonly Panel[], options: { columns?: number; title?: string } = {}): string {
  const cols = Math.min(options.columns ?? panels.length, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const w = Math.max(...panels.map((p) => p.width));
  const h = Math.max(...panels.map((p) => p.height));
  const top = options.title ? 30 : 0;
  const width = cols * w;
  const height = rows * h + top;
  const groups = panels.map((p, i) => p.render((i % cols) * w, top + Math.floor(i / cols) * h));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">
<style>.tick{font-size:11px;fill:#334155}.label{font-size:12px;fill:#1e293b}.title{font-size:13px;font-weight:bold;fill:#0f172a}.legend{font-size:11px;fill:#1e293b}</style>
<rect width="100%" height="100%" fill="#ffffff"/>
${options.title ? `<text x="${width / 2}" y="20" text-anchor="middle" class="title">${escapeHtml(options.title)}</text>` : ''}
${groups.join('\n')}
</svg>
`;
}
