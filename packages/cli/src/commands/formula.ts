/** `chalkgrad grad` and `chalkgrad gradcheck`: a formula from the command line, differentiated. */
import { AnomalyError, FUNCTIONS, Value, buildFormula, describeValue, detectAnomaly, fmt, gradcheck, isConstant, parseFormula, partial, topoSort, trace, variablesOf } from '@chalkgrad/core';
import type { ParseArgsConfig } from 'node:util';
import { UsageError, checkWritable, ensureDir, numberOption, parseAt, parseCommand, themeOption, writeOutputs } from '../io';
import { FILES_HELP, gradFiles } from './gradFiles';

/** The rule that tells weights from inputs in a formula, unless --params names them. */
const PARAMETER_NAME = /^(?:[wbθ]|theta)(?:[0-9_].*)?$/;
const PARAMS_HELP = `  --params A,B,...      the variables drawn as parameters (weights, biases); without it, the names
                        w, b, θ, theta and those names followed by a digit or _ (w1, w_2, b2) are
                        parameters and every other variable is an input; --params "" draws none`;

export const GRAD_HELP = `chalkgrad grad "<formula>" --at x=1,w=0.5,b=0 [options]

Prints the formula's value and every partial derivative.

A formula has numbers, variables, + - * / ^ (or **, and · × − as the demo prints them), unary minus,
parentheses, powers as x² or x⁻¹, the constants pi (π) and e, and the functions
${Object.keys(FUNCTIONS).join(' ')}.
Names have letters, digits and _ (x₁ is x1); --at e=... or --at pi=... makes e or pi a variable.

Options:
  --at NAME=VALUE,...   the point: a value for every variable
  --steps               also print the backward pass as a table of chain-rule steps
  --digits N            significant digits (default 6)
${FILES_HELP}
${PARAMS_HELP}

Examples:
  chalkgrad grad "sigmoid(1 + 3*x1 - 2*x2)" --at x1=-1,x2=2 --steps
  chalkgrad grad "tanh(w*x + b)" --at x=1,w=0.5,b=0 --svg graph.svg --html steps.html
  chalkgrad grad "sigmoid(w1*x1 + w2*x2 + b)" --at x1=-1,x2=2,w1=3,w2=-2,b=1 --beamer steps.tex --gif steps.gif
  chalkgrad grad "x^3 + x*y" --at x=2,y=1`;

export const GRADCHECK_HELP = `chalkgrad gradcheck "<formula>" --at x=1,... [options]

Checks every partial derivative of the formula against central finite differences and prints the
table. Exit code 0 when all agree, 1 when one does not; a point at a kink such as relu(0) is named
as one (the slopes from the left and the right differ there), and every op at a kink (abs or relu
at 0, max or min on a tie) gets a note even when the check passes.

Options:
  --at NAME=VALUE,...            the point: a value for every variable
  --analytic NAME=FORMULA,...    check your hand-derived derivatives instead of the engine's: one
                                 formula per variable, e.g. --analytic "x=y + cos(x), y=x"
  --eps X                        finite-difference step (default 1e-6)
  --atol X, --rtol X             tolerances: |analytic − numeric| ≤ atol + rtol·|numeric|
                                 (default 1e-5 and 1e-3)

Examples:
  chalkgrad gradcheck "x*y + sin(x)" --at x=0.5,y=2
  chalkgrad gradcheck "x^2*y" --at x=3,y=2 --analytic "x=2*x*y, y=x^2"`;

export const shared = { at: { type: 'string' } } as const;
const gradOptions = {
  ...shared,
  steps: { type: 'boolean' },
  digits: { type: 'string' },
  svg: { type: 'string' },
  png: { type: 'string' },
  dot: { type: 'string' },
  tikz: { type: 'string' },
  html: { type: 'string' },
  legend: { type: 'boolean' },
  params: { type: 'string' },
  md: { type: 'string' },
  tex: { type: 'string' },
  pytorch: { type: 'string' },
  beamer: { type: 'string' },
  reveal: { type: 'string' },
  gif: { type: 'string' },
  'png-steps': { type: 'string' },
  theme: { type: 'string' },
} as const;
const gradcheckOptions = { ...shared, analytic: { type: 'string' }, eps: { type: 'string' }, atol: { type: 'string' }, rtol: { type: 'string' } } as const;


/** The first few items of a list for a message, and how many more. */
function few(items: readonly string[], sep: string): string {
  return items.length <= 5 ? items.join(sep) : `${items.slice(0, 5).join(sep)}${sep}… (${items.length - 5} more)`;
}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs gives for string and boolean options. */
type Values<O extends ParseArgsOptionsConfig> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean };

/** The formula(s) and the point of a command line, checked; `many` lets a command take several formulas. */
export function setUp<O extends typeof shared & ParseArgsOptionsConfig>(command: string, args: string[], options: O, many = false) {
  // A formula may start with a minus ("-x^2 + 1"): take a leading one before option parsing.
  const leading = args.length > 0 && args[0].startsWith('-') && !args[0].startsWith('--') && args[0] !== '-h' ? [args[0]] : [];
  const parsed = parseCommand(command, args.slice(leading.length), options);
  const values = parsed.values as Values<O>;
  const positionals = [...leading, ...parsed.positionals];
  if (values.help) return { help: true as const };
  if (many ? positionals.length === 0 : positionals.length !== 1) throw new UsageError(`${command}: give ${many ? 'one or more formulas' : 'exactly one formula'} in quotes, e.g. chalkgrad ${command} "tanh(w*x + b)" --at x=1,w=0.5,b=0`);
  const formulas = positionals.map((src) => ({ src, tree: parseFormula(src) }));
  const { src, tree } = formulas[0];
  const at = parseAt(values.at as string | undefined);
  const names = [...new Set(formulas.flatMap((x) => variablesOf(x.tree, new Set(at.keys()))))];
  const missing = names.filter((n) => !at.has(n));
  if (missing.length) throw new UsageError(`${command}: ${few(missing.map((n) => `'${n}'`), ', ')} ${missing.length > 1 ? 'have' : 'has'} no value; add --at ${few(missing.map((n) => `${n}=...`), ',')}`);
  const named = new Set(names);
  const unused = [...at.keys()].filter((n) => !named.has(n));
  if (unused.length) throw new UsageError(`${command}: ${few(unused, ', ')} ${unused.length > 1 ? 'do' : 'does'} not appear in the formula`);
  return { help: false as const, values, src, tree, formulas, names, at };
}

/**
 * The formula's graph at the point, differentiated. A NaN or an infinity stops the command (exit 2),
 * saying what is not finite (f itself, or which of its derivatives while f is a number), with the
 * anomaly message of the op where it first appears and the sub-expression it belongs to.
 */
function differentiate(command: string, build: () => Value): Value {
  try {
    return detectAnomaly(() => {
      const y = build();
      y.backward({ anomaly: true });
      return y;
    });
  } catch (e) {
    if (!(e instanceof AnomalyError)) throw e;
    const y = build();
    const what = whatIsNotFinite(y);
    // an infinite local derivative no variable's gradient passes through (sqrt(0) + x) harms nothing
    if (!what) return y;
    const where = firstNonFinite(y);
    throw new UsageError(`${command}: ${what}${where ? `; it first happens in ${where}` : ''}: ${e.message}`);
  }
}

/**
 * `f is NaN at this point`, or, when f is a number, `∂f/∂x is infinite at this point (f = 0)`: what
 * the backward pass could not compute; null when f and every derivative are finite.
 */
function whatIsNotFinite(y: Value): string | null {
  const kind = (x: number) => (Number.isNaN(x) ? 'NaN' : 'infinite');
  if (!Number.isFinite(y.data)) return `f is ${kind(y.data)} at this point`;
  y.backward();
  const bad = topoSort<Value>(y).filter((v) => v.numInputs === 0 && !isConstant(v) && !Number.isFinite(v.grad));
  if (bad.length === 0) return null;
  const kinds = new Set(bad.map((v) => kind(v.grad)));
  return `${bad.map((v) => `∂f/${partial(v)}`).join(', ')} ${bad.length > 1 ? 'are' : 'is'} ${kinds.size > 1 ? 'not finite' : [...kinds][0]} at this point (f = ${fmt(y.data)})`;
}

/** The first node, in the order the forward pass computes them, whose value or local derivative is not finite. */
function firstNonFinite(y: Value): string | undefined {
  const bad = topoSort<Value>(y).find((v) => !Number.isFinite(v.data) || v.localGrads.some((d) => !Number.isFinite(d)));
  return bad && describeValue(bad);
}

/** The variables to draw as parameters: --params, or the naming rule of the help. */
function parametersOf(names: readonly string[], given: string | undefined): string[] {
  if (given === undefined) return names.filter((n) => PARAMETER_NAME.test(n));
  const list = given.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = list.filter((p) => !names.includes(p));
  if (unknown.length) throw new UsageError(`--params: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a variable of the formula (its variables: ${names.join(', ')})`);
  return list;
}

export async function gradCommand(args: string[], out: (s: string) => void): Promise<number> {
  const s = setUp('grad', args, gradOptions);
  if (s.help) return out(GRAD_HELP), 0;
  const digits = numberOption('digits', s.values.digits, 6, (v) => Number.isInteger(v) && v >= 1 && v <= 17, 'a whole number from 1 to 17');
  const v = s.values;
  const params = parametersOf(s.names, v.params);
  const theme = themeOption(v.theme);
  checkWritable({ svg: v.svg, png: v.png, dot: v.dot, tikz: v.tikz, html: v.html, md: v.md, tex: v.tex, beamer: v.beamer, reveal: v.reveal, gif: v.gif, pytorch: v.pytorch });
  const f = (x: number) => fmt(x, digits);
  const inputs = Object.fromEntries(s.names.map((n) => [n, new Value(s.at.get(n)!, n)]));
  const y = differentiate('grad', () => {
    for (const x of Object.values(inputs)) x.grad = 0;
    return buildFormula(s.src, s.tree, inputs);
  });
  if (!y.label) y.label = 'f';
  out(`f = ${s.src}`);
  out(`at ${s.names.map((n) => `${n} = ${s.at.get(n)}`).join(', ') || '(no variables)'}`);
  out(`f = ${f(y.data)}`);
  for (const n of s.names) out(`∂f/∂${n} = ${f(inputs[n].grad)}`);
  if (v.steps) out(`\n${trace(y).toString()}`);

  if (v['png-steps']) ensureDir(v['png-steps']);
  const files = await gradFiles(y, s.src, v, { digits, parameters: params, theme }, out);
  writeOutputs(files);
  for (const file of files) out(`wrote ${file.path} (${file.what})`);
  return 0;
}

/** `x=2*x*y, y=x^2` → one parsed formula per variable (commas inside parentheses belong to the formula). */
function parseAnalytic(text: string, names: readonly string[]): Map<string, { src: string; tree: ReturnType<typeof parseFormula> }> {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (i === text.length || (c === ',' && depth === 0)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  const out = new Map<string, { src: string; tree: ReturnType<typeof parseFormula> }>();
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`--analytic: '${part}' is not of the form name=formula (for example x=2*x*y)`);
    if (!names.includes(m[1])) throw new UsageError(`--analytic: ${m[1]} is not a variable of the formula (its variables: ${names.join(', ')})`);
    if (out.has(m[1])) throw new UsageError(`--analytic: ${m[1]} is given twice`);
    const tree = parseFormula(m[2]);
    const extra = variablesOf(tree, new Set(names)).filter((n) => !names.includes(n));
    if (extra.length) throw new UsageError(`--analytic: the derivative for ${m[1]} uses ${extra.join(', ')}, which the formula does not have`);
    out.set(m[1], { src: m[2], tree });
  }
  const missing = names.filter((n) => !out.has(n));
  if (missing.length) throw new UsageError(`--analytic: give a derivative for every variable; missing ${missing.map((n) => `${n}=...`).join(', ')}`);
  return out;
}

export async function gradcheckCommand(args: string[], out: (s: string) => void): Promise<number> {
  const s = setUp('gradcheck', args, gradcheckOptions);
  if (s.help) return out(GRADCHECK_HELP), 0;
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  const eps = numberOption('eps', s.values.eps, 1e-6, positive, 'a positive number');
  const atol = numberOption('atol', s.values.atol, 1e-5, (v) => Number.isFinite(v) && v >= 0, 'a number ≥ 0');
  const rtol = numberOption('rtol', s.values.rtol, 1e-3, (v) => Number.isFinite(v) && v >= 0, 'a number ≥ 0');
  const bind = (xs: readonly Value[]) => Object.fromEntries(s.names.map((n, i) => [n, xs[i]]));
  const f = (...xs: Value[]) => buildFormula(s.src, s.tree, bind(xs));
  const point = s.names.map((n) => s.at.get(n)!);
  differentiate('gradcheck', () => f(...point.map((x, i) => new Value(x, s.names[i]))));
  const hand = s.values.analytic === undefined ? undefined : parseAnalytic(s.values.analytic, s.names);
  const analytic = hand && ((...at: number[]) => s.names.map((n) => {
    const d = hand.get(n)!;
    return buildFormula(d.src, d.tree, bind(at.map((x, i) => new Value(x, s.names[i])))).data;
  }));
  const report = gradcheck(f, point, { eps, atol, rtol, labels: s.names, analytic });
  out(`f = ${s.src}`);
  if (hand) out(`hand-derived: ${s.names.map((n) => `∂f/∂${n} = ${hand.get(n)!.src.trim()}`).join(', ')}`);
  out(report.toString());
  return report.ok ? 0 : 1;
}
