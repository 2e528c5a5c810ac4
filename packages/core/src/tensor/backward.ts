/**
 * The backward walk of a Tensor graph: the one loop behind `Tensor.backward()`, `grad()` on
 * Tensors, `trace()` of a Tensor and anomaly mode. In reverse topological order each edge into an
 * input that needs a gradient adds the op's vector-Jacobian product to that input's `.grad`.
 *
 * What differs between the callers is passed in: `onEdge` sees each edge after its gradient was
 * added (the anomaly check, the trace's record); `createGraph` takes each op's differentiable VJP
 * instead of the numeric one, so the gradients are graphs themselves (grad of grad, Hessian-vector
 * products); `sideTensorGrads` reads the gradients and then puts every `.grad` back as it was (for
 * `grad()` and `trace()`).
 */
import { topoSort } from '../engine';
import { describeArg } from '../format';
import { type FloatArray, alloc } from './kernels';
import { checkSaved } from './inplace';
import { fmtShape, sameShape } from './shape';
import { Tensor } from './tensor';

/** Sees each edge after its VJP was added into the input's `.grad`; `contribution` is that VJP. */
export type TensorEdgeHook = (node: Tensor, slot: number, contribution: FloatArray) => void;

/** Propagates `.grad` from the end of `topo` (inputs before users) to its start. */
export function walkTensors(topo: readonly Tensor[], onEdge: TensorEdgeHook | null, createGraph = false): void {
  for (let i = topo.length - 1; i >= 0; i--) {
    const node = topo[i];
    const fn = node.fn;
    const g = node.grad;
    if (fn === null || g === null) continue;
    const inputs = node.inputs;
    checkSaved(node, createGraph);
    for (let j = 0; j < inputs.length; j++) {
      const input = inputs[j];
      if (!input.requiresGrad) continue;
      if (createGraph) {
        let c = fn.vjpGraph(j, g, node, inputs, node.params);
        if (c.dtype !== input.dtype) c = c.astype(input.dtype);
        input.grad = input.grad === null ? c : input.grad.add(c);
        if (onEdge !== null) onEdge(node, j, c.data);
      } else {
        const c = fn.vjp(j, g.data, node, node.savedInputs, node.params);
        accumulate(input, c);
        if (onEdge !== null) onEdge(node, j, c);
      }
    }
  }
}

/** `g` is a fresh array shaped and typed like `t` (the TensorOp contract), so the first one is kept as is. */
export function accumulate(t: Tensor, g: FloatArray): void {
  if (t.grad === null) {
    t.grad = new Tensor(g, t.shape);
  } else if (t.grad.requiresGrad) {
    // a gradient from createGraph is part of a graph: add beside it rather than into it
    t.grad = new Tensor(t.grad.data.map((x, i) => x + g[i]), t.shape);
  } else {
    const d = t.grad.data;
    for (let i = 0; i < d.length; i++) d[i] += g[i];
  }
}

/**
 * A backward pass from `output` seeded with `seed`, whose gradients `read` collects; afterwards
 * every `.grad` it used is put back. `also` are further tensors to read (null if unreached).
 */
export function sideTensorGrads<T>(output: Tensor, seed: Tensor, also: readonly Tensor[], onEdge: TensorEdgeHook | null, createGraph: boolean, read: () => T): T {
  const topo = topoSort<Tensor>(output);
  const nodes = also.length > 0 ? topo.concat(also) : topo;
  const before = nodes.map((t) => t.grad);
  try {
    for (const t of nodes) t.grad = null;
    if (createGraph) output.grad = seed;
    else accumulate(output, seed.data.slice());
    walkTensors(topo, onEdge, createGraph);
    return read();
  } finally {
    nodes.forEach((t, i) => (t.grad = before[i]));
  }
}

export interface TensorGradOptions {
  /** Build the gradients as tensors of a graph, to differentiate them again. Default false. */
  createGraph?: boolean;
  /** The upstream gradient ∂L/∂output, for an output of more than one element (a vector-Jacobian product). */
  gradOutput?: Tensor;
}

/** `grad()` on a Tensor graph: d(output)/d(input) per input, shaped like it; `.grad` is untouched. */
export function gradTensors(output: Tensor, inputs: readonly Tensor[], options: TensorGradOptions = {}): Tensor[] {
  if (!Array.isArray(inputs) || !inputs.every((x) => x instanceof Tensor)) throw new TypeError(`grad: the second argument is the list of Tensors to differentiate with respect to, got ${describeArg(inputs)}`);
  inputs.forEach((x, i) => {
    if (!x.requiresGrad) throw new RangeError(`grad: input ${i} (${x.label || 'unnamed'} ${fmtShape(x.shape)}) does not require a gradient; create it with { requiresGrad: true } before computing the output`);
  });
  if (!options.gradOutput && output.size !== 1) throw new RangeError(`grad: the output has shape ${fmtShape(output.shape)}; pass { gradOutput } of that shape (a vector-Jacobian product) or reduce the output to one element`);
  const seed = options.gradOutput ?? new Tensor(alloc(output.dtype, 1).fill(1), output.shape);
  if (!sameShape(seed.shape, output.shape)) throw new RangeError(`grad: gradOutput has shape ${fmtShape(seed.shape)} but the output has shape ${fmtShape(output.shape)}`);
  const zero = (x: Tensor) => new Tensor(alloc(x.dtype, x.size), x.shape);
  return sideTensorGrads(output, seed, inputs, null, options.createGraph ?? false, () => inputs.map((x) => x.grad ?? zero(x)));
}
