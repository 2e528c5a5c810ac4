/**
 * The backward walk of a Value graph: the one loop behind `backward()`, `grad()` (with or without
 * createGraph), `trace()`, anomaly mode and the counts of `compareModes`. In reverse topological
 * order each edge does micrograd's `input.grad += local * node.grad`.
 *
 * What differs between those callers is passed in, never copied into a loop of its own:
 * - where the gradients stay: in `.grad` (`backward`), or read and then put back (`sideGrads`,
 *   for `grad()` and `trace()`, which leave `.grad` as it was);
 * - `onEdge`, called after each edge's multiply-add with the contribution it added: the anomaly
 *   check, the trace's record of each chain-rule step, or the differentiable gradient of createGraph.
 */
import { topoSort } from './engine';
import { Value } from './value';

/** Sees each edge after its multiply-add: `contribution` = node.grad × local derivative of input `slot`. */
export type EdgeHook = (node: Value, slot: number, contribution: number) => void;

/**
 * Propagates `.grad` from the end of `topo` (inputs before users, as `topoSort` gives) to its
 * start. Returns the number of multiply-adds done: one per edge.
 */
export function walkBackward(topo: readonly Value[], onEdge: EdgeHook | null): number {
  let count = 0;
  for (let i = topo.length - 1; i >= 0; i--) {
    const node = topo[i];
    const a = node.in0;
    if (a === null) continue;
    const g = node.grad;
    const b = node.in1;
    // The edges sit in fields (see Value); reading them directly keeps this loop as fast as micrograd's.
    if (b === null) {
      const c = g * node.d0;
      a.grad += c;
      if (onEdge !== null) onEdge(node, 0, c);
      count += 1;
    } else if (b instanceof Value) {
      const c0 = g * node.d0;
      a.grad += c0;
      if (onEdge !== null) onEdge(node, 0, c0);
      const c1 = g * node.d1;
      b.grad += c1;
      if (onEdge !== null) onEdge(node, 1, c1);
      count += 2;
    } else {
      const { inputs, locals } = b;
      for (let j = 0; j < inputs.length; j++) {
        const c = g * locals[j];
        inputs[j].grad += c;
        if (onEdge !== null) onEdge(node, j, c);
      }
      count += inputs.length;
    }
  }
  return count;
}

/**
 * A backward pass from `output` (seed 1) whose gradients `read` collects; afterwards every `.grad`
 * it used is put back as it was. `also` are further nodes to read (inputs that may lie outside
 * the graph read 0).
 */
export function sideGrads<T>(output: Value, also: readonly Value[], onEdge: EdgeHook | null, read: (multiplyAdds: number) => T): T {
  const topo = topoSort<Value>(output);
  const nodes = also.length > 0 ? topo.concat(also) : topo;
  const before = Float64Array.from(nodes, (v) => v.grad);
  try {
    for (const v of nodes) v.grad = 0;
    output.grad = 1;
    return read(walkBackward(topo, onEdge));
  } finally {
    for (let i = 0; i < nodes.length; i++) nodes[i].grad = before[i];
  }
}
