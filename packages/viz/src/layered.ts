/**
 * A left-to-right layered layout in linear time, for graphs too large for dot. Dot routes every
 * edge through each rank it spans, so a fan-out sum of N terms (N products of one shared x, added
 * up in a chain N deep) costs it O(N²) virtual nodes: 219 s at N = 160. Here each node sits one
 * rank left of its leftmost consumer (so a chain's side branches stay beside it and only the shared
 * input's edges are long), a few barycentre sweeps order each rank, edges are straight lines and
 * each label sits on its edge in the gap before the edge's head.
 */
import { extent } from '@chalkgrad/core';
import type { Box, Point } from './geometry';

export interface LayeredInput {
  nodes: readonly { id: string; w: number; h: number }[];
  /** `label`: the size of the edge's label, placed in the gap before the edge's head. */
  edges: readonly { from: string; to: string; label?: { w: number; h: number } | null }[];
}

const GAP_X = 40;
const GAP_Y = 14;
const SWEEPS = 4;

/** Node boxes (centre, y down), label centres (by edge), and the picture's size. */
export function layered(input: LayeredInput): { boxes: Map<string, Box>; labels: (Point | null)[]; width: number; height: number } {
  const { nodes, edges } = input;
  const outs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const ins = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    outs.get(e.from)!.push(e.to);
    ins.get(e.to)!.push(e.from);
  }
  // each node one rank left of its leftmost consumer (the graph's nodes come in topological order)
  const depth = new Map<string, number>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const consumers = outs.get(nodes[i].id)!;
    depth.set(nodes[i].id, consumers.length === 0 ? 0 : extent(consumers.map((c) => depth.get(c)!))[1] + 1);
  }
  const maxDepth = Math.max(0, extent([...depth.values()])[1]);
  const ranks: string[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (const n of nodes) ranks[maxDepth - depth.get(n.id)!].push(n.id);

  const order = new Map<string, number>();
  const renumber = (rank: string[]) => rank.forEach((id, i) => order.set(id, i / Math.max(1, rank.length - 1)));
  ranks.forEach(renumber);
  const bary = (id: string, side: Map<string, string[]>) => {
    const ns = side.get(id)!;
    return ns.length ? ns.reduce((s, n) => s + order.get(n)!, 0) / ns.length : order.get(id)!;
  };
  for (let s = 0; s < SWEEPS; s++) {
    const side = s % 2 === 0 ? ins : outs;
    const seq = s % 2 === 0 ? ranks : [...ranks].reverse();
    for (const rank of seq) {
      const key = new Map(rank.map((id) => [id, bary(id, side)]));
      rank.sort((a, b) => key.get(a)! - key.get(b)!);
      renumber(rank);
    }
  }

  const size = new Map(nodes.map((n) => [n.id, n]));
  const rankOf = new Map(ranks.flatMap((rank, r) => rank.map((id): [string, number] => [id, r])));
  // the gap before a column holds the labels of the edges into it
  const gap = ranks.map(() => GAP_X);
  for (const e of edges) if (e.label) gap[rankOf.get(e.to)!] = Math.max(gap[rankOf.get(e.to)!], e.label.w + 24);
  const boxes = new Map<string, Box>();
  let x = 0;
  let height = 0;
  const columns = ranks.map((rank, r) => {
    if (r > 0) x += gap[r];
    const w = Math.max(0, extent(rank.map((id) => size.get(id)!.w))[1]);
    const h = rank.reduce((s, id) => s + size.get(id)!.h, 0) + GAP_Y * Math.max(0, rank.length - 1);
    height = Math.max(height, h);
    const col = { x: x + w / 2, left: x, rank, h };
    x += w;
    return col;
  });
  for (const col of columns) {
    let y = (height - col.h) / 2;
    for (const id of col.rank) {
      const n = size.get(id)!;
      boxes.set(id, { x: col.x, y: y + n.h / 2, w: n.w, h: n.h });
      y += n.h + GAP_Y;
    }
  }
  const labels = edges.map((e): Point | null => {
    if (!e.label) return null;
    const a = boxes.get(e.from)!;
    const b = boxes.get(e.to)!;
    const lx = columns[rankOf.get(e.to)!].left - gap[rankOf.get(e.to)!] / 2;
    const t = b.x === a.x ? 0.5 : (lx - a.x) / (b.x - a.x);
    return [lx, a.y + (b.y - a.y) * t];
  });
  return { boxes, labels, width: x, height };
}
