/**
 * `jvp(f, primals, tangents)`: forward mode as a function, for Values and Tensors (as JAX's jvp):
 * f's output at the primals and its directional derivative J·tangents, from one forward pass.
 */
import { describeArg } from './format';
import { walkForward, topoOf } from './forward';
import { parameterNames } from './gradcheck';
import { Value } from './value';
import { walkForwardTensors } from './tensor/forward';
import { alloc } from './tensor/kernels';
import { fmtShape, sameShape } from './tensor/shape';
import { Tensor } from './tensor/tensor';

export interface ValueJvp<O extends Value | Value[]> {
  /** The graph f built at the primals (its outputs). */
  output: O;
  /** The directional derivative of each output along the tangents. */
  tangent: O extends Value[] ? number[] : number;
  /** Multiply-adds of the forward pass, one per edge. */
  multiplyAdds: number;
}

export interface TensorJvp {
  output: Tensor;
  tangent: Tensor;
}

export function jvp<O extends Value | Value[]>(f: (...xs: Value[]) => O, primals: readonly number[], tangents: readonly number[]): ValueJvp<O>;
export function jvp(f: (...xs: Tensor[]) => Tensor, primals: readonly Tensor[], tangents: readonly Tensor[]): TensorJvp;
export function jvp(f: (...xs: never[]) => unknown, primals: readonly (number | Tensor)[], tangents: readonly (number | Tensor)[]): ValueJvp<Value | Value[]> | TensorJvp {
  if (typeof f !== 'function') throw new TypeError(`jvp: the first argument is the function, as in jvp((x, y) => x.mul(y), [2, 3], [1, 0]); got ${describeArg(f)}`);
  if (!Array.isArray(primals) || !Array.isArray(tangents) || primals.length !== tangents.length) {
    throw new TypeError(`jvp: give one tangent per primal, as in jvp(f, [2, 3], [1, 0]); got ${describeArg(primals)} and ${describeArg(tangents)}`);
  }
  if (primals.some((p) => p instanceof Tensor)) return jvpTensors(f as (...xs: Tensor[]) => Tensor, primals as Tensor[], tangents as Tensor[]);
  return jvpValues(f as (...xs: Value[]) => Value | Value[], primals as number[], tangents as number[]);
}

function jvpValues(f: (...xs: Value[]) => Value | Value[], primals: readonly number[], tangents: readonly number[]): ValueJvp<Value | Value[]> {
  if (![...primals, ...tangents].every((x) => typeof x === 'number' && Number.isFinite(x))) throw new TypeError(`jvp: primals and tangents must be finite numbers, got [${primals.join(', ')}] and [${tangents.join(', ')}]`);
  const names = parameterNames(f);
  const xs = primals.map((x, i) => new Value(x, names[i] ?? `x${i}`));
  const output = f(...xs);
  const outs = Array.isArray(output) ? output : [output];
  if (!outs.every((o) => o instanceof Value)) throw new TypeError(`jvp: f must return a Value or a list of Values, got ${describeArg(output)}`);
  const pass = walkForward(topoOf(outs), new Map(xs.map((x, i) => [x, tangents[i]])));
  const tangent = outs.map((o) => pass.tangent(o));
  return { output, tangent: Array.isArray(output) ? tangent : tangent[0], multiplyAdds: pass.multiplyAdds } as ValueJvp<Value | Value[]>;
}

function jvpTensors(f: (...xs: Tensor[]) => Tensor, primals: readonly Tensor[], tangents: readonly Tensor[]): TensorJvp {
  primals.forEach((p, i) => {
    const t = tangents[i];
    if (!(p instanceof Tensor) || !(t instanceof Tensor)) throw new TypeError(`jvp: primal ${i} and its tangent must both be Tensors, got ${describeArg(p)} and ${describeArg(t)}`);
    if (!sameShape(p.shape, t.shape)) throw new RangeError(`jvp: primal ${i} has shape ${fmtShape(p.shape)} but its tangent has shape ${fmtShape(t.shape)}`);
  });
  const xs = primals.map((p) => new Tensor(p.data.slice(), p.shape, { requiresGrad: true, label: p.label }));
  const output = f(...xs);
  if (!(output instanceof Tensor)) throw new TypeError(`jvp: f must return a Tensor, got ${describeArg(output)}`);
  const tangent = walkForwardTensors(output, new Map(xs.map((x, i) => [x, tangents[i]]))).get(output);
  return { output, tangent: tangent ?? new Tensor(alloc(output.dtype, output.size), output.shape) };
}
