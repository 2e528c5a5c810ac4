/**
 * chalkgrad in Jupyter notebooks for TypeScript and JavaScript. Deno's kernel shows a cell's result
 * through its `[Symbol.for('Jupyter.display')]()` MIME bundle: Values and Tensors have that method
 * (in core), and loading this module makes it draw their graph; `picture(svg)` gives plots and
 * diagrams the same method. Kernels that display by calls, such as tslab, get `show(x, tslab.display)`.
 * Every bundle has SVG and a `text/plain` fallback.
 */
import { JUPYTER_DISPLAY, type MimeBundle, Tensor, Value, describeArg, setNotebookRenderer } from '@chalkgrad/core';
import { type DotOptions, toDot } from './dot';
import { renderSvg } from './render';

/** An SVG picture (a plot, a diagram) that shows itself in a notebook and prints as its description. */
export class Picture {
  constructor(readonly svg: string, readonly description = 'an SVG picture') {}

  [JUPYTER_DISPLAY](): MimeBundle {
    return { 'image/svg+xml': this.svg, 'text/plain': this.description };
  }

  toString(): string {
    return this.description;
  }
}

/** SVG text (what the plot functions return) as a Picture: `picture(trainingCurves(history))`. */
export function picture(svg: string, description?: string): Picture {
  return new Picture(svg, description);
}

export type Showable = Value | Tensor | Picture | string;

/**
 * The MIME bundle of anything chalkgrad draws: a Value or Tensor (its graph with per-edge
 * derivatives; `options` as for `toDot`), a Picture, SVG text or DOT text.
 */
export async function mimeBundle(x: Showable, options: DotOptions = {}): Promise<MimeBundle> {
  if (x instanceof Value || x instanceof Tensor) return { 'image/svg+xml': await renderSvg(toDot(x, options)), 'text/plain': x.toString() };
  if (x instanceof Picture) return x[JUPYTER_DISPLAY]();
  if (typeof x === 'string' && /^\s*(<\?xml|<svg)/.test(x)) return picture(x)[JUPYTER_DISPLAY]();
  if (typeof x === 'string' && /^\s*(strict\s+)?(di)?graph\b/.test(x)) return { 'image/svg+xml': await renderSvg(x), 'text/plain': 'a Graphviz graph' };
  throw new TypeError(`mimeBundle: expected a Value, a Tensor, a Picture, SVG text or DOT text, got ${describeArg(x)}`);
}

/** What `show` draws on: tslab's `display` (`import * as tslab from 'tslab'`) has both methods. */
export interface NotebookDisplay {
  svg(svg: string): void;
  text?(text: string): void;
}

/** Shows `x` through a kernel's display calls, e.g. `await show(y, tslab.display)`; returns the bundle. */
export async function show(x: Showable, display: NotebookDisplay, options: DotOptions = {}): Promise<MimeBundle> {
  const bundle = await mimeBundle(x, options);
  if (bundle['image/svg+xml']) display.svg(bundle['image/svg+xml']);
  else display.text?.(bundle['text/plain']);
  return bundle;
}

// Values and Tensors of this process draw their graph in notebooks from now on; if Graphviz fails,
// the cell still shows the text and says why.
setNotebookRenderer((x) =>
  mimeBundle(x as Value | Tensor).catch((e: unknown) => ({ 'text/plain': `${x.toString()}\n(graph not drawn: ${e instanceof Error ? e.message : String(e)})` })),
);
