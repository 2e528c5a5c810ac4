/**
 * Forward mode on a Tensor graph: tangents flow from the inputs to the outputs in topological
 * order. The tangent rule of an op comes from its table entry, with no second table: its VJP is
 * linear in the upstream gradient u, so the Jacobian-vector product is the gradient of
 * ⟨vjp(u), t⟩ with respect to u (the transpose of the transpose), taken on the entry's
 * differentiable `vjpGraph` with the primal values held constant.
 */
import { topoSort } from '../engine';
import { gradTensors } from './backward';
import { checkSaved } from './inplace';
import { alloc } from './kernels';
import { Tensor } from './tensor';

/** The same numbers, with no graph behind them (and the op's saved values, which its VJP reads). */
function constantView(t: Tensor): Tensor {
  const view = new Tensor(t.data, t.shape);
  view.saved = t.saved;
  return view;
}

/** J·t for input j of `node`: d/du ⟨vjp_j(u), t⟩. */
export function tangentRule(node: Tensor, j: number, t: Tensor): Tensor {
  const u = new Tensor(alloc(node.dtype, node.size), node.shape, { requiresGrad: true });
  const v = node.fn!.vjpGraph(j, u, constantView(node), node.savedInputs.map(constantView), node.params);
  return gradTensors(v.mul(t).sum(), [u])[0];
}

/** Sees each edge of the forward walk: `contribution` = J·`inputTangent`, what input `slot` adds to `node`'s tangent. */
export type TensorForwardEdgeHook = (node: Tensor, slot: number, contribution: Tensor, inputTangent: Tensor) => void;

/**
 * The tangent of every node below `output` for the input tangents `seeds` (leaf → tangent); a
 * node no seed reaches has none (its tangent is 0). `onEdge` sees each edge that carries one (the trace).
 */
export function walkForwardTensors(output: Tensor, seeds: ReadonlyMap<Tensor, Tensor>, onEdge: TensorForwardEdgeHook | null = null): Map<Tensor, Tensor> {
  const tangents = new Map<Tensor, Tensor>();
  for (const node of topoSort<Tensor>(output)) {
    const seed = seeds.get(node);
    if (seed) tangents.set(node, seed);
    if (!node.fn) continue;
    checkSaved(node, false);
    let total: Tensor | null = null;
    node.inputs.forEach((input, j) => {
      const t = tangents.get(input);
      if (!t || !input.requiresGrad) return;
      const c = tangentRule(node, j, t);
      if (onEdge !== null) onEdge(node, j, c, t);
      total = total === null ? c : total.add(c);
    });
    if (total !== null) tangents.set(node, total);
  }
  return tangents;
}
