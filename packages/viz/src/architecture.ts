/**
 * A network architecture diagram in the TensorFlow Playground look: columns of neurons, every
 * weight an edge coloured by sign (blue positive, orange negative) and as thick as its size,
 * optionally labelled with its gradient. Takes the weight matrices, so any model can be drawn.
 * One geometry, two writers: SVG (pages, hover titles with weight and gradient) and TikZ (slides).
 */
import { fmt } from '@chalkgrad/core';
import { escapeHtml, escapeTex } from './escape';
import { wrap } from './plot/figure';
import { type Theme, type ThemeOption, themeOf } from './theme';

export interface LayerWeights {
  /** `weights[j][i]`: from unit i of the previous layer to unit j of this one. */
  weights: readonly (readonly number[])[];
  grads?: readonly (readonly number[])[];
  name?: string;
}

export interface ArchitectureOptions {
  /** Label each edge with its weight's gradient (small networks). */
  showGradients?: boolean;
  /** At most this many units are drawn per column; the rest stand behind an ellipsis. Default 12. */
  maxUnits?: number;
  title?: string;
  /** The colours (weights by sign, units by kind): 'light' (default) or 'dark'. */
  theme?: ThemeOption;
}

interface Link {
  layer: number;
  /** Unit j of layer `layer` + 1 reads unit i of layer `layer`. */
  j: number;
  i: number;
  x1: number; y1: number; x2: number; y2: number;
  weight: number;
  grad: number | undefined;
  /** |w| relative to the largest |w|, in [0, 1]. */
  size: number;
  /** Where along the edge its gradient label sits, so labels of one column do not stack. */
  labelAt: number;
}

type UnitKind = 'input' | 'hidden' | 'output';
const unitFill = (t: Theme): Record<UnitKind, string> => ({ input: t.kinds.input, hidden: t.kinds.op, output: t.kinds.output });

interface Unit { kind: UnitKind; x: number; y: number }

interface Geometry {
  width: number;
  height: number;
  top: number;
  /** The title in lines that fit the width. */
  titleLines: string[];
  links: Link[];
  units: Unit[];
  /** Ellipses standing for the units not drawn. */
  gaps: { x: number; y: number }[];
  heads: { x: number; text: string }[];
}

function geometry(layers: readonly LayerWeights[], options: ArchitectureOptions, caller: string): Geometry {
  if (layers.length === 0) throw new RangeError(`${caller}: no layers`);
  const maxUnits = options.maxUnits ?? 12;
  const sizes = [layers[0].weights[0]?.length ?? 0, ...layers.map((l) => l.weights.length)];
  const shown = (n: number) => (n <= maxUnits ? [...Array(n).keys()] : [...Array(maxUnits - 2).keys(), -1, n - 1]);
  const colW = 170;
  const rowH = 44;
  const width = 60 + (sizes.length - 1) * colW + 60;
  const titleLines = options.title ? wrap(options.title, width - 24, 14, true) : [];
  const top = 36 + 18 * titleLines.length;
  const cols = sizes.map((n) => shown(n));
  const height = top + Math.max(...cols.map((c) => c.length)) * rowH + 20;
  const cx = (c: number) => 60 + c * colW;
  const cy = (c: number, k: number) => top + (height - top - 20 - cols[c].length * rowH) / 2 + k * rowH + rowH / 2;
  let maxW = 1e-12;
  for (const l of layers) for (const row of l.weights) for (const w of row) maxW = Math.max(maxW, Math.abs(w));
  const links: Link[] = [];
  layers.forEach((layer, l) => {
    cols[l + 1].forEach((j, kj) => {
      if (j < 0) return;
      cols[l].forEach((i, ki) => {
        if (i < 0) return;
        const weight = layer.weights[j][i];
        links.push({
          layer: l, j, i, x1: cx(l) + 14, y1: cy(l, ki), x2: cx(l + 1) - 14, y2: cy(l + 1, kj),
          weight, grad: layer.grads?.[j]?.[i], size: Math.abs(weight) / maxW, labelAt: 0.3 + (0.4 * ((ki + kj) % 3)) / 2,
        });
      });
    });
  });
  const units: Unit[] = [];
  const gaps: { x: number; y: number }[] = [];
  cols.forEach((col, c) => col.forEach((u, k) => {
    if (u < 0) gaps.push({ x: cx(c), y: cy(c, k) });
    else units.push({ kind: c === 0 ? 'input' : c === cols.length - 1 ? 'output' : 'hidden', x: cx(c), y: cy(c, k) });
  }));
  const heads = sizes.map((n, c) => ({ x: cx(c), text: `${c === 0 ? 'input' : layers[c - 1].name ?? `layer ${c}`} (${n})` }));
  return { width, height, top, titleLines, links, units, gaps, heads };
}

/**
 * The diagram as SVG. Each edge is a `<line class="link">` with `data-layer`, `data-j`, `data-i`
 * (a page finds the weight under the pointer) and a title with its weight and gradient.
 */
export function architectureSvg(layers: readonly LayerWeights[], options: ArchitectureOptions = {}): string {
  const g = geometry(layers, options, 'architectureSvg');
  const t = themeOf(options.theme);
  const fill = unitFill(t);
  const out: string[] = [];
  for (const k of g.links) {
    const title = `w[${k.j},${k.i}] = ${fmt(k.weight, 4)}${k.grad === undefined ? '' : `, gradient ${fmt(k.grad, 4)}`}`;
    out.push(`<line class="link" data-layer="${k.layer}" data-j="${k.j}" data-i="${k.i}" x1="${k.x1}" y1="${k.y1.toFixed(1)}" x2="${k.x2}" y2="${k.y2.toFixed(1)}" stroke="${k.weight >= 0 ? t.positive : t.negative}" stroke-width="${(0.5 + 4.5 * k.size).toFixed(2)}" stroke-opacity="${(0.25 + 0.65 * k.size).toFixed(2)}"><title>${escapeHtml(title)}</title></line>`);
    if (options.showGradients && k.grad !== undefined) {
      out.push(`<text x="${(k.x1 + (k.x2 - k.x1) * k.labelAt).toFixed(1)}" y="${(k.y1 + (k.y2 - k.y1) * k.labelAt - 2).toFixed(1)}" class="grad">${escapeHtml(fmt(k.grad, 2))}</text>`);
    }
  }
  for (const p of g.gaps) out.push(`<text x="${p.x}" y="${p.y + 5}" text-anchor="middle" class="unit">⋮</text>`);
  for (const u of g.units) out.push(`<circle cx="${u.x}" cy="${u.y.toFixed(1)}" r="13" fill="${fill[u.kind]}" stroke="${t.border}"/>`);
  for (const h of g.heads) out.push(`<text x="${h.x}" y="${g.top - 14}" text-anchor="middle" class="head">${escapeHtml(h.text)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" font-family="DejaVu Sans, sans-serif">
<style>.head{font-size:12px;font-weight:bold;fill:${t.text}}.grad{font-size:9px;fill:${t.muted}}.unit{font-size:18px;fill:${t.text}}.title{font-size:14px;font-weight:bold;fill:${t.text}}</style>
<rect width="100%" height="100%" fill="${t.background}"/>
${g.titleLines.map((l, i) => `<text x="${g.width / 2}" y="${22 + 18 * i}" text-anchor="middle" class="title">${escapeHtml(l)}</text>`).join('\n')}
${out.join('\n')}
</svg>
`;
}

/** The same diagram as a LaTeX document with a TikZ picture (article + tikz: compiles with a standard install). */
export function architectureTikz(layers: readonly LayerWeights[], options: ArchitectureOptions = {}): string {
  const g = geometry(layers, options, 'architectureTikz');
  const t = themeOf(options.theme);
  const fill = unitFill(t);
  const cm = 2 / 72; // 72 SVG pixels to 2 cm
  const p = (x: number, y: number) => `(${(x * cm).toFixed(2)},${(-y * cm).toFixed(2)})`;
  const body: string[] = [];
  for (const k of g.links) {
    const color = k.weight >= 0 ? 'cgpos' : 'cgneg';
    body.push(`  \\draw[${color}, line width=${(0.2 + 1.8 * k.size).toFixed(2)}pt, opacity=${(0.25 + 0.65 * k.size).toFixed(2)}] ${p(k.x1, k.y1)} -- ${p(k.x2, k.y2)};`);
    if (options.showGradients && k.grad !== undefined) {
      body.push(`  \\node[grad] at ${p(k.x1 + (k.x2 - k.x1) * k.labelAt, k.y1 + (k.y2 - k.y1) * k.labelAt - 4)} {${escapeTex(fmt(k.grad, 2))}};`);
    }
  }
  for (const u of g.gaps) body.push(`  \\node at ${p(u.x, u.y)} {$\\vdots$};`);
  for (const u of g.units) body.push(`  \\node[unit, fill=cg${u.kind}] at ${p(u.x, u.y)} {};`);
  for (const h of g.heads) body.push(`  \\node[head] at ${p(h.x, g.top - 18)} {${escapeTex(h.text)}};`);
  g.titleLines.forEach((l, i) => body.push(`  \\node[font=\\bfseries] at ${p(g.width / 2, 18 + 18 * i)} {${escapeTex(l)}};`));
  const hex = (h: string) => h.slice(1).toUpperCase();
  // landscape page with 1 cm margins: about 25 × 17 cm of room
  const fit = Math.min(1, 25 / (g.width * cm + 1), 17 / (g.height * cm + 1));
  return `\\documentclass{article}
\\usepackage[margin=1cm,landscape]{geometry}
\\usepackage{tikz}
\\pagestyle{empty}
\\definecolor{cgpos}{HTML}{${hex(t.positive)}}
\\definecolor{cgneg}{HTML}{${hex(t.negative)}}
${(Object.keys(fill) as UnitKind[]).map((k) => `\\definecolor{cg${k}}{HTML}{${hex(fill[k])}}`).join('\n')}
\\begin{document}
\\centering
\\scalebox{${fit.toFixed(3)}}{%
\\begin{tikzpicture}[
  unit/.style={circle, draw=black!70, minimum size=0.72cm, inner sep=0pt},
  head/.style={font=\\small\\bfseries},
  grad/.style={font=\\tiny, text=black!70}]
${body.join('\n')}
\\end{tikzpicture}}
\\end{document}
`;
}
