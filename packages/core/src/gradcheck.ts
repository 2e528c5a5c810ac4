/**
 * Finite-difference gradient checking: "check your backprop". Central differences against the
 * engine's gradients, or against a gradient the user derived by hand (`opts.analytic`).
 * Tolerances default to PyTorch's: |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
import { topoSort } from './engine';
import { describeArg, fmt, fmtError, textTable } from './format';
import { scalarOp } from './ops/scalar';
import { Value, describeValue } from './value';
import { Tensor } from './tensor/tensor';
import { gradcheckTensors, type TensorGradcheckOptions } from './tensor/gradcheck';
import { hvpCheckTensors, hvpCheckValues } from './gradcheckOrder2';

export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance. Default 1e-3. */
  rtol?: number;
  /** Names for the inputs; default: the parameter names of `f`, else x0, x1, ... */
  labels?: readonly string[];
  /** A hand-derived gradient to check instead of the engine's: one number per input. */
  analytic?: (...xs: number[]) => number[];
  /**
   * 1 (default): the gradient against finite differences of f. 2: the Hessian-vector product
   * H·v (grad of grad) against finite differences of the gradient along a seeded random v.
   */
  order?: 1 | 2;
  /** Seed of the random directions (order 2, and the fast mode of Tensor functions). */
  seed?: number;
}

export interface GradcheckRow {
  index: number;
  label: string;
  analytic: number;
  numeric: number;
  absError: number;
  /** absError / max(|analytic|, |numeric|); 0 when both are 0. */
  relError: number;
  ok: boolean;
  /**
   * Set when a failed row sits at a kink (relu at 0, abs near 0): the one-sided slopes differ, so
   * no derivative exists there and any value between them is a valid subgradient.
   */
  kink?: { left: number; right: number };
}

export class GradcheckReport {
  readonly ok: boolean;
  constructor(
    readonly value: number,
    readonly rows: GradcheckRow[],
    readonly eps: number,
    readonly atol: number,
    readonly rtol: number,
    /** What was checked: the engine's backward, the user's hand-derived gradient, or H·v from grad of grad. */
    readonly source: 'backward' | 'hand-derived' | 'second order',
    /** One line per node at a kink of its op (abs at 0, a max on a tie), printed even when the check passes. */
    readonly kinks: readonly string[] = [],
  ) {
    this.ok = rows.every((r) => r.ok);
  }

  /** The report as an aligned table, with a verdict line. */
  toString(): string {
    const table = textTable(
      ['#', 'input', 'analytic', 'numeric', 'abs error', 'rel error', 'ok'],
      this.rows.map((r) => [String(r.index), r.label, fmt(r.analytic, 8), fmt(r.numeric, 8), fmtError(r.absError), fmtError(r.relError), r.ok ? '✓' : r.kink ? '✗ KINK' : '✗ MISMATCH']),
    );
    const bad = this.rows.filter((r) => !r.ok && !r.kink).map((r) => r.label);
    const second = this.source === 'second order';
    const kinks = this.rows.filter((r) => r.kink).map((r) => `gradcheck: ${r.label} is at a kink: the slope is ${fmt(r.kink!.left, 6)} from the left and ${fmt(r.kink!.right, 6)} from the right, so no derivative exists there (the ${this.source} gradient says ${fmt(r.analytic, 6)}, the central difference averages to ${fmt(r.numeric, 6)}); check at a point off the kink`);
    const failed = !bad.length
      ? []
      : second
        ? [`gradcheck (order 2) FAILED for ${bad.join(', ')}: H·v from grad of grad differs from the finite difference of the gradient`]
        : [`gradcheck FAILED for ${bad.join(', ')}: the ${this.source} gradient differs from the finite difference`];
    const verdict = this.ok
      ? `gradcheck${second ? ' (order 2)' : ''} passed: ${this.rows.length} of ${this.rows.length} ${second ? 'entries of the Hessian-vector product' : 'partial derivatives'} agree`
      : [...failed, ...kinks].join('\n');
    return [`${table}\n${verdict} (eps ${fmt(this.eps)}, atol ${fmt(this.atol)}, rtol ${fmt(this.rtol)}; f = ${fmt(this.value)})`, ...this.kinks].join('\n');
  }
}

/** One row of a report: the analytic number against the numeric one, within atol + rtol·|numeric|. */
export function compareRow(index: number, label: string, analytic: number, numeric: number, atol: number, rtol: number): GradcheckRow {
  const absError = Math.abs(analytic - numeric);
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  const ok = Number.isFinite(analytic) && Number.isFinite(numeric) && absError <= atol + rtol * Math.abs(numeric);
  return { index, label, analytic, numeric, absError, relError: scale === 0 ? 0 : absError / scale, ok };
}

/**
 * The one-sided slopes of f(x) = value, f(x + eps) = up, f(x − eps) = down when they differ beyond the
 * tolerance, else undefined: smooth functions have slopes within about f''·eps of each other, a kink
 * does not. A failed row with them is labelled KINK rather than MISMATCH. Values and Tensors.
 */
export function kinkSlopes(value: number, up: number, down: number, eps: number, atol: number, rtol: number): GradcheckRow['kink'] {
  const left = (value - down) / eps;
  const right = (up - value) / eps;
  return Math.abs(right - left) > atol + rtol * Math.max(Math.abs(left), Math.abs(right)) ? { left, right } : undefined;
}

/** The parameter names of a plain or arrow function, when they can be read off its source. */
export function parameterNames(f: (...args: never[]) => unknown): string[] {
  const src = Function.prototype.toString.call(f);
  const m = /^\s*(?:async\s+)?(?:function\b[^(]*)?\(([^)]*)\)/.exec(src) ?? /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (!m) return [];
  return m[1].split(',').map((s) => s.trim().replace(/[=:].*$/, '').trim()).filter((s) => /^[A-Za-z_$][\w$]*$/.test(s));
}

export function asValue(out: unknown): Value {
  if (!(out instanceof Value)) {
    throw new TypeError(`gradcheck: f must return a Value, got ${typeof out} ${String(out)}. Build the result from f's arguments with Value methods (x.mul(y), x.tanh(), ...).`);
  }
  return out;
}

/**
 * Checks every partial derivative of `f` at the point `at`: numbers for a Value function, Tensors
 * for a Tensor function (see `TensorGradcheckOptions` for its full and fast modes). With
 * `{ order: 2 }`, second derivatives: the Hessian-vector product against finite differences.
 */
export function gradcheck(f: (...xs: Value[]) => Value, at: readonly number[], opts?: GradcheckOptions): GradcheckReport;
export function gradcheck(f: (...xs: Tensor[]) => Tensor, at: readonly Tensor[], opts?: TensorGradcheckOptions): GradcheckReport;
export function gradcheck(f: (...xs: never[]) => unknown, at: readonly (number | Tensor)[], opts: GradcheckOptions & TensorGradcheckOptions = {}): GradcheckReport {
  if (typeof f !== 'function') throw new TypeError(`gradcheck: the first argument is the function to check, as in gradcheck((x, y) => x.mul(y), [2, 3]); got ${describeArg(f)}`);
  if (!Array.isArray(at)) throw new TypeError(`gradcheck: the second argument is the list of points, one per argument of f, as in gradcheck((x, y) => x.mul(y), [2, 3]); got ${describeArg(at)}`);
  const tensors = at.some((x) => x instanceof Tensor);
  if (opts.order !== undefined && opts.order !== 1 && opts.order !== 2) throw new RangeError(`gradcheck: order is 1 (gradients) or 2 (Hessian-vector products), got ${describeArg(opts.order)}`);
  if (opts.order === 2) {
    if (opts.analytic) throw new TypeError('gradcheck: { analytic } checks a hand-derived gradient, order 1 only');
    return tensors ? hvpCheckTensors(f as (...xs: Tensor[]) => Tensor, at as Tensor[], opts) : hvpCheckValues(f as (...xs: Value[]) => Value, at as number[], opts);
  }
  if (tensors) return gradcheckTensors(f as (...xs: Tensor[]) => Tensor, at as Tensor[], opts);
  return gradcheckValues(f as (...xs: Value[]) => Value, at as number[], opts);
}

/** Labels of the inputs of a Value function, after checking that every point is a finite number. */
export function valueLabels(f: (...xs: Value[]) => Value, at: readonly number[], opts: GradcheckOptions): string[] {
  if (at.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new RangeError(`gradcheck: every input must be a finite number, got [${at.join(', ')}]`);
  const names = parameterNames(f);
  return at.map((_, i) => opts.labels?.[i] ?? names[i] ?? `x${i}`);
}

function gradcheckValues(f: (...xs: Value[]) => Value, at: readonly number[], opts: GradcheckOptions): GradcheckReport {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const labels = valueLabels(f, at, opts);

  const xs = at.map((x, i) => new Value(x, labels[i]));
  const out = asValue(f(...xs));
  let analytic: number[];
  if (opts.analytic) {
    analytic = opts.analytic(...at);
    if (!Array.isArray(analytic) || analytic.length !== at.length) {
      throw new TypeError(`gradcheck: opts.analytic must return one number per input (${at.length}), got ${JSON.stringify(analytic)}`);
    }
  } else {
    out.backward();
    analytic = xs.map((x) => x.grad);
  }

  const rows = at.map((_, i): GradcheckRow => {
    // Evaluated with the graph on: f may itself call grad() (checking second derivatives).
    const shifted = (delta: number) => asValue(f(...at.map((x, j) => new Value(j === i ? x + delta : x)))).data;
    const [up, down] = [shifted(eps), shifted(-eps)];
    const row = compareRow(i, labels[i], analytic[i], (up - down) / (2 * eps), atol, rtol);
    if (!row.ok) row.kink = kinkSlopes(out.data, up, down, eps, atol, rtol);
    return row;
  });
  return new GradcheckReport(out.data, rows, eps, atol, rtol, opts.analytic ? 'hand-derived' : 'backward', kinkNotes(topoSort<Value>(out), valueKinkNote));
}

const MAX_KINK_NOTES = 5;

/**
 * A note per node sitting where its op has no derivative (the op table's `kink`), at most a few and
 * then how many more: there the engine uses one subgradient, and a central difference across a
 * symmetric kink (abs at 0) can agree with it by chance, so a passing check proves nothing about the
 * derivative. `note` words a node's note, or says it is at no kink (undefined). Values and Tensors.
 */
export function kinkNotes<N>(nodes: readonly N[], note: (n: N) => string | undefined): string[] {
  const notes = nodes.map(note).filter((n): n is string => n !== undefined);
  const more = notes.length - MAX_KINK_NOTES;
  return more > 0 ? [...notes.slice(0, MAX_KINK_NOTES), `gradcheck: note: ${more} more node${more > 1 ? 's are' : ' is'} at a kink`] : notes;
}

function valueKinkNote(v: Value): string | undefined {
  const op = scalarOp(v.op);
  if (!op?.kink?.at(v.inputAt(0).data, op.arity === 1 ? v.param : v.inputAt(1).data)) return undefined;
  const locals = Array.from({ length: op.arity === 1 ? 1 : v.numInputs }, (_, j) => fmt(v.localAt(j), 6));
  return `gradcheck: note: ${describeValue(v)} is at a kink of ${op.name} (${op.kink.text}), where ${op.name} has no derivative; backward uses the local derivative${locals.length > 1 ? 's' : ''} ${locals.join(' and ')} there, one subgradient of many. Check at a point off the kink to test the derivative itself`;
}
