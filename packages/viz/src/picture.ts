/**
 * The static picture of a graph as SVG, drawn from the same scene as the step frames: data and
 * grad in nodes, the local derivative (and on request its rule and the flowing gradient) on every
 * edge, each label on its edge with the line running into it and out again, never through it.
 */
import type { Tensor, Value } from '@chalkgrad/core';
import { type DotOptions, edgeText } from './dot';
import { buildGraph } from './graph';
import { LARGE_GRAPH, layoutScene } from './scene';
import { type EdgeLook, type SceneSvgOptions, sceneSvg } from './sceneSvg';

export interface PictureOptions extends Omit<DotOptions, 'decorate' | 'collapse' | 'legend'>, Omit<SceneSvgOptions, 'captionRoom'> {}

export async function graphSvg(root: Value | Tensor, options: PictureOptions = {}): Promise<string> {
  const g = buildGraph(root, options, 'graphSvg');
  // a large graph shows only the local derivative on its edges: rules and flows would bury it
  const large = g.nodes.length > LARGE_GRAPH;
  const show = { local: g.kind === 'value', formula: g.kind === 'tensor', flow: false, ...options.edgeLabels, ...(large ? { formula: g.kind === 'tensor', flow: false } : {}) };
  const labels = g.edges.map((e) => edgeText(e, show, options.digits ?? 4));
  const lines = (n: (typeof g.nodes)[number]) => (options.nodeDetails === false ? [] : n.lines);
  const scene = await layoutScene(g, { node: (n) => [lines(n)], edge: (i) => [labels[i]] }, options.rankdir);
  const hiNodes = new Set<unknown>(options.highlight?.nodes ?? []);
  const hiEdges = new Set((options.highlight?.edges ?? []).map(([a, b]) => `${a.id}>${b.id}`));
  const nodes = Object.fromEntries(g.nodes.map((n) => [n.id, { lines: lines(n), current: hiNodes.has(n.source) || (n.source.label !== '' && hiNodes.has(n.source.label)) }]));
  const idOf = new Map(g.nodes.map((n) => [n.id, n.source.id]));
  const edges = g.edges.map((e, i): EdgeLook => ({ label: labels[i], state: hiEdges.has(`${idOf.get(e.from)}>${idOf.get(e.to)}`) ? 'current' : 'plain' }));
  return sceneSvg(scene, { title: options.title, nodes, edges }, options);
}
