/**
 * The graph tab's diagram, one look per step over one layout: viz lays the graph out once for every
 * text any step will show (`frameScene`, as the step frames of the slides are), so nothing moves as
 * the student steps. Every node shows its value and the derivative known so far (its gradient going
 * back, its tangent ∂node/∂x going forward), every edge its local derivative and rule; edges already
 * done carry their product, the current edge is drawn in the highlight colour, the edges still to
 * come are faded. Edges from constants show no derivative: none goes to or comes from them.
 */
import { type Value, describeValue, fmt, fmtFactor, isConstant, partial } from '@chalkgrad/core';
import { type DrawGraph, type EdgeLook, type GraphLook, type LayoutStyle, type NodeLook, SCREEN, SLIDE, type Scene, buildGraph, frameScene, sceneSvg } from '@chalkgrad/viz';
import { type EdgeStep, type Mode, known } from './steps';

export interface StepDiagram {
  /** Look k shows the graph after k steps (0: before the first). */
  looks: GraphLook[];
  /** The one layout of all the looks. */
  scene: Promise<Scene>;
  /** The id of the node the pass starts from: the output going back, the input going forward. */
  start: string;
}

/**
 * The screen's text sizes with ranks as close as a slide's: every edge label is a rank of its own,
 * so the gaps add up, and this way the notes' perceptron fits the diagram's box of a 1280-pixel
 * window at the smallest scale the page allows (fitDiagram's 0.7).
 */
const PAGE: LayoutStyle = { ...SCREEN, ranksep: SLIDE.ranksep };

export function stepDiagram(mode: Mode, leaves: readonly Value[], steps: readonly EdgeStep[], digits = 4): StepDiagram {
  const graph = buildGraph(mode.output);
  const looks = Array.from({ length: steps.length + 1 }, (_, done): GraphLook => ({ graph, ...stepLook(graph, mode, leaves, steps, done, digits) }));
  const from = mode.kind === 'reverse' ? mode.output : mode.wrt;
  return { looks, scene: frameScene(looks, PAGE), start: graph.nodes.find((n) => n.source === from)!.id };
}

/**
 * The drawn elements step `done` is about: its current edge and node, or before the first step the
 * node the pass starts from. sceneSvg draws one `g.edge` per edge of the graph, in the graph's
 * order, and names each `g.node` by its id.
 */
export function currentElements(d: StepDiagram, done: number, svg: Element): Element[] {
  const look = d.looks[done];
  const node = (id: string) => svg.querySelector(`g.node[id="${CSS.escape(id)}"]`);
  if (done === 0) return [node(d.start)].filter((e): e is Element => e !== null);
  const edge = svg.querySelectorAll('g.edge')[look.edges.findIndex((e) => e.state === 'current')];
  const nodes = Object.keys(look.nodes).filter((id) => look.nodes[id].current).map(node);
  return [edge, ...nodes].filter((e): e is Element => e != null);
}

/** The picture after `done` steps, drawn on the diagram's one layout. */
export async function stepSvg(d: StepDiagram, done: number): Promise<string> {
  return sceneSvg(await d.scene, d.looks[done], { text: false, id: 'g' });
}

function stepLook(graph: DrawGraph, mode: Mode, leaves: readonly Value[], steps: readonly EdgeStep[], done: number, digits: number): Omit<GraphLook, 'graph'> {
  const f = (x: number) => fmt(x, digits);
  const now = known(mode, leaves, steps, done);
  const current = done > 0 ? steps[done - 1] : null;
  const sourceOf = new Map(graph.nodes.map((n) => [n.id, n.source as Value]));
  const stepOf = new Map(steps.map((s) => [`${s.node.id}:${s.slot}`, s]));
  const what = mode.kind === 'reverse' ? 'grad' : `∂/${partial(mode.wrt)}`;
  const nodes: Record<string, NodeLook> = {};
  for (const n of graph.nodes) {
    const v = n.source as Value;
    const d = now.get(v);
    nodes[n.id] = { lines: isConstant(v) ? [] : [`data ${f(v.data)}`, `${what} ${d === undefined ? '?' : f(d)}`], current: current?.target === v };
  }
  const edges = graph.edges.map((e): EdgeLook => {
    const rule = e.local === null ? [] : [`∂ ${f(e.local)}`, ...(e.formula ? [e.formula] : [])];
    const s = stepOf.get(`${sourceOf.get(e.to)!.id}:${e.slot}`);
    if (!s || s.index > done) return { label: rule, state: 'pending' };
    const [first, second] = mode.kind === 'reverse' ? [s.carried, s.local] : [s.local, s.carried];
    const product = `${f(first)} × ${fmtFactor(second, digits)} = ${f(s.contribution)}`;
    return { label: [...rule, product], state: s.index === done ? 'current' : 'done' };
  });
  const title = current ? `step ${done} of ${steps.length}: ${describeValue(current.input)} → ${describeValue(current.node)}` : `${steps.length} edges to go along`;
  return { title, nodes, edges };
}
