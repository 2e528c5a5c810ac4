/**
 * The path an optimizer takes on a function of a few scalar parameters: the points after each
 * step, for plots of optimizers over a loss surface.
 */
import { Value } from '@chalkgrad/core';
import type { Optimizer } from './optimizers';

export interface OptimizerPath {
  points: number[][];
  /** The function's value at the last point. */
  loss: number;
}

export function optimizerPath(f: (...p: Value[]) => Value, start: readonly number[], makeOptimizer: (params: Value[]) => Optimizer, steps: number): OptimizerPath {
  const params = start.map((x, i) => new Value(x, `θ${i + 1}`));
  const opt = makeOptimizer(params);
  const points = [params.map((p) => p.data)];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    f(...params).backward();
    opt.step();
    points.push(params.map((p) => p.data));
  }
  return { points, loss: f(...params.map((p) => new Value(p.data))).data };
}
