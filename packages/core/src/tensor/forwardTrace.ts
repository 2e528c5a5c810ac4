/**
 * Forward mode on a Tensor graph as ordered chain-rule steps, the counterpart of the tensor backward
 * trace: in topological order, each op node's tangent (its directional derivative along the seed ẋ
 * of one input x) as the sum over its input edges of the Jacobian-vector product J·(input's
 * tangent). Tensors are summarised by their norms, as in the backward trace.
 */
import { describeArg, fmt, textTable } from '../format';
import { walkForwardTensors } from './forward';
import { alloc } from './kernels';
import { fmtShape, sameShape } from './shape';
import { Tensor } from './tensor';
import { norm, tensorName } from './trace';

export interface TensorForwardTraceEdge {
  slot: number;
  input: Tensor;
  /** The op's VJP rule from the table; forward mode applies its transpose (see `tangentRule`). */
  formula: string;
  /** The input's tangent, ∂input along ẋ. */
  inputTangent: Tensor;
  /** J·(input's tangent): what this edge adds to the node's tangent. */
  contribution: Tensor;
}

export interface TensorForwardTraceStep {
  step: number;
  node: Tensor;
  /** The node's tangent: the sum of its edges' contributions. */
  tangent: Tensor;
  edges: TensorForwardTraceEdge[];
}

export class TensorForwardTrace {
  constructor(
    readonly output: Tensor,
    readonly wrt: Tensor,
    /** ẋ, the direction wrt moves in. */
    readonly seed: Tensor,
    readonly steps: TensorForwardTraceStep[],
  ) {}

  /** The output's tangent: d/dε output(wrt + ε·ẋ) at ε = 0 (zeros when the output does not depend on wrt). */
  get tangent(): Tensor {
    const last = this.steps.find((s) => s.node === this.output);
    if (last) return last.tangent;
    return this.output === this.wrt ? this.seed : new Tensor(alloc(this.output.dtype, this.output.size), this.output.shape);
  }

  /** An aligned text table, one row per edge; for a one-element output the header ends with its tangent. */
  toString(): string {
    const x = tensorName(this.wrt);
    const rows = this.steps.flatMap((s) =>
      s.edges.map((e, i) => [
        i === 0 ? String(s.step) : '', i === 0 ? `${tensorName(s.node)} = ${s.node.op}` : '', i === 0 ? fmtShape(s.node.shape) : '',
        tensorName(e.input), fmt(norm(e.inputTangent), 4), fmt(norm(e.contribution), 4), i === s.edges.length - 1 ? fmt(norm(s.tangent), 4) : '', e.formula,
      ]),
    );
    const ones = this.seed.data.every((v) => v === 1);
    const seed = `seed ẋ = ${ones ? 'all ones: every element of' : 'the tangent given for'} ${x} ${fmtShape(this.wrt.shape)}, every other input 0`;
    const total = this.output.size === 1 ? `; its tangent ${fmt(this.tangent.data[0], 6)}` : '';
    const head = `forward trace of ${tensorName(this.output)} ${fmtShape(this.output.shape)} along ${x} (${seed}; norms ‖·‖ of the tangents)${total}`;
    const rule = 'VJP rule (forward mode applies its transpose)';
    return `${head}\n${textTable(['step', 'node', 'shape', 'input', '‖input tangent‖', '‖J·tangent‖', '‖node tangent‖', rule], rows)}`;
  }
}

/** The chain-rule steps of forward mode from `wrt` (moved along `seed`, default all ones) to `output`; nothing of the graph is changed. */
export function traceForwardTensor(output: Tensor, wrt: Tensor, seed?: Tensor): TensorForwardTrace {
  if (!(wrt instanceof Tensor)) throw new TypeError(`trace: forward mode on a Tensor graph needs { wrt: x }, a Tensor the output was computed from; got ${describeArg(wrt)}`);
  if (!wrt.requiresGrad) throw new RangeError(`trace: forward mode carries a tangent from ${tensorName(wrt)} ${fmtShape(wrt.shape)}, which does not require a gradient; create it with { requiresGrad: true } before computing the output`);
  const direction = seed ?? new Tensor(alloc(wrt.dtype, wrt.size).fill(1), wrt.shape);
  if (!(direction instanceof Tensor) || !sameShape(direction.shape, wrt.shape)) {
    throw new RangeError(`trace: the tangent of ${tensorName(wrt)} must be a Tensor of its shape ${fmtShape(wrt.shape)}, got ${direction instanceof Tensor ? fmtShape(direction.shape) : describeArg(direction)}`);
  }
  const steps: TensorForwardTraceStep[] = [];
  const tangents = walkForwardTensors(output, new Map([[wrt, direction]]), (node, slot, contribution, inputTangent) => {
    let step = steps[steps.length - 1];
    if (step?.node !== node) steps.push((step = { step: steps.length + 1, node, tangent: contribution, edges: [] }));
    const formula = node.fn!.formula[Math.min(slot, node.fn!.formula.length - 1)];
    step.edges.push({ slot, input: node.inputs[slot], formula, inputTangent, contribution });
  });
  for (const s of steps) s.tangent = tangents.get(s.node)!;
  return new TensorForwardTrace(output, wrt, direction, steps);
}
