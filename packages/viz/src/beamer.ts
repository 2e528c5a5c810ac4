/**
 * The backward pass as Beamer slides: one 16:9 frame whose overlays (`\only<n>`) are the steps, so
 * the graph stays put while the current node and edge light up and the caption gives the chain
 * rule with its numbers. The picture is the frames' graph laid out once for a slide (`SLIDE`: the
 * frame's width sets the text size, so ranks sit closer), scaled by computing coordinates and font
 * sizes for the frame (no `\resizebox`). Compiles with pdflatex, beamer, TikZ and Latin Modern
 * (texlive-latex-recommended and texlive-pictures).
 */
import type { Value } from '@chalkgrad/core';
import { escapeTex } from './escape';
import { type Frame, type FrameOptions, frameScene, traceFrames } from './frames';
import { type Point, arrowTriangle } from './geometry';
import { FONT, LINE, SLIDE, type Scene } from './scene';
import type { EdgeState } from './sceneSvg';
import { type Theme, type ThemeOption, themeOf } from './theme';

/** Options of the frames (`digits` is 3 here: a slide is read from afar), the title and the theme. */
export interface BeamerOptions extends FrameOptions {
  /** The frame title. Default: backpropagation through the output's name. */
  title?: string;
  theme?: ThemeOption;
}

/**
 * A 16:9 Beamer frame is 16 × 9 cm. The frame's side margins are set to MARGIN, so the picture may
 * be as wide as the frame less those; its height is what the title and the caption leave.
 */
const FRAME = { w: 16, h: 9 };
const MARGIN = 0.4;
/** The frame title's band, a caption line (\footnotesize), and what is left between them, in cm. */
const TITLE_H = 1.35;
const CAPTION_LINE = 0.39;
const GAPS = 0.45;
const PT_PER_CM = 72.27 / 2.54;

/** Runs of equal values over the overlays: `\only<2-4>{...}` for each run. */
function runs<T>(values: readonly T[], key: (v: T) => string): { from: number; to: number; value: T }[] {
  const out: { from: number; to: number; value: T }[] = [];
  values.forEach((v, i) => {
    const last = out[out.length - 1];
    if (last && key(last.value) === key(v)) last.to = i + 1;
    else out.push({ from: i + 1, to: i + 1, value: v });
  });
  return out;
}

const spec = (r: { from: number; to: number }, n: number) => (r.from === 1 && r.to === n ? '' : r.from === r.to ? `<${r.from}>` : `<${r.from}-${r.to}>`);
const only = (r: { from: number; to: number }, n: number, body: string) => (spec(r, n) ? `\\only${spec(r, n)}{${body}}` : body);

/** Beamer slides of `output`'s backward pass (with `forward: true`, its forward pass first). */
export async function toBeamer(output: Value, options: BeamerOptions = {}): Promise<string> {
  // the caption carries the chain-rule product: edges show only their local derivative, which keeps the picture small
  const frames = traceFrames(output, { digits: 3, ...options }).map((f) => ({ ...f, edges: f.edges.map((e) => ({ ...e, label: e.label.filter((l) => l.startsWith('∂')) })) }));
  // laid out for a slide: the frame's width sets the text size, so ranks sit closer than on a screen
  const scene = await frameScene(frames, SLIDE);
  return beamerDocument(scene, frames, options.title ?? `backpropagation through ${frames[0].graph.nodes.find((n) => n.kind === 'output')?.name ?? 'the graph'}`, themeOf(options.theme));
}

function beamerDocument(scene: Scene, frames: readonly Frame[], title: string, t: Theme): string {
  const n = frames.length;
  const captionLines = Math.max(...frames.map((f) => 1 + f.caption.length));
  // less a millimetre for the strokes of the outermost boxes and the highlight, drawn outside their coordinates
  const room = { w: FRAME.w - 2 * MARGIN - 0.1, h: FRAME.h - TITLE_H - GAPS - captionLines * CAPTION_LINE };
  const s = Math.min(room.w / scene.width, room.h / scene.height); // cm per pixel
  const size = (px: number) => (px * s * PT_PER_CM).toFixed(2);
  const P = (p: Point) => `(${(p[0] * s).toFixed(3)},${(-p[1] * s).toFixed(3)})`;
  const hex = (c: string) => c.slice(1).toUpperCase();
  const colors = [
    ...Object.entries(t.kinds).map(([k, c]) => `\\definecolor{cg${k}}{HTML}{${hex(c)}}`),
    ...(['text', 'muted', 'border', 'edge', 'faded', 'done', 'highlight', 'background'] as const).map((k) => `\\definecolor{cg${k}}{HTML}{${hex(t[k])}}`),
  ];
  const body: string[] = [];
  const stateStyle: Record<EdgeState, string> = { plain: 'draw=cgedge', pending: 'draw=cgfaded, dashed', done: 'draw=cgdone, line width=0.5pt', current: 'draw=cghighlight, line width=1pt' };
  const stateFill: Record<EdgeState, string> = { plain: 'fill=cgedge', pending: 'fill=cgfaded', done: 'fill=cgdone', current: 'fill=cghighlight' };
  const labelColor: Record<EdgeState, string> = { plain: 'cgtext', pending: 'cgmuted', done: 'cgdone', current: 'cghighlight' };
  scene.edges.forEach((geo, i) => {
    const curve = (pts: readonly Point[]) => [P(pts[0]), ...Array.from({ length: (pts.length - 1) / 3 }, (_, k) => `.. controls ${P(pts[3 * k + 1])} and ${P(pts[3 * k + 2])} .. ${P(pts[3 * k + 3])}`)].join(' ');
    const last = geo.paths[geo.paths.length - 1];
    const base = last[last.length - 1];
    const path = [...geo.paths.map(curve), ...(geo.label ? [`${P(geo.paths[0][geo.paths[0].length - 1])} -- ${P(geo.paths[1][0])}`] : [])].map((c) => `\\draw[STYLE] ${c};`).join(' ');
    const arrow = geo.arrow ? `${arrowTriangle(geo.arrow, base).map(P).join(' -- ')} -- cycle` : '';
    for (const r of runs(frames.map((f) => f.edges[i]), (e) => `${e.state}|${e.label.join('\n')}`)) {
      const st = r.value.state;
      const label = geo.label && r.value.label.length ? `\\node[lbl, text=${labelColor[st]}] at ${P([geo.label.x, geo.label.y])} {${r.value.label.map(escapeTex).join(' \\\\ ')}};` : '';
      body.push(only(r, n, `${path.replace(/STYLE/g, stateStyle[st])}${arrow ? ` \\fill[${stateFill[st]}] ${arrow};` : ''}${label}`));
    }
  });
  for (const d of scene.graph.nodes) {
    const b = scene.nodes.get(d.id)!;
    body.push(`\\node[box, fill=cg${d.kind}, minimum width=${(b.w * s).toFixed(3)}cm, minimum height=${(b.h * s).toFixed(3)}cm] (${d.id}) at ${P([b.x, b.y])} {};`);
    const lines = runs(frames.map((f) => f.nodes[d.id]?.lines ?? []), (l) => l.join('\n'));
    const text = `\\textbf{${escapeTex(d.title)}}${lines.map((r) => only(r, n, r.value.map((l) => ` \\\\ ${escapeTex(l)}`).join(''))).join('')}`;
    body.push(`\\node[txt] at ${P([b.x, b.y])} {${text}};`);
    for (const r of runs(frames.map((f) => Boolean(f.nodes[d.id]?.current)), String)) if (r.value) body.push(`\\only${spec(r, n) || '<1->'}{\\draw[hl] (${d.id}.south west) rectangle (${d.id}.north east);}`);
  }
  const captions = frames.map((f, i) => `\\only<${i + 1}>{\\textbf{${escapeTex(f.title)}}\\\\\n${f.caption.map(escapeTex).join('\\\\\n')}}`);
  const fs = size(FONT.node);
  const ls = size(scene.labelFont);
  return `\\documentclass[aspectratio=169]{beamer}
\\usepackage[T1]{fontenc}
\\usepackage{lmodern}
\\usepackage{tikz}
\\setbeamertemplate{navigation symbols}{}
\\setbeamersize{text margin left=${MARGIN}cm, text margin right=${MARGIN}cm}
${colors.join('\n')}
\\setbeamercolor{background canvas}{bg=cgbackground}
\\setbeamercolor{normal text}{fg=cgtext}
\\setbeamercolor{frametitle}{fg=cgtext}
% ${scene.graph.nodes.length} nodes; the picture is ${(scene.width * s).toFixed(1)} cm by ${(scene.height * s).toFixed(1)} cm, its text ${fs} pt
\\begin{document}
\\begin{frame}[t]
\\frametitle{${escapeTex(title)}}
\\vfill
\\centering
\\begin{tikzpicture}[
  box/.style={draw=cgborder, rounded corners=${size(6)}pt, inner sep=0pt, line width=0.4pt},
  txt/.style={align=center, text=cgtext, font=\\fontsize{${fs}}{${(Number(fs) * LINE).toFixed(2)}}\\selectfont, inner sep=0pt},
  lbl/.style={align=center, fill=cgbackground, inner sep=0.5pt, font=\\fontsize{${ls}}{${(Number(ls) * LINE).toFixed(2)}}\\selectfont},
  hl/.style={draw=cghighlight, line width=1.2pt, rounded corners=${size(6)}pt}]
${body.join('\n')}
\\end{tikzpicture}

\\vfill
\\raggedright\\footnotesize
${captions.join('\n')}
\\end{frame}
\\end{document}
`;
}
