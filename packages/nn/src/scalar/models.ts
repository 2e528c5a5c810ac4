/**
 * Scalar models on `Value`, for teaching and diagrams: every weight is its own node, labelled
 * `L1.N2.w0` (layer 1, neuron 2, weight 0; layers and neurons count from 1) so traces and graphs
 * read naturally. A neuron computes z = Σᵢ wᵢxᵢ + b as one n-ary sum node, then its activation.
 */
import { Rng, Value, type ValueLike, extent } from '@chalkgrad/core';
import { type Activation, activate, checkActivation } from '../activations';
import { type InitName, type Initializer, resolveInit } from '../init';
import { checkLayerSizes } from '../layerSizes';

export interface NeuronOptions {
  activation?: Activation;
  /** leakyRelu's slope for negative inputs (default 0.01): a network imported from PyTorch may use another. */
  slope?: number;
  /** Weight initialiser; default uniform(−1, 1) as in micrograd. Biases start at 0. */
  init?: InitName | Initializer;
  seed?: number;
  rng?: Rng;
  /** Label prefix, e.g. `L1.N2`. */
  name?: string;
}

export class Neuron {
  readonly w: Value[];
  readonly b: Value;
  readonly activation: Activation;
  readonly slope: number;
  readonly name: string;

  constructor(readonly nin: number, options: NeuronOptions = {}) {
    if (!Number.isInteger(nin) || nin < 1) throw new RangeError(`Neuron: nin must be a whole number ≥ 1, got ${nin}`);
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const draw = resolveInit(options.init ?? ((_i, _o, r) => r.uniform(-1, 1)));
    this.name = options.name ?? 'N';
    this.activation = checkActivation(options.activation ?? 'relu', 'Neuron');
    this.slope = options.slope ?? 0.01;
    this.w = Array.from({ length: nin }, (_, i) => new Value(draw(nin, 1, rng), `${this.name}.w${i}`));
    this.b = new Value(0, `${this.name}.b`);
  }

  /** The pre-activation z = w·x + b (one Σ node). */
  preactivation(x: readonly ValueLike[]): Value {
    if (x.length !== this.nin) throw new RangeError(`${this.name}: expects ${this.nin} inputs, got ${x.length}`);
    return Value.sum([...this.w.map((wi, i) => wi.mul(x[i])), this.b]).named(`${this.name}.z`);
  }

  forward(x: readonly ValueLike[]): Value {
    const z = this.preactivation(x);
    return this.activation === 'identity' ? z : activate(z, this.activation, this.slope).named(`${this.name}.a`);
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

export interface LayerOptions extends Omit<NeuronOptions, 'activation'> {
  /** 'softmax' normalises the layer's outputs together (an output layer). */
  activation?: Activation | 'softmax';
}

export class Layer {
  readonly neurons: Neuron[];
  readonly activation: Activation | 'softmax';
  readonly name: string;

  constructor(readonly nin: number, readonly nout: number, options: LayerOptions = {}) {
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    this.name = options.name ?? 'L';
    this.activation = options.activation ?? 'relu';
    const own = this.activation === 'softmax' ? 'identity' : checkActivation(this.activation, 'Layer');
    this.neurons = Array.from({ length: nout }, (_, j) => new Neuron(nin, { ...options, activation: own, rng, name: `${this.name}.N${j + 1}` }));
  }

  forward(x: readonly ValueLike[]): Value[] {
    const out = this.neurons.map((n) => n.forward(x));
    return this.activation === 'softmax' ? softmaxValues(out, this.name) : out;
  }

  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }
}

/** Softmax over a list of Values, shifted by the (constant) maximum for stability. */
export function softmaxValues(z: readonly Value[], name = 'softmax'): Value[] {
  const m = extent(z.map((v) => v.data))[1];
  const e = z.map((v) => v.sub(m).exp());
  const total = Value.sum(e).named(`${name}.Σexp`);
  return e.map((v, i) => v.div(total).named(`${name}.p${i}`));
}

/** An MLP's leakyRelu keeps the slope 0.01, which its model file assumes. */
export interface MLPOptions extends Omit<NeuronOptions, 'activation' | 'slope'> {
  /** Activation of the hidden layers; default relu. */
  activation?: Activation;
  /** Activation of the last layer; default identity. */
  outputActivation?: Activation | 'softmax';
}

/** `new MLP(3, [4, 2])`: 3 inputs, a hidden layer of 4, an output layer of 2 (26 parameters). */
export class MLP {
  readonly layers: Layer[];

  constructor(readonly nin: number, readonly sizes: readonly number[], readonly options: MLPOptions = {}) {
    checkLayerSizes('MLP', nin, sizes);
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const dims = [nin, ...sizes];
    this.layers = sizes.map((nout, l) =>
      new Layer(dims[l], nout, { ...options, rng, name: `L${l + 1}`, activation: l === sizes.length - 1 ? options.outputActivation ?? 'identity' : options.activation ?? 'relu' }),
    );
  }

  forward(x: readonly ValueLike[]): Value[] {
    let h: ValueLike[] = [...x];
    for (const layer of this.layers) h = layer.forward(h);
    return h as Value[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }

  get numParameters(): number {
    return this.parameters().length;
  }
}
