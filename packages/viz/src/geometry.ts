/** Plane geometry of boxes (centre and size, y down) and segments, for edges meeting boxes. */
export type Point = [number, number];
export interface Box { x: number; y: number; w: number; h: number }

/** Where the segment from a box's centre towards `to` leaves the box. */
export function exitPoint(b: Box, to: Point): Point {
  const dx = to[0] - b.x;
  const dy = to[1] - b.y;
  if (dx === 0 && dy === 0) return [b.x, b.y];
  const t = Math.min(dx === 0 ? Infinity : b.w / 2 / Math.abs(dx), dy === 0 ? Infinity : b.h / 2 / Math.abs(dy));
  return [b.x + dx * t, b.y + dy * t];
}

/** Where segment a→b enters and leaves the box (Liang–Barsky clipping), or null if it misses the box. */
export function crossing(a: Point, b: Point, box: Box): { enter: Point; leave: Point } | null {
  const d: Point = [b[0] - a[0], b[1] - a[1]];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [[-d[0], a[0] - (box.x - box.w / 2)], [d[0], box.x + box.w / 2 - a[0]], [-d[1], a[1] - (box.y - box.h / 2)], [d[1], box.y + box.h / 2 - a[1]]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
  }
  if (t0 > t1) return null;
  const at = (t: number): Point => [a[0] + d[0] * t, a[1] + d[1] * t];
  return { enter: at(t0), leave: at(t1) };
}

/** An arrowhead's triangle: its tip, and its base `halfWidth` either side of the base point. */
export function arrowTriangle(tip: Point, base: Point, halfWidth = 3.6): Point[] {
  const len = Math.hypot(tip[0] - base[0], tip[1] - base[1]) || 1;
  const n: Point = [-(tip[1] - base[1]) / len, (tip[0] - base[0]) / len];
  return [tip, [base[0] + n[0] * halfWidth, base[1] + n[1] * halfWidth], [base[0] - n[0] * halfWidth, base[1] - n[1] * halfWidth]];
}
