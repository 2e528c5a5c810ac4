/**
 * The backward pass as an ordered list of chain-rule steps, for teaching: for each op node in
 * reverse topological order, its gradient and, per input edge, the local derivative, the
 * contribution (upstream gradient × local derivative) and the input's gradient after the step.
 * Computed on the side: `.grad` fields are not touched.
 */
import { sideGrads } from './backward';
import { describeArg, fmt, textTable } from './format';
import { Value, describeValue, edgeFormula, isConstant, partial } from './value';
import { Tensor } from './tensor/tensor';
import { type TensorTrace, traceTensor } from './tensor/trace';
import { type TensorForwardTrace, traceForwardTensor } from './tensor/forwardTrace';
import { type ForwardTrace, traceForward } from './forwardTrace';

export interface TraceEdge {
  /** Position of the edge among the node's inputs. */
  slot: number;
  input: Value;
  /** d(node)/d(input), the value the forward pass recorded. */
  local: number;
  formula: string;
  /** node gradient × local derivative. */
  contribution: number;
  /** The input's gradient after this contribution was added. */
  gradAfter: number;
}

export interface TraceStep {
  step: number;
  node: Value;
  /** d(output)/d(node), complete when the step runs (all users of the node came before). */
  grad: number;
  edges: TraceEdge[];
}

export class BackwardTrace {
  constructor(
    readonly output: Value,
    readonly steps: TraceStep[],
  ) {}

  /** Each variable leaf's final gradient, in order of first appearance (constants have none to show). */
  get leafGrads(): { leaf: Value; grad: number }[] {
    const seen = new Map<Value, number>();
    for (const s of this.steps) for (const e of s.edges) if (e.input.numInputs === 0 && !isConstant(e.input)) seen.set(e.input, e.gradAfter);
    return [...seen].map(([leaf, grad]) => ({ leaf, grad }));
  }

  /** An aligned text table, one row per edge into something with a gradient (constants have none to show). */
  toString(): string {
    const steps = this.steps;
    // rows made on demand, twice (widths, then lines): a million kept rows cost more in GC than making them twice
    function* rows(): Generator<string[]> {
      for (const s of steps) {
        let first = true;
        for (const e of s.edges) {
          if (isConstant(e.input)) continue;
          yield [
            first ? String(s.step) : '',
            first ? nodeText(s.node) : '',
            first ? fmt(s.grad) : '',
            describeValue(e.input),
            fmt(e.local),
            fmt(e.contribution),
            fmt(e.gradAfter),
            e.formula,
          ];
          first = false;
        }
      }
    }
    const d = partial(this.output);
    const head = `backward trace of ${describeValue(this.output)} = ${fmt(this.output.data)} (seed ${d}/${d} = 1)`;
    return `${head}\n${textTable(['step', 'node', 'grad', 'input', 'local ∂', 'grad × local', 'input grad', 'rule'], rows)}`;
  }
}

export function nodeText(v: Value): string {
  return `${describeValue(v)} = ${v.opSymbol}`;
}

export interface TraceOptions {
  /** 'reverse' (default): the backward pass. 'forward': forward mode, the tangents ∂node/∂wrt. */
  mode?: 'reverse' | 'forward';
  /** The input whose tangent forward mode carries: a Value, or a Tensor of a Tensor graph. */
  wrt?: Value | Tensor;
  /** Forward mode on Tensors: the direction ẋ wrt moves in, shaped like it (default all ones). */
  tangent?: Tensor;
  /** Reverse mode on Tensors: the upstream gradient of an output of more than one element. */
  gradient?: Tensor;
}

/**
 * The chain-rule steps of `output.backward()`, without changing any `.grad`; with
 * `{ mode: 'forward', wrt: x }` the steps of forward mode carrying ∂node/∂x instead (for a Tensor
 * x, the directional derivative along `tangent`, all ones unless given).
 */
export function trace(output: Value, options?: TraceOptions & { mode?: 'reverse' }): BackwardTrace;
export function trace(output: Value, options: TraceOptions & { mode: 'forward'; wrt: Value }): ForwardTrace;
export function trace(output: Tensor, gradient?: Tensor): TensorTrace;
export function trace(output: Tensor, options: TraceOptions & { mode?: 'reverse' }): TensorTrace;
export function trace(output: Tensor, options: TraceOptions & { mode: 'forward'; wrt: Tensor }): TensorForwardTrace;
export function trace(output: Value | Tensor, arg?: Tensor | TraceOptions): BackwardTrace | ForwardTrace | TensorTrace | TensorForwardTrace {
  if (!(output instanceof Value || output instanceof Tensor)) throw new TypeError(`trace: expected the Value or Tensor whose backward pass to show (your expression's result), got ${describeArg(output)}`);
  if (output instanceof Tensor && (arg === undefined || arg instanceof Tensor)) return traceTensor(output, arg);
  if (arg !== undefined && (typeof arg !== 'object' || arg === null || arg instanceof Value)) {
    throw new TypeError(`trace: the second argument is the options ({ mode: 'forward', wrt: x })${output instanceof Tensor ? ' or the upstream gradient, a Tensor' : ''}; got ${describeArg(arg)}`);
  }
  const options = (arg ?? {}) as TraceOptions;
  if (options.mode !== undefined && options.mode !== 'reverse' && options.mode !== 'forward') throw new RangeError(`trace: mode is 'reverse' or 'forward', got ${describeArg(options.mode)}`);
  if (output instanceof Tensor) return options.mode === 'forward' ? traceForwardTensor(output, options.wrt as Tensor, options.tangent) : traceTensor(output, options.gradient);
  return options.mode === 'forward' ? traceForward(output, options.wrt as Value) : traceValue(output);
}

function traceValue(output: Value): BackwardTrace {
  const steps: TraceStep[] = [];
  sideGrads(output, [], (node, slot, contribution) => {
    let step = steps[steps.length - 1];
    if (step?.node !== node) steps.push((step = { step: steps.length + 1, node, grad: node.grad, edges: [] }));
    const input = node.inputAt(slot);
    step.edges.push({ slot, input, local: node.localAt(slot), formula: edgeFormula(node.op, slot), contribution, gradAfter: input.grad });
  }, () => undefined);
  return new BackwardTrace(output, steps);
}
