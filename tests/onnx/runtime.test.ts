/**
 * Every exported model runs in ONNX Runtime (onnxruntime-web, WebAssembly) and gives chalkgrad's
 * outputs within 1e-5 in float32, on seeded random inputs: each layer type, a scalar MLP, and every
 * op of the op table traced by traceToOnnx.
 */
import { MLP, importOnnx, mlp, toOnnx, traceToOnnx } from '@chalkgrad/nn';
import { TENSOR_OPS, Tensor, applyOp, randn, tensor } from '@chalkgrad/core';
import { EXPORT_MODELS } from '../helpers/exportModels';
import { opTableCases } from '../helpers/opCases';
import { type OrtResult, runInOnnxRuntime } from '../helpers/onnxRuntime';

/** Inputs float32 holds exactly, so both engines start from the same numbers. */
function input(shape: number[], seed: number): Tensor {
  const t = randn(shape, { seed });
  return tensor(Float64Array.from(t.data, Math.fround), { shape });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length).toBe(expected.length);
  const worst = Array.from(expected).reduce((w, e, i) => Math.max(w, Math.abs(actual[i] - e) / Math.max(1, Math.abs(e))), 0);
  if (!(worst <= 1e-5)) throw new Error(`${what}: ONNX Runtime differs from chalkgrad by ${worst.toExponential(2)} (> 1e-5)`);
}

function outputOf(r: OrtResult, what: string) {
  if (r.error !== undefined) throw new Error(`${what}: ONNX Runtime refused the model: ${r.error}`);
  return r.outputs.output;
}


describe('toOnnx: each model runs in ONNX Runtime with chalkgrad outputs', () => {
  const built = EXPORT_MODELS.map(([name, make, nin], i) => {
    const model = make();
    if (!(model instanceof MLP)) model.eval();
    const x = input([6, nin], 100 + i);
    const expected = model instanceof MLP ? x.toArray() as number[][] : null;
    const y = model instanceof MLP ? expected!.flatMap((row) => model.forward(row).map((v) => v.data)) : Array.from(model.forward(x).data);
    return { name, model, x, y, bytes: toOnnx(model) };
  });
  const results = runInOnnxRuntime(built.map((b) => ({ model: b.bytes, feeds: { input: { data: b.x.data, dims: b.x.shape } } })));

  test.each(built.map((b, i) => [b.name, i] as const))('%s', (_name, i) => {
    const b = built[i];
    const out = outputOf(results[i], b.name);
    expect(out.dims[0]).toBe(6);
    expectClose(out.data, b.y, b.name);
  });

  test('the batch size is free: one file runs batches of 1 and 9', () => {
    const net = mlp(2, [5, 1], { seed: 3 });
    const bytes = toOnnx(net);
    const xs = [input([1, 2], 7), input([9, 2], 8)];
    const rs = runInOnnxRuntime(xs.map((x) => ({ model: bytes, feeds: { input: { data: x.data, dims: x.shape } } })));
    xs.forEach((x, i) => expectClose(outputOf(rs[i], `batch ${x.shape[0]}`).data, net.forward(x).data, `batch ${x.shape[0]}`));
  });

  test('an imported model gives the same outputs as the file in ONNX Runtime', () => {
    for (const b of built) {
      const back = importOnnx(b.bytes);
      expectClose(back.forward(b.x).data, b.y, `${b.name} after importOnnx`);
    }
  });
});

describe('traceToOnnx: every op of the op table runs in ONNX Runtime', () => {
  const cases = opTableCases(7, Math.fround);
  const jobs = cases.map(({ op, c, inputs }) => ({
    model: traceToOnnx((...xs) => applyOp(op.name, xs, c.params), inputs),
    feeds: Object.fromEntries(inputs.map((t, k) => [`x${k}`, { data: t.data, dims: t.shape }])),
  }));
  const results = runInOnnxRuntime(jobs);

  test('the cases cover every op of the table', () => {
    expect(new Set(cases.map((c) => c.op.name))).toEqual(new Set(Object.keys(TENSOR_OPS)));
  });

  test.each(cases.map((c, i) => [c.title, i] as const))('%s', (title, i) => {
    const { op, c, inputs } = cases[i];
    const expected = applyOp(op.name, inputs, c.params);
    const out = outputOf(results[i], title);
    expect(out.dims).toEqual([...expected.shape]);
    expectClose(out.data, expected.data, title);
  });

  test('a whole function: a two-layer network with weights read from outside, and a loss', () => {
    const W1 = randn([4, 3], { seed: 1 });
    const W2 = randn([2, 4], { seed: 2 });
    const target = tensor([[1, 0], [0, 1], [1, 0], [0, 1], [1, 1]]);
    const f = (x: Tensor) => x.matmul(W1.T).tanh().matmul(W2.T).sigmoid().sub(target).pow(2).mean();
    const x = input([5, 3], 3);
    const [r] = runInOnnxRuntime([{ model: traceToOnnx(f, [x]), feeds: { input0: { data: x.data, dims: x.shape } } }]);
    expectClose(outputOf(r, 'network').data, f(x).data, 'network');
  });
});
