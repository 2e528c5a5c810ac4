/** Tensor constructors (`zeros`, `arange`, seeded `rand`, ...) and the ops that take several tensors. */
import { describeArg } from '../format';
import { Rng } from '../rng';
import { type DType, alloc } from './kernels';
import type { Condition } from './ops';
import { fmtShape, normAxis, sizeOf } from './shape';
import { Tensor, type TensorLike, type TensorOptions, applyOp, tensor } from './tensor';

type Opts = Omit<TensorOptions, 'shape'>;

function make(op: string, shape: readonly number[], fill: (i: number) => number, options: Opts = {}): Tensor {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: expected a shape (a list of sizes such as [2, 3]), got ${describeArg(shape)}`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new RangeError(`${op}: shape ${fmtShape(shape)}: sizes must be whole numbers ≥ 0`);
  const data = alloc(options.dtype ?? 'float64', sizeOf(shape), () => `${op}(${fmtShape(shape)})`);
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  return new Tensor(data, shape, options);
}

export const zeros = (shape: readonly number[], options?: Opts): Tensor => make('zeros', shape, () => 0, options);
export const ones = (shape: readonly number[], options?: Opts): Tensor => make('ones', shape, () => 1, options);
export const full = (shape: readonly number[], value: number, options?: Opts): Tensor => make('full', shape, () => value, options);

/** [start, stop) in steps of `step`; with one argument, [0, stop). */
export function arange(start: number, stop?: number, step = 1, options?: Opts): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`arange: step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  return make('arange', [n], (i) => lo + i * step, options);
}

/** `n` evenly spaced numbers from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, n: number, options?: Opts): Tensor {
  return make('linspace', [n], (i) => (n === 1 ? start : start + ((stop - start) * i) / (n - 1)), options);
}

export function eye(n: number, m = n, options?: Opts): Tensor {
  return make('eye', [n, m], (i) => (Math.floor(i / m) === i % m ? 1 : 0), options);
}

export interface RandomOptions extends Opts {
  /** Seed of the generator (default 0); or pass an `Rng` to continue its stream. */
  seed?: number;
  rng?: Rng;
}

/** Uniform in [low, high) (default [0, 1)), seeded. */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  return make('rand', shape, () => rng.uniform(options.low ?? 0, options.high ?? 1), options);
}

/** Normal with `mean` and `std` (default 0 and 1), seeded. */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  return make('randn', shape, () => rng.normal(options.mean ?? 0, options.std ?? 1), options);
}

function asTensor(x: TensorLike, dtype: DType): Tensor {
  return x instanceof Tensor ? x : tensor(x, { dtype });
}

/** Elementwise choice: `a` where `cond` is non-zero, else `b`. No gradient flows into `cond`. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const dtype = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : 'float64';
  const c: Condition = { data: cond.data, shape: cond.shape };
  return applyOp('where', [asTensor(a, dtype), asTensor(b, dtype)], c);
}

/** Joins tensors along an existing axis; all other sizes must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('concat: needs at least one tensor');
  const first = tensors[0];
  const ax = normAxis('concat', axis, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new RangeError(`concat: shapes ${tensors.map((x) => fmtShape(x.shape)).join(', ')} differ outside axis ${ax}`);
    }
  }
  return applyOp('concat', [...tensors], ax);
}

/** Joins same-shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('stack: needs at least one tensor');
  const shape = tensors[0].shape;
  if (tensors.some((t) => t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))) {
    throw new RangeError(`stack: all shapes must be equal, got ${tensors.map((t) => fmtShape(t.shape)).join(', ')}`);
  }
  const ax = axis < 0 ? axis + shape.length + 1 : axis;
  if (ax < 0 || ax > shape.length) throw new RangeError(`stack: axis ${axis} is out of range for ${shape.length + 1} dimensions`);
  const expanded = [...shape.slice(0, ax), 1, ...shape.slice(ax)];
  return concat(tensors.map((t) => t.reshape(expanded)), ax);
}
