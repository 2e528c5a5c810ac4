/** The files `chalkgrad grad` writes: pictures of the graph, the steps as slides, the trace. */
import { join } from 'node:path';
import { type Value, topoSort, trace } from '@chalkgrad/core';
import { toPyTorch } from '@chalkgrad/nn';
import { LARGE_GRAPH, type ThemeOption, framesHtml, graphSvg, renderFrames, toBeamer, toDot, toRevealHtml, toTikz, traceFrames, traceToLatex, traceToMarkdown } from '@chalkgrad/viz';
import { framesToGif, framesToPngs, svgToPng } from '@chalkgrad/viz/node';
import { type OutputFile, UsageError } from '../io';

/** The most nodes a step-by-step deck is made for. */
const STEP_LIMIT = 200;

export const FILES_HELP = `  --svg FILE            the graph, with local derivatives on the edges, as SVG
  --png FILE            the same as PNG
  --dot FILE            the same as Graphviz DOT
  --tikz FILE           the same as a LaTeX document with a TikZ picture
  --html FILE           the forward and backward pass step by step, one page with all frames
  --beamer FILE         the same as Beamer slides (16:9, one overlay per step; pdflatex)
  --reveal FILE         the same as one self-contained slide page (reveal.js-style fragments)
  --gif FILE            the same as an animated GIF, for slide tools that take only images
  --png-steps DIR       the same as one PNG per step (DIR/step-01.png, …)
  --md FILE             the backward pass as a Markdown table
  --tex FILE            the backward pass as a LaTeX document (the chain rule per step)
  --pytorch FILE        the same graph as a PyTorch script that checks every gradient (python3 FILE)
  --legend              add a legend of the node colours to the pictures
  --theme NAME          light (default) or dark, for every picture and slide`;

export interface FileRequest {
  svg?: string; png?: string; dot?: string; tikz?: string; html?: string; beamer?: string; reveal?: string; gif?: string;
  'png-steps'?: string; md?: string; tex?: string; pytorch?: string; legend?: boolean;
}

/** Every requested file for `f = src`; `say` reports progress on a large graph. */
export async function gradFiles(y: Value, src: string, req: FileRequest, opts: { digits: number; parameters: string[]; theme: ThemeOption }, say: (s: string) => void): Promise<OutputFile[]> {
  const size = topoSort(y).length;
  const steps = Boolean(req.html || req.beamer || req.reveal || req.gif || req['png-steps']);
  // a frame per op forward and per step back, each showing every node: a deck grows with the square of the graph
  if (steps && size > STEP_LIMIT) throw new UsageError(`f has ${size} nodes: step-by-step slides (--html, --beamer, --reveal, --gif, --png-steps) take graphs of at most ${STEP_LIMIT}; draw it whole with --svg or --png`);
  const started = Date.now();
  const slow = size > LARGE_GRAPH && Boolean(req.svg || req.png || req.tikz);
  if (slow) say(`laying out ${size} nodes…`);
  const files: OutputFile[] = [];
  const look = { digits: Math.min(opts.digits, 4), parameters: opts.parameters, theme: opts.theme, legend: req.legend ?? false };
  const edgeLabels = { formula: true };
  if (req.dot) files.push({ path: req.dot, content: toDot(y, { ...look, edgeLabels }), what: 'Graphviz DOT' });
  if (req.svg || req.png) {
    const svg = await graphSvg(y, { ...look, edgeLabels, alt: `the computation graph of f = ${src}` });
    if (req.svg) files.push({ path: req.svg, content: svg, what: 'SVG' });
    if (req.png) files.push({ path: req.png, content: svgToPng(svg), what: 'PNG' });
  }
  if (req.tikz) files.push({ path: req.tikz, content: await toTikz(y, { ...look, edgeLabels }), what: 'TikZ (LaTeX)' });
  const title = `backpropagation through f = ${src}`;
  if (steps) {
    const frames = traceFrames(y, { ...look, forward: true });
    if (req.html) files.push({ path: req.html, content: await framesHtml(frames, title, look), what: 'step-by-step HTML' });
    if (req.beamer) files.push({ path: req.beamer, content: await toBeamer(y, { ...look, forward: true, title }), what: 'Beamer slides, one overlay per step' });
    if (req.reveal) files.push({ path: req.reveal, content: await toRevealHtml(y, { ...look, forward: true, title }), what: 'slide page, one fragment per step' });
    if (req.gif || req['png-steps']) {
      const svgs = await renderFrames(frames, look);
      if (req.gif) files.push({ path: req.gif, content: framesToGif(svgs), what: `animated GIF, ${svgs.length} frames` });
      const dir = req['png-steps'];
      if (dir) framesToPngs(svgs).forEach((png, i) => files.push({ path: join(dir, `step-${String(i + 1).padStart(2, '0')}.png`), content: png, what: frames[i].title }));
    }
  }
  if (req.md) files.push({ path: req.md, content: `# Backward pass of f = ${src}\n\n${traceToMarkdown(trace(y), opts.digits)}`, what: 'the backward pass as a Markdown table' });
  if (req.tex) files.push({ path: req.tex, content: `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${traceToLatex(trace(y), opts.digits)}\\end{document}\n`, what: 'the backward pass as LaTeX' });
  if (req.pytorch) files.push({ path: req.pytorch, content: toPyTorch(y, { title: `f = ${src} in PyTorch` }), what: 'PyTorch script' });
  if (slow) say(`…done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return files;
}
