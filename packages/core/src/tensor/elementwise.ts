/**
 * The fast elementwise, broadcasting and reduction kernels. Each call first computes a stride
 * plan: the broadcast loop nest with size-1 axes dropped and contiguous axes merged, as runs of
 * `inner` elements at per-run offsets (a bias add over [128,64] is 128 runs of 64; equal shapes
 * are one run). The loops then step through runs with no per-element index arithmetic.
 *
 * An op's function (`f`, a derivative) is called per element, so it must be inlined: a loop
 * shared by all ops sees every op at one call site and V8 inlines none (about 10x slower). Each
 * op therefore gets loops of its own, compiled once from the source text below with
 * `new Function` and a comment naming the op (V8 caches compiled code by source text). Where
 * `new Function` is forbidden (a page's Content-Security-Policy), `fastElementwise` returns null
 * and the reference kernels stay.
 */
import type { FloatArray } from './kernels';
import { type Shape, broadcastStrides } from './shape';

/** A broadcast loop nest as runs: run r reads operand j from `offsets[j][r]` stepping by `steps[j]`. */
export interface StridePlan {
  inner: number;
  steps: number[];
  offsets: Int32Array[];
}

const plans = new Map<string, StridePlan>();

/**
 * The stride plan of `shapes` read as the broadcast shape `out`. A training loop meets the same
 * few shapes step after step, so plans are kept (they are only read), up to a bound.
 */
export function stridePlan(out: Shape, shapes: readonly Shape[]): StridePlan {
  const key = `${out.join(',')}|${shapes.map((s) => s.join(',')).join('|')}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    if (plans.size >= 256) plans.clear();
    plan = planOf(out, shapes);
    plans.set(key, plan);
  }
  return plan;
}

function planOf(out: Shape, shapes: readonly Shape[]): StridePlan {
  const all = shapes.map((s) => broadcastStrides(s, out));
  const dims: number[] = [];
  const strides: number[][] = shapes.map(() => []);
  for (let ax = 0; ax < out.length; ax++) {
    if (out[ax] === 1) continue;
    const last = dims.length - 1;
    // Axis ax merges into the previous kept axis when every operand steps through both as one.
    if (last >= 0 && all.every((s, j) => strides[j][last] === s[ax] * out[ax])) {
      dims[last] *= out[ax];
      all.forEach((s, j) => (strides[j][last] = s[ax]));
    } else {
      dims.push(out[ax]);
      all.forEach((s, j) => strides[j].push(s[ax]));
    }
  }
  const inner = dims.length ? dims[dims.length - 1] : 1;
  const outer = dims.slice(0, -1);
  const runs = outer.reduce((p, d) => p * d, inner === 0 ? 0 : 1);
  const offsets = strides.map((s) => runOffsets(outer, s, runs));
  return { inner, steps: strides.map((s) => (dims.length ? s[dims.length - 1] : 0)), offsets };
}

/** Each run's offset for an operand with `strides` over the outer loop nest `outer` (an N-d counter). */
function runOffsets(outer: readonly number[], strides: readonly number[], runs: number): Int32Array {
  const offsets = new Int32Array(runs);
  const counter = new Int32Array(outer.length);
  let at = 0;
  for (let r = 1; r < runs; r++) {
    for (let ax = outer.length - 1; ax >= 0; ax--) {
      at += strides[ax];
      if (++counter[ax] < outer[ax]) break;
      at -= strides[ax] * outer[ax];
      counter[ax] = 0;
    }
    offsets[r] = at;
  }
  return offsets;
}

type Unary = (a: number, k: number) => number;
type Binary = (a: number, b: number) => number;
type Derivative = (a: number, b: number, out: number) => number;

// The loops, as source text: `fn` is the op's function, bound per op by `specialise`.
const MAP1 = `return function map1(x, k, out) {
  for (let i = 0; i < out.length; i++) out[i] = fn(x[i], k);
}`;
const MAP1_GRAD = `return function map1Grad(g, x, k, y, r) {
  for (let i = 0; i < r.length; i++) r[i] = g[i] * fn(x[i], k, y[i]);
}`;
const MAP2 = `return function map2(x, y, out, inner, sx, sy, xOff, yOff) {
  let o = 0;
  for (let run = 0; run < xOff.length; run++) {
    let xi = xOff[run], yi = yOff[run];
    for (let j = 0; j < inner; j++, xi += sx, yi += sy) out[o++] = fn(x[xi], y[yi]);
  }
}`;
// r, the gradient of an operand shaped like the output: one store per element.
const MAP2_GRAD_DENSE = `return function map2GradDense(g, x, y, z, r, inner, sx, sy, xOff, yOff) {
  let o = 0;
  for (let run = 0; run < xOff.length; run++) {
    let xi = xOff[run], yi = yOff[run];
    for (let j = 0; j < inner; j++, xi += sx, yi += sy, o++) r[o] = g[o] * fn(x[xi], y[yi], z[o]);
  }
}`;
// r (the gradient of a broadcast operand, zeroed) gathers g ⊙ fn over the broadcast: ti walks that operand.
const MAP2_GRAD = `return function map2Grad(g, x, y, z, r, inner, sx, sy, st, xOff, yOff, tOff) {
  let o = 0;
  for (let run = 0; run < xOff.length; run++) {
    let xi = xOff[run], yi = yOff[run], ti = tOff[run];
    for (let j = 0; j < inner; j++, xi += sx, yi += sy, ti += st, o++) r[ti] += g[o] * fn(x[xi], y[yi], z[o]);
  }
}`;

let compiled = 0;
const cache = new Map<string, WeakMap<object, unknown>>();

/** The loop `source` with its own copy of the code for `fn`, made once per function. */
function specialise<T>(source: string, fn: object): T {
  let byFn = cache.get(source);
  if (!byFn) cache.set(source, (byFn = new WeakMap()));
  let loop = byFn.get(fn) as T | undefined;
  if (!loop) {
    // A distinct comment makes distinct source text, hence separately compiled (and inlined) code.
    loop = new Function('fn', `// chalkgrad kernel ${++compiled}\n${source}`)(fn) as T;
    byFn.set(fn, loop);
  }
  return loop;
}

export interface ElementwiseKernels {
  /** out[i] = f(x[i], k). */
  map1(f: Unary, x: FloatArray, k: number, out: FloatArray): void;
  /** r[i] = g[i] · d(x[i], k, y[i]). */
  map1Grad(d: Derivative, g: FloatArray, x: FloatArray, k: number, y: FloatArray, r: FloatArray): void;
  /** out = f(x, y) with broadcasting; `shape` is out's. */
  map2(f: Binary, x: FloatArray, xShape: Shape, y: FloatArray, yShape: Shape, out: FloatArray, shape: Shape): void;
  /** r (zeroed, shaped like operand i) += g ⊙ d(x, y, z) summed over the axes operand i was broadcast along. */
  map2Grad(d: Derivative, i: 0 | 1, g: FloatArray, x: FloatArray, xShape: Shape, y: FloatArray, yShape: Shape, z: FloatArray, shape: Shape, r: FloatArray): void;
  /** dst (keepdims-shaped) += src summed over `axes`. */
  sumInto(dst: FloatArray, src: FloatArray, shape: Shape, axes: readonly number[]): void;
}

type Map2 = (x: FloatArray, y: FloatArray, out: FloatArray, inner: number, sx: number, sy: number, xOff: Int32Array, yOff: Int32Array) => void;
type Map2GradDense = (g: FloatArray, x: FloatArray, y: FloatArray, z: FloatArray, r: FloatArray, inner: number, sx: number, sy: number, xOff: Int32Array, yOff: Int32Array) => void;
type Map2Grad = (g: FloatArray, x: FloatArray, y: FloatArray, z: FloatArray, r: FloatArray, inner: number, sx: number, sy: number, st: number, xOff: Int32Array, yOff: Int32Array, tOff: Int32Array) => void;

/** dst[t] += src[s] over a plan of (src, dst): the one reduction loop. */
function accumulate(dst: FloatArray, src: FloatArray, plan: StridePlan): void {
  const { inner, steps: [ss, sd], offsets: [so, sdo] } = plan;
  for (let run = 0; run < so.length; run++) {
    let s = so[run];
    let t = sdo[run];
    if (sd === 0) {
      // summing along the run: in a register, not through memory
      let sum = 0;
      for (let j = 0; j < inner; j++, s += ss) sum += src[s];
      dst[t] += sum;
    } else {
      for (let j = 0; j < inner; j++, s += ss, t += sd) dst[t] += src[s];
    }
  }
}

/** The fast elementwise kernels, or null where `new Function` is not allowed. */
export function fastElementwise(): ElementwiseKernels | null {
  try {
    new Function('return 0')();
  } catch {
    return null;
  }
  return {
    map1: (f, x, k, out) => specialise<(x: FloatArray, k: number, out: FloatArray) => void>(MAP1, f)(x, k, out),
    map1Grad: (d, g, x, k, y, r) => specialise<(g: FloatArray, x: FloatArray, k: number, y: FloatArray, r: FloatArray) => void>(MAP1_GRAD, d)(g, x, k, y, r),
    map2(f, x, xShape, y, yShape, out, shape) {
      const { inner, steps, offsets } = stridePlan(shape, [xShape, yShape]);
      specialise<Map2>(MAP2, f)(x, y, out, inner, steps[0], steps[1], offsets[0], offsets[1]);
    },
    map2Grad(d, i, g, x, xShape, y, yShape, z, shape, r) {
      const { inner, steps, offsets } = stridePlan(shape, [xShape, yShape]);
      if (r.length === z.length) specialise<Map2GradDense>(MAP2_GRAD_DENSE, d)(g, x, y, z, r, inner, steps[0], steps[1], offsets[0], offsets[1]);
      else specialise<Map2Grad>(MAP2_GRAD, d)(g, x, y, z, r, inner, steps[0], steps[1], steps[i], offsets[0], offsets[1], offsets[i]);
    },
    sumInto(dst, src, shape, axes) {
      const kept = shape.map((n, ax) => (axes.includes(ax) ? 1 : n));
      accumulate(dst, src, stridePlan(shape, [shape, kept]));
    },
  };
}
