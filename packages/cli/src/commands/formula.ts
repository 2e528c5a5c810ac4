/** `chalkgrad grad` and `chalkgrad gradcheck`: a formula from the command line, differentiated. */
import { FUNCTIONS, Value, buildFormula, fmt, gradcheck, parseFormula, trace, variablesOf } from '@chalkgrad/core';
import { framesHtml, renderSvg, toDot, toTikz, traceFrames } from '@chalkgrad/viz';
import { svgToPng } from '@chalkgrad/viz/node';
import { type OutputFile, UsageError, checkWritable, numberOption, parseAt, parseCommand, writeOutputs } from '../io';

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
  --svg FILE            the graph, with local derivatives on the edges, as SVG
  --png FILE            the same as PNG
  --dot FILE            the same as Graphviz DOT
  --tikz FILE           the same as a LaTeX document with a TikZ picture
  --html FILE           the backward pass step by step, one page with all frames

Examples:
  chalkgrad grad "sigmoid(1 + 3*x1 - 2*x2)" --at x1=-1,x2=2 --steps
  chalkgrad grad "tanh(w*x + b)" --at x=1,w=0.5,b=0 --svg graph.svg --html steps.html
  chalkgrad grad "x^3 + x*y" --at x=2,y=1`;

export const GRADCHECK_HELP = `chalkgrad gradcheck "<formula>" --at x=1,... [--eps 1e-6] [--atol 1e-5] [--rtol 1e-3]

Checks every partial derivative of the formula against central finite differences and prints the
table. Exit code 0 when all agree, 1 when one does not (at a kink such as relu(0), say).

Example:
  chalkgrad gradcheck "x*y + sin(x)" --at x=0.5,y=2`;

const options = {
  at: { type: 'string' },
  steps: { type: 'boolean' },
  digits: { type: 'string' },
  svg: { type: 'string' },
  png: { type: 'string' },
  dot: { type: 'string' },
  tikz: { type: 'string' },
  html: { type: 'string' },
  eps: { type: 'string' },
  atol: { type: 'string' },
  rtol: { type: 'string' },
} as const;

/** The first few items of a list for a message, and how many more. */
function few(items: readonly string[], sep: string): string {
  return items.length <= 5 ? items.join(sep) : `${items.slice(0, 5).join(sep)}${sep}… (${items.length - 5} more)`;
}

function setUp(command: string, args: string[]) {
  // A formula may start with a minus ("-x^2 + 1"): take a leading one before option parsing.
  const leading = args.length > 0 && args[0].startsWith('-') && !args[0].startsWith('--') && args[0] !== '-h' ? [args[0]] : [];
  const parsed = parseCommand(command, args.slice(leading.length), options);
  const values = parsed.values;
  const positionals = [...leading, ...parsed.positionals];
  if (values.help) return { help: true as const };
  if (positionals.length !== 1) throw new UsageError(`${command}: give exactly one formula in quotes, e.g. chalkgrad ${command} "tanh(w*x + b)" --at x=1,w=0.5,b=0`);
  const src = positionals[0];
  const tree = parseFormula(src);
  const at = parseAt(values.at);
  const names = variablesOf(tree, new Set(at.keys()));
  const missing = names.filter((n) => !at.has(n));
  if (missing.length) throw new UsageError(`${command}: ${few(missing.map((n) => `'${n}'`), ', ')} ${missing.length > 1 ? 'have' : 'has'} no value; add --at ${few(missing.map((n) => `${n}=...`), ',')}`);
  const named = new Set(names);
  const unused = [...at.keys()].filter((n) => !named.has(n));
  if (unused.length) throw new UsageError(`${command}: ${few(unused, ', ')} ${unused.length > 1 ? 'do' : 'does'} not appear in the formula`);
  return { help: false as const, values, src, tree, names, at };
}

export async function gradCommand(args: string[], out: (s: string) => void): Promise<number> {
  const s = setUp('grad', args);
  if (s.help) return out(GRAD_HELP), 0;
  const digits = numberOption('digits', s.values.digits, 6, (v) => Number.isInteger(v) && v >= 1 && v <= 17, 'a whole number from 1 to 17');
  checkWritable([s.values.svg, s.values.png, s.values.dot, s.values.tikz, s.values.html]);
  const f = (x: number) => fmt(x, digits);
  const inputs = Object.fromEntries(s.names.map((n) => [n, new Value(s.at.get(n)!, n)]));
  const y = buildFormula(s.src, s.tree, inputs);
  if (!y.label || y.label === s.src.replace(/\s+/g, '')) y.label = 'f';
  y.backward();
  out(`f = ${s.src}`);
  out(`at ${s.names.map((n) => `${n} = ${s.at.get(n)}`).join(', ') || '(no variables)'}`);
  out(`f = ${f(y.data)}`);
  for (const n of s.names) out(`∂f/∂${n} = ${f(inputs[n].grad)}`);
  if (s.values.steps) out(`\n${trace(y).toString()}`);

  const files: OutputFile[] = [];
  const dotOpts = { digits: Math.min(digits, 4), legend: true, edgeLabels: { formula: true } };
  const dot = toDot(y, dotOpts);
  if (s.values.dot) files.push({ path: s.values.dot, content: dot, what: 'Graphviz DOT' });
  if (s.values.svg || s.values.png) {
    const svg = await renderSvg(dot);
    if (s.values.svg) files.push({ path: s.values.svg, content: svg, what: 'SVG' });
    if (s.values.png) files.push({ path: s.values.png, content: svgToPng(svg), what: 'PNG' });
  }
  if (s.values.tikz) files.push({ path: s.values.tikz, content: await toTikz(y, dotOpts), what: 'TikZ (LaTeX)' });
  if (s.values.html) files.push({ path: s.values.html, content: await framesHtml(traceFrames(y, { ...dotOpts, forwardFrame: true }), `backpropagation through f = ${s.src}`), what: 'step-by-step HTML' });
  writeOutputs(files);
  for (const file of files) out(`wrote ${file.path} (${file.what})`);
  return 0;
}

export async function gradcheckCommand(args: string[], out: (s: string) => void): Promise<number> {
  const s = setUp('gradcheck', args);
  if (s.help) return out(GRADCHECK_HELP), 0;
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  const eps = numberOption('eps', s.values.eps, 1e-6, positive, 'a positive number');
  const atol = numberOption('atol', s.values.atol, 1e-5, (v) => Number.isFinite(v) && v >= 0, 'a number ≥ 0');
  const rtol = numberOption('rtol', s.values.rtol, 1e-3, (v) => Number.isFinite(v) && v >= 0, 'a number ≥ 0');
  const f = (...xs: Value[]) => buildFormula(s.src, s.tree, Object.fromEntries(s.names.map((n, i) => [n, xs[i]])));
  const report = gradcheck(f, s.names.map((n) => s.at.get(n)!), { eps, atol, rtol, labels: s.names });
  out(`f = ${s.src}`);
  out(report.toString());
  return report.ok ? 0 : 1;
}
