/**
 * What an optimizer updates: Tensor parameters (their typed arrays, in place) or scalar Value
 * parameters (gathered into one flat group). Both become groups of `data` and `grad` arrays.
 */
import { Tensor, Value } from '@chalkgrad/core';

export type Parameter = Tensor | Value;

export interface ParamGroup {
  size: number;
  read(): { data: ArrayLike<number> & { [i: number]: number }; grad: ArrayLike<number> | null };
  write(data: ArrayLike<number>): void;
  /** Scales the gradient in place (for clipping). */
  scaleGrad(factor: number): void;
}

export function groupsOf(params: readonly Parameter[]): ParamGroup[] {
  const values = params.filter((p): p is Value => p instanceof Value);
  const tensors = params.filter((p): p is Tensor => p instanceof Tensor);
  const groups: ParamGroup[] = tensors.map((t) => ({
    size: t.size,
    read: () => ({ data: t.data, grad: t.grad ? t.grad.data : null }),
    write: () => {}, // updated in place
    scaleGrad: (f) => {
      if (t.grad) for (let i = 0; i < t.grad.data.length; i++) t.grad.data[i] *= f;
    },
  }));
  if (values.length > 0) {
    groups.push({
      size: values.length,
      read: () => ({ data: Float64Array.from(values, (v) => v.data), grad: Float64Array.from(values, (v) => v.grad) }),
      write: (data) => values.forEach((v, i) => (v.data = data[i])),
      scaleGrad: (f) => values.forEach((v) => (v.grad *= f)),
    });
  }
  return groups;
}

/** The L2 norm of all gradients together. */
export function gradNorm(params: readonly Parameter[]): number {
  let s = 0;
  for (const g of groupsOf(params)) {
    const grad = g.read().grad;
    if (grad) for (let i = 0; i < grad.length; i++) s += grad[i] * grad[i];
  }
  return Math.sqrt(s);
}

/** Scales all gradients so their joint norm is at most `maxNorm`; returns the norm before. */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number): number {
  const norm = gradNorm(params);
  if (norm > maxNorm && norm > 0) for (const g of groupsOf(params)) g.scaleGrad(maxNorm / norm);
  return norm;
}

/** Resets gradients: Tensor grads to null, Value grads to 0. */
export function zeroGradOf(params: readonly Parameter[]): void {
  for (const p of params) {
    if (p instanceof Tensor) p.grad = null;
    else p.grad = 0;
  }
}
