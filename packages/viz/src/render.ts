/**
 * Rendering without a native install: Graphviz compiled to WebAssembly for layout and SVG
 * (`@hpcc-js/wasm-graphviz`), in Node and in the browser alike. PNG (resvg, a native addon) is in
 * `@chalkgrad/viz/node`. The same functions serve the CLI, the tests and the lesson page.
 */

/**
 * What chalkgrad uses of `@hpcc-js/wasm-graphviz`'s Graphviz, declared here so that our published
 * types do not import theirs: theirs need `Symbol.dispose` (lib `esnext.disposable` or Node's
 * types), and a user's strict `tsc` (skipLibCheck false, a browser's libs) failed on them.
 */
export interface GraphvizEngine {
  /** Graphviz's version, e.g. "16.1.0". */
  version(): string;
  /** Runs a layout engine on DOT and writes `outputFormat` (svg, json, dot, ...). */
  layout(dotSource: string, outputFormat?: string, layoutEngine?: string): string;
  /** `layout` with the `dot` engine. */
  dot(dotSource: string, outputFormat?: string): string;
}

let graphviz: Promise<GraphvizEngine> | null = null;

/**
 * Loads the WebAssembly Graphviz once (about 0.1 s), on the first drawing: importing chalkgrad
 * (the CLI starting, a web page loading the bundle) does not fetch, parse or compile its 0.8 MB.
 */
export function loadGraphviz(): Promise<GraphvizEngine> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return graphviz;
}

export class RenderError extends Error {
  override name = 'RenderError';
}

/** DOT to SVG. A DOT syntax error is reported with its line. */
export async function renderSvg(dot: string): Promise<string> {
  const gv = await loadGraphviz();
  try {
    return gv.dot(dot, 'svg');
  } catch (e) {
    throw new RenderError(`Graphviz could not render the graph: ${(e as Error).message}`);
  }
}

export interface LayoutNode { name: string; x: number; y: number; width: number; height: number }
/** `points`: the B-spline (start, then three points per cubic piece); `arrow`: the arrowhead's tip, if the edge has one. */
export interface LayoutEdge { tail: string; head: string; points: [number, number][]; arrow?: [number, number]; labelPos?: [number, number] }
/** A cluster's bounding box: x0, y0 (lower left), x1, y1. */
export interface LayoutCluster { name: string; bb: [number, number, number, number] }
export interface Layout { width: number; height: number; nodes: LayoutNode[]; edges: LayoutEdge[]; clusters: LayoutCluster[] }

/** Positions (in points, y up) of nodes and edges from Graphviz's `dot` layout. */
export async function layout(dot: string): Promise<Layout> {
  const gv = await loadGraphviz();
  const json = JSON.parse(gv.layout(dot, 'json', 'dot')) as {
    bb: string;
    objects?: { name: string; pos?: string; width?: string; height?: string; bb?: string; _gvid: number; nodes?: number[] }[];
    edges?: { tail: number; head: number; pos: string; lp?: string }[];
  };
  const [, , width, height] = json.bb.split(',').map(Number);
  const objects = (json.objects ?? []).filter((o) => o.pos !== undefined);
  const nameOf = new Map((json.objects ?? []).map((o) => [o._gvid, o.name]));
  const pt = (s: string) => s.split(',').map(Number) as [number, number];
  return {
    width,
    height,
    nodes: objects.map((o) => ({ name: o.name, x: pt(o.pos!)[0], y: pt(o.pos!)[1], width: Number(o.width) * 72, height: Number(o.height) * 72 })),
    edges: (json.edges ?? []).map((e) => ({
      tail: nameOf.get(e.tail)!,
      head: nameOf.get(e.head)!,
      points: e.pos.replace(/^e,[^ ]+ /, '').split(' ').map(pt),
      arrow: /^e,([^ ]+) /.test(e.pos) ? pt(/^e,([^ ]+) /.exec(e.pos)![1]) : undefined,
      labelPos: e.lp ? pt(e.lp) : undefined,
    })),
    clusters: (json.objects ?? []).filter((o) => o.bb !== undefined && o.name.startsWith('cluster')).map((o) => ({ name: o.name, bb: o.bb!.split(',').map(Number) as LayoutCluster['bb'] })),
  };
}
