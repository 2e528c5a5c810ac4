/**
 * What a worksheet and its key say, in plain Unicode, shared by the Markdown, LaTeX and Moodle
 * writers (each escapes it for its format): the statement, the instructions, the node list, the
 * blanks, every step of the solution. And the graph as a Value graph for viz to draw.
 */
import { type Value, fmt } from '@chalkgrad/core';
import { toDot } from '@chalkgrad/viz';
import { askText, definition, outputName, type WorkedStep, workedStep } from '../exercises/describe';
import type { Exercise } from '../exercises/exercise';
import { type Tolerance, answerDigits } from '../exercises/tolerance';
import { valueGraph } from '../exercises/graph';
import { type Quantity, lookupIn, quantitiesOf, solve } from '../exercises/quantities';

/** One exercise or a set of variants. */
export type ExerciseSet = Exercise | readonly Exercise[];
export const asList = (set: ExerciseSet): readonly Exercise[] => (Array.isArray(set) ? set : [set as Exercise]);

export function heading(ex: Exercise, k: number, count: number): string {
  return count > 1 ? `${ex.title}: variant ${k + 1} of ${count}${ex.seed === null ? '' : ` (seed ${ex.seed})`}` : ex.title;
}

export function statement(ex: Exercise): string {
  const at = Object.entries(ex.at).map(([n, x]) => `${n} = ${fmt(x)}`).join(', ');
  const formula = ex.formula.includes('=') ? ex.formula : `${outputName(ex.nodes)} = ${ex.formula}`;
  return `${formula}${at ? `, at ${at}` : ''}.`;
}

export function instructions(ex: Exercise): string[] {
  const y = outputName(ex.nodes);
  const lines = [
    `Each node of the graph is one operation. ∂${y}/∂n is the gradient of the output ${y} with respect to node n (∂${y}/∂${y} = 1); ∂u/∂n, for a node u that uses n directly, is a local derivative.`,
    precisionText(ex.tolerance),
  ];
  if (ex.blanks.some((b) => b.kind === 'update')) lines.push(`One SGD step replaces each parameter p by p − η·∂${y}/∂p, with η = ${fmt(ex.lr)}.`);
  return lines;
}

/** What the sheet asks of a number, from the tolerance it is graded with: so the two cannot disagree. */
export function precisionText(t: Tolerance): string {
  const digits = answerDigits(t);
  const within = toleranceText(t);
  if (digits === null) return `Give every answer to within ${within || 0} of the exact value.`;
  return `Give every answer to ${digits} significant digits: an answer within ${within} of the exact value counts as right.`;
}

/** A tolerance as the sheet words it: `0.1% or 1e-9`. */
export function toleranceText(t: Tolerance): string {
  return [...(t.rel > 0 ? [`${fmt(t.rel * 100)}%`] : []), ...(t.abs > 0 ? [fmt(t.abs)] : [])].join(' or ');
}

/** The digits of the key's answers: as many as the sheet asks for, enough for an absolute tolerance alone. */
export const keyDigits = (ex: Exercise) => answerDigits(ex.tolerance) ?? 10;

/** `a1 = x1 × 3` for every operation, in graph order. */
export function definitions(ex: Exercise): string[] {
  return ex.nodes.flatMap((n, i) => (n.op ? [definition(ex.nodes, i)] : []));
}

export function blankRows(ex: Exercise): { number: number; id: string; asked: string }[] {
  return ex.blanks.map((b) => ({ number: b.number, id: b.id, asked: askText(ex, b) }));
}

/** Every quantity of the solution worked out (updates only when asked), with the number of its blank if it is one. */
export function solution(ex: Exercise): { quantity: Quantity; blank: number | null; step: WorkedStep }[] {
  const get = lookupIn(ex, solve(ex));
  const shown = quantitiesOf(ex).filter((q) => q.kind !== 'update' || ex.ask.includes('update'));
  return shown.map((q) => ({ quantity: q, blank: ex.blanks.find((b) => b.id === q.id)?.number ?? null, step: workedStep(ex, q, get) }));
}

/** The section a quantity's kind belongs to in the key. */
export const SECTIONS = { value: 'Forward pass', local: 'Local derivatives', grad: 'Backward pass', update: 'SGD update' } as const;

/** The graph for viz: labelled Values, backpropagated when the numbers are to be shown. */
export function drawable(ex: Exercise, withNumbers: boolean): { root: Value; parameters: Value[] } {
  const values = valueGraph(ex.nodes);
  const root = values[values.length - 1];
  if (withNumbers) root.backward();
  return { root, parameters: values.filter((_, i) => ex.nodes[i].kind === 'parameter') };
}

/** The diagram options of a worksheet (names and ops only) and of a key (data, grad, local derivatives). */
export const drawOptions = (withNumbers: boolean) => ({ nodeDetails: withNumbers, edgeLabels: { local: withNumbers, formula: false, flow: false }, digits: 4 });

/** The exercise's graph as DOT (`renderSvg` draws it): names and ops, or with every number for a key. */
export function exerciseDot(ex: Exercise, withNumbers: boolean): string {
  const { root, parameters } = drawable(ex, withNumbers);
  return toDot(root, { ...drawOptions(withNumbers), parameters });
}
