/**
 * The scalar `Value`: a number that remembers how it was computed (micrograd's design, on the
 * op table). Each op node keeps its ordered inputs and, per input edge, the local derivative it
 * used, so backward is one multiply-add per edge and diagrams can label every edge.
 */
import { describeArg, fmt } from './format';
import { JUPYTER_DISPLAY, type MimeBundle, notebookBundle } from './notebook';
import { AnomalyError, isAnomalyDetectionEnabled, isGradEnabled, topoSort } from './engine';
import { walkBackward } from './backward';
import { ATOM, SCALAR_OPS, type ScalarOp, type ScalarOpName, opSymbol, scalarOp, writeOp, writtenNumber } from './ops/scalar';
import { type Notations, isOneSymbol, nodeId, nodeName } from './naming';

let nextId = 0;
/** The walk order of `backward`, kept between passes so a pass does not allocate it. */
const backwardOrder: Value[] = [];

/**
 * A node's numbers live in a shared Float64Array chunk rather than in object fields: V8 boxes
 * every double-valued field in a 16-byte heap number. Slot 0 of a chunk holds the id of its
 * first node; then each node has SLOTS numbers: data, grad, d0, d1, and the walk mark times 64
 * plus the op code (both whole numbers, so exact in a double). Left in the object are the chunk,
 * the place in it, the label and the edges the garbage collector must trace: 64 bytes. Memory
 * decides the micrograd bench's peak RSS, since a step's graph is alive while the next is built.
 * (Labels in a WeakMap would save 8 bytes a node, within that bench's noise, and cost a fifth of
 * the speed of a scalar MLP, which labels every neuron's output.) A chunk is an ordinary GC'd typed
 * array, freed once no Value in it is reachable.
 */
const CHUNK_NODES = 1024;
const SLOTS = 5;
const GRAD = 1;
const D0 = 2;
const D1 = 3;
const MARK_OP = 4;
const OP_SPAN = 64;
let chunk = newChunk();
let chunkUsed = 0;

function newChunk(): Float64Array {
  const c = new Float64Array(1 + CHUNK_NODES * SLOTS);
  c[0] = nextId;
  return c;
}

/**
 * Op codes as stored in a chunk: 0 is a variable leaf (what `new Value` makes), then the op table
 * in order, then a constant leaf (a number an op or a formula coerced). Being a constant is part
 * of the op code, so it costs no field and no write on the path that records ops.
 */
const OP_NAMES = ['', ...Object.keys(SCALAR_OPS), ''];
const CONSTANT = OP_NAMES.length - 1;
const OP_CODES = new Map(OP_NAMES.slice(0, CONSTANT).map((name, code) => [name, code]));
const SUM = OP_CODES.get('sum')!;
if (OP_NAMES.length > OP_SPAN) throw new Error(`value.ts: ${OP_NAMES.length} ops do not fit the op-code span ${OP_SPAN}`);

export type ValueLike = Value | number;

export interface BackwardOptions {
  /** Check every gradient for NaN or infinity and name the node where one first appears. */
  anomaly?: boolean;
}

/**
 * The edges of an n-ary node (`Value.sum`), which do not fit the two inline slots. Frozen when
 * recorded (a graph never changes), so `inputs` and `localGrads` hand out these very lists: reading
 * them costs nothing per read, where a copy per read made a loop over a 20,000-input sum quadratic.
 */
export interface NaryEdges {
  readonly inputs: readonly Value[];
  readonly locals: readonly number[];
}

/**
 * Up to two input edges live in fields (`in0`, `in1`) with their local derivatives (`d0`, `d1`),
 * not in arrays: one object per node. An n-ary node keeps its first input in `in0` (so `in0` is
 * null exactly for leaves) and all its edges in `in1`. `inputs` and `localGrads` read them as lists.
 */
export class Value {
  /** This node's chunk and the index of its first slot there. */
  private readonly store: Float64Array;
  private readonly at: number;
  label: string;
  /** First input edge; null for a leaf. */
  in0: Value | null = null;
  /** Second input edge; null for a leaf or a unary op; all edges of an n-ary op. */
  in1: Value | NaryEdges | null = null;

  constructor(data: number, label = '') {
    if (typeof data !== 'number') throw new TypeError(`new Value: data must be a number, got ${describeArg(data)}`);
    if (typeof label !== 'string') throw new TypeError(`new Value: the label must be a string, got ${describeArg(label)}`);
    if (chunkUsed === CHUNK_NODES) {
      chunk = newChunk();
      chunkUsed = 0;
    }
    this.store = chunk;
    this.at = 1 + chunkUsed++ * SLOTS;
    nextId++;
    chunk[this.at] = data;
    this.label = label;
  }

  get data(): number { return this.store[this.at]; }
  set data(x: number) { this.store[this.at] = x; }
  get grad(): number { return this.store[this.at + GRAD]; }
  set grad(x: number) { this.store[this.at + GRAD] = x; }
  /** d(this)/d(in0), recorded on the forward pass. */
  get d0(): number { return this.store[this.at + D0]; }
  set d0(x: number) { this.store[this.at + D0] = x; }
  /** d(this)/d(in1); for a unary op this slot holds its constant parameter instead. */
  get d1(): number { return this.store[this.at + D1]; }
  set d1(x: number) { this.store[this.at + D1] = x; }
  /** Creation order, unique: stable names for diagrams and traces. */
  get id(): number { return this.store[0] + (this.at - 1) / SLOTS; }
  /** Op name from the op table (`'mul'`), or `''` for a leaf. */
  get op(): string { return OP_NAMES[this.store[this.at + MARK_OP] % OP_SPAN]; }
  /** Scratch mark of graph walks (see `topoSort`). */
  get _mark(): number { return Math.floor(this.store[this.at + MARK_OP] / OP_SPAN); }
  set _mark(x: number) {
    const i = this.at + MARK_OP;
    this.store[i] = x * OP_SPAN + (this.store[i] % OP_SPAN);
  }

  /** A number the expression was built with (`x.mul(3)`'s 3), not a variable: it has no gradient to show. */
  get constant(): boolean { return this.store[this.at + MARK_OP] % OP_SPAN === CONSTANT; }

  /** Marks a new leaf as a constant. Internal to the engine: see `Value.from`. */
  _asConstant(): this {
    this.store[this.at + MARK_OP] = CONSTANT;
    return this;
  }

  /** Records how this node was computed: its op (by code) and input edges. Internal to the engine. */
  _record(opCode: number, in0: Value, in1: Value | NaryEdges | null): void {
    this.store[this.at + MARK_OP] = opCode; // a new node has mark 0
    this.in0 = in0;
    this.in1 = in1;
  }

  /** The edges of an n-ary node, or null. */
  private get nary(): NaryEdges | null {
    return this.in1 !== null && !(this.in1 instanceof Value) ? this.in1 : null;
  }

  /** The constant parameter of a parametrised unary op (exponent of `powc`, slope of `leakyRelu`). */
  get param(): number {
    return this.in0 !== null && this.in1 === null ? this.d1 : 0;
  }

  /**
   * Wraps a number as a constant leaf, as ops do with their number operands; passes a Value
   * through. A Value made with `new Value(x)` is a variable, labelled or not.
   */
  static from(x: ValueLike): Value {
    return operand('Value.from', x);
  }

  /** One n-ary sum node (not a chain of adds): a loss over 10,000 samples is one node. */
  static sum(values: readonly ValueLike[]): Value {
    if (!Array.isArray(values)) throw new TypeError(`Value.sum: expected a list of Values or numbers, got ${describeArg(values)}`);
    const inputs = values.map((v) => operand('Value.sum', v));
    let total = 0;
    for (const v of inputs) total += v.data;
    const out = new Value(total);
    if (isGradEnabled() && inputs.length > 0) {
      out._record(SUM, inputs[0], { inputs: Object.freeze(inputs), locals: Object.freeze(new Array<number>(inputs.length).fill(1)) });
      if (isAnomalyDetectionEnabled()) checkForward(SCALAR_OPS.sum, inputs, out);
    }
    return out;
  }

  /** Applies an op of the table by name: `Value.apply('tanh', x)`, `Value.apply('add', a, b)`. */
  static apply(name: string, a: ValueLike, b: ValueLike = 0): Value {
    const op = scalarOp(name);
    if (!op || op.arity === 'n') throw new Error(`Value.apply: unknown op '${name}'. Known ops: ${Object.keys(SCALAR_OPS).join(', ')}`);
    return op.arity === 2 ? BINARY[name as Binary](operand(name, a), operand(name, b)) : UNARY[name as Unary](operand(name, a), b as number);
  }

  add(other: ValueLike): Value { return BINARY.add(this, operand('add', other)); }
  sub(other: ValueLike): Value { return BINARY.sub(this, operand('sub', other)); }
  mul(other: ValueLike): Value { return BINARY.mul(this, operand('mul', other)); }
  div(other: ValueLike): Value { return BINARY.div(this, operand('div', other)); }
  /** A number exponent works for any base when whole, base > 0 otherwise; a Value exponent needs base > 0. */
  pow(exponent: ValueLike): Value {
    return typeof exponent === 'number' ? UNARY.powc(this, exponent) : BINARY.pow(this, operand('pow', exponent));
  }
  maximum(other: ValueLike): Value { return BINARY.maximum(this, operand('maximum', other)); }
  minimum(other: ValueLike): Value { return BINARY.minimum(this, operand('minimum', other)); }
  neg(): Value { return UNARY.neg(this, 0); }
  exp(): Value { return UNARY.exp(this, 0); }
  log(): Value { return UNARY.log(this, 0); }
  tanh(): Value { return UNARY.tanh(this, 0); }
  sigmoid(): Value { return UNARY.sigmoid(this, 0); }
  relu(): Value { return UNARY.relu(this, 0); }
  leakyRelu(slope = 0.01): Value {
    if (typeof slope !== 'number') throw new TypeError(`leakyRelu: the slope must be a number, got ${describeArg(slope)}`);
    return UNARY.leakyRelu(this, slope);
  }
  softplus(): Value { return UNARY.softplus(this, 0); }
  sqrt(): Value { return UNARY.sqrt(this, 0); }
  abs(): Value { return UNARY.abs(this, 0); }
  sin(): Value { return UNARY.sin(this, 0); }
  cos(): Value { return UNARY.cos(this, 0); }

  /** Number of input edges: 0 for a leaf. */
  get numInputs(): number {
    const nary = this.nary;
    return this.in0 === null ? 0 : nary !== null ? nary.inputs.length : this.in1 === null ? 1 : 2;
  }

  inputAt(i: number): Value {
    const nary = this.nary;
    const v = nary !== null ? nary.inputs[i] : i === 0 ? this.in0 : i === 1 ? (this.in1 as Value | null) : null;
    if (!v) throw new RangeError(`inputAt: ${describeValue(this)} has ${this.numInputs} inputs, no input ${i}`);
    return v;
  }

  /** d(this)/d(input i) as computed on the forward pass. */
  localAt(i: number): number {
    const nary = this.nary;
    if (nary !== null && i < nary.locals.length) return nary.locals[i];
    if (nary === null && i < this.numInputs) return i === 0 ? this.d0 : this.d1;
    throw new RangeError(`localAt: ${describeValue(this)} has ${this.numInputs} inputs, no input ${i}`);
  }

  /** Ordered input edges (`x.mul(x)` has two, both `x`); a read-only list, O(1) to get. */
  get inputs(): readonly Value[] {
    const nary = this.nary;
    if (nary !== null) return nary.inputs;
    return this.in0 === null ? [] : this.in1 === null ? [this.in0] : [this.in0, this.in1 as Value];
  }

  /** d(this)/d(inputs[i]) as computed on the forward pass, one per input edge; a read-only list, O(1) to get. */
  get localGrads(): readonly number[] {
    const nary = this.nary;
    if (nary !== null) return nary.locals;
    return this.in0 === null ? [] : this.in1 === null ? [this.d0] : [this.d0, this.d1];
  }

  /** Sets the label and returns this, for `a.mul(b).named('e')`. */
  named(label: string): this {
    if (typeof label !== 'string') throw new TypeError(`named: the label must be a string, got ${describeArg(label)}`);
    this.label = label;
    return this;
  }

  /** A new leaf with the same data and label: gradients stop here. A constant stays one. */
  detach(): Value {
    const leaf = new Value(this.data, this.label);
    return this.constant ? leaf._asConstant() : leaf;
  }

  /** The op's diagram symbol (`×`, `tanh`, `^2`), or `''` for a leaf. */
  get opSymbol(): string {
    const op = scalarOp(this.op);
    return op ? opSymbol(op, this.param) : '';
  }

  /**
   * Backpropagates from this value. Leaves accumulate (a second call adds again, as in PyTorch);
   * every inner node's `grad` is set to its gradient from this pass, so it can be read and drawn.
   */
  backward(options: BackwardOptions = {}): void {
    const topo = topoSort<Value>(this, backwardOrder);
    try {
      for (let i = 0; i < topo.length; i++) if (topo[i].in0 !== null) topo[i].grad = 0;
      this.grad = this.in0 !== null ? 1 : this.grad + 1;
      walkBackward(topo, options.anomaly || isAnomalyDetectionEnabled() ? checkEdge : null);
    } finally {
      topo.fill(undefined as unknown as Value); // keep the capacity, not the graph
    }
  }

  /** Sets `grad = 0` on every node of the graph below (and including) this value. */
  zeroGrad(): void {
    for (const v of topoSort<Value>(this)) v.grad = 0;
  }

  /** `Value(x = 2, grad=0)`, `Value(mul#3 = 4, grad=1)`, `Value(leaf#0 = 2, grad=0)`, a constant `Value(2, grad=0)`: what `console.log` prints. */
  toString(): string {
    const name = this.constant && !this.label ? '' : nodeId(this);
    return `Value(${name ? name + ' = ' : ''}${this.data}, grad=${this.grad})`;
  }

  /** A Jupyter kernel shows this: the graph as SVG once `@chalkgrad/viz` is loaded, else the text. */
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle> {
    return notebookBundle(this);
  }

  /** Node's `console.log` and `util.inspect` print `toString()`, not the chunk the numbers live in. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** `JSON.stringify` gives the numbers and names, not the engine's storage. */
  toJSON(): { label: string; op: string; data: number; grad: number } {
    return { label: this.label, op: this.op, data: this.data, grad: this.grad };
  }
}

/** Resets `grad` to 0 on a list of values (parameters), or on the graph below one value. */
export function zeroGrad(values: Value | readonly Value[]): void {
  if (values instanceof Value) values.zeroGrad();
  else for (const v of values) v.grad = 0;
}

/** A Value operand: Values pass through, numbers become constant leaves (as in micrograd); anything else is named. */
function operand(op: string, x: ValueLike): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number') return new Value(x)._asConstant();
  const hint = x !== null && typeof x === 'object' && 'shape' in x ? '; a Tensor belongs to the tensor graph: use its .item() for a number, or Tensors throughout' : '';
  throw new TypeError(`${op}: expected a Value or a number, got ${describeArg(x)}${hint}`);
}

const VALUE_NOTATIONS: Notations<Value> = {
  leaf: (v) => (v.constant ? writtenNumber(fmt(v.data), v.data) : { text: `leaf#${v.id}`, prec: ATOM }),
  write: (v, args) => writeOp(scalarOp(v.op)!, v.param, args),
};

/**
 * How a node reads in messages, traces and diagrams (see `nodeName`): its label, an unlabelled op
 * by its sub-expression (`w1·x1`, `(y − t)²`), an unlabelled constant by its value (`3`), an
 * unlabelled variable as `leaf#0`.
 */
export function describeValue(v: Value): string {
  return nodeName(v, VALUE_NOTATIONS);
}

/**
 * A node's name as written after ∂: in parentheses unless it is one symbol (`x1`, `(w1·x1)`). Every
 * format that writes ∂ of a name (text, Markdown, TeX, frames, Beamer) writes this, so one formula
 * reads the same everywhere.
 */
export function partialName(v: Value): string {
  const name = describeValue(v);
  return isOneSymbol(name) ? name : `(${name})`;
}

/** `∂x1`, `∂(w1·x1)`. */
export function partial(v: Value): string {
  return `∂${partialName(v)}`;
}

/**
 * A number the expression was built with (`x.mul(3)`, `Value.sum([x, 1])`, a formula's literal),
 * not something to learn or vary: it gets no gradient row or line. Every `new Value` is a variable.
 */
export function isConstant(v: Value): boolean {
  return v.constant;
}

/**
 * One recording function per op of the table, made once. Each closure has call sites of its own,
 * so V8 inlines that op's forward and derivatives; one shared function would see every op and
 * inline none (measured: about 1.6x faster on the micrograd step).
 */
function recordBinary(op: ScalarOp): (a: Value, b: Value) => Value {
  const f = op.f;
  const da = op.d[0];
  const db = op.d[1];
  const code = OP_CODES.get(op.name)!;
  return (a, b) => {
    const out = new Value(f(a.data, b.data));
    if (!isGradEnabled()) return out;
    out._record(code, a, b);
    out.d0 = da(a.data, b.data, out.data);
    out.d1 = db(a.data, b.data, out.data);
    if (isAnomalyDetectionEnabled()) checkForward(op, [a, b], out);
    return out;
  };
}

function recordUnary(op: ScalarOp): (a: Value, k: number) => Value {
  const f = op.f;
  const da = op.d[0];
  const code = OP_CODES.get(op.name)!;
  return (a, k) => {
    const out = new Value(f(a.data, k));
    if (!isGradEnabled()) return out;
    out._record(code, a, null);
    out.d1 = k;
    out.d0 = da(a.data, k, out.data);
    if (isAnomalyDetectionEnabled()) checkForward(op, [a], out);
    return out;
  };
}

type Unary = { [K in ScalarOpName]: (typeof SCALAR_OPS)[K]['arity'] extends 1 ? K : never }[ScalarOpName];
type Binary = { [K in ScalarOpName]: (typeof SCALAR_OPS)[K]['arity'] extends 2 ? K : never }[ScalarOpName];
const TABLE = SCALAR_OPS as Record<string, ScalarOp>;
const names = (arity: 1 | 2) => Object.keys(TABLE).filter((n) => TABLE[n].arity === arity);
const UNARY = Object.fromEntries(names(1).map((n) => [n, recordUnary(TABLE[n])])) as Record<Unary, (a: Value, k: number) => Value>;
const BINARY = Object.fromEntries(names(2).map((n) => [n, recordBinary(TABLE[n])])) as Record<Binary, (a: Value, b: Value) => Value>;

/** `x = 2, 3`: input values for messages (a constant by its number). */
export function inputsText(inputs: readonly Value[]): string {
  return inputs.map((v) => (v.constant && !v.label ? String(v.data) : `${describeValue(v)} = ${v.data}`)).join(', ');
}

/** Anomaly mode: a non-finite output or local derivative from finite inputs is where trouble starts. */
function checkForward(op: ScalarOp, inputs: readonly Value[], out: Value): void {
  if (!inputs.every((v) => Number.isFinite(v.data))) return;
  const badLocal = out.localGrads.find((d) => !Number.isFinite(d));
  const bad = !Number.isFinite(out.data) ? `value ${out.data}` : badLocal !== undefined ? `local derivative ${badLocal}` : '';
  if (!bad) return;
  const domain = op.domainText ? ` ${op.name} needs ${op.domainText}.` : '';
  throw new AnomalyError(`anomaly in forward: ${op.name} gave ${bad} from finite inputs (${inputsText(inputs)}).${domain}`);
}

/** Anomaly mode's look at each edge of the backward walk: a non-finite contribution from a finite gradient is where trouble starts. */
function checkEdge(node: Value, j: number, contribution: number): void {
  if (Number.isFinite(contribution) || !Number.isFinite(node.grad)) return; // a non-finite node gradient was reported where it was produced
  const inputs = node.inputs;
  throw new AnomalyError(
    `anomaly in backward: at node ${describeValue(node)} (${node.op}, value ${node.data}, grad ${node.grad}) ` +
      `the gradient into input ${j} is ${contribution}: local derivative ${node.localAt(j)}; ` +
      `inputs ${inputsText(inputs)}. ${edgeFormula(node.op, j)}`,
  );
}

/** The formula of input edge j of an op (n-ary ops share one). */
export function edgeFormula(opName: string, j: number): string {
  const op = scalarOp(opName);
  return op ? op.formula[Math.min(j, op.formula.length - 1)] : '';
}
