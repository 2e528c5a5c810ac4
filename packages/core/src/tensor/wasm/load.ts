/**
 * Loads the assembled WebAssembly kernels, synchronously, so `a.matmul(b)` stays a plain call in
 * Node and in a browser page alike (a module is about 29 KiB, which Chromium compiles synchronously
 * on a page's main thread, as tests/tensor/kernels.browser.test.ts checks). The relaxed-SIMD module
 * is taken where `wasm.validate` accepts it, the plain SIMD128 one otherwise; without SIMD, or when
 * the modules were never assembled, `loadWasm` says why and the JavaScript kernels stay in use.
 */

/** What the kernels use of a `WebAssembly.Memory`. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the `WebAssembly` global used here, typed locally: core compiles without DOM types. */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** A kernel of the module: numbers in (sizes, flags and byte addresses into `memory`), nothing out. */
export type WasmKernel = (...args: number[]) => void;

/**
 * The exports of the kernel module: the gemm per element type, and the elementwise loops by name
 * (`map1_relu_f32`, `map2Grad1_add_f64`, ... see elementwise.wat.ts).
 */
export interface KernelExports {
  memory: WasmMemory;
  gemm_f32(transA: number, transB: number, M: number, N: number, K: number, a: number, b: number, c: number, add: number, pack: number): void;
  gemm_f64(transA: number, transB: number, M: number, N: number, K: number, a: number, b: number, c: number, add: number, pack: number): void;
  [elementwise: string]: WasmKernel | WasmMemory;
}

export interface LoadedWasm {
  exports: KernelExports;
  relaxed: boolean;
}

interface Assembled { KERNELS_WASM: string; KERNELS_RELAXED_WASM: string }

// The assembled module is a build product (`pnpm install` or the build makes it), so it may be
// missing in a bare checkout: required lazily, inside a try, so that is a note and not a crash.
declare const require: (id: string) => unknown;

function assembled(): Assembled | string {
  try {
    return require('./modules.generated') as Assembled;
  } catch {
    return 'the WebAssembly kernels are not assembled (run `corepack pnpm install` or `corepack pnpm build`)';
  }
}

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The instantiated module, or the reason the reference kernels stay. */
export function loadWasm(): LoadedWasm | string {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return 'this JavaScript engine has no WebAssembly';
  const modules = assembled();
  if (typeof modules === 'string') return modules;
  const relaxed = decode(modules.KERNELS_RELAXED_WASM);
  const plain = decode(modules.KERNELS_WASM);
  const useRelaxed = wasm.validate(relaxed);
  if (!useRelaxed && !wasm.validate(plain)) return 'this JavaScript engine has no WebAssembly SIMD';
  try {
    const instance = new wasm.Instance(new wasm.Module(useRelaxed ? relaxed : plain), {});
    return { exports: instance.exports as unknown as KernelExports, relaxed: useRelaxed };
  } catch (e) {
    // A page's Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling WebAssembly.
    return `WebAssembly cannot be compiled here (${e instanceof Error ? e.message : String(e)})`;
  }
}
