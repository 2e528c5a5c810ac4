/**
 * The backward pass of a Tensor graph as ordered steps: per node (reverse topological order) its
 * gradient, and per input edge the VJP rule, the contribution and the input's gradient after it.
 * Computed on the side: `.grad` is not touched.
 */
import { sideTensorGrads } from './backward';
import { fmt, textTable } from '../format';
import { alloc, dotOf } from './kernels';
import { fmtShape } from './shape';
import { Tensor } from './tensor';
import { type Notations, nodeName } from '../naming';
import { ATOM, type Written, writeNotation, writtenNumber } from '../ops/scalar';

export interface TensorTraceEdge {
  slot: number;
  input: Tensor;
  /** The VJP rule of this edge from the op table (`∂L/∂A = G · Bᵀ`). */
  formula: string;
  contribution: Tensor;
  gradAfter: Tensor;
}

export interface TensorTraceStep {
  step: number;
  node: Tensor;
  grad: Tensor;
  edges: TensorTraceEdge[];
}

/** The Euclidean norm of a tensor's elements: how the tensor traces summarise a gradient or tangent. */
export const norm = (t: Tensor) => Math.sqrt(dotOf(t.data, t.data));

/** A constant by its numbers when they are few (`2`, `[1, 0, 1]`), else by its id. */
function constantText(t: Tensor): Written {
  if (t.size === 1) return writtenNumber(fmt(t.data[0]), t.data[0]);
  if (t.ndim === 1 && t.size <= 4) return { text: `[${Array.from(t.data, (x) => fmt(x)).join(', ')}]`, prec: ATOM };
  return { text: `constant#${t.id}`, prec: ATOM };
}

const TENSOR_NOTATIONS: Notations<Tensor> = {
  leaf: (t) => (t.constant ? constantText(t) : { text: `leaf#${t.id}`, prec: ATOM }),
  write: (t, args) => writeNotation(t.fn!.notation ?? { call: t.op }, typeof t.params === 'number' ? t.params : 0, args),
};

/**
 * How a tensor node reads in traces and diagrams (see `nodeName`): its label, an unlabelled op by
 * its sub-expression (`W·x + b`, `Σ tanh(h)`), a constant by its value, an unlabelled leaf as `leaf#3`.
 */
export function tensorName(t: Tensor): string {
  return nodeName(t, TENSOR_NOTATIONS);
}

export class TensorTrace {
  constructor(
    readonly output: Tensor,
    readonly steps: TensorTraceStep[],
  ) {}

  toString(): string {
    const rows: string[][] = [];
    for (const s of this.steps) {
      s.edges.forEach((e, i) => {
        rows.push([
          i === 0 ? String(s.step) : '', i === 0 ? `${tensorName(s.node)} = ${s.node.op}` : '', i === 0 ? fmtShape(s.node.shape) : '', i === 0 ? fmt(norm(s.grad), 4) : '',
          tensorName(e.input), fmt(norm(e.contribution), 4), fmt(norm(e.gradAfter), 4), e.formula,
        ]);
      });
    }
    return `backward trace of ${tensorName(this.output)} ${fmtShape(this.output.shape)} (norms ‖·‖ of the gradients)\n${textTable(['step', 'node', 'shape', '‖grad‖', 'input', '‖contribution‖', '‖input grad‖', 'rule'], rows)}`;
  }
}

export function traceTensor(output: Tensor, gradient?: Tensor): TensorTrace {
  if (!gradient && output.size !== 1) throw new RangeError(`trace: the output has shape ${fmtShape(output.shape)}; pass the upstream gradient or reduce it to one element`);
  const steps: TensorTraceStep[] = [];
  const seed = gradient ?? new Tensor(alloc(output.dtype, 1).fill(1), output.shape);
  sideTensorGrads(output, seed, [], (node, slot, c) => {
    let step = steps[steps.length - 1];
    if (step?.node !== node) steps.push((step = { step: steps.length + 1, node, grad: new Tensor(node.grad!.data.slice(), node.shape), edges: [] }));
    const input = node.inputs[slot];
    // Copies: the walk adds later contributions into these arrays in place.
    const formula = node.fn!.formula[Math.min(slot, node.fn!.formula.length - 1)];
    step.edges.push({ slot, input, formula, contribution: new Tensor(c.slice(), input.shape), gradAfter: new Tensor(input.grad!.data.slice(), input.shape) });
  }, false, () => undefined);
  return new TensorTrace(output, steps);
}
