/** `chalkgrad grade`: a class's answers graded against exercise.json, with diagnoses and the most common mistakes. */
import { readFileSync } from 'node:fs';
import { fmt, textTable } from '@chalkgrad/core';
import { type Grade, type StudentAnswers, commonMistakes, diagnosisName, gradeAnswers, readAnswerSheet, readExercises } from '@chalkgrad/lesson';
import { escapeCsv } from '@chalkgrad/viz';
import { type OutputFile, UsageError, checkWritable, parseCommand, writeOutputs } from '../io';
import { toleranceOption, warnHidden, withToleranceOption } from '../tolerance';

export const GRADE_HELP = `chalkgrad grade exercise.json answers.csv [--out grades.csv] [--details] [--tolerance REL[,ABS]]

Grades every student's answers (one row per student in answers.csv: a student column, a variant
column for a set, one column per blank headed by its id or number, as in the answers.csv that
chalkgrad exercise writes). Prints one row per student with the score and the diagnosed
mistakes, then the most common mistakes of the class. An answer computed correctly from the
student's own wrong earlier answer counts as right (error carried forward).

Options:
  --out FILE    also write the grades as CSV (one row per student, one feedback column per blank)
  --details     print every blank's feedback for every student
  --tolerance REL[,ABS]
                grade within this tolerance instead of the one in exercise.json (written
                by chalkgrad exercise, 0.1% by default): 0.002 or 0.2%, then optionally
                an absolute one

Example:
  chalkgrad grade class/exercise.json class/answers.csv --out class/grades.csv`;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`grade: cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `#5 sign error, #9 fan-out`: a student's diagnosed mistakes by blank. */
const mistakesOf = (g: Grade) => g.blanks.flatMap((b) => b.diagnoses.map((d) => `#${b.number} ${diagnosisName(d)}`)).join(', ');
const percent = (g: Grade) => `${Math.round((100 * g.score) / g.total)}%`;

export function gradeCommand(args: string[], out: (s: string) => void, err: (s: string) => void = () => {}): number {
  const { values, positionals } = parseCommand('grade', args, { out: { type: 'string' }, details: { type: 'boolean' }, tolerance: { type: 'string' } });
  if (values.help) return out(GRADE_HELP), 0;
  if (positionals.length !== 2) throw new UsageError('grade: give the exercise file and the answers file: chalkgrad grade exercise.json answers.csv');
  const tolerance = toleranceOption(values.tolerance);
  checkWritable({ out: values.out });
  const set = readExercises(readText(positionals[0], 'exercise file'));
  const sheet = readAnswerSheet(readText(positionals[1], 'answers file'), set);
  if (sheet.length === 0) throw new UsageError('grade: the answers file has a header but no student');
  const graded = sheet.map((s) => ({ ...s, grade: gradeAnswers(set[s.variant - 1], s.answers, { tolerance }) }));
  // chalkgrad exercise warned of what its tolerance hides; this one may hide more
  if (tolerance) warnHidden(withToleranceOption(set, tolerance), err);
  const withVariant = set.length > 1;
  out(textTable(['student', ...(withVariant ? ['variant'] : []), 'score', '%', 'mistakes'], graded.map((s) =>
    [s.student, ...(withVariant ? [String(s.variant)] : []), `${s.grade.score}/${s.grade.total}`, percent(s.grade), mistakesOf(s.grade) || '-'])));
  if (values.details) for (const s of graded) out(details(s));
  const common = commonMistakes(graded.map((s) => s.grade));
  out(`\nMost common mistakes (${graded.length} student${graded.length > 1 ? 's' : ''}, mean ${fmt(graded.reduce((t, s) => t + s.grade.score / s.grade.total, 0) / graded.length * 100, 3)}%):`);
  out(common.length ? common.map((m) => `  ${m.students} student${m.students > 1 ? 's' : ''}, ${m.blanks} blank${m.blanks > 1 ? 's' : ''}: ${m.summary} (${diagnosisName(m)})`).join('\n') : '  none diagnosed');
  if (values.out) {
    const files: OutputFile[] = [{ path: values.out, content: gradesCsv(graded, withVariant), what: 'grades, CSV' }];
    writeOutputs(files);
    out(`wrote ${values.out} (grades, CSV)`);
  }
  return 0;
}

function details(s: StudentAnswers & { grade: Grade }): string {
  const rows = s.grade.blanks.map((b) => [`#${b.number}`, b.id, b.given === null ? '' : fmt(b.given, 4), b.status, b.feedback]);
  return `\n${s.student}: ${s.grade.score}/${s.grade.total}\n${textTable(['#', 'blank', 'answer', 'status', 'feedback'], rows)}`;
}

function gradesCsv(graded: (StudentAnswers & { grade: Grade })[], withVariant: boolean): string {
  const blanks = graded[0].grade.blanks;
  const header = ['student', ...(withVariant ? ['variant'] : []), 'score', 'total', 'percent', 'mistakes', ...blanks.map((b) => `#${b.number}`)];
  const rows = graded.map((s) => [
    escapeCsv(s.student), ...(withVariant ? [String(s.variant)] : []), String(s.grade.score), String(s.grade.total), String(Math.round((100 * s.grade.score) / s.grade.total)),
    escapeCsv(mistakesOf(s.grade)), ...s.grade.blanks.map((b) => escapeCsv(`${b.status}: ${b.feedback}`)),
  ]);
  return [header.map(escapeCsv).join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
