/** `chalkgrad exercise`: a worksheet, its answer key, the exercise file for grading, and Moodle XML. */
import { ASK_KINDS, type AskKind, type Exercise, type ExerciseSource, PRESETS, answerKeyLatex, answerKeyMarkdown, exerciseDot, makeExercise, moodleXml, worksheetLatex, worksheetMarkdown } from '@chalkgrad/lesson';
import { latexToPdf } from '@chalkgrad/lesson/node';
import { escapeCsv, renderSvg } from '@chalkgrad/viz';
import { join } from 'node:path';
import { type OutputFile, UsageError, ensureDir, numberOption, parseAt, parseCommand, writeOutputs } from '../io';
import { toleranceOption, warnHidden } from '../tolerance';

export const EXERCISE_HELP = `chalkgrad exercise "<formula>" --at x=1,... --out DIR [options]
chalkgrad exercise --preset perceptron|chain|network --out DIR [options]
chalkgrad exercise --random SIZE [--ops add,mul,tanh] [--variables x,y] --seed N --out DIR [options]

Writes a backprop exercise: worksheet.md and worksheet.tex (the graph drawn, blanks to fill),
key.md and key.tex (every step worked), exercise.json (for chalkgrad grade), answers.csv (an
empty answer sheet to fill in), the graphs as SVG, and with --moodle moodle.xml.

Options:
  --at NAME=VALUE,...   values of variables; the others are drawn from the seed
  --seed N              draws the point (and a random expression); same seed, same exercise
  --ask LIST            what the student fills in: ${ASK_KINDS.join(', ')}
                        (default forward,local,grad; the network preset forward,grad,update)
  --count N             a set of N variants with seeds N, N+1, … (default 1)
  --lr X                learning rate of the SGD update (default 0.1)
  --tolerance REL[,ABS] an answer is right within REL of the exact value (0.001 or 0.1%,
                        the default, fits the 4 significant digits the sheet asks for), or
                        within ABS (default 1e-9); the sheet states it. A mistake whose
                        answer it cannot tell from the right one is warned of on stderr
  --nodes LIST          ask only about these nodes
  --inputs LIST         variables that are data: no gradient or update asked for them
  --title TEXT          the worksheet's title
  --moodle              also write moodle.xml (numerical questions with tolerances)
  --pdf                 also compile worksheet.pdf and key.pdf (needs pdflatex)

Examples:
  chalkgrad exercise "sigmoid(1 + 3*x1 - 2*x2)" --at x1=-1,x2=2 --out sheet
  chalkgrad exercise "tanh(w*x + b)" --seed 7 --count 20 --moodle --out class
  chalkgrad exercise --preset network --seed 3 --out delta-rule
  chalkgrad exercise --random 6 --ops add,mul,sigmoid,tanh --seed 2 --ask grad --out quiz`;

const options = {
  at: { type: 'string' }, seed: { type: 'string' }, ask: { type: 'string' }, out: { type: 'string' }, count: { type: 'string' },
  moodle: { type: 'boolean' }, pdf: { type: 'boolean' }, preset: { type: 'string' }, random: { type: 'string' }, ops: { type: 'string' },
  variables: { type: 'string' }, lr: { type: 'string' }, nodes: { type: 'string' }, inputs: { type: 'string' }, title: { type: 'string' },
  tolerance: { type: 'string' },
} as const;

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

function sourceOf(values: Record<string, string | boolean | undefined>, positionals: string[]): ExerciseSource {
  const given = [positionals.length > 0, values.preset !== undefined, values.random !== undefined].filter(Boolean).length;
  if (given !== 1 || positionals.length > 1) throw new UsageError('exercise: give one formula in quotes, or --preset NAME, or --random SIZE (see chalkgrad exercise --help)');
  if (typeof values.preset === 'string') {
    if (!(values.preset in PRESETS)) throw new UsageError(`exercise: unknown preset '${values.preset}'; presets: ${Object.keys(PRESETS).join(', ')}`);
    return { preset: values.preset as keyof typeof PRESETS };
  }
  if (typeof values.random === 'string') {
    const size = numberOption('random', values.random, 0, (v) => Number.isInteger(v) && v >= 1 && v <= 30, 'a whole number of ops from 1 to 30');
    return { random: { size, ops: list(values.ops as string | undefined), variables: list(values.variables as string | undefined) } };
  }
  return positionals[0];
}

export async function exerciseCommand(args: string[], out: (s: string) => void, err: (s: string) => void = () => {}): Promise<number> {
  // a formula may start with a minus ("-x^2 + 1"): take it before option parsing
  const leading = args.length > 0 && args[0].startsWith('-') && !args[0].startsWith('--') && args[0] !== '-h' ? [args[0]] : [];
  const parsed = parseCommand('exercise', args.slice(leading.length), options);
  const values = parsed.values;
  if (values.help) return out(EXERCISE_HELP), 0;
  const source = sourceOf(values, [...leading, ...parsed.positionals]);
  if (!values.out) throw new UsageError('exercise: say where to write the worksheet with --out DIR');
  const count = numberOption('count', values.count, 1, (v) => Number.isInteger(v) && v >= 1 && v <= 500, 'a whole number from 1 to 500');
  const seed = values.seed === undefined ? (count > 1 ? 1 : undefined) : numberOption('seed', values.seed, 0, Number.isInteger, 'a whole number');
  const ask = list(values.ask) as AskKind[] | undefined;
  const bad = ask?.filter((a) => !ASK_KINDS.includes(a)) ?? [];
  if (bad.length) throw new UsageError(`exercise: --ask ${bad.join(', ')} is not one of ${ASK_KINDS.join(', ')}`);
  const common = {
    at: Object.fromEntries(parseAt(values.at)), ask, title: values.title, nodes: list(values.nodes), inputs: list(values.inputs),
    tolerance: toleranceOption(values.tolerance),
    lr: values.lr === undefined ? undefined : numberOption('lr', values.lr, 0.1, (v) => Number.isFinite(v) && v > 0, 'a positive number'),
  };
  const set = Array.from({ length: count }, (_, k) => makeExercise(source, { ...common, seed: seed === undefined ? undefined : seed + k }));
  if (count > 1 && set.every((ex) => JSON.stringify(ex.at) === JSON.stringify(set[0].at) && ex.formula === set[0].formula)) {
    throw new UsageError(`exercise: all ${count} variants are the same (--at fixes every variable); leave some variables out of --at so the seed draws them`);
  }
  ensureDir(values.out);
  const files = await outputs(set, values.out, { moodle: values.moodle === true, pdf: values.pdf === true });
  writeOutputs(files);
  out(`${count > 1 ? `${count} variants of ` : ''}${set[0].title}: ${set[0].blanks.length} blanks`);
  for (const f of files) out(`wrote ${f.path} (${f.what})`);
  warnHidden(set, err);
  return 0;
}

async function outputs(set: Exercise[], dir: string, want: { moodle: boolean; pdf: boolean }): Promise<OutputFile[]> {
  const file = (name: string, content: string | Uint8Array, what: string): OutputFile => ({ path: join(dir, name), content, what });
  const n = (k: number) => (set.length > 1 ? `-${String(k + 1).padStart(2, '0')}` : '');
  const svgs = await Promise.all(set.map((ex) => renderSvg(exerciseDot(ex, false))));
  const keySvgs = await Promise.all(set.map((ex) => renderSvg(exerciseDot(ex, true))));
  const [worksheet, key] = [await worksheetLatex(set), await answerKeyLatex(set)];
  const files = [
    file('exercise.json', `${JSON.stringify(set.length > 1 ? set : set[0], null, 1)}\n`, 'the exercise, for chalkgrad grade'),
    file('worksheet.md', worksheetMarkdown(set, { image: (k) => `graph${n(k)}.svg` }), 'worksheet, Markdown'),
    file('worksheet.tex', worksheet, 'worksheet, LaTeX'),
    file('key.md', answerKeyMarkdown(set, { image: (k) => `key-graph${n(k)}.svg` }), 'answer key, Markdown'),
    file('key.tex', key, 'answer key, LaTeX'),
    ...svgs.map((svg, k) => file(`graph${n(k)}.svg`, svg, 'the graph')),
    ...keySvgs.map((svg, k) => file(`key-graph${n(k)}.svg`, svg, 'the graph with every number')),
    file('answers.csv', answerTemplate(set), 'an empty answer sheet for chalkgrad grade'),
  ];
  if (want.moodle) files.push(file('moodle.xml', moodleXml(set, { svg: (k) => svgs[k] }), 'Moodle XML, numerical questions'));
  if (want.pdf) files.push(file('worksheet.pdf', latexToPdf(worksheet), 'worksheet, PDF'), file('key.pdf', latexToPdf(key), 'answer key, PDF'));
  return files;
}

/** The header of the answers CSV (and a row per variant to show where the answers go). */
function answerTemplate(set: Exercise[]): string {
  const ids = set[0].blanks.map((b) => b.id);
  const shared = set.every((ex) => ex.blanks.map((b) => b.id).join() === ids.join());
  const header = ['student', ...(set.length > 1 ? ['variant'] : []), ...(shared ? ids : set[0].blanks.map((b) => String(b.number)))];
  return `${header.map(escapeCsv).join(',')}\n`;
}
