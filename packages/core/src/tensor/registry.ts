/**
 * The kernel registry: what tensor ops call for their loops, by kernel name. The plain
 * TypeScript kernels of `kernels.ts` are the reference and the fallback; the fast kernels register
 * over them: stride-planned JavaScript elementwise loops, then the WebAssembly SIMD module's gemm
 * and its elementwise loops for the ops that have a SIMD form (which hand the rest to the former). One switch picks
 * the set: `useKernels('js')` or the environment variable `CHALKGRAD_KERNELS=js` force the
 * reference kernels, for debugging and for comparison.
 */
import { type ElementwiseKernels, fastElementwise } from './elementwise';
import { type FloatArray, axpy as referenceAxpy, checksum, gemm as referenceGemm, map1, map1Grad, map2, map2Grad, sumInto } from './kernels';
import { WasmArena } from './wasm/arena';
import { wasmAxpy, wasmChecksum, wasmElementwise } from './wasm/elementwise';
import { SIMD_OPS } from './wasm/elementwise.wat';
import { wasmGemm } from './wasm/gemm';
import { loadWasm } from './wasm/load';

export interface KernelSet extends ElementwiseKernels {
  /** C[M,N] (+)= op(A)·op(B), row-major at the given offsets; op is an optional transpose. */
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: FloatArray, aOff: number, B: FloatArray, bOff: number, C: FloatArray, cOff: number, accumulate: boolean): void;
  /** y ← y + α·x in place (an optimizer's update). */
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;
  /** The checksum of `d`'s bits that the in-place check keeps (see `checksum` in kernels.ts). */
  checksum(d: FloatArray, into: Int32Array, at: number): void;
}

export type KernelChoice = 'fast' | 'js';

export interface KernelInfo {
  /** The set in use. */
  kernels: KernelChoice;
  /** What runs matmul: `wasm-relaxed-simd`, `wasm-simd` or `js`. */
  gemm: 'wasm-relaxed-simd' | 'wasm-simd' | 'js';
  /** The elementwise ops whose loops run on WebAssembly SIMD (the others on JavaScript loops). */
  wasmOps: readonly string[];
  /** What the fast set lacks and why (no WebAssembly, no `new Function`), when it lacks anything. */
  note?: string;
}

const REFERENCE: KernelSet = { gemm: referenceGemm, axpy: referenceAxpy, checksum, map1, map1Grad, map2, map2Grad, sumInto };

function fastSet(): { set: KernelSet; gemm: KernelInfo['gemm']; wasmOps: readonly string[]; note?: string } {
  const notes: string[] = [];
  const elementwise = fastElementwise();
  if (!elementwise) notes.push('elementwise ops use the reference kernels: this page forbids new Function');
  let set: KernelSet = { ...REFERENCE, ...elementwise };
  const wasm = loadWasm();
  if (typeof wasm === 'string') notes.push(wasm);
  else {
    const arena = new WasmArena(wasm.exports.memory);
    set = { ...set, ...wasmElementwise(wasm.exports, arena, set), gemm: wasmGemm(wasm.exports, arena, referenceGemm), axpy: wasmAxpy(wasm.exports, arena, referenceAxpy), checksum: wasmChecksum(wasm.exports, arena, checksum) };
  }
  const gemm = typeof wasm === 'string' ? 'js' : wasm.relaxed ? 'wasm-relaxed-simd' : 'wasm-simd';
  const wasmOps = typeof wasm === 'string' ? [] : Object.keys(SIMD_OPS);
  return { set, gemm, wasmOps, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

let fast: ReturnType<typeof fastSet> | undefined;

/** The active kernels. Ops read their entries at each call, so switching takes effect at once. */
export const kernels: KernelSet = { ...REFERENCE };
let choice: KernelChoice = 'js';

/** Picks the kernel set: `'fast'` (the default) or `'js'`, the reference TypeScript kernels. */
export function useKernels(which: KernelChoice): void {
  if (which !== 'fast' && which !== 'js') throw new RangeError(`useKernels: expected 'fast' or 'js', got ${JSON.stringify(which)}`);
  if (which === 'fast') fast ??= fastSet();
  Object.assign(kernels, which === 'fast' ? fast!.set : REFERENCE);
  choice = which;
}

/**
 * y ← y + α·x in place, on the active kernels (WebAssembly SIMD for float arrays of one dtype):
 * what an optimizer's update is made of (`SGD` in @chalkgrad/nn: p ← p − η·g is `axpy(-η, g, p)`).
 * Gives the bits of the JavaScript loop `y[i] += alpha * x[i]`.
 */
export function axpy(alpha: number, x: FloatArray, y: FloatArray): void {
  if (x.length !== y.length) throw new RangeError(`axpy: x has ${x.length} elements and y ${y.length}; they need the same length`);
  kernels.axpy(alpha, x, y);
}

export function kernelInfo(): KernelInfo {
  if (choice === 'js') return { kernels: 'js', gemm: 'js', wasmOps: [] };
  return { kernels: 'fast', gemm: fast!.gemm, wasmOps: fast!.wasmOps, ...(fast!.note ? { note: fast!.note } : {}) };
}

/** `CHALKGRAD_KERNELS`, read without assuming Node: the main entry stays browser-safe. */
function fromEnvironment(): KernelChoice {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.CHALKGRAD_KERNELS === 'js' ? 'js' : 'fast';
}

useKernels(fromEnvironment());
