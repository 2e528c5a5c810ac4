/**
 * How a Value or a Tensor shows itself in a Jupyter notebook. Deno's kernel (and any kernel that
 * follows its protocol) calls `[Symbol.for('Jupyter.display')]()` on a cell's result and shows the
 * MIME bundle it returns, awaiting it if it is a promise. Core draws nothing: by itself a Value shows
 * its text; `@chalkgrad/viz` registers the renderer that adds the graph as SVG.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never;

/** MIME type → content, as Jupyter's display_data message carries it; `text/plain` is the fallback. */
export interface MimeBundle {
  'text/plain': string;
  'image/svg+xml'?: string;
  [mime: string]: string | undefined;
}

type Displayable = { toString(): string };
type Renderer = (x: Displayable) => Promise<MimeBundle>;

let renderer: Renderer | null = null;

/** Sets what draws Values and Tensors in notebooks (`@chalkgrad/viz` sets its graph renderer). */
export function setNotebookRenderer(render: Renderer | null): void {
  renderer = render;
}

/** The MIME bundle of a Value or Tensor: the registered renderer's, else its text. */
export function notebookBundle(x: Displayable): MimeBundle | Promise<MimeBundle> {
  return renderer ? renderer(x) : { 'text/plain': x.toString() };
}
