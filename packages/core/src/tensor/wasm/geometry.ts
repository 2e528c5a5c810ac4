/** The blocking of the wasm gemm, shared by its WAT generator and its JS driver. */

/**
 * Rows of the register block: 5 rows × 2 vectors = 10 accumulators, plus 2 vectors of B, a splat
 * of A and a product: 14 of the 15 xmm registers V8 gives wasm. About 10% faster than 4 rows
 * (fewer loop instructions per multiply-add); 6 rows spill.
 */
export const MR = 5;
/** Depth of a packed block: an MR×KC panel of A and a KC×NR panel of B stay in L1. */
export const KC = 256;

/** Lanes per v128, bytes per element, block width NR, column block NC (a KC×NC block of B fits L2). */
export function geometry(type: 'f32' | 'f64') {
  const lanes = type === 'f32' ? 4 : 2;
  return {
    lanes,
    size: 16 / lanes,
    NR: 2 * lanes,
    NC: type === 'f32' ? 256 : 128,
    vec: type === 'f32' ? 'f32x4' : 'f64x2',
    splat: type === 'f32' ? 'v128.load32_splat' : 'v128.load64_splat',
  };
}

/** Bytes the driver needs for the packed panels of B (a KC×NC block) and, after them, of A (MR×KC). */
export function packBytes(type: 'f32' | 'f64'): number {
  const { size, NC } = geometry(type);
  return (KC * NC + KC * MR) * size;
}
