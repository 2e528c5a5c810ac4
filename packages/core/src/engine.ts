/**
 * What the Value and Tensor graphs share: the grad-mode switch, the anomaly switch, and the
 * iterative topological sort that every backward pass walks.
 */

/** A node of either graph: its ordered input edges and a scratch mark for graph walks. */
export interface GraphNode {
  inputs: readonly GraphNode[];
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

/**
 * Nodes reachable from `root`, inputs before the nodes that use them (root last).
 * Iterative depth-first search with an explicit stack, so a chain of a million nodes needs no
 * call stack; each node appears once however many edges reach it.
 */
export function topoSort<N extends GraphNode>(root: N): N[] {
  const mark = ++epoch;
  const order: N[] = [];
  const stack: GraphNode[] = [root];
  const next: number[] = [0];
  root._mark = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = next[top];
    if (i < node.inputs.length) {
      next[top] = i + 1;
      const child = node.inputs[i];
      if (child._mark !== mark) {
        child._mark = mark;
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(node as N);
    }
  }
  return order;
}
