/**
 * The WebAssembly elementwise kernels behind the registry, for the ops of `SIMD_OPS`: each call
 * copies the operands its loop reads (and the stride plan's run offsets) into the arena, runs the
 * op's loop there and copies the result out. A copy costs a tenth of a JavaScript loop's time per
 * element, the SIMD loop a fifth. Other ops, operands of mixed dtypes and arrays too small to pay
 * for the copies and the call go to the stride-planned JavaScript loops (`js`).
 */
import type { ElementwiseKernels } from '../elementwise';
import { stridePlan } from '../elementwise';
import { CHECKSUM_WORDS, type FloatArray } from '../kernels';
import { SCALAR_OPS, type ScalarOp } from '../../ops/scalar';
import { type ArenaViews, type WasmArena, layout } from './arena';
import { SIMD_OPS, reads } from './elementwise.wat';
import type { KernelExports, WasmKernel } from './load';

/** Below this many elements the JavaScript loop is as fast as copying in and out. */
const MIN_ELEMENTS = 64;

interface Kernel { f32: WasmKernel; f64: WasmKernel; reads: { a: boolean; b: boolean; z: boolean } }

/** The module's kernels keyed by the scalar op table's function objects, which the kernel interface passes. */
function byFunction(exports: KernelExports): Map<object, Kernel> {
  const map = new Map<object, Kernel>();
  const kernel = (name: string, expr: (typeof SIMD_OPS)[string]['f']): Kernel => ({
    f32: exports[`${name}_f32`] as WasmKernel,
    f64: exports[`${name}_f64`] as WasmKernel,
    reads: reads(expr),
  });
  for (const [name, simd] of Object.entries(SIMD_OPS)) {
    const op = (SCALAR_OPS as Record<string, ScalarOp>)[name];
    const unary = simd.d.length === 1;
    map.set(op.f, kernel(`${unary ? 'map1' : 'map2'}_${name}`, simd.f));
    simd.d.forEach((d, i) => map.set(op.d[i], kernel(unary ? `map1Grad_${name}` : `map2Grad${i}_${name}`, d)));
  }
  return map;
}

/** One element type for all arrays, as a lane type; null when they mix. */
function laneType(...arrays: FloatArray[]): 'f32' | 'f64' | null {
  const f32 = arrays[0] instanceof Float32Array;
  return arrays.every((a) => a instanceof Float32Array === f32) ? (f32 ? 'f32' : 'f64') : null;
}

/** Copies `data` (of `t`'s element type) to byte address `at`; int32 offsets likewise. */
function put(views: ArenaViews, at: number, data: FloatArray | Int32Array): void {
  if (data instanceof Int32Array) views.i32.set(data, at >> 2);
  else if (data instanceof Float32Array) views.f32.set(data, at >> 2);
  else views.f64.set(data, at >> 3);
}

/** `out` gets the numbers at byte address `at`. */
function take(views: ArenaViews, at: number, out: FloatArray): void {
  if (out instanceof Float32Array) out.set(views.f32.subarray(at >> 2, (at >> 2) + out.length));
  else out.set(views.f64.subarray(at >> 3, (at >> 3) + out.length));
}

/** Places `blocks` (null: not needed, address 0) in the arena, copies them in and returns their addresses. */
function copyIn(arena: WasmArena, blocks: readonly (FloatArray | Int32Array | null)[], extra: readonly FloatArray[] = []): { at: number[]; views: ArenaViews } {
  const all = [...blocks, ...extra];
  const { at, end } = layout(0, all.map((b) => (b ? b.byteLength : 0)));
  const views = arena.views(end);
  blocks.forEach((b, k) => b && put(views, at[k], b));
  return { at, views };
}

/** The elementwise kernels on the module, over the JavaScript ones (`js`) for everything else. */
export function wasmElementwise(exports: KernelExports, arena: WasmArena, js: ElementwiseKernels): ElementwiseKernels {
  const kernels = byFunction(exports);
  return {
    ...js,
    map1(f, x, k, out) {
      const kernel = kernels.get(f);
      const t = laneType(x, out);
      if (!kernel || !t || out.length < MIN_ELEMENTS) return js.map1(f, x, k, out);
      const { at, views } = copyIn(arena, [x], [out]);
      kernel[t](at[0], at[1], out.length);
      take(views, at[1], out);
    },
    map1Grad(d, g, x, k, y, r) {
      const kernel = kernels.get(d);
      const t = laneType(g, x, y, r);
      if (!kernel || !t || r.length < MIN_ELEMENTS) return js.map1Grad(d, g, x, k, y, r);
      const { at, views } = copyIn(arena, [g, kernel.reads.a ? x : null, kernel.reads.z ? y : null], [r]);
      kernel[t](at[0], at[1], at[2], at[3], r.length);
      take(views, at[3], r);
    },
    map2(f, x, xShape, y, yShape, out, shape) {
      const kernel = kernels.get(f);
      const t = laneType(x, y, out);
      if (!kernel || !t || out.length < MIN_ELEMENTS) return js.map2(f, x, xShape, y, yShape, out, shape);
      const { inner, steps: [sx, sy], offsets: [xOff, yOff] } = stridePlan(shape, [xShape, yShape]);
      if (sx === 0 && sy === 0) return js.map2(f, x, xShape, y, yShape, out, shape);
      const { at, views } = copyIn(arena, [x, y, xOff, yOff], [out]);
      kernel[t](at[0], at[1], at[4], inner, sx, sy, at[2], at[3], xOff.length);
      take(views, at[4], out);
    },
    map2Grad(d, i, g, x, xShape, y, yShape, z, shape, r) {
      const kernel = kernels.get(d);
      const t = laneType(g, x, y, z, r);
      if (!kernel || !t || z.length < MIN_ELEMENTS) return js.map2Grad(d, i, g, x, xShape, y, yShape, z, shape, r);
      const { inner, steps: [sx, sy], offsets: [xOff, yOff] } = stridePlan(shape, [xShape, yShape]);
      if (sx === 0 && sy === 0) return js.map2Grad(d, i, g, x, xShape, y, yShape, z, shape, r);
      const dense = r.length === z.length;
      const use = kernel.reads;
      // r shaped like the output is written whole; a broadcast operand's gradient is added into (zeroed by the caller)
      const { at, views } = copyIn(arena, [g, use.a ? x : null, use.b ? y : null, use.z ? z : null, dense ? null : r, xOff, yOff], dense ? [r] : []);
      const rAt = dense ? at[7] : at[4];
      const tOff = i === 0 ? at[5] : at[6];
      kernel[t](at[0], at[1], at[2], at[3], rAt, inner, sx, sy, at[5], at[6], tOff, xOff.length, +dense);
      take(views, rAt, r);
    },
  };
}

/**
 * y ← y + α·x on the module (copies x and y in, y out): for float32 about 2x the JavaScript loop on the
 * 100,352 weights of the bench's first layer, copies included. Short or mixed arrays go to `js`.
 */
export function wasmAxpy(exports: KernelExports, arena: WasmArena, js: (alpha: number, x: FloatArray, y: FloatArray) => void) {
  return (alpha: number, x: FloatArray, y: FloatArray): void => {
    const t = laneType(x, y);
    if (!t || y.length < MIN_ELEMENTS || x.length !== y.length) return js(alpha, x, y);
    const { at, views } = copyIn(arena, [x, y]);
    (exports[`axpy_${t}`] as WasmKernel)(alpha, at[0], at[1], y.length);
    take(views, at[1], y);
  };
}

/**
 * The checksum of the in-place check (`checksum` of ../kernels.ts) on the module: copied in, summed
 * as two i32x4 vectors. A [128,128] float64 tensor: about 10 µs instead of 25-30 for the JavaScript
 * loop, whose lanes wait on each other's adds. Arrays under 256 words go to `js`.
 */
export function wasmChecksum(exports: KernelExports, arena: WasmArena, js: (d: FloatArray, into: Int32Array, at: number) => void) {
  const out = new Int32Array(CHECKSUM_WORDS);
  return (d: FloatArray, into: Int32Array, at: number): void => {
    const words = d.byteLength >> 2;
    if (words < 256) return js(d, into, at);
    const { at: [src, sums], views } = copyIn(arena, [d, out]);
    (exports.checksum as WasmKernel)(src, words, sums);
    into.set(views.i32.subarray(sums >> 2, (sums >> 2) + CHECKSUM_WORDS), at);
  };
}
