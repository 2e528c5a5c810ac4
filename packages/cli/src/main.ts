/**
 * The `chalkgrad` command. Bad input prints one clear message and exits with code 2.
 */
import { AnomalyError, FormulaError, derivativeCheatSheet, lookup, shorten } from '@chalkgrad/core';
import { ModelFileError, OnnxError } from '@chalkgrad/nn';
import { RenderError } from '@chalkgrad/viz';
import { ExerciseError } from '@chalkgrad/lesson';
import { LatexError, LessonPageError } from '@chalkgrad/lesson/node';
import { STDOUT_HELP, UsageError, parseCommand, startRun, writeOutputs } from './io';
import { DEMO_HELP, demoCommand } from './commands/demo';
import { GRADCHECK_HELP, GRAD_HELP, gradCommand, gradcheckCommand } from './commands/formula';
import { MODES_HELP, modesCommand } from './commands/modes';
import { TRAIN_HELP, trainCommand } from './commands/train';
import { EXERCISE_HELP, exerciseCommand } from './commands/exercise';
import { GRADE_HELP, gradeCommand } from './commands/grade';
import { LESSON_HELP, lessonCommand } from './commands/lesson';
import { EXPORT_HELP, IMPORT_HELP, exportCommand, importCommand } from './commands/interop';
import { DRAW_HELP, drawCommand } from './commands/draw';

const VERSION = '0.1.0';

export const HELP = `chalkgrad ${VERSION}: reverse-mode automatic differentiation for teaching backpropagation

Usage: chalkgrad <command> [options]     (chalkgrad <command> --help for more)

Commands:
  demo        write a lecture kit (graphs, step-by-step backprop, traces, trained models, plots)
  grad        value and partial derivatives of a formula, with --steps, --svg, --png, --tikz, --html
  gradcheck   check a formula's derivatives against finite differences
  modes       forward mode beside reverse mode on a formula: same derivatives, counted cost
  train       train an MLP on a toy data set, with a progress bar, plots and the model
  cheatsheet  the derivative cheat-sheet of every op, as Markdown
  exercise    a backprop worksheet, its answer key and Moodle XML, from a formula, a preset or a seed
  grade       grade a class's answers to an exercise, with a diagnosis of each mistake
  lesson      serve the lesson page (step through backprop, train live, exercises) on 127.0.0.1
  export      a saved model as ONNX (--onnx) and as a PyTorch script that checks its gradients (--pytorch)
  import      an ONNX model trained elsewhere as a chalkgrad model (--out model.json)
  draw        a saved model: its weights, and on one example its graph, the steps and the delta rule

${STDOUT_HELP}

Examples:
  chalkgrad demo
  chalkgrad grad "sigmoid(1 + 3*x1 - 2*x2)" --at x1=-1,x2=2 --steps
  chalkgrad gradcheck "x*y + sin(x)" --at x=0.5,y=2
  chalkgrad modes "w1*x1 + w2*x2 + b" --at w1=1,x1=2,w2=3,x2=4,b=0
  chalkgrad train --dataset spiral --layers 64,64 --epochs 200
  chalkgrad exercise --preset perceptron --out sheet
  chalkgrad grade sheet/exercise.json answers.csv
  chalkgrad lesson
  chalkgrad export chalkgrad-train/model.json --onnx net.onnx --pytorch net.py
  chalkgrad import net.onnx --out model.json
  chalkgrad draw model.json --input 0.5,-1.5 --target 1 --svg graph.svg --layers layers.svg`;

const CHEATSHEET_HELP = `chalkgrad cheatsheet [--out FILE]

Prints the derivative cheat-sheet generated from the op tables (or writes it to FILE).

Example:
  chalkgrad cheatsheet --out docs/derivatives.md`;

function cheatsheetCommand(args: string[], out: (s: string) => void): number {
  const { values, positionals } = parseCommand('cheatsheet', args, { out: { type: 'string' } });
  if (values.help) return out(CHEATSHEET_HELP), 0;
  if (positionals.length) throw new UsageError(`cheatsheet: unexpected argument '${positionals[0]}'`);
  if (!values.out) return out(derivativeCheatSheet()), 0;
  writeOutputs([{ path: values.out, content: derivativeCheatSheet(), what: 'cheat-sheet' }]);
  out(`wrote ${values.out}`);
  return 0;
}

/** A command prints its results with `out`, and with `err` what a user must know of that is no error (a warning). */
const COMMANDS: Record<string, (args: string[], out: (s: string) => void, err: (s: string) => void) => number | Promise<number>> = {
  demo: demoCommand,
  grad: gradCommand,
  gradcheck: gradcheckCommand,
  modes: modesCommand,
  train: trainCommand,
  cheatsheet: cheatsheetCommand,
  exercise: exerciseCommand,
  grade: gradeCommand,
  lesson: lessonCommand,
  export: exportCommand,
  import: importCommand,
  draw: drawCommand,
};
export { DEMO_HELP, GRAD_HELP, GRADCHECK_HELP, MODES_HELP, TRAIN_HELP, EXERCISE_HELP, GRADE_HELP, LESSON_HELP, EXPORT_HELP, IMPORT_HELP, DRAW_HELP };

/**
 * Runs the command line; returns the exit code. `write` takes the bytes of an output file named '-';
 * while one is, the command's text goes to `err` so that stdout holds the file alone.
 */
const toProcessStdout = (data: string | Uint8Array) => void process.stdout.write(data);

export async function run(
  argv: string[],
  toStdout: (s: string) => void = (s) => console.log(s),
  err: (s: string) => void = (s) => console.error(s),
  write: (data: string | Uint8Array) => void = toProcessStdout,
): Promise<number> {
  const out = startRun(toStdout, err, write, write === toProcessStdout && process.stdout.isTTY === true);
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return out(HELP), 0;
  if (command === '--version' || command === '-v') return out(VERSION), 0;
  const fn = lookup(COMMANDS, command);
  try {
    if (!fn) throw new UsageError(`unknown command '${shorten(command)}'; commands: ${Object.keys(COMMANDS).join(', ')} (chalkgrad --help)`);
    return await fn(rest, out, err);
  } catch (e) {
    if (e instanceof FormulaError) return err(`chalkgrad: ${e.explain()}`), 2;
    if (e instanceof UsageError || e instanceof ModelFileError || e instanceof AnomalyError || e instanceof RenderError || e instanceof ExerciseError || e instanceof LatexError || e instanceof LessonPageError || e instanceof OnnxError) return err(`chalkgrad: ${e.message}`), 2;
    throw e;
  }
}

/** The command as a process: arguments from the command line; the exit code set; a crash reported. */
export function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  return run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`chalkgrad: internal error: ${e instanceof Error ? e.stack : String(e)}`);
      process.exitCode = 1;
    },
  );
}
