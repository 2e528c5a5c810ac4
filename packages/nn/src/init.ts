/**
 * Weight initialisers, all seeded: each draws `fanOut × fanIn` numbers from an `Rng`.
 * Xavier/Glorot keeps the variance of activations and gradients for tanh/sigmoid layers;
 * He/Kaiming doubles it for ReLU, which zeroes half its inputs.
 */
import { type Rng, lookup, shorten } from '@chalkgrad/core';

export type Initializer = (fanIn: number, fanOut: number, rng: Rng) => number;

export const init = {
  zeros: (): Initializer => () => 0,
  normal: (std = 0.01, mean = 0): Initializer => (_i, _o, rng) => rng.normal(mean, std),
  uniform: (limit = 1): Initializer => (_i, _o, rng) => rng.uniform(-limit, limit),
  xavierUniform: (): Initializer => (fanIn, fanOut, rng) => { const a = Math.sqrt(6 / (fanIn + fanOut)); return rng.uniform(-a, a); },
  xavierNormal: (): Initializer => (fanIn, fanOut, rng) => rng.normal(0, Math.sqrt(2 / (fanIn + fanOut))),
  heUniform: (): Initializer => (fanIn, _o, rng) => { const a = Math.sqrt(6 / fanIn); return rng.uniform(-a, a); },
  heNormal: (): Initializer => (fanIn, _o, rng) => rng.normal(0, Math.sqrt(2 / fanIn)),
};

export type InitName = keyof typeof init;

/** An initialiser from its name (with default arguments) or as given. */
export function resolveInit(x: InitName | Initializer): Initializer {
  if (typeof x === 'function') return x;
  const make = lookup(init as Record<string, () => Initializer>, x);
  if (!make) throw new RangeError(`unknown initialiser '${shorten(String(x))}'; known: ${Object.keys(init).join(', ')}`);
  return make();
}
