/**
 * One example through a network, layer by layer, for the delta rule of the notes: per unit the
 * pre-activation z, the output u = g(z), g′(z) and δ = ∂E/∂z with E = ½Σₖ(uₖ − tₖ)² at the output,
 * so that δₖ = g′(zₖ)(uₖ − tₖ) at the output and δⱼ = g′(zⱼ) Σₖ wₖⱼ δₖ below. The δs come from the
 * engine (`grad`, so no `.grad` of the model changes); the picture (`layerView` in @chalkgrad/viz)
 * writes the rule out with these numbers, which is the check that the rule and backprop agree.
 */
import { type Tensor, Value, grad, tensor } from '@chalkgrad/core';
import { ACTIVATION_FUNCTIONS, type Activation, activate } from './activations';
import { MLP } from './scalar/models';
import { ActivationModule, Dropout, Flatten, Linear, Sequential } from './tensor/modules';

export interface LayerState {
  name: string;
  activation: Activation;
  z: number[];
  u: number[];
  /** g′(z) per unit. */
  dg: number[];
  /** ∂E/∂z per unit. */
  delta: number[];
  /** `weights[j][i]`: from unit i of the layer below to unit j of this one. */
  weights: number[][];
}

export interface NetworkState {
  /** 'values': a scalar MLP (a node per weight); 'tensors': a Sequential of Linear layers. */
  from: 'values' | 'tensors';
  input: number[];
  target: number[];
  /** E = ½Σₖ(uₖ − tₖ)². */
  loss: number;
  /** ∂E/∂u at the output: u − t. */
  dLdu: number[];
  layers: LayerState[];
}

export function layerStates(model: MLP | Sequential, x: readonly number[], target: readonly number[]): NetworkState {
  if (model instanceof MLP) return scalarStates(model, x, target);
  if (model instanceof Sequential) return tensorStates(model, x, target);
  throw new TypeError('layerStates: expected an MLP (Values) or a Sequential of Linear layers and activations');
}

function checkTarget(target: readonly number[], outputs: number): void {
  if (target.length !== outputs) throw new RangeError(`layerStates: the network has ${outputs} output${outputs > 1 ? 's' : ''}, the target has ${target.length} values`);
}

function scalarStates(model: MLP, x: readonly number[], target: readonly number[]): NetworkState {
  let h: Value[] = x.map((v, i) => new Value(v, `x${i + 1}`));
  const zs: Value[][] = [];
  const acts: Activation[] = [];
  for (const layer of model.layers) {
    if (layer.activation === 'softmax') throw new RangeError(`layerStates: ${layer.name} is a softmax layer, whose units share their δ; the per-unit delta rule needs elementwise activations`);
    const z = layer.neurons.map((n) => n.preactivation(h));
    acts.push(layer.neurons[0].activation);
    zs.push(z);
    h = z.map((zj, j) => activate(zj, layer.neurons[j].activation));
  }
  checkTarget(target, h.length);
  const E = Value.sum(h.map((u, k) => u.sub(target[k]).pow(2))).mul(0.5);
  const deltas = grad(E, zs.flat()).map((d) => d.data);
  let at = 0;
  const layers = model.layers.map((layer, l): LayerState => {
    const z = zs[l].map((v) => v.data);
    const delta = deltas.slice(at, (at += z.length));
    const g = ACTIVATION_FUNCTIONS[acts[l]];
    return { name: layer.name, activation: acts[l], z, u: z.map((v) => g.f(v)), dg: z.map((v) => g.df(v)), delta, weights: layer.neurons.map((n) => n.w.map((w) => w.data)) };
  });
  const u = h.map((v) => v.data);
  return { from: 'values', input: [...x], target: [...target], loss: E.data, dLdu: u.map((v, k) => v - target[k]), layers };
}

function tensorStates(model: Sequential, x: readonly number[], target: readonly number[]): NetworkState {
  let h = tensor([[...x]]);
  const zs: Tensor[] = [];
  const found: { linear: Linear; activation: Activation; slope: number }[] = [];
  // one example through Dropout (at inference) or Flatten (of a vector) comes out unchanged
  const mods = model.modules.map((m, i) => ({ m, i })).filter(({ m }) => !(m instanceof Dropout || m instanceof Flatten));
  for (let k = 0; k < mods.length; k++) {
    const { m, i } = mods[k];
    if (!(m instanceof Linear)) throw new RangeError(`layerStates: module ${i} (${m.describe()}) is not a Linear layer or the activation after one; the delta rule reads Linear layers and elementwise activations`);
    const next = mods[k + 1]?.m;
    const { activation, slope } = next instanceof ActivationModule ? next : { activation: 'identity' as const, slope: 0 };
    if (next instanceof ActivationModule) k++;
    const z = m.forward(h);
    zs.push(z);
    found.push({ linear: m, activation, slope });
    h = activate(z, activation, slope);
  }
  checkTarget(target, h.size);
  const E = h.sub(tensor([[...target]])).pow(2).sum().mul(0.5);
  const deltas = grad(E, zs);
  const layers = found.map(({ linear, activation, slope }, l): LayerState => {
    const z = Array.from(zs[l].data);
    const g = ACTIVATION_FUNCTIONS[activation];
    const w = linear.weight;
    const weights = Array.from({ length: w.shape[0] }, (_, j) => Array.from(w.data.subarray(j * w.shape[1], (j + 1) * w.shape[1])));
    return { name: `L${l + 1}`, activation, z, u: z.map((v) => g.f(v, slope)), dg: z.map((v) => g.df(v, slope)), delta: Array.from(deltas[l].data), weights };
  });
  const u = Array.from(h.data);
  return { from: 'tensors', input: [...x], target: [...target], loss: E.data[0], dLdu: u.map((v, k) => v - target[k]), layers };
}
