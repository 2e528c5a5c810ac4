/**
 * Models to JSON and back. Loading checks everything and says what is wrong: an unknown layer,
 * a shape that does not match, a non-finite weight, an unexpected key (`__proto__` included).
 * Browser-safe: saving to and loading from files is `saveModel`/`loadModel` in `@chalkgrad/nn/node`.
 */
import { shorten } from '@chalkgrad/core';
import { ACTIVATIONS, type Activation, isActivation } from '../activations';
import { MLP } from '../scalar/models';
import { ActivationModule, Dropout, Flatten, Linear, LogSoftmax, Maxout, type Module, Reshape, Sequential, Softmax } from '../tensor/modules';

export const FORMAT = 'chalkgrad-model';
export const VERSION = 1;

type LayerSpec =
  | { type: 'linear'; nin: number; nout: number; bias: boolean }
  | { type: 'activation'; activation: Activation; slope?: number }
  | { type: 'softmax'; axis: number }
  | { type: 'logSoftmax'; axis: number }
  | { type: 'flatten' }
  | { type: 'reshape'; shape: number[] }
  | { type: 'dropout'; p: number }
  | { type: 'maxout'; nin: number; nout: number; k: number };

export interface ModelFile {
  format: typeof FORMAT;
  version: number;
  kind: 'sequential' | 'scalar-mlp';
  layers?: LayerSpec[];
  mlp?: { nin: number; sizes: number[]; activation: Activation; outputActivation: Activation | 'softmax' };
  dtype?: 'float32' | 'float64';
  /** Parameter name → flat values (row-major) and shape. */
  weights: Record<string, { shape: number[]; data: number[] }>;
}

function layerSpec(m: Module): LayerSpec {
  if (m instanceof Linear) return { type: 'linear', nin: m.nin, nout: m.nout, bias: m.bias !== null };
  if (m instanceof ActivationModule) return m.slope === 0.01 ? { type: 'activation', activation: m.activation } : { type: 'activation', activation: m.activation, slope: m.slope };
  if (m instanceof Softmax) return { type: 'softmax', axis: m.axis };
  if (m instanceof LogSoftmax) return { type: 'logSoftmax', axis: m.axis };
  if (m instanceof Flatten) return { type: 'flatten' };
  if (m instanceof Reshape) return { type: 'reshape', shape: [...m.shape] };
  if (m instanceof Dropout) return { type: 'dropout', p: m.p };
  if (m instanceof Maxout) return { type: 'maxout', nin: m.nin, nout: m.nout, k: m.k };
  throw new TypeError(`modelToJSON: cannot save a ${m.describe()} module`);
}

export function modelToJSON(model: Sequential | MLP): ModelFile {
  if (model instanceof MLP) {
    const params = model.parameters();
    return {
      format: FORMAT, version: VERSION, kind: 'scalar-mlp',
      mlp: { nin: model.nin, sizes: [...model.sizes], activation: model.options.activation ?? 'relu', outputActivation: model.options.outputActivation ?? 'identity' },
      weights: { parameters: { shape: [params.length], data: params.map((p) => p.data) } },
    };
  }
  const params = model.namedParameters();
  return {
    format: FORMAT, version: VERSION, kind: 'sequential',
    layers: model.modules.map(layerSpec),
    dtype: params[0]?.[1].dtype ?? 'float64',
    weights: Object.fromEntries(params.map(([n, p]) => [n, { shape: [...p.shape], data: Array.from(p.data) }])),
  };
}

class ModelFileError extends Error {
  override name = 'ModelFileError';
}

function fail(where: string, msg: string): never {
  throw new ModelFileError(`${where}: ${msg}`);
}

/** A value in a message: short, and never a walk through a deep or huge structure. */
function show(v: unknown): string {
  if (Array.isArray(v)) return v.length <= 8 && v.every((x) => typeof x === 'number') ? `[${v.join(',')}]` : `a list of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return typeof v === 'string' ? JSON.stringify(shorten(v)) : String(v);
}

function expectKeys(where: string, obj: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) fail(where, `expected an object, got ${show(obj)}`);
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(where, `unexpected key '${shorten(k)}' (allowed: ${shorten(allowed.join(', '), 200)})`);
  return obj as Record<string, unknown>;
}

function wholeNumber(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(where, `expected a whole number ≥ 1, got ${show(v)}`);
  return v;
}

function activation(where: string, v: unknown): Activation {
  if (typeof v !== 'string' || !isActivation(v)) fail(where, `unknown activation ${show(v)}; known: ${ACTIVATIONS.join(', ')}`);
  return v;
}

/** A layer as the file describes it, every field checked; nothing is allocated yet. */
function parseSpec(where: string, raw: unknown): LayerSpec {
  const type = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { type?: unknown }).type : undefined;
  switch (type) {
    case 'linear': {
      const o = expectKeys(where, raw, ['type', 'nin', 'nout', 'bias']);
      if (o.bias !== undefined && typeof o.bias !== 'boolean') fail(`${where}.bias`, `expected true or false, got ${show(o.bias)}`);
      return { type, nin: wholeNumber(`${where}.nin`, o.nin), nout: wholeNumber(`${where}.nout`, o.nout), bias: o.bias !== false };
    }
    case 'activation': {
      const o = expectKeys(where, raw, ['type', 'activation', 'slope']);
      if (o.slope !== undefined && (typeof o.slope !== 'number' || !Number.isFinite(o.slope))) fail(`${where}.slope`, `expected a finite number, got ${show(o.slope)}`);
      const spec: LayerSpec = { type, activation: activation(`${where}.activation`, o.activation) };
      return o.slope === undefined ? spec : { ...spec, slope: o.slope as number };
    }
    case 'softmax':
    case 'logSoftmax': {
      const axis = expectKeys(where, raw, ['type', 'axis']).axis ?? -1;
      if (typeof axis !== 'number' || !Number.isInteger(axis)) fail(`${where}.axis`, `expected a whole number (an axis such as -1), got ${show(axis)}`);
      return { type, axis };
    }
    case 'flatten':
      expectKeys(where, raw, ['type']);
      return { type };
    case 'reshape': {
      const shape = expectKeys(where, raw, ['type', 'shape']).shape;
      const ok = Array.isArray(shape) && shape.every((d) => d === -1 || (Number.isInteger(d) && d >= 1)) && shape.filter((d) => d === -1).length <= 1;
      if (!ok) fail(`${where}.shape`, `expected the shape of a sample (whole numbers ≥ 1, at most one -1), got ${show(shape)}`);
      return { type, shape: shape as number[] };
    }
    case 'dropout': {
      const p = expectKeys(where, raw, ['type', 'p']).p;
      if (typeof p !== 'number' || !(p >= 0 && p < 1)) fail(`${where}.p`, `expected a probability in [0, 1), got ${show(p)}`);
      return { type, p };
    }
    case 'maxout': {
      const o = expectKeys(where, raw, ['type', 'nin', 'nout', 'k']);
      return { type, nin: wholeNumber(`${where}.nin`, o.nin), nout: wholeNumber(`${where}.nout`, o.nout), k: wholeNumber(`${where}.k`, o.k) };
    }
    default:
      return fail(where, `unknown layer type ${show(type)} (known: linear, activation, softmax, logSoftmax, flatten, reshape, dropout, maxout)`);
  }
}

/** The parameters a layer has, by name and shape, as its module names them. */
function specParameters(spec: LayerSpec): [string, number[]][] {
  if (spec.type === 'linear') return spec.bias ? [['weight', [spec.nout, spec.nin]], ['bias', [spec.nout]]] : [['weight', [spec.nout, spec.nin]]];
  if (spec.type === 'maxout') return [['weight', [spec.nout * spec.k, spec.nin]], ['bias', [spec.nout * spec.k]]];
  return [];
}

function buildLayer(spec: LayerSpec): Module {
  switch (spec.type) {
    case 'linear': return new Linear(spec.nin, spec.nout, { bias: spec.bias });
    case 'activation': return new ActivationModule(spec.activation, spec.slope);
    case 'softmax': return new Softmax(spec.axis);
    case 'logSoftmax': return new LogSoftmax(spec.axis);
    case 'flatten': return new Flatten();
    case 'reshape': return new Reshape(spec.shape);
    case 'dropout': return new Dropout(spec.p);
    case 'maxout': return new Maxout(spec.nin, spec.nout, spec.k);
  }
}

/** Checks one weight entry against the shape the model needs and returns its numbers. */
function checkWeights(where: string, raw: unknown, shape: readonly number[]): number[] {
  const o = expectKeys(where, raw, ['shape', 'data']);
  if (!Array.isArray(o.shape) || o.shape.length !== shape.length || o.shape.some((d, i) => d !== shape[i])) {
    fail(where, `shape ${show(o.shape)} does not match the model's [${shape}]`);
  }
  const size = shape.reduce((p, d) => p * d, 1);
  const data = o.data;
  if (!Array.isArray(data) || data.length !== size) fail(where, `expected ${size} numbers, got ${Array.isArray(data) ? data.length : show(data)}`);
  for (let i = 0; i < data.length; i++) {
    if (typeof data[i] !== 'number' || !Number.isFinite(data[i])) fail(where, `value ${i} is ${show(data[i])}, not a finite number`);
  }
  return data as number[];
}

/**
 * Rebuilds a model from parsed JSON, checking every part. Every size the file claims is checked
 * against the weights it holds before anything is allocated: a 139-byte file declaring a
 * 20,000 × 20,000 layer is refused at once instead of allocating 6 GB first.
 */
export function modelFromJSON(raw: unknown, where = 'model'): Sequential | MLP {
  const o = expectKeys(where, raw, ['format', 'version', 'kind', 'layers', 'mlp', 'dtype', 'weights']);
  if (o.format !== FORMAT) fail(where, `not a chalkgrad model (format is ${show(o.format)}, expected "${FORMAT}")`);
  if (o.version !== VERSION) fail(where, `version ${show(o.version)} is not supported (this chalkgrad reads version ${VERSION})`);
  if (o.dtype !== undefined && o.dtype !== 'float32' && o.dtype !== 'float64') fail(`${where}.dtype`, `expected "float32" or "float64", got ${show(o.dtype)}`);
  const weightsRaw = o.weights;
  if (typeof weightsRaw !== 'object' || weightsRaw === null || Array.isArray(weightsRaw)) fail(`${where}.weights`, `expected an object, got ${show(weightsRaw)}`);
  if (o.kind === 'scalar-mlp') return scalarFromJSON(where, o.mlp, weightsRaw);
  if (o.kind !== 'sequential') fail(where, `unknown model kind ${show(o.kind)} (known: sequential, scalar-mlp)`);
  if (!Array.isArray(o.layers)) fail(`${where}.layers`, 'expected a list of layers');
  const specs = o.layers.map((l, i) => parseSpec(`${where}.layers[${i}]`, l));
  const wanted = specs.flatMap((s, i) => specParameters(s).map(([n, shape]): [string, number[]] => [`${i}.${n}`, shape]));
  const weights = expectKeys(`${where}.weights`, weightsRaw, wanted.map(([n]) => n));
  const data = new Map(wanted.map(([name, shape]) => {
    if (!Object.hasOwn(weights, name)) fail(`${where}.weights`, `missing '${name}'`);
    return [name, checkWeights(`${where}.weights.${name}`, weights[name], shape)];
  }));
  const model = new Sequential(...specs.map(buildLayer));
  for (const [name, p] of model.namedParameters()) p.data.set(data.get(name)!);
  return model;
}

function scalarFromJSON(where: string, raw: unknown, weightsRaw: object): MLP {
  const m = expectKeys(`${where}.mlp`, raw, ['nin', 'sizes', 'activation', 'outputActivation']);
  if (!Array.isArray(m.sizes) || m.sizes.length === 0) fail(`${where}.mlp.sizes`, 'expected a non-empty list of layer sizes');
  const nin = wholeNumber(`${where}.mlp.nin`, m.nin);
  const sizes = m.sizes.map((s, i) => wholeNumber(`${where}.mlp.sizes[${i}]`, s));
  const hidden = activation(`${where}.mlp.activation`, m.activation);
  const output = m.outputActivation === 'softmax' ? 'softmax' : activation(`${where}.mlp.outputActivation`, m.outputActivation);
  const count = sizes.reduce((n, nout, l) => n + ((l === 0 ? nin : sizes[l - 1]) + 1) * nout, 0);
  const weights = expectKeys(`${where}.weights`, weightsRaw, ['parameters']);
  const data = checkWeights(`${where}.weights.parameters`, weights.parameters, [count]);
  const model = new MLP(nin, sizes, { activation: hidden, outputActivation: output });
  model.parameters().forEach((p, i) => (p.data = data[i]));
  return model;
}

export { ModelFileError };
