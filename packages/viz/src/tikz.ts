/**
 * TikZ export of a graph for slides and notes: node positions from Graphviz's layout, the same
 * node texts and edge labels as the DOT diagram. Compiles with a standard LaTeX install
 * (article + tikz; `standalone` is not needed).
 */
import type { Tensor, Value } from '@chalkgrad/core';
import { type DotOptions, edgeText, forwardLegend, toDot } from './dot';
import { escapeTex } from './escape';
import { buildGraph } from './graph';
import { type LayoutEdge, layout } from './render';
import { themeOf } from './theme';

export interface TikzOptions extends DotOptions {
  /** Centimetres per Graphviz inch. Default 1.6. */
  scale?: number;
  /** A whole LaTeX document (default) or only the tikzpicture. */
  standalone?: boolean;
}

/** A tikzpicture, the colour definitions it needs, its size at its natural scale, and where it may be cut. */
export interface TikzPicture {
  /** `\\definecolor` lines (in the preamble or before the picture). */
  colors: string;
  picture: string;
  /** Centimetres, the size of the layout the nodes sit in. */
  width: number;
  height: number;
  /** Heights (cm from the bottom) of the lines across the picture that meet no node and no edge label, top first. */
  cuts: number[];
  /** The picture between two heights (cm from the bottom), the rest clipped away: one piece of a picture split over pages. */
  band(bottom: number, top: number): string;
}

/** The graph as a tikzpicture for a document of one's own (with tikz and arrows.meta), and its size to place it by. */
export async function tikzPicture(root: Value | Tensor, options: Omit<TikzOptions, 'standalone'> = {}): Promise<TikzPicture> {
  const g = buildGraph(root, options, 'toTikz');
  const lay = await layout(toDot(g, { ...options, legend: false, collapse: [] }));
  const k = (options.scale ?? 1.6) / 72;
  const pos = new Map(lay.nodes.map((n) => [n.name, n]));
  const digits = options.digits ?? 4;
  const show = { local: g.kind === 'value', formula: g.kind === 'tensor', flow: g.wrt !== undefined, ...options.edgeLabels };
  const t = themeOf(options.theme);
  const named = { ...t.kinds, text: t.text, border: t.border, edge: t.edge, background: t.background };
  const colors = Object.entries(named).map(([name, hex]) => `\\definecolor{cg${name}}{HTML}{${hex.slice(1).toUpperCase()}}`);
  const body: string[] = [];
  const at = ([x, y]: readonly [number, number]) => `(${(x * k).toFixed(2)}, ${(y * k).toFixed(2)})`;
  // what a cut must not cross: node boxes and edge labels, as [bottom, top] in points
  const solid: [number, number][] = [];
  for (const n of g.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const text = [`\\textbf{${escapeTex(n.title)}}`, ...(options.nodeDetails === false ? [] : n.lines.map(escapeTex))].join(' \\\\ ');
    // the box Graphviz laid out (larger if the text needs it), so edges end at its border
    body.push(`  \\node[box, fill=cg${n.kind}, minimum width=${(p.width * k).toFixed(2)}cm, minimum height=${(p.height * k).toFixed(2)}cm] (${n.id}) at ${at([p.x, p.y])} {${text}};`);
    solid.push([p.y - p.height / 2, p.y + p.height / 2]);
  }
  // each edge along Graphviz's spline (around the nodes, not through them), its label where Graphviz put it;
  // parallel edges (x·x) share tail and head: taken in order
  const splines = new Map<string, LayoutEdge[]>();
  for (const e of lay.edges) splines.set(`${e.tail}>${e.head}`, [...(splines.get(`${e.tail}>${e.head}`) ?? []), e]);
  const labelPt = options.labelFontsize ?? 9;
  for (const e of g.edges) {
    const spline = splines.get(`${e.from}>${e.to}`)?.shift();
    if (!spline) continue;
    const [start, ...rest] = spline.points;
    const curve = Array.from({ length: Math.floor(rest.length / 3) }, (_, i) => ` .. controls ${at(rest[3 * i])} and ${at(rest[3 * i + 1])} .. ${at(rest[3 * i + 2])}`).join('');
    body.push(`  \\draw[edge] ${at(start)}${curve}${spline.arrow ? ` -- ${at(spline.arrow)}` : ''};`);
    const lines = edgeText(e, show, digits, g.wrt);
    if (!lines.length || !spline.labelPos) continue;
    body.push(`  \\node[lbl] at ${at(spline.labelPos)} {${lines.map(escapeTex).join(' \\\\ ')}};`);
    const half = (lines.length * labelPt * 1.2) / 2;
    solid.push([spline.labelPos[1] - half, spline.labelPos[1] + half]);
  }
  const open = `\\begin{tikzpicture}[
  box/.style={draw=cgborder, text=cgtext, rounded corners=2pt, align=center, font=\\scriptsize, inner sep=1pt},
  edge/.style={-{Stealth[length=2mm]}, draw=cgedge},
  lbl/.style={fill=cgbackground, text=cgtext, inner sep=1pt, font=${labelPt >= 11 ? '\\scriptsize' : '\\tiny'}, align=center}]`;
  const picture = (clip = '') => `${open}\n${clip}${body.join('\n')}\n\\end{tikzpicture}\n`;
  const [w, h] = [lay.width * k, lay.height * k];
  return {
    colors: colors.join('\n'),
    picture: picture(),
    width: w,
    height: h,
    cuts: cutsBetween(solid, lay.height).map((y) => y * k),
    band: (bottom, top) => picture(`  \\path[use as bounding box] (0, ${bottom.toFixed(2)}) rectangle (${w.toFixed(2)}, ${top.toFixed(2)});\n  \\clip (-1, ${bottom.toFixed(2)}) rectangle (${(w + 1).toFixed(2)}, ${top.toFixed(2)});\n`),
  };
}

/** The middles of the free stretches between solid [bottom, top] spans inside 0..height, top first. */
function cutsBetween(solid: [number, number][], height: number): number[] {
  const spans = [...solid].sort((a, b) => b[1] - a[1]);
  const cuts: number[] = [];
  let low = height; // the lowest bottom seen so far, going down
  for (const [bottom, top] of spans) {
    if (top < low) cuts.push((top + low) / 2);
    low = Math.min(low, bottom);
  }
  return cuts.filter((y) => y > 0 && y < height);
}

/**
 * Splits a picture taller than `height` (cm, at its own scale) into bands at most that tall, cut
 * where no node or label is (a band is cut mid-node only when no free line is near enough).
 */
export function splitTikz(p: TikzPicture, height: number): string[] {
  const pieces: string[] = [];
  let top = p.height;
  while (top > height) {
    const free = p.cuts.filter((y) => y < top && y >= top - height);
    const bottom = free.length ? Math.min(...free) : top - height;
    pieces.push(p.band(bottom, top));
    top = bottom;
  }
  return [...pieces, p.band(0, top)];
}

export async function toTikz(root: Value | Tensor, options: TikzOptions = {}): Promise<string> {
  const { colors, picture, width, height } = await tikzPicture(root, options);
  if (options.standalone === false) return `% needs \\usepackage{tikz}, \\usetikzlibrary{arrows.meta} and these colours:\n${colors}\n${picture}`;
  // landscape page with 1 cm margins: about 25 × 17 cm of room
  const fit = Math.min(1, 25 / (width + 3), 17 / (height + 2));
  // TikZ draws no colour key; with a legend, forward mode's notation goes under the picture
  const note = options.legend && options.mode === 'forward' && options.wrt ? `\n\\par\\medskip{\\small\\color{cgtext} ${escapeTex(forwardLegend(options.wrt))}}\n` : '';
  return `\\documentclass{article}
\\usepackage[margin=1cm,landscape]{geometry}
\\usepackage{tikz}
\\usetikzlibrary{arrows.meta}
\\pagestyle{empty}
${colors}
\\pagecolor{cgbackground}
\\begin{document}
\\centering
\\scalebox{${fit.toFixed(3)}}{%
${picture}}${note}
\\end{document}
`;
}
