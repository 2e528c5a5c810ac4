/**
 * What the Value and Tensor graphs share: the grad-mode switch, the anomaly switch, and the
 * iterative topological sort that every backward pass walks.
 */

/**
 * A node of either graph: its ordered input edges (read through `numInputs`/`inputAt`, so a node
 * may keep its edges in fields rather than an array) and a scratch mark for graph walks.
 */
export interface GraphNode {
  readonly numInputs: number;
  inputAt(i: number): GraphNode;
  /** Set by `topoSort` to the walk's epoch; a plain number is much faster than a Set. */
  _mark: number;
}

let gradEnabled = true;
let anomalyEnabled = false;
let epoch = 0;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording the graph: results are leaves, as with `torch.no_grad()`. */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

export function isAnomalyDetectionEnabled(): boolean {
  return anomalyEnabled;
}

/** Turns on (or off) the check that reports where a NaN or an infinity first appears. */
export function setAnomalyDetection(enabled: boolean): void {
  anomalyEnabled = enabled;
}

/** Runs `fn` with anomaly detection on, then restores the previous setting. */
export function detectAnomaly<T>(fn: () => T): T {
  const before = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = before;
  }
}

/** Thrown in anomaly mode where a NaN or an infinity first appears. */
export class AnomalyError extends Error {
  override name = 'AnomalyError';
}

// Scratch stacks kept between walks: a backward pass over 100,000 nodes then allocates nothing
// here but its result. Walks never nest (they run to completion synchronously).
const stack: GraphNode[] = [];
const next: number[] = [];

/**
 * Nodes reachable from `root`, inputs before the nodes that use them (root last), written into
 * `order` (cleared first; pass a kept array to avoid allocating one per pass).
 * Iterative depth-first search with an explicit stack, so a chain of a million nodes needs no
 * call stack; each node appears once however many edges reach it.
 */
export function topoSort<N extends GraphNode>(root: N, order: N[] = []): N[] {
  const mark = ++epoch;
  let count = 0;
  let top = 0;
  stack[0] = root;
  next[0] = 0;
  root._mark = mark;
  while (top >= 0) {
    const node = stack[top];
    const i = next[top];
    if (i < node.numInputs) {
      next[top] = i + 1;
      const child = node.inputAt(i);
      if (child._mark !== mark) {
        child._mark = mark;
        top++;
        stack[top] = child;
        next[top] = 0;
      }
    } else {
      order[count++] = node as N;
      top--;
    }
  }
  if (order.length !== count) order.length = count;
  // Drop references so finished graphs can be collected; keep the capacity.
  stack.fill(undefined as unknown as GraphNode, 0, Math.min(stack.length, count + 1));
  return order;
}
