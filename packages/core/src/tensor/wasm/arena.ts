/**
 * Scratch space in the kernels' WebAssembly memory, shared by every wasm kernel (the gemm, the
 * elementwise loops): each call lays its operands out from the start, copies them in, runs and
 * copies its result out. Nothing stays in wasm memory between calls, so tensors remain plain
 * typed arrays that the garbage collector frees.
 *
 * Growing a `WebAssembly.Memory` detaches its old `ArrayBuffer` (every typed array over it then
 * has length 0), so no view outlives a call: `views` grows the memory first, then re-reads
 * `memory.buffer` whenever it changed, and it is the only place that grows it.
 */
import type { WasmMemory } from './load';

const PAGE = 65536;

/** Where a call's blocks go: byte addresses, each 16-aligned for v128 loads, and the end. */
export function layout(start: number, bytes: readonly number[]): { at: number[]; end: number } {
  const at: number[] = [];
  let end = start;
  for (const n of bytes) {
    at.push(end);
    end += (n + 15) & ~15;
  }
  return { at, end };
}

export interface ArenaViews {
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;
}

export class WasmArena {
  private current: ArenaViews = { f32: new Float32Array(0), f64: new Float64Array(0), i32: new Int32Array(0) };

  constructor(private readonly memory: WasmMemory) {}

  /** Typed views of the whole memory, at least `bytes` long (grows the memory if needed). */
  views(bytes: number): ArenaViews {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    const buffer = this.memory.buffer;
    if (this.current.f32.buffer !== buffer) this.current = { f32: new Float32Array(buffer), f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
    return this.current;
  }
}
