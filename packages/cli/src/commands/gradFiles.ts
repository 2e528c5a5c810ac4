/**
 * The files of a drawn graph, shared by `chalkgrad grad` (a formula) and `chalkgrad draw` (a model
 * on one example): pictures of the graph, the forward and backward pass step by step, the trace.
 */
import { join } from 'node:path';
import { type Tensor, type Value, topoSort, trace } from '@chalkgrad/core';
import { toPyTorch } from '@chalkgrad/nn';
import { type GraphOptions, LARGE_GRAPH, type ThemeOption, escapeMarkdown, framesHtml, graphSvg, renderFrames, toBeamer, toDot, toRevealHtml, toTikz, traceFrames, traceToLatex, traceToMarkdown } from '@chalkgrad/viz';
import { framesToGif, framesToPngs, svgToPng } from '@chalkgrad/viz/node';
import { type OutputFile, UsageError } from '../io';

/** The most nodes a step-by-step deck is made for. */
export const STEP_LIMIT = 200;

export const GRAPH_FILES_HELP = `  --svg FILE            the graph, with local derivatives on the edges, as SVG
  --png FILE            the same as PNG
  --dot FILE            the same as Graphviz DOT
  --tikz FILE           the same as a LaTeX document with a TikZ picture`;
export const STEP_FILES_HELP = `  --html FILE           the forward and backward pass step by step, one page with all frames
  --beamer FILE         the same as Beamer slides (16:9, one overlay per step; pdflatex)
  --reveal FILE         the same as one self-contained slide page (reveal.js-style fragments)
  --gif FILE            the same as an animated GIF, for slide tools that take only images
  --png-steps DIR       the same as one PNG per step (DIR/step-01.png, …)
  --md FILE             the backward pass as a Markdown table
  --tex FILE            the backward pass as a LaTeX document (the chain rule per step)
  (a FILE given as - is standard output: one at a time, and the other text goes to stderr)`;
export const LOOK_HELP = `  --legend              add a legend of the node colours to the pictures
  --theme NAME          light (default) or dark, for every picture and slide`;
export const FILES_HELP = `${GRAPH_FILES_HELP}
${STEP_FILES_HELP}
  --pytorch FILE        the same graph as a PyTorch script that checks every gradient (python3 FILE)
${LOOK_HELP}`;

export interface FileRequest {
  svg?: string; png?: string; dot?: string; tikz?: string; html?: string; beamer?: string; reveal?: string; gif?: string;
  'png-steps'?: string; md?: string; tex?: string; pytorch?: string; legend?: boolean;
}

/** How the graph looks, whichever file it goes into. */
export interface FileLook extends Pick<GraphOptions, 'parameters' | 'cluster' | 'clusterDepth'> {
  digits: number;
  theme: ThemeOption;
}

/** The step-by-step outputs asked for, as their options (`--html`, …): each needs a graph of Values. */
export function stepOptionsAsked(req: FileRequest): string[] {
  return (['html', 'beamer', 'reveal', 'gif', 'png-steps', 'md', 'tex'] as const).filter((k) => req[k] !== undefined).map((k) => `--${k}`);
}

/** Refuses, before any work, a deck for a graph too large to step through (`name` says which graph). */
export function checkStepSize(y: Value, req: FileRequest, name: string): void {
  const size = topoSort(y).length;
  // a frame per op forward and per step back, each showing every node: a deck grows with the square of the graph
  if (size > STEP_LIMIT && (req.html || req.beamer || req.reveal || req.gif || req['png-steps'])) {
    throw new UsageError(`${name} has ${size} nodes: step-by-step slides (--html, --beamer, --reveal, --gif, --png-steps) take graphs of at most ${STEP_LIMIT}; draw it whole with --svg or --png`);
  }
}

const lookOf = (req: FileRequest, look: FileLook) => ({ ...look, digits: Math.min(look.digits, 4), legend: req.legend ?? false });

/** The pictures of the graph below `root` (Values or Tensors); `say` reports progress on a large graph. */
export async function graphFiles(root: Value | Tensor, subject: string, req: FileRequest, look: FileLook, say: (s: string) => void): Promise<OutputFile[]> {
  const size = topoSort<Value | Tensor>(root).length;
  const started = Date.now();
  const slow = size > LARGE_GRAPH && Boolean(req.svg || req.png || req.tikz);
  if (slow) say(`laying out ${size} nodes…`);
  const files: OutputFile[] = [];
  const options = { ...lookOf(req, look), edgeLabels: { formula: true } };
  if (req.dot) files.push({ path: req.dot, content: toDot(root, options), what: 'Graphviz DOT' });
  if (req.svg || req.png) {
    const svg = await graphSvg(root, { ...options, alt: `the computation graph of ${subject}` });
    if (req.svg) files.push({ path: req.svg, content: svg, what: 'SVG' });
    if (req.png) files.push({ path: req.png, content: svgToPng(svg), what: 'PNG' });
  }
  if (req.tikz) files.push({ path: req.tikz, content: await toTikz(root, options), what: 'TikZ (LaTeX)' });
  if (slow) say(`…done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return files;
}

/** The forward and backward pass of `y` step by step (slides, GIF, PNGs) and its trace (Markdown, LaTeX). */
export async function stepFiles(y: Value, subject: string, req: FileRequest, look: FileLook): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const options = lookOf(req, look);
  const title = `backpropagation through ${subject}`;
  if (req.html || req.beamer || req.reveal || req.gif || req['png-steps']) {
    const frames = traceFrames(y, { ...options, forward: true });
    if (req.html) files.push({ path: req.html, content: await framesHtml(frames, title, options), what: 'step-by-step HTML' });
    if (req.beamer) files.push({ path: req.beamer, content: await toBeamer(y, { ...options, forward: true, title }), what: 'Beamer slides, one overlay per step' });
    if (req.reveal) files.push({ path: req.reveal, content: await toRevealHtml(y, { ...options, forward: true, title }), what: 'slide page, one fragment per step' });
    if (req.gif || req['png-steps']) {
      const svgs = await renderFrames(frames, options);
      if (req.gif) files.push({ path: req.gif, content: framesToGif(svgs), what: `animated GIF, ${svgs.length} frames` });
      const dir = req['png-steps'];
      if (dir) framesToPngs(svgs).forEach((png, i) => files.push({ path: join(dir, `step-${String(i + 1).padStart(2, '0')}.png`), content: png, what: frames[i].title }));
    }
  }
  if (req.md) files.push({ path: req.md, content: `# Backward pass of ${escapeMarkdown(subject)}\n\n${traceToMarkdown(trace(y), look.digits)}`, what: 'the backward pass as a Markdown table' });
  if (req.tex) files.push({ path: req.tex, content: `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${traceToLatex(trace(y), look.digits)}\\end{document}\n`, what: 'the backward pass as LaTeX' });
  return files;
}

/** Every requested file for `f = src`. */
export async function gradFiles(y: Value, src: string, req: FileRequest, look: FileLook, say: (s: string) => void): Promise<OutputFile[]> {
  checkStepSize(y, req, 'f');
  const subject = `f = ${src}`;
  const files = [...(await graphFiles(y, subject, req, look, say)), ...(await stepFiles(y, subject, req, look))];
  if (req.pytorch) files.push({ path: req.pytorch, content: toPyTorch(y, { title: `f = ${src} in PyTorch` }), what: 'PyTorch script' });
  return files;
}
