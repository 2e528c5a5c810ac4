/** The grading tolerance on the command line, for `exercise` and `grade`, and the warnings of what it hides. */
import { type Exercise, type Tolerance, hiddenMistakes, withTolerance } from '@chalkgrad/lesson';
import { UsageError } from './io';

/** `--tolerance 0.001`, `0.1%` or `0.01,1e-4`: the relative part (a fraction or a percentage), then the absolute one. */
export function toleranceOption(text: string | undefined): Partial<Tolerance> | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => p.trim());
  const [rel, abs] = parts.map((p) => (p.endsWith('%') ? Number(p.slice(0, -1)) / 100 : Number(p)));
  const fine = (x: number) => Number.isFinite(x) && x >= 0;
  if (parts.length > 2 || parts.some((p) => p === '' || p === '%') || !fine(rel) || (abs !== undefined && !fine(abs))) {
    throw new UsageError(`--tolerance: '${text}' is not REL[,ABS]: a relative tolerance such as 0.001 or 0.1%, then optionally an absolute one such as 1e-9, both ≥ 0`);
  }
  return abs === undefined ? { rel } : { rel, abs };
}

/** The exercises graded with `tolerance` instead of their own, with the warnings of what it hides. */
export function withToleranceOption(set: readonly Exercise[], tolerance: Partial<Tolerance>): Exercise[] {
  return set.map((ex) => {
    const tightened = { ...ex, tolerance: withTolerance(ex.tolerance, tolerance) };
    return { ...tightened, warnings: hiddenMistakes(tightened) };
  });
}

/** The mistakes the tolerance hides, one line each: the lecturer may move the point or tighten --tolerance. */
export function warnHidden(set: readonly Exercise[], err: (s: string) => void): void {
  set.forEach((ex, k) => ex.warnings.forEach((w) => err(`chalkgrad: warning: ${set.length > 1 ? `variant ${k + 1}, ` : ''}${w.message}`)));
}
