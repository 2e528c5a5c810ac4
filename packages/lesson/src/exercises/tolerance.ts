/**
 * How close an answer must be to count as right, and what a worksheet then asks for: the sheet's
 * wording and the grading read the same numbers.
 */
import { ExerciseError } from './error';

/** An answer is right when |answer − expected| ≤ max(abs, rel·|expected|). */
export interface Tolerance { rel: number; abs: number }
/**
 * The sheet asks for 4 significant digits: rounding to 4 is off by at most 0.05%, so 0.1% takes any
 * such rounding (and one rounded number carried into the next step) and still tells σ′(−6) = 0.002467
 * from σ(−6) = 0.002473. The absolute part only lets 0 stand for an exact value that is 0 but for
 * floating-point noise; any larger one would swallow small gradients whole.
 */
export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-3, abs: 1e-9 };

/** `base` with the parts `change` gives, checked: both parts numbers ≥ 0. */
export function withTolerance(base: Tolerance, change: Partial<Tolerance> = {}): Tolerance {
  const t = { ...base, ...change };
  if (!(t.rel >= 0 && t.abs >= 0)) throw new ExerciseError(`tolerance: rel and abs must be numbers ≥ 0, got rel ${t.rel}, abs ${t.abs}`);
  return t;
}

/** Whether x is within the exercise's tolerance of `expected`. */
export function withinTolerance(ex: { tolerance: Tolerance }, x: number, expected: number): boolean {
  return Math.abs(x - expected) <= Math.max(ex.tolerance.abs, ex.tolerance.rel * Math.abs(expected));
}

/** How many significant digits an answer needs to be right within `t` (at least 4, as the notes write numbers); null for an absolute tolerance alone. */
export function answerDigits(t: Tolerance): number | null {
  return t.rel > 0 ? Math.max(4, Math.ceil(Math.log10(5 / t.rel) - 1e-9)) : null;
}
