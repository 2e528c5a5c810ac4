/**
 * Formulas as people type them (the CLI, the lesson page, exercises): numbers, variables,
 * + − * / ^, unary minus, parentheses, and every function of the op table (`tanh(w*x + b)`). `^` binds tightest and to the right
 * (`-x^2` is −(x²), `2^3^2` is 2⁹). Errors say where, with a caret under the position.
 */
import { SCALAR_OPS, type ScalarOp } from './ops/scalar';
import { Value } from './value';

export type Expr =
  | { kind: 'num'; value: number; start: number; end: number }
  | { kind: 'var'; name: string; start: number; end: number }
  | { kind: 'neg'; arg: Expr; start: number; end: number }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr; start: number; end: number }
  | { kind: 'call'; fn: string; args: Expr[]; start: number; end: number };

/** Functions by the name a formula uses: the unary ops of the table, plus `ln`, `max` and `min`. */
const TABLE = SCALAR_OPS as Record<string, ScalarOp>;
export const FUNCTIONS: Record<string, { op: string; arity: number[] }> = {
  ...Object.fromEntries(Object.values(TABLE).filter((o) => o.arity === 1 && o.name !== 'powc' && o.name !== 'neg').map((o) => [o.name, { op: o.name, arity: o.params ? [1, 2] : [1] }])),
  ln: { op: 'log', arity: [1] },
  max: { op: 'maximum', arity: [2] },
  min: { op: 'minimum', arity: [2] },
};
const CONSTANTS: Record<string, number> = { pi: Math.PI };

export class FormulaError extends Error {
  constructor(message: string, readonly formula: string, readonly position: number) {
    super(message);
    this.name = 'FormulaError';
  }

  /** The message, the formula, and a caret under the position. */
  explain(): string {
    return `${this.message}\n  ${this.formula}\n  ${' '.repeat(this.position)}^`;
  }
}

type Token = { kind: 'num' | 'id' | 'op' | 'end'; text: string; pos: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
    if (num) { out.push({ kind: 'num', text: num[0], pos: i }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ kind: 'id', text: id[0], pos: i }); i += id[0].length; continue; }
    if (src.startsWith('**', i)) { out.push({ kind: 'op', text: '^', pos: i }); i += 2; continue; }
    if ('+-*/^(),'.includes(c)) { out.push({ kind: 'op', text: c, pos: i }); i++; continue; }
    throw new FormulaError(`unexpected character '${c}'`, src, i);
  }
  out.push({ kind: 'end', text: '', pos: src.length });
  return out;
}

export function parseFormula(src: string): Expr {
  if (src.trim() === '') throw new FormulaError('the formula is empty', src, 0);
  const toks = tokenize(src);
  let k = 0;
  const peek = () => toks[k];
  const describe = (t: Token) => (t.kind === 'end' ? 'the end of the formula' : `'${t.text}'`);
  /** `3x`, `2(x+1)`, `x y`: an operand right after an operand means a '*' is missing. */
  const missingTimes = (): string => {
    const prev = toks[k - 1];
    const cur = peek();
    const ends = prev && (prev.kind === 'num' || prev.kind === 'id' || prev.text === ')');
    const starts = cur.kind === 'num' || cur.kind === 'id' || (cur.kind === 'op' && cur.text === '(');
    return ends && starts ? `; multiplication needs '*': write ${prev.text}*${cur.text === '(' ? '(…)' : cur.text}` : '';
  };
  const expect = (text: string, what: string) => {
    if (peek().text !== text || peek().kind !== 'op') throw new FormulaError(`expected ${what} but found ${describe(peek())}${missingTimes()}`, src, peek().pos);
    k++;
  };

  /** A left-associative chain of `next` joined by any of `ops`. */
  const chain = (next: () => Expr, ops: readonly ('+' | '-' | '*' | '/')[]): Expr => {
    let left = next();
    while (peek().kind === 'op' && (ops as readonly string[]).includes(peek().text)) {
      const op = toks[k++].text as (typeof ops)[number];
      const right = next();
      left = { kind: 'bin', op, left, right, start: left.start, end: right.end };
    }
    return left;
  };
  const expr = (): Expr => chain(term, ['+', '-']);
  const term = (): Expr => chain(unary, ['*', '/']);
  const unary = (): Expr => {
    if (peek().kind === 'op' && (peek().text === '-' || peek().text === '+')) {
      const t = toks[k++];
      const arg = unary();
      return t.text === '-' ? { kind: 'neg', arg, start: t.pos, end: arg.end } : arg;
    }
    return power();
  };
  const power = (): Expr => {
    const base = primary();
    if (peek().kind === 'op' && peek().text === '^') {
      k++;
      const exponent = unary();
      return { kind: 'bin', op: '^', left: base, right: exponent, start: base.start, end: exponent.end };
    }
    return base;
  };
  const primary = (): Expr => {
    const t = peek();
    if (t.kind === 'num') {
      k++;
      return { kind: 'num', value: Number(t.text), start: t.pos, end: t.pos + t.text.length };
    }
    if (t.kind === 'id') {
      k++;
      if (peek().kind === 'op' && peek().text === '(') {
        const fn = FUNCTIONS[t.text];
        if (!fn) throw new FormulaError(`unknown function '${t.text}'; known functions: ${Object.keys(FUNCTIONS).sort().join(', ')}`, src, t.pos);
        k++;
        const args: Expr[] = [];
        if (!(peek().kind === 'op' && peek().text === ')')) {
          args.push(expr());
          while (peek().kind === 'op' && peek().text === ',') {
            k++;
            args.push(expr());
          }
        }
        const close = peek();
        expect(')', `')' to close ${t.text}(`);
        if (!fn.arity.includes(args.length)) throw new FormulaError(`${t.text} takes ${fn.arity.join(' or ')} argument${fn.arity.at(-1) === 1 ? '' : 's'}, got ${args.length}`, src, t.pos);
        return { kind: 'call', fn: t.text, args, start: t.pos, end: close.pos + 1 };
      }
      return { kind: 'var', name: t.text, start: t.pos, end: t.pos + t.text.length };
    }
    if (t.kind === 'op' && t.text === '(') {
      k++;
      const inner = expr();
      expect(')', "')'");
      return { ...inner, start: t.pos, end: toks[k - 1].pos + 1 };
    }
    throw new FormulaError(`expected a number, a variable, a function or '(' but found ${describe(t)}`, src, t.pos);
  };

  const tree = expr();
  if (peek().kind !== 'end') throw new FormulaError(`unexpected ${describe(peek())} after a complete expression${missingTimes()}`, src, peek().pos);
  return tree;
}

/** The variables of a formula, in order of first appearance (constants such as pi excluded unless given). */
export function variablesOf(e: Expr, given: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === 'var' && !out.includes(x.name) && (given.has(x.name) || !(x.name in CONSTANTS))) out.push(x.name);
    if (x.kind === 'neg') walk(x.arg);
    if (x.kind === 'bin') { walk(x.left); walk(x.right); }
    if (x.kind === 'call') x.args.forEach(walk);
  };
  walk(e);
  return out;
}

/**
 * Builds the Value graph of a formula. Each variable is one leaf (so `x*x` has two edges to it);
 * op nodes are labelled with their source text when it is short.
 */
export function buildFormula(src: string, tree: Expr, inputs: Record<string, Value>): Value {
  const label = (x: Expr, v: Value): Value => {
    const text = src.slice(x.start, x.end).replace(/\s+/g, '');
    return text.length <= 16 && !v.label ? v.named(text) : v;
  };
  const build = (x: Expr): Value => {
    switch (x.kind) {
      case 'num': return new Value(x.value);
      case 'var': {
        const v = inputs[x.name] ?? (x.name in CONSTANTS ? new Value(CONSTANTS[x.name], x.name) : undefined);
        if (!v) throw new FormulaError(`the variable '${x.name}' has no value; give it one with --at ${x.name}=...`, src, x.start);
        return v;
      }
      case 'neg': return label(x, build(x.arg).neg());
      case 'bin': {
        const a = build(x.left);
        if (x.op === '^' && x.right.kind === 'num') return label(x, a.pow(x.right.value));
        const b = build(x.right);
        const m = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '^': 'pow' } as const;
        return label(x, Value.apply(m[x.op], a, b));
      }
      case 'call': {
        const fn = FUNCTIONS[x.fn];
        const args = x.args.map(build);
        if (fn.arity.includes(2) && TABLE[fn.op].arity === 1) {
          // a parametrised op (leakyRelu(x, slope)): the second argument must be a plain number
          const k = x.args[1];
          if (k && k.kind !== 'num') throw new FormulaError(`the second argument of ${x.fn} must be a number`, src, k.start);
          return label(x, Value.apply(fn.op, args[0], k ? k.value : TABLE[fn.op].params![0]));
        }
        return label(x, Value.apply(fn.op, args[0], args[1] ?? 0));
      }
    }
  };
  return build(tree);
}
