/**
 * The worksheet and the answer key as Markdown: the statement, the graph (an image the caller
 * wrote, or the DOT source), the node list, a table of blanks; the key works every step.
 */
import { fmt } from '@chalkgrad/core';
import { escapeMarkdown as md } from '@chalkgrad/viz';
import { stepText } from '../exercises/describe';
import type { Exercise } from '../exercises/exercise';
import { type ExerciseSet, SECTIONS, asList, blankRows, definitions, exerciseDot, heading, instructions, keyDigits, solution, statement } from './sheet';

export interface MarkdownOptions {
  /** The graph image of variant k (a path or URL the caller wrote, say an SVG); without one the DOT source is shown. */
  image?: (k: number) => string | undefined;
}

/** A code block whose fence is longer than any run of backticks inside, so nothing inside can close it. */
function fenced(language: string, code: string): string[] {
  const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [`${fence}${language}`, code, fence];
}

function header(ex: Exercise, k: number, count: number, options: MarkdownOptions, key: boolean): string[] {
  const image = options.image?.(k);
  const graph = image ? [`![the graph](${encodeURI(image).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`] : fenced('dot', exerciseDot(ex, key));
  return [
    `## ${md(heading(ex, k, count))}${key ? ' (answer key)' : ''}`, '',
    md(statement(ex)), '',
    ...graph, '',
    ...definitions(ex).map((d) => `- ${md(d)}`), '',
    ...instructions(ex).map(md).flatMap((l) => [l, '']),
  ];
}

export function worksheetMarkdown(set: ExerciseSet, options: MarkdownOptions = {}): string {
  const list = asList(set);
  return list.map((ex, k) => [
    ...header(ex, k, list.length, options, false),
    '| # | blank | asks for | your answer |', '|---:|---|---|---|',
    ...blankRows(ex).map((b) => `| ${b.number} | ${md(b.id)} | ${md(b.asked)} | |`), '',
  ].join('\n')).join('\n---\n\n');
}

export function answerKeyMarkdown(set: ExerciseSet, options: MarkdownOptions = {}): string {
  const list = asList(set);
  return list.map((ex, k) => {
    const lines = [...header(ex, k, list.length, options, true), '| # | blank | answer |', '|---:|---|---:|'];
    lines.push(...ex.blanks.map((b) => `| ${b.number} | ${md(b.id)} | ${fmt(b.answer, keyDigits(ex))} |`), '');
    let section = '';
    for (const { quantity, blank, step } of solution(ex)) {
      if (SECTIONS[quantity.kind] !== section) {
        section = SECTIONS[quantity.kind];
        lines.push(`### ${section}`, '');
      }
      lines.push(`- ${blank ? `**#${blank}** ` : ''}${md(stepText(step))} = **${fmt(step.result, 4)}**${step.where ? ` (${md(step.where)})` : ''}`);
    }
    return [...lines, ''].join('\n');
  }).join('\n---\n\n');
}
