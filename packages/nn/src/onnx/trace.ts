/**
 * Any Tensor function to ONNX: run it once on example inputs, then write the graph the engine
 * recorded, node by node, from each op's entry in the op table. Shapes are those of the examples;
 * tensors the function reads besides its inputs (weights, constants) are stored in the file.
 */
import { Tensor, isGradEnabled, nodeId, topoSort } from '@chalkgrad/core';
import { emitSpec, finishGraph } from './emit';
import { GraphBuilder, OnnxError } from './proto';

export interface TraceOnnxOptions {
  /** Names of the graph inputs, one per example (default `input0`, `input1`, …, or the examples' labels). */
  inputNames?: readonly string[];
  /** Name of the graph output (default `output`). */
  outputName?: string;
  docString?: string;
}

/** Tensors from the caller, checked and made fresh leaves the recording starts from. */
function tracedInputs(exampleInputs: readonly Tensor[], names: readonly string[] | undefined): Tensor[] {
  if (!Array.isArray(exampleInputs) || exampleInputs.length === 0) throw new OnnxError('traceToOnnx: give the example inputs as a list of Tensors, e.g. traceToOnnx(f, [randn([4, 2], { seed: 1 })])');
  if (names && names.length !== exampleInputs.length) throw new OnnxError(`traceToOnnx: ${names.length} input names for ${exampleInputs.length} example inputs`);
  return exampleInputs.map((t, i) => {
    if (!(t instanceof Tensor)) throw new OnnxError(`traceToOnnx: example input ${i} is not a Tensor (${typeof t}); wrap numbers with tensor(...)`);
    return new Tensor(t.data.slice(), t.shape, { requiresGrad: true, label: names?.[i] ?? (t.label || `input${i}`) });
  });
}

/**
 * `f` as ONNX bytes, traced at `exampleInputs` (a list of Tensors, one per argument of `f`).
 * The file takes inputs of the examples' shapes and computes `f`'s result as float32.
 */
export function traceToOnnx(f: (...inputs: Tensor[]) => Tensor, exampleInputs: readonly Tensor[], options: TraceOnnxOptions = {}): Uint8Array {
  if (typeof f !== 'function') throw new OnnxError(`traceToOnnx: expected a function of Tensors, got ${typeof f}`);
  if (!isGradEnabled()) throw new OnnxError('traceToOnnx: gradients are switched off (inside noGrad), so the engine records no graph; call it outside noGrad');
  const leaves = tracedInputs(exampleInputs, options.inputNames);
  const out = f(...leaves);
  if (!(out instanceof Tensor)) throw new OnnxError(`traceToOnnx: the function returned ${out === null ? 'null' : typeof out}, not a Tensor`);

  const g = new GraphBuilder();
  const names = new Map<Tensor, string>(leaves.map((t) => [t, g.input(t.label, t.shape)]));
  for (const t of topoSort(out)) {
    if (names.has(t)) continue;
    const base = nodeId(t);
    if (!t.fn) {
      names.set(t, g.constant(base, { type: 'float', data: t.data, shape: t.shape }));
      continue;
    }
    const spec = t.fn.onnx(t.params, t.inputs.map((x) => x.shape), t.shape);
    names.set(t, emitSpec(g, spec, t.inputs.map((x) => names.get(x)!), base, t.shape));
  }
  finishGraph(g, names.get(out)!, options.outputName ?? 'output', out.shape);
  return g.toBytes('traced', options.docString ?? 'traced by chalkgrad');
}
