/**
 * The one WebAssembly module of core's kernels: the gemm (gemm.wat.ts) and the elementwise loops
 * (elementwise.wat.ts) over one memory, the arena of arena.ts (its first 256 bytes are the gemm's
 * edge tile). `relaxed` makes the gemm's multiply-adds `relaxed_madd`; that module is only used
 * where `WebAssembly.validate` accepts it.
 */
import { elementwiseFunctions } from './elementwise.wat';
import { gemmFunctions } from './gemm.wat';

export function kernelModule(relaxed: boolean): string {
  return `(module
  (memory (export "memory") 1)
${gemmFunctions(relaxed)}
${elementwiseFunctions()}
)
`;
}
