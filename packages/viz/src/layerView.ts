/**
 * The layer view of a network for one example: per unit its pre-activation z, its output u = g(z)
 * and δ = ∂E/∂z, the weights between layers, and under the network the delta rule written out with
 * this example's numbers: δₖ = g′(zₖ)(uₖ − tₖ) at the output, δⱼ = g′(zⱼ) Σₖ wₖⱼ δₖ below. Small
 * networks (the notes' 2-3-1) show every unit and fit a slide; wide ones (tensor MLPs) show the
 * vectors z, u, δ per layer and the rule as δ = g′(z) ⊙ Wᵀδ. Takes plain numbers (`layerStates` in
 * @chalkgrad/nn makes them), so viz does not depend on nn.
 */
import { extent, fmt, fmtFactor } from '@chalkgrad/core';
import { escapeXml } from './escape';
import { type Box, type Point, crossing } from './geometry';
import { wrap } from './plot/figure';
import { textWidth } from './text';
import { type Theme, type ThemeOption, themeOf } from './theme';

export interface LayerStateLike {
  name: string;
  activation: string;
  z: readonly number[];
  u: readonly number[];
  dg: readonly number[];
  delta: readonly number[];
  weights: readonly (readonly number[])[];
}

export interface NetworkStateLike {
  from?: 'values' | 'tensors';
  input: readonly number[];
  target: readonly number[];
  loss: number;
  dLdu: readonly number[];
  layers: readonly LayerStateLike[];
}

export interface LayerViewOptions {
  title?: string;
  theme?: ThemeOption;
  /** Significant digits. Default 4. */
  digits?: number;
  /** 'units': a box per unit (default up to 6 units a layer); 'vectors': z, u, δ as vectors per layer. */
  style?: 'units' | 'vectors';
}

const SIZE = { text: 15, small: 12, title: 20 };
const LH = 1.4;
const M = 24;
const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number) => [...String(n)].map((d) => SUB[Number(d)]).join('');
const SYMBOL: Record<string, string> = { sigmoid: 'σ', tanh: 'tanh', relu: 'ReLU', leakyRelu: 'LReLU', softplus: 'softplus', identity: '' };
const symbol = (act: string) => SYMBOL[act] ?? act;
/** g(z) and g′(z) as the rule writes them (the identity's derivative is 1). */
const applied = (act: string) => (symbol(act) ? `${symbol(act)}(z)` : 'z');
const prime = (act: string) => (symbol(act) ? `${symbol(act)}′(z)` : '1');

function text(x: number, y: number, s: string, size: number, fill: string, extra = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" fill="${fill}"${extra}>${escapeXml(s)}</text>`;
}

/** The SVG of the layer view. */
export function layerView(state: NetworkStateLike, options: LayerViewOptions = {}): string {
  if (state.layers.length === 0) throw new RangeError('layerView: the network has no layers');
  const t = themeOf(options.theme);
  const digits = options.digits ?? 4;
  const n = (x: number, factor = false) => (factor ? fmtFactor(x, digits) : fmt(x, digits));
  const style = options.style ?? (state.from !== 'tensors' && state.layers.every((l) => l.z.length <= 6) && state.input.length <= 6 ? 'units' : 'vectors');
  const picture = style === 'units' ? unitsPicture(state, t, n) : vectorsPicture(state, t, n);
  const rules = deltaRule(state, style, n);
  const ruleW = Math.max(...rules.map((r) => textWidth(r.s, SIZE.text, r.bold)));
  const width = Math.ceil(Math.max(picture.width, ruleW) + 2 * M);
  const titleLines = options.title ? wrap(options.title, width - 2 * M, SIZE.title, true) : [];
  const top = M + titleLines.length * SIZE.title * LH + (titleLines.length ? 8 : 0);
  const rulesTop = top + picture.height + 18;
  const height = Math.ceil(rulesTop + rules.length * SIZE.text * LH + M);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title ?? 'the layers of a network with the delta rule')}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="${t.background}"/>`,
    ...titleLines.map((l, i) => text(width / 2, M + (i + 0.8) * SIZE.title * LH, l, SIZE.title, t.text, ' text-anchor="middle" font-weight="bold"')),
    `<g transform="translate(${((width - picture.width) / 2).toFixed(1)},${top.toFixed(1)})">${picture.svg}</g>`,
    ...rules.map((r, i) => text(M, rulesTop + (i + 0.8) * SIZE.text * LH, r.s, SIZE.text, t.text, r.bold ? ' font-weight="bold"' : '')),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}

type Num = (x: number, factor?: boolean) => string;

/** The rule per unit (or per layer, for vectors), from the output down. */
function deltaRule(state: NetworkStateLike, style: 'units' | 'vectors', n: Num): { s: string; bold?: boolean }[] {
  const L = state.layers;
  const out: { s: string; bold?: boolean }[] = [{ s: 'the delta rule with this example\'s numbers (E = ½Σ(u − t)²):', bold: true }];
  const vec = (xs: readonly number[]) => `[${xs.slice(0, 3).map((x) => n(x)).join(', ')}${xs.length > 3 ? ', …' : ''}]`;
  for (let l = L.length - 1; l >= 0; l--) {
    const layer = L[l];
    const g = prime(layer.activation);
    const next = L[l + 1];
    if (style === 'vectors') {
      const back = next ? layer.z.map((_, j) => next.weights.reduce((s, row, k) => s + row[j] * next.delta[k], 0)) : state.dLdu;
      out.push({ s: `δ(${layer.name}) = ${g} ⊙ ${next ? `(W(${next.name})ᵀ δ(${next.name}))` : '(u − t)'} = ${vec(layer.dg)} ⊙ ${vec(back)} = ${vec(layer.delta)}` });
      continue;
    }
    layer.z.forEach((_, j) => {
      const name = `δ(${layer.name}.N${j + 1})`;
      if (!next) {
        out.push({ s: `${name} = ${g}·(u − t) = ${n(layer.dg[j])} × ${n(state.dLdu[j], true)} = ${n(layer.delta[j])}` });
        return;
      }
      const terms = next.weights.map((row, k) => `${n(row[j])} × ${n(next.delta[k], true)}`);
      const sum = terms.length > 4 ? `${terms.slice(0, 3).join(' + ')} + … (${terms.length} terms)` : terms.join(' + ');
      out.push({ s: `${name} = ${g}·Σₖ wₖ${sub(j + 1)} δₖ = ${n(layer.dg[j])} × (${sum}) = ${n(layer.delta[j])}` });
    });
  }
  return out;
}

/** A box per unit: inputs on the left, every weight on its edge, E on the right. */
function unitsPicture(state: NetworkStateLike, t: Theme, n: Num): { svg: string; width: number; height: number } {
  const lh = SIZE.text * LH;
  const unitLines = (l: LayerStateLike, j: number) => [`${l.name}.N${j + 1}`, `z = ${n(l.z[j])}`, `u = ${applied(l.activation)} = ${n(l.u[j])}`, `δ = ${n(l.delta[j])}`];
  const columns = [state.input.map((x, i) => [`x${sub(i + 1)}`, n(x)]), ...state.layers.map((l) => l.z.map((_, j) => unitLines(l, j)))];
  const boxW = extent(columns.flat().map((lines) => extent(lines.map((s, i) => textWidth(s, SIZE.text, i === 0)))[1]))[1] + 24;
  const boxH = (lines: readonly string[]) => lines.length * lh + 12;
  // room for each weight's label on its edge away from the crossings: more for more edges
  const labelW = textWidth('w = -0.0000', SIZE.small);
  const gaps = state.layers.map((l) => {
    const edges = l.weights.length * (l.weights[0]?.length ?? 0);
    return Math.max(150, labelW * (edges <= 9 ? 3 : edges <= 16 ? 3.5 : 3.5 + (edges - 16) / 10));
  });
  const rowH = extent(columns.flat().map(boxH))[1] + 22;
  const height = Math.max(...columns.map((c) => c.length)) * rowH;
  const cx = (c: number) => boxW / 2 + c * boxW + gaps.slice(0, c).reduce((a, g) => a + g, 0);
  const cy = (c: number, k: number) => (height - columns[c].length * rowH) / 2 + (k + 0.5) * rowH;
  const out: string[] = [];
  state.layers.forEach((layer, l) => {
    const edges = layer.weights.flatMap((row, j) => row.map((w, i): WeightEdge => ({ a: [cx(l) + boxW / 2, cy(l, i)], b: [cx(l + 1) - boxW / 2, cy(l + 1, j)], w, label: `w = ${n(w)}` })));
    const places = labelPlaces(edges);
    edges.forEach((e) => {
      const colour = e.w >= 0 ? t.positive : t.negative;
      out.push(`<line x1="${e.a[0].toFixed(1)}" y1="${e.a[1].toFixed(1)}" x2="${e.b[0].toFixed(1)}" y2="${e.b[1].toFixed(1)}" stroke="${colour}" stroke-width="1.6"/>`);
    });
    // labels over every line, each on a patch of the background: its own edge runs into it and out again
    edges.forEach((e, k) => {
      const p = places[k];
      out.push(`<rect x="${(p.x - p.w / 2).toFixed(1)}" y="${(p.y - p.h / 2).toFixed(1)}" width="${p.w.toFixed(1)}" height="${p.h.toFixed(1)}" rx="3" fill="${t.background}"/>`);
      out.push(text(p.x, p.y + SIZE.small * 0.36, e.label, SIZE.small, e.w >= 0 ? t.positive : t.negative, ' text-anchor="middle"'));
    });
  });
  columns.forEach((col, c) => col.forEach((lines, k) => {
    const h = boxH(lines);
    const [x, y] = [cx(c) - boxW / 2, cy(c, k) - h / 2];
    const fill = c === 0 ? t.kinds.input : c === columns.length - 1 ? t.kinds.output : t.kinds.op;
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${boxW.toFixed(1)}" height="${h.toFixed(1)}" rx="7" fill="${fill}" stroke="${t.border}"/>`);
    lines.forEach((s, i) => out.push(text(cx(c), y + 6 + (i + 0.75) * lh, s, SIZE.text, t.text, ` text-anchor="middle"${i === 0 ? ' font-weight="bold"' : ''}`)));
  }));
  // the loss beside the output
  const last = columns.length - 1;
  const lossLines = [`E = ${n(state.loss)}`, `t = ${state.target.map((x) => n(x)).join(', ')}`];
  const lossX = cx(last) + boxW / 2 + 24;
  lossLines.forEach((s, i) => out.push(text(lossX, height / 2 + (i - 0.5) * lh + 5, s, SIZE.text, t.text)));
  const width = cx(last) + boxW / 2 + 24 + Math.max(...lossLines.map((s) => textWidth(s, SIZE.text)));
  return { svg: out.join('\n'), width, height };
}

interface WeightEdge { a: Point; b: Point; w: number; label: string }

/**
 * Where each weight's label goes: centred on its own edge (the line runs into the text and out
 * again), at the point whose label box meets no other label and no other edge near its middle,
 * within the gap between the columns, and otherwise as near the source as can be: there the edges
 * into one unit are still a row apart, where near the head they meet. Placed one by one, then
 * each placed again among the others until none moves (a few rounds).
 */
function labelPlaces(edges: readonly WeightEdge[]): Box[] {
  const h = SIZE.small * 1.2;
  const places: (Box | null)[] = edges.map(() => null);
  for (let round = 0; round < 4; round++) {
    let moved = false;
    edges.forEach((e, i) => {
      const best = bestPlace(edges, i, places, h);
      if (best.x !== places[i]?.x) moved = true;
      places[i] = best;
    });
    if (!moved) break;
  }
  return places as Box[];
}

function bestPlace(edges: readonly WeightEdge[], i: number, places: readonly (Box | null)[], h: number): Box {
  const e = edges[i];
  const w = textWidth(e.label, SIZE.small) + 6;
  let best: { box: Box; score: number } | null = null;
  for (let t = 0.05; t <= 0.951; t += 0.025) {
    const box = { x: e.a[0] + (e.b[0] - e.a[0]) * t, y: e.a[1] + (e.b[1] - e.a[1]) * t, w, h };
    if (box.x - w / 2 < e.a[0] + 2 || box.x + w / 2 > e.b[0] - 2) continue;
    const overlaps = places.filter((p, k) => k !== i && p && Math.abs(p.x - box.x) * 2 < p.w + box.w + 4 && Math.abs(p.y - box.y) * 2 < p.h + box.h + 2).length;
    const others = edges.filter((o, k) => k !== i && crossing(o.a, o.b, box));
    // another edge through the middle of the label would make it read as that edge's too
    const central = others.filter((o) => crossing(o.a, o.b, { ...box, w: box.w / 2, h: box.h / 2 })).length;
    const score = overlaps * 1000 + central * 100 + others.length * 10 + t;
    if (!best || score < best.score) best = { box, score };
  }
  // a gap too narrow for the text: the middle of the edge
  return best?.box ?? { x: (e.a[0] + e.b[0]) / 2, y: (e.a[1] + e.b[1]) / 2, w, h };
}

/** Per layer the vectors z, u and δ (their first entries), weights as arrows between layers. */
function vectorsPicture(state: NetworkStateLike, t: Theme, n: Num): { svg: string; width: number; height: number } {
  const lh = SIZE.small * LH;
  const SHOW = 8;
  const column = (name: string, xs: readonly number[]) => [name, ...xs.slice(0, SHOW).map((x) => n(x)), ...(xs.length > SHOW ? [`⋮ (${xs.length - SHOW} more)`] : [])];
  const boxes = [
    { head: `input (${state.input.length})`, cols: [column('x', state.input)] },
    ...state.layers.map((l) => ({ head: `${l.name}: ${l.activation}, ${l.z.length} units`, cols: [column('z', l.z), column('u', l.u), column('δ', l.delta)] })),
  ];
  const colW = (c: string[]) => extent(c.map((s) => textWidth(s, SIZE.small)))[1] + 14;
  const sizes = boxes.map((b) => ({ w: Math.max(textWidth(b.head, SIZE.small, true) + 16, b.cols.reduce((s, c) => s + colW(c), 0) + 12), h: (Math.max(...b.cols.map((c) => c.length)) + 1) * lh + 16 }));
  const gap = 90;
  const height = Math.max(...sizes.map((s) => s.h));
  const out: string[] = [];
  let x = 0;
  boxes.forEach((b, i) => {
    const { w, h } = sizes[i];
    const y = (height - h) / 2;
    if (i > 0) {
      const weights = state.layers[i - 1].weights;
      out.push(`<line x1="${(x - gap + 6).toFixed(1)}" y1="${height / 2}" x2="${(x - 8).toFixed(1)}" y2="${height / 2}" stroke="${t.edge}" stroke-width="1.6"/><polygon points="${x - 2},${height / 2} ${x - 10},${height / 2 - 4} ${x - 10},${height / 2 + 4}" fill="${t.edge}"/>`);
      out.push(text(x - gap / 2, height / 2 - 6, `W ${weights.length}×${weights[0]?.length ?? 0}`, SIZE.small, t.text, ' text-anchor="middle"'));
    }
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" rx="7" fill="${i === 0 ? t.kinds.input : i === boxes.length - 1 ? t.kinds.output : t.kinds.op}" stroke="${t.border}"/>`);
    out.push(text(x + w / 2, y + 6 + 0.8 * lh, b.head, SIZE.small, t.text, ' text-anchor="middle" font-weight="bold"'));
    let cxl = x + 6;
    for (const c of b.cols) {
      c.forEach((s, k) => out.push(text(cxl + colW(c) / 2, y + 6 + (k + 1.8) * lh, s, SIZE.small, t.text, ` text-anchor="middle"${k === 0 ? ' font-weight="bold"' : ''}`)));
      cxl += colW(c);
    }
    x += w + gap;
  });
  return { svg: out.join('\n'), width: x - gap, height };
}
