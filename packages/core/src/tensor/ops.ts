/**
 * The tensor op table. Elementwise ops are not written here: they come from the scalar op table
 * (same forward, same local derivative, same formula), applied per element with broadcasting;
 * the gradient of a broadcast input is accumulated at the element it was read from, which is the
 * sum over the broadcast axes. The entries below are the ops that are not elementwise.
 *
 * An entry: `forward` (output data and shape, plus anything the VJP needs), `vjp(i, ...)` (the
 * vector-Jacobian product for input i, given the upstream gradient G, on numbers: the fast path of
 * first-order backward), `vjpGraph` (the same VJP written with tensor ops, so gradients can be
 * differentiated again, and forward mode can transpose it), the VJP formula text, the `cases`
 * its generated gradchecks run, and how the exporters write it: the ONNX node and the PyTorch
 * expression (`ops/export.ts`).
 */
import { type OnnxConstant, type OnnxNodeSpec, fillTorch, pyList, pyNumber } from '../ops/export';
import type { Interval, Notation, ScalarOp } from '../ops/scalar';
import { SCALAR_OPS, opSymbol } from '../ops/scalar';
import { type DType, type FloatArray, alloc, forEachBroadcast, reduceIndex, transposeData } from './kernels';
import { kernels } from './registry';
import { type Shape, broadcastShapes, fmtShape, normAxes, normAxis, reducedShape, sameShape, sizeOf, stridesOf } from './shape';
import { constant, elementwiseLocal, sumTo, swapLast, times } from './differentiable';
import { type Tensor, applyOp } from './tensor';

export interface Forward {
  data: FloatArray;
  shape: number[];
  /** Whatever the VJP needs besides inputs, output and params. */
  saved?: unknown;
}

export interface GradcheckCase {
  shapes: number[][];
  params?: unknown;
  /** Where each input is sampled (the last entry serves the rest); default [-2, 2]. */
  domain?: readonly (readonly Interval[])[];
}

/** An input by its index, or the op's own result. */
export type Read = number | 'out';

export interface TensorOp {
  readonly name: string;
  /** The Tensor method that applies the op, when its name differs (`reduceSum` is `t.sum()`). */
  readonly method?: string;
  /** One VJP formula per input (`∂L/∂A = G·Bᵀ`); the last one stands for the rest of an n-ary op. */
  readonly formula: readonly string[];
  /** The same in LaTeX, for the cheat-sheet and slides. */
  readonly tex: readonly string[];
  /**
   * How the op reads in the sub-expression that names an unlabelled node (`W·x + b`, `Σ tanh(h)`),
   * as in the scalar table; default: a call by the op's name (`reshape(x)`).
   */
  readonly notation?: Notation;
  /**
   * Whose numbers the VJPs of input i read (numeric and differentiable alike): inputs by index,
   * `'out'` for the op's own result (tanh's 1 − y²); default: every input and the result. Only
   * those are kept for backward (see `tensor/inplace.ts`): a leaf is copied, an intermediate tensor
   * checksummed. matmul's VJP for W reads the batch X, not W itself; a sum reads no numbers at all.
   */
  readonly reads?: (i: number) => readonly Read[];
  /**
   * Where the op has no derivative though its value is continuous (relu at 0, clamp at a bound, a max
   * on a tie): the flat indices of the output elements computed at a kink, from the node's inputs,
   * result and params, and the same in words. The VJP uses one subgradient there; gradcheck notes
   * every such element, even when it passes.
   */
  readonly kink?: { readonly at: (inputs: readonly Tensor[], out: Tensor, params: unknown) => number[]; readonly text: string };
  forward(inputs: readonly Tensor[], params: unknown, dtype: DType): Forward;
  /** The gradient with respect to input i, shaped like input i, in input i's dtype. */
  vjp(i: number, g: FloatArray, out: Tensor, inputs: readonly Tensor[], params: unknown): FloatArray;
  /** The same VJP from differentiable tensor ops, for higher derivatives: shaped like input i. */
  vjpGraph(i: number, g: Tensor, out: Tensor, inputs: readonly Tensor[], params: unknown): Tensor;
  readonly cases: readonly GradcheckCase[];
  /** The ONNX node computing the op, from its params and the input and output shapes. */
  onnx(params: unknown, inputs: readonly Shape[], out: Shape): OnnxNodeSpec;
  /** The PyTorch expression computing the op from the Python names of its inputs. */
  torch(args: readonly string[], params: unknown, inputs: readonly Shape[]): string;
}

const int64 = (data: readonly number[]): OnnxConstant => ({ type: 'int64', data, shape: [data.length] });
const float = (x: number): OnnxConstant => ({ type: 'float', data: [x], shape: [] });
/** A Python tuple of whole numbers (`(1,)` for one). */
const pyTuple = (xs: readonly number[]): string => `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`;
/** The flat indices 0 … n−1 where `test` holds. */
const indicesWhere = (n: number, test: (i: number) => boolean): number[] => Array.from({ length: n }, (_, i) => i).filter(test);

// ---------------------------------------------------------------- elementwise, from the scalar table

const UNARY_CASES = [{ shapes: [[]] }, { shapes: [[3]] }, { shapes: [[2, 3]] }];
const BINARY_CASES = [
  { shapes: [[2, 3], [2, 3]] }, { shapes: [[2, 3], [3]] }, { shapes: [[2, 1], [1, 3]] }, { shapes: [[], [2, 2]] }, { shapes: [[3, 1, 2], [4, 1]] },
];

/**
 * What the derivative of input i of a scalar op reads, from the parameters its functions declare:
 * `(a, b, out)`, and `pick` after them tests a and b. A function cannot read a parameter it does
 * not declare, so this never misses one (`(_a, b) => b` also counts a: a needless check, no more).
 */
function scalarReads(op: ScalarOp): (i: number) => readonly Read[] {
  const inputs = op.arity === 2 ? [0, 1] : [0];
  // worked out once per op: readFlags asks on every op call
  const reads = inputs.map((i) => {
    const declared = Math.max(op.d[i].length, op.dGraph[i]?.length ?? 0);
    return [...inputs.slice(0, declared), ...(declared > 2 ? ['out' as const] : [])];
  });
  return (i) => reads[i];
}

function unaryFromScalar(op: ScalarOp): TensorOp {
  const kink = op.kink;
  return {
    name: op.name,
    method: op.method,
    reads: scalarReads(op),
    kink: kink && { at: ([a], _out, k) => indicesWhere(a.size, (i) => kink.at(a.data[i], k as number)), text: kink.text },
    notation: op.notation ?? { call: opSymbol(op, 0) },
    formula: [`∂L/∂A = G ⊙ f′(A), ${op.formula[0]}`],
    tex: [`\\frac{\\partial L}{\\partial A} = G \\odot f'(A),\\quad ${op.tex[0]}`],
    forward([a], k, dtype) {
      const data = alloc(dtype, a.data.length);
      kernels.map1(op.f, a.data, k as number, data);
      return { data, shape: [...a.shape] };
    },
    vjp(_i, g, out, [a], k) {
      const r = alloc(a.dtype, a.data.length);
      kernels.map1Grad(op.d[0], g, a.data, k as number, out.data, r);
      return r;
    },
    vjpGraph(_i, g, out, [a], k) {
      return times(g, elementwiseLocal(op, 0, a, k as number, out));
    },
    cases: (op.params ?? [0]).flatMap((k) => UNARY_CASES.map((c) => ({ ...c, params: k, domain: op.domain }))),
    onnx(k) {
      const { op: type, k: where } = op.onnx;
      if (where === 'input') return { op: type, inputs: [0, float(k as number)] };
      return { op: type, inputs: [0], attributes: where ? { [where]: { f: k as number } } : undefined };
    },
    torch: ([a], k) => fillTorch(op.torch, { a, k: k as number }),
  };
}

/** Elementwise multiplication is written ⊙, so it never reads as matmul's `·`. */
const HADAMARD: Notation = { infix: '⊙', prec: 2, assoc: true };

/** The output elements of a broadcasting binary op whose two operands sit at the scalar op's kink. */
function broadcastKinks(kink: NonNullable<ScalarOp['kink']>, a: Tensor, b: Tensor, out: Tensor): number[] {
  const found: number[] = [];
  forEachBroadcast(out.shape, [a.shape, b.shape], (i, o) => {
    if (kink.at(a.data[o[0]], b.data[o[1]])) found.push(i);
  });
  return found;
}

function binaryFromScalar(op: ScalarOp): TensorOp {
  const kink = op.kink;
  return {
    name: op.name,
    method: op.method,
    reads: scalarReads(op),
    kink: kink && { at: ([a, b], out) => broadcastKinks(kink, a, b, out), text: kink.text },
    notation: op.name === 'mul' ? HADAMARD : op.notation ?? { call: opSymbol(op, 0) },
    formula: op.formula.map((f, i) => `∂L/∂${i === 0 ? 'A' : 'B'} = Σ_broadcast G ⊙ (${f})`),
    tex: op.tex.map((t, i) => `${i === 0 ? '\\frac{\\partial L}{\\partial A}' : '\\frac{\\partial L}{\\partial B}'} = \\textstyle\\sum_{\\text{broadcast}} G \\odot \\frac{\\partial f}{\\partial ${i === 0 ? 'a' : 'b'}},\\quad ${t}`),
    forward([a, b], _p, dtype) {
      const shape = sameShape(a.shape, b.shape) ? [...a.shape] : broadcastShapes(op.name, a.shape, b.shape);
      const data = alloc(dtype, sizeOf(shape), () => `${op.name}(${fmtShape(a.shape)}, ${fmtShape(b.shape)})`);
      kernels.map2(op.f, a.data, a.shape, b.data, b.shape, data, shape);
      return { data, shape };
    },
    vjp(i, g, out, [a, b]) {
      const target = i === 0 ? a : b;
      const r = alloc(target.dtype, target.data.length);
      kernels.map2Grad(op.d[i], i as 0 | 1, g, a.data, a.shape, b.data, b.shape, out.data, out.shape, r);
      return r;
    },
    vjpGraph(i, g, out, [a, b]) {
      return sumTo(times(g, elementwiseLocal(op, i, a, b, out)), (i === 0 ? a : b).shape);
    },
    cases: BINARY_CASES.map((c) => ({ ...c, domain: op.domain })),
    onnx: () => ({ op: op.onnx.op, inputs: [0, 1] }),
    torch: ([a, b]) => fillTorch(op.torch, { a, b }),
  };
}

// ---------------------------------------------------------------- reductions

interface ReduceParams {
  axis?: number | number[];
  keepdims?: boolean;
}

const REDUCE_CASES = [
  { shapes: [[2, 3]], params: {} },
  { shapes: [[2, 3]], params: { axis: 0 } },
  { shapes: [[2, 3]], params: { axis: -1, keepdims: true } },
  { shapes: [[2, 3, 4]], params: { axis: [0, 2] } },
];

function reduceAxes(name: string, a: Tensor, p: ReduceParams) {
  const axes = normAxes(name, p.axis, a.shape.length);
  return { axes, kept: reducedShape(a.shape, axes, true), shape: reducedShape(a.shape, axes, p.keepdims ?? false) };
}

/** Spreads a reduced gradient back over the input shape: r[i] = g[index[i]] · w(i). */
function expandGrad(g: FloatArray, a: Tensor, axes: readonly number[], weight?: (i: number, gi: number) => number): FloatArray {
  const index = reduceIndex(a.shape, axes);
  const r = alloc(a.dtype, a.data.length);
  for (let i = 0; i < r.length; i++) r[i] = weight ? weight(i, index[i]) * g[index[i]] : g[index[i]];
  return r;
}

/** A reduction as ONNX's Reduce* (axes as a constant input) and as a PyTorch call with dim and keepdim. */
function reduceExport(onnxOp: string, torchFn: string): Pick<TensorOp, 'onnx' | 'torch'> {
  const axesOf = (p: unknown, rank: number) => normAxes(onnxOp, (p as ReduceParams).axis, rank);
  return {
    onnx: (p, [a]) => ({ op: onnxOp, inputs: [0, int64(axesOf(p, a.length))], attributes: { keepdims: { i: (p as ReduceParams).keepdims ? 1 : 0 } } }),
    torch: ([a], p, [shape]) => `${torchFn}(${a}, dim=${pyTuple(axesOf(p, shape.length))}, keepdim=${(p as ReduceParams).keepdims ? 'True' : 'False'})`,
  };
}

/** `t.sum(axis)`, named apart from the n-ary scalar `sum` (`Value.sum(list)`). */
const reduceSum: TensorOp = {
  name: 'reduceSum',
  method: 'sum',
  // `Σ tanh(h)`; bracketed as an operand, `(Σ x)/4`, since Σ x/4 would read as the sum of x/4
  notation: { prefix: 'Σ ', prec: 3, outer: 0 },
  reads: () => [],
  formula: ['∂L/∂A = G broadcast back over the summed axes'],
  tex: ['\\frac{\\partial L}{\\partial A} = G \\text{ broadcast over the summed axes}'],
  forward([a], p, dtype) {
    const { axes, kept, shape } = reduceAxes('sum', a, p as ReduceParams);
    const data = alloc(dtype, sizeOf(kept));
    kernels.sumInto(data, a.data, a.shape, axes);
    return { data, shape };
  },
  vjp(_i, g, _out, [a], p) {
    return expandGrad(g, a, reduceAxes('sum', a, p as ReduceParams).axes);
  },
  vjpGraph(_i, g, _out, [a], p) {
    return g.reshape(reduceAxes('sum', a, p as ReduceParams).kept).broadcastTo(a.shape);
  },
  cases: REDUCE_CASES,
  ...reduceExport('ReduceSum', 'torch.sum'),
};

/** max and min: the gradient goes to the extreme elements, split evenly among ties. */
function extreme(name: 'max' | 'min', better: (x: number, best: number) => boolean): TensorOp {
  return {
    name,
    formula: [`∂L/∂A = G at the ${name === 'max' ? 'largest' : 'smallest'} element(s) of each reduced group (split on ties), 0 elsewhere`],
    tex: [`\\frac{\\partial L}{\\partial A} = G \\odot \\frac{[A = \\${name} A]}{\\#\\text{ties}}`],
    // a group whose extreme is shared: moving one tied element up or down changes the slope
    kink: { at: (_inputs, out) => indicesWhere(out.size, (j) => (out.saved as { ties: Float64Array }).ties[j] > 1), text: `a tie for the ${name} of a group` },
    forward([a], p, dtype) {
      const { axes, kept, shape } = reduceAxes(name, a, p as ReduceParams);
      if (a.data.length === 0) throw new RangeError(`${name}: cannot reduce an empty tensor`);
      const index = reduceIndex(a.shape, axes);
      const data = alloc(dtype, sizeOf(kept)).fill(name === 'max' ? -Infinity : Infinity);
      for (let i = 0; i < index.length; i++) if (better(a.data[i], data[index[i]]) || Number.isNaN(a.data[i])) data[index[i]] = a.data[i];
      const ties = new Float64Array(data.length);
      for (let i = 0; i < index.length; i++) if (a.data[i] === data[index[i]]) ties[index[i]]++;
      return { data, shape, saved: { index, ties } };
    },
    vjp(_i, g, out, [a]) {
      const { index, ties } = out.saved as { index: Int32Array; ties: Float64Array };
      const r = alloc(a.dtype, a.data.length);
      for (let i = 0; i < r.length; i++) if (a.data[i] === out.data[index[i]]) r[i] = g[index[i]] / ties[index[i]];
      return r;
    },
    vjpGraph(_i, g, out, [a], p) {
      const { index, ties } = out.saved as { index: Int32Array; ties: Float64Array };
      const share = Float64Array.from(a.data, (x, i) => (x === out.data[index[i]] ? 1 / ties[index[i]] : 0));
      return g.reshape(reduceAxes(name, a, p as ReduceParams).kept).mul(constant(share, a.shape, g));
    },
    cases: REDUCE_CASES,
    // amax/amin split the gradient among ties as chalkgrad does (max(dim) would pick one element).
    ...reduceExport(name === 'max' ? 'ReduceMax' : 'ReduceMin', name === 'max' ? 'torch.amax' : 'torch.amin'),
  };
}

const logsumexp: TensorOp = {
  name: 'logsumexp',
  formula: ['∂L/∂A = G ⊙ exp(A − logsumexp(A)) (the softmax)'],
  tex: ['\\frac{\\partial L}{\\partial A} = G \\odot e^{A - \\operatorname{logsumexp} A}'],
  forward([a], p, dtype) {
    const { axes, kept, shape } = reduceAxes('logsumexp', a, p as ReduceParams);
    const index = reduceIndex(a.shape, axes);
    const m = new Float64Array(sizeOf(kept)).fill(-Infinity);
    for (let i = 0; i < index.length; i++) if (a.data[i] > m[index[i]]) m[index[i]] = a.data[i];
    const s = new Float64Array(m.length);
    for (let i = 0; i < index.length; i++) s[index[i]] += Math.exp(a.data[i] - m[index[i]]);
    const data = alloc(dtype, m.length);
    for (let j = 0; j < m.length; j++) data[j] = Number.isFinite(m[j]) ? m[j] + Math.log(s[j]) : m[j];
    return { data, shape, saved: index };
  },
  vjp(_i, g, out, [a]) {
    const index = out.saved as Int32Array;
    const r = alloc(a.dtype, a.data.length);
    for (let i = 0; i < r.length; i++) r[i] = g[index[i]] * Math.exp(a.data[i] - out.data[index[i]]);
    return r;
  },
  vjpGraph(_i, g, out, [a], p) {
    const kept = reduceAxes('logsumexp', a, p as ReduceParams).kept;
    return g.reshape(kept).mul(a.sub(out.reshape(kept)).exp());
  },
  cases: REDUCE_CASES,
  ...reduceExport('ReduceLogSumExp', 'torch.logsumexp'),
};

/** Visits each 1-d slice along `axis`: (start offset, stride, length). */
function forEachLane(shape: Shape, axis: number, visit: (start: number, stride: number, n: number) => void): void {
  const stride = stridesOf(shape)[axis];
  const n = shape[axis];
  const outer = sizeOf(shape.slice(0, axis));
  for (let o = 0; o < outer; o++) for (let s = 0; s < stride; s++) visit(o * stride * n + s, stride, n);
}

const logSoftmax: TensorOp = {
  name: 'logSoftmax',
  reads: () => ['out'],
  formula: ['∂L/∂A = G − softmax(A) ⊙ Σ_axis G'],
  tex: ['\\frac{\\partial L}{\\partial A} = G - \\operatorname{softmax}(A) \\odot \\textstyle\\sum_{\\text{axis}} G'],
  forward([a], p, dtype) {
    const axis = normAxis('logSoftmax', (p as { axis: number }).axis, a.shape.length);
    const x = a.data;
    const data = alloc(dtype, x.length);
    forEachLane(a.shape, axis, (start, stride, n) => {
      let m = -Infinity;
      for (let j = 0, o = start; j < n; j++, o += stride) if (x[o] > m) m = x[o];
      let s = 0;
      for (let j = 0, o = start; j < n; j++, o += stride) s += Math.exp(x[o] - m);
      const lse = m + Math.log(s);
      for (let j = 0, o = start; j < n; j++, o += stride) data[o] = x[o] - lse;
    });
    return { data, shape: [...a.shape], saved: axis };
  },
  vjp(_i, g, out, [a]) {
    const y = out.data;
    const r = alloc(a.dtype, y.length);
    forEachLane(a.shape, out.saved as number, (start, stride, n) => {
      let gs = 0;
      for (let j = 0, o = start; j < n; j++, o += stride) gs += g[o];
      for (let j = 0, o = start; j < n; j++, o += stride) r[o] = g[o] - Math.exp(y[o]) * gs;
    });
    return r;
  },
  vjpGraph(_i, g, out) {
    return g.sub(out.exp().mul(g.sum(out.saved as number, true)));
  },
  cases: [{ shapes: [[4]], params: { axis: 0 } }, { shapes: [[2, 3]], params: { axis: -1 } }, { shapes: [[3, 2, 2]], params: { axis: 1 } }],
  onnx: (p, [a]) => ({ op: 'LogSoftmax', inputs: [0], attributes: { axis: { i: normAxis('logSoftmax', (p as { axis: number }).axis, a.length) } } }),
  torch: ([a], p, [shape]) => `torch.log_softmax(${a}, dim=${normAxis('logSoftmax', (p as { axis: number }).axis, shape.length)})`,
};

// ---------------------------------------------------------------- matmul

interface MatmulPlan { M: number; N: number; K: number; batch: number[]; aBatch: number[]; bBatch: number[]; shape: number[] }

/** NumPy matmul shapes: 1-d operands are promoted (and the added axis dropped), batch axes broadcast. */
function planMatmul(a: Shape, b: Shape): MatmulPlan {
  if (a.length === 0 || b.length === 0) throw new RangeError(`matmul: both operands need at least 1 dimension, got ${fmtShape(a)} @ ${fmtShape(b)}`);
  const A = a.length === 1 ? [1, a[0]] : [...a];
  const B = b.length === 1 ? [b[0], 1] : [...b];
  const K = A[A.length - 1];
  if (B[B.length - 2] !== K) throw new RangeError(`matmul: inner dimensions differ: ${fmtShape(a)} @ ${fmtShape(b)} (${K} ≠ ${B[B.length - 2]})`);
  const M = A[A.length - 2];
  const N = B[B.length - 1];
  const aBatch = A.slice(0, -2);
  const bBatch = B.slice(0, -2);
  const batch = broadcastShapes('matmul', aBatch, bBatch);
  const shape = [...batch, ...(a.length === 1 ? [] : [M]), ...(b.length === 1 ? [] : [N])];
  return { M, N, K, batch, aBatch, bBatch, shape };
}

/** Calls `fn(aOffset, bOffset, cOffset)` for each matrix of the (broadcast) batch. */
function forEachBatch(p: MatmulPlan, fn: (ao: number, bo: number, co: number) => void): void {
  const { M, N, K } = p;
  if (p.batch.length === 0) return fn(0, 0, 0);
  let c = 0;
  forEachBroadcast(p.batch, [p.aBatch, p.bBatch], (_i, o) => {
    fn(o[0] * M * K, o[1] * K * N, c);
    c += M * N;
  });
}

const matmul: TensorOp = {
  name: 'matmul',
  notation: { infix: '·', prec: 2, assoc: true },
  reads: (i) => [1 - i],
  formula: ['∂L/∂A = G · Bᵀ', '∂L/∂B = Aᵀ · G'],
  tex: ['\\frac{\\partial L}{\\partial A} = G\\,B^{\\top}', '\\frac{\\partial L}{\\partial B} = A^{\\top} G'],
  forward([a, b], _p, dtype) {
    const plan = planMatmul(a.shape, b.shape);
    const data = alloc(dtype, sizeOf(plan.shape), () => `matmul(${fmtShape(a.shape)}, ${fmtShape(b.shape)})`);
    forEachBatch(plan, (ao, bo, co) => kernels.gemm(false, false, plan.M, plan.N, plan.K, a.data, ao, b.data, bo, data, co, false));
    return { data, shape: plan.shape, saved: plan };
  },
  vjp(i, g, out, [a, b]) {
    const { M, N, K } = out.saved as MatmulPlan;
    const plan = out.saved as MatmulPlan;
    const r = alloc((i === 0 ? a : b).dtype, (i === 0 ? a : b).data.length);
    // Accumulating over broadcast batch entries is the sum over broadcast axes.
    const shared = sizeOf(i === 0 ? plan.aBatch : plan.bBatch) < sizeOf(plan.batch);
    forEachBatch(plan, (ao, bo, co) => {
      if (i === 0) kernels.gemm(false, true, M, K, N, g, co, b.data, bo, r, ao, shared);
      else kernels.gemm(true, false, K, N, M, a.data, ao, g, co, r, bo, shared);
    });
    return r;
  },
  vjpGraph(i, g, out, [a, b]) {
    // 1-d operands as NumPy promotes them, then G·Bᵀ and Aᵀ·G summed over broadcast batch axes.
    const { M, N, batch } = out.saved as MatmulPlan;
    const A = a.ndim === 1 ? a.reshape([1, a.size]) : a;
    const B = b.ndim === 1 ? b.reshape([b.size, 1]) : b;
    const G = g.reshape([...batch, M, N]);
    return i === 0 ? sumTo(G.matmul(swapLast(B)), A.shape).reshape(a.shape) : sumTo(swapLast(A).matmul(G), B.shape).reshape(b.shape);
  },
  cases: [
    { shapes: [[2, 3], [3, 4]] }, { shapes: [[5, 3], [3, 2]] }, { shapes: [[2, 2, 3], [3, 2]] }, { shapes: [[2, 1, 2, 3], [3, 3, 2]] },
    { shapes: [[3], [3, 2]] }, { shapes: [[2, 3], [3]] }, { shapes: [[3], [3]] },
  ],
  onnx: () => ({ op: 'MatMul', inputs: [0, 1] }),
  torch: ([a, b]) => `torch.matmul(${a}, ${b})`,
};

// ---------------------------------------------------------------- shape ops

const transpose: TensorOp = {
  name: 'transpose',
  notation: { postfix: () => 'ᵀ', prec: 4 },
  reads: () => [],
  formula: ['∂L/∂A = G transposed back (the inverse permutation)'],
  tex: ['\\frac{\\partial L}{\\partial A} = G^{\\top} \\text{ (inverse permutation)}'],
  forward([a], perm, dtype) {
    const p = perm as number[];
    const data = alloc(dtype, a.data.length);
    transposeData(a.data, a.shape, p, data);
    return { data, shape: p.map((ax) => a.shape[ax]) };
  },
  vjp(_i, g, out, [a], perm) {
    const p = perm as number[];
    const inverse = p.map((_, j) => p.indexOf(j));
    const r = alloc(a.dtype, g.length);
    transposeData(g, out.shape, inverse, r);
    return r;
  },
  vjpGraph(_i, g, _out, _inputs, perm) {
    const p = perm as number[];
    return g.transpose(p.map((_, j) => p.indexOf(j)));
  },
  cases: [{ shapes: [[2, 3]], params: [1, 0] }, { shapes: [[2, 3, 4]], params: [2, 0, 1] }],
  onnx: (perm) => ({ op: 'Transpose', inputs: [0], attributes: { perm: { ints: perm as number[] } } }),
  torch: ([a], perm) => `${a}.permute(${(perm as number[]).join(', ')})`,
};

const reshape: TensorOp = {
  name: 'reshape',
  reads: () => [],
  formula: ['∂L/∂A = G reshaped to the shape of A'],
  tex: ['\\frac{\\partial L}{\\partial A} = \\operatorname{reshape}(G, \\operatorname{shape} A)'],
  forward([a], shape, dtype) {
    const data = alloc(dtype, a.data.length);
    data.set(a.data);
    return { data, shape: [...(shape as number[])] };
  },
  vjp(_i, g, _out, [a]) {
    const r = alloc(a.dtype, g.length);
    r.set(g);
    return r;
  },
  vjpGraph(_i, g, _out, [a]) {
    return applyOp('reshape', [g], [...a.shape], a.dtype); // also undoes astype
  },
  cases: [{ shapes: [[2, 3]], params: [3, 2] }, { shapes: [[2, 3, 2]], params: [12] }],
  onnx: (_p, _in, out) => ({ op: 'Reshape', inputs: [0, int64(out)] }),
  torch: ([a], shape) => `${a}.reshape(${pyTuple(shape as number[])})`,
};

/** The VJP of ops that read input elements at saved offsets: G added back at those offsets. */
function scatterBack(_i: number, g: FloatArray, out: Tensor, [a]: readonly Tensor[]): FloatArray {
  const offsets = out.saved as Int32Array;
  const r = alloc(a.dtype, a.data.length);
  for (let i = 0; i < offsets.length; i++) r[offsets[i]] += g[i];
  return r;
}

/** The same, differentiable: G scattered into a tensor shaped like the input. */
function scatterBackGraph(_i: number, g: Tensor, out: Tensor, [a]: readonly Tensor[]): Tensor {
  return g.scatterAdd(out.saved as Int32Array, a.shape);
}

/** Per axis: start, stop, step (positive), or a single index that drops the axis. */
export interface SliceAxis { start: number; stop: number; step: number; drop: boolean }

function sliceOffsets(a: Shape, axes: readonly SliceAxis[]): { shape: number[]; offsets: Int32Array } {
  const full = axes.map((s) => Math.max(0, Math.ceil((s.stop - s.start) / s.step)));
  const strides = stridesOf(a);
  const offsets = new Int32Array(sizeOf(full));
  const counter = new Int32Array(full.length);
  for (let i = 0; i < offsets.length; i++) {
    let off = 0;
    for (let ax = 0; ax < full.length; ax++) off += (axes[ax].start + counter[ax] * axes[ax].step) * strides[ax];
    offsets[i] = off;
    for (let ax = full.length - 1; ax >= 0; ax--) {
      if (++counter[ax] < full[ax]) break;
      counter[ax] = 0;
    }
  }
  return { shape: full.filter((_, i) => !axes[i].drop), offsets };
}

const slice: TensorOp = {
  name: 'slice',
  reads: () => [],
  formula: ['∂L/∂A = G placed back at the sliced positions, 0 elsewhere'],
  tex: ['\\frac{\\partial L}{\\partial A} = G \\text{ at the sliced positions, 0 elsewhere}'],
  forward([a], p, dtype) {
    const { shape, offsets } = sliceOffsets(a.shape, p as SliceAxis[]);
    const data = alloc(dtype, offsets.length);
    for (let i = 0; i < offsets.length; i++) data[i] = a.data[offsets[i]];
    return { data, shape, saved: offsets };
  },
  vjp: scatterBack,
  vjpGraph: scatterBackGraph,
  onnx(p) {
    const axes = p as SliceAxis[];
    return { op: 'Slice', inputs: [0, int64(axes.map((s) => s.start)), int64(axes.map((s) => s.stop)), int64(axes.map((_, i) => i)), int64(axes.map((s) => s.step))], reshape: axes.some((s) => s.drop) };
  },
  torch: ([a], p) => `${a}[${(p as SliceAxis[]).map((s) => (s.drop ? `${s.start}` : `${s.start}:${s.stop}:${s.step}`)).join(', ')}]`,
  cases: [
    { shapes: [[4, 3]], params: [{ start: 1, stop: 3, step: 1, drop: false }, { start: 0, stop: 3, step: 2, drop: false }] },
    { shapes: [[3, 4]], params: [{ start: 2, stop: 3, step: 1, drop: true }, { start: 0, stop: 4, step: 1, drop: false }] },
  ],
};

export interface GatherParams { axis: number; index: Int32Array; shape: number[] }

const gather: TensorOp = {
  name: 'gather',
  reads: () => [],
  formula: ['∂L/∂A = G scattered (added) back to the gathered positions'],
  tex: ['\\frac{\\partial L}{\\partial A} = \\operatorname{scatterAdd}(G) \\text{ at the gathered positions}'],
  forward([a], p, dtype) {
    const { axis, index, shape } = p as GatherParams;
    const strides = stridesOf(a.shape);
    const data = alloc(dtype, index.length);
    const offsets = new Int32Array(index.length);
    forEachBroadcast(shape, [shape], (i) => {
      // position of element i in `shape` with the axis coordinate replaced by index[i]
      let rest = i;
      let off = 0;
      for (let ax = shape.length - 1; ax >= 0; ax--) {
        const c = rest % shape[ax];
        rest = (rest - c) / shape[ax];
        off += (ax === axis ? index[i] : c) * strides[ax];
      }
      offsets[i] = off;
      data[i] = a.data[off];
    });
    return { data, shape: [...shape], saved: offsets };
  },
  vjp: scatterBack,
  vjpGraph: scatterBackGraph,
  onnx(p) {
    const { axis, index, shape } = p as GatherParams;
    return { op: 'GatherElements', inputs: [0, { type: 'int64', data: index, shape }], attributes: { axis: { i: axis } } };
  },
  torch([a], p) {
    const { axis, index, shape } = p as GatherParams;
    return `torch.gather(${a}, ${axis}, torch.tensor(${pyList(index, shape)}, dtype=torch.int64))`;
  },
  cases: [
    { shapes: [[3, 4]], params: { axis: 1, index: Int32Array.from([1, 3, 0]), shape: [3, 1] } },
    { shapes: [[3, 2]], params: { axis: 0, index: Int32Array.from([2, 0, 1, 1]), shape: [2, 2] } },
  ],
};

const concat: TensorOp = {
  name: 'concat',
  reads: () => [],
  formula: ['∂L/∂Aᵢ = the slice of G that came from Aᵢ'],
  tex: ['\\frac{\\partial L}{\\partial A_i} = G \\text{ sliced where } A_i \\text{ went}'],
  forward(inputs, axis, dtype) {
    const ax = axis as number;
    const shape = [...inputs[0].shape];
    shape[ax] = inputs.reduce((s, t) => s + t.shape[ax], 0);
    const data = alloc(dtype, sizeOf(shape));
    const outer = sizeOf(shape.slice(0, ax));
    const inner = sizeOf(shape.slice(ax + 1));
    let at = 0;
    for (const t of inputs) {
      const width = t.shape[ax] * inner;
      for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * width, (o + 1) * width), o * shape[ax] * inner + at);
      at += width;
    }
    return { data, shape };
  },
  vjp(i, g, out, inputs, axis) {
    const ax = axis as number;
    const inner = sizeOf(out.shape.slice(ax + 1));
    const outer = sizeOf(out.shape.slice(0, ax));
    const at = inputs.slice(0, i).reduce((s, t) => s + t.shape[ax] * inner, 0);
    const t = inputs[i];
    const width = t.shape[ax] * inner;
    const r = alloc(t.dtype, t.data.length);
    for (let o = 0; o < outer; o++) r.set(g.subarray(o * out.shape[ax] * inner + at, o * out.shape[ax] * inner + at + width), o * width);
    return r;
  },
  vjpGraph(i, g, _out, inputs, axis) {
    const ax = axis as number;
    const at = inputs.slice(0, i).reduce((s, t) => s + t.shape[ax], 0);
    return g.slice(...g.shape.map((_, k) => (k === ax ? ([at, at + inputs[i].shape[ax]] as const) : null)));
  },
  cases: [{ shapes: [[2, 3], [1, 3]], params: 0 }, { shapes: [[2, 1], [2, 2], [2, 1]], params: 1 }],
  onnx: (axis, inputs) => ({ op: 'Concat', inputs: inputs.map((_, i) => i), attributes: { axis: { i: axis as number } } }),
  torch: (args, axis) => `torch.cat([${args.join(', ')}], dim=${axis as number})`,
};

/** The condition of `where`: not an input (it has no gradient), anything with data and a shape. */
export interface Condition { data: FloatArray; shape: Shape }

const where: TensorOp = {
  name: 'where',
  reads: () => [],
  formula: ['∂L/∂A = G where the condition holds, 0 elsewhere', '∂L/∂B = G where it does not'],
  tex: ['\\frac{\\partial L}{\\partial A} = G \\odot [c]', '\\frac{\\partial L}{\\partial B} = G \\odot [\\lnot c]'],
  forward([a, b], cond, dtype) {
    const c = cond as Condition;
    const shape = broadcastShapes('where', c.shape, a.shape, b.shape);
    const data = alloc(dtype, sizeOf(shape), () => `where(${fmtShape(c.shape)}, ${fmtShape(a.shape)}, ${fmtShape(b.shape)})`);
    forEachBroadcast(shape, [c.shape, a.shape, b.shape], (i, o) => {
      data[i] = c.data[o[0]] !== 0 ? a.data[o[1]] : b.data[o[2]];
    });
    return { data, shape };
  },
  vjp(i, g, out, [a, b], cond) {
    const c = cond as Condition;
    const target = i === 0 ? a : b;
    const r = alloc(target.dtype, target.data.length);
    forEachBroadcast(out.shape, [c.shape, a.shape, b.shape], (j, o) => {
      if ((c.data[o[0]] !== 0) === (i === 0)) r[o[i + 1]] += g[j];
    });
    return r;
  },
  vjpGraph(i, g, _out, inputs, cond) {
    const zero = constant([0], [], g);
    return sumTo(applyOp('where', i === 0 ? [g, zero] : [zero, g], cond), inputs[i].shape);
  },
  cases: [
    { shapes: [[2, 3], [2, 3]], params: { data: Float64Array.from([1, 0, 1, 0, 0, 1]), shape: [2, 3] } },
    { shapes: [[3], [2, 1]], params: { data: Float64Array.from([0, 1, 1]), shape: [3] } },
  ],
  onnx: (cond) => ({ op: 'Where', inputs: [{ type: 'bool', data: (cond as Condition).data, shape: (cond as Condition).shape }, 0, 1] }),
  torch: ([a, b], cond) => `torch.where(torch.tensor(${pyList((cond as Condition).data, (cond as Condition).shape)}) != 0, ${a}, ${b})`,
};

const clamp: TensorOp = {
  name: 'clamp',
  reads: () => [0],
  // At a bound (A = lo or A = hi) the gradient passes, as in PyTorch and TF.js.
  formula: ['∂L/∂A = G where lo ≤ A ≤ hi, 0 where A is clamped'],
  kink: {
    at: ([a], _out, p) => indicesWhere(a.size, (i) => a.data[i] === (p as number[])[0] || a.data[i] === (p as number[])[1]),
    text: 'A at a bound, A = lo or A = hi',
  },
  tex: ['\\frac{\\partial L}{\\partial A} = G \\odot [\\ell \\le A \\le h]'],
  forward([a], p, dtype) {
    const [lo, hi] = p as [number, number];
    const data = alloc(dtype, a.data.length);
    for (let i = 0; i < data.length; i++) data[i] = Math.min(hi, Math.max(lo, a.data[i]));
    return { data, shape: [...a.shape] };
  },
  vjp(_i, g, _out, [a], p) {
    const [lo, hi] = p as [number, number];
    const r = alloc(a.dtype, a.data.length);
    for (let i = 0; i < r.length; i++) r[i] = a.data[i] >= lo && a.data[i] <= hi ? g[i] : 0;
    return r;
  },
  vjpGraph(_i, g, _out, [a], p) {
    const [lo, hi] = p as [number, number];
    return g.mul(constant(Array.from(a.data, (x) => (x >= lo && x <= hi ? 1 : 0)), a.shape, g));
  },
  cases: [{ shapes: [[2, 3]], params: [-1, 1], domain: [[[-2, -1.1], [-0.9, 0.9], [1.1, 2]]] }],
  onnx: (p) => ({ op: 'Clip', inputs: [0, float((p as number[])[0]), float((p as number[])[1])] }),
  torch: ([a], p) => `torch.clamp(${a}, ${pyNumber((p as number[])[0])}, ${pyNumber((p as number[])[1])})`,
};

/** NumPy's broadcast_to: the gradient sums over the axes broadcasting added. */
const broadcastTo: TensorOp = {
  name: 'broadcastTo',
  reads: () => [],
  formula: ['∂L/∂A = G summed over the broadcast axes'],
  tex: ['\\frac{\\partial L}{\\partial A} = \\textstyle\\sum_{\\text{broadcast}} G'],
  forward([a], shape, dtype) {
    const out = broadcastShapes('broadcastTo', a.shape, shape as number[]);
    if (!sameShape(out, shape as number[])) throw new RangeError(`broadcastTo: ${fmtShape(a.shape)} does not broadcast to ${fmtShape(shape as number[])} (sizes must match or be 1)`);
    const data = alloc(dtype, sizeOf(out), () => `broadcastTo(${fmtShape(a.shape)}, ${fmtShape(out)})`);
    forEachBroadcast(out, [a.shape], (i, o) => {
      data[i] = a.data[o[0]];
    });
    return { data, shape: out };
  },
  vjp(_i, g, out, [a]) {
    const lead = out.ndim - a.ndim;
    const axes = out.shape.map((_, i) => i).filter((i) => i < lead || (a.shape[i - lead] === 1 && out.shape[i] !== 1));
    const r = alloc(a.dtype, a.size);
    kernels.sumInto(r, g, out.shape, axes);
    return r;
  },
  vjpGraph(_i, g, _out, [a]) {
    return sumTo(g, a.shape);
  },
  cases: [{ shapes: [[3]], params: [2, 3] }, { shapes: [[2, 1]], params: [2, 4] }, { shapes: [[1, 3, 1]], params: [2, 3, 2] }],
  onnx: (shape) => ({ op: 'Expand', inputs: [0, int64(shape as number[])] }),
  torch: ([a], shape) => `torch.broadcast_to(${a}, ${pyTuple(shape as number[])})`,
};

/** Flat positions (`offsets`) and the shape of the result: of `take`, of `scatterAdd`. */
export interface FlatIndex { offsets: Int32Array; shape: number[] }

/** out[i] = A[offsets[i]] on the flat data (NumPy's take), shaped `shape`. */
const take: TensorOp = {
  name: 'take',
  reads: () => [],
  formula: ['∂L/∂A = G added back at the taken positions (scatterAdd)'],
  tex: ['\\frac{\\partial L}{\\partial A} = \\operatorname{scatterAdd}(G)'],
  forward([a], p, dtype) {
    const { offsets, shape } = p as FlatIndex;
    const data = alloc(dtype, offsets.length);
    for (let i = 0; i < offsets.length; i++) data[i] = a.data[offsets[i]];
    return { data, shape: [...shape], saved: offsets };
  },
  vjp: scatterBack,
  vjpGraph: scatterBackGraph,
  cases: [{ shapes: [[3, 4]], params: { offsets: Int32Array.from([0, 5, 5, 11]), shape: [2, 2] } }],
  onnx(p) {
    const { offsets, shape } = p as FlatIndex;
    return { op: 'Gather', inputs: [{ flat: 0 }, { type: 'int64', data: offsets, shape }], attributes: { axis: { i: 0 } } };
  },
  torch([a], p) {
    const { offsets, shape } = p as FlatIndex;
    return `torch.take(${a}, torch.tensor(${pyList(offsets, shape)}, dtype=torch.int64))`;
  },
};

/** out = zeros(shape), then out[offsets[i]] += A[i] on the flat data: the transpose of `take`. */
const scatterAdd: TensorOp = {
  name: 'scatterAdd',
  reads: () => [],
  formula: ['∂L/∂A = G taken at the same positions (take)'],
  tex: ['\\frac{\\partial L}{\\partial A} = \\operatorname{take}(G)'],
  forward([a], p, dtype) {
    const { offsets, shape } = p as FlatIndex;
    const data = alloc(dtype, sizeOf(shape));
    for (let i = 0; i < offsets.length; i++) data[offsets[i]] += a.data[i];
    return { data, shape: [...shape] };
  },
  vjp(_i, g, _out, [a], p) {
    const { offsets } = p as FlatIndex;
    const r = alloc(a.dtype, a.size);
    for (let i = 0; i < offsets.length; i++) r[i] = g[offsets[i]];
    return r;
  },
  vjpGraph(_i, g, _out, [a], p) {
    return g.take((p as FlatIndex).offsets, a.shape);
  },
  cases: [{ shapes: [[4]], params: { offsets: Int32Array.from([1, 1, 5, 0]), shape: [2, 3] } }],
  onnx(p) {
    const { offsets, shape } = p as FlatIndex;
    const zeros: OnnxConstant = { type: 'float', data: new Float64Array(sizeOf(shape)), shape: [sizeOf(shape)] };
    return { op: 'ScatterElements', inputs: [zeros, int64(Array.from(offsets)), { flat: 0 }], attributes: { axis: { i: 0 }, reduction: { s: 'add' } }, reshape: true };
  },
  torch([a], p) {
    const { offsets, shape } = p as FlatIndex;
    return `torch.zeros(${sizeOf(shape)}).index_add(0, torch.tensor(${pyList(offsets, [offsets.length])}, dtype=torch.int64), ${a}.reshape(-1)).reshape(${pyTuple(shape)})`;
  },
};

const scalarOps = Object.values(SCALAR_OPS as Record<string, ScalarOp>);

export const TENSOR_OPS: Record<string, TensorOp> = Object.fromEntries(
  [
    ...scalarOps.filter((op) => op.arity === 1).map(unaryFromScalar),
    ...scalarOps.filter((op) => op.arity === 2).map(binaryFromScalar),
    reduceSum, extreme('max', (x, best) => x > best), extreme('min', (x, best) => x < best), logsumexp, logSoftmax,
    matmul, transpose, reshape, slice, gather, concat, where, clamp, broadcastTo, take, scatterAdd,
  ].map((op) => [op.name, op]),
);
