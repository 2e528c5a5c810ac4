/** Writing one op-table node into a graph: what `toOnnx` (layers) and `traceToOnnx` (recorded graphs) share. */
import type { OnnxNodeSpec } from '@chalkgrad/core';
import type { Dim, GraphBuilder } from './proto';

/** Adds the node an op table entry describes, with its constants (and the Reshape it may need); returns its output. */
export function emitSpec(g: GraphBuilder, spec: OnnxNodeSpec, args: readonly string[], base: string, outShape: readonly number[] = []): string {
  const inputs = spec.inputs.map((x, i) => {
    if (typeof x === 'number') return args[x];
    if ('flat' in x) return g.node('Reshape', [args[x.flat], g.constant(`${base}.flat`, { type: 'int64', data: [-1], shape: [1] })], {}, `${base}.flat`);
    return g.constant(`${base}.${spec.op.toLowerCase()}_arg${i}`, x);
  });
  const y = g.node(spec.op, inputs, spec.attributes, base);
  if (!spec.reshape) return y;
  return g.node('Reshape', [y, g.constant(`${base}.shape`, { type: 'int64', data: outShape, shape: [outShape.length] })], {}, `${base}.reshape`);
}

/** Names the graph's result `name` (renaming the node that computes it, or through an Identity) and declares it. */
export function finishGraph(g: GraphBuilder, result: string, name: string, dims: readonly Dim[] | null): void {
  const out = g.rename(result, name) ? name : g.node('Identity', [result], {}, name);
  g.output(out, dims);
}
