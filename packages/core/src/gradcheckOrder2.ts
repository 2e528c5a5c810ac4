/**
 * Second-order gradcheck, `gradcheck(f, at, { order: 2 })`: the Hessian-vector product H·v from
 * grad of grad (createGraph) against central differences of the gradient along v,
 * (∇f(x + εv) − ∇f(x − εv)) / 2ε, for a seeded random direction v across all inputs. PyTorch's
 * gradgradcheck idea with one direction, so it costs a few backward passes, not n.
 * A Tensor function with more than one output element is checked on Σ w ⊙ f(x), w random too.
 */
import { grad } from './autograd';
import { GradcheckReport, type GradcheckOptions, type GradcheckRow, asValue, compareRow, valueLabels } from './gradcheck';
import { Rng } from './rng';
import { Value } from './value';
import { type TensorGradcheckOptions, unflatten } from './tensor/gradcheck';
import { dotOf } from './tensor/kernels';
import { Tensor } from './tensor/tensor';

function settings(opts: GradcheckOptions) {
  return { eps: opts.eps ?? 1e-6, atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-3, rng: new Rng(opts.seed ?? 0) };
}

export function hvpCheckValues(f: (...xs: Value[]) => Value, at: readonly number[], opts: GradcheckOptions): GradcheckReport {
  const { eps, atol, rtol, rng } = settings(opts);
  const labels = valueLabels(f, at, opts);
  const v = at.map(() => rng.normal());
  const xs = at.map((x, i) => new Value(x, labels[i]));
  const out = asValue(f(...xs));
  const g = grad(out, xs, { createGraph: true });
  const hv = grad(Value.sum(g.map((gi, i) => gi.mul(v[i]))), xs);
  const gradientAt = (delta: number) => {
    const p = at.map((x, i) => new Value(x + delta * v[i]));
    return grad(asValue(f(...p)), p).map((d) => d.data);
  };
  const plus = gradientAt(eps);
  const minus = gradientAt(-eps);
  const rows = at.map((_, i) => compareRow(i, `(H·v)[${labels[i]}]`, hv[i].data, (plus[i] - minus[i]) / (2 * eps), atol, rtol));
  return new GradcheckReport(out.data, rows, eps, atol, rtol, 'second order');
}

export function hvpCheckTensors(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], opts: TensorGradcheckOptions): GradcheckReport {
  const { eps, atol, rtol, rng } = settings(opts);
  const labels = at.map((t, i) => opts.labels?.[i] ?? (t.label || `x${i}`));
  // In float64 whatever the inputs' dtype: finite differences in float32 are too coarse.
  const base = at.map((t) => Float64Array.from(t.data));
  const v = base.map((d) => Float64Array.from(d, () => rng.normal()));
  const leaves = (delta: number) => base.map((d, k) => new Tensor(d.map((x, j) => x + delta * v[k][j]), at[k].shape, { requiresGrad: true, label: labels[k] }));
  const output = (xs: Tensor[]) => {
    const out = f(...xs);
    if (!(out instanceof Tensor)) throw new TypeError(`gradcheck: f must return a Tensor, got ${typeof out}`);
    return out;
  };
  const xs = leaves(0);
  const out = output(xs);
  const w = new Tensor(out.size === 1 ? new Float64Array([1]) : Float64Array.from(out.data, () => rng.normal()), out.shape);

  const g = grad(out, xs, { createGraph: true, gradOutput: w });
  const gv = g.map((gk, k) => gk.mul(new Tensor(v[k], gk.shape)).sum()).reduce((a, b) => a.add(b));
  const hv = grad(gv, xs);
  const gradientAt = (delta: number) => {
    const p = leaves(delta);
    return grad(output(p), p, { gradOutput: w });
  };
  const plus = gradientAt(eps);
  const minus = gradientAt(-eps);
  const rows: GradcheckRow[] = [];
  at.forEach((t, k) => {
    for (let j = 0; j < t.size; j++) {
      const numeric = (plus[k].data[j] - minus[k].data[j]) / (2 * eps);
      rows.push(compareRow(rows.length, `(H·v)[${labels[k]}${unflatten(j, t.shape)}]`, hv[k].data[j], numeric, atol, rtol));
    }
  });
  return new GradcheckReport(dotOf(out.data, w.data), rows, eps, atol, rtol, 'second order');
}
