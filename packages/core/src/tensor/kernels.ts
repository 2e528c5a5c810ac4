/**
 * Loops over flat typed arrays: broadcasting, reductions, transposes and matrix products.
 * No per-element allocation. Kept apart from the graph so faster kernels (WebAssembly) can
 * replace them one by one.
 */
import { type Shape, broadcastStrides, sizeOf, stridesOf } from './shape';

export type FloatArray = Float64Array | Float32Array;
export type DType = 'float64' | 'float32';

/**
 * A zeroed array of `n` numbers; `op` names what wanted it when it cannot be had (a function, so an
 * op's name with its shapes is only written out then, not on every call).
 */
export function alloc(dtype: DType, n: number, op: string | (() => string) = 'tensor'): FloatArray {
  try {
    return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  } catch (e) {
    const gb = (n * (dtype === 'float32' ? 4 : 8)) / 2 ** 30;
    throw new RangeError(`${typeof op === 'function' ? op() : op}: cannot allocate ${n.toLocaleString('en')} ${dtype} numbers (${gb.toPrecision(3)} GiB): ${(e as Error).message}; use a smaller shape`);
  }
}

/**
 * Calls `visit(outIndex, offsets)` for every element of the broadcast shape `out`, with each
 * operand's flat offset in `offsets`. An N-d counter, so any rank and any broadcast works.
 */
export function forEachBroadcast(out: Shape, shapes: readonly Shape[], visit: (i: number, offsets: Int32Array) => void): void {
  const n = sizeOf(out);
  const k = shapes.length;
  const strides = shapes.map((s) => broadcastStrides(s, out));
  const offsets = new Int32Array(k);
  const counter = new Int32Array(out.length);
  for (let i = 0; i < n; i++) {
    visit(i, offsets);
    for (let ax = out.length - 1; ax >= 0; ax--) {
      counter[ax]++;
      for (let j = 0; j < k; j++) offsets[j] += strides[j][ax];
      if (counter[ax] < out[ax]) break;
      for (let j = 0; j < k; j++) offsets[j] -= strides[j][ax] * out[ax];
      counter[ax] = 0;
    }
  }
}

type Unary = (a: number, k: number) => number;
type Binary = (a: number, b: number) => number;
type Derivative = (a: number, b: number, out: number) => number;

/** out[i] = f(x[i], k). */
export function map1(f: Unary, x: FloatArray, k: number, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], k);
}

/** r[i] = g[i] · d(x[i], k, y[i]): the VJP of a unary elementwise op. */
export function map1Grad(d: Derivative, g: FloatArray, x: FloatArray, k: number, y: FloatArray, r: FloatArray): void {
  for (let i = 0; i < x.length; i++) r[i] = g[i] * d(x[i], k, y[i]);
}

/** out = f(x, y) with broadcasting; `shape` is out's. */
export function map2(f: Binary, x: FloatArray, xShape: Shape, y: FloatArray, yShape: Shape, out: FloatArray, shape: Shape): void {
  if (x.length === out.length && y.length === out.length) {
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
  } else if (y.length === 1) {
    const v = y[0];
    for (let i = 0; i < out.length; i++) out[i] = f(x[i % x.length], v);
  } else {
    forEachBroadcast(shape, [xShape, yShape], (i, o) => {
      out[i] = f(x[o[0]], y[o[1]]);
    });
  }
}

/**
 * The VJP of a binary elementwise op for operand i: r (zeroed, shaped like operand i) gets
 * g ⊙ d(x, y, z), summed over the axes operand i was broadcast along.
 */
export function map2Grad(d: Derivative, i: 0 | 1, g: FloatArray, x: FloatArray, xShape: Shape, y: FloatArray, yShape: Shape, z: FloatArray, shape: Shape, r: FloatArray): void {
  if (x.length === z.length && y.length === z.length) {
    for (let j = 0; j < z.length; j++) r[j] = g[j] * d(x[j], y[j], z[j]);
  } else {
    forEachBroadcast(shape, [xShape, yShape], (j, o) => {
      r[o[i]] += g[j] * d(x[o[0]], y[o[1]], z[j]);
    });
  }
}

/** For each element of `shape`, the flat index of the reduced element it belongs to. */
export function reduceIndex(shape: Shape, axes: readonly number[]): Int32Array {
  const keep = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const target = stridesOf(keep).map((s, i) => (axes.includes(i) ? 0 : s));
  const n = sizeOf(shape);
  const index = new Int32Array(n);
  const counter = new Int32Array(shape.length);
  let off = 0;
  for (let i = 0; i < n; i++) {
    index[i] = off;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      counter[ax]++;
      off += target[ax];
      if (counter[ax] < shape[ax]) break;
      off -= target[ax] * shape[ax];
      counter[ax] = 0;
    }
  }
  return index;
}

/** Sums `src` (of `shape`) over `axes` into `dst` (the keepdims-shaped result), adding to it. */
export function sumInto(dst: FloatArray, src: FloatArray, shape: Shape, axes: readonly number[]): void {
  if (axes.length === 0) {
    for (let i = 0; i < src.length; i++) dst[i] += src[i];
    return;
  }
  const last = shape.length - 1;
  if (axes.length === 1 && axes[0] === last) {
    const m = shape[last];
    for (let r = 0, o = 0; r < dst.length; r++, o += m) {
      let s = 0;
      for (let j = 0; j < m; j++) s += src[o + j];
      dst[r] += s;
    }
    return;
  }
  if (axes.length === 1 && axes[0] === 0) {
    const m = dst.length;
    for (let r = 0, o = 0; r < shape[0]; r++, o += m) for (let j = 0; j < m; j++) dst[j] += src[o + j];
    return;
  }
  const index = reduceIndex(shape, axes);
  for (let i = 0; i < src.length; i++) dst[index[i]] += src[i];
}

/** Permutes axes: out[..] = src[perm-ed ..]. */
export function transposeData(src: FloatArray, shape: Shape, perm: readonly number[], dst: FloatArray): void {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = stridesOf(shape);
  const strides = perm.map((p) => inStrides[p]);
  if (shape.length === 2 && perm[0] === 1) {
    const [r, c] = shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) dst[j * r + i] = src[i * c + j];
    return;
  }
  const counter = new Int32Array(outShape.length);
  let off = 0;
  for (let i = 0; i < dst.length; i++) {
    dst[i] = src[off];
    for (let ax = outShape.length - 1; ax >= 0; ax--) {
      counter[ax]++;
      off += strides[ax];
      if (counter[ax] < outShape[ax]) break;
      off -= strides[ax] * outShape[ax];
      counter[ax] = 0;
    }
  }
}

const MR = 4;
const NR = 4;

/**
 * C[M,N] (+)= op(A) · op(B), op = optional transpose; A, B, C row-major at the given offsets.
 * Panels of A (4 rows) and B (4 columns) are packed k-major so the 4×4 register-blocked inner
 * loop reads both sequentially: 16 multiply-adds per 8 loads.
 */
export function gemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, B: FloatArray, bOff: number, C: FloatArray, cOff: number, accumulate: boolean,
): void {
  if (!accumulate) C.fill(0, cOff, cOff + M * N);
  if (M === 0 || N === 0 || K === 0) return;
  // element (i,k) of op(A) and (k,j) of op(B)
  const aRow = transA ? 1 : K, aCol = transA ? M : 1;
  const bRow = transB ? 1 : N, bCol = transB ? K : 1;
  const nPanels = Math.ceil(N / NR);
  const bp = new Float64Array(nPanels * K * NR);
  for (let p = 0; p < nPanels; p++) {
    const base = p * K * NR;
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < NR; c++) {
        const j = p * NR + c;
        bp[base + k * NR + c] = j < N ? B[bOff + k * bRow + j * bCol] : 0;
      }
    }
  }
  const ap = new Float64Array(K * MR);
  for (let i0 = 0; i0 < M; i0 += MR) {
    const rows = Math.min(MR, M - i0);
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < MR; r++) ap[k * MR + r] = r < rows ? A[aOff + (i0 + r) * aRow + k * aCol] : 0;
    }
    for (let p = 0; p < nPanels; p++) {
      const base = p * K * NR;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, ka = 0, kb = base; k < K; k++, ka += MR, kb += NR) {
        const a0 = ap[ka], a1 = ap[ka + 1], a2 = ap[ka + 2], a3 = ap[ka + 3];
        const b0 = bp[kb], b1 = bp[kb + 1], b2 = bp[kb + 2], b3 = bp[kb + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const j0 = p * NR;
      const cols = Math.min(NR, N - j0);
      const acc = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
      for (let r = 0; r < rows; r++) {
        const o = cOff + (i0 + r) * N + j0;
        for (let c = 0; c < cols; c++) C[o + c] += acc[r * 4 + c];
      }
    }
  }
}

/** The words of a checksum (`checksum`): a and b of four lanes. */
export const CHECKSUM_WORDS = 8;

/**
 * A Fletcher sum of the bits of `d` over four interleaved lanes of 32-bit words (word i in lane
 * i mod 4; the last length mod 4 words in lane 0): per lane a = Σ words, b = Σ a (mod 2³²), written
 * as a₀..a₃ b₀..b₃ into `into` at `at`. Any one changed element changes an a (a float64's two words
 * lie in two lanes); swapping two elements changes an a when they lie in different lanes and a b
 * when in the same one. Four lanes, not one, so the WebAssembly loop can keep them in one vector.
 */
export function checksum(d: FloatArray, into: Int32Array, at: number): void {
  const w = new Int32Array(d.buffer, d.byteOffset, d.byteLength >> 2);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  const whole = w.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    a0 = (a0 + w[i]) | 0;
    b0 = (b0 + a0) | 0;
    a1 = (a1 + w[i + 1]) | 0;
    b1 = (b1 + a1) | 0;
    a2 = (a2 + w[i + 2]) | 0;
    b2 = (b2 + a2) | 0;
    a3 = (a3 + w[i + 3]) | 0;
    b3 = (b3 + a3) | 0;
  }
  for (let i = whole; i < w.length; i++) {
    a0 = (a0 + w[i]) | 0;
    b0 = (b0 + a0) | 0;
  }
  into[at] = a0;
  into[at + 1] = a1;
  into[at + 2] = a2;
  into[at + 3] = a3;
  into[at + 4] = b0;
  into[at + 5] = b1;
  into[at + 6] = b2;
  into[at + 7] = b3;
}

/** y ← y + α·x in place (BLAS's axpy): an optimizer's update. */
export function axpy(alpha: number, x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}

export function sumOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

export function dotOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
