/**
 * Tensor models to ONNX, one node per layer as PyTorch's exporter writes them: a Linear is a Gemm
 * with its weight `[out, in]` as stored (transB = 1), so the file reads like the model. The batch
 * size stays free (`batch`); numbers are float32, ONNX Runtime's common type. Dropout is written as
 * ONNX Dropout, which is the identity at inference and keeps its rate for `importOnnx`.
 */
import { TENSOR_OPS } from '@chalkgrad/core';
import { MLP } from '../scalar/models';
import { mlpAsSequential } from '../tensor/fromScalar';
import { inputFeatures } from '../tensor/inputFeatures';
import { ActivationModule, Dropout, Flatten, Linear, LogSoftmax, Maxout, Module, Reshape, Sequential, Softmax } from '../tensor/modules';
import { emitSpec, finishGraph } from './emit';
import { GraphBuilder, OnnxError } from './proto';

const EXPORTABLE = 'Linear, Sequential, the activation modules, Softmax, LogSoftmax, Dropout, Maxout, Flatten, Reshape and the scalar MLP';

export interface OnnxExportOptions {
  /** Text stored in the file (`doc_string`), e.g. where the model came from. */
  docString?: string;
}

/** The weight and bias of a Linear as constants. */
function linearInputs(g: GraphBuilder, m: Linear, prefix: string): string[] {
  const w = g.constant(`${prefix}weight`, { type: 'float', data: m.weight.data, shape: [m.nout, m.nin] });
  return m.bias ? [w, g.constant(`${prefix}bias`, { type: 'float', data: m.bias.data, shape: [m.nout] })] : [w];
}

/** Writes module `m` applied to the tensor named `x`; returns the name of its result. */
function emitModule(g: GraphBuilder, m: Module, x: string, prefix: string): string {
  if (m instanceof Sequential) return m.modules.reduce((h, child, i) => emitModule(g, child, h, `${prefix}${i}.`), x);
  if (m instanceof Linear) return g.node('Gemm', [x, ...linearInputs(g, m, prefix)], { transB: { i: 1 } }, `${prefix}linear`);
  if (m instanceof ActivationModule) {
    if (m.activation === 'identity') return g.node('Identity', [x], {}, `${prefix}identity`);
    return emitSpec(g, TENSOR_OPS[m.activation].onnx(m.slope, [], []), [x], `${prefix}${m.activation}`);
  }
  if (m instanceof Softmax) return g.node('Softmax', [x], { axis: { i: m.axis } }, `${prefix}softmax`);
  if (m instanceof LogSoftmax) return g.node('LogSoftmax', [x], { axis: { i: m.axis } }, `${prefix}logsoftmax`);
  if (m instanceof Dropout) return g.node('Dropout', [x, g.constant(`${prefix}ratio`, { type: 'float', data: [m.p], shape: [] })], {}, `${prefix}dropout`);
  if (m instanceof Flatten) return g.node('Flatten', [x], { axis: { i: 1 } }, `${prefix}flatten`);
  if (m instanceof Reshape) return g.node('Reshape', [x, g.constant(`${prefix}shape`, { type: 'int64', data: [0, ...m.shape], shape: [m.shape.length + 1] })], {}, `${prefix}reshape`);
  if (m instanceof Maxout) {
    // z = x Wᵀ + b, viewed as [batch, units, k], then the largest of the k pieces of each unit.
    const z = g.node('Gemm', [x, ...linearInputs(g, m.linear, `${prefix}linear.`)], { transB: { i: 1 } }, `${prefix}linear`);
    const pieces = g.node('Reshape', [z, g.constant(`${prefix}pieces`, { type: 'int64', data: [0, m.nout, m.k], shape: [3] })], {}, `${prefix}pieces`);
    return g.node('ReduceMax', [pieces, g.constant(`${prefix}axes`, { type: 'int64', data: [-1], shape: [1] })], { keepdims: { i: 0 } }, `${prefix}maxout`);
  }
  throw new OnnxError(`toOnnx: cannot export a ${m.describe()} module (exportable: ${EXPORTABLE})`);
}

/**
 * The model as ONNX bytes (browser-safe; `exportOnnx` in `@chalkgrad/nn/node` writes a file). Input
 * `input` of shape [batch, features], output `output`. A scalar MLP is written as its layers.
 */
export function toOnnx(model: Module | MLP, options: OnnxExportOptions = {}): Uint8Array {
  if (!(model instanceof Module) && !(model instanceof MLP)) throw new OnnxError(`toOnnx: expected a model (${EXPORTABLE}), got ${model === null ? 'null' : typeof model}`);
  const net = model instanceof MLP ? mlpAsSequential(model) : model;
  const g = new GraphBuilder();
  const features = inputFeatures(net);
  const x = g.input('input', features === null ? null : ['batch', features]);
  finishGraph(g, emitModule(g, net, x, ''), 'output', null);
  return g.toBytes(net.describe(), options.docString ?? `exported by chalkgrad from ${net.describe()}`);
}
