/**
 * `grad(output, inputs)`: gradients returned rather than accumulated into `.grad`, as
 * `torch.autograd.grad`. With `createGraph` the gradients are themselves Values built from the
 * op table's `dGraph` derivatives, so they can be differentiated again.
 */
import { describeArg } from './format';
import { topoSort } from './engine';
import { scalarOp } from './ops/scalar';
import { Value } from './value';

export interface GradOptions {
  /** Build the gradient as a differentiable graph (for second derivatives). Default false. */
  createGraph?: boolean;
}

/** d(output)/d(input) for each input; an input the output does not depend on gets 0. */
export function grad(output: Value, inputs: readonly Value[], options: GradOptions = {}): Value[] {
  if (!(output instanceof Value)) throw new TypeError(`grad: the first argument is the Value to differentiate, got ${describeArg(output)}`);
  if (!Array.isArray(inputs) || !inputs.every((x) => x instanceof Value)) throw new TypeError(`grad: the second argument is the list of Values to differentiate with respect to, got ${describeArg(inputs)}`);
  const topo = topoSort<Value>(output);
  if (!options.createGraph) {
    const g = new Map<Value, number>([[output, 1]]);
    for (let i = topo.length - 1; i >= 0; i--) {
      const node = topo[i];
      const upstream = g.get(node);
      if (upstream === undefined) continue;
      node.inputs.forEach((input, j) => g.set(input, (g.get(input) ?? 0) + upstream * node.localGrads[j]));
    }
    return inputs.map((x) => new Value(g.get(x) ?? 0, x.label ? `∂/∂${x.label}` : ''));
  }
  const g = new Map<Value, Value>([[output, new Value(1)]]);
  for (let i = topo.length - 1; i >= 0; i--) {
    const node = topo[i];
    const upstream = g.get(node);
    if (upstream === undefined || node.inputs.length === 0) continue;
    const op = scalarOp(node.op);
    if (!op) throw new Error(`grad: node ${node.id} has unknown op '${node.op}'`);
    const second = op.arity === 2 ? node.inputs[1] : node.param;
    node.inputs.forEach((input, j) => {
      const local = op.dGraph[Math.min(j, op.dGraph.length - 1)](node.inputs[0], second, node);
      const contribution = local === 1 ? upstream : upstream.mul(local);
      const before = g.get(input);
      g.set(input, before ? before.add(contribution) : contribution);
    });
  }
  return inputs.map((x) => g.get(x) ?? new Value(0));
}
