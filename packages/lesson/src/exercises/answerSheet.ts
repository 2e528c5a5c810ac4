/**
 * A class's answers as CSV (a spreadsheet's export): a `student` column (or the first), an
 * optional `variant` column (1, 2, … for a set), and one column per blank, headed by its id
 * (`grad(x1)`) or its number. Quoted fields, commas and line breaks inside quotes, CRLF are read.
 */
import type { Answer } from './grade';
import { type Exercise, ExerciseError } from './exercise';

/** RFC 4180 CSV into rows of fields; blank lines are dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (quoted) throw new ExerciseError('the answers file has a quote (") that is never closed');
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

export interface StudentAnswers {
  student: string;
  /** 1-based variant of the set. */
  variant: number;
  answers: Record<string, Answer>;
}

/** The rows of an answers CSV, checked against the exercise set: every column names a blank, every variant exists. */
export function readAnswerSheet(text: string, set: readonly Exercise[]): StudentAnswers[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new ExerciseError('the answers file is empty; its first line names the columns: student, then one column per blank');
  const names = header.map((h) => h.trim());
  const studentCol = Math.max(0, names.findIndex((h) => /^(student|name)$/i.test(h)));
  const variantCol = names.findIndex((h) => /^variant$/i.test(h));
  if (variantCol < 0 && set.length > 1) throw new ExerciseError(`the exercise file has ${set.length} variants: add a 'variant' column (1 to ${set.length})`);
  const blankCols = names.map((_, c) => c).filter((c) => c !== studentCol && c !== variantCol);
  return rows.map((r, k) => {
    const line = k + 2;
    const variant = variantCol < 0 ? 1 : Number(r[variantCol]?.trim());
    if (!Number.isInteger(variant) || variant < 1 || variant > set.length) throw new ExerciseError(`line ${line}: variant '${r[variantCol] ?? ''}' is not one of 1 to ${set.length}`);
    const ex = set[variant - 1];
    const answers: Record<string, Answer> = {};
    for (const c of blankCols) {
      const blank = ex.blanks.find((b) => b.id === names[c] || String(b.number) === names[c]);
      if (!blank) throw new ExerciseError(`column '${names[c]}' is no blank of ${set.length > 1 ? `variant ${variant}` : 'the exercise'}; its blanks: ${ex.blanks.map((b) => b.id).join(', ')}`);
      answers[blank.id] = r[c] ?? '';
    }
    return { student: (r[studentCol] ?? '').trim() || `line ${line}`, variant, answers };
  });
}
