/**
 * Run by kernels.test.ts in a child `node --experimental-wasm-relaxed-simd`: compares matmul and
 * its VJPs on the relaxed-SIMD kernels with the reference kernels and prints one JSON line.
 */
import { kernelInfo, rand, useKernels } from '@chalkgrad/core';

const K = 301;
const a = rand([37, K], { seed: 1, low: -1, high: 1, dtype: 'float32' });
const b = rand([K, 45], { seed: 2, low: -1, high: 1, dtype: 'float32' });
const run = () => {
  const x = a.detach();
  x.requiresGrad = true;
  const y = x.matmul(b.T.T);
  y.sum().backward();
  return [...y.data, ...x.grad!.data];
};
useKernels('fast');
const fast = run();
const gemm = kernelInfo().gemm;
useKernels('js');
const js = run();
const worst = fast.reduce((w, v, i) => Math.max(w, Math.abs(v - js[i])), 0);
console.log(JSON.stringify({ gemm, worst, tolerance: 4 * 2 ** -23 * K }));
