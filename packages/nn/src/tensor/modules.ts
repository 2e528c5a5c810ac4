/**
 * Tensor models for real training: `Linear`, `Sequential`, activation modules, `Dropout`,
 * `Maxout`. Inputs are batch-first `[batch, features]`. A Linear's weight is `[out, in]` as in
 * the lecture notes (z = W a + b), so a batch computes x · Wᵀ + b.
 */
import { Rng, Tensor, describeArg, tensor } from '@chalkgrad/core';
import { type Activation, activate, checkActivation } from '../activations';
import { type InitName, type Initializer, resolveInit } from '../init';
import { checkLayerSizes } from '../layerSizes';

/** Modules take Tensors; rows given as plain arrays get told how to wrap them. */
function checkInput(m: Module & { describe(): string }, x: unknown): void {
  if (x instanceof Tensor) return;
  const hint = Array.isArray(x) ? `; wrap the rows in a tensor: forward(tensor(${JSON.stringify(x).slice(0, 30)})), or use predict(model, rows)` : '';
  throw new TypeError(`${m.describe()}.forward: expected a Tensor, got ${describeArg(x)}${hint}`);
}

export abstract class Module {
  training = true;
  abstract forward(x: Tensor): Tensor;
  /** Parameters with names (`weight`, `0.bias` inside a Sequential). */
  namedParameters(): [string, Tensor][] {
    return [];
  }
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }
  children(): Module[] {
    return [];
  }
  train(on = true): this {
    this.training = on;
    for (const c of this.children()) c.train(on);
    return this;
  }
  eval(): this {
    return this.train(false);
  }
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
  get numParameters(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }
  /** A short description for summaries and saved files. */
  abstract describe(): string;
}

export interface LinearOptions {
  bias?: boolean;
  /** Default 'heNormal' (suits ReLU); use 'xavierUniform' for tanh or sigmoid. */
  init?: InitName | Initializer;
  /** Default 'zeros'. Random biases break the symmetry of odd activations on symmetric data (XOR). */
  biasInit?: InitName | Initializer;
  seed?: number;
  rng?: Rng;
  dtype?: 'float32' | 'float64';
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly nin: number, readonly nout: number, options: LinearOptions = {}) {
    super();
    for (const [k, v] of [['nin', nin], ['nout', nout]] as const) if (!Number.isInteger(v) || v < 1) throw new RangeError(`Linear: ${k} must be a whole number ≥ 1, got ${v}`);
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const draw = resolveInit(options.init ?? 'heNormal');
    const w = Float64Array.from({ length: nout * nin }, () => draw(nin, nout, rng));
    this.weight = tensor(w, { shape: [nout, nin], dtype: options.dtype, requiresGrad: true, label: 'weight' });
    const drawBias = resolveInit(options.biasInit ?? 'zeros');
    const b = Float64Array.from({ length: nout }, () => drawBias(nin, nout, rng));
    this.bias = options.bias === false ? null : tensor(b, { dtype: options.dtype, requiresGrad: true, label: 'bias' });
  }

  forward(x: Tensor): Tensor {
    checkInput(this, x);
    if (x.shape[x.ndim - 1] !== this.nin) throw new RangeError(`Linear(${this.nin}, ${this.nout}): input has ${x.shape[x.ndim - 1]} features, expected ${this.nin} (input shape [${x.shape}])`);
    const z = x.matmul(this.weight.T);
    return this.bias ? z.add(this.bias) : z;
  }

  override namedParameters(): [string, Tensor][] {
    return this.bias ? [['weight', this.weight], ['bias', this.bias]] : [['weight', this.weight]];
  }

  describe(): string {
    return `Linear(${this.nin}, ${this.nout})`;
  }
}

/** An elementwise activation as a module; `slope` is leakyRelu's for negative inputs. */
export class ActivationModule extends Module {
  constructor(readonly activation: Activation, readonly slope = 0.01) {
    super();
    checkActivation(activation, 'ActivationModule');
    if (!Number.isFinite(slope)) throw new RangeError(`ActivationModule: slope must be a finite number, got ${slope}`);
  }
  forward(x: Tensor): Tensor {
    return activate(x, this.activation, this.slope);
  }
  describe(): string {
    return this.activation === 'leakyRelu' && this.slope !== 0.01 ? `leakyRelu(${this.slope})` : this.activation;
  }
}

export const Sigmoid = () => new ActivationModule('sigmoid');
export const Tanh = () => new ActivationModule('tanh');
export const ReLU = () => new ActivationModule('relu');
export const LeakyReLU = (slope = 0.01) => new ActivationModule('leakyRelu', slope);
export const Softplus = () => new ActivationModule('softplus');
export const Identity = () => new ActivationModule('identity');

export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.axis);
  }
  describe(): string {
    return 'softmax';
  }
}

/** log(softmax(x)) in one stable step: what a classifier trained with NLL loss ends in. */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.axis);
  }
  describe(): string {
    return 'logSoftmax';
  }
}

/** Flattens each sample: [batch, d1, d2, ...] → [batch, d1·d2·...] (an image into a vector). */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    checkInput(this, x);
    return x.reshape([x.shape[0], -1]);
  }
  describe(): string {
    return 'flatten';
  }
}

/** Reshapes each sample to `shape` (the batch axis stays; one -1 is inferred): [batch, 784] → [batch, 28, 28]. */
export class Reshape extends Module {
  readonly shape: readonly number[];
  constructor(shape: readonly number[]) {
    super();
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1 || d === 0) || shape.filter((d) => d === -1).length > 1) {
      throw new RangeError(`Reshape: the shape of a sample must be whole numbers ≥ 1 with at most one -1, got ${JSON.stringify(shape)}`);
    }
    this.shape = [...shape];
  }
  forward(x: Tensor): Tensor {
    checkInput(this, x);
    return x.reshape([x.shape[0], ...this.shape]);
  }
  describe(): string {
    return `Reshape(${this.shape.join(', ')})`;
  }
}

/** Maxout: k linear pieces per unit, the unit outputs their maximum. */
export class Maxout extends Module {
  readonly linear: Linear;
  constructor(readonly nin: number, readonly nout: number, readonly k = 2, options: LinearOptions = {}) {
    super();
    this.linear = new Linear(nin, nout * k, { init: 'xavierUniform', ...options });
  }
  forward(x: Tensor): Tensor {
    const z = this.linear.forward(x);
    return z.reshape([...z.shape.slice(0, -1), this.nout, this.k]).max(-1);
  }
  override namedParameters(): [string, Tensor][] {
    return this.linear.namedParameters();
  }
  override children(): Module[] {
    return [this.linear];
  }
  describe(): string {
    return `Maxout(${this.nin}, ${this.nout}, k=${this.k})`;
  }
}

/** Inverted dropout: in training zeroes each input with probability p and scales the rest by 1/(1−p). */
export class Dropout extends Module {
  private readonly rng: Rng;
  constructor(readonly p = 0.5, seed = 0) {
    super();
    if (!(p >= 0 && p < 1)) throw new RangeError(`Dropout: p must be in [0, 1), got ${p}`);
    this.rng = new Rng(seed);
  }
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 / (1 - this.p);
    const mask = new Float64Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.rng.next() >= this.p ? keep : 0;
    return x.mul(tensor(mask, { shape: x.shape, dtype: x.dtype }));
  }
  describe(): string {
    return `Dropout(${this.p})`;
  }
}

export class Sequential extends Module {
  readonly modules: Module[];
  constructor(...modules: Module[]) {
    super();
    this.modules = modules;
  }
  forward(x: Tensor): Tensor {
    checkInput(this, x);
    let h = x;
    for (const m of this.modules) h = m.forward(h);
    return h;
  }
  /** The output of every module, in order (for diagnostics and plots). */
  forwardAll(x: Tensor): Tensor[] {
    const outs: Tensor[] = [];
    let h = x;
    for (const m of this.modules) outs.push((h = m.forward(h)));
    return outs;
  }
  override namedParameters(): [string, Tensor][] {
    return this.modules.flatMap((m, i) => m.namedParameters().map(([n, p]): [string, Tensor] => [`${i}.${n}`, p]));
  }
  override children(): Module[] {
    return this.modules;
  }
  describe(): string {
    return `Sequential(${this.modules.map((m) => m.describe()).join(', ')})`;
  }
}

export interface MlpSpec {
  activation?: Activation;
  init?: InitName | Initializer;
  seed?: number;
  dtype?: 'float32' | 'float64';
  dropout?: number;
}

/** A Sequential MLP: Linear layers of `sizes` with `activation` between them (none after the last). */
export function mlp(nin: number, sizes: readonly number[], spec: MlpSpec = {}): Sequential {
  checkLayerSizes('mlp', nin, sizes);
  const rng = new Rng(spec.seed ?? 0);
  const act = checkActivation(spec.activation ?? 'relu', 'mlp');
  const init = spec.init ?? (act === 'relu' || act === 'leakyRelu' ? 'heNormal' : 'xavierUniform');
  const dims = [nin, ...sizes];
  const modules: Module[] = [];
  sizes.forEach((n, l) => {
    modules.push(new Linear(dims[l], n, { init, rng, dtype: spec.dtype }));
    if (l < sizes.length - 1) {
      modules.push(new ActivationModule(act));
      if (spec.dropout) modules.push(new Dropout(spec.dropout, rng.nextUint32()));
    }
  });
  return new Sequential(...modules);
}
