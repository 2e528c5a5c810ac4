/**
 * The ONNX file format: protobuf messages through `onnx-buf` (the ONNX 1.20 schema compiled for
 * `@bufbuild/protobuf` 2, which decodes without eval and runs in a browser). Writing goes through
 * `GraphBuilder`; reading through `decodeModel`, `readTensor` and the attribute readers, which turn
 * anything malformed into an `OnnxError` that says what is wrong.
 */
import { type MessageInitShape, create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { OnnxAttribute, OnnxConstant } from '@chalkgrad/core';
import {
  type AttributeProto, AttributeProto_AttributeType as AttrType, type GraphProto, type ModelProto, ModelProtoSchema,
  type NodeProto, NodeProtoSchema, type TensorProto, TensorProtoSchema, TensorProto_DataLocation, TensorProto_DataType as DataType, type ValueInfoProto,
} from 'onnx-buf';

/** A file ONNX Runtime 1.14 and later runs: IR version 8 with opset 18 (ReduceMax takes its axes as an input). */
export const IR_VERSION = 8n;
export const OPSET = 18;

/** A bad, unsupported or malformed ONNX file; the message names the node, the op type or the field. */
export class OnnxError extends Error {
  override name = 'OnnxError';
}

type NodeInit = MessageInitShape<typeof NodeProtoSchema>;
type TensorInit = MessageInitShape<typeof TensorProtoSchema>;

/** A dimension: a size, or a name for one chosen at run time (`batch`). */
export type Dim = number | string;

/** A float tensor's name, type and dims (no dims: shape unknown). */
function valueInfo(name: string, dims: readonly Dim[] | null) {
  const dim = dims?.map((d) => ({ value: typeof d === 'number' ? { case: 'dimValue' as const, value: BigInt(d) } : { case: 'dimParam' as const, value: d } }));
  return { name, type: { value: { case: 'tensorType' as const, value: { elemType: DataType.FLOAT, shape: dim && { dim } } } } };
}

function attribute(name: string, a: OnnxAttribute) {
  if ('i' in a) return { name, type: AttrType.INT, i: BigInt(a.i) };
  if ('f' in a) return { name, type: AttrType.FLOAT, f: a.f };
  if ('s' in a) return { name, type: AttrType.STRING, s: new TextEncoder().encode(a.s) };
  return { name, type: AttrType.INTS, ints: a.ints.map((v) => BigInt(v)) };
}

/** Little-endian bytes of numbers (ONNX's raw_data). */
function rawBytes(type: OnnxConstant['type'], data: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  if (type === 'float') return new Uint8Array(Float32Array.from(data).buffer);
  if (type === 'bool') return Uint8Array.from(data, (v) => (v !== 0 ? 1 : 0));
  return new Uint8Array(BigInt64Array.from(Array.from(data, (v) => BigInt(v))).buffer);
}

/** One graph being written: unique names, weights, constants and nodes, in order. Float32 throughout. */
export class GraphBuilder {
  private readonly names = new Set<string>();
  private readonly nodes: NodeInit[] = [];
  private readonly initializers: TensorInit[] = [];
  private readonly inputs: ReturnType<typeof valueInfo>[] = [];
  private readonly outputs: ReturnType<typeof valueInfo>[] = [];

  /** `base`, or `base_2`, `base_3`... if taken; ONNX names must be unique within a graph. */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_.:/-]/g, '_') || 'v';
    let name = clean;
    for (let i = 2; this.names.has(name); i++) name = `${clean}_${i}`;
    this.names.add(name);
    return name;
  }

  input(base: string, dims: readonly Dim[] | null): string {
    const name = this.fresh(base);
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  output(name: string, dims: readonly Dim[] | null): void {
    this.outputs.push(valueInfo(name, dims));
  }

  /** Renames a node's output if `to` is free; false when `from` is no node's output or `to` is taken. */
  rename(from: string, to: string): boolean {
    const node = this.nodes.find((n) => n.output?.[0] === from);
    if (!node || this.names.has(to)) return false;
    this.names.add(to);
    node.output = [to];
    return true;
  }

  /** A constant stored in the file (weights are float constants); returns its name. */
  constant(base: string, c: OnnxConstant): string {
    const name = this.fresh(base);
    const dataType = c.type === 'float' ? DataType.FLOAT : c.type === 'bool' ? DataType.BOOL : DataType.INT64;
    this.initializers.push({ name, dataType, dims: c.shape.map((d) => BigInt(d)), rawData: rawBytes(c.type, c.data) });
    return name;
  }

  /** Adds a node and returns the name of its (first) output. */
  node(op: string, inputs: readonly string[], attributes: Record<string, OnnxAttribute> = {}, base = op.toLowerCase()): string {
    const out = this.fresh(base);
    const name = this.fresh(`${base}_node`);
    this.nodes.push({ name, opType: op, input: [...inputs], output: [out], attribute: Object.entries(attributes).map(([k, a]) => attribute(k, a)) });
    return out;
  }

  /** The whole model as ONNX bytes. */
  toBytes(graphName: string, docString = ''): Uint8Array {
    const model = create(ModelProtoSchema, {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: BigInt(OPSET) }],
      producerName: 'chalkgrad',
      producerVersion: '0.1.0',
      docString,
      graph: { name: graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return toBinary(ModelProtoSchema, model);
  }
}

// ---------------------------------------------------------------- reading

/** Parses ONNX bytes; malformed protobuf and a missing graph become an OnnxError. */
export function decodeModel(bytes: Uint8Array, where = 'ONNX file'): ModelProto & { graph: GraphProto } {
  if (!(bytes instanceof Uint8Array)) throw new OnnxError(`${where}: expected the file's bytes (a Uint8Array), got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length === 0) throw new OnnxError(`${where}: the file is empty`);
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (e) {
    throw new OnnxError(`${where}: not a valid ONNX file (the protobuf data is malformed: ${(e as Error).message}); was it cut short or is it another format?`);
  }
  if (!model.graph || (model.graph.node.length === 0 && model.graph.input.length === 0)) {
    throw new OnnxError(`${where}: not an ONNX model (no graph with nodes or inputs); was it cut short or is it another format?`);
  }
  return model as ModelProto & { graph: GraphProto };
}

/** The version of the default ONNX operator set the model imports. */
export function defaultOpset(model: ModelProto, where: string): number {
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!entry) throw new OnnxError(`${where}: the model imports no version of the standard ONNX operator set`);
  return Number(entry.version);
}

/** Elements of a tensor of these dims, or an error for a negative or absurd size. */
function elementCount(dims: readonly bigint[], where: string): number {
  let n = 1;
  for (const d of dims) {
    if (d < 0n) throw new OnnxError(`${where}: dimension ${d} is negative`);
    n *= Number(d);
  }
  if (n > 2 ** 31) throw new OnnxError(`${where}: ${n} elements is more than chalkgrad can hold`);
  return n;
}

interface RawReader { bytes: number; read: (v: DataView, at: number) => number; name: string }

/** How to read raw_data of a data type (inside a function: a bundle that never reads ONNX drops the schema). */
function rawReader(type: number): RawReader | undefined {
  switch (type) {
    case DataType.FLOAT: return { bytes: 4, read: (v, at) => v.getFloat32(at, true), name: 'float32' };
    case DataType.DOUBLE: return { bytes: 8, read: (v, at) => v.getFloat64(at, true), name: 'float64' };
    case DataType.INT64: return { bytes: 8, read: (v, at) => Number(v.getBigInt64(at, true)), name: 'int64' };
    case DataType.INT32: return { bytes: 4, read: (v, at) => v.getInt32(at, true), name: 'int32' };
    default: return undefined;
  }
}

/** A tensor's numbers (float32, float64, int32 or int64) and dims, checked against each other. */
export function readTensor(t: TensorProto, where: string): { dims: number[]; data: Float64Array } {
  if (t.dataLocation === TensorProto_DataLocation.EXTERNAL || t.externalData.length > 0) {
    throw new OnnxError(`${where}: the numbers are stored in a separate file (external data); save the model with its weights inside the .onnx file`);
  }
  const reader = rawReader(t.dataType);
  if (!reader) throw new OnnxError(`${where}: data type ${DataType[t.dataType] ?? t.dataType} is not supported (float32, float64, int32 and int64 are)`);
  const n = elementCount(t.dims, where);
  let data: Float64Array;
  if (t.rawData.length > 0) {
    if (t.rawData.length !== n * reader.bytes) throw new OnnxError(`${where}: ${t.rawData.length} bytes of ${reader.name} data do not fill dims [${t.dims.join(', ')}] (${n * reader.bytes} bytes needed)`);
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = reader.read(view, i * reader.bytes);
  } else {
    const list: ArrayLike<number | bigint> =
      t.dataType === DataType.FLOAT ? t.floatData : t.dataType === DataType.DOUBLE ? t.doubleData : t.dataType === DataType.INT64 ? t.int64Data : t.int32Data;
    if (list.length !== n) throw new OnnxError(`${where}: ${list.length} numbers do not fill dims [${t.dims.join(', ')}] (${n} needed)`);
    data = Float64Array.from(Array.from(list, Number));
  }
  return { dims: t.dims.map(Number), data };
}

/** The attribute of a node by name, if present. */
function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name);
}

function wrongType(where: string, name: string, a: AttributeProto, want: string): never {
  throw new OnnxError(`${where}: attribute '${name}' is ${AttrType[a.type] ?? a.type}, expected ${want}`);
}

export function intAttribute(node: NodeProto, name: string, fallback: number, where: string): number {
  const a = findAttribute(node, name);
  if (!a) return fallback;
  if (a.type !== AttrType.INT) wrongType(where, name, a, 'INT');
  return Number(a.i);
}

/** A float attribute (float32 in the file) as the shortest decimal that gives the same float32: 0.1, not 0.10000000149. */
export function floatAttribute(node: NodeProto, name: string, fallback: number, where: string): number {
  const a = findAttribute(node, name);
  if (!a) return fallback;
  if (a.type !== AttrType.FLOAT) wrongType(where, name, a, 'FLOAT');
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(a.f.toPrecision(digits));
    if (Math.fround(short) === a.f) return short;
  }
  return a.f;
}

export function intsAttribute(node: NodeProto, name: string, where: string): number[] | undefined {
  const a = findAttribute(node, name);
  if (!a) return undefined;
  if (a.type !== AttrType.INTS) wrongType(where, name, a, 'INTS');
  return a.ints.map(Number);
}

/** The tensor held by a Constant node (its `value` attribute). */
export function constantValue(node: NodeProto, where: string): TensorProto {
  const a = findAttribute(node, 'value');
  if (!a || a.type !== AttrType.TENSOR || !a.t) throw new OnnxError(`${where}: a Constant node without a tensor 'value' is not supported`);
  return a.t;
}

/** The declared dims of a graph input (numbers, or null where a size is named or unknown). */
export function declaredDims(v: ValueInfoProto): (number | null)[] | null {
  const t = v.type?.value;
  if (t?.case !== 'tensorType' || !t.value.shape) return null;
  return t.value.shape.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : null));
}
