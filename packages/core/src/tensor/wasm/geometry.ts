/** The blocking of the wasm gemm, shared by its WAT generator and its JS driver. */

/** Rows of the register block. */
export const MR = 4;
/** Depth of a packed block: a 4×KC slice of A and a KC×NR panel of B stay in L1. */
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

/** Bytes the driver needs for packed panels of B, for an N-column product. */
export function packBytes(type: 'f32' | 'f64', N: number): number {
  const { size, NR, NC } = geometry(type);
  return KC * Math.ceil(Math.min(N, NC) / NR) * NR * size;
}
