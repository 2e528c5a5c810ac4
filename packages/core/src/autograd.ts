/**
 * `grad(output, inputs)`: gradients returned rather than accumulated into `.grad`, as
 * `torch.autograd.grad`. With `createGraph` the gradients are themselves graphs, built from the
 * op tables' differentiable derivatives (`dGraph` of a Value op, `vjpGraph` of a Tensor op), so
 * they can be differentiated again.
 */
import { sideGrads } from './backward';
import { describeArg } from './format';
import { type Pick, type ScalarOp, scalarOp } from './ops/scalar';
import { Value, describeValue, inputsText } from './value';
import { Tensor } from './tensor/tensor';
import { type TensorGradOptions, gradTensors } from './tensor/backward';

export interface GradOptions {
  /** Build the gradient as a differentiable graph (for second derivatives). Default false. */
  createGraph?: boolean;
}

/**
 * d(output)/d(input) for each input; an input the output does not depend on gets 0. The same
 * function for both graph kinds: Tensors give Tensors shaped like their inputs.
 */
export function grad(output: Value, inputs: readonly Value[], options?: GradOptions): Value[];
export function grad(output: Tensor, inputs: readonly Tensor[], options?: TensorGradOptions): Tensor[];
export function grad(output: Value | Tensor, inputs: readonly (Value | Tensor)[], options: GradOptions & TensorGradOptions = {}): Value[] | Tensor[] {
  if (output instanceof Tensor) return gradTensors(output, inputs as Tensor[], options);
  if (!(output instanceof Value)) throw new TypeError(`grad: the first argument is the Value or Tensor to differentiate, got ${describeArg(output)}`);
  if (!Array.isArray(inputs) || !inputs.every((x) => x instanceof Value)) throw new TypeError(`grad: the second argument is the list of Values to differentiate with respect to, got ${describeArg(inputs)}`);
  if (!options.createGraph) return sideGrads(output, inputs, null, () => inputs.map((x) => new Value(x.grad, x.label ? `∂/∂${x.label}` : '')));
  // The walk's numbers are not needed here: each edge also adds upstream × dGraph as Values.
  const g = new Map<Value, Value>([[output, Value.from(1)]]);
  sideGrads(output, inputs, (node, j) => {
    const upstream = g.get(node)!; // every user of node came earlier in the walk
    const local = localGraph(node, j);
    const contribution = local === 1 ? upstream : upstream.mul(local);
    const input = node.inputAt(j);
    const before = g.get(input);
    g.set(input, before ? before.add(contribution) : contribution);
  }, () => undefined);
  return inputs.map((x) => g.get(x) ?? Value.from(0));
}

/** The local derivative of edge j of `node` as a Value expression (or a constant). */
function localGraph(node: Value, j: number): Value | number {
  const op = scalarOp(node.op);
  if (!op) throw new Error(`grad: node ${node.id} has unknown op '${node.op}'`);
  const dGraph = op.dGraph[Math.min(j, op.dGraph.length - 1)];
  if (dGraph === null) return node.localAt(j); // piecewise constant: the recorded number
  const a = node.inputAt(0);
  const b = op.arity === 2 ? node.inputAt(1) : node.param;
  if (dGraph.length > 0) checkUnchanged(op, node, a, b);
  const pick: Pick<Value> = (test, then, otherwise) => Value.from(test(a.data, typeof b === 'number' ? b : b.data) ? then : otherwise);
  return dGraph(a, b, node, pick);
}

/**
 * backward() and grad() use the local derivatives recorded at the forward pass, but createGraph
 * builds each derivative from the nodes' numbers now (`dGraph`), which a `.data` assignment since
 * then would make wrong. Only a derivative that reads numbers is checked (`2·x`, not `1`): its
 * node's value must still be what its op gives from its inputs' values, bit for bit, as the same
 * function computed it. An n-ary sum's derivative is 1 and reads none.
 */
function checkUnchanged(op: ScalarOp, node: Value, a: Value, b: Value | number): void {
  if (Object.is(node.data, op.f(a.data, typeof b === 'number' ? b : b.data))) return;
  const inputs = typeof b === 'number' ? [a] : [a, b];
  throw new RangeError(
    `grad with createGraph: ${describeValue(node)} = ${node.data} does not follow from its inputs' values now ` +
      `(${inputsText(inputs)}): a Value's data was changed after the forward pass of ${op.name}. ` +
      `createGraph builds the derivative from the current values: run the forward pass again after changing data ` +
      `(backward() and grad() without createGraph use the derivatives recorded at the forward pass)`,
  );
}
