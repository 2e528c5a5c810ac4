/**
 * Graphviz DOT of a computation graph with the local derivative on every edge, optionally its
 * formula and the gradient flowing along it; clusters (one per neuron or layer), collapsed
 * clusters, a colour legend and highlighted nodes or edges. All user text is escaped.
 */
import type { Tensor, Value } from '@chalkgrad/core';
import { describeArg, describeValue, fmt, fmtFactor, partial } from '@chalkgrad/core';
import { escapeDot, safeId } from './escape';
import { type DrawEdge, type DrawGraph, type DrawNode, type GraphOptions, type NodeKind, buildGraph } from './graph';
import { LARGE_GRAPH } from './scene';
import { KIND_NAMES, LIGHT, type ThemeOption, themeOf } from './theme';

/** The light theme's highlight colour, for `decorate` callers that colour edges themselves. */
export const HIGHLIGHT = LIGHT.highlight;

export interface EdgeLabels {
  /** The local derivative d(out)/d(in) as a number (default on for Value graphs). */
  local?: boolean;
  /** The rule from the op table (default off for Value graphs, on for Tensor graphs). */
  formula?: boolean;
  /**
   * What flows along the edge (default off; on in forward mode): upstream gradient × local
   * derivative, or in forward mode local derivative × ∂input/∂wrt, the tangent carried forward.
   */
  flow?: boolean;
}

export interface DotOptions extends GraphOptions {
  rankdir?: 'LR' | 'TB' | 'RL' | 'BT';
  /** Graphviz's space between nodes of a rank and between ranks, in inches (default 0.3 and 0.6): less packs a graph onto a page. */
  nodesep?: number;
  ranksep?: number;
  /** The size edge labels are laid out at, in points (default 9; node text is 11). */
  labelFontsize?: number;
  edgeLabels?: EdgeLabels;
  /** Show data and grad (Value) or shape and preview (Tensor) in nodes. Default true. */
  nodeDetails?: boolean;
  legend?: boolean;
  /** Nodes (Values/Tensors or their labels) and edges (`[from, to]`) to draw in red. */
  highlight?: { nodes?: readonly (Value | Tensor | string)[]; edges?: readonly (readonly [Value | Tensor, Value | Tensor])[] };
  /** Cluster names to draw as one box each. */
  collapse?: readonly string[];
  title?: string;
  /** The colours: 'light' (default) or 'dark', both safe for colour-blind readers. */
  theme?: ThemeOption;
  /** Per-node and per-edge overrides (used by the step-by-step frames). */
  decorate?: {
    node?(node: DrawNode): { lines?: string[]; color?: string; highlight?: boolean } | undefined;
    edge?(edge: DrawEdge): { label?: string[]; color?: string; bold?: boolean; faded?: boolean } | undefined;
  };
}

function nodeLabel(title: string, lines: readonly string[], fill: string, border: string, width: number): string {
  const rows = [`<TR><TD><B>${escapeDot(title)}</B></TD></TR>`, ...lines.map((l) => `<TR><TD>${escapeDot(l)}</TD></TR>`)];
  return `<<TABLE BORDER="${width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="ROUNDED" BGCOLOR="${fill}" COLOR="${border}">${rows.join('')}</TABLE>>`;
}

function htmlLines(lines: readonly string[]): string {
  return `<${lines.map(escapeDot).join('<BR/>')}>`;
}

/** The tangent of input `a` (`ȧ`, `ḃ`, `ȧᵢ`): ∂a/∂x in forward mode along x, as `forwardLegend` says. */
const dotted = (symbol: string) => symbol.replace(/^[ab]/, (c) => (c === 'a' ? 'ȧ' : 'ḃ'));

/**
 * An edge's label, in every format (DOT, its SVG, TikZ): the local derivative, the op's rule, and
 * what flows along the edge. In forward mode that is the chain rule with its numbers, the local
 * derivative times the input's tangent: `∂f/∂a · ȧ = 3 · 1 = 3` (f the node, a its input in the
 * rule's letters), which holds the local derivative, so it is not written twice.
 */
export function edgeText(e: DrawEdge, show: Required<EdgeLabels>, digits: number, wrt?: Value): string[] {
  const out: string[] = [];
  const chain = show.flow && wrt !== undefined && e.local !== null && e.tangent !== null && e.flow !== null;
  if (show.local && e.local !== null && !chain) out.push(fmt(e.local, digits));
  if (show.formula && e.formula) out.push(e.formula);
  if (chain) out.push(`∂f/∂${e.symbol} · ${dotted(e.symbol)} = ${fmtFactor(e.local!, digits)} · ${fmtFactor(e.tangent!, digits)} = ${fmt(e.flow!, digits)}`);
  else if (show.flow && e.flow !== null) out.push(`grad·∂ = ${fmt(e.flow, digits)}`);
  return out;
}

/** What the forward-mode labels mean, for the legend of every format. */
export function forwardLegend(wrt: Value): string {
  return `forward mode along ${describeValue(wrt)}: ȧ = ∂a/${partial(wrt)}, the tangent of input a (shown in its node); an edge into f carries ∂f/∂a · ȧ`;
}

/** A size option, checked: it is written into the DOT text. */
function size(name: string, unit: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`toDot: ${name} is a size in ${unit} (a number ≥ 0), got ${describeArg(value)}`);
  return value;
}

/** DOT text for a Value or Tensor graph (or a graph built by `buildGraph`). */
export function toDot(root: Value | Tensor | DrawGraph, options: DotOptions = {}): string {
  const g = typeof root === 'object' && root !== null && 'nodes' in root ? root : buildGraph(root, options, 'toDot');
  const digits = options.digits ?? 4;
  const show: Required<EdgeLabels> = { local: g.kind === 'value', formula: g.kind === 'tensor', flow: g.wrt !== undefined, ...options.edgeLabels };
  const details = options.nodeDetails ?? true;
  const hiNodes = new Set<unknown>(options.highlight?.nodes ?? []);
  const hiEdges = new Set((options.highlight?.edges ?? []).map(([a, b]) => `${idOf(g, a)}->${idOf(g, b)}`));
  const collapsed = new Set(options.collapse ?? []);
  const boxOf = (n: DrawNode) => (n.cluster && collapsed.has(n.cluster) ? `c_${safeId(n.cluster)}` : n.id);
  const t = themeOf(options.theme);
  // dot routes every edge through each rank it spans: on large graphs, straight edges and short passes keep it near linear
  const large = g.nodes.length > LARGE_GRAPH ? ', splines=line, nslimit=1, nslimit1=1, mclimit=0.05' : '';

  const out: string[] = ['digraph chalkgrad {'];
  out.push(`  graph [rankdir=${options.rankdir ?? 'LR'}, fontname="DejaVu Sans", fontsize=12, nodesep=${size('nodesep', 'inches', options.nodesep, 0.3)}, ranksep=${size('ranksep', 'inches', options.ranksep, 0.6)}, bgcolor="${t.background}", fontcolor="${t.text}"${large}${options.title ? `, label=${htmlLines([options.title])}, labelloc=t` : ''}];`);
  out.push(`  node [shape=plaintext, fontname="DejaVu Sans", fontsize=11, fontcolor="${t.text}"];`);
  out.push(`  edge [fontname="DejaVu Sans", fontsize=${size('labelFontsize', 'points', options.labelFontsize, 9)}, color="${t.edge}", fontcolor="${t.text}", arrowsize=0.7];`);

  const clusters = new Map<string, DrawNode[]>();
  for (const n of g.nodes) if (n.cluster) clusters.set(n.cluster, [...(clusters.get(n.cluster) ?? []), n]);
  const emitted = new Set<string>();
  const nodeLine = (n: DrawNode): string => {
    const deco = options.decorate?.node?.(n);
    const hi = deco?.highlight || hiNodes.has(n.source) || (n.source.label !== '' && hiNodes.has(n.source.label));
    const lines = deco?.lines ?? (details ? n.lines : []);
    return `${n.id} [label=${nodeLabel(n.title, lines, deco?.color ?? t.kinds[n.kind], hi ? t.highlight : t.border, hi ? 3 : 1)}];`;
  };
  for (const [name, members] of clusters) {
    if (collapsed.has(name)) {
      out.push(`  c_${safeId(name)} [label=${nodeLabel(name, [`${members.length} nodes (collapsed)`], t.kinds.constant, t.border, 2)}];`);
      continue;
    }
    out.push(`  subgraph cluster_${safeId(name)} {`, `    label=${htmlLines([name])}; style="rounded,dashed"; color="${t.faded}"; fontsize=10;`);
    for (const n of members) {
      out.push(`    ${nodeLine(n)}`);
      emitted.add(n.id);
    }
    out.push('  }');
  }
  for (const n of g.nodes) if (!emitted.has(n.id) && !(n.cluster && collapsed.has(n.cluster))) out.push(`  ${nodeLine(n)}`);

  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const merged = new Map<string, number>();
  for (const e of g.edges) {
    const from = boxOf(byId.get(e.from)!);
    const to = boxOf(byId.get(e.to)!);
    if (from !== e.from || to !== e.to) {
      if (from !== to) merged.set(`${from} -> ${to}`, (merged.get(`${from} -> ${to}`) ?? 0) + 1);
      continue;
    }
    const deco = options.decorate?.edge?.(e);
    const hi = hiEdges.has(`${e.from}->${e.to}`);
    const label = deco?.label ?? edgeText(e, show, digits, g.wrt);
    const attrs = [label.length ? `label=${htmlLines(label)}` : '', hi || deco?.bold ? 'penwidth=2.5' : '', hi ? `color="${t.highlight}", fontcolor="${t.highlight}"` : deco?.color ? `color="${deco.color}", fontcolor="${deco.color}"` : '', deco?.faded ? `style=dashed, color="${t.faded}", fontcolor="${t.muted}"` : ''].filter(Boolean);
    out.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  for (const [key, count] of merged) out.push(`  ${key} [label=${htmlLines([`${count} edge${count > 1 ? 's' : ''}`])}];`);

  if (options.legend) {
    // one small table of the kinds this graph has, in the output's column
    const present = (Object.keys(KIND_NAMES) as NodeKind[]).filter((k) => g.nodes.some((n) => n.kind === k));
    const cells = present.map((k) => `<TD BGCOLOR="${t.kinds[k]}" BORDER="1" STYLE="ROUNDED">${KIND_NAMES[k]}</TD>`).join('');
    const output = g.nodes.find((n) => n.kind === 'output');
    const note = g.wrt ? `<TR><TD COLSPAN="${present.length}">${escapeDot(forwardLegend(g.wrt))}</TD></TR>` : '';
    out.push(`  { rank=same; ${output ? `${boxOf(output)}; ` : ''}legend [label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>${cells}</TR>${note}</TABLE>>, fontsize=9]; }`);
  }
  out.push('}');
  return out.join('\n');
}

function idOf(g: DrawGraph, x: Value | Tensor): string {
  return g.nodes.find((n) => n.source === x)?.id ?? '';
}
