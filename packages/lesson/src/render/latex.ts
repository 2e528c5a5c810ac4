/**
 * The worksheet and the answer key as LaTeX documents that compile with a plain pdflatex (article,
 * geometry, amsmath, graphicx, longtable, TikZ): the graph drawn by viz's TikZ export, laid out to
 * be read on paper (see `graphOnPage`); one page per variant.
 */
import { fmt } from '@chalkgrad/core';
import { escapeTex, escapeTexMath, splitTikz, tikzPicture } from '@chalkgrad/viz';
import { type WorkedStep, stepText } from '../exercises/describe';
import type { Exercise } from '../exercises/exercise';
import { type ExerciseSet, SECTIONS, asList, blankRows, definitions, drawOptions, drawable, heading, instructions, keyDigits, solution, statement } from './sheet';

const PREAMBLE = `\\documentclass[11pt]{article}
\\usepackage[a4paper,margin=2cm]{geometry}
\\usepackage{amsmath}
\\usepackage{graphicx}
\\usepackage{longtable}
\\usepackage{tikz}
\\usetikzlibrary{arrows.meta}
\\pagestyle{empty}
\\setlength{\\parindent}{0pt}
\\setlength{\\parskip}{0.6ex}
% a math bullet: the text one comes from the TS1 font, which pdflatex would first make as a bitmap
\\renewcommand{\\labelitemi}{$\\bullet$}
\\begin{document}
`;

const math = (s: string) => `$${escapeTexMath(s)}$`;
const number = (x: number, digits = 4) => {
  const [m, e] = fmt(x, digits).split('e');
  return e === undefined ? m : `${m} \\times 10^{${Number(e)}}`;
};

/** The text block of an A4 page with 2 cm margins, less the room a heading takes, in cm. */
const ROOM = { width: 17, height: 21 };
/** The picture's text is \\scriptsize: 8 pt in an 11 pt document. Scaled, it stays at least `SMALLEST` pt. */
const PICTURE_PT = 8;
const SMALLEST = 7;

/** Layouts tried, in order of preference when they print the text equally large: left to right as the notes draw it, roomy before packed. */
const PACKED = { nodesep: 0.1, ranksep: 0.15 };
const LAYOUTS = [{ rankdir: 'LR' }, { rankdir: 'LR', ...PACKED }, { rankdir: 'TB' }, { rankdir: 'TB', ...PACKED }] as const;

/**
 * The graph as it reads best on paper: left to right or top to bottom, packed when that helps, edge
 * labels as large as node text, shrunk to the text width only as far as its text stays readable; a
 * picture still taller than a page is split at free lines into pieces a page holds.
 */
async function graphOnPage(ex: Exercise, key: boolean): Promise<string> {
  const { root, parameters } = drawable(ex, key);
  const layouts = await Promise.all(LAYOUTS.map((l) => tikzPicture(root, { ...drawOptions(key), parameters, ...l, labelFontsize: 11 })));
  const fitted = layouts.map((p) => {
    const across = Math.min(1, ROOM.width / p.width); // the width is never split
    const scale = Math.min(across, ROOM.height / p.height);
    return scale * PICTURE_PT >= SMALLEST ? { p, scale, split: false } : { p, scale: Math.min(across, SMALLEST / PICTURE_PT), split: true };
  });
  // whole before split, then the larger text (a stable sort keeps LAYOUTS' order on a tie)
  const best = fitted.sort((a, b) => Number(a.split) - Number(b.split) || b.scale - a.scale)[0];
  const pieces = best.split ? splitTikz(best.p, ROOM.height / best.scale) : [best.p.picture];
  return [best.p.colors, ...pieces.map((piece) => `\\begin{center}\\scalebox{${best.scale.toFixed(3)}}{%\n${piece}}\\end{center}\n`)].join('\n');
}

async function header(ex: Exercise, k: number, count: number, key: boolean): Promise<string[]> {
  return [
    `\\section*{${escapeTex(heading(ex, k, count))}${key ? ' (answer key)' : ''}}`,
    `${escapeTex(statement(ex))}\n`,
    await graphOnPage(ex, key),
    `${definitions(ex).map(math).join(', \\quad ')}\n`,
    ...instructions(ex).map((l) => `${escapeTex(l)}\n`),
  ];
}

export async function worksheetLatex(set: ExerciseSet): Promise<string> {
  const list = asList(set);
  const pages = await Promise.all(list.map(async (ex, k) => [
    ...(await header(ex, k, list.length, false)),
    '{\\renewcommand{\\arraystretch}{1.8}',
    '\\begin{longtable}{|r|l|l|p{5cm}|}\\hline',
    '\\# & blank & asks for & your answer \\\\ \\hline',
    ...blankRows(ex).map((b) => `${b.number} & \\texttt{${escapeTex(b.id)}} & ${escapeTex(b.asked)} & \\\\ \\hline`),
    '\\end{longtable}}',
  ].join('\n')));
  return `${PREAMBLE}${pages.join('\n\\newpage\n')}\n\\end{document}\n`;
}

/** `∂y/∂z = σ(a)(1 − σ(a)) = 0.002467 (a = z = −6)` in math, the result in bold. */
function texStep(s: WorkedStep): string {
  const where = s.where ? `\\quad (${math(s.where)})` : '';
  return `$${escapeTexMath(stepText(s))} = \\mathbf{${number(s.result)}}$${where}`;
}

export async function answerKeyLatex(set: ExerciseSet): Promise<string> {
  const list = asList(set);
  const pages = await Promise.all(list.map(async (ex, k) => {
    const lines = [
      ...(await header(ex, k, list.length, true)),
      '\\begin{longtable}{|r|l|r|}\\hline',
      '\\# & blank & answer \\\\ \\hline',
      ...ex.blanks.map((b) => `${b.number} & \\texttt{${escapeTex(b.id)}} & $${number(b.answer, keyDigits(ex))}$ \\\\ \\hline`),
      '\\end{longtable}',
    ];
    let section = '';
    for (const { quantity, blank, step } of solution(ex)) {
      if (SECTIONS[quantity.kind] !== section) {
        lines.push(...(section ? ['\\end{itemize}'] : []), `\\subsection*{${SECTIONS[quantity.kind]}}`, '\\begin{itemize}');
        section = SECTIONS[quantity.kind];
      }
      lines.push(`\\item ${blank ? `\\textbf{\\#${blank}} ` : ''}${texStep(step)}`);
    }
    return [...lines, '\\end{itemize}'].join('\n');
  }));
  return `${PREAMBLE}${pages.join('\n\\newpage\n')}\n\\end{document}\n`;
}
