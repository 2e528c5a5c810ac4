/**
 * Reading `exercise.json` back (one exercise or a list of variants): the structure is checked and
 * every blank's answer is recomputed from the graph, so a file edited by hand or cut short is
 * refused with a reason instead of grading against wrong numbers.
 */
import { fmt, scalarOp } from '@chalkgrad/core';
import { ASK_KINDS, type Exercise, ExerciseError } from './exercise';
import { hiddenMistakes } from './hidden';
import { quantitiesOf, solve } from './quantities';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function checkExercise(x: unknown, where: string): Exercise {
  if (!isObject(x) || x.format !== 'chalkgrad-exercise') throw new ExerciseError(`${where} is not a chalkgrad exercise (no "format": "chalkgrad-exercise")`);
  if (x.version !== 1) throw new ExerciseError(`${where} has version ${String(x.version)}; this chalkgrad reads version 1`);
  const ex = x as unknown as Exercise;
  if (!Array.isArray(ex.nodes) || ex.nodes.length === 0 || !Array.isArray(ex.blanks) || !Array.isArray(ex.ask)) throw new ExerciseError(`${where} lacks its nodes, blanks or ask list`);
  ex.nodes.forEach((n, i) => {
    const ok = isObject(n) && typeof n.name === 'string' && Array.isArray(n.inputs) && n.inputs.every((j) => Number.isInteger(j) && j >= 0 && j < i)
      && (n.op === '' ? typeof n.value === 'number' : !!scalarOp(n.op) && n.inputs.length > 0);
    if (!ok) throw new ExerciseError(`${where}: node ${i + 1} is malformed (a leaf needs a value; an op needs a known op and earlier inputs)`);
  });
  if (!ex.ask.every((a) => ASK_KINDS.includes(a)) || !(typeof ex.lr === 'number' && ex.lr > 0) || !isObject(ex.tolerance)) throw new ExerciseError(`${where}: ask, lr or tolerance is malformed`);
  const truth = solve(ex);
  const ids = new Set(quantitiesOf(ex).map((q) => q.id));
  ex.blanks.forEach((b, k) => {
    if (!isObject(b) || !ids.has(b.id) || b.number !== k + 1) throw new ExerciseError(`${where}: blank ${k + 1} is malformed`);
    const x = truth.get(b.id)!;
    if (!(Math.abs(x - b.answer) <= 1e-9 * Math.max(1, Math.abs(x)))) throw new ExerciseError(`${where}: blank ${b.number} (${b.id}) says ${fmt(b.answer)} but the graph gives ${fmt(x)}; was the file edited?`);
  });
  // recomputed: they follow the tolerance, which a lecturer may have edited
  return { ...ex, warnings: hiddenMistakes(ex) };
}

/** The exercises of an `exercise.json` text: one exercise, or a list of variants. */
export function readExercises(text: string): Exercise[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ExerciseError(`the exercise file is not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) throw new ExerciseError('the exercise file holds no exercise');
  return list.map((x, k) => checkExercise(x, list.length > 1 ? `variant ${k + 1}` : 'the exercise'));
}
