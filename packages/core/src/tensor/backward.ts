/**
 * The backward walk of a Tensor graph: the one loop behind `Tensor.backward()`, `grad()` on
 * Tensors, `trace()` of a Tensor and anomaly mode. In reverse topological order each edge into an
 * input that needs a gradient adds the op's vector-Jacobian product to that input's `.grad`.
 *
 * What differs between the callers is passed in: `onEdge` sees each edge after its gradient was
 * added (the anomaly check, the trace's record); `sideTensorGrads` reads the gradients and then
 * puts every `.grad` back as it was (for `grad()` and `trace()`).
 */
import { topoSort } from '../engine';
import type { FloatArray } from './kernels';
import { Tensor } from './tensor';

/** Sees each edge after its VJP was added into the input's `.grad`; `contribution` is that VJP. */
export type TensorEdgeHook = (node: Tensor, slot: number, contribution: FloatArray) => void;

/** Propagates `.grad` from the end of `topo` (inputs before users) to its start. */
export function walkTensors(topo: readonly Tensor[], onEdge: TensorEdgeHook | null): void {
  for (let i = topo.length - 1; i >= 0; i--) {
    const node = topo[i];
    const fn = node.fn;
    const g = node.grad;
    if (fn === null || g === null) continue;
    const inputs = node.inputs;
    for (let j = 0; j < inputs.length; j++) {
      const input = inputs[j];
      if (!input.requiresGrad) continue;
      const c = fn.vjp(j, g.data, node, inputs, node.params);
      accumulate(input, c);
      if (onEdge !== null) onEdge(node, j, c);
    }
  }
}

/** `g` is a fresh array shaped and typed like `t` (the TensorOp contract), so the first one is kept as is. */
export function accumulate(t: Tensor, g: FloatArray): void {
  if (t.grad === null) {
    t.grad = new Tensor(g, t.shape);
  } else {
    const d = t.grad.data;
    for (let i = 0; i < d.length; i++) d[i] += g[i];
  }
}

/**
 * A backward pass from `output` seeded with `seed`, whose gradients `read` collects; afterwards
 * every `.grad` it used is put back. `also` are further tensors to read (null if unreached).
 */
export function sideTensorGrads<T>(output: Tensor, seed: FloatArray, also: readonly Tensor[], onEdge: TensorEdgeHook | null, read: () => T): T {
  const topo = topoSort<Tensor>(output);
  const nodes = also.length > 0 ? topo.concat(also) : topo;
  const before = nodes.map((t) => t.grad);
  try {
    for (const t of nodes) t.grad = null;
    accumulate(output, seed);
    walkTensors(topo, onEdge);
    return read();
  } finally {
    nodes.forEach((t, i) => (t.grad = before[i]));
  }
}
