/**
 * An exercise's graph as plain data (JSON in `exercise.json`, sent to a browser): each node names
 * its op from the op table and its inputs by index, leaves carry their given value. From a Value
 * graph and back to one, so the engine computes the true answers and viz draws the picture.
 */
import { Value, isConstant, scalarOp, topoSort } from '@chalkgrad/core';

/** A leaf is a parameter (differentiated and updated), an input (given data) or a constant. */
export type LeafKind = 'parameter' | 'input' | 'constant';

export interface ExerciseNode {
  /** Unique within the exercise: a variable (`x1`), a name given by a preset (`z`), or `u1`, `u2`, … */
  name: string;
  /** The op of the table, `''` for a leaf. */
  op: string;
  /** Input node indices (earlier in the list), in slot order: `x*x` lists x twice. */
  inputs: number[];
  /** The exponent of `powc`, the slope of `leakyRelu`. */
  param?: number;
  /** Leaves only. */
  kind?: LeafKind;
  /** Leaves only: the given value. */
  value?: number;
}

/** A name a student can write and a worksheet can print: an identifier of at most 12 characters. */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,11}$/;

/**
 * The nodes of the graph below `root`, in topological order (root last). Labels that are short
 * identifiers are kept; other op nodes become `u1`, `u2`, … and the root `f` (`outputName`).
 */
export function nodesFromValue(root: Value, inputNames: ReadonlySet<string> = new Set(), outputName = 'f'): ExerciseNode[] {
  const topo = topoSort<Value>(root);
  const taken = new Set(topo.filter((v) => NAME.test(v.label)).map((v) => v.label));
  const index = new Map<Value, number>();
  let counter = 0;
  const fresh = (prefix: string): string => {
    while (taken.has(`${prefix}${++counter}`));
    return `${prefix}${counter}`;
  };
  return topo.map((v, i) => {
    index.set(v, i);
    const inputs = v.inputs.map((x) => index.get(x)!);
    if (v.op === '') {
      if (isConstant(v)) return { name: `#${i}`, op: '', inputs, kind: 'constant', value: v.data };
      const leaf = NAME.test(v.label) ? v.label : fresh('v');
      taken.add(leaf);
      return { name: leaf, op: '', inputs, kind: inputNames.has(leaf) ? 'input' : 'parameter', value: v.data };
    }
    const name = NAME.test(v.label) ? v.label : v === root && !taken.has(outputName) ? outputName : fresh('u');
    taken.add(name);
    return scalarOp(v.op)!.params ? { name, op: v.op, inputs, param: v.param } : { name, op: v.op, inputs };
  });
}

/** The Value graph of the nodes, labelled with their names (constants unlabelled), leaves at `values`. */
export function valueGraph(nodes: readonly ExerciseNode[], values: (i: number) => number = (i) => nodes[i].value!): Value[] {
  const out: Value[] = [];
  nodes.forEach((n, i) => {
    if (n.op === '') out.push(n.kind === 'constant' ? Value.from(values(i)) : new Value(values(i), n.name));
    else if (n.op === 'sum') out.push(Value.sum(n.inputs.map((j) => out[j])).named(n.name));
    else out.push(Value.apply(n.op, out[n.inputs[0]], n.inputs.length > 1 ? out[n.inputs[1]] : n.param ?? 0).named(n.name));
  });
  return out;
}

/** Each node's uses: the (consumer, slot) pairs of the edges leaving it, consumers in graph order. */
export function usesOf(nodes: readonly ExerciseNode[]): { node: number; slot: number }[][] {
  const uses: { node: number; slot: number }[][] = nodes.map(() => []);
  nodes.forEach((n, i) => n.inputs.forEach((j, slot) => uses[j].push({ node: i, slot })));
  return uses;
}
