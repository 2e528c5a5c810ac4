/**
 * Words and formulas for a worksheet, in plain Unicode (each renderer escapes them for its format):
 * a node's definition from its op's diagram symbol (`z = s − a2`, `y = σ(z)`, `h = x^2`), what a
 * blank asks for, and each step of the solution worked with its numbers.
 */
import { fmt, fmtFactor, opSymbol, scalarOp } from '@chalkgrad/core';
import type { ExerciseNode } from './graph';
import { type Lookup, type Quantity, gradId, localId, operandsOf, termsOf, valueId, type Problem } from './quantities';

/** How a node reads as an operand: its name, or its number for a constant. */
export const operandName = (nodes: readonly ExerciseNode[], j: number): string => (nodes[j].kind === 'constant' ? fmt(nodes[j].value!) : nodes[j].name);

/**
 * The right-hand side of node i with its operands written by `arg`. From the op's symbol: one
 * non-letter character is an infix operator (or a prefix one for a unary op), a symbol starting
 * with `^` is a power, `·` marks where the operand goes (`|·|`), anything else is a function.
 */
export function applyText(n: ExerciseNode, args: string[]): string {
  const op = scalarOp(n.op)!;
  const symbol = opSymbol(op, n.param ?? 0);
  // a negative number as an operand of an operator gets parentheses: 2 × (−3), (−1)^2
  const operand = (a: string) => (/^[-−]/.test(a) ? `(${a})` : a);
  if (symbol.startsWith('^')) return `${operand(args[0])}${symbol}`;
  if (symbol.includes('·')) return symbol.replace('·', args[0]);
  if ([...symbol].length === 1 && !/\p{L}/u.test(symbol)) {
    if (args.length === 1) return `${symbol}${operand(args[0])}`;
    return symbol === '^' ? `${operand(args[0])}^${operand(args[1])}` : `${args[0]} ${symbol} ${operand(args[1])}`;
  }
  return `${symbol}(${args.join(', ')})`;
}

/** `z = s − a2`. */
export function definition(nodes: readonly ExerciseNode[], i: number): string {
  return `${nodes[i].name} = ${applyText(nodes[i], nodes[i].inputs.map((j) => operandName(nodes, j)))}`;
}

/** The whole expression of node i in its leaves: `σ(1 + x1 × 3 − x2 × 2)`. */
export function expressionOf(nodes: readonly ExerciseNode[], i: number): string {
  const n = nodes[i];
  if (!n.op) return operandName(nodes, i);
  return applyText(n, n.inputs.map((j) => {
    const inner = expressionOf(nodes, j);
    return nodes[j].op && / /.test(inner) && !/^[^ (]+\(.*\)$/.test(inner) ? `(${inner})` : inner;
  }));
}

/** The output's name: what every gradient is of. */
export const outputName = (nodes: readonly ExerciseNode[]) => nodes[nodes.length - 1].name;

/** What a blank asks for, in words and symbols: `∂y/∂z`, `the value of z`. */
export function askText(p: Problem, q: Quantity): string {
  const { nodes } = p;
  const name = nodes[q.node].name;
  switch (q.kind) {
    case 'value': return `${name} (forward value)`;
    case 'local': return `∂${name}/∂${nodes[nodes[q.node].inputs[q.slot!]].name} (local derivative${localId(nodes, q.node, q.slot!).includes('@') ? `, input ${q.slot! + 1}` : ''})`;
    case 'grad': return `∂${outputName(nodes)}/∂${name}`;
    case 'update': return `${name} after one SGD step, η = ${fmt(p.lr)}`;
  }
}

/** One worked step: what is computed, how (symbols), the same with numbers or the point it is taken at, the result. */
export interface WorkedStep {
  lhs: string;
  symbols: string;
  numbers?: string;
  /** For a local derivative: where the op's rule is evaluated, `a = −6`. */
  where?: string;
  result: number;
}

/** `∂y/∂z = σ(a)·(1 − σ(a))`, `a1 = x1 × 3 = (−1) × 3`: the step without its result (and without `where`). */
export const stepText = (s: WorkedStep): string => [s.lhs, s.symbols, s.numbers].filter(Boolean).join(' = ');

const num = (x: number) => fmt(x, 4);
/** After `·` or `−`, or a term after `+`: a negative number in parentheses, as the trace writes it. */
const factor = (x: number) => fmtFactor(x, 4);

/** The step of quantity q, with the numbers `get` gives (the true ones, in a key). */
export function workedStep(p: Problem, q: Quantity, get: Lookup): WorkedStep {
  const { nodes } = p;
  const n = nodes[q.node];
  const y = outputName(nodes);
  const result = get(q.id);
  switch (q.kind) {
    case 'value': {
      const values = n.inputs.map((j) => num(get(valueId(nodes, j))));
      return { lhs: n.name, symbols: applyText(n, n.inputs.map((j) => operandName(nodes, j))), numbers: applyText(n, values), result };
    }
    case 'local': {
      const op = scalarOp(n.op)!;
      const rule = op.formula[Math.min(q.slot!, op.formula.length - 1)];
      const { a, b } = operandsOf(p, q.node, get);
      const named = (j: number, x: number) => (nodes[j].kind === 'constant' ? fmt(x, 4) : `${nodes[j].name} = ${fmt(x, 4)}`);
      const where = op.arity === 'n' ? undefined : [`a = ${named(n.inputs[0], a)}`, ...(n.inputs.length > 1 ? [`b = ${named(n.inputs[1], b)}`] : [])].join(', ');
      return { lhs: `∂${n.name}/∂${nodes[n.inputs[q.slot!]].name}`, symbols: rule.replace(/^.*?= /, ''), where, result };
    }
    case 'grad': {
      const terms = termsOf(p, q.node, get);
      return {
        lhs: `∂${y}/∂${n.name}`,
        symbols: terms.map((t) => `∂${y}/∂${nodes[t.use].name} · ∂${nodes[t.use].name}/∂${n.name}`).join(' + '),
        numbers: terms.map((t, k) => `${k > 0 ? factor(t.upstream) : num(t.upstream)} · ${factor(t.local)}`).join(' + '),
        result,
      };
    }
    case 'update':
      return { lhs: `${n.name} − η·∂${y}/∂${n.name}`, symbols: `${n.name} − ${fmt(p.lr)} · ∂${y}/∂${n.name}`, numbers: `${num(get(valueId(nodes, q.node)))} − ${fmt(p.lr)} · ${factor(get(gradId(nodes, q.node)))}`, result };
  }
}
