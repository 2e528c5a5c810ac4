/**
 * The training diagnostics of the lecture notes, per layer: gradient norms (vanishing and
 * exploding gradients), the fraction of dead ReLU units (never positive on a probe batch) and the
 * fraction of saturated sigmoid/tanh outputs (where the derivative is nearly zero).
 */
import type { Tensor, Value } from '@chalkgrad/core';
import type { Activation } from '../activations';

/** |tanh| > 0.99 or sigmoid outside (0.01, 0.99): the derivative is below about 0.02. */
export function isSaturated(activation: Activation, a: number): boolean {
  if (activation === 'tanh') return Math.abs(a) > 0.99;
  if (activation === 'sigmoid') return a < 0.01 || a > 0.99;
  return false;
}

export interface LayerDiagnostics {
  gradNorms: Record<string, number>;
  deadRelu: Record<string, number>;
  saturated: Record<string, number>;
}

/** Fraction of units (columns of `[samples, units]` activations) that are never positive. */
export function deadFraction(rows: readonly ArrayLike<number>[]): number {
  const units = rows[0]?.length ?? 0;
  if (units === 0) return 0;
  let dead = 0;
  for (let j = 0; j < units; j++) if (rows.every((r) => !(r[j] > 0))) dead++;
  return dead / units;
}

export function saturatedFraction(activation: Activation, values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (isSaturated(activation, values[i])) n++;
  return n / values.length;
}

export function rowsOf(t: Tensor): Float64Array[] {
  const n = t.shape[0];
  const m = t.size / n;
  return Array.from({ length: n }, (_, i) => Float64Array.from(t.data.subarray(i * m, (i + 1) * m)));
}

export function normOf(values: readonly (Tensor | Value)[]): number {
  let s = 0;
  for (const v of values) {
    if ('shape' in v) {
      if (v.grad) for (const g of v.grad.data) s += g * g;
    } else s += v.grad * v.grad;
  }
  return Math.sqrt(s);
}
