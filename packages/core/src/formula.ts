/**
 * Formulas as people type them (the CLI, the lesson page, exercises): numbers, variables, + − * / ^
 * (also `**`, `·`, `×`, U+2212 `−`), unary minus, parentheses, superscript powers (`x²`), subscript
 * digits in names (`x₁` is `x1`), the constants `pi` (`π`) and `e`, and every function of the op
 * table (`tanh(w*x + b)`). `^` binds tightest and to the right (`-x^2` is −(x²), `2^3^2` is 2⁹).
 * Errors say where, with a caret under the position, and hint at what was meant.
 *
 * Parsing and every walk over the tree are loops, not recursion: a 100,000-term sum or 10,000
 * nested parentheses cannot overflow the stack.
 */
import { SCALAR_OPS, type ScalarOp } from './ops/scalar';
import { shorten } from './format';
import { lookup as own } from './lookup';
import { Value } from './value';

export type Expr =
  | { kind: 'num'; value: number; start: number; end: number }
  | { kind: 'var'; name: string; start: number; end: number }
  | { kind: 'neg'; arg: Expr; start: number; end: number }
  | { kind: 'bin'; op: BinaryOp; left: Expr; right: Expr; start: number; end: number }
  | { kind: 'call'; fn: string; args: Expr[]; start: number; end: number };
type BinaryOp = '+' | '-' | '*' | '/' | '^';

/** Functions by the name a formula uses: the unary ops of the table, plus `ln`, `max` and `min`. */
const TABLE = SCALAR_OPS as Record<string, ScalarOp>;
export const FUNCTIONS: Record<string, { op: string; arity: number[] }> = {
  ...Object.fromEntries(Object.values(TABLE).filter((o) => o.arity === 1 && o.name !== 'powc' && o.name !== 'neg').map((o) => [o.name, { op: o.name, arity: o.params ? [1, 2] : [1] }])),
  ln: { op: 'log', arity: [1] },
  max: { op: 'maximum', arity: [2] },
  min: { op: 'minimum', arity: [2] },
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };


export class FormulaError extends Error {
  constructor(message: string, readonly formula: string, readonly position: number) {
    super(message);
    this.name = 'FormulaError';
  }

  /**
   * The message, the formula and a caret under the position. A long formula shows 60 characters
   * either side of the position; control characters and line breaks show as spaces.
   */
  explain(): string {
    const from = Math.max(0, this.position - 60);
    const to = Math.min(this.formula.length, this.position + 60);
    const before = (from > 0 ? '…' : '') + this.formula.slice(from, this.position);
    const after = this.formula.slice(this.position, to) + (to < this.formula.length ? '…' : '');
    const shown = (s: string) => s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, ' ');
    return `${this.message}\n  ${shown(before + after)}\n  ${' '.repeat([...before].length)}^`;
  }
}

const quote = (s: string) => `'${shorten(s)}'`;

/** A variable name as a formula and `--at` write it (`x₁` is `x1`), or null if it is none. */
export function variableName(text: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_₀-₉]*$/.test(text)) return null;
  return text.replace(/[₀-₉]/g, (d) => String(d.charCodeAt(0) - 0x2080));
}

type Token = { kind: 'num' | 'id' | 'op' | 'end'; text: string; pos: number; end: number };

const NUMBER = /(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_₀-₉]*/y;
const SUPERSCRIPT = /([⁺⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/y;
const SPACE = /\s+/y;
const OPERATORS: Record<string, string> = { '+': '+', '-': '-', '−': '-', '*': '*', '·': '*', '⋅': '*', '×': '*', '/': '/', '^': '^', '(': '(', ')': ')', ',': ',' };
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

const TIMES = "write '*' (or '·') to multiply";
const COMPARE = 'there are no comparisons: max(a, b), min(a, b), relu and abs cover most uses';

/** What someone who typed this character meant. */
const HINTS: Record<string, string> = {
  '√': 'write sqrt(…)', '÷': "write '/' to divide", '∗': "write '*' to multiply", '–': "write '-' (a plain minus)", '—': "write '-' (a plain minus)",
  '[': "group with '(' and ')'", ']': "group with '(' and ')'", '{': "group with '(' and ')'", '}': "group with '(' and ')'", '|': 'write abs(…)',
  '=': "a formula has no '=': write only its right-hand side, and give the variables' values separately",
  ';': "separate a function's arguments with ','", '!': 'there is no factorial', 'σ': 'write sigmoid(…)',
  '"': 'remove the quotes (the ones around the whole formula are enough)', "'": 'a formula has no quotes or primes',
  '“': 'remove the quotes', '”': 'remove the quotes', '‘': 'remove the quotes', '’': 'remove the quotes',
  '‧': TIMES, '•': TIMES, '∙': TIMES, '%': 'there is no percent or modulo: write x/100 for a percentage',
  '<': COMPARE, '>': COMPARE, '≤': COMPARE, '≥': COMPARE,
};

/** For any other character: what a formula can hold. */
const ALLOWED = `a formula has numbers, names (x1, w_2), the constants pi and e, + - * / ^ ( ) and ',' between a function's arguments, and the functions ${Object.keys(FUNCTIONS).join(', ')}`;

function unexpectedCharacter(src: string, i: number): FormulaError {
  const c = String.fromCodePoint(src.codePointAt(i)!);
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const shown = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? `'${c}'${c < '\x7f' ? '' : ` (${code})`}` : code;
  const hint = own(HINTS, c) ?? (/[₀-₉]/.test(c) ? 'subscript digits belong to a name, like x₁'
    : /\p{L}/u.test(c) ? 'a name has the letters a–z and A–Z, digits and _ (x1, w_2, x₁)'
    : shown === code ? 'an invisible or control character: type the formula again without it' : ALLOWED);
  return new FormulaError(`unexpected character ${shown}; ${hint}`, src, i);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const at = (re: RegExp, i: number) => ((re.lastIndex = i), re.exec(src));
  let i = 0;
  while (i < src.length) {
    let m: RegExpExecArray | null;
    if ((m = at(SPACE, i))) i += m[0].length;
    else if ((m = at(NUMBER, i))) out.push({ kind: 'num', text: m[0], pos: i, end: (i += m[0].length) });
    else if ((m = at(NAME, i))) out.push({ kind: 'id', text: variableName(m[0])!, pos: i, end: (i += m[0].length) });
    else if (src[i] === 'π') out.push({ kind: 'id', text: 'pi', pos: i, end: ++i });
    else if ((m = at(SUPERSCRIPT, i))) {
      // x² is x^2, x⁻¹ is x^-1
      out.push({ kind: 'op', text: '^', pos: i, end: i });
      if (m[1]) out.push({ kind: 'op', text: m[1] === '⁻' ? '-' : '+', pos: i, end: i + 1 });
      const digits = [...m[2]].map((d) => SUPERSCRIPT_DIGITS.indexOf(d)).join('');
      out.push({ kind: 'num', text: digits, pos: i + m[1].length, end: (i += m[0].length) });
    } else if (src.startsWith('**', i)) out.push({ kind: 'op', text: '^', pos: i, end: (i += 2) });
    else if (own(OPERATORS, src[i])) out.push({ kind: 'op', text: OPERATORS[src[i]], pos: i, end: ++i });
    else throw unexpectedCharacter(src, i);
  }
  out.push({ kind: 'end', text: '', pos: src.length, end: src.length });
  return out;
}

/** An operator waiting for its right operand, or an open parenthesis or function call. */
type Pending =
  | { kind: 'bin'; op: BinaryOp; tok: Token }
  | { kind: 'neg'; tok: Token }
  | { kind: 'paren'; tok: Token }
  | { kind: 'call'; tok: Token; base: number };

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4 } as const;
const BINARY = new Set(['+', '-', '*', '/', '^']);
const precedence = (p: Pending) => (p.kind === 'bin' ? PRECEDENCE[p.op] : p.kind === 'neg' ? PRECEDENCE.neg : 0);

/**
 * The tree of a formula. Operator precedence by Dijkstra's shunting-yard: one loop over the tokens
 * with a stack of pending operators and one of finished operands, so nesting costs heap, not stack.
 */
export function parseFormula(src: string): Expr {
  if (typeof src !== 'string') throw new TypeError(`parseFormula: expected the formula as a string, got ${typeof src}`);
  if (src.trim() === '') throw new FormulaError('the formula is empty', src, 0);
  const toks = tokenize(src);
  const operands: Expr[] = [];
  const pending: Pending[] = [];
  const text = (t: Token) => src.slice(t.pos, Math.max(t.end, t.pos + 1));
  const describe = (t: Token) => (t.kind === 'end' ? 'the end of the formula' : quote(text(t)));
  /** `3x`, `2(x+1)`, `x y`: an operand right after an operand means a '*' is missing. */
  const missingTimes = (prev: Token, cur: Token): string => {
    const ends = prev.kind === 'num' || prev.kind === 'id' || prev.text === ')';
    const starts = cur.kind === 'num' || cur.kind === 'id' || (cur.kind === 'op' && cur.text === '(');
    return ends && starts ? `; multiplication needs '*': write ${text(prev)}*${cur.text === '(' ? '(…)' : text(cur)}` : '';
  };
  /** The innermost open parenthesis or call wanted ')' but found `t`. */
  const unclosed = (t: Token, prev: Token): FormulaError => {
    let open: Pending | undefined;
    for (let i = pending.length - 1; i >= 0 && !open; i--) if (pending[i].kind === 'paren' || pending[i].kind === 'call') open = pending[i];
    const what = !open ? `unexpected ${describe(t)} after a complete expression` : `expected ')'${open.kind === 'call' ? ` to close ${open.tok.text}(` : ''} but found ${describe(t)}`;
    return new FormulaError(what + missingTimes(prev, t), src, t.pos);
  };
  const reduce = () => {
    const p = pending.pop()!;
    if (p.kind === 'neg') {
      const arg = operands.pop()!;
      operands.push({ kind: 'neg', arg, start: p.tok.pos, end: arg.end });
    } else if (p.kind === 'bin') {
      const right = operands.pop()!;
      const left = operands.pop()!;
      operands.push({ kind: 'bin', op: p.op, left, right, start: left.start, end: right.end });
    }
  };
  const reduceOperators = () => {
    while (pending.length > 0 && precedence(pending[pending.length - 1]) > 0) reduce();
  };

  let wantOperand = true;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (wantOperand) {
      if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
        if (t.text === '-') pending.push({ kind: 'neg', tok: t });
      } else if (t.kind === 'num') {
        operands.push({ kind: 'num', value: Number(t.text), start: t.pos, end: t.end });
        wantOperand = false;
      } else if (t.kind === 'id' && toks[k + 1].text === '(' && toks[k + 1].kind === 'op') {
        const fn = own(FUNCTIONS, t.text);
        if (!fn) throw new FormulaError(`unknown function ${quote(text(t))}; known functions: ${Object.keys(FUNCTIONS).sort().join(', ')}`, src, t.pos);
        if (toks[k + 2].text === ')' && toks[k + 2].kind === 'op') throw new FormulaError(`${t.text} takes ${arityText(fn.arity)}, got 0`, src, t.pos);
        pending.push({ kind: 'call', tok: t, base: operands.length });
        k++;
      } else if (t.kind === 'id') {
        operands.push({ kind: 'var', name: t.text, start: t.pos, end: t.end });
        wantOperand = false;
      } else if (t.kind === 'op' && t.text === '(') {
        pending.push({ kind: 'paren', tok: t });
      } else {
        throw new FormulaError(`expected a number, a variable, a function or '(' but found ${describe(t)}`, src, t.pos);
      }
      continue;
    }
    if (t.kind === 'op' && BINARY.has(t.text)) {
      const op = t.text as BinaryOp;
      // pop what binds tighter; `^` is right-associative, the others left
      while (pending.length > 0 && (precedence(pending[pending.length - 1]) > PRECEDENCE[op] || (op !== '^' && precedence(pending[pending.length - 1]) === PRECEDENCE[op]))) reduce();
      pending.push({ kind: 'bin', op, tok: t });
      wantOperand = true;
      continue;
    }
    reduceOperators();
    const open = pending[pending.length - 1];
    if (t.kind === 'op' && t.text === ',' && open?.kind === 'call') {
      wantOperand = true;
    } else if (t.kind === 'op' && t.text === ')' && open?.kind === 'paren') {
      pending.pop();
      operands.push({ ...operands.pop()!, start: open.tok.pos, end: t.pos + 1 });
    } else if (t.kind === 'op' && t.text === ')' && open?.kind === 'call') {
      pending.pop();
      const fn = FUNCTIONS[open.tok.text];
      const args = operands.splice(open.base);
      if (!fn.arity.includes(args.length)) throw new FormulaError(`${open.tok.text} takes ${arityText(fn.arity)}, got ${args.length}`, src, open.tok.pos);
      operands.push({ kind: 'call', fn: open.tok.text, args, start: open.tok.pos, end: t.pos + 1 });
    } else if (t.kind !== 'end' || open) {
      throw unclosed(t, toks[k - 1]);
    }
  }
  return operands[0];
}

const arityText = (arity: readonly number[]) => `${arity.join(' or ')} argument${arity.at(-1) === 1 ? '' : 's'}`;

const childrenOf = (x: Expr): readonly Expr[] => (x.kind === 'neg' ? [x.arg] : x.kind === 'bin' ? [x.left, x.right] : x.kind === 'call' ? x.args : []);

/**
 * Folds a formula's tree bottom-up, children left to right before their parent, with a loop and an
 * explicit stack (a 100,000-term sum is a tree 100,000 deep). `f` gets a node and its children's results.
 */
export function foldFormula<R>(root: Expr, f: (x: Expr, children: R[]) => R): R {
  const results: R[] = [];
  const stack: { x: Expr; opened: boolean }[] = [{ x: root, opened: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const kids = childrenOf(top.x);
    if (!top.opened) {
      top.opened = true;
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ x: kids[i], opened: false });
      continue;
    }
    stack.pop();
    results.push(f(top.x, results.splice(results.length - kids.length, kids.length)));
  }
  return results[0];
}

/** The binary operators of a formula and the ops of the table they stand for. */
export const BINARY_OPS = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '^': 'pow' } as const;

/**
 * Formula text of a tree with the parentheses it needs and no more: `parseFormula(formulaText(e))`
 * gives the same tree back (random exercises are made as trees and stated as formulas).
 */
export function formulaText(root: Expr): string {
  const ATOM = 5;
  const done = foldFormula<{ text: string; prec: number }>(root, (x, kids) => {
    const wrap = (k: { text: string; prec: number }, needed: boolean) => (needed ? `(${k.text})` : k.text);
    switch (x.kind) {
      case 'num': return { text: String(x.value), prec: x.value < 0 ? PRECEDENCE.neg : ATOM };
      case 'var': return { text: x.name, prec: ATOM };
      case 'call': return { text: `${x.fn}(${kids.map((k) => k.text).join(', ')})`, prec: ATOM };
      case 'neg': return { text: `-${wrap(kids[0], kids[0].prec <= PRECEDENCE.neg)}`, prec: PRECEDENCE.neg };
      case 'bin': {
        const p = PRECEDENCE[x.op];
        const [l, r] = kids;
        // `^` groups to the right and wants a plain base; the others group to the left; a negated right operand is bracketed
        const left = x.op === '^' ? l.prec <= p : l.prec < p;
        const right = r.prec === PRECEDENCE.neg || (x.op === '^' ? r.prec < PRECEDENCE.neg : r.prec <= p);
        const space = p === 1 ? ' ' : '';
        return { text: `${wrap(l, left)}${space}${x.op}${space}${wrap(r, right)}`, prec: p };
      }
    }
  });
  return done.text;
}

/** The variables of a formula, in order of first appearance (constants such as pi and e excluded unless given). */
export function variablesOf(e: Expr, given: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set<string>();
  foldFormula<void>(e, (x) => {
    if (x.kind === 'var' && (given.has(x.name) || !Object.hasOwn(CONSTANTS, x.name))) seen.add(x.name);
  });
  return [...seen];
}

/**
 * Builds the Value graph of a formula. Each variable is one leaf (so `x*x` has two edges to it);
 * op nodes stay unlabelled, so they read by their sub-expression in the op table's notation
 * (`w1·x1`), as the same expression built with the API does. A number, or minus a number,
 * stays a constant, so `x^-1` is a power with a number exponent (defined for negative x too).
 * Formulas built with the same `shared` map share their common subexpressions.
 */
export function buildFormula(src: string, tree: Expr, inputs: Readonly<Record<string, Value>>, shared?: Map<string, Value>): Value {
  const reuse = (x: Expr, v: Value): Value => {
    if (!shared || x.end - x.start > 64) return v; // slicing every node of a long sum would be quadratic
    // a subexpression written the same way in several formulas is one node (computed once)
    const text = src.slice(x.start, x.end).replace(/\s+/g, '');
    if (shared.has(text)) return shared.get(text)!;
    shared.set(text, v);
    return v;
  };
  const value = (r: Value | number) => Value.from(r);
  const built = foldFormula<Value | number>(tree, (x, [a, b]) => {
    switch (x.kind) {
      case 'num': return x.value;
      case 'var': {
        const v = own(inputs, x.name) ?? (Object.hasOwn(CONSTANTS, x.name) ? Value.from(CONSTANTS[x.name]).named(x.name) : undefined);
        if (!(v instanceof Value)) throw new FormulaError(`the variable ${quote(x.name)} has no value; give it one with --at ${shorten(x.name)}=...`, src, x.start);
        return v;
      }
      case 'neg': return typeof a === 'number' ? -a : reuse(x, a.neg());
      case 'bin': {
        if (x.op === '^' && typeof b === 'number') return reuse(x, value(a).pow(b));
        return reuse(x, Value.apply(BINARY_OPS[x.op], value(a), value(b)));
      }
      case 'call': {
        const fn = FUNCTIONS[x.fn];
        if (fn.arity.includes(2) && TABLE[fn.op].arity === 1) {
          // a parametrised op (leakyRelu(x, slope)): the second argument must be a plain number
          if (b !== undefined && typeof b !== 'number') throw new FormulaError(`the second argument of ${x.fn} must be a number`, src, x.args[1].start);
          return reuse(x, Value.apply(fn.op, value(a), b ?? TABLE[fn.op].params![0]));
        }
        return reuse(x, Value.apply(fn.op, value(a), b === undefined ? 0 : value(b)));
      }
    }
  });
  return value(built);
}
