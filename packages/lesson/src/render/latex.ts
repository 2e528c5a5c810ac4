/**
 * The worksheet and the answer key as LaTeX documents that compile with a plain pdflatex (article,
 * geometry, amsmath, graphicx, longtable, TikZ): the graph drawn by viz's TikZ export, scaled down
 * to the text width when wider; one page per variant.
 */
import { fmt } from '@chalkgrad/core';
import { escapeTex, escapeTexMath, toTikz } from '@chalkgrad/viz';
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

async function header(ex: Exercise, k: number, count: number, key: boolean): Promise<string[]> {
  const { root, parameters } = drawable(ex, key);
  const picture = await toTikz(root, { ...drawOptions(key), parameters, standalone: false });
  return [
    `\\section*{${escapeTex(heading(ex, k, count))}${key ? ' (answer key)' : ''}}`,
    `${escapeTex(statement(ex))}\n`,
    // the picture at its natural size, or the text width when it is wider
    `\\begin{center}\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%\n${picture}}\\end{center}\n`,
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
