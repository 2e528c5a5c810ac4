/**
 * `toPyTorch`: a model or a recorded graph as a Python script that rebuilds it in PyTorch with
 * chalkgrad's numbers, compares every gradient and runs torch.autograd.gradcheck (float64).
 * Browser-safe (it returns the text); `exportPyTorch` in `@chalkgrad/nn/node` writes the file.
 */
import { Tensor, Value, describeArg } from '@chalkgrad/core';
import { MLP } from '../scalar/models';
import { mlpAsSequential } from '../tensor/fromScalar';
import { Module } from '../tensor/modules';
import { tensorGraphScript, valueGraphScript } from './graphScript';
import { modelScript } from './modelScript';

export interface PyTorchOptions {
  /** A model's input batch; default `batch` rows of seeded normal numbers. */
  input?: Tensor;
  /** Rows of the default input (default 4). */
  batch?: number;
  /** Seed of the default input and of the upstream gradient G (default 0). */
  seed?: number;
  /** The script's first printed line (default: what it checks). */
  title?: string;
}

/**
 * The Python script for `target`: a tensor model (`Sequential`, a layer, a scalar `MLP`), a Value
 * expression (its output Value), or a Tensor graph (its output Tensor).
 */
export function toPyTorch(target: Module | MLP | Value | Tensor, options: PyTorchOptions = {}): string {
  const seed = options.seed ?? 0;
  if (target instanceof Value) return valueGraphScript(target, options.title ?? `chalkgrad graph of ${target.label || 'the expression'} in PyTorch`);
  if (target instanceof Tensor) {
    if (!target.fn) throw new TypeError('toPyTorch: this Tensor has no recorded graph (it is a leaf, or was computed without gradients); pass the result of operations on tensors created with requiresGrad: true');
    return tensorGraphScript(target, options.title ?? `chalkgrad tensor graph of ${target.label || 'the result'} in PyTorch`, seed);
  }
  if (target instanceof MLP || target instanceof Module) {
    const net = target instanceof MLP ? mlpAsSequential(target) : target;
    return modelScript(net, options.title ?? `chalkgrad model ${net.describe()} in PyTorch`, { input: options.input, batch: options.batch ?? 4, seed });
  }
  throw new TypeError(`toPyTorch: expected a model, a Value or a Tensor, got ${describeArg(target)}`);
}
