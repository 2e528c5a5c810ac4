/**
 * What the differentiable VJPs (`vjpGraph` of the tensor op table) share. They are written with
 * tensor ops, as TF.js's gradient configs are, so a gradient is itself a graph that can be
 * differentiated again. Un-broadcasting happens here once (tinygrad's rule), not in every op.
 */
import type { Pick, ScalarOp } from '../ops/scalar';
import { alloc, forEachBroadcast } from './kernels';
import { type Shape, broadcastShapes, sameShape, sizeOf } from './shape';
import { Tensor, applyOp, constantTensor } from './tensor';

/** The gradient of an input broadcast to `t`'s shape: `t` summed over the broadcast axes. */
export function sumTo(t: Tensor, shape: Shape): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const lead = t.ndim - shape.length;
  const axes = t.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && t.shape[i] !== 1));
  return (axes.length > 0 ? t.sum(axes, true) : t).reshape([...shape]);
}

/** `t` with its last two axes swapped: the matrix transpose of each matrix of a batch. */
export function swapLast(t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  [perm[t.ndim - 2], perm[t.ndim - 1]] = [perm[t.ndim - 1], perm[t.ndim - 2]];
  return t.transpose(perm);
}

/** A constant (no gradient flows into it): masks and piecewise-constant derivatives. */
export function constant(data: ArrayLike<number>, shape: Shape, like: Tensor): Tensor {
  const d = alloc(like.dtype, sizeOf(shape));
  d.set(data);
  return constantTensor(d, shape);
}

/** g × local, skipping the multiply by a constant 1. */
export function times(g: Tensor, local: Tensor | number): Tensor {
  return local === 1 ? g : g.mul(local);
}

/** Per element of broadcast(a, b): fn(a value, b value (or the parameter b), out index). */
function perElement(a: Tensor, b: Tensor | number, fn: (x: number, y: number, i: number) => number): { data: Float64Array; shape: number[] } {
  if (typeof b === 'number') return { data: Float64Array.from(a.data, (x, i) => fn(x, b, i)), shape: [...a.shape] };
  const shape = broadcastShapes('pick', a.shape, b.shape);
  const data = new Float64Array(sizeOf(shape));
  forEachBroadcast(shape, [a.shape, b.shape], (i, o) => {
    data[i] = fn(a.data[o[0]], b.data[o[1]], i);
  });
  return { data, shape };
}

/** The `pick` of the scalar table's derivatives, elementwise: a `where` on a constant mask. */
export function tensorPick(a: Tensor, b: Tensor | number): Pick<Tensor> {
  return (test, then, otherwise) => {
    const cond = perElement(a, b, (x, y) => (test(x, y) ? 1 : 0));
    const asTensor = (v: Tensor | number) => (typeof v === 'number' ? constant([v], [], a) : v);
    return applyOp('where', [asTensor(then), asTensor(otherwise)], cond);
  };
}

/**
 * The local derivative of input j of an elementwise op from the scalar table, as a tensor: its
 * differentiable expression applied to tensors, or (piecewise constant) the numbers per element.
 */
export function elementwiseLocal(op: ScalarOp, j: number, a: Tensor, b: Tensor | number, out: Tensor): Tensor | number {
  const dGraph = op.dGraph[j];
  if (dGraph !== null) return dGraph(a, b, out, tensorPick(a, b));
  const d = op.d[j];
  const local = perElement(a, b, (x, y, i) => d(x, y, out.data[i]));
  return constant(local.data, local.shape, out);
}
