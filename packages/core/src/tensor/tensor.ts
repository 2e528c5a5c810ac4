/**
 * The N-d `Tensor`: a flat typed array and a shape, recorded on the same engine as `Value`
 * (the shared topological sort, grad mode and anomaly switch). Each op node keeps its inputs,
 * its op-table entry and what that entry's VJP needs; backward calls the VJPs in reverse
 * topological order and accumulates into `grad`.
 *
 * Dtypes: `float64` (default) or `float32`. The rule for mixed operands: the result is float64 if
 * any tensor operand is float64, else float32; plain numbers never change the dtype.
 */
import { describeArg } from '../format';
import { lookup } from '../lookup';
import { JUPYTER_DISPLAY, type MimeBundle, notebookBundle } from '../notebook';
import { AnomalyError, type GraphNode, isAnomalyDetectionEnabled, isGradEnabled, topoSort } from '../engine';
import { type DType, type FloatArray, alloc, forEachBroadcast } from './kernels';
import { accumulate, walkTensors } from './backward';
import { type SavedSums, readFlags, sumsOfReads } from './inplace';
import { type FlatIndex, type GatherParams, type SliceAxis, TENSOR_OPS, type TensorOp } from './ops';
import { type Shape, broadcastShapes, fmtShape, normAxes, normAxis, sameShape, sizeOf } from './shape';

export type NestedArray = number | NestedArray[];
export type TensorLike = Tensor | number;
export type TensorData = NestedArray | readonly number[] | FloatArray;

export interface TensorOptions {
  shape?: readonly number[];
  dtype?: DType;
  requiresGrad?: boolean;
  label?: string;
}

let nextId = 0;

export class Tensor implements GraphNode {
  /** The elements in row-major order, writable in place. */
  data: FloatArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Accumulated gradient (a Tensor of the same shape), or null; `p.grad = null` clears it. */
  grad: Tensor | null = null;
  label: string;
  requiresGrad: boolean;
  /** Op name from the op table, or `''` for a leaf. */
  op = '';
  /** Ordered input edges. */
  inputs: Tensor[] = [];
  /**
   * What the VJPs read: the inputs, each leaf that a VJP reads replaced by a copy of its numbers at
   * the forward pass (see `TensorOp.reads`). A leaf's `data` is the user's to change in place
   * (x.data[0] = 5); backward still uses the values the forward pass used, as a Value graph does.
   */
  savedInputs: Tensor[] = [];
  /** Checksums of the intermediate tensors the VJPs read, so backward names one changed in place (`inplace.ts`). */
  savedSums: SavedSums | null = null;
  /** The op's parameters (axes, shape, slice, ...). */
  params: unknown = undefined;
  /** What the forward pass saved for the VJP. */
  saved: unknown = undefined;
  fn: TensorOp | null = null;
  readonly id = nextId++;
  _mark = 0;
  /**
   * A number the expression was built with (`x.mul(2)`'s 2 as a 0-d tensor, a mask inside a
   * gradient), not data or a parameter: diagrams and traces write it by its value.
   */
  constant = false;

  constructor(data: FloatArray, shape: readonly number[], options: { requiresGrad?: boolean; label?: string } = {}) {
    if (data.length !== sizeOf(shape)) throw new RangeError(`Tensor: ${data.length} elements do not fill shape ${fmtShape(shape)} (${sizeOf(shape)} needed)`);
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = data instanceof Float32Array ? 'float32' : 'float64';
    this.requiresGrad = options.requiresGrad ?? false;
    if (options.label !== undefined && typeof options.label !== 'string') throw new TypeError(`tensor: the label must be a string, got ${describeArg(options.label)}`);
    this.label = options.label ?? '';
  }

  get numInputs(): number { return this.inputs.length; }
  inputAt(i: number): Tensor { return this.inputs[i]; }
  get size(): number { return this.data.length; }
  get ndim(): number { return this.shape.length; }

  /** Sets the label and returns this. */
  named(label: string): this {
    if (typeof label !== 'string') throw new TypeError(`named: the label must be a string, got ${describeArg(label)}`);
    this.label = label;
    return this;
  }

  // ---------------------------------------------------------------- elementwise (scalar op table)
  add(o: TensorLike): Tensor { return this.binary('add', o); }
  sub(o: TensorLike): Tensor { return this.binary('sub', o); }
  mul(o: TensorLike): Tensor { return this.binary('mul', o); }
  div(o: TensorLike): Tensor { return this.binary('div', o); }
  /** A number exponent: any base when whole, base > 0 otherwise. A Tensor exponent needs base > 0. */
  pow(o: TensorLike): Tensor { return typeof o === 'number' ? applyOp('powc', [this], o) : this.binary('pow', o); }
  maximum(o: TensorLike): Tensor { return this.binary('maximum', o); }
  minimum(o: TensorLike): Tensor { return this.binary('minimum', o); }
  neg(): Tensor { return applyOp('neg', [this], 0); }
  exp(): Tensor { return applyOp('exp', [this], 0); }
  log(): Tensor { return applyOp('log', [this], 0); }
  sqrt(): Tensor { return applyOp('sqrt', [this], 0); }
  abs(): Tensor { return applyOp('abs', [this], 0); }
  sin(): Tensor { return applyOp('sin', [this], 0); }
  cos(): Tensor { return applyOp('cos', [this], 0); }
  tanh(): Tensor { return applyOp('tanh', [this], 0); }
  sigmoid(): Tensor { return applyOp('sigmoid', [this], 0); }
  relu(): Tensor { return applyOp('relu', [this], 0); }
  leakyRelu(slope = 0.01): Tensor { return applyOp('leakyRelu', [this], slope); }
  softplus(): Tensor { return applyOp('softplus', [this], 0); }
  clamp(lo = -Infinity, hi = Infinity): Tensor {
    if (!(lo <= hi)) throw new RangeError(`clamp: lo (${lo}) must not exceed hi (${hi})`);
    return applyOp('clamp', [this], [lo, hi]);
  }

  private binary(name: string, o: TensorLike): Tensor {
    return applyOp(name, [this, operand(name, o, this.dtype)], 0);
  }

  // ---------------------------------------------------------------- comparisons (no gradient)
  gt(o: TensorLike): Tensor { return compare('gt', this, o, (a, b) => a > b); }
  lt(o: TensorLike): Tensor { return compare('lt', this, o, (a, b) => a < b); }
  ge(o: TensorLike): Tensor { return compare('ge', this, o, (a, b) => a >= b); }
  le(o: TensorLike): Tensor { return compare('le', this, o, (a, b) => a <= b); }
  eq(o: TensorLike): Tensor { return compare('eq', this, o, (a, b) => a === b); }
  ne(o: TensorLike): Tensor { return compare('ne', this, o, (a, b) => a !== b); }

  // ---------------------------------------------------------------- reductions
  sum(axis?: number | number[], keepdims = false): Tensor { return applyOp('reduceSum', [this], { axis, keepdims }); }
  max(axis?: number | number[], keepdims = false): Tensor { return applyOp('max', [this], { axis, keepdims }); }
  min(axis?: number | number[], keepdims = false): Tensor { return applyOp('min', [this], { axis, keepdims }); }
  logsumexp(axis?: number | number[], keepdims = false): Tensor { return applyOp('logsumexp', [this], { axis, keepdims }); }
  mean(axis?: number | number[], keepdims = false): Tensor {
    const axes = normAxes('mean', axis, this.ndim);
    const n = axes.reduce((s, a) => s * this.shape[a], 1);
    return this.sum(axis, keepdims).div(n);
  }
  /** Variance with NumPy's default (divides by n; pass correction = 1 for the unbiased estimate). */
  var(axis?: number | number[], keepdims = false, correction = 0): Tensor {
    const axes = normAxes('var', axis, this.ndim);
    const n = axes.reduce((s, a) => s * this.shape[a], 1);
    const centred = this.sub(this.mean(axis, true));
    return centred.mul(centred).sum(axis, keepdims).div(n - correction);
  }

  // ---------------------------------------------------------------- linear algebra and shapes
  matmul(o: Tensor): Tensor { return applyOp('matmul', [this, tensorArg('matmul', o)], undefined); }
  /** Permutes the axes; without an argument reverses them (a matrix transpose for 2-d). */
  transpose(axes?: readonly number[]): Tensor {
    if (axes !== undefined && !Array.isArray(axes)) throw new TypeError(`transpose: expected a list of axes such as [1, 0], or nothing, got ${describeArg(axes)}`);
    const perm = axes ? [...axes] : this.shape.map((_, i) => this.ndim - 1 - i);
    const ok = perm.length === this.ndim && [...perm].sort((a, b) => a - b).every((a, i) => a === i);
    if (!ok) throw new RangeError(`transpose: [${perm.join(',')}] is not a permutation of the ${this.ndim} axes of ${fmtShape(this.shape)}`);
    return applyOp('transpose', [this], perm);
  }
  get T(): Tensor { return this.transpose(); }
  /** One -1 is inferred from the size. */
  reshape(shape: readonly number[]): Tensor { return applyOp('reshape', [this], inferShape(this.shape, shape)); }
  flatten(): Tensor { return this.reshape([-1]); }
  /** Per axis: a number picks one index (and drops the axis), `[start, stop, step?]` a range, null all. */
  slice(...spec: (number | readonly [number, number?, number?] | null)[]): Tensor {
    if (spec.length > this.ndim) throw new RangeError(`slice: ${spec.length} axes given for a tensor of shape ${fmtShape(this.shape)}`);
    const axes = this.shape.map((n, ax): SliceAxis => {
      const s = spec[ax];
      if (s === null || s === undefined) return { start: 0, stop: n, step: 1, drop: false };
      if (typeof s === 'number') {
        const i = s < 0 ? s + n : s;
        if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`slice: index ${s} is out of range for axis ${ax} of size ${n}`);
        return { start: i, stop: i + 1, step: 1, drop: true };
      }
      if (!Array.isArray(s)) throw new TypeError(`slice: axis ${ax} takes an index, [start, stop, step] or null, got ${describeArg(s)}`);
      for (const [k, v] of [[0, s[0]], [1, s[1]], [2, s[2]]] as const) {
        if (k > 0 && (v === undefined || v === null)) continue;
        if (!Number.isInteger(v)) throw new RangeError(`slice: the ${['start', 'stop', 'step'][k]} of axis ${ax} must be a whole number, got ${describeArg(v)}`);
      }
      const step = s[2] ?? 1;
      if (step < 1) throw new RangeError(`slice: step must be a whole number ≥ 1, got ${step}`);
      const clampIndex = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
      return { start: clampIndex(s[0]), stop: Math.max(clampIndex(s[0]), clampIndex(s[1] ?? n)), step, drop: false };
    });
    return applyOp('slice', [this], axes);
  }
  /** `torch.gather`: out[i][j] = this[i][index[i][j]] along `axis`; `index` has the rank of this. */
  gather(axis: number, index: Tensor | NestedArray): Tensor {
    const ax = normAxis('gather', axis, this.ndim);
    const idx = index instanceof Tensor ? index : tensor(index as NestedArray);
    if (idx.ndim !== this.ndim) throw new RangeError(`gather: index shape ${fmtShape(idx.shape)} needs the rank of the input ${fmtShape(this.shape)}`);
    idx.shape.forEach((d, i) => {
      if (i !== ax && d > this.shape[i]) throw new RangeError(`gather: index shape ${fmtShape(idx.shape)} is larger than input ${fmtShape(this.shape)} on axis ${i}`);
    });
    const ints = Int32Array.from(idx.data, (v) => {
      if (!Number.isInteger(v) || v < 0 || v >= this.shape[ax]) throw new RangeError(`gather: index ${v} is out of range for axis ${ax} of size ${this.shape[ax]}`);
      return v;
    });
    const params: GatherParams = { axis: ax, index: ints, shape: [...idx.shape] };
    return applyOp('gather', [this], params);
  }
  /** NumPy's broadcast_to: the same numbers repeated along the axes broadcasting adds. */
  broadcastTo(shape: readonly number[]): Tensor { return applyOp('broadcastTo', [this], [...shape]); }
  /** NumPy's take on the flat data: out[i] = this.data[indices[i]], shaped `shape` (default 1-d). */
  take(indices: ArrayLike<number>, shape: readonly number[] = [indices.length]): Tensor {
    return applyOp('take', [this], flatIndex('take', indices, this.size, shape, indices.length));
  }
  /** The transpose of take: a zero tensor of `shape` with this tensor's elements added at `indices` (flat). */
  scatterAdd(indices: ArrayLike<number>, shape: readonly number[]): Tensor {
    return applyOp('scatterAdd', [this], flatIndex('scatterAdd', indices, sizeOf(shape), shape, this.size));
  }
  outer(o: Tensor): Tensor { return this.reshape([-1, 1]).mul(tensorArg('outer', o).reshape([1, -1])); }
  dot(o: Tensor): Tensor {
    tensorArg('dot', o);
    if (this.ndim !== 1 || o.ndim !== 1 || this.size !== o.size) throw new RangeError(`dot: needs two 1-d tensors of the same length, got ${fmtShape(this.shape)} and ${fmtShape(o.shape)}`);
    return this.mul(o).sum();
  }
  logSoftmax(axis = -1): Tensor { return applyOp('logSoftmax', [this], { axis }); }
  softmax(axis = -1): Tensor { return this.logSoftmax(axis).exp(); }

  // ---------------------------------------------------------------- values and gradients
  /** Nested arrays; a number for a 0-d tensor. */
  toArray(): NestedArray {
    const build = (ax: number, off: number): NestedArray => {
      if (ax === this.ndim) return this.data[off];
      const step = sizeOf(this.shape.slice(ax + 1));
      return Array.from({ length: this.shape[ax] }, (_, i) => build(ax + 1, off + i * step));
    };
    return build(0, 0);
  }
  item(): number {
    if (this.size !== 1) throw new RangeError(`item: only a one-element tensor has an item; this one has shape ${fmtShape(this.shape)} (${this.size} elements)`);
    return this.data[0];
  }
  /** A new leaf sharing nothing with the graph. */
  detach(): Tensor {
    const leaf = new Tensor(this.data.slice(), this.shape, { label: this.label });
    leaf.constant = this.constant;
    return leaf;
  }
  astype(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    return applyOp('reshape', [this], [...this.shape], dtype);
  }

  /**
   * Backpropagates. Without an argument only from a one-element tensor (seed 1); otherwise pass
   * the upstream gradient. Leaves accumulate; inner nodes hold this pass's gradient. With
   * `createGraph` the gradients are tensors of a graph (from the ops' differentiable VJPs), so
   * `x.grad` can be differentiated again, as PyTorch's `backward(create_graph=True)`.
   */
  backward(gradient?: Tensor | TensorData, options: { createGraph?: boolean } = {}): void {
    let seed: FloatArray;
    if (gradient === undefined) {
      if (this.size !== 1) throw new RangeError(`backward: this tensor has shape ${fmtShape(this.shape)}; backward() without a gradient needs one element. Reduce it first (.sum() or .mean()) or pass a gradient of shape ${fmtShape(this.shape)}.`);
      seed = alloc(this.dtype, 1).fill(1);
    } else {
      const g = gradient instanceof Tensor ? gradient : tensor(gradient as NestedArray, { dtype: this.dtype });
      if (!sameShape(g.shape, this.shape)) throw new RangeError(`backward: the gradient has shape ${fmtShape(g.shape)} but the tensor has shape ${fmtShape(this.shape)}`);
      seed = alloc(this.dtype, g.size);
      seed.set(g.data);
    }
    const topo = topoSort<Tensor>(this);
    for (const t of topo) if (t.fn) t.grad = null;
    if (options.createGraph) this.grad = this.grad === null ? new Tensor(seed, this.shape) : this.grad.add(new Tensor(seed, this.shape));
    else accumulate(this, seed);
    walkTensors(topo, isAnomalyDetectionEnabled() ? checkEdge : null, options.createGraph ?? false);
  }

  /** `Tensor(W [2,3] float64 requiresGrad: [[1,2,3],[4,5,6]])`; past 20 elements, the first 6. What `console.log` prints. */
  toString(): string {
    const body = this.size <= 20 ? JSON.stringify(this.toArray()) : `${Array.from(this.data.subarray(0, 6), (x) => +x.toPrecision(4)).join(', ')}, ...`;
    const made = this.op ? ` ${this.op}#${this.id}` : this.requiresGrad ? ' requiresGrad' : '';
    return `Tensor(${this.label ? this.label + ' ' : ''}${fmtShape(this.shape)} ${this.dtype}${made}: ${body})`;
  }

  /** A Jupyter kernel shows this: the graph as SVG once `@chalkgrad/viz` is loaded, else the text. */
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle> {
    return notebookBundle(this);
  }

  /** Node's `console.log` and `util.inspect` print `toString()`, not the graph behind the tensor. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** `JSON.stringify` gives shape, dtype and the numbers (row-major), not the graph. */
  toJSON(): { label: string; op: string; shape: number[]; dtype: DType; data: number[]; grad: number[] | null } {
    return { label: this.label, op: this.op, shape: [...this.shape], dtype: this.dtype, data: Array.from(this.data), grad: this.grad && Array.from(this.grad.data) };
  }
}

function describe(t: Tensor): string {
  return `${t.label ? `"${t.label}" ` : ''}${t.op || 'leaf'}#${t.id} ${fmtShape(t.shape)}`;
}

function firstBad(d: FloatArray): number {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

/** Anomaly mode's look at each edge of the backward walk: a non-finite VJP from a finite gradient is where trouble starts. */
function checkEdge(node: Tensor, j: number, g: FloatArray): void {
  const bad = firstBad(g);
  if (bad >= 0 && firstBad(node.grad!.data) < 0) {
    throw new AnomalyError(`anomaly in backward: at node ${describe(node)} the gradient into input ${j} (${describe(node.inputs[j])}) has ${g[bad]} at flat index ${bad}. ${node.fn!.formula[Math.min(j, node.fn!.formula.length - 1)]}`);
  }
}

/** The inputs as the VJPs will read them: a copy of each leaf that a VJP which will run reads (`read`, see `readFlags`). */
function savedInputs(inputs: Tensor[], read: readonly boolean[]): Tensor[] {
  if (inputs.every((t, k) => t.fn !== null || !read[k])) return inputs;
  return inputs.map((t, k) => (t.fn === null && read[k] ? frozenCopy(t) : t));
}

/** Each leaf's latest copy: a batch used step after step unchanged is copied once, not once a step. */
const lastCopy = new WeakMap<Tensor, Tensor>();

/**
 * A copy of a leaf's numbers for the VJPs, or its previous copy while the numbers are unchanged:
 * comparing reads memory the leaf already has, where a fresh large copy costs new pages each step.
 */
function frozenCopy(t: Tensor): Tensor {
  const last = lastCopy.get(t);
  if (last !== undefined && sameNumbers(last.data, t.data)) return last;
  const copy = new Tensor(t.data.slice(), t.shape, { label: t.label });
  lastCopy.set(t, copy);
  return copy;
}

/**
 * Equal bits, compared 8 bytes at a time (half the loads for float32; a NaN only makes a needless
 * copy), four words per test: one branch per 32 bytes makes the comparison of the bench's 800 KB
 * float64 batch about 1.6x faster (0.15 → 0.09 ms).
 */
function sameNumbers(a: FloatArray, b: FloatArray): boolean {
  if (a.length !== b.length || a.BYTES_PER_ELEMENT !== b.BYTES_PER_ELEMENT) return false;
  let from = 0;
  if ((a.byteOffset | b.byteOffset) % 8 === 0) {
    const words = a.byteLength >> 3;
    const x = new Float64Array(a.buffer, a.byteOffset, words);
    const y = new Float64Array(b.buffer, b.byteOffset, words);
    const quads = words & ~3;
    for (let i = 0; i < quads; i += 4) if ((x[i] !== y[i]) || (x[i + 1] !== y[i + 1]) || (x[i + 2] !== y[i + 2]) || (x[i + 3] !== y[i + 3])) return false;
    for (let i = quads; i < words; i++) if (x[i] !== y[i]) return false;
    from = (words * 8) / a.BYTES_PER_ELEMENT;
  }
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Flat indices checked against the size they index and the count they must have. */
function flatIndex(op: string, indices: ArrayLike<number>, size: number, shape: readonly number[], count: number): FlatIndex {
  if (indices.length !== count) throw new RangeError(`${op}: ${indices.length} indices given where ${count} are needed`);
  if (op === 'take' && sizeOf(shape) !== count) throw new RangeError(`take: ${count} indices do not fill shape ${fmtShape(shape)}`);
  const offsets = Int32Array.from(indices, (v) => {
    if (!Number.isInteger(v) || v < 0 || v >= size) throw new RangeError(`${op}: index ${v} is out of range for ${size} elements`);
    return v;
  });
  return { offsets, shape: [...shape] };
}

/** Runs an op of the table and records it when gradients are on and an input needs them. */
export function applyOp(name: string, inputs: Tensor[], params: unknown, dtype?: DType): Tensor {
  const fn = lookup(TENSOR_OPS, name);
  if (!fn) throw new Error(`tensor op '${name}' is not in the op table; known: ${Object.keys(TENSOR_OPS).join(', ')}`);
  const outType = dtype ?? (inputs.every((t) => t.dtype === 'float32') ? 'float32' : 'float64');
  const r = fn.forward(inputs, params, outType);
  const out = new Tensor(r.data, r.shape);
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.op = name;
    out.fn = fn;
    out.inputs = inputs;
    const read = readFlags(fn.reads, inputs);
    out.savedInputs = savedInputs(inputs, read);
    out.savedSums = sumsOfReads(inputs, out, read);
    out.params = params;
    out.saved = r.saved;
  }
  if (isAnomalyDetectionEnabled()) {
    const bad = firstBad(out.data);
    if (bad >= 0 && inputs.every((t) => firstBad(t.data) < 0)) {
      throw new AnomalyError(`anomaly in forward: ${name} gave ${out.data[bad]} at flat index ${bad} of ${fmtShape(out.shape)} from finite inputs (${inputs.map(describe).join(', ')})`);
    }
  }
  return out;
}

/** The other operand of a binary op: a Tensor, or a number made a 0-d tensor; anything else is named. */
function operand(op: string, x: TensorLike, dtype: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return constantTensor(alloc(dtype, 1).fill(x), []);
  throw wrongOperand(op, x, 'a Tensor or a number');
}

/** A constant leaf (see `Tensor.constant`). */
export function constantTensor(data: FloatArray, shape: readonly number[]): Tensor {
  const t = new Tensor(data, shape);
  t.constant = true;
  return t;
}

/** The Tensor argument of an op that takes no plain number (matmul, dot, outer). */
function tensorArg(op: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  throw wrongOperand(op, x, 'a Tensor');
}

function wrongOperand(op: string, x: unknown, expected: string): TypeError {
  const hint =
    typeof x === 'number' ? `; to scale by a number use mul(${x})`
    : Array.isArray(x) ? `; wrap it: tensor(${JSON.stringify(x).slice(0, 30)})`
    : x !== null && typeof x === 'object' && 'inputs' in x ? '; a Value belongs to the scalar graph: use its .data, or Tensors throughout'
    : '';
  return new TypeError(`${op}: expected ${expected}, got ${describeArg(x)}${hint}`);
}

function compare(name: string, a: Tensor, o: TensorLike, test: (x: number, y: number) => boolean): Tensor {
  const b = operand(name, o, a.dtype);
  const shape = broadcastShapes(name, a.shape, b.shape);
  const out = alloc(a.dtype === 'float32' && b.dtype === 'float32' ? 'float32' : 'float64', sizeOf(shape), () => `${name}(${fmtShape(a.shape)}, ${fmtShape(b.shape)})`);
  forEachBroadcast(shape, [a.shape, b.shape], (i, off) => {
    out[i] = test(a.data[off[0]], b.data[off[1]]) ? 1 : 0;
  });
  return new Tensor(out, shape);
}

/** The shape with one -1 filled in; errors name both shapes. */
export function inferShape(from: Shape, to: readonly number[]): number[] {
  const n = sizeOf(from);
  const unknown = to.filter((d) => d === -1).length;
  if (unknown > 1 || to.some((d) => !Number.isInteger(d) || d < -1)) throw new RangeError(`reshape: bad target shape ${fmtShape(to)} (whole numbers ≥ 0, at most one -1)`);
  const known = to.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const shape = to.map((d) => (d === -1 ? (known === 0 ? 0 : n / known) : d));
  if (sizeOf(shape) !== n || !shape.every(Number.isInteger)) throw new RangeError(`reshape: cannot reshape ${fmtShape(from)} (${n} elements) into ${fmtShape(to)}`);
  return shape;
}

/** Shape of a nested array, checking that it is rectangular. */
function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let x: NestedArray = data;
  while (Array.isArray(x)) {
    shape.push(x.length);
    x = x[0];
  }
  const check = (v: NestedArray, ax: number, path: string): void => {
    if (ax === shape.length) {
      if (Array.isArray(v)) throw new RangeError(`tensor: ragged nested array: element ${path} is an array where a number was expected`);
      if (typeof v !== 'number') throw new TypeError(`tensor: element ${path} is ${describeArg(v)}, expected a number`);
      return;
    }
    if (!Array.isArray(v)) throw new RangeError(`tensor: ragged nested array: element ${path} is ${describeArg(v)} where a list of ${shape[ax]} was expected`);
    if (v.length !== shape[ax]) throw new RangeError(`tensor: ragged nested array: ${path || 'the top level'} has ${v.length} elements where ${shape[ax]} were expected`);
    v.forEach((c, i) => check(c, ax + 1, `${path}[${i}]`));
  };
  check(data, 0, '');
  return shape;
}

/** A tensor from a nested array, a flat array with `shape`, a typed array, or a number. */
export function tensor(data: TensorData, options: TensorOptions = {}): Tensor {
  const dtype = options.dtype ?? (data instanceof Float32Array ? 'float32' : 'float64');
  let flat: ArrayLike<number>;
  let shape: number[];
  if (ArrayBuffer.isView(data)) {
    flat = data as FloatArray;
    shape = options.shape ? [...options.shape] : [flat.length];
  } else {
    const nested = nestedShape(data as NestedArray);
    flat = typeof data === 'number' ? [data] : (data as NestedArray[]).flat(Infinity as 1) as number[];
    shape = options.shape ? [...options.shape] : nested;
  }
  if (sizeOf(shape) !== flat.length) throw new RangeError(`tensor: ${flat.length} numbers do not fill shape ${fmtShape(shape)} (${sizeOf(shape)} needed)`);
  const arr = alloc(dtype, flat.length);
  arr.set(flat);
  return new Tensor(arr, shape, options);
}
