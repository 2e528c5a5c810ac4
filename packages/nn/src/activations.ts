/**
 * Activations by name. Value and Tensor share the method names, so one table serves both graphs;
 * `softmax` and `maxout` act on a whole layer and live with the models.
 */
import type { Tensor, Value } from '@chalkgrad/core';

export const ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function isActivation(name: string): name is Activation {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

export function checkActivation(name: string, where: string): Activation {
  if (!isActivation(name)) throw new RangeError(`${where}: unknown activation '${name}'; known: ${ACTIVATIONS.join(', ')}`);
  return name;
}

/** `slope` is leakyRelu's slope for negative inputs. */
export function activate<T extends Value | Tensor>(x: T, name: Activation, slope = 0.01): T {
  switch (name) {
    case 'identity': return x;
    case 'sigmoid': return x.sigmoid() as T;
    case 'tanh': return x.tanh() as T;
    case 'relu': return x.relu() as T;
    case 'leakyRelu': return x.leakyRelu(slope) as T;
    case 'softplus': return x.softplus() as T;
  }
}

/** The activation and its derivative as plain functions (plots, the delta rule); `slope` as in `activate`. */
export const ACTIVATION_FUNCTIONS: Record<Activation, { f: (z: number, slope?: number) => number; df: (z: number, slope?: number) => number }> = {
  identity: { f: (z) => z, df: () => 1 },
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), df: (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); } },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => Math.max(0, z), df: (z) => (z > 0 ? 1 : 0) },
  leakyRelu: { f: (z, slope = 0.01) => (z > 0 ? z : slope * z), df: (z, slope = 0.01) => (z > 0 ? 1 : slope) },
  softplus: { f: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))), df: (z) => 1 / (1 + Math.exp(-z)) },
};

/** The activation as a PyTorch module, for the generated scripts. */
export const TORCH_ACTIVATIONS: Record<Activation, (slope: number) => string> = {
  identity: () => 'nn.Identity()',
  sigmoid: () => 'nn.Sigmoid()',
  tanh: () => 'nn.Tanh()',
  relu: () => 'nn.ReLU()',
  leakyRelu: (slope) => `nn.LeakyReLU(${slope})`,
  softplus: () => 'nn.Softplus()',
};
