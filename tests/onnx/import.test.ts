/**
 * importOnnx: files PyTorch's exporter wrote load with their weights and give PyTorch's outputs;
 * chalkgrad's own files round-trip; everything outside the op subset, and any malformed file
 * (truncated at every length, seeded random mutations), gets an OnnxError, never a crash or a hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import { Rng, tensor } from '@chalkgrad/core';
import { Dropout, LeakyReLU, Linear, LogSoftmax, Maxout, OnnxError, ReLU, Reshape, Flatten, Sequential, Softmax, importOnnx, mlp, modelFromJSON, modelToJSON, toOnnx } from '@chalkgrad/nn';

const FIXTURES = join(__dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, { input: number[]; inputShape: number[]; output: number[]; outputShape: number[] }>;
const fixture = (name: string) => importOnnx(readFileSync(join(FIXTURES, `${name}.onnx`)), { name: `${name}.onnx` });

describe('files exported by PyTorch (tests/onnx/fixtures/make-fixtures.py)', () => {
  test.each([
    ['flatten-leaky-logsoftmax', 'Sequential(flatten, Linear(6, 8), leakyRelu(0.1), Linear(8, 3), logSoftmax)'],
    ['tanh-softmax-opset11', 'Sequential(Linear(4, 5), tanh, Linear(5, 2), softmax)'],
    ['matmul-add-sigmoid-softplus', 'Sequential(Linear(3, 4), sigmoid, Linear(4, 4), softplus, Linear(4, 2), relu)'],
    ['view-reshape', 'Sequential(Linear(6, 6), Reshape(2, 3), tanh, Reshape(6), Linear(6, 1))'],
  ])('%s loads as %s and gives PyTorch outputs', (name, description) => {
    const model = fixture(name);
    expect(model.describe()).toBe(description);
    const e = expected[name];
    const y = model.forward(tensor(e.input, { shape: e.inputShape }));
    expect([...y.shape]).toEqual(e.outputShape);
    y.data.forEach((v, i) => expect(Math.abs(v - e.output[i])).toBeLessThan(1e-5));
  });

  test('a loaded model trains on: backward reaches every weight, and it saves as a chalkgrad model', () => {
    const model = fixture('matmul-add-sigmoid-softplus');
    const e = expected['matmul-add-sigmoid-softplus'];
    model.forward(tensor(e.input, { shape: e.inputShape })).sum().backward();
    for (const [name, p] of model.namedParameters()) expect([name, p.grad?.shape]).toEqual([name, p.shape]);
    const back = modelFromJSON(JSON.parse(JSON.stringify(modelToJSON(model)))) as Sequential;
    expect(back.describe()).toBe(model.describe());
  });

  test('a branch and an op outside the subset are named', () => {
    expect(() => fixture('residual')).toThrow(/residual\.onnx: 'x' feeds 2 nodes \(node "\/fc\/Gemm" \(Gemm\), node "\/Add" \(Add\)\); chalkgrad imports a chain of layers/);
    expect(() => fixture('exp')).toThrow(/exp\.onnx: node "\/1\/Exp" \(Exp\): op type 'Exp' is not supported; chalkgrad imports Gemm, MatMul, Add, Relu/);
  });
});

describe('chalkgrad models round-trip through ONNX', () => {
  test.each([
    ['an MLP', () => mlp(4, [8, 8, 2], { seed: 1 })],
    ['every layer type', () => new Sequential(new Linear(4, 6, { seed: 2 }), LeakyReLU(0.2), new Dropout(0.25), new Maxout(6, 3, 2, { seed: 3 }), new Reshape([3, 1]), new Flatten(), new Linear(3, 3, { seed: 4, bias: false }), ReLU(), new Softmax(), new LogSoftmax())],
  ])('%s: same layers, weights to float32 precision, same outputs', (_name, make) => {
    const model = make().eval();
    const back = importOnnx(toOnnx(model));
    expect(back.describe()).toBe(model.describe());
    const x = tensor(Float64Array.from({ length: 20 }, (_, i) => Math.sin(i)), { shape: [5, 4] });
    const a = back.forward(x).data;
    model.forward(x).data.forEach((v, i) => expect(Math.abs(v - a[i])).toBeLessThan(1e-5));
    back.namedParameters().forEach(([name, p], i) => {
      const [name0, p0] = model.namedParameters()[i];
      expect(name).toBe(name0);
      expect(Array.from(p.data)).toEqual(Array.from(p0.data, Math.fround));
    });
  });
});

/** An ONNX file built by hand: one graph, float inputs, initializers in float_data. */
function onnxFile(graph: { nodes: { op: string; inputs: string[]; outputs?: string[]; name?: string; domain?: string; attributes?: { name: string; type: number; i?: bigint; f?: number }[] }[]; inputs?: string[]; outputs?: string[]; weights?: Record<string, { dims: number[]; data: number[] }> }, opset = 13): Uint8Array {
  const vi = (name: string) => ({ name, type: { value: { case: 'tensorType' as const, value: { elemType: TensorProto_DataType.FLOAT } } } });
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: BigInt(opset) }],
    graph: {
      name: 'g',
      node: graph.nodes.map((n, i) => ({ name: n.name ?? `n${i}`, opType: n.op, domain: n.domain ?? '', input: n.inputs, output: n.outputs ?? [`t${i}`], attribute: n.attributes ?? [] })),
      input: (graph.inputs ?? ['x']).map(vi),
      output: (graph.outputs ?? [`t${graph.nodes.length - 1}`]).map(vi),
      initializer: Object.entries(graph.weights ?? {}).map(([name, w]) => ({ name, dataType: TensorProto_DataType.FLOAT, dims: w.dims.map(BigInt), floatData: w.data })),
    },
  }));
}

const W = { dims: [2, 3], data: [1, 2, 3, 4, 5, 6] };

describe('what is outside the subset is named', () => {
  test.each([
    ['an op of another domain', onnxFile({ nodes: [{ op: 'Relu', domain: 'com.microsoft', inputs: ['x'] }] }), "node \"n0\" (Relu): operators of domain 'com.microsoft' are not supported"],
    ['two computed inputs', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'] }, { op: 'Add', inputs: ['t0', 'x'] }] }), "'x' feeds 2 nodes"],
    ['two graph inputs', onnxFile({ nodes: [{ op: 'Add', inputs: ['x', 'y'] }], inputs: ['x', 'y'] }), 'the graph has 2 inputs (x, y); chalkgrad imports a network with one input'],
    ['two outputs', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'] }], outputs: ['t0', 'x'] }), 'the graph has 2 outputs'],
    ['a cycle', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['a'] }, { op: 'Tanh', inputs: ['a'], outputs: ['x'] }], outputs: ['y'] }), 'node "n0" (Relu): the graph has a cycle'],
    ['a stray node', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'] }, { op: 'Relu', inputs: ['w'] }], outputs: ['t0'], weights: { w: W } }), 'node "n1" (Relu): it is not on the path from the input to the output'],
    ['a missing weight', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'] }, { op: 'Gemm', inputs: ['t0', 'q'] }], inputs: ['x'] }), "node \"n1\" (Gemm): its input 'q' is neither stored in the file nor computed by a node"],
    ['a weight that is computed', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'] }, { op: 'Relu', inputs: ['t0'] }, { op: 'Gemm', inputs: ['t1', 't0'] }], inputs: ['x'] }), "'t0' feeds 2 nodes"],
    ['transA', onnxFile({ nodes: [{ op: 'Gemm', inputs: ['x', 'w'], attributes: [{ name: 'transA', type: 2, i: 1n }] }], weights: { w: W } }), 'transA = 1 (a transposed input) is not supported'],
    ['a NaN weight', onnxFile({ nodes: [{ op: 'Gemm', inputs: ['x', 'w'] }], weights: { w: { dims: [1, 2], data: [1, NaN] } } }), "weight B 'w' has NaN at index 1; chalkgrad needs finite numbers"],
    ['too few numbers', onnxFile({ nodes: [{ op: 'Gemm', inputs: ['x', 'w'] }], weights: { w: { dims: [2, 3], data: [1, 2] } } }), '2 numbers do not fill dims [2, 3] (6 needed)'],
    ['a bias of the wrong size', onnxFile({ nodes: [{ op: 'MatMul', inputs: ['x', 'w'] }, { op: 'Add', inputs: ['t0', 'b'] }], weights: { w: W, b: { dims: [2], data: [1, 2] } } }), 'a bias of 2 numbers for a layer of 3 units'],
    ['Add without a MatMul', onnxFile({ nodes: [{ op: 'Relu', inputs: ['x'] }, { op: 'Add', inputs: ['t0', 'b'] }], weights: { b: { dims: [2], data: [1, 2] } } }), 'Add is imported only as the bias of the MatMul just before it'],
    ['a reshape that fixes the batch', onnxFile({ nodes: [{ op: 'Reshape', inputs: ['x', 's'] }], weights: { s: { dims: [2], data: [1, 6] } } }), 'the target shape [1,6] fixes the batch size'],
    ['a wrong attribute type', onnxFile({ nodes: [{ op: 'LeakyRelu', inputs: ['x'], attributes: [{ name: 'alpha', type: 2, i: 1n }] }] }), "attribute 'alpha' is INT, expected FLOAT"],
    ['a ReduceMax alone', onnxFile({ nodes: [{ op: 'ReduceMax', inputs: ['x'], attributes: [{ name: 'keepdims', type: 2, i: 0n }, { name: 'axes', type: 7 }] }] }, 11), 'ReduceMax is imported only as the end of a Maxout'],
  ])('%s', (_what, bytes, message) => {
    expect(() => importOnnx(bytes)).toThrow(OnnxError);
    expect(() => importOnnx(bytes)).toThrow(message);
  });

  test('not ONNX at all', () => {
    expect(() => importOnnx(new Uint8Array(0))).toThrow('ONNX file: the file is empty');
    expect(() => importOnnx(new TextEncoder().encode('{"format": "chalkgrad-model"}'))).toThrow(/ONNX file: not (a valid ONNX file|an ONNX model)/);
    expect(() => importOnnx('net.onnx' as never)).toThrow("expected the file's bytes (a Uint8Array), got string");
  });
});

describe('fuzzing: malformed files give an OnnxError, never a crash or a hang', () => {
  const original = toOnnx(new Sequential(new Linear(3, 4, { seed: 1 }), LeakyReLU(0.2), new Dropout(0.1), new Maxout(4, 2, 2, { seed: 2 }), new Reshape([2]), new Flatten(), new Linear(2, 2, { seed: 3 }), new Softmax()));

  /** Imports, and says what happened: 'ok', 'OnnxError', or the unexpected error itself. */
  function outcome(bytes: Uint8Array): string {
    try {
      importOnnx(bytes);
      return 'ok';
    } catch (e) {
      return e instanceof OnnxError ? 'OnnxError' : `${(e as Error).name}: ${(e as Error).message}`;
    }
  }

  test('cut at every length', () => {
    const start = Date.now();
    const outcomes = new Set<string>();
    for (let n = 0; n < original.length; n++) outcomes.add(outcome(original.slice(0, n)));
    expect([...outcomes].filter((o) => o !== 'ok' && o !== 'OnnxError')).toEqual([]);
    expect(outcomes.has('OnnxError')).toBe(true);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  test('3,000 seeded mutations: flipped, overwritten, inserted and deleted bytes', () => {
    const rng = new Rng(2024);
    const start = Date.now();
    const counts: Record<string, number> = {};
    for (let trial = 0; trial < 3000; trial++) {
      let bytes = Array.from(original);
      for (let k = 1 + rng.int(4); k > 0; k--) {
        const at = rng.int(bytes.length);
        const kind = rng.int(4);
        if (kind === 0) bytes[at] ^= 1 << rng.int(8);
        else if (kind === 1) bytes[at] = rng.int(256);
        else if (kind === 2) bytes.splice(at, 0, rng.int(256));
        else bytes.splice(at, 1);
      }
      const o = outcome(Uint8Array.from(bytes));
      counts[o] = (counts[o] ?? 0) + 1;
    }
    expect(Object.keys(counts).filter((o) => o !== 'ok' && o !== 'OnnxError')).toEqual([]);
    expect(counts.OnnxError).toBeGreaterThan(100);
    expect(Date.now() - start).toBeLessThan(30_000);
  });

  test('a length field that claims gigabytes, and nesting a million levels deep', () => {
    expect(() => importOnnx(Uint8Array.from([0x3a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3]))).toThrow(OnnxError);
    const deep = new Uint8Array(2_000_000);
    for (let i = 0; i < deep.length; i += 2) [deep[i], deep[i + 1]] = [0x3a, 0x7f]; // graph within graph within ...
    expect(() => importOnnx(deep)).toThrow(OnnxError);
  });
});
