/**
 * A graph laid out once and drawn many times. Graphviz places boxes whose sizes we fix from our
 * own text widths (the largest text each node or edge label shows in any frame), so every step
 * frame, the static picture, the GIF and the Beamer overlays share one geometry: nothing jumps.
 *
 * Each edge label is a box of its own in the layout, between the edge's tail and head: the edge
 * runs into the label and out of it, so dot routes other edges around it and no edge crosses its
 * own label. Large graphs (fan-out sums of hundreds of terms) use straight edges and short
 * network-simplex and crossing passes, which keeps their layout near linear in the graph's size.
 */
import { extent } from '@chalkgrad/core';
import { type DrawGraph, type DrawNode } from './graph';
import { safeId } from './escape';
import { crossing, exitPoint } from './geometry';
import { layered } from './layered';
import { layout } from './render';
import { textWidth } from './text';

/** Font sizes in pixels (a pixel is a Graphviz point). */
export const FONT = { node: 13, label: 11, title: 17, caption: 13, legend: 11 } as const;
export const LINE = 1.35;
export const PAD = { x: 9, y: 6 } as const;
/** Above this many nodes a graph is laid out by `layered` (linear time, straight edges) instead of dot. */
export const LARGE_GRAPH = 150;

import type { Box, Point } from './geometry';
export type { Box, Point } from './geometry';

export interface SceneEdge {
  /** Index into the graph's edges. */
  index: number;
  /** B-splines (start, then three points per cubic piece): tail → label and label → head, or one tail → head. */
  paths: Point[][];
  /** The arrowhead's tip; the last spline ends at its base. */
  arrow: Point | null;
  label: Box | null;
}

export interface Scene {
  graph: DrawGraph;
  /** The size edge labels were measured at, in pixels: what drawings of the scene print them at. */
  labelFont: number;
  width: number;
  height: number;
  nodes: Map<string, Box>;
  edges: SceneEdge[];
  clusters: { name: string; box: Box }[];
}

/**
 * How a scene is laid out: Graphviz's nodesep and ranksep (inches) and the size of edge labels.
 * A slide's text size is set by the frame's width, so a slide packs ranks and rows closer and
 * prints edge labels as large as node text (`SLIDE`); a screen picture has room (`SCREEN`).
 */
export interface LayoutStyle {
  nodesep: number;
  ranksep: number;
  labelFont: number;
}
export const SCREEN: LayoutStyle = { nodesep: 0.18, ranksep: 0.3, labelFont: FONT.label };
// ranksep leaves room for an arrowhead between a label and its head
export const SLIDE: LayoutStyle = { nodesep: 0.1, ranksep: 0.12, labelFont: FONT.node };

/** Every text a node or an edge label may show (one list of lines per frame): boxes fit the largest. */
export interface SceneText {
  node(n: DrawNode): readonly (readonly string[])[];
  edge(index: number): readonly (readonly string[])[];
}

const lineHeight = (size: number) => size * LINE;
const widest = (lines: readonly string[], size: number, bold = false) => Math.max(0, extent(lines.map((l) => textWidth(l, size, bold)))[1]);

/** The size of a node box showing its title and at most these lines. */
export function nodeBox(title: string, variants: readonly (readonly string[])[]): { w: number; h: number } {
  // one variant per frame of a deck: as many as the graph has steps
  const lines = Math.max(0, extent(variants.map((v) => v.length))[1]);
  const w = Math.max(textWidth(title, FONT.node, true), extent(variants.map((v) => widest(v, FONT.node)))[1]);
  return { w: Math.ceil(w + 2 * PAD.x), h: Math.ceil((1 + lines) * lineHeight(FONT.node) + 2 * PAD.y) };
}

/** The size of the text block of an edge label, or null when it never shows text. */
export function labelBox(variants: readonly (readonly string[])[], size: number = FONT.label): { w: number; h: number } | null {
  const lines = Math.max(0, extent(variants.map((v) => v.length))[1]);
  if (lines === 0) return null;
  return { w: Math.ceil(extent(variants.map((v) => widest(v, size)))[1] + 6), h: Math.ceil(lines * lineHeight(size) + 4) };
}

/** The DOT that only places boxes: every size fixed, nothing drawn by Graphviz. */
export function layoutDot(g: DrawGraph, text: SceneText, rankdir = 'LR', style: LayoutStyle = SCREEN): string {
  const inch = (px: number) => (px / 72).toFixed(3);
  const out = [
    'digraph layout {',
    `  graph [rankdir=${rankdir}, nodesep=${style.nodesep}, ranksep=${style.ranksep}];`,
    '  node [shape=box, fixedsize=true, label=""];',
    '  edge [arrowsize=0.8];',
  ];
  const clusters = new Map<string, DrawNode[]>();
  for (const n of g.nodes) if (n.cluster) clusters.set(n.cluster, [...(clusters.get(n.cluster) ?? []), n]);
  const box = (n: DrawNode) => {
    const b = nodeBox(n.title, text.node(n));
    return `${n.id} [width=${inch(b.w)}, height=${inch(b.h)}];`;
  };
  for (const [name, members] of clusters) {
    // we draw the cluster's name; this label only reserves a line of room for it
    out.push(`  subgraph cluster_${safeId(name)} { label="X"; fontsize=${FONT.legend};`);
    for (const n of members) out.push(`    ${box(n)}`);
    out.push('  }');
  }
  for (const n of g.nodes) if (!n.cluster) out.push(`  ${box(n)}`);
  g.edges.forEach((e, i) => {
    const lb = labelBox(text.edge(i), style.labelFont);
    if (!lb) return void out.push(`  ${e.from} -> ${e.to};`);
    out.push(`  e${i} [width=${inch(lb.w)}, height=${inch(lb.h)}];`, `  ${e.from} -> e${i} [arrowhead=none];`, `  e${i} -> ${e.to};`);
  });
  out.push('}');
  return out.join('\n');
}

/** Lays the graph out once: boxes sized for every text they will show. */
export async function layoutScene(g: DrawGraph, text: SceneText, rankdir = 'LR', style: LayoutStyle = SCREEN): Promise<Scene> {
  if (g.nodes.length > LARGE_GRAPH) return layoutLarge(g, text, style.labelFont);
  const lay = await layout(layoutDot(g, text, rankdir, style));
  const flip = (p: Point): Point => [p[0], lay.height - p[1]];
  const boxes = new Map(lay.nodes.map((n) => [n.name, { x: n.x, y: lay.height - n.y, w: n.width, h: n.height }]));
  // parallel edges without labels (x·x with no text) share tail and head: taken in order
  const splines = new Map<string, { points: Point[]; arrow: Point | null }[]>();
  for (const e of lay.edges) {
    const key = `${e.tail}>${e.head}`;
    splines.set(key, [...(splines.get(key) ?? []), { points: e.points.map(flip), arrow: e.arrow ? flip(e.arrow) : null }]);
  }
  const take = (key: string) => splines.get(key)!.shift()!;
  const edges = g.edges.map((e, index): SceneEdge => {
    const label = boxes.get(`e${index}`) ?? null;
    const parts = label ? [take(`${e.from}>e${index}`), take(`e${index}>${e.to}`)] : [take(`${e.from}>${e.to}`)];
    return { index, paths: parts.map((p) => p.points), arrow: parts[parts.length - 1].arrow, label };
  });
  const clusters = lay.clusters.map((c) => ({
    name: g.nodes.find((n) => n.cluster && `cluster_${safeId(n.cluster)}` === c.name)?.cluster ?? c.name,
    box: { x: (c.bb[0] + c.bb[2]) / 2, y: lay.height - (c.bb[1] + c.bb[3]) / 2, w: c.bb[2] - c.bb[0], h: c.bb[3] - c.bb[1] },
  }));
  return { graph: g, labelFont: style.labelFont, width: lay.width, height: lay.height, nodes: new Map(g.nodes.map((n) => [n.id, boxes.get(n.id)!])), edges, clusters };
}

/** A large graph: layered in linear time, straight edges, each label on its edge before the head. */
function layoutLarge(g: DrawGraph, text: SceneText, labelFont: number): Scene {
  const sizes = g.edges.map((_, i) => labelBox(text.edge(i), labelFont));
  const lay = layered({ nodes: g.nodes.map((n) => ({ id: n.id, ...nodeBox(n.title, text.node(n)) })), edges: g.edges.map((e, i) => ({ ...e, label: sizes[i] })) });
  const edges = g.edges.map((e, index): SceneEdge => {
    const from = lay.boxes.get(e.from)!;
    const to = lay.boxes.get(e.to)!;
    const a = exitPoint(from, [to.x, to.y]);
    const tip = exitPoint(to, [from.x, from.y]);
    const len = Math.hypot(tip[0] - a[0], tip[1] - a[1]) || 1;
    const base: Point = [tip[0] - ((tip[0] - a[0]) / len) * 8, tip[1] - ((tip[1] - a[1]) / len) * 8];
    const line = (p: Point, q: Point): Point[] => [p, p, q, q];
    const at = lay.labels[index];
    const cut = at && crossing(a, base, { x: at[0], y: at[1], ...sizes[index]! });
    if (!at || !cut) return { index, paths: [line(a, base)], arrow: tip, label: null };
    return { index, paths: [line(a, cut.enter), line(cut.leave, base)], arrow: tip, label: { x: at[0], y: at[1], ...sizes[index]! } };
  });
  return { graph: g, labelFont, width: lay.width, height: lay.height, nodes: lay.boxes, edges, clusters: [] };
}
