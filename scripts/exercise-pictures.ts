/**
 * The pictures of docs/exercises/ (the README shows them): pages of the worksheet and answer key PDFs
 * that `chalkgrad exercise --pdf` writes, compiled with pdflatex and rendered with poppler's pdftoppm
 * at 80 dpi. A page is found by the words it holds, not its number, so a sheet that grows or shrinks
 * still gives the same picture under the same name.
 * Usage: corepack pnpm exercise-pictures [OUT_DIR]   (default docs/exercises; needs pdflatex and poppler-utils)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Exercise, answerKeyLatex, makeExercise, worksheetLatex } from '@chalkgrad/lesson';
import { latexToPdf } from '@chalkgrad/lesson/node';

const OUT = process.argv[2] ?? join(__dirname, '..', 'docs', 'exercises');

/** Each picture: the exercise, worksheet or key, and the first page whose text has `showing` (no `showing`: page 1). */
const PICTURES: { file: string; exercise: () => Exercise; sheet: 'worksheet' | 'key'; showing?: string }[] = [
  { file: 'perceptron-worksheet-1.png', exercise: () => makeExercise({ preset: 'perceptron' }), sheet: 'worksheet' },
  { file: 'network-key-1.png', exercise: () => makeExercise({ preset: 'network' }), sheet: 'key' },
  { file: 'network-key-backward.png', exercise: () => makeExercise({ preset: 'network' }), sheet: 'key', showing: 'Backward pass' },
];

/** The number of the first page of a PDF whose text contains `words`. */
function pageWith(pdf: string, words: string): number {
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
  const k = pages.findIndex((p) => p.includes(words));
  if (k < 0) throw new Error(`exercise-pictures: no page of ${pdf} says '${words}'`);
  return k + 1;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'chalkgrad-exercise-pictures-'));
  mkdirSync(OUT, { recursive: true });
  try {
    for (const [k, picture] of PICTURES.entries()) {
      const ex = picture.exercise();
      const tex = picture.sheet === 'worksheet' ? await worksheetLatex([ex]) : await answerKeyLatex([ex]);
      const pdf = join(work, `${k}.pdf`);
      writeFileSync(pdf, latexToPdf(tex));
      const page = String(picture.showing ? pageWith(pdf, picture.showing) : 1);
      const png = join(OUT, picture.file);
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', page, '-l', page, '-singlefile', pdf, png.replace(/\.png$/, '')]);
      console.log(`wrote ${png} (${picture.sheet}, page ${page})`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
