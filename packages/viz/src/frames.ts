/**
 * Backprop step by step, for lectures. Optionally the forward pass first (each op's value appears
 * in the order it is computed), then one frame per step of the backward trace: the current node
 * and its edges highlighted, finished edges showing upstream gradient × local derivative, edges
 * still to come faded, each node showing the gradient known so far. Every frame is a look at one
 * scene, laid out once, so nothing moves from frame to frame.
 */
import { type TraceStep, Value, fmt, fmtFactor, isConstant, partial, scalarOp, topoSort, trace, writeOp, writtenNumber } from '@chalkgrad/core';
import { escapeHtml } from './escape';
import { captionList, htmlPage } from './html';
import { type DrawGraph, type GraphOptions, buildGraph } from './graph';
import { type LayoutStyle, SCREEN, type Scene, layoutScene } from './scene';
import { type EdgeLook, type Look, type NodeLook, type SceneSvgOptions, captionRoom, sceneSvg } from './sceneSvg';
import { themeOf } from './theme';

/**
 * A look at a graph: what a deck's frames are, and what any other stepper through one graph gives
 * (the lesson page's edge-by-edge steps), to be laid out once by `frameScene`.
 */
export interface GraphLook extends Look {
  /** The graph every look of a deck shares. */
  graph: DrawGraph;
}

export interface Frame extends GraphLook {
  /** Place in the deck, from 0. */
  index: number;
  phase: 'forward' | 'backward';
  /** Step within its phase, from 1. */
  step: number;
  title: string;
  caption: string[];
}

export interface FrameOptions extends GraphOptions {
  /** Step through the forward pass (values appear in order) before the backward pass. Default false. */
  forward?: boolean;
}

/** Frame data shared by the forward and backward builders. */
interface Deck {
  output: Value;
  graph: DrawGraph;
  /** A number with the deck's digits; `factor` puts a negative one in parentheses (`0.0025 × (-1)`). */
  num(x: number, factor?: boolean): string;
}

/** The frames of `output`'s backward pass (a Value graph), after its forward pass with `forward: true`. */
export function traceFrames(output: Value, options: FrameOptions = {}): Frame[] {
  const t = trace(output);
  const graph = buildGraph(output, options, 'traceFrames');
  const digits = options.digits ?? 4;
  const deck: Deck = { output, graph, num: (x, factor) => (factor ? fmtFactor(x, digits) : fmt(x, digits)) };
  const looks = [...(options.forward ? forwardLooks(deck) : []), ...t.steps.map((s) => backwardLook(deck, t.steps, s))];
  return looks.map((l, index) => ({ ...l, index, graph }));
}

type FrameLook = Omit<Frame, 'index' | 'graph'>;

function forwardLooks(deck: Deck): FrameLook[] {
  const { graph, num } = deck;
  const ops = topoSort<Value>(deck.output).filter((v) => v.numInputs > 0);
  const order = new Map(ops.map((v, i) => [v, i + 1]));
  const sourceOf = new Map(graph.nodes.map((n) => [n.id, n.source as Value]));
  return ops.map((current, k): FrameLook => {
    const known = (v: Value) => (order.get(v) ?? 0) <= k + 1;
    const nodes: Record<string, NodeLook> = {};
    for (const n of graph.nodes) {
      const v = n.source as Value;
      nodes[n.id] = { lines: n.kind === 'constant' ? [] : [`data ${known(v) ? num(v.data) : '?'}`], current: v === current };
    }
    const edges = graph.edges.map((e): EdgeLook => {
      const to = sourceOf.get(e.to)!;
      return { label: [], state: to === current ? 'current' : known(to) ? 'plain' : 'pending' };
    });
    const inputs = current.inputs.map((v) => writtenNumber(num(v.data), v.data));
    const written = writeOp(scalarOp(current.op)!, current.param, inputs).text;
    const name = graph.nodes.find((n) => n.source === current)!.name;
    return { phase: 'forward', step: k + 1, title: `forward ${k + 1} of ${ops.length}: ${name}`, caption: [`${name} = ${written} = ${num(current.data)}`], nodes, edges };
  });
}

function backwardLook(deck: Deck, steps: readonly TraceStep[], current: TraceStep): FrameLook {
  const { graph, output, num } = deck;
  const k = current.step;
  const stepOf = new Map(steps.map((s) => [s.node, s.step]));
  const sourceOf = new Map(graph.nodes.map((n) => [n.id, n.source as Value]));
  const known = new Map<Value, number>([[output, 1]]);
  for (const s of steps.slice(0, k)) for (const e of s.edges) known.set(e.input, e.gradAfter);
  const nodes: Record<string, NodeLook> = {};
  for (const n of graph.nodes) {
    const v = n.source as Value;
    const grad = known.get(v);
    nodes[n.id] = { lines: n.kind === 'constant' ? [] : [`data ${num(v.data)}`, `grad ${grad === undefined ? '?' : num(grad)}`], current: v === current.node };
  }
  const edges = graph.edges.map((e): EdgeLook => {
    const s = stepOf.get(sourceOf.get(e.to)!) ?? Infinity;
    const from = sourceOf.get(e.from)!;
    if (s > k) return { label: isConstant(from) ? [] : [`∂ ${num(e.local ?? 0)}`], state: 'pending' };
    const step = steps[s - 1];
    const edge = step.edges[e.slot];
    const label = isConstant(from) ? [] : [`∂ ${num(edge.local)}`, `${num(step.grad)} × ${num(edge.local, true)} = ${num(edge.contribution)}`];
    return { label, state: s === k ? 'current' : 'done' };
  });
  return { phase: 'backward', step: k, title: `backward ${k} of ${steps.length}: at ${graph.nodes.find((n) => n.source === current.node)!.name}`, caption: chainRule(deck, steps, current), nodes, edges };
}

/** `∂y/∂(w1·x1) = ∂y/∂(b + w1·x1) · ∂(b + w1·x1)/∂(w1·x1) = 0.002467 × 1 = 0.002467`, per edge, then the rules used. */
function chainRule(deck: Deck, steps: readonly TraceStep[], current: TraceStep): string[] {
  const { output, num } = deck;
  const dy = partial(output);
  const dn = partial(current.node);
  const before = new Set<Value>();
  for (const s of steps.slice(0, current.step - 1)) for (const e of s.edges) before.add(e.input);
  const lines: string[] = [];
  const rules: string[] = [];
  for (const e of current.edges) {
    if (isConstant(e.input)) continue;
    const di = partial(e.input);
    const again = before.has(e.input);
    const product = `${dy}/${di} ${again ? '+=' : '='} ${dy}/${dn} · ${dn}/${di} = ${num(current.grad)} × ${num(e.local, true)} = ${num(e.contribution)}`;
    lines.push(again ? `${product}, so ${dy}/${di} = ${num(e.gradAfter)}` : product);
    before.add(e.input);
    if (!rules.includes(e.formula)) rules.push(e.formula);
  }
  if (rules.length) lines.push(`local derivative${rules.length > 1 ? 's' : ''}: ${rules.join(';  ')}`);
  return lines;
}

const scenes = new WeakMap<readonly GraphLook[], Map<LayoutStyle, Promise<Scene>>>();

/** The one layout of a deck, sized for the largest text of any frame (made once per list of frames and style). */
export function frameScene(frames: readonly GraphLook[], style: LayoutStyle = SCREEN): Promise<Scene> {
  if (frames.length === 0) throw new RangeError('frameScene: no frames');
  const graph = frames[0].graph;
  if (frames.some((f) => f.graph !== graph)) throw new RangeError('frameScene: the frames come from different graphs');
  const made = scenes.get(frames) ?? new Map<LayoutStyle, Promise<Scene>>();
  scenes.set(frames, made);
  let scene = made.get(style);
  if (!scene) {
    scene = layoutScene(graph, { node: (n) => frames.map((f) => f.nodes[n.id]?.lines ?? []), edge: (i) => frames.map((f) => f.edges[i]?.label ?? []) }, 'LR', style);
    made.set(style, scene);
  }
  return scene;
}

/** Each frame as SVG, all the same size with the nodes in the same places. */
export async function renderFrames(frames: readonly GraphLook[], options: SceneSvgOptions = {}): Promise<string[]> {
  const scene = await frameScene(frames);
  const room = captionRoom(frames);
  return frames.map((f, i) => sceneSvg(scene, f, { captionRoom: room, ...options, id: `${options.id ?? 'frame'}${i}` }));
}

/**
 * One self-contained HTML file with every frame: buttons, the arrow keys, Home and End.
 * No scripts, styles or images are fetched from anywhere.
 */
export async function framesHtml(frames: readonly Frame[], title = 'backpropagation, step by step', options: SceneSvgOptions = {}): Promise<string> {
  const svgs = await renderFrames(frames, { ...options, text: false });
  const t = themeOf(options.theme);
  const sections = frames.map((fr, i) => `<section class="frame" data-phase="${fr.phase}" data-step="${fr.step}"${i === 0 ? '' : ' hidden'}>
<h2>${escapeHtml(fr.title)}</h2>
${captionList(fr.caption)}
<div class="graph">${svgs[i]}</div>
</section>`);
  return htmlPage(title, `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1.5rem; color: ${t.text}; background: ${t.background}; }
nav { display: flex; gap: .75rem; align-items: center; margin-bottom: 1rem; }
button { font-size: 1rem; padding: .35rem .9rem; border-radius: .4rem; border: 1px solid #8a8f96; background: transparent; color: inherit; cursor: pointer; }
button:disabled { opacity: .4; cursor: default; }
h2 { margin: .2rem 0; }
.caption { font-family: "DejaVu Sans Mono", monospace; font-size: .95rem; min-height: 3.6em; }
.graph svg { max-width: 100%; height: auto; }
`, `
<h1>${escapeHtml(title)}</h1>
<nav><button id="first">⏮ first</button><button id="prev">◀ previous</button><span id="pos"></span><button id="next">next ▶</button><button id="last">last ⏭</button><span>(arrow keys, Home and End work too)</span></nav>
${sections.join('\n')}
<script>
(function () {
  var frames = document.querySelectorAll('.frame');
  var i = 0;
  function show(k) {
    i = Math.max(0, Math.min(frames.length - 1, k));
    frames.forEach(function (f, j) { f.hidden = j !== i; });
    document.getElementById('pos').textContent = (i + 1) + ' / ' + frames.length;
    document.getElementById('prev').disabled = document.getElementById('first').disabled = i === 0;
    document.getElementById('next').disabled = document.getElementById('last').disabled = i === frames.length - 1;
  }
  document.getElementById('first').onclick = function () { show(0); };
  document.getElementById('prev').onclick = function () { show(i - 1); };
  document.getElementById('next').onclick = function () { show(i + 1); };
  document.getElementById('last').onclick = function () { show(frames.length - 1); };
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') show(i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') show(i - 1);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(frames.length - 1);
    else return;
    e.preventDefault();
  });
  show(0);
})();
</script>
`);
}
