/**
 * Jacobians and Hessians of a function at a point, for Value and Tensor functions, by either mode:
 * `jacobian` one reverse pass per output or one forward pass per input; `hessian` reverse over
 * reverse (grad of each entry of the gradient) or forward over reverse (a forward pass through the
 * gradient's graph per input). The results agree; the cost is what `compareModes` counts.
 */
import { grad } from './autograd';
import { sideGrads } from './backward';
import { describeArg } from './format';
import { topoOf, walkForward } from './forward';
import { parameterNames } from './gradcheck';
import { Value } from './value';
import { gradTensors } from './tensor/backward';
import { walkForwardTensors } from './tensor/forward';
import { alloc } from './tensor/kernels';
import { fmtShape } from './tensor/shape';
import { Tensor } from './tensor/tensor';

export interface JacobianOptions {
  /** 'reverse' (default): one backward pass per output. 'forward': one forward pass per input. */
  mode?: 'reverse' | 'forward';
}

export interface HessianOptions {
  /** 'reverse-over-reverse' (default) or 'forward-over-reverse' (forward passes through the gradient). */
  mode?: 'reverse-over-reverse' | 'forward-over-reverse';
}

/** ∂fᵢ/∂xⱼ: a row per output of a Value function (number[][]), or per input of a Tensor function a Tensor of shape [...out, ...input]. */
export function jacobian(f: (...xs: Value[]) => Value | Value[], at: readonly number[], options?: JacobianOptions): number[][];
export function jacobian(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], options?: JacobianOptions): Tensor[];
export function jacobian(f: (...xs: never[]) => unknown, at: readonly (number | Tensor)[], options: JacobianOptions = {}): number[][] | Tensor[] {
  checkArgs('jacobian', f, at);
  const forward = mode('jacobian', options.mode, ['reverse', 'forward']) === 'forward';
  if (at.some((x) => x instanceof Tensor)) return jacobianTensors(f as (...xs: Tensor[]) => Tensor, at as Tensor[], forward);
  const xs = leaves('jacobian', f, at as number[]);
  const out = (f as (...xs: Value[]) => Value | Value[])(...xs);
  const outs = Array.isArray(out) ? out : [out];
  if (!outs.every((o) => o instanceof Value)) throw new TypeError(`jacobian: f must return a Value or a list of Values, got ${describeArg(out)}`);
  if (!forward) return outs.map((o) => sideGrads(o, xs, null, () => xs.map((x) => x.grad)));
  const topo = topoOf(outs);
  const columns = xs.map((x) => walkForward(topo, new Map([[x, 1]])));
  return outs.map((o) => columns.map((c) => c.tangent(o)));
}

/** ∂²f/∂xᵢ∂xⱼ of a one-output function: number[][] for a Value function, blocks H[i][j] of shape [...xᵢ, ...xⱼ] for a Tensor function. */
export function hessian(f: (...xs: Value[]) => Value, at: readonly number[], options?: HessianOptions): number[][];
export function hessian(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], options?: HessianOptions): Tensor[][];
export function hessian(f: (...xs: never[]) => unknown, at: readonly (number | Tensor)[], options: HessianOptions = {}): number[][] | Tensor[][] {
  checkArgs('hessian', f, at);
  const forward = mode('hessian', options.mode, ['reverse-over-reverse', 'forward-over-reverse']) === 'forward-over-reverse';
  if (at.some((x) => x instanceof Tensor)) return hessianTensors(f as (...xs: Tensor[]) => Tensor, at as Tensor[], forward);
  const xs = leaves('hessian', f, at as number[]);
  const y = (f as (...xs: Value[]) => Value)(...xs);
  if (!(y instanceof Value)) throw new TypeError(`hessian: f must return one Value, got ${describeArg(y)}`);
  const g = grad(y, xs, { createGraph: true });
  if (!forward) return g.map((gi) => grad(gi, xs).map((d) => d.data));
  const topo = topoOf(g);
  const columns = xs.map((x) => walkForward(topo, new Map([[x, 1]])));
  return g.map((gi) => columns.map((c) => c.tangent(gi)));
}

function checkArgs(name: string, f: unknown, at: unknown): void {
  if (typeof f !== 'function') throw new TypeError(`${name}: the first argument is the function, as in ${name}((x, y) => x.mul(y), [2, 3]); got ${describeArg(f)}`);
  if (!Array.isArray(at) || at.length === 0) throw new TypeError(`${name}: the second argument is the point, one number or Tensor per argument of f; got ${describeArg(at)}`);
}

function mode<M extends string>(name: string, given: M | undefined, modes: readonly M[]): M {
  if (given === undefined) return modes[0];
  if (!modes.includes(given)) throw new RangeError(`${name}: mode is ${modes.map((m) => `'${m}'`).join(' or ')}, got ${describeArg(given)}`);
  return given;
}

function leaves(name: string, f: (...xs: never[]) => unknown, at: readonly number[]): Value[] {
  if (!at.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new TypeError(`${name}: the point must be finite numbers (or Tensors), got [${at.join(', ')}]`);
  const names = parameterNames(f);
  return at.map((x, i) => new Value(x, names[i] ?? `x${i}`));
}

function tensorLeaves(name: string, at: readonly Tensor[]): Tensor[] {
  return at.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${name}: argument ${i} of the point is ${describeArg(t)}; give Tensors for every argument of a Tensor function`);
    return new Tensor(t.data.slice(), t.shape, { requiresGrad: true, label: t.label });
  });
}

function oneHot(like: Tensor, i: number): Tensor {
  const d = alloc(like.dtype, like.size);
  d[i] = 1;
  return new Tensor(d, like.shape);
}

/** A [...rows, ...cols] tensor filled by `row(r)`, which gives row r (flat) as an array of the column size. */
function blockOf(rows: Tensor, cols: Tensor, row: (r: number) => ArrayLike<number>): Tensor {
  const data = alloc('float64', rows.size * cols.size);
  for (let r = 0; r < rows.size; r++) data.set(row(r), r * cols.size);
  return new Tensor(data, [...rows.shape, ...cols.shape]);
}

function jacobianTensors(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], forward: boolean): Tensor[] {
  const xs = tensorLeaves('jacobian', at);
  const out = f(...xs);
  if (!(out instanceof Tensor)) throw new TypeError(`jacobian: f must return a Tensor, got ${describeArg(out)}`);
  if (!forward) {
    const rows = Array.from({ length: out.size }, (_, o) => gradTensors(out, xs, { gradOutput: oneHot(out, o) }));
    return xs.map((x, k) => blockOf(out, x, (o) => rows[o][k].data));
  }
  return xs.map((x) => {
    const columns = Array.from({ length: x.size }, (_, j) => walkForwardTensors(out, new Map([[x, oneHot(x, j)]])).get(out)?.data ?? new Float64Array(out.size));
    return blockOf(out, x, (o) => columns.map((c) => c[o]));
  });
}

function hessianTensors(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], forward: boolean): Tensor[][] {
  const xs = tensorLeaves('hessian', at);
  const y = f(...xs);
  if (!(y instanceof Tensor) || y.size !== 1) throw new TypeError(`hessian: f must return a one-element Tensor (a loss), got ${y instanceof Tensor ? `shape ${fmtShape(y.shape)}` : describeArg(y)}`);
  const g = gradTensors(y, xs, { createGraph: true });
  if (!forward) {
    return g.map((ga, a) => {
      const rows = Array.from({ length: ga.size }, (_, e) => gradTensors(ga, xs, { gradOutput: oneHot(ga, e) }));
      return xs.map((xb, b) => blockOf(xs[a], xb, (e) => rows[e][b].data));
    });
  }
  return g.map((ga, a) =>
    xs.map((xb, b) => {
      const columns = Array.from({ length: xb.size }, (_, j) => walkForwardTensors(ga, new Map([[xb, oneHot(xb, j)]])).get(ga)?.data ?? new Float64Array(ga.size));
      return blockOf(xs[a], xb, (e) => columns.map((c) => c[e]));
    }),
  );
}
