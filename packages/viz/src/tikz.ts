/**
 * TikZ export of a graph for slides and notes: node positions from Graphviz's layout, the same
 * node texts and edge labels as the DOT diagram. Compiles with a standard LaTeX install
 * (article + tikz; `standalone` is not needed).
 */
import type { Tensor, Value } from '@chalkgrad/core';
import { type DotOptions, edgeText, toDot } from './dot';
import { escapeTex } from './escape';
import { buildGraph } from './graph';
import { layout } from './render';
import { themeOf } from './theme';

export interface TikzOptions extends DotOptions {
  /** Centimetres per Graphviz inch. Default 1.6. */
  scale?: number;
  /** A whole LaTeX document (default) or only the tikzpicture. */
  standalone?: boolean;
}

export async function toTikz(root: Value | Tensor, options: TikzOptions = {}): Promise<string> {
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
  for (const n of g.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const text = [`\\textbf{${escapeTex(n.title)}}`, ...(options.nodeDetails === false ? [] : n.lines.map(escapeTex))].join(' \\\\ ');
    body.push(`  \\node[box, fill=cg${n.kind}] (${n.id}) at (${(p.x * k).toFixed(2)}, ${(p.y * k).toFixed(2)}) {${text}};`);
  }
  const pairs = new Map<string, number>();
  for (const e of g.edges) pairs.set(`${e.from}>${e.to}`, (pairs.get(`${e.from}>${e.to}`) ?? 0) + 1);
  for (const e of g.edges) {
    const label = edgeText(e, show, digits, g.wrt).map(escapeTex).join(' \\\\ ');
    const twin = (pairs.get(`${e.from}>${e.to}`) ?? 1) > 1; // x·x: bend the two edges apart
    const path = twin ? `to[bend ${e.slot === 0 ? 'left' : 'right'}=18]` : '--';
    body.push(`  \\draw[edge] (${e.from}) ${path} node[lbl] {${label}} (${e.to});`);
  }
  const picture = `\\begin{tikzpicture}[
  box/.style={draw=cgborder, text=cgtext, rounded corners=2pt, align=center, font=\\scriptsize, inner sep=3pt},
  edge/.style={-{Stealth[length=2mm]}, draw=cgedge},
  lbl/.style={midway, fill=cgbackground, text=cgtext, inner sep=1pt, font=\\tiny, align=center}]
${body.join('\n')}
\\end{tikzpicture}
`;
  // landscape page with 1 cm margins: about 25 × 17 cm of room
  const fit = Math.min(1, 25 / (lay.width * k + 3), 17 / (lay.height * k + 2));
  if (options.standalone === false) return `% needs \\usepackage{tikz}, \\usetikzlibrary{arrows.meta} and these colours:\n${colors.join('\n')}\n${picture}`;
  return `\\documentclass{article}
\\usepackage[margin=1cm,landscape]{geometry}
\\usepackage{tikz}
\\usetikzlibrary{arrows.meta}
\\pagestyle{empty}
${colors.join('\n')}
\\pagecolor{cgbackground}
\\begin{document}
\\centering
\\scalebox{${fit.toFixed(3)}}{%
${picture}}
\\end{document}
`;
}
