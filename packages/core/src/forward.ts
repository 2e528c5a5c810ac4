/**
 * Forward mode on a Value graph: tangents ṫ = ∂node/∂x flow from the inputs to the outputs, in
 * topological order, one pass per input direction. The tangent rule of an op is its row of local
 * derivatives from the op table, the numbers backward uses too: ṫ(node) = Σⱼ localⱼ · ṫ(inputⱼ).
 * Backward pushes one number per edge the other way; that is the whole difference, and why one
 * reverse pass gives the gradient of one output while forward mode needs one pass per input.
 */
import { type GraphNode, topoSort } from './engine';
import { Value } from './value';

/** Sees each edge of the forward walk: `contribution` = local derivative × `inputTangent`, the tangent of input `slot`. */
export type ForwardEdgeHook = (node: Value, slot: number, contribution: number, inputTangent: number) => void;

export interface ForwardPass {
  /** ∂node/∂(seed direction) for every node reached; 0 for nodes the seeds do not reach. */
  tangent(node: Value): number;
  /** Multiply-adds done: one per edge. */
  multiplyAdds: number;
}

/** Every node below any of `outputs`, inputs before users (one walk, shared nodes once). */
export function topoOf(outputs: readonly Value[]): Value[] {
  if (outputs.length === 1) return topoSort<Value>(outputs[0]);
  const root: GraphNode = { numInputs: outputs.length, inputAt: (i) => outputs[i], _mark: 0 };
  const order = topoSort<GraphNode>(root);
  order.pop();
  return order as Value[];
}

/** The forward walk over `topo`: leaves take their seed (0 if none), op nodes the sum over their edges. */
export function walkForward(topo: readonly Value[], seeds: ReadonlyMap<Value, number>, onEdge: ForwardEdgeHook | null = null): ForwardPass {
  const tangents = new Map<Value, number>();
  let multiplyAdds = 0;
  for (const node of topo) {
    const n = node.numInputs;
    let t = 0;
    for (let j = 0; j < n; j++) {
      const tIn = tangents.get(node.inputAt(j)) ?? 0;
      const c = node.localAt(j) * tIn;
      t += c;
      if (onEdge !== null) onEdge(node, j, c, tIn);
    }
    multiplyAdds += n;
    tangents.set(node, n === 0 ? (seeds.get(node) ?? 0) : t);
  }
  return { tangent: (v) => tangents.get(v) ?? 0, multiplyAdds };
}

/**
 * ∂node/∂x for every node of the graph below `outputs`, where x is the direction `seeds` gives
 * (a leaf and 1 for one partial derivative): what forward-mode diagrams and traces show.
 */
export function forwardTangents(outputs: Value | readonly Value[], seeds: ReadonlyMap<Value, number> | Value): ForwardPass {
  const seedMap = seeds instanceof Value ? new Map([[seeds, 1]]) : seeds;
  return walkForward(topoOf(outputs instanceof Value ? [outputs] : outputs), seedMap);
}
