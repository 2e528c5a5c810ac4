/** Model outputs for rows of inputs, without recording a graph, for either kind of model. */
import { noGrad, tensor } from '@chalkgrad/core';
import { MLP } from '../scalar/models';
import type { Module } from '../tensor/modules';
import { rowsOf } from './diagnostics';

export function predict(model: MLP | Module, X: readonly (readonly number[])[]): number[][] {
  return noGrad(() => {
    if (model instanceof MLP) return X.map((x) => model.forward(x).map((v) => v.data));
    const dtype = model.parameters()[0]?.dtype ?? 'float64';
    return rowsOf(model.forward(tensor(X as number[][], { dtype }))).map((r) => Array.from(r));
  });
}
