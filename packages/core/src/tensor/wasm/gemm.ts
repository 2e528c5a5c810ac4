/**
 * The WebAssembly gemm behind the kernel registry: copies op(A) and op(B) into the module's
 * memory, runs the packed SIMD kernel there and copies C out. The copies are a few percent of
 * the multiply-adds for any product worth timing, and they keep tensors plain typed arrays.
 *
 * Views into wasm memory go stale when it grows (the old ArrayBuffer is detached), so no view
 * outlives a call: `WasmArena.views` re-reads `memory.buffer` after the only place that grows it.
 */
import { packBytes } from './geometry';
import type { FloatArray } from '../kernels';
import type { GemmExports, WasmMemory } from './load';

const TILE_BYTES = 256;
const PAGE = 65536;

const align = (n: number) => (n + 15) & ~15;

/** Scratch space in the module's memory: grown on demand, never shrunk, reused by every call. */
class WasmArena {
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);

  constructor(private readonly memory: WasmMemory) {}

  /** Typed views of the whole memory, at least `bytes` long (grows the memory if needed). */
  views(bytes: number): { f32: Float32Array; f64: Float64Array } {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.f32.buffer !== this.memory.buffer) {
      this.f32 = new Float32Array(this.memory.buffer);
      this.f64 = new Float64Array(this.memory.buffer);
    }
    return { f32: this.f32, f64: this.f64 };
  }
}

export type Gemm = (
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, B: FloatArray, bOff: number, C: FloatArray, cOff: number, accumulate: boolean,
) => void;

/** A gemm on the module; operands of mixed dtypes go to `fallback`. */
export function wasmGemm(exports: GemmExports, fallback: Gemm): Gemm {
  const arena = new WasmArena(exports.memory);
  return (transA, transB, M, N, K, A, aOff, B, bOff, C, cOff, accumulate) => {
    const f32 = C instanceof Float32Array;
    if (A instanceof Float32Array !== f32 || B instanceof Float32Array !== f32) return fallback(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff, accumulate);
    if (M === 0 || N === 0) return;
    if (K === 0) {
      if (!accumulate) C.fill(0, cOff, cOff + M * N);
      return;
    }
    const size = f32 ? 4 : 8;
    const a = TILE_BYTES;
    const b = a + align(M * K * size);
    const c = b + align(K * N * size);
    const pack = c + align(M * N * size);
    const views = arena.views(pack + packBytes(f32 ? 'f32' : 'f64'));
    const mem = f32 ? views.f32 : views.f64;
    mem.set(A.subarray(aOff, aOff + M * K), a / size);
    mem.set(B.subarray(bOff, bOff + K * N), b / size);
    if (accumulate) mem.set(C.subarray(cOff, cOff + M * N), c / size);
    const run = f32 ? exports.gemm_f32 : exports.gemm_f64;
    run(+transA, +transB, M, N, K, a, b, c, +accumulate, pack);
    C.set(mem.subarray(c / size, c / size + M * N), cOff);
  };
}
