/**
 * Models to JSON and back. Loading checks everything and says what is wrong: an unknown layer,
 * a shape that does not match, a non-finite weight, an unexpected key (`__proto__` included).
 * Browser-safe: saving to and loading from files is `saveModel`/`loadModel` in `@chalkgrad/nn/node`.
 */
import type { Tensor } from '@chalkgrad/core';
import { type Activation, checkActivation } from '../activations';
import { MLP } from '../scalar/models';
import { ActivationModule, Dropout, Linear, Maxout, type Module, Sequential, Softmax } from '../tensor/modules';

export const FORMAT = 'chalkgrad-model';
export const VERSION = 1;

type LayerSpec =
  | { type: 'linear'; nin: number; nout: number; bias: boolean }
  | { type: 'activation'; activation: Activation }
  | { type: 'softmax'; axis: number }
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
  if (m instanceof ActivationModule) return { type: 'activation', activation: m.activation };
  if (m instanceof Softmax) return { type: 'softmax', axis: m.axis };
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

function expectKeys(where: string, obj: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) fail(where, `expected an object, got ${Array.isArray(obj) ? 'an array' : JSON.stringify(obj)}`);
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(where, `unexpected key '${k}' (allowed: ${allowed.join(', ')})`);
  return obj as Record<string, unknown>;
}

function wholeNumber(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(where, `expected a whole number ≥ 1, got ${JSON.stringify(v)}`);
  return v;
}

function parseLayer(where: string, raw: unknown): Module {
  const type = (raw as { type?: unknown })?.type;
  switch (type) {
    case 'linear': {
      const o = expectKeys(where, raw, ['type', 'nin', 'nout', 'bias']);
      return new Linear(wholeNumber(`${where}.nin`, o.nin), wholeNumber(`${where}.nout`, o.nout), { bias: o.bias !== false });
    }
    case 'activation': {
      const o = expectKeys(where, raw, ['type', 'activation']);
      try {
        return new ActivationModule(checkActivation(String(o.activation), where));
      } catch (e) {
        return fail(where, (e as Error).message);
      }
    }
    case 'softmax': return new Softmax(Number(expectKeys(where, raw, ['type', 'axis']).axis ?? -1));
    case 'dropout': return new Dropout(Number(expectKeys(where, raw, ['type', 'p']).p));
    case 'maxout': {
      const o = expectKeys(where, raw, ['type', 'nin', 'nout', 'k']);
      return new Maxout(wholeNumber(`${where}.nin`, o.nin), wholeNumber(`${where}.nout`, o.nout), wholeNumber(`${where}.k`, o.k));
    }
    default:
      return fail(where, `unknown layer type ${JSON.stringify(type)} (known: linear, activation, softmax, dropout, maxout)`);
  }
}

function fillTensor(where: string, target: Tensor, raw: unknown): void {
  const o = expectKeys(where, raw, ['shape', 'data']);
  const shape = o.shape;
  const data = o.data;
  if (!Array.isArray(shape) || shape.length !== target.shape.length || shape.some((d, i) => d !== target.shape[i])) {
    fail(where, `shape ${JSON.stringify(shape)} does not match the model's [${target.shape}]`);
  }
  if (!Array.isArray(data) || data.length !== target.size) fail(where, `expected ${target.size} numbers, got ${Array.isArray(data) ? data.length : typeof data}`);
  data.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, `value ${i} is ${JSON.stringify(v)}, not a finite number`);
  });
  target.data.set(data as number[]);
}

/** Rebuilds a model from parsed JSON, checking every part. */
export function modelFromJSON(raw: unknown, where = 'model'): Sequential | MLP {
  const o = expectKeys(where, raw, ['format', 'version', 'kind', 'layers', 'mlp', 'dtype', 'weights']);
  if (o.format !== FORMAT) fail(where, `not a chalkgrad model (format is ${JSON.stringify(o.format)}, expected "${FORMAT}")`);
  if (o.version !== VERSION) fail(where, `version ${JSON.stringify(o.version)} is not supported (this chalkgrad reads version ${VERSION})`);
  const weights = expectKeys(`${where}.weights`, o.weights, Object.keys((o.weights as object) ?? {}).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)));
  if (o.kind === 'scalar-mlp') {
    const m = expectKeys(`${where}.mlp`, o.mlp, ['nin', 'sizes', 'activation', 'outputActivation']);
    if (!Array.isArray(m.sizes) || m.sizes.length === 0) fail(`${where}.mlp.sizes`, 'expected a non-empty list of layer sizes');
    const model = new MLP(wholeNumber(`${where}.mlp.nin`, m.nin), (m.sizes as unknown[]).map((s, i) => wholeNumber(`${where}.mlp.sizes[${i}]`, s)), {
      activation: checkActivation(String(m.activation), `${where}.mlp.activation`),
      outputActivation: m.outputActivation === 'softmax' ? 'softmax' : checkActivation(String(m.outputActivation), `${where}.mlp.outputActivation`),
    });
    expectKeys(`${where}.weights`, weights, ['parameters']);
    const params = model.parameters();
    const holder = { shape: [params.length], size: params.length, data: new Float64Array(params.length) } as unknown as Tensor;
    fillTensor(`${where}.weights.parameters`, holder, weights.parameters);
    params.forEach((p, i) => (p.data = holder.data[i]));
    return model;
  }
  if (o.kind !== 'sequential') fail(where, `unknown model kind ${JSON.stringify(o.kind)} (known: sequential, scalar-mlp)`);
  if (!Array.isArray(o.layers)) fail(`${where}.layers`, 'expected a list of layers');
  const model = new Sequential(...o.layers.map((l, i) => parseLayer(`${where}.layers[${i}]`, l)));
  const named = model.namedParameters();
  expectKeys(`${where}.weights`, weights, named.map(([n]) => n));
  for (const [name, p] of named) {
    if (!Object.hasOwn(weights, name)) fail(`${where}.weights`, `missing '${name}'`);
    fillTensor(`${where}.weights.${name}`, p, weights[name]);
  }
  return model;
}

export { ModelFileError };
