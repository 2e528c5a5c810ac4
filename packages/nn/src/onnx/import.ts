/**
 * ONNX to a chalkgrad `Sequential`, so a small model trained elsewhere can be drawn and stepped
 * through. The graph must be a chain of layers from its one input to its one output; each node
 * becomes a module (Gemm, or MatMul followed by Add, is a Linear; Gemm → Reshape → ReduceMax is a
 * Maxout). Anything else gets an `OnnxError` naming the node and its op type.
 */
import { fmtShape } from '@chalkgrad/core';
import type { NodeProto, TensorProto } from 'onnx-buf';
import { ActivationModule, Dropout, Flatten, Linear, LogSoftmax, Maxout, type Module, Reshape, Sequential, Softmax } from '../tensor/modules';
import { OnnxError, constantValue, decodeModel, defaultOpset, floatAttribute, intAttribute, intsAttribute, readTensor } from './proto';

/** A node on the chain, named for messages: `node "fc1" (Gemm)`, and with the file's name first. */
interface Step {
  node: NodeProto;
  name: string;
  label: string;
}

interface Context {
  opset: number;
  constants: Map<string, TensorProto>;
}

/** Half a layer, completed by the node before it: Add is the bias of a MatMul; ReduceMax ends a Maxout. */
class Pending {
  constructor(readonly kind: 'bias' | 'maxPieces', readonly label: string, readonly data: Float64Array = new Float64Array(0)) {}
}

function fail(step: Step, msg: string): never {
  throw new OnnxError(`${step.label}: ${msg}`);
}

/** The numbers of a constant input of the node (an initializer or a Constant node's value). */
function constantInput(step: Step, ctx: Context, index: number, what: string): { dims: number[]; data: Float64Array } {
  const name = step.node.input[index];
  const t = name ? ctx.constants.get(name) : undefined;
  if (!t) fail(step, `its ${what} ('${name ?? ''}') must be a constant stored in the file, not computed`);
  const value = readTensor(t, `${step.label}: ${what} '${name}'`);
  const bad = value.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) fail(step, `${what} '${name}' has ${value.data[bad]} at index ${bad}; chalkgrad needs finite numbers`);
  return value;
}

/** Requires the chain's tensor as the node's first input. */
function fromFirstInput(step: Step, current: string): void {
  if (step.node.input[0] !== current) fail(step, `chalkgrad imports it only applied to the previous layer's output as its first input`);
}

/** A Linear with weight [out, in] (rows of `w`) and an optional bias. */
function linear(nout: number, nin: number, weight: (o: number, i: number) => number, bias: Float64Array | null): Linear {
  const m = new Linear(nin, nout, { bias: bias !== null, init: 'zeros' });
  for (let o = 0; o < nout; o++) for (let i = 0; i < nin; i++) m.weight.data[o * nin + i] = weight(o, i);
  if (bias) m.bias!.data.set(bias);
  return m;
}

/** A bias of n numbers: shape [n], [1, n], or one number broadcast. */
function biasOf(step: Step, c: { dims: number[]; data: Float64Array }, n: number): Float64Array {
  if (c.data.length === n && c.dims.every((d, i) => d === 1 || i === c.dims.length - 1)) return c.data;
  if (c.data.length === 1) return new Float64Array(n).fill(c.data[0]);
  return fail(step, `the bias has shape ${fmtShape(c.dims)}; a layer of ${n} units needs [${n}] (or [1, ${n}])`);
}

function gemm(step: Step, ctx: Context, current: string): Module {
  fromFirstInput(step, current);
  if (intAttribute(step.node, 'transA', 0, step.label) !== 0) fail(step, 'transA = 1 (a transposed input) is not supported; inputs are [batch, features]');
  const b = constantInput(step, ctx, 1, 'weight B');
  if (b.dims.length !== 2) fail(step, `the weight B has shape ${fmtShape(b.dims)}; expected a matrix`);
  const alpha = floatAttribute(step.node, 'alpha', 1, step.label);
  const beta = floatAttribute(step.node, 'beta', 1, step.label);
  const transB = intAttribute(step.node, 'transB', 0, step.label) !== 0;
  const [nout, nin] = transB ? b.dims : [b.dims[1], b.dims[0]];
  const c = step.node.input[2] ? biasOf(step, constantInput(step, ctx, 2, 'bias C'), nout).map((v) => beta * v) : null;
  return linear(nout, nin, (o, i) => alpha * b.data[transB ? o * nin + i : i * nout + o], c);
}

function matmul(step: Step, ctx: Context, current: string): Module {
  fromFirstInput(step, current);
  const b = constantInput(step, ctx, 1, 'weight');
  if (b.dims.length !== 2) fail(step, `the weight has shape ${fmtShape(b.dims)}; chalkgrad imports x · W with a matrix W of shape [in, out]`);
  const [nin, nout] = b.dims;
  return linear(nout, nin, (o, i) => b.data[i * nout + o], null);
}

function add(step: Step, ctx: Context, current: string): Pending {
  const other = step.node.input[0] === current ? 1 : 0;
  const c = constantInput(step, ctx, other, 'bias');
  return new Pending('bias', step.label, c.data.length === 1 ? c.data : biasOf(step, c, c.data.length));
}

/** Softmax and LogSoftmax before opset 13 default to axis 1, the same as -1 for [batch, classes]. */
function softmaxAxis(step: Step, ctx: Context): number {
  return intAttribute(step.node, 'axis', ctx.opset >= 13 ? -1 : 1, step.label);
}

function dropout(step: Step, ctx: Context): Module {
  const p = ctx.opset < 12 || !step.node.input[1] ? floatAttribute(step.node, 'ratio', 0.5, step.label) : constantInput(step, ctx, 1, 'ratio').data[0];
  if (!(p >= 0 && p < 1)) fail(step, `the dropout ratio ${p} is outside [0, 1)`);
  return new Dropout(p);
}

function reshape(step: Step, ctx: Context, current: string): Module {
  fromFirstInput(step, current);
  const shape = Array.from(constantInput(step, ctx, 1, 'shape').data);
  const [batch, ...rest] = shape;
  if (batch !== 0 && batch !== -1) fail(step, `the target shape ${fmtShape(shape)} fixes the batch size; chalkgrad imports reshapes that keep it (0 or -1 first)`);
  if (rest.some((d) => d === 0) || (batch === -1 && rest.includes(-1))) fail(step, `the target shape ${fmtShape(shape)} needs the input's shape to resolve; give every size of a sample`);
  return new Reshape(rest);
}

function reduceMax(step: Step, ctx: Context): Pending {
  const axes = step.node.input[1] ? Array.from(constantInput(step, ctx, 1, 'axes').data) : intsAttribute(step.node, 'axes', step.label);
  const keepdims = intAttribute(step.node, 'keepdims', 1, step.label);
  if (!axes || axes.length !== 1 || (axes[0] !== -1 && axes[0] !== 2) || keepdims !== 0) {
    fail(step, 'ReduceMax is imported only as the end of a Maxout: over the last axis of [batch, units, k], keepdims = 0');
  }
  return new Pending('maxPieces', step.label);
}

/** One converter per supported op type (no calls at the top level, so a bundle without importOnnx drops the schema). */
const CONVERTERS: Record<string, (step: Step, ctx: Context, current: string) => Module | Pending> = {
  Gemm: gemm,
  MatMul: matmul,
  Add: add,
  Relu: () => new ActivationModule('relu'),
  Tanh: () => new ActivationModule('tanh'),
  Sigmoid: () => new ActivationModule('sigmoid'),
  Softplus: () => new ActivationModule('softplus'),
  Identity: () => new ActivationModule('identity'),
  LeakyRelu: (step) => new ActivationModule('leakyRelu', floatAttribute(step.node, 'alpha', 0.01, step.label)),
  Softmax: (step, ctx) => new Softmax(softmaxAxis(step, ctx)),
  LogSoftmax: (step, ctx) => new LogSoftmax(softmaxAxis(step, ctx)),
  Dropout: dropout,
  Flatten: (step) => {
    const axis = intAttribute(step.node, 'axis', 1, step.label);
    if (axis !== 1) fail(step, `Flatten with axis ${axis} is not supported (axis 1 flattens each sample)`);
    return new Flatten();
  },
  Reshape: reshape,
  ReduceMax: reduceMax,
};

/** Completes the pending halves: a bias into the Linear before it, Linear → Reshape → ReduceMax into a Maxout. */
function fold(parts: readonly (Module | Pending)[]): Module[] {
  const out: Module[] = [];
  for (const part of parts) {
    if (!(part instanceof Pending)) {
      out.push(part);
      continue;
    }
    const prev = out[out.length - 1];
    if (part.kind === 'bias') {
      if (!(prev instanceof Linear) || prev.bias !== null) throw new OnnxError(`${part.label}: Add is imported only as the bias of the MatMul just before it`);
      if (part.data.length !== 1 && part.data.length !== prev.nout) throw new OnnxError(`${part.label}: a bias of ${part.data.length} numbers for a layer of ${prev.nout} units`);
      const bias = part.data.length === 1 ? new Float64Array(prev.nout).fill(part.data[0]) : part.data;
      out[out.length - 1] = linear(prev.nout, prev.nin, (o, i) => prev.weight.data[o * prev.nin + i], bias);
      continue;
    }
    const [lin, shape] = out.slice(-2);
    const pieces = shape instanceof Reshape && shape.shape.length === 2 ? shape.shape : null;
    if (!(lin instanceof Linear) || !pieces || pieces[0] * pieces[1] !== lin.nout) {
      throw new OnnxError(`${part.label}: ReduceMax is imported only as the end of a Maxout (Gemm, Reshape to [batch, units, k], ReduceMax over the last axis)`);
    }
    const maxout = converted({ label: part.label } as Step, () => new Maxout(lin.nin, pieces[0], pieces[1], { bias: lin.bias !== null }));
    maxout.linear.weight.data.set(lin.weight.data);
    if (lin.bias) maxout.linear.bias!.data.set(lin.bias.data);
    out.splice(-2, 2, maxout);
  }
  return out;
}

/** A module that refuses the file's numbers (a layer of 0 units) says so under the node's name. */
function converted<T>(step: Step, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof OnnxError) throw e;
    return fail(step, (e as Error).message);
  }
}

function nodeLabel(node: NodeProto, index: number): string {
  return `node ${node.name ? JSON.stringify(node.name) : `#${index}`} (${node.opType || 'no op type'})`;
}

/** Walks from the input to the output, one node a step; every node must lie on that path. */
function walkChain(steps: readonly Step[], ctx: Context, input: string, output: string, where: string): (Module | Pending)[] {
  const readers = new Map<string, Step[]>();
  for (const s of steps) for (const name of new Set(s.node.input)) if (name && !ctx.constants.has(name)) readers.set(name, [...(readers.get(name) ?? []), s]);
  const produced = new Set(steps.flatMap((s) => s.node.output));
  const parts: (Module | Pending)[] = [];
  const visited = new Set<Step>();
  let current = input;
  while (current !== output) {
    const next = readers.get(current) ?? [];
    if (next.length === 0) throw new OnnxError(`${where}: nothing reads '${current}' and it is not the graph's output '${output}'`);
    if (next.length > 1) throw new OnnxError(`${where}: '${current}' feeds ${next.length} nodes (${next.map((s) => s.name).join(', ')}); chalkgrad imports a chain of layers, without branches`);
    const step = next[0];
    if (visited.has(step)) throw new OnnxError(`${step.label}: the graph has a cycle`);
    visited.add(step);
    const computed = step.node.input.filter((n) => n && !ctx.constants.has(n));
    const missing = computed.find((n) => n !== input && !produced.has(n));
    if (missing) fail(step, `its input '${missing}' is neither stored in the file nor computed by a node`);
    if (computed.length !== 1) fail(step, `it combines ${computed.length} computed tensors (${computed.join(', ')}); chalkgrad imports a chain of layers, each reading only the one before`);
    const convert = CONVERTERS[step.node.opType];
    if (!convert) fail(step, `op type '${step.node.opType}' is not supported; chalkgrad imports ${Object.keys(CONVERTERS).join(', ')}`);
    for (const extra of step.node.output.slice(1)) if (extra && (readers.has(extra) || extra === output)) fail(step, `its output '${extra}' is used; only the first output of a node can be`);
    parts.push(converted(step, () => convert(step, ctx, current)));
    current = step.node.output[0] ?? '';
  }
  const stray = steps.find((s) => !visited.has(s));
  if (stray) fail(stray, 'it is not on the path from the input to the output');
  return parts;
}

export interface OnnxImportOptions {
  /** The file's name, for messages. */
  name?: string;
}

/**
 * A model from ONNX bytes (browser-safe): a Sequential with the file's weights (float64), in
 * inference mode. Ops: Gemm, MatMul + Add, Relu, Tanh, Sigmoid, LeakyRelu, Softplus, Softmax,
 * LogSoftmax, Identity, Dropout, Flatten, Reshape (and Gemm → Reshape → ReduceMax as a Maxout).
 */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): Sequential {
  const where = options.name ?? 'ONNX file';
  const model = decodeModel(bytes, where);
  const graph = model.graph;
  const ctx: Context = { opset: defaultOpset(model, where), constants: new Map(graph.initializer.map((t) => [t.name, t])) };
  const steps: Step[] = [];
  graph.node.forEach((node, i) => {
    const name = nodeLabel(node, i);
    const label = `${where}: ${name}`;
    if (node.domain && node.domain !== 'ai.onnx') throw new OnnxError(`${label}: operators of domain '${node.domain}' are not supported (only the standard ONNX operators)`);
    if (node.opType === 'Constant') ctx.constants.set(node.output[0] ?? '', constantValue(node, label));
    else steps.push({ node, name, label });
  });
  const inputs = graph.input.filter((v) => !ctx.constants.has(v.name));
  if (inputs.length !== 1) throw new OnnxError(`${where}: the graph has ${inputs.length} inputs (${inputs.map((v) => v.name).join(', ') || 'none'}); chalkgrad imports a network with one input`);
  if (graph.output.length !== 1) throw new OnnxError(`${where}: the graph has ${graph.output.length} outputs; chalkgrad imports a network with one output`);
  const net = new Sequential(...fold(walkChain(steps, ctx, inputs[0].name, graph.output[0].name, where)));
  return net.eval();
}
