/**
 * GFLOP/s of one matrix-product kernel on the shapes of the issue and of the MLP step's backward
 * pass, in a process of its own, by the wall clock and by the process's CPU time (one thread: on an
 * idle machine they agree; on a busy one the CPU time leaves out the time other processes take).
 * Prints one JSON line: { impl, rows: [{ shape, gflops, cpuGflops }] }.
 * Usage: node gemm.js <chalkgrad-f32|chalkgrad-f64|tfjs-wasm>
 */
import { Rng } from '@chalkgrad/core';
// The active kernel set itself, not a public entry: the bench times the kernel, not the op around it.
import { kernels } from '../../packages/core/src/tensor/registry';

/** M, N, K and which operand is stored transposed (as the VJPs G·Bᵀ and Aᵀ·G use them). */
export interface GemmShape { name: string; M: number; N: number; K: number; transA: boolean; transB: boolean }

export const SHAPES: GemmShape[] = [
  { name: '256³', M: 256, N: 256, K: 256, transA: false, transB: false },
  { name: '512³', M: 512, N: 512, K: 512, transA: false, transB: false },
  { name: '128×784 @ 784×128', M: 128, N: 128, K: 784, transA: false, transB: false },
  { name: 'Xᵀ·G 784×128 @ 128×128 (∂W1)', M: 784, N: 128, K: 128, transA: true, transB: false },
  { name: 'G·W1ᵀ 128×128 @ 128×784 (∂X)', M: 128, N: 784, K: 128, transA: false, transB: true },
  { name: 'H1ᵀ·G 128×128 @ 128×64 (∂W2)', M: 128, N: 64, K: 128, transA: true, transB: false },
  { name: 'G·W2ᵀ 128×64 @ 64×128 (∂H1)', M: 128, N: 128, K: 64, transA: false, transB: true },
];

/** CPU seconds this process has used: on a shared machine, time other processes take does not count. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Median wall-clock and CPU seconds of `run` over 7 samples of about 50 ms each. */
function seconds(run: () => void): { wall: number; cpu: number } {
  // Warm up for 0.3 s, enough for V8 to swap in its optimised wasm and JS code.
  const warm = performance.now();
  while (performance.now() - warm < 300) run();
  const t0 = performance.now();
  run();
  const reps = Math.max(1, Math.round(50 / Math.max(performance.now() - t0, 0.1)));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < 7; s++) {
    const t = performance.now();
    const c = cpuSeconds();
    for (let r = 0; r < reps; r++) run();
    cpu.push((cpuSeconds() - c) / reps);
    wall.push((performance.now() - t) / 1e3 / reps);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[3];
  return { wall: median(wall), cpu: median(cpu) };
}

function random(n: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => rng.uniform(-1, 1));
}

function chalkgrad(dtype: 'float32' | 'float64', s: GemmShape): () => void {
  const rng = new Rng(1);
  const T = dtype === 'float32' ? Float32Array : Float64Array;
  const A = T.from(random(s.M * s.K, rng));
  const B = T.from(random(s.K * s.N, rng));
  const C = new T(s.M * s.N);
  // The kernel as matmul calls it: operands and result in JS typed arrays, copied in and out of wasm memory.
  return () => kernels.gemm(s.transA, s.transB, s.M, s.N, s.K, A, 0, B, 0, C, 0, false);
}

async function tfjs(): Promise<(s: GemmShape) => () => void> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, 'dist/'));
  await tf.setBackend('wasm');
  await tf.ready();
  return (s) => {
    const rng = new Rng(1);
    const a = tf.tensor2d(random(s.M * s.K, rng), s.transA ? [s.K, s.M] : [s.M, s.K]);
    const b = tf.tensor2d(random(s.K * s.N, rng), s.transB ? [s.N, s.K] : [s.K, s.N]);
    return () => {
      const c = tf.matMul(a, b, s.transA, s.transB);
      c.dataSync();
      c.dispose();
    };
  };
}

async function main() {
  const impl = process.argv[2];
  let make: (s: GemmShape) => () => void;
  if (impl === 'chalkgrad-f32' || impl === 'chalkgrad-f64') make = (s) => chalkgrad(impl === 'chalkgrad-f32' ? 'float32' : 'float64', s);
  else if (impl === 'tfjs-wasm') make = await tfjs();
  else throw new Error('usage: gemm.js <chalkgrad-f32|chalkgrad-f64|tfjs-wasm>');
  const rows = SHAPES.map((s) => {
    const { wall, cpu } = seconds(make(s));
    const flop = 2 * s.M * s.N * s.K;
    return { shape: s.name, gflops: flop / wall / 1e9, cpuGflops: flop / cpu / 1e9 };
  });
  console.log(JSON.stringify({ impl, rows }));
}

if (require.main === module) void main();
