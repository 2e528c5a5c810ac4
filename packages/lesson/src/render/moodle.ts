/**
 * Moodle XML (Question bank → Import → Moodle XML format): one numerical question per blank, its
 * answer with an absolute tolerance (Moodle's nominal tolerance, answer ± tolerance), and the
 * common mistakes as 0% answers whose feedback says what went wrong. Variants of a set that share
 * their blanks go into one category per blank, so a quiz can draw a random variant of each.
 */
import { fmt } from '@chalkgrad/core';
import { escapeHtml, escapeXml } from '@chalkgrad/viz';
import { stepText } from '../exercises/describe';
import type { Blank, Exercise } from '../exercises/exercise';
import { withinTolerance } from '../exercises/tolerance';
import { runMistakes } from '../exercises/mistakes';
import { lookupIn, solve } from '../exercises/quantities';
import { type ExerciseSet, asList, definitions, heading, instructions, solution, statement } from './sheet';

export interface MoodleOptions {
  /** The top category (default `chalkgrad`). */
  category?: string;
  /** The graph of variant k as SVG, embedded in each question's text. */
  svg?: (k: number) => string | undefined;
}

/** Moodle's number text: plain decimals, 10 significant digits at most. */
const number = (x: number) => String(Number(x.toPrecision(10)));
/** Answer ± this counts as right: Moodle's tolerance is absolute. */
const toleranceOf = (ex: Exercise, answer: number) => Number(Math.max(ex.tolerance.abs, ex.tolerance.rel * Math.abs(answer)).toPrecision(3));
/** A category path segment: Moodle splits paths at '/', and reads '//' as a slash in a name. */
const segment = (s: string) => s.replace(/\//g, '//');

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Wrong values a student is likely to give for each blank, with what went wrong (the grader's own mistakes). */
function commonWrongAnswers(ex: Exercise): Map<string, { value: number; feedback: string }[]> {
  const truth = solve(ex);
  const get = lookupIn(ex, truth);
  const out = new Map<string, { value: number; feedback: string }[]>(ex.blanks.map((b) => [b.id, []]));
  for (const { mistake, computed } of runMistakes(ex)) {
    for (const b of ex.blanks) {
      const x = computed.get(b.id)!;
      const known = out.get(b.id)!;
      if (!Number.isFinite(x) || withinTolerance(ex, x, truth.get(b.id)!) || known.some((w) => withinTolerance(ex, x, w.value))) continue;
      const where = mistake.at === b.id ? '' : ` (at ${mistake.at})`;
      known.push({ value: x, feedback: `${mistake.explain(get)}${where}` });
    }
  }
  return out;
}

function answerXml(fraction: number, value: number, tolerance: number, feedback: string): string {
  return `    <answer fraction="${fraction}" format="moodle_auto_format">
      <text>${number(value)}</text>
      <feedback format="html"><text>${escapeXml(`<p>${escapeHtml(feedback)}</p>`)}</text></feedback>
      <tolerance>${tolerance}</tolerance>
    </answer>`;
}

function questionXml(ex: Exercise, k: number, count: number, b: Blank, wrong: { value: number; feedback: string }[], svg: string | undefined): string {
  const file = `graph-${k + 1}.svg`;
  const step = solution(ex).find((s) => s.quantity.id === b.id)!.step;
  const html = [
    `<p>${escapeHtml(statement(ex))}</p>`,
    svg ? `<p><img src="@@PLUGINFILE@@/${file}" alt="the graph"></p>` : '',
    `<ul>${definitions(ex).map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`,
    ...instructions(ex).map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p><b>Blank ${b.number}: ${escapeHtml(step.lhs)}</b> (${escapeHtml(b.id)})</p>`,
  ].join('');
  const tolerance = toleranceOf(ex, b.answer);
  return `  <question type="numerical">
    <name><text>${escapeXml(`${heading(ex, k, count)}: #${b.number} ${b.id}`)}</text></name>
    <questiontext format="html">
      <text>${escapeXml(html)}</text>${svg ? `\n      <file name="${file}" path="/" encoding="base64">${base64(svg)}</file>` : ''}
    </questiontext>
    <generalfeedback format="html"><text>${escapeXml(`<p>${escapeHtml(`${stepText(step)} = ${fmt(step.result, 4)}`)}</p>`)}</text></generalfeedback>
    <defaultgrade>1</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
${[answerXml(100, b.answer, tolerance, 'Right.'), ...wrong.map((w) => answerXml(0, w.value, Math.min(tolerance, toleranceOf(ex, w.value)), w.feedback))].join('\n')}
    <unitgradingtype>0</unitgradingtype>
    <unitpenalty>0.1000000</unitpenalty>
    <showunits>3</showunits>
    <unitsleft>0</unitsleft>
  </question>`;
}

const categoryXml = (path: string) => `  <question type="category">\n    <category><text>${escapeXml(path)}</text></category>\n  </question>`;

export function moodleXml(set: ExerciseSet, options: MoodleOptions = {}): string {
  const list = asList(set);
  const top = `$course$/top/${segment(options.category ?? 'chalkgrad')}`;
  const ids = (ex: Exercise) => ex.blanks.map((b) => b.id).join('\n');
  const shared = list.every((ex) => ids(ex) === ids(list[0]));
  const questions = list.map((ex, k) => {
    const wrong = commonWrongAnswers(ex);
    return ex.blanks.map((b) => ({ b, k, xml: questionXml(ex, k, list.length, b, wrong.get(b.id)!, options.svg?.(k)) }));
  });
  const out: string[] = [];
  if (shared) {
    // one category per blank, holding that blank of every variant
    list[0].blanks.forEach((b, i) => out.push(categoryXml(`${top}/${segment(list[0].title)}/${String(b.number).padStart(2, '0')} ${segment(b.id)}`), ...questions.map((q) => q[i].xml)));
  } else {
    list.forEach((ex, k) => out.push(categoryXml(`${top}/${segment(heading(ex, k, list.length))}`), ...questions[k].map((q) => q.xml)));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${out.join('\n')}\n</quiz>\n`;
}
