/**
 * Optimizers, each written as the update equations of the lecture notes, per element:
 * g is the gradient, t the step count (from 1), η the learning rate `lr`.
 * They work on Tensor and Value parameters alike. `clipNorm` clips the joint gradient norm
 * before each step; `weightDecay` adds λ·p to the gradient (AdamW decouples it instead).
 */
import { type FloatArray, axpy, describeArg, lookup } from '@chalkgrad/core';
import { type Parameter, type ParamGroup, clipGradNorm, groupsOf, zeroGradOf } from './params';

export interface OptimizerOptions {
  lr?: number;
  weightDecay?: number;
  clipNorm?: number;
}

type Data = ArrayLike<number> & { [i: number]: number };

export abstract class Optimizer {
  lr: number;
  t = 0;
  readonly weightDecay: number;
  readonly clipNorm: number | undefined;
  private readonly groups: ParamGroup[];
  /** Per group, the optimizer's state arrays (moments and the like). */
  private readonly state: Float64Array[][];

  constructor(readonly params: readonly Parameter[], options: OptimizerOptions, defaultLr: number, slots: number) {
    this.lr = options.lr ?? defaultLr;
    if (typeof this.lr !== 'number' || !(this.lr > 0) || !Number.isFinite(this.lr)) throw new RangeError(`${this.constructor.name}: the learning rate lr must be a number > 0, got ${describeArg(options.lr)}`);
    this.weightDecay = options.weightDecay ?? 0;
    this.clipNorm = options.clipNorm;
    this.groups = groupsOf(params);
    this.state = this.groups.map((g) => Array.from({ length: slots }, () => new Float64Array(g.size)));
  }

  step(): void {
    if (this.clipNorm !== undefined) clipGradNorm(this.params, this.clipNorm);
    this.t++;
    this.groups.forEach((group, k) => {
      const { data, grad } = group.read();
      if (!grad) return; // a parameter the loss did not reach
      if (this.updateAll(data, grad)) return group.write(data);
      for (let i = 0; i < group.size; i++) {
        const g = this.decoupled ? grad[i] : grad[i] + this.weightDecay * data[i];
        this.update(data, i, g, this.state[k]);
      }
      group.write(data);
    });
  }

  zeroGrad(): void {
    zeroGradOf(this.params);
  }

  /** AdamW applies weight decay to the weights, not to the gradient. */
  protected get decoupled(): boolean {
    return false;
  }

  protected abstract update(p: Data, i: number, g: number, s: Float64Array[]): void;

  /** The whole update of a group at once, on core's kernels, where an optimizer has one; false: per element. */
  protected updateAll(_p: Data, _g: ArrayLike<number>): boolean {
    return false;
  }
}

const isFloatArray = (a: ArrayLike<number>): a is FloatArray => a instanceof Float32Array || a instanceof Float64Array;

/** p ← p − η g */
export class SGD extends Optimizer {
  constructor(params: readonly Parameter[], options: OptimizerOptions = {}) {
    super(params, options, 0.01, 0);
  }
  protected update(p: Data, i: number, g: number): void {
    p[i] -= this.lr * g;
  }
  /** p ← p − η g as one axpy on core's kernels (WebAssembly SIMD); the same numbers as `update` for finite weights. */
  protected override updateAll(p: Data, g: ArrayLike<number>): boolean {
    if (this.weightDecay !== 0 || !isFloatArray(p) || !isFloatArray(g)) return false;
    axpy(-this.lr, g, p);
    return true;
  }
}

/** v ← μ v − η g;  p ← p + v */
export class Momentum extends Optimizer {
  readonly momentum: number;
  constructor(params: readonly Parameter[], options: OptimizerOptions & { momentum?: number } = {}) {
    super(params, options, 0.01, 1);
    this.momentum = options.momentum ?? 0.9;
  }
  protected update(p: Data, i: number, g: number, [v]: Float64Array[]): void {
    v[i] = this.momentum * v[i] - this.lr * g;
    p[i] += v[i];
  }
}

/** Nesterov, in the form that needs only the gradient at p: v ← μ v − η g;  p ← p + μ v − η g */
export class Nesterov extends Momentum {
  protected override update(p: Data, i: number, g: number, [v]: Float64Array[]): void {
    v[i] = this.momentum * v[i] - this.lr * g;
    p[i] += this.momentum * v[i] - this.lr * g;
  }
}

/** G ← G + g²;  p ← p − η g / (√G + ε) */
export class Adagrad extends Optimizer {
  readonly eps: number;
  constructor(params: readonly Parameter[], options: OptimizerOptions & { eps?: number } = {}) {
    super(params, options, 0.01, 1);
    this.eps = options.eps ?? 1e-10;
  }
  protected update(p: Data, i: number, g: number, [G]: Float64Array[]): void {
    G[i] += g * g;
    p[i] -= (this.lr * g) / (Math.sqrt(G[i]) + this.eps);
  }
}

/** E[g²] ← ρ E[g²] + (1−ρ) g²;  Δ ← −√(E[Δ²] + ε) / √(E[g²] + ε) · g;  E[Δ²] ← ρ E[Δ²] + (1−ρ) Δ²;  p ← p + η Δ */
export class Adadelta extends Optimizer {
  readonly rho: number;
  readonly eps: number;
  constructor(params: readonly Parameter[], options: OptimizerOptions & { rho?: number; eps?: number } = {}) {
    super(params, options, 1, 2);
    this.rho = options.rho ?? 0.9;
    this.eps = options.eps ?? 1e-6;
  }
  protected update(p: Data, i: number, g: number, [Eg, Ed]: Float64Array[]): void {
    Eg[i] = this.rho * Eg[i] + (1 - this.rho) * g * g;
    const delta = (-Math.sqrt(Ed[i] + this.eps) / Math.sqrt(Eg[i] + this.eps)) * g;
    Ed[i] = this.rho * Ed[i] + (1 - this.rho) * delta * delta;
    p[i] += this.lr * delta;
  }
}

/** E[g²] ← ρ E[g²] + (1−ρ) g²;  p ← p − η g / (√E[g²] + ε) */
export class RMSProp extends Optimizer {
  readonly rho: number;
  readonly eps: number;
  constructor(params: readonly Parameter[], options: OptimizerOptions & { rho?: number; eps?: number } = {}) {
    super(params, options, 0.001, 1);
    this.rho = options.rho ?? 0.9;
    this.eps = options.eps ?? 1e-8;
  }
  protected update(p: Data, i: number, g: number, [Eg]: Float64Array[]): void {
    Eg[i] = this.rho * Eg[i] + (1 - this.rho) * g * g;
    p[i] -= (this.lr * g) / (Math.sqrt(Eg[i]) + this.eps);
  }
}

export interface AdamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − η · (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε) */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  constructor(params: readonly Parameter[], options: AdamOptions = {}) {
    super(params, options, 0.001, 2);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
  }
  protected update(p: Data, i: number, g: number, [m, v]: Float64Array[]): void {
    m[i] = this.beta1 * m[i] + (1 - this.beta1) * g;
    v[i] = this.beta2 * v[i] + (1 - this.beta2) * g * g;
    const mHat = m[i] / (1 - Math.pow(this.beta1, this.t));
    const vHat = v[i] / (1 - Math.pow(this.beta2, this.t));
    p[i] -= (this.lr * mHat) / (Math.sqrt(vHat) + this.eps);
  }
}

/** Adam with decoupled weight decay: p ← p − η λ p, then the Adam step (default λ = 0.01). */
export class AdamW extends Adam {
  constructor(params: readonly Parameter[], options: AdamOptions = {}) {
    super(params, { weightDecay: 0.01, ...options });
  }
  protected override get decoupled(): boolean {
    return true;
  }
  protected override update(p: Data, i: number, g: number, s: Float64Array[]): void {
    p[i] -= this.lr * this.weightDecay * p[i];
    super.update(p, i, g, s);
  }
}

export const OPTIMIZERS = { sgd: SGD, momentum: Momentum, nesterov: Nesterov, adagrad: Adagrad, adadelta: Adadelta, rmsprop: RMSProp, adam: Adam, adamw: AdamW };
export type OptimizerName = keyof typeof OPTIMIZERS;

export function makeOptimizer(name: string, params: readonly Parameter[], options: OptimizerOptions = {}): Optimizer {
  const Ctor = lookup(OPTIMIZERS as Record<string, new (p: readonly Parameter[], o: OptimizerOptions) => Optimizer>, String(name).toLowerCase());
  if (!Ctor) throw new RangeError(`unknown optimizer '${name}'; known: ${Object.keys(OPTIMIZERS).join(', ')}`);
  return new Ctor(params, options);
}
