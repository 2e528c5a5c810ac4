/**
 * Mistakes the tolerance hides: a diagnosis rule whose wrong answer at some blank falls within the
 * tolerance of the right one. Graded, such an answer counts as right and the mistake goes unseen
 * there (σ′ = σ where σ is near 0 or 1, a sign error on a value near 0), so the lecturer is told
 * when the exercise is made and can move the point or tighten the tolerance.
 */
import { fmt } from '@chalkgrad/core';
import type { Exercise } from './exercise';
import { withinTolerance } from './tolerance';
import { type RuleName, RULES, runMistakes } from './mistakes';
import { lookupIn, solve } from './quantities';

export interface HiddenMistake {
  rule: RuleName;
  /** The quantity where the mistake is made. */
  at: string;
  /** The first blank where its answer cannot be told from the right one. */
  blank: number;
  answer: number;
  mistaken: number;
  message: string;
}

/** The same number but for rounding in the last bits: no mistake at all there (a missing factor of 1). */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * One entry per mistake that changes some blanks and the tolerance hides at every one of them, named
 * at the first. A mistake seen at one blank is caught there, even if a later one hides it (an SGD
 * update moves a weight by a fraction of its gradient): what follows from it is carried forward.
 */
export function hiddenMistakes(ex: Exercise): HiddenMistake[] {
  const truth = solve(ex);
  const get = lookupIn(ex, truth);
  const out: HiddenMistake[] = [];
  for (const { mistake, computed } of runMistakes(ex)) {
    const changed = ex.blanks.filter((b) => !same(computed.get(b.id)!, b.answer));
    if (changed.length === 0 || !changed.every((b) => withinTolerance(ex, computed.get(b.id)!, b.answer))) continue;
    const b = changed[0];
    const made = mistake.at === b.id ? '' : ` (made at ${mistake.at})`;
    out.push({
      rule: mistake.rule, at: mistake.at, blank: b.number, answer: b.answer, mistaken: computed.get(b.id)!,
      message: `#${b.number} ${b.id}: ${RULES[mistake.rule]}${made} gives ${fmt(computed.get(b.id)!, 6)}, within the tolerance of the right ${fmt(b.answer, 6)}, so this mistake cannot be told apart there (${mistake.explain(get)})`,
    });
  }
  return out;
}
