/**
 * A laid-out scene drawn as SVG: what each node and edge shows (its look) changes from frame to
 * frame, the geometry never does. Every node and edge is a group with a <title> and a <desc>, so
 * screen readers can walk the graph; the picture as a whole has its own title and description.
 */
import { extent } from '@chalkgrad/core';
import type { DrawNode, NodeKind } from './graph';
import { escapeXml } from './escape';
import { arrowTriangle, crossing } from './geometry';
import { FONT, LINE, type Point, type Scene } from './scene';
import { KIND_NAMES, type Theme, type ThemeOption, themeOf } from './theme';
import { textWidth } from './text';

export type EdgeState = 'plain' | 'pending' | 'done' | 'current';
export interface NodeLook { lines: readonly string[]; current?: boolean }
export interface EdgeLook { label: readonly string[]; state: EdgeState }

/** What one picture of the scene shows. */
export interface Look {
  title?: string;
  caption?: readonly string[];
  /** By node id. */
  nodes: Readonly<Record<string, NodeLook>>;
  /** By edge index. */
  edges: readonly EdgeLook[];
}

export interface SceneSvgOptions {
  theme?: ThemeOption;
  /** A row of the node kinds the graph has, with their colours. */
  legend?: boolean;
  /** Draw the look's title and caption in the picture (default true); a page that prints them as text says false. */
  text?: boolean;
  /** Room for this many caption lines this wide, so every frame of a deck has one size. */
  captionRoom?: { lines: number; width: number };
  /** Makes the ids of the picture unique on a page that holds several. */
  id?: string;
  /** What a screen reader announces for the whole picture. */
  alt?: string;
}

const MARGIN = 14;
const lh = (size: number) => size * LINE;
const f1 = (x: number) => x.toFixed(1);

function text(x: number, y: number, s: string, size: number, fill: string, extra = ''): string {
  return `<text x="${f1(x)}" y="${f1(y)}" font-size="${size}" fill="${fill}"${extra}>${escapeXml(s)}</text>`;
}

/** Lines centred in a box, each on its own baseline. */
function textBlock(cx: number, cy: number, lines: readonly { s: string; bold?: boolean }[], size: number, fill: string): string {
  const top = cy - (lines.length * lh(size)) / 2;
  return lines.map((l, i) => text(cx, top + i * lh(size) + (lh(size) + size * 0.7) / 2, l.s, size, fill, ` text-anchor="middle"${l.bold ? ' font-weight="bold"' : ''}`)).join('');
}

function splinePath(points: readonly Point[]): string {
  let d = `M${f1(points[0][0])},${f1(points[0][1])}`;
  for (let i = 1; i + 2 < points.length; i += 3) d += `C${points.slice(i, i + 3).map((p) => `${f1(p[0])},${f1(p[1])}`).join(' ')}`;
  return d;
}

function arrowHead(tip: Point, base: Point, fill: string): string {
  return `<polygon points="${arrowTriangle(tip, base).map((p) => `${f1(p[0])},${f1(p[1])}`).join(' ')}" fill="${fill}"/>`;
}

function edgeStyle(state: EdgeState, t: Theme): { stroke: string; width: number; dash: string; label: string } {
  if (state === 'pending') return { stroke: t.faded, width: 1.2, dash: ' stroke-dasharray="5 4"', label: t.muted };
  if (state === 'done') return { stroke: t.done, width: 1.6, dash: '', label: t.done };
  if (state === 'current') return { stroke: t.highlight, width: 2.8, dash: '', label: t.highlight };
  return { stroke: t.edge, width: 1.3, dash: '', label: t.text };
}

type ById = ReadonlyMap<string, DrawNode>;

function drawEdge(scene: Scene, byId: ById, index: number, look: EdgeLook, t: Theme): string {
  const geo = scene.edges[index];
  const e = scene.graph.edges[index];
  const st = edgeStyle(look.state, t);
  const from = byId.get(e.from)!;
  const to = byId.get(e.to)!;
  const parts = [`<title>${escapeXml(`${from.name} → ${to.name}`)}</title><desc>${escapeXml(look.label.length ? look.label.join('; ') : from.kind === 'constant' ? 'a constant input' : 'no label')}</desc>`];
  const stroke = `fill="none" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash}`;
  for (const p of geo.paths) parts.push(`<path d="${splinePath(p)}" ${stroke}/>`);
  if (geo.label) {
    // the edge runs into its label and out again: join the two halves, leaving the text clear
    const a = geo.paths[0][geo.paths[0].length - 1];
    const b = geo.paths[1][0];
    const size = scene.labelFont;
    const tw = Math.max(0, ...look.label.map((l) => textWidth(l, size))) + 6;
    const clear = look.label.length ? { x: geo.label.x, y: geo.label.y, w: tw, h: look.label.length * lh(size) + 2 } : null;
    const cut = clear && crossing(a, b, clear);
    const joins: [Point, Point][] = cut ? [[a, cut.enter], [cut.leave, b]] : [[a, b]];
    for (const [p, q] of joins) if (Math.hypot(q[0] - p[0], q[1] - p[1]) > 0.5) parts.push(`<path d="M${f1(p[0])},${f1(p[1])}L${f1(q[0])},${f1(q[1])}" ${stroke}/>`);
    if (look.label.length) parts.push(textBlock(geo.label.x, geo.label.y, look.label.map((s) => ({ s })), size, st.label));
  }
  const last = geo.paths[geo.paths.length - 1];
  if (geo.arrow) parts.push(arrowHead(geo.arrow, last[last.length - 1], st.stroke));
  return `<g class="edge" data-from="${e.from}" data-to="${e.to}">${parts.join('')}</g>`;
}

function drawNode(scene: Scene, n: DrawNode, look: NodeLook, t: Theme): string {
  const id = n.id;
  const b = scene.nodes.get(id)!;
  const stroke = look.current ? `stroke="${t.highlight}" stroke-width="3.2"` : `stroke="${t.border}" stroke-width="1.2"`;
  const lines = [{ s: n.title, bold: true }, ...look.lines.map((s) => ({ s }))];
  return `<g class="node" id="${id}"><title>${escapeXml(n.name)}</title><desc>${escapeXml([KIND_NAMES[n.kind], ...look.lines].join('; '))}</desc>`
    + `<rect x="${f1(b.x - b.w / 2)}" y="${f1(b.y - b.h / 2)}" width="${f1(b.w)}" height="${f1(b.h)}" rx="6" fill="${t.kinds[n.kind]}" ${stroke}/>`
    + `${textBlock(b.x, b.y, lines, FONT.node, t.text)}</g>`;
}

function legendRow(scene: Scene, x: number, y: number, t: Theme): string {
  const kinds = (Object.keys(KIND_NAMES) as NodeKind[]).filter((k) => scene.graph.nodes.some((n) => n.kind === k));
  let at = x;
  return kinds.map((k) => {
    const s = `<rect x="${f1(at)}" y="${f1(y - 10)}" width="13" height="13" rx="3" fill="${t.kinds[k]}" stroke="${t.border}"/>${text(at + 18, y, KIND_NAMES[k], FONT.legend, t.text)}`;
    at += 18 + textWidth(KIND_NAMES[k], FONT.legend) + 14;
    return s;
  }).join('');
}

/** The scene as one SVG picture showing `look`. */
export function sceneSvg(scene: Scene, look: Look, options: SceneSvgOptions = {}): string {
  const t = themeOf(options.theme);
  const withText = options.text ?? true;
  const title = withText ? look.title : undefined;
  const caption = withText ? look.caption ?? [] : [];
  const room = options.captionRoom ?? { lines: caption.length, width: 0 };
  const captionLines = Math.max(room.lines, caption.length);
  const captionWidth = Math.max(room.width, ...caption.map((c) => textWidth(c, FONT.caption)));
  const top = MARGIN + (title ? lh(FONT.title) + 6 : 0);
  const below = (captionLines ? 8 + captionLines * lh(FONT.caption) : 0) + (options.legend ? 24 : 0);
  const width = Math.ceil(Math.max(scene.width, captionWidth, title ? textWidth(title, FONT.title, true) : 0) + 2 * MARGIN);
  const height = Math.ceil(top + scene.height + below + MARGIN);
  const dx = (width - scene.width) / 2;
  const id = options.id ?? 'g';
  const out: string[] = [];
  for (const c of scene.clusters) {
    out.push(`<rect x="${f1(c.box.x - c.box.w / 2)}" y="${f1(c.box.y - c.box.h / 2)}" width="${f1(c.box.w)}" height="${f1(c.box.h)}" rx="8" fill="none" stroke="${t.faded}" stroke-dasharray="4 3"/>`);
    out.push(text(c.box.x, c.box.y - c.box.h / 2 + FONT.legend + 3, c.name, FONT.legend, t.muted, ' text-anchor="middle"'));
  }
  const byId = new Map(scene.graph.nodes.map((n) => [n.id, n]));
  scene.graph.edges.forEach((_, i) => out.push(drawEdge(scene, byId, i, look.edges[i] ?? { label: [], state: 'plain' }, t)));
  for (const n of scene.graph.nodes) out.push(drawNode(scene, n, look.nodes[n.id] ?? { lines: [] }, t));
  const alt = options.alt ?? look.title ?? 'a computation graph';
  const desc = [...(look.caption ?? []), `${scene.graph.nodes.length} nodes and ${scene.graph.edges.length} edges; each has its own title and description`].join(' ');
  let y = top + scene.height + 8;
  const captionSvg = caption.map((c, i) => text(MARGIN, y + (i + 0.8) * lh(FONT.caption), c, FONT.caption, t.text)).join('');
  y += captionLines * lh(FONT.caption);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="DejaVu Sans, sans-serif">
<title id="${id}-title">${escapeXml(alt)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>
<rect width="100%" height="100%" fill="${t.background}"/>
${title ? text(width / 2, MARGIN + FONT.title, title, FONT.title, t.text, ' text-anchor="middle" font-weight="bold"') : ''}
<g transform="translate(${f1(dx)},${f1(top)})">
${out.join('\n')}
</g>
${captionSvg}${options.legend ? legendRow(scene, MARGIN, y + (captionLines ? 22 : 16), t) : ''}
</svg>
`;
}

/** Caption room for a deck: the most lines and the widest line of any frame. */
export function captionRoom(looks: readonly Look[]): { lines: number; width: number } {
  return {
    lines: Math.max(0, extent(looks.map((l) => l.caption?.length ?? 0))[1]),
    width: Math.max(0, extent(looks.flatMap((l) => (l.caption ?? []).map((c) => textWidth(c, FONT.caption))))[1]),
  };
}
