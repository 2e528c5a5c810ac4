/**
 * The scalar op table: every differentiable operation on a `Value`, defined once.
 *
 * An entry holds the forward function, one local derivative per input (numbers, used on the
 * forward pass and for forward-mode tangents), the same derivative as a differentiable expression
 * (used by createGraph for higher derivatives, on Values and elementwise on Tensors alike), the
 * formula text (Unicode and LaTeX) shown on diagram edges and in the docs, the domain the
 * generated gradcheck samples from, and the ONNX operator and PyTorch expression the exporters
 * write (`ops/export.ts`). Adding an op = one entry here (and a one-line method on Value
 * and on Tensor); the generated tests pick it up by themselves.
 *
 * Unary ops may take a constant parameter `k` (the exponent of `powc`, the slope of `leakyRelu`),
 * passed as the second argument of `f` and of each derivative.
 */
import { lookup } from '../lookup';

/** A closed interval a sample may be drawn from; an input's domain is a union of intervals. */
export type Interval = readonly [number, number];

/**
 * What a differentiable derivative may use: the methods `Value` and `Tensor` share, so one
 * expression serves both graph kinds (on Tensors it is applied elementwise).
 */
export interface Differentiable<T> {
  add(o: T | number): T;
  sub(o: T | number): T;
  mul(o: T | number): T;
  div(o: T | number): T;
  pow(o: T | number): T;
  neg(): T;
  exp(): T;
  log(): T;
  tanh(): T;
  sigmoid(): T;
  sin(): T;
  cos(): T;
}

/**
 * Per element, `then` where `test(a, b)` holds on the input values, else `otherwise`: a special
 * case of a derivative (0ᵇ). Give the branch that would be NaN there a safe input, as the pow
 * entry does: the gradient of an unused branch is 0, and 0 × NaN is still NaN.
 */
export type Pick<T> = (test: (a: number, b: number) => boolean, then: T | number, otherwise: T | number) => T;

/**
 * A local derivative as a differentiable expression of the inputs `a`, `b` (the second input, or
 * the parameter k of a unary op) and the output. `null` for a piecewise-constant derivative
 * (relu, abs, max): the numeric `d`, held constant, since its own derivative is 0 almost everywhere.
 */
export type DGraph = (<T extends Differentiable<T>>(a: T, b: T | number, out: T, pick: Pick<T>) => T | number) | null;

export interface ScalarOp {
  readonly name: string;
  /** The Value and Tensor method that applies the op, when its name differs (`powc` is `x.pow(3)`). */
  readonly method?: string;
  readonly arity: 1 | 2 | 'n';
  /** Short text for diagrams: `+`, `×`, `tanh`. A function for parametrised ops (`^3`). */
  readonly symbol: string | ((k: number) => string);
  /**
   * How the op reads in the sub-expression that names an unlabelled node (`w1·x1`, `(y − t)²`):
   * between its inputs, before or after its input, around it, or as a call (the default: `σ(z)`).
   * `prec` binds as in school algebra: 1 sums, 2 products, 3 unary minus, 4 powers; calls bind tightest.
   */
  readonly notation?: Notation;
  readonly f: (a: number, b: number) => number;
  /** Local derivative d(out)/d(input i) from the input values and the output value. */
  readonly d: readonly ((a: number, b: number, out: number) => number)[];
  /** The same derivative as a differentiable expression (or a constant, or null: see `DGraph`). */
  readonly dGraph: readonly DGraph[];
  /** One formula per input, e.g. `∂tanh(a)/∂a = 1 − tanh²(a)`. */
  readonly formula: readonly string[];
  readonly tex: readonly string[];
  /** Where each input may be sampled by gradcheck (kinks and poles left out). */
  readonly domain: readonly (readonly Interval[])[];
  /** Human words for the domain, used in error messages (`a > 0`). */
  readonly domainText?: string;
  /**
   * Where the op has no derivative though its value is continuous (relu and abs at 0, max and min on
   * a tie): a test on the input values `a`, `b` (or the parameter k), and the same in words. The
   * engine uses one subgradient there; gradcheck notes every node at a kink, even when it passes.
   */
  readonly kink?: { readonly at: (a: number, b: number) => boolean; readonly text: string };
  /** Values of the parameter k that gradcheck tries. */
  readonly params?: readonly number[];
  /** The ONNX operator; the parameter k goes in as the float attribute named here, or as a constant second input. */
  readonly onnx: { op: string; k?: string | 'input' };
  /** The PyTorch expression, in `a`, `b`, `k` (and `xs`, the inputs of an n-ary op). */
  readonly torch: string;
}

export type Notation =
  | { readonly infix: string; readonly prec: number; readonly assoc?: boolean }
  /** `outer`: how tightly the result binds, when looser than its operand (`Σ x` is bracketed in `(Σ x)·2`). */
  | { readonly prefix: string; readonly prec: number; readonly outer?: number }
  | { readonly postfix: (k: number) => string; readonly prec: number }
  | { readonly around: readonly [string, string] }
  | { readonly call: string };

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };
/** `a²`, `a⁻¹`; `a^0.5` where there is no superscript for the exponent. */
const power = (k: number): string => (/^-?\d+$/.test(String(k)) ? [...String(k)].map((c) => SUPERSCRIPT[c]).join('') : `^${k}`);

const R: Interval[] = [[-2, 2]];
const POS: Interval[] = [[0.2, 3]];
const NONZERO: Interval[] = [[-2, -0.2], [0.2, 2]];

const zeroExponent = (_a: number, b: number): boolean => b === 0;
const zeroBase = (a: number, b: number): boolean => a === 0 && b >= 0;
const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));

export const SCALAR_OPS = {
  add: {
    name: 'add', arity: 2, symbol: '+',
    onnx: { op: 'Add' }, torch: 'a + b',
    notation: { infix: ' + ', prec: 1, assoc: true },
    f: (a, b) => a + b,
    d: [() => 1, () => 1],
    dGraph: [() => 1, () => 1],
    formula: ['∂(a + b)/∂a = 1', '∂(a + b)/∂b = 1'],
    tex: ['\\frac{\\partial (a+b)}{\\partial a} = 1', '\\frac{\\partial (a+b)}{\\partial b} = 1'],
    domain: [R, R],
  },
  sub: {
    name: 'sub', arity: 2, symbol: '−',
    onnx: { op: 'Sub' }, torch: 'a - b',
    notation: { infix: ' − ', prec: 1 },
    f: (a, b) => a - b,
    d: [() => 1, () => -1],
    dGraph: [() => 1, () => -1],
    formula: ['∂(a − b)/∂a = 1', '∂(a − b)/∂b = −1'],
    tex: ['\\frac{\\partial (a-b)}{\\partial a} = 1', '\\frac{\\partial (a-b)}{\\partial b} = -1'],
    domain: [R, R],
  },
  mul: {
    name: 'mul', arity: 2, symbol: '×',
    onnx: { op: 'Mul' }, torch: 'a * b',
    notation: { infix: '·', prec: 2, assoc: true },
    f: (a, b) => a * b,
    d: [(_a, b) => b, (a) => a],
    dGraph: [(_a, b) => b, (a) => a],
    formula: ['∂(a·b)/∂a = b', '∂(a·b)/∂b = a'],
    tex: ['\\frac{\\partial (ab)}{\\partial a} = b', '\\frac{\\partial (ab)}{\\partial b} = a'],
    domain: [R, R],
  },
  div: {
    name: 'div', arity: 2, symbol: '/',
    onnx: { op: 'Div' }, torch: 'a / b',
    notation: { infix: '/', prec: 2 },
    f: (a, b) => a / b,
    d: [(_a, b) => 1 / b, (a, b) => -a / (b * b)],
    dGraph: [(a, b) => (b as typeof a).pow(-1), (a, b) => a.neg().div((b as typeof a).mul(b))],
    formula: ['∂(a/b)/∂a = 1/b', '∂(a/b)/∂b = −a/b²'],
    tex: ['\\frac{\\partial (a/b)}{\\partial a} = \\frac{1}{b}', '\\frac{\\partial (a/b)}{\\partial b} = -\\frac{a}{b^2}'],
    domain: [R, NONZERO],
    domainText: 'b ≠ 0',
  },
  pow: {
    name: 'pow', arity: 2, symbol: '^',
    onnx: { op: 'Pow' }, torch: 'torch.pow(a, b)',
    notation: { infix: '^', prec: 4 },
    f: (a, b) => Math.pow(a, b),
    // As PyTorch and autograd: 0 where b = 0 (x⁰ is constant), and 0 for 0ᵇ with b ≥ 0 (not 0·ln 0).
    d: [(a, b) => (b === 0 ? 0 : b * Math.pow(a, b - 1)), (a, b, out) => (zeroBase(a, b) ? 0 : out * Math.log(a))],
    dGraph: [
      (a, b, _out, pick) => pick(zeroExponent, 0, (b as typeof a).mul(a.pow(pick(zeroExponent, 1, b).sub(1)))),
      (a, _b, out, pick) => pick(zeroBase, 0, out.mul(pick(zeroBase, 1, a).log())),
    ],
    formula: ['∂(aᵇ)/∂a = b·aᵇ⁻¹ (0 if b = 0)', '∂(aᵇ)/∂b = aᵇ·ln a (0 if a = 0 and b ≥ 0)'],
    tex: ['\\frac{\\partial a^b}{\\partial a} = b\\,a^{b-1}', '\\frac{\\partial a^b}{\\partial b} = a^b \\ln a'],
    domain: [POS, R],
    domainText: 'a > 0 (a Value exponent goes through ln a)',
  },
  powc: {
    name: 'powc', method: 'pow', arity: 1, symbol: (k: number) => `^${k}`,
    onnx: { op: 'Pow', k: 'input' }, torch: 'a ** k',
    notation: { postfix: power, prec: 4 },
    f: (a, k) => Math.pow(a, k),
    // k = 0: the derivative of a constant is 0 everywhere, also at a = 0 (0·0⁻¹ would be NaN).
    d: [(a, k) => (k === 0 ? 0 : k * Math.pow(a, k - 1))],
    dGraph: [(a, k) => (k === 0 ? 0 : a.pow((k as number) - 1).mul(k as number))],
    formula: ['∂(aᵏ)/∂a = k·aᵏ⁻¹ (0 if k = 0)'],
    tex: ['\\frac{\\partial a^k}{\\partial a} = k\\,a^{k-1}'],
    domain: [POS],
    domainText: 'any a for a whole-number k; a > 0 otherwise',
    params: [2, 3, -1, 0.5, 0, 1],
  },
  neg: {
    name: 'neg', arity: 1, symbol: '−',
    onnx: { op: 'Neg' }, torch: '-a',
    notation: { prefix: '−', prec: 3 },
    f: (a) => -a,
    d: [() => -1],
    dGraph: [() => -1],
    formula: ['∂(−a)/∂a = −1'],
    tex: ['\\frac{\\partial (-a)}{\\partial a} = -1'],
    domain: [R],
  },
  exp: {
    name: 'exp', arity: 1, symbol: 'exp',
    onnx: { op: 'Exp' }, torch: 'torch.exp(a)',
    f: (a) => Math.exp(a),
    d: [(_a, _k, out) => out],
    dGraph: [(_a, _k, out) => out],
    formula: ['∂exp(a)/∂a = exp(a)'],
    tex: ['\\frac{\\partial e^a}{\\partial a} = e^a'],
    domain: [R],
  },
  log: {
    name: 'log', arity: 1, symbol: 'ln',
    onnx: { op: 'Log' }, torch: 'torch.log(a)',
    f: (a) => Math.log(a),
    d: [(a) => 1 / a],
    dGraph: [(a) => a.pow(-1)],
    formula: ['∂ln(a)/∂a = 1/a'],
    tex: ['\\frac{\\partial \\ln a}{\\partial a} = \\frac{1}{a}'],
    domain: [POS],
    domainText: 'a > 0',
  },
  tanh: {
    name: 'tanh', arity: 1, symbol: 'tanh',
    onnx: { op: 'Tanh' }, torch: 'torch.tanh(a)',
    f: (a) => Math.tanh(a),
    d: [(_a, _k, out) => 1 - out * out],
    dGraph: [(_a, _k, out) => out.mul(out).neg().add(1)],
    formula: ['∂tanh(a)/∂a = 1 − tanh²(a)'],
    tex: ['\\frac{\\partial \\tanh a}{\\partial a} = 1 - \\tanh^2 a'],
    domain: [R],
  },
  sigmoid: {
    name: 'sigmoid', arity: 1, symbol: 'σ',
    onnx: { op: 'Sigmoid' }, torch: 'torch.sigmoid(a)',
    f: (a) => sigmoid(a),
    d: [(_a, _k, out) => out * (1 - out)],
    dGraph: [(_a, _k, out) => out.mul(out.neg().add(1))],
    formula: ['∂σ(a)/∂a = σ(a)·(1 − σ(a))'],
    tex: ['\\frac{\\partial \\sigma(a)}{\\partial a} = \\sigma(a)\\,(1 - \\sigma(a))'],
    domain: [R],
  },
  relu: {
    name: 'relu', arity: 1, symbol: 'ReLU',
    onnx: { op: 'Relu' }, torch: 'torch.relu(a)',
    f: (a) => (a > 0 ? a : 0),
    d: [(a) => (a > 0 ? 1 : 0)],
    dGraph: [null],
    formula: ['∂relu(a)/∂a = 1 if a > 0, else 0'],
    tex: ['\\frac{\\partial \\operatorname{relu}(a)}{\\partial a} = [a > 0]'],
    domain: [NONZERO],
    kink: { at: (a) => a === 0, text: 'a = 0' },
  },
  leakyRelu: {
    name: 'leakyRelu', arity: 1, symbol: (k: number) => `LReLU(${k})`,
    onnx: { op: 'LeakyRelu', k: 'alpha' }, torch: 'torch.nn.functional.leaky_relu(a, k)',
    notation: { call: 'LReLU' },
    f: (a, k) => (a > 0 ? a : k * a),
    d: [(a, k) => (a > 0 ? 1 : k)],
    dGraph: [null],
    formula: ['∂lrelu(a)/∂a = 1 if a > 0, else k'],
    tex: ['\\frac{\\partial \\operatorname{lrelu}(a)}{\\partial a} = 1 \\text{ if } a > 0 \\text{ else } k'],
    domain: [NONZERO],
    kink: { at: (a, k) => a === 0 && k !== 1, text: 'a = 0' },
    params: [0.01, 0.2],
  },
  softplus: {
    name: 'softplus', arity: 1, symbol: 'softplus',
    onnx: { op: 'Softplus' }, torch: 'torch.nn.functional.softplus(a)',
    f: (a) => Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))),
    d: [(a) => sigmoid(a)],
    dGraph: [(a) => a.sigmoid()],
    formula: ['∂softplus(a)/∂a = σ(a)'],
    tex: ['\\frac{\\partial \\ln(1+e^a)}{\\partial a} = \\sigma(a)'],
    domain: [R],
  },
  sqrt: {
    name: 'sqrt', arity: 1, symbol: '√',
    onnx: { op: 'Sqrt' }, torch: 'torch.sqrt(a)',
    f: (a) => Math.sqrt(a),
    d: [(_a, _k, out) => 0.5 / out],
    dGraph: [(_a, _k, out) => out.pow(-1).mul(0.5)],
    formula: ['∂√a/∂a = 1/(2√a)'],
    tex: ['\\frac{\\partial \\sqrt{a}}{\\partial a} = \\frac{1}{2\\sqrt{a}}'],
    domain: [POS],
    domainText: 'a > 0 (a ≥ 0 for the value)',
  },
  abs: {
    name: 'abs', arity: 1, symbol: '|·|',
    onnx: { op: 'Abs' }, torch: 'torch.abs(a)',
    notation: { around: ['|', '|'] },
    f: (a) => Math.abs(a),
    d: [(a) => (a > 0 ? 1 : a < 0 ? -1 : 0)],
    dGraph: [null],
    formula: ['∂|a|/∂a = sign(a)'],
    tex: ['\\frac{\\partial |a|}{\\partial a} = \\operatorname{sign}(a)'],
    domain: [NONZERO],
    kink: { at: (a) => a === 0, text: 'a = 0' },
  },
  sin: {
    name: 'sin', arity: 1, symbol: 'sin',
    onnx: { op: 'Sin' }, torch: 'torch.sin(a)',
    f: (a) => Math.sin(a),
    d: [(a) => Math.cos(a)],
    dGraph: [(a) => a.cos()],
    formula: ['∂sin(a)/∂a = cos(a)'],
    tex: ['\\frac{\\partial \\sin a}{\\partial a} = \\cos a'],
    domain: [R],
  },
  cos: {
    name: 'cos', arity: 1, symbol: 'cos',
    onnx: { op: 'Cos' }, torch: 'torch.cos(a)',
    f: (a) => Math.cos(a),
    d: [(a) => -Math.sin(a)],
    dGraph: [(a) => a.sin().neg()],
    formula: ['∂cos(a)/∂a = −sin(a)'],
    tex: ['\\frac{\\partial \\cos a}{\\partial a} = -\\sin a'],
    domain: [R],
  },
  maximum: {
    name: 'maximum', arity: 2, symbol: 'max',
    onnx: { op: 'Max' }, torch: 'torch.maximum(a, b)',
    f: (a, b) => Math.max(a, b),
    d: [(a, b) => (a > b ? 1 : a < b ? 0 : 0.5), (a, b) => (b > a ? 1 : b < a ? 0 : 0.5)],
    dGraph: [null, null],
    formula: ['∂max(a, b)/∂a = 1 if a > b, 0 if a < b, ½ on a tie', '∂max(a, b)/∂b = 1 if b > a, 0 if b < a, ½ on a tie'],
    tex: ['\\frac{\\partial \\max(a,b)}{\\partial a} = [a > b]', '\\frac{\\partial \\max(a,b)}{\\partial b} = [b > a]'],
    domain: [R, R],
    kink: { at: (a, b) => a === b, text: 'a tie, a = b' },
  },
  minimum: {
    name: 'minimum', arity: 2, symbol: 'min',
    onnx: { op: 'Min' }, torch: 'torch.minimum(a, b)',
    f: (a, b) => Math.min(a, b),
    d: [(a, b) => (a < b ? 1 : a > b ? 0 : 0.5), (a, b) => (b < a ? 1 : b > a ? 0 : 0.5)],
    dGraph: [null, null],
    formula: ['∂min(a, b)/∂a = 1 if a < b, 0 if a > b, ½ on a tie', '∂min(a, b)/∂b = 1 if b < a, 0 if b > a, ½ on a tie'],
    tex: ['\\frac{\\partial \\min(a,b)}{\\partial a} = [a < b]', '\\frac{\\partial \\min(a,b)}{\\partial b} = [b < a]'],
    domain: [R, R],
    kink: { at: (a, b) => a === b, text: 'a tie, a = b' },
  },
  sum: {
    name: 'sum', arity: 'n', symbol: 'Σ',
    onnx: { op: 'Sum' }, torch: 'torch.stack(xs).sum(0)',
    notation: { infix: ' + ', prec: 1, assoc: true },
    f: (a, b) => a + b,
    d: [() => 1],
    dGraph: [() => 1],
    formula: ['∂(Σᵢ aᵢ)/∂aᵢ = 1'],
    tex: ['\\frac{\\partial \\sum_i a_i}{\\partial a_i} = 1'],
    domain: [R],
  },
} satisfies Record<string, ScalarOp>;

export type ScalarOpName = keyof typeof SCALAR_OPS;

/** The op entry by name, or undefined for a leaf (`op === ''`). */
export function scalarOp(name: string): ScalarOp | undefined {
  return lookup(SCALAR_OPS as Record<string, ScalarOp>, name);
}

/** Text and binding strength (`prec` of the notation; names, numbers and calls bind tightest). */
export interface Written {
  text: string;
  prec: number;
}
export const ATOM = 5;

/**
 * The op written around its inputs' texts in its notation (`a·b`, `(a + b)²`, `σ(a)`), parentheses
 * where needed: around a weaker operand, and around a signed one after an operator (`3·(-1)`, `x − (−y)`).
 */
export function writeOp(op: ScalarOp, param: number, args: readonly Written[]): Written {
  return writeNotation(op.notation ?? { call: opSymbol(op, param) }, param, args);
}

/** Inputs' texts written in a notation: what `writeOp` does for a scalar op, and a tensor op's name uses. */
export function writeNotation(n: Notation, param: number, args: readonly Written[]): Written {
  const wrap = (a: Written, tight: boolean) => (tight ? `(${a.text})` : a.text);
  const signed = (a: Written) => /^[-−]/.test(a.text);
  if ('call' in n) return { text: `${n.call}(${args.map((a) => a.text).join(', ')})`, prec: ATOM };
  if ('around' in n) return { text: `${n.around[0]}${args[0].text}${n.around[1]}`, prec: ATOM };
  if ('prefix' in n) return { text: n.prefix + wrap(args[0], args[0].prec < n.prec || signed(args[0])), prec: n.outer ?? n.prec };
  if ('postfix' in n) return { text: wrap(args[0], args[0].prec <= n.prec) + n.postfix(param), prec: n.prec };
  return { text: args.map((a, i) => wrap(a, a.prec < n.prec || (i > 0 && (signed(a) || (a.prec === n.prec && !n.assoc))))).join(n.infix), prec: n.prec };
}

/** A number as an operand: a negative one binds as a unary minus. */
export function writtenNumber(text: string, x: number): Written {
  return { text, prec: x < 0 ? 3 : ATOM };
}

/** The diagram text of an op, with its parameter filled in. */
export function opSymbol(op: ScalarOp, k: number): string {
  return typeof op.symbol === 'function' ? op.symbol(k) : op.symbol;
}
