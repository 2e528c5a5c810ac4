/**
 * A small SVG plotting kit (no browser, no native code): axes with round ticks, lines, points,
 * a heatmap, contour lines (marching squares), a legend, and several panels side by side. Colours
 * come from the theme at drawing time; the legend goes where it covers no data (inside a corner
 * when one is free, else below the axes); titles wrap instead of running off the picture.
 */
import { extent } from '@chalkgrad/core';
import { escapeHtml } from '../escape';
import { textWidth } from '../text';
import { type Theme, type ThemeOption, nth, themeOf } from '../theme';

export interface PanelOptions {
  title?: string;
  xlabel?: string;
  ylabel?: string;
  xrange?: [number, number];
  yrange?: [number, number];
  logY?: boolean;
  width?: number;
  height?: number;
  /** The corner the legend prefers when it covers no data there. Default 'top-right'. */
  legend?: Corner;
}

type Corner = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
/** A colour, or the index of one in the theme's series (or, for heatmaps, regions) colours. */
export type PlotColor = string | number;
interface Series { kind: 'line' | 'points'; xs: number[]; ys: number[]; color: PlotColor; label?: string; dash?: boolean; radius?: number }

const TITLE = 13;
const LEGEND = 11;
const ROW = 16;

/** Words of `text` in lines at most `width` pixels wide at `size` (a word longer than that keeps its own line). */
export function wrap(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`, size, bold) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

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
  /** The plot's height; the panel is taller by the rows of a legend that had to go below. */
  readonly plotHeight: number;
  private readonly series: Series[] = [];
  /** Backgrounds (heatmaps, contours), drawn in the theme's colours. */
  private readonly layers: ((t: Theme) => string)[] = [];
  private readonly m: { left: number; right: number; top: number; bottom: number };
  private readonly titleLines: string[];
  private xr: [number, number] | undefined;
  private yr: [number, number] | undefined;

  constructor(readonly options: PanelOptions = {}) {
    this.width = options.width ?? 480;
    this.plotHeight = options.height ?? 320;
    this.xr = options.xrange;
    this.yr = options.yrange;
    this.titleLines = options.title ? wrap(options.title, this.width - 24, TITLE, true) : [];
    this.m = { left: 58, right: 16, top: 14 + ROW * Math.max(1, this.titleLines.length), bottom: 44 };
  }

  line(xs: readonly number[], ys: readonly number[], style: { color?: PlotColor; label?: string; dash?: boolean } = {}): this {
    this.series.push({ kind: 'line', xs: [...xs], ys: [...ys], color: style.color ?? this.series.length, label: style.label, dash: style.dash });
    return this;
  }

  points(xs: readonly number[], ys: readonly number[], style: { color?: PlotColor; label?: string; radius?: number } = {}): this {
    this.series.push({ kind: 'points', xs: [...xs], ys: [...ys], color: style.color ?? this.series.length, label: style.label, radius: style.radius });
    return this;
  }

  /** The panel's full height: the plot and, if no corner was free, the legend rows below it. */
  get height(): number {
    const legend = this.legendPlace();
    return this.plotHeight + (legend.corner ? 0 : legend.rows * ROW + 8);
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
    const H = this.plotHeight - top - bottom;
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
  heatmap(nx: number, ny: number, color: (i: number, j: number) => PlotColor): this {
    const s = this.scales();
    const cw = s.W / nx;
    const ch = s.H / ny;
    const cells: { at: string; c: PlotColor }[] = [];
    for (let j = 0; j < ny; j++) {
      // one rect per run of equal colour along the row: a fraction of the size of one per cell
      for (let i = 0; i < nx; ) {
        const c = color(i, j);
        let end = i + 1;
        while (end < nx && color(end, j) === c) end++;
        cells.push({ at: `x="${(this.m.left + i * cw).toFixed(2)}" y="${(this.m.top + s.H - (j + 1) * ch).toFixed(2)}" width="${((end - i) * cw + 0.5).toFixed(2)}" height="${(ch + 0.5).toFixed(2)}"`, c });
        i = end;
      }
    }
    this.layers.push((t) => `<g shape-rendering="crispEdges">${cells.map((r) => `<rect ${r.at} fill="${typeof r.c === 'number' ? nth(t.regions, r.c) : r.c}"/>`).join('')}</g>`);
    return this;
  }

  /** Contour lines of f over the ranges at the given levels (marching squares on an n×n grid). */
  contours(f: (x: number, y: number) => number, levels: readonly number[], n = 80, color?: string): this {
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
    this.layers.push((t) => `<path d="${segs.join('')}" fill="none" stroke="${color ?? t.muted}" stroke-opacity="${color ? 1 : 0.55}" stroke-width="0.8"/>`);
    return this;
  }

  private labelled(): Series[] {
    return this.series.filter((se) => se.label);
  }

  private legendSize(): { w: number; h: number } {
    const items = this.labelled();
    return { w: Math.max(0, ...items.map((se) => textWidth(se.label!, LEGEND))) + 40, h: items.length * ROW + 6 };
  }

  /** Pixels of the data (line samples and points) in plot coordinates. */
  private dataPixels(): [number, number][] {
    const s = this.scales();
    const out: [number, number][] = [];
    for (const se of this.series) {
      const pts = se.xs.map((x, i): [number, number] => [s.x(x), s.y(se.ys[i])]).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
      pts.forEach((p, i) => {
        out.push(p);
        const q = pts[i + 1];
        // a sample every 4 pixels along a segment (at most 400: a point far off the axes is clipped anyway)
        if (se.kind === 'line' && q) for (let k = 1, n = Math.min(400, Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / 4)); k < n; k++) out.push([p[0] + ((q[0] - p[0]) * k) / n, p[1] + ((q[1] - p[1]) * k) / n]);
      });
    }
    return out;
  }

  /** The legend's place: the first free corner (the preferred one first), else below the plot in rows that fit its width. */
  private legendPlace(): { corner?: Corner; x: number; y: number; rows: number } {
    const items = this.labelled();
    if (items.length === 0) return { corner: 'top-right', x: 0, y: 0, rows: 0 };
    const s = this.scales();
    const { left, top } = this.m;
    const size = this.legendSize();
    const at = (c: Corner) => ({ x: c.endsWith('left') ? left + 4 : left + s.W - size.w - 4, y: c.startsWith('top') ? top + 4 : top + s.H - size.h - 4 });
    const prefer = this.options.legend ?? 'top-right';
    const corners: Corner[] = [prefer, ...(['top-right', 'top-left', 'bottom-right', 'bottom-left'] as Corner[]).filter((c) => c !== prefer)];
    const data = this.dataPixels();
    for (const c of corners) {
      const p = at(c);
      if (size.w <= s.W - 8 && !data.some(([x, y]) => x >= p.x - 3 && x <= p.x + size.w + 3 && y >= p.y - 3 && y <= p.y + size.h + 3)) return { corner: c, ...p, rows: items.length };
    }
    const perRow = Math.max(1, Math.floor((this.width - 20) / (size.w - 6)));
    return { x: 10, y: this.plotHeight + 2, rows: Math.ceil(items.length / perRow) };
  }

  /** The panel's SVG group, placed at (dx, dy). */
  render(dx = 0, dy = 0, theme: ThemeOption = 'light'): string {
    const t = themeOf(theme);
    const s = this.scales();
    const { left, top } = this.m;
    const color = (c: PlotColor) => (typeof c === 'number' ? nth(t.series, c) : c);
    const out: string[] = [`<g transform="translate(${dx},${dy})">`];
    out.push(`<defs><clipPath id="clip${dx}_${dy}"><rect x="${left}" y="${top}" width="${s.W}" height="${s.H}"/></clipPath></defs>`);
    out.push(`<rect x="${left}" y="${top}" width="${s.W}" height="${s.H}" fill="${t.background}" stroke="${t.grid}"/>`);
    out.push(`<g clip-path="url(#clip${dx}_${dy})">${this.layers.map((l) => l(t)).join('')}</g>`);
    const xt = ticks(s.xr[0], s.xr[1]);
    const yt = this.options.logY ? logTicks(s.yr[0], s.yr[1]) : ticks(s.yr[0], s.yr[1]);
    for (const v of xt) out.push(`<line x1="${s.x(v)}" x2="${s.x(v)}" y1="${top + s.H}" y2="${top + s.H + 4}" stroke="${t.border}"/><text x="${s.x(v)}" y="${top + s.H + 16}" text-anchor="middle" class="tick">${num(v)}</text>`);
    for (const v of yt) out.push(`<line x1="${left - 4}" x2="${left}" y1="${s.y(v)}" y2="${s.y(v)}" stroke="${t.border}"/><line x1="${left}" x2="${left + s.W}" y1="${s.y(v)}" y2="${s.y(v)}" stroke="${t.grid}"/><text x="${left - 7}" y="${s.y(v) + 4}" text-anchor="end" class="tick">${num(v)}</text>`);
    const clip = `clip-path="url(#clip${dx}_${dy})"`;
    for (const se of this.series) {
      if (se.kind === 'line') {
        const d = se.xs.map((x, i) => (Number.isFinite(se.ys[i]) ? `${s.x(x).toFixed(2)},${s.y(se.ys[i]).toFixed(2)}` : '')).filter(Boolean).join(' ');
        out.push(`<polyline points="${d}" fill="none" stroke="${color(se.color)}" stroke-width="2"${se.dash ? ' stroke-dasharray="6 4"' : ''} ${clip}/>`);
      } else {
        out.push(`<g fill="${color(se.color)}" stroke="${t.background}" stroke-width="0.6" ${clip}>${se.xs.map((x, i) => `<circle cx="${s.x(x).toFixed(2)}" cy="${s.y(se.ys[i]).toFixed(2)}" r="${se.radius ?? 3.2}"/>`).join('')}</g>`);
      }
    }
    const o = this.options;
    this.titleLines.forEach((line, i) => out.push(`<text x="${left + s.W / 2}" y="${top - 10 - ROW * (this.titleLines.length - 1 - i)}" text-anchor="middle" class="title">${escapeHtml(line)}</text>`));
    if (o.xlabel) out.push(`<text x="${left + s.W / 2}" y="${this.plotHeight - 8}" text-anchor="middle" class="label">${escapeHtml(o.xlabel)}</text>`);
    if (o.ylabel) out.push(`<text transform="translate(14,${top + s.H / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeHtml(o.ylabel)}</text>`);
    out.push(this.legend(t, color));
    out.push('</g>');
    return out.join('\n');
  }

  private legend(t: Theme, color: (c: PlotColor) => string): string {
    const items = this.labelled();
    if (items.length === 0) return '';
    const place = this.legendPlace();
    const size = this.legendSize();
    const perRow = place.corner ? 1 : Math.ceil(items.length / place.rows);
    const out = place.corner ? [`<rect x="${place.x}" y="${place.y}" width="${size.w}" height="${size.h}" fill="${t.background}" fill-opacity="0.9" stroke="${t.grid}"/>`] : [];
    items.forEach((se, i) => {
      const x = place.x + 6 + (i % perRow) * (size.w - 6);
      const y = place.y + 15 + Math.floor(i / perRow) * ROW;
      out.push(se.kind === 'line' ? `<line x1="${x}" x2="${x + 20}" y1="${y - 4}" y2="${y - 4}" stroke="${color(se.color)}" stroke-width="2"${se.dash ? ' stroke-dasharray="6 4"' : ''}/>` : `<circle cx="${x + 10}" cy="${y - 4}" r="4" fill="${color(se.color)}"/>`);
      out.push(`<text x="${x + 26}" y="${y}" class="legend">${escapeHtml(se.label!)}</text>`);
    });
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

export interface FigureOptions {
  columns?: number;
  title?: string;
  theme?: ThemeOption;
}

/** One SVG document of panels in a row (or a grid with `columns`). */
export function figure(panels: readonly Panel[], options: FigureOptions = {}): string {
  const t = themeOf(options.theme);
  const cols = Math.min(options.columns ?? panels.length, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const w = Math.max(...panels.map((p) => p.width));
  const h = Math.max(...panels.map((p) => p.height));
  const titleLines = options.title ? wrap(options.title, cols * w - 24, TITLE, true) : [];
  const top = titleLines.length ? 12 + ROW * titleLines.length : 0;
  const width = cols * w;
  const height = rows * h + top;
  const groups = panels.map((p, i) => p.render((i % cols) * w, top + Math.floor(i / cols) * h, t));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">
<style>.tick{font-size:11px;fill:${t.muted}}.label{font-size:12px;fill:${t.text}}.title{font-size:${TITLE}px;font-weight:bold;fill:${t.text}}.legend{font-size:${LEGEND}px;fill:${t.text}}</style>
<rect width="100%" height="100%" fill="${t.background}"/>
${titleLines.map((l, i) => `<text x="${width / 2}" y="${20 + ROW * i}" text-anchor="middle" class="title">${escapeHtml(l)}</text>`).join('\n')}
${groups.join('\n')}
</svg>
`;
}
