/**
 * gradcheck for Tensor functions. Full mode compares every Jacobian entry d out[o] / d x[j]
 * (one backward per output element, two evaluations per input element). Fast mode, as PyTorch's
 * fast_mode: for random directions u (per input) and v (output), compares vᵀ·J·u from one VJP
 * against one directional central difference, per input tensor.
 */
import { Rng } from '../rng';
import { topoSort } from '../engine';
import { GradcheckReport, type GradcheckOptions, type GradcheckRow, compareRow, kinkNotes, kinkSlopes } from '../gradcheck';
import { Tensor } from './tensor';
import { fmtShape } from './shape';
import { tensorName } from './trace';
import { dotOf, sumOf } from './kernels';

export interface TensorGradcheckOptions extends Omit<GradcheckOptions, 'analytic'> {
  /** 'full' (default): every Jacobian entry. 'fast': one random direction per input. */
  mode?: 'full' | 'fast';
}

export function unflatten(i: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    idx.unshift(i % shape[ax]);
    i = Math.floor(i / shape[ax]);
  }
  return `[${idx.join(',')}]`;
}

/** How many elements at a kink a note lists by index before it gives only the count. */
const LISTED_ELEMENTS = 4;

/** The flat indices of a node's elements at a kink of its op (the tensor op table's `kink`). */
const kinkElements = (t: Tensor): number[] => t.fn?.kink?.at(t.inputs, t, t.params) ?? [];

/** The note of a node with elements at a kink of its op, naming the first few. */
function tensorKinkNote(t: Tensor): string | undefined {
  const kink = t.fn?.kink;
  const at = kinkElements(t);
  if (!kink || at.length === 0) return undefined;
  const listed = at.slice(0, LISTED_ELEMENTS).map((i) => unflatten(i, t.shape)).join(', ');
  const elements = at.length === 1 ? `element ${listed}` : `${at.length} elements (${listed}${at.length > LISTED_ELEMENTS ? ', …' : ''})`;
  return `gradcheck: note: ${tensorName(t)} ${fmtShape(t.shape)} has ${elements} at a kink of ${t.op} (${kink.text}), where ${t.op} has no derivative; backward uses one subgradient of many there. Check at a point off the kink to test the derivative itself`;
}

export function gradcheckTensors(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], opts: TensorGradcheckOptions = {}): GradcheckReport {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const labels = at.map((t, i) => opts.labels?.[i] ?? (t.label || `x${i}`));
  // Always in float64: finite differences in float32 are too coarse to check anything.
  const base = at.map((t) => Float64Array.from(t.data));
  const run = (datas: Float64Array[], requiresGrad: boolean) => {
    const xs = datas.map((d, i) => new Tensor(d, at[i].shape, { requiresGrad, label: labels[i] }));
    const out = f(...xs);
    if (!(out instanceof Tensor)) throw new TypeError(`gradcheck: f must return a Tensor, got ${typeof out}`);
    return { xs, out };
  };
  const evalAt = (k: number, j: number, delta: number) => {
    const datas = base.map((d) => d.slice());
    datas[k][j] += delta;
    return run(datas, false).out.data;
  };
  // recorded, so that its nodes at a kink can be named
  const { out: out0 } = run(base.map((d) => d.slice()), true);
  const nodes0 = topoSort<Tensor>(out0);
  const kinks = kinkNotes(nodes0, tensorKinkNote);
  const row = (index: number, label: string, analytic: number, numeric: number): GradcheckRow => compareRow(index, label, analytic, numeric, atol, rtol);
  const rows: GradcheckRow[] = [];
  const value = sumOf(out0.data);

  if (opts.mode === 'fast') {
    const rng = new Rng(opts.seed ?? 0);
    const v = Float64Array.from(out0.data, () => rng.normal());
    const us = base.map((d) => Float64Array.from(d, () => rng.normal()));
    const { xs, out } = run(base.map((d) => d.slice()), true);
    out.backward(new Tensor(v, out.shape));
    at.forEach((_, k) => {
      const g = xs[k].grad?.data ?? new Float64Array(base[k].length);
      const analytic = dotOf(g, us[k]);
      const shifted = (delta: number) => {
        const datas = base.map((d) => d.slice());
        for (let j = 0; j < datas[k].length; j++) datas[k][j] += delta * us[k][j];
        return run(datas, false).out.data;
      };
      const plus = shifted(eps);
      const minus = shifted(-eps);
      const numeric = v.reduce((s, vo, o) => s + (vo * (plus[o] - minus[o])) / (2 * eps), 0);
      rows.push(row(k, `vᵀ·J·u for ${labels[k]} ${fmtShape(at[k].shape)}`, analytic, numeric));
    });
    return new GradcheckReport(value, rows, eps, atol, rtol, 'backward', kinks);
  }

  // full Jacobian: analytic row o from backward(one-hot o), numeric column j from ±eps
  const nOut = out0.size;
  const analytic: Float64Array[][] = at.map((t) => Array.from({ length: nOut }, () => new Float64Array(t.size)));
  for (let o = 0; o < nOut; o++) {
    const { xs, out } = run(base.map((d) => d.slice()), true);
    const onehot = new Float64Array(nOut);
    onehot[o] = 1;
    out.backward(new Tensor(onehot, out.shape));
    xs.forEach((x, k) => x.grad && analytic[k][o].set(x.grad.data));
  }
  const movesKink = kinkMover(nodes0, (k, j, delta) => {
    const datas = base.map((d) => d.slice());
    datas[k][j] += delta;
    return topoSort<Tensor>(run(datas, true).out);
  }, eps);
  at.forEach((t, k) => {
    for (let j = 0; j < t.size; j++) {
      const plus = evalAt(k, j, eps);
      const minus = evalAt(k, j, -eps);
      let atKink: boolean | undefined;
      for (let o = 0; o < nOut; o++) {
        const label = `∂out${unflatten(o, out0.shape)}/∂${labels[k]}${unflatten(j, t.shape)}`;
        const r = row(rows.length, label, analytic[k][o][j], (plus[o] - minus[o]) / (2 * eps));
        const slopes = r.ok ? undefined : kinkSlopes(out0.data[o], plus[o], minus[o], eps, atol, rtol);
        if (slopes && (atKink ??= movesKink(k, j))) r.kink = slopes;
        rows.push(r);
      }
    }
  });
  return new GradcheckReport(value, rows, eps, atol, rtol, 'backward', kinks);
}

/**
 * Whether moving input k's element j by ±eps moves an element the op table reports at a kink (in the
 * graph `nodes`, recorded at the point checked): only then is a failed row's pair of one-sided slopes
 * the op's kink rather than a wrong gradient. `shifted` records f with that element moved; the graph
 * of a fixed f has the same nodes in the same order.
 */
function kinkMover(nodes: readonly Tensor[], shifted: (k: number, j: number, delta: number) => Tensor[], eps: number): (k: number, j: number) => boolean {
  const spots = nodes.map((t, n) => ({ n, op: t.op, data: t.data, at: kinkElements(t) })).filter((s) => s.at.length > 0);
  return (k, j) =>
    spots.length > 0 &&
    [eps, -eps].some((delta) => {
      const moved = shifted(k, j, delta);
      return spots.some(({ n, op, data, at }) => moved[n]?.op === op && at.some((i) => moved[n].data[i] !== data[i]));
    });
}
