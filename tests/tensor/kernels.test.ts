/**
 * The fast kernels against the reference TypeScript kernels, through the ops that call them: the
 * same op with `useKernels('fast')` and with `useKernels('js')`, forward and VJPs (for matmul the
 * transposed products), on random shapes: odd sizes, 1-wide and empty dimensions, broadcasting,
 * both dtypes. float32 is compared within a tolerance scaled by the reduction length.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type DType, Rng, SCALAR_OPS, type ScalarOp, type Tensor, applyOp, axpy, kernelInfo, rand, useKernels } from '@chalkgrad/core';

afterEach(() => useKernels('fast'));

/** Runs `f` with each kernel set; gives both results. */
function both<T>(f: () => T): { fast: T; js: T } {
  useKernels('fast');
  const fast = f();
  useKernels('js');
  const js = f();
  useKernels('fast');
  return { fast, js };
}

/** Worst |fast − js| over the scale a sum of `k` products of numbers in [-1, 1] allows. */
function expectClose(fast: ArrayLike<number>, js: ArrayLike<number>, k: number, dtype: DType): void {
  expect(fast.length).toBe(js.length);
  const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const tol = 4 * eps * Math.max(1, k);
  let worst = 0;
  for (let i = 0; i < js.length; i++) worst = Math.max(worst, Math.abs(fast[i] - js[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** Forward and both VJPs of a @ b, with an upstream gradient that is not all ones. */
function matmulAll(a: Tensor, b: Tensor, seed: number) {
  const at = a.detach();
  const bt = b.detach();
  at.requiresGrad = true;
  bt.requiresGrad = true;
  const y = at.matmul(bt);
  y.backward(rand(y.shape, { seed, low: -1, high: 1, dtype: y.dtype }));
  return { y: Array.from(y.data), ga: Array.from(at.grad!.data), gb: Array.from(bt.grad!.data) };
}

test('matmul runs on WebAssembly by default', () => {
  useKernels('fast');
  expect(kernelInfo()).toMatchObject({ kernels: 'fast', gemm: expect.stringMatching(/^wasm-/) });
  useKernels('js');
  expect(kernelInfo()).toEqual({ kernels: 'js', gemm: 'js', wasmOps: [] });
});

test('useKernels names a wrong choice', () => {
  expect(() => useKernels('wasm' as 'js')).toThrow(/expected 'fast' or 'js', got "wasm"/);
});

const FIXED: [number[], number[]][] = [
  [[128, 784], [784, 128]], [[1, 1], [1, 1]], [[1, 300], [300, 1]], [[300, 1], [1, 300]],
  [[0, 5], [5, 3]], [[4, 0], [0, 6]], [[3, 5], [5, 0]], [[7], [7, 9]], [[9, 7], [7]], [[7], [7]],
  [[2, 1, 5, 6], [3, 6, 4]], [[3, 5, 6], [6, 4]], [[5, 6], [2, 6, 4]],
];

describe.each(['float32', 'float64'] as const)('%s gemm: fast = reference', (dtype) => {
  test.each(FIXED)('%j @ %j', (sa, sb) => {
    const a = rand(sa, { seed: 1, low: -1, high: 1, dtype });
    const b = rand(sb, { seed: 2, low: -1, high: 1, dtype });
    const { fast, js } = both(() => matmulAll(a, b, 3));
    const k = sa[sa.length - 1];
    expectClose(fast.y, js.y, k, dtype);
    expectClose(fast.ga, js.ga, Math.max(...sb), dtype);
    expectClose(fast.gb, js.gb, Math.max(...sa), dtype);
  });

  test('random odd shapes', () => {
    const rng = new Rng(dtype === 'float32' ? 11 : 12);
    for (let t = 0; t < 25; t++) {
      const [m, k, n] = [rng.int(40) + 1, rng.int(300) + 1, rng.int(40) + 1];
      const a = rand([m, k], { rng, low: -1, high: 1, dtype });
      const b = rand([k, n], { rng, low: -1, high: 1, dtype });
      const { fast, js } = both(() => matmulAll(a, b, t));
      expectClose(fast.y, js.y, k, dtype);
      expectClose(fast.ga, js.ga, n, dtype);
      expectClose(fast.gb, js.gb, m, dtype);
    }
  });
});

test('mixed dtypes fall back to the reference gemm and agree', () => {
  const a = rand([5, 7], { seed: 4, dtype: 'float32' });
  const b = rand([7, 3], { seed: 5 });
  const { fast, js } = both(() => a.matmul(b));
  expect(fast.dtype).toBe('float64');
  expectClose(fast.data, js.data, 7, 'float32');
});

test('results stay right while the wasm memory grows and after', () => {
  const small = () => rand([3, 4], { seed: 6, dtype: 'float32' }).matmul(rand([4, 5], { seed: 7, dtype: 'float32' }));
  const before = Array.from(small().data);
  // 3 × 4 MiB operands: far more than the memory held so far, so it grows while views exist.
  const big = rand([1024, 1024], { seed: 8, dtype: 'float32', low: -1, high: 1 });
  const { fast, js } = both(() => big.matmul(big.slice([0, 1024], [0, 3])));
  expectClose(fast.data, js.data, 1024, 'float32');
  expect(Array.from(small().data)).toEqual(before);
});

test('the relaxed-SIMD module (fused multiply-add) agrees, where the engine accepts it', () => {
  // Node 20 validates relaxed SIMD only behind a V8 flag: a child process with the flag on, on core's sources.
  const script = join(__dirname, 'relaxed-simd-check.ts');
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--conditions=source', '-r', 'ts-node/register/transpile-only', script], { encoding: 'utf8' });
  const report = JSON.parse(out.trim().split('\n').pop()!) as { gemm: string; worst: number; tolerance: number };
  expect(report.gemm).toBe('wasm-relaxed-simd');
  expect(report.worst).toBeLessThanOrEqual(report.tolerance);
});

test('CHALKGRAD_KERNELS=js starts with the reference kernels', () => {
  const code = "const { kernelInfo } = require('@chalkgrad/core'); console.log(JSON.stringify(kernelInfo()))";
  const run = (env: Record<string, string>) => JSON.parse(execFileSync(process.execPath, ['--conditions=source', '-r', 'ts-node/register/transpile-only', '-e', code], { encoding: 'utf8', env: { ...process.env, ...env } }));
  expect(run({ CHALKGRAD_KERNELS: 'js' })).toEqual({ kernels: 'js', gemm: 'js', wasmOps: [] });
  expect(run({ CHALKGRAD_KERNELS: '' })).toMatchObject({ kernels: 'fast' });
});

const SCALAR = Object.values(SCALAR_OPS as Record<string, ScalarOp>);
const BROADCASTS: [number[], number[]][] = [
  [[2, 3], [2, 3]], [[2, 3], [3]], [[128, 64], [64]], [[7, 1], [1, 9]], [[3, 1, 5], [4, 1]], [[], [2, 2]], [[2, 2], []],
  [[5, 1, 1, 2], [1, 3, 2]], [[1], [5]], [[0, 3], [1, 3]], [[4, 1], [4, 0]], [[1, 1], [1, 1]],
];

/** Forward and every input's gradient of op on inputs in [0.5, 2] (inside every op's domain), upstream not all ones. */
function opAll(name: string, shapes: number[][], params: unknown, dtype: DType) {
  const inputs = shapes.map((shape, k) => rand(shape, { seed: 20 + k, low: 0.5, high: 2, dtype, requiresGrad: true }));
  const y = applyOp(name, inputs, params);
  y.backward(rand(y.shape, { seed: 9, low: -1, high: 1, dtype: y.dtype }));
  return { y: Array.from(y.data), grads: inputs.map((t) => Array.from(t.grad!.data)) };
}

describe.each(['float32', 'float64'] as const)('%s elementwise and reductions: fast = reference', (dtype) => {
  test.each(SCALAR.filter((op) => op.arity === 2).map((op) => op.name))('%s with broadcasting', (name) => {
    for (const shapes of BROADCASTS) {
      const { fast, js } = both(() => opAll(name, shapes, 0, dtype));
      const n = Math.max(1, fast.y.length);
      expectClose(fast.y, js.y, 1, dtype);
      fast.grads.forEach((g, i) => expectClose(g, js.grads[i], n, dtype));
    }
  });

  test.each(SCALAR.filter((op) => op.arity === 1).map((op) => op.name))('%s', (name) => {
    const op = SCALAR.find((o) => o.name === name)!;
    for (const k of op.params ?? [0]) {
      for (const shape of [[], [0], [1], [13], [4, 5, 3]]) {
        const { fast, js } = both(() => opAll(name, [shape], k, dtype));
        expectClose(fast.y, js.y, 1, dtype);
        expectClose(fast.grads[0], js.grads[0], 1, dtype);
      }
    }
  });

  test.each([[[5, 7, 3], [0]], [[5, 7, 3], [1]], [[5, 7, 3], [2]], [[5, 7, 3], [0, 2]], [[5, 7, 3], [0, 1, 2]], [[1, 9], [0]], [[0, 4], [0]], [[0, 4], [1]], [[6], [0]]])(
    'sum of %j over axes %j', (shape, axes) => {
      const { fast, js } = both(() => opAll('reduceSum', [shape], { axis: axes }, dtype));
      expectClose(fast.y, js.y, shape.reduce((p, d) => p * d, 1), dtype);
      expectClose(fast.grads[0], js.grads[0], 1, dtype);
    },
  );
});

/**
 * The elementwise ops with WebAssembly SIMD loops, on arrays past the size below which the
 * JavaScript loops run: odd lengths (a vector tail), every broadcast pattern of a stride plan (both
 * operands stepping, x or y repeated along runs, a broadcast operand whose gradient adds vector by
 * vector or sums along runs), and zeros of both signs, NaN and infinities in the inputs. The
 * forward pass and the gradient of an operand shaped like the output are the reference's bit for
 * bit; the gradient of a broadcast operand adds in another order.
 */
describe.each(['float32', 'float64'] as const)('%s elementwise ops on WebAssembly: fast = reference', (dtype) => {
  const WASM_BINARY: [number[], number[]][] = [
    [[67, 13], [67, 13]], [[67, 13], [13]], [[13], [67, 13]], [[67, 13], [67, 1]], [[67, 1], [67, 13]], [[67, 1], [1, 13]],
    [[5, 1, 19], [3, 1]], [[4, 3, 10], [4, 1, 10]], [[130], []], [[], [130]], [[301], [301]], [[2, 64], [1, 64]],
  ];
  const WASM_UNARY = [[7, 19], [301], [64], [65], [3, 1, 40]];

  /** Inputs in [-2, 2] with 0, −0, NaN and ±∞ in the first elements when `special`. */
  const input = (shape: number[], seed: number, special: boolean) => {
    const t = rand(shape, { seed, low: -2, high: 2, dtype, requiresGrad: true });
    if (special) [0, -0, NaN, Infinity, -Infinity].forEach((v, i) => i < t.size && (t.data[i] = v));
    return t;
  };

  function run(name: string, shapes: number[][], special: boolean) {
    const inputs = shapes.map((shape, k) => input(shape, 30 + k, special));
    const y = applyOp(name, inputs, 0);
    y.backward(rand(y.shape, { seed: 9, low: -1, high: 1, dtype }));
    return { y: Array.from(y.data), grads: inputs.map((t) => Array.from(t.grad!.data)), sizes: inputs.map((t) => t.size) };
  }

  test('the ops with SIMD loops are named', () => {
    expect(kernelInfo().wasmOps).toEqual(expect.arrayContaining(['add', 'sub', 'mul', 'neg', 'relu']));
  });

  test.each(kernelInfo().wasmOps.filter((name) => SCALAR.find((op) => op.name === name)!.arity === 2))('%s with broadcasting', (name) => {
    for (const shapes of WASM_BINARY) {
      const { fast, js } = both(() => run(name, shapes, false));
      expect(fast.y).toEqual(js.y);
      fast.grads.forEach((g, i) => {
        if (fast.sizes[i] === fast.y.length) expect(g).toEqual(js.grads[i]);
        else expectClose(g, js.grads[i], fast.y.length / fast.sizes[i], dtype);
      });
    }
  });

  test.each(kernelInfo().wasmOps.filter((name) => SCALAR.find((op) => op.name === name)!.arity === 1))('%s', (name) => {
    for (const shape of WASM_UNARY) {
      const { fast, js } = both(() => run(name, [shape], true));
      expect(fast.y).toEqual(js.y);
      expect(fast.grads[0]).toEqual(js.grads[0]);
    }
  });
});

describe.each(['float32', 'float64'] as const)('%s axpy (an optimizer update): fast = reference, bit for bit', (dtype) => {
  const T = dtype === 'float32' ? Float32Array : Float64Array;
  /** y + α·x on both kernel sets, from the same start; y has 0, −0, NaN and ±∞ among its first elements. */
  function run(n: number, alpha: number, seed: number) {
    const rng = new Rng(seed);
    const x = T.from(Array.from({ length: n }, () => rng.uniform(-3, 3)));
    const y0 = T.from(Array.from({ length: n }, () => rng.uniform(-3, 3)));
    [0, -0, NaN, Infinity, -Infinity].forEach((v, i) => i < n && (y0[i + 1] = v));
    return both(() => {
      const y = y0.slice();
      axpy(alpha, x, y);
      return Array.from(y);
    });
  }

  test.each([0, 1, 3, 63, 64, 65, 67, 1001, 100_352])('%i elements', (n) => {
    const { fast, js } = run(n, -0.1, n);
    expect(fast).toEqual(js);
  });

  test('matches p[i] -= lr * g[i] with an odd rate, and takes a view at an offset', () => {
    const rng = new Rng(3);
    const buffer = T.from(Array.from({ length: 203 }, () => rng.uniform(-1, 1)));
    const g = T.from(Array.from({ length: 201 }, () => rng.uniform(-1, 1)));
    const p = buffer.subarray(2);
    const before = Array.from(buffer.subarray(0, 2));
    const expected = Array.from(p, (v, i) => (dtype === 'float32' ? Math.fround(v - 0.0123 * g[i]) : v - 0.0123 * g[i]));
    axpy(-0.0123, g, p);
    expect(Array.from(p)).toEqual(expected);
    expect(Array.from(buffer.subarray(0, 2))).toEqual(before);
  });
});

test('axpy: mixed dtypes agree with the reference; different lengths are named', () => {
  const x = Float64Array.from({ length: 130 }, (_, i) => Math.sin(i));
  const { fast, js } = both(() => {
    const y = Float32Array.from({ length: 130 }, (_, i) => Math.cos(i));
    axpy(0.5, x, y);
    return Array.from(y);
  });
  expect(fast).toEqual(js);
  expect(() => axpy(1, new Float64Array(3), new Float64Array(4))).toThrow(/axpy: x has 3 elements and y 4; they need the same length/);
});