/**
 * `gradeAnswers`: each blank right or wrong within the exercise's tolerance. A blank computed
 * correctly from the student's own wrong earlier answers counts as right (error carried forward),
 * and a wrong one is diagnosed: the mistakes that reproduce it, made at that blank or above it.
 * Plain data in and out, for the CLI and the lesson page alike.
 */
import { fmt } from '@chalkgrad/core';
import { askText } from './describe';
import { type Exercise, ExerciseError } from './exercise';
import { type Tolerance, withTolerance, withinTolerance } from './tolerance';
import { type Mistake, PRECEDENCE, type RuleName, RULES, runMistakes } from './mistakes';
import { type Quantity, type QuantityKind, compute, lookupIn, quantitiesOf, solve } from './quantities';

export type Answer = number | string | null | undefined;
/** By blank id (`grad(x1)`) or number (`'3'`), or a list in blank order. */
export type Answers = Readonly<Record<string, Answer>> | readonly Answer[];

export type BlankStatus = 'right' | 'carried' | 'wrong' | 'blank' | 'unreadable';

export interface Diagnosis {
  /** The rule that names the mistake, by PRECEDENCE when several reproduce the answer. */
  rule: RuleName;
  /** Other rules that give the same number here: the answer cannot tell them from `rule`. */
  also: RuleName[];
  /** The rule(s) in a few words (the same for every student). */
  summary: string;
  /** The quantity where the mistake was made: this blank, or one above it that was not asked. */
  at: string;
  message: string;
}

export interface BlankGrade {
  number: number;
  id: string;
  kind: QuantityKind;
  /** What the blank asks, `∂y/∂x1`. */
  asked: string;
  /** The answer as read, null when blank or unreadable. */
  given: number | null;
  expected: number;
  status: BlankStatus;
  mark: 0 | 1;
  /** For 'carried': the numbers of the student's wrong blanks this one was computed from. */
  carriedFrom: number[];
  /** For 'wrong': the mistake that reproduces the answer, if one does (at most one: see Diagnosis.also). */
  diagnoses: Diagnosis[];
  /** One line for the student. */
  feedback: string;
}

export interface Grade {
  score: number;
  total: number;
  blanks: BlankGrade[];
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A typed answer as a number: `-0.25`, `−0.25`, `1/4`, `2.5e-3`; '' is no answer; anything else undefined. */
export function readAnswer(a: Answer): number | null | undefined {
  if (a === null || a === undefined) return null;
  if (typeof a === 'number') return Number.isFinite(a) ? a : undefined;
  const s = String(a).trim().replace(/\u2212/g, '-');
  if (s === '') return null;
  if (NUMBER.test(s)) return Number(s);
  const frac = /^(.+)\/(.+)$/.exec(s);
  if (frac && NUMBER.test(frac[1].trim()) && NUMBER.test(frac[2].trim()) && Number(frac[2]) !== 0) return Number(frac[1]) / Number(frac[2]);
  return undefined;
}

function answersById(ex: Exercise, answers: Answers): Map<string, Answer> {
  const out = new Map<string, Answer>();
  if (Array.isArray(answers)) {
    if (answers.length > ex.blanks.length) throw new ExerciseError(`${answers.length} answers for ${ex.blanks.length} blanks`);
    ex.blanks.forEach((b, k) => out.set(b.id, answers[k]));
    return out;
  }
  for (const [key, a] of Object.entries(answers)) {
    const blank = ex.blanks.find((b) => b.id === key || String(b.number) === key.trim());
    if (!blank) throw new ExerciseError(`no blank '${key}' in this exercise; its blanks: ${ex.blanks.map((b) => b.id).join(', ')}`);
    out.set(blank.id, a);
  }
  return out;
}

export interface GradeOptions {
  /** Grade within this tolerance instead of the exercise's own (a part left out keeps the exercise's). */
  tolerance?: Partial<Tolerance>;
}

export function gradeAnswers(exercise: Exercise, answers: Answers, options: GradeOptions = {}): Grade {
  const ex = options.tolerance ? { ...exercise, tolerance: withTolerance(exercise.tolerance, options.tolerance) } : exercise;
  const raw = answersById(ex, answers);
  const read = new Map(ex.blanks.map((b) => [b.id, readAnswer(raw.get(b.id))]));
  const given = new Map([...read].filter((e): e is [string, number] => typeof e[1] === 'number'));
  const truth = solve(ex);
  const carried = solve(ex, given);
  const quantities = new Map(quantitiesOf(ex).map((q) => [q.id, q]));
  const rightAt = (id: string) => withinTolerance(ex, given.get(id)!, truth.get(id)!);
  const byId = new Map(ex.blanks.map((b) => [b.id, b]));
  let runs: { mistake: Mistake; computed: Map<string, number> }[] | null = null;
  const context = lookupIn(ex, new Map([...carried].map(([id, x]) => [id, given.get(id) ?? x])));

  const blanks = ex.blanks.map((b): BlankGrade => {
    const base = { number: b.number, id: b.id, kind: b.kind, asked: askText(ex, b), expected: truth.get(b.id)!, carriedFrom: [] as number[], diagnoses: [] as Diagnosis[] };
    const x = read.get(b.id);
    if (x === null) return { ...base, given: null, status: 'blank', mark: 0, feedback: 'no answer' };
    if (x === undefined) return { ...base, given: null, status: 'unreadable', mark: 0, feedback: `'${String(raw.get(b.id))}' is not a number` };
    if (rightAt(b.id)) return { ...base, given: x, status: 'right', mark: 1, feedback: 'right' };
    if (withinTolerance(ex, x, carried.get(b.id)!)) {
      const from = wrongAnswersFeeding(ex, quantities.get(b.id)!, quantities, (id) => given.has(id), (id) => !rightAt(id)).map((id) => byId.get(id)!.number);
      const list = from.map((k) => `#${k}`).join(', ');
      return { ...base, given: x, status: 'carried', mark: 1, carriedFrom: from, feedback: `right from your answer${from.length > 1 ? 's' : ''} to ${list} (error carried forward)` };
    }
    runs ??= runMistakes(ex, given);
    const diagnoses = diagnose(b.id, x, carried.get(b.id)!, runs, (a, e) => withinTolerance(ex, a, e), context);
    const feedback = diagnoses.length ? diagnoses.map((d) => d.message).join('; ') : `wrong; expected ${fmt(base.expected, 4)}`;
    return { ...base, given: x, status: 'wrong', mark: 0, diagnoses, feedback };
  });
  return { score: blanks.reduce((s, b) => s + b.mark, 0), total: blanks.length, blanks };
}

/**
 * The mistake that reproduces answer x at blank `id` (and makes a difference there): one diagnosis,
 * a mistake made at the blank itself before one carried down to it, then by PRECEDENCE; other rules
 * that give the same number are named in it, not diagnosed again.
 */
function diagnose(id: string, x: number, carried: number, runs: { mistake: Mistake; computed: Map<string, number> }[], close: (a: number, e: number) => boolean, get: ReturnType<typeof lookupIn>): Diagnosis[] {
  const hits = runs.filter(({ computed }) => close(x, computed.get(id)!) && !close(computed.get(id)!, carried)).map((r) => r.mistake);
  if (hits.length === 0) return [];
  const rank = (m: Mistake) => (m.at === id ? 0 : PRECEDENCE.length) + PRECEDENCE.indexOf(m.rule);
  hits.sort((a, b) => rank(a) - rank(b));
  const named = hits.filter((m, k) => hits.findIndex((n) => n.rule === m.rule) === k);
  const text = (m: Mistake) => `${m.explain(get)}${m.at === id ? '' : ` (made at ${m.at}, which carries down to here)`}`;
  const [first, ...others] = named;
  const also = others.map((m) => m.rule);
  return [{
    rule: first.rule, also, summary: ruleSummary(first.rule, also), at: first.at,
    message: others.length ? `${text(first)}; or, giving the same number here: ${others.map(text).join('; or ')}` : text(first),
  }];
}

/** A diagnosis's rules in words: `sign error`, or `left out the local derivative factor, or sign error`. */
const ruleSummary = (rule: RuleName, also: readonly RuleName[]) => [rule, ...also].map((r) => RULES[r]).join(', or ');

/** The answered, wrong quantities that q was computed from, directly or through unanswered ones. */
function wrongAnswersFeeding(ex: Exercise, q: Quantity, all: ReadonlyMap<string, Quantity>, answered: (id: string) => boolean, wrong: (id: string) => boolean): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const stack = [q];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const id of readsOf(ex, cur)) {
      if (seen.has(id) || !all.has(id)) continue;
      seen.add(id);
      if (!answered(id)) stack.push(all.get(id)!);
      else if (wrong(id)) found.push(id);
    }
  }
  return found.sort((a, b) => [...all.keys()].indexOf(a) - [...all.keys()].indexOf(b));
}

/** The quantities q depends on: those `compute` reads whose value changes q (a sum's derivative reads its output but is 1 anyway). */
function readsOf(ex: Exercise, q: Quantity): string[] {
  const reads: string[] = [];
  const at = (moved: string | null) => compute(ex, q, (id) => (moved === null && reads.push(id), id === moved ? 2.5 : 1.5));
  const base = at(null);
  return reads.filter((id) => !Object.is(at(id), base));
}

/** A diagnosis's rules as one name: `sign`, `missing-local/sign` when the answer cannot tell them apart. */
export const diagnosisName = (d: Pick<Diagnosis, 'rule' | 'also'>) => [d.rule, ...d.also].join('/');

/**
 * How often each mistake was made across a class: students who made it, blanks it explains, each
 * wrong answer counted once (under all its rules together when it cannot tell them apart). Most common first.
 */
export function commonMistakes(grades: readonly Grade[]): { rule: RuleName; also: RuleName[]; summary: string; students: number; blanks: number }[] {
  const tally = new Map<string, { rule: RuleName; also: RuleName[]; summary: string; students: number; blanks: number }>();
  for (const g of grades) {
    const diagnoses = g.blanks.flatMap((b) => b.diagnoses);
    for (const d of diagnoses) {
      const t = tally.get(diagnosisName(d)) ?? { rule: d.rule, also: d.also, summary: d.summary, students: 0, blanks: 0 };
      t.blanks++;
      tally.set(diagnosisName(d), t);
    }
    for (const name of new Set(diagnoses.map(diagnosisName))) tally.get(name)!.students++;
  }
  return [...tally.values()].sort((a, b) => b.students - a.students || b.blanks - a.blanks);
}
