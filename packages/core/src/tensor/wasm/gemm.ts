/**
 * The WebAssembly gemm behind the kernel registry: copies op(A) and op(B) into the module's
 * memory (the arena), runs the packed SIMD kernel there and copies C out. The copies are a few
 * percent of the multiply-adds for any product worth timing, and they keep tensors plain typed arrays.
 */
import type { FloatArray } from '../kernels';
import { type WasmArena, layout } from './arena';
import { packBytes } from './geometry';
import type { KernelExports } from './load';

const TILE_BYTES = 256;

export type Gemm = (
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, B: FloatArray, bOff: number, C: FloatArray, cOff: number, accumulate: boolean,
) => void;

/** A gemm on the module; operands of mixed dtypes go to `fallback`. */
export function wasmGemm(exports: KernelExports, arena: WasmArena, fallback: Gemm): Gemm {
  return (transA, transB, M, N, K, A, aOff, B, bOff, C, cOff, accumulate) => {
    const f32 = C instanceof Float32Array;
    if (A instanceof Float32Array !== f32 || B instanceof Float32Array !== f32) return fallback(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff, accumulate);
    if (M === 0 || N === 0) return;
    if (K === 0) {
      if (!accumulate) C.fill(0, cOff, cOff + M * N);
      return;
    }
    const size = f32 ? 4 : 8;
    // The edge tile of the micro-kernel at address 0, then A, B, C and the packed panels.
    const { at: [a, b, c, pack], end } = layout(TILE_BYTES, [M * K * size, K * N * size, M * N * size, packBytes(f32 ? 'f32' : 'f64')]);
    const views = arena.views(end);
    const mem = f32 ? views.f32 : views.f64;
    mem.set(A.subarray(aOff, aOff + M * K), a / size);
    mem.set(B.subarray(bOff, bOff + K * N), b / size);
    if (accumulate) mem.set(C.subarray(cOff, cOff + M * N), c / size);
    const run = f32 ? exports.gemm_f32 : exports.gemm_f64;
    run(+transA, +transB, M, N, K, a, b, c, +accumulate, pack);
    C.set(mem.subarray(c / size, c / size + M * N), cOff);
  };
}
