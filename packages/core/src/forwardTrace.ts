/**
 * The forward-mode pass as an ordered list of chain-rule steps, the counterpart of the backward
 * trace: in topological order, each op node's tangent ∂node/∂x as the sum over its input edges of
 * local derivative × the input's tangent. One such pass gives the derivative of every node with
 * respect to one input x; the backward trace gives the derivative of one output with respect to all.
 */
import { describeArg, fmt, textTable } from './format';
import { topoOf, walkForward } from './forward';
import { Value, describeValue, edgeFormula } from './value';
import { nodeText } from './trace';

export interface ForwardTraceEdge {
  slot: number;
  input: Value;
  /** d(node)/d(input), the value the forward pass recorded. */
  local: number;
  formula: string;
  /** ∂input/∂x. */
  inputTangent: number;
  /** local × ∂input/∂x. */
  contribution: number;
}

export interface ForwardTraceStep {
  step: number;
  node: Value;
  /** ∂node/∂x: the sum of the edges' contributions. */
  tangent: number;
  edges: ForwardTraceEdge[];
}

export class ForwardTrace {
  constructor(
    readonly output: Value,
    readonly wrt: Value,
    readonly steps: ForwardTraceStep[],
  ) {}

  /** ∂output/∂x, the last step's tangent. */
  get tangent(): number {
    return this.steps.find((s) => s.node === this.output)?.tangent ?? (this.output === this.wrt ? 1 : 0);
  }

  /** An aligned text table, one row per edge. */
  toString(): string {
    const x = describeValue(this.wrt);
    const rows = this.steps.flatMap((s) =>
      s.edges.map((e, i) => [
        i === 0 ? String(s.step) : '', i === 0 ? nodeText(s.node) : '', describeValue(e.input), fmt(e.local), fmt(e.inputTangent), fmt(e.contribution), i === s.edges.length - 1 ? fmt(s.tangent) : '', e.formula,
      ]),
    );
    const head = `forward trace of ${describeValue(this.output)} = ${fmt(this.output.data)} along ${x} (seed ∂${x}/∂${x} = 1, every other input 0)`;
    return `${head}\n${textTable(['step', 'node', 'input', 'local ∂', `∂input/∂${x}`, 'local × ∂input', `∂node/∂${x}`, 'rule'], rows)}`;
  }
}

/** The chain-rule steps of forward mode from `wrt` to `output`; nothing of the graph is changed. */
export function traceForward(output: Value, wrt: Value): ForwardTrace {
  if (!(wrt instanceof Value)) throw new TypeError(`trace: forward mode needs { wrt: x }, the input Value whose tangent flows forward; got ${describeArg(wrt)}`);
  const steps: ForwardTraceStep[] = [];
  const pass = walkForward(topoOf([output]), new Map([[wrt, 1]]), (node, slot, contribution, inputTangent) => {
    let step = steps[steps.length - 1];
    if (step?.node !== node) steps.push((step = { step: steps.length + 1, node, tangent: 0, edges: [] }));
    step.edges.push({ slot, input: node.inputAt(slot), local: node.localAt(slot), formula: edgeFormula(node.op, slot), inputTangent, contribution });
  });
  for (const s of steps) s.tangent = pass.tangent(s.node);
  return new ForwardTrace(output, wrt, steps);
}
