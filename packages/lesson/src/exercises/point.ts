/**
 * Drawing the numbers of an exercise from a seed: values a student can compute with by hand, where
 * every op of the graph is away from its poles and kinks. The op table's gradcheck domain says
 * where that is; its bounds at ±2 and 3 only limit gradcheck's sampling, so here they are open.
 */
import { type Rng, type ScalarOp } from '@chalkgrad/core';

/** Halves from −2 to 2 without 0: easy by hand, and 0 sits on the kink of relu and abs. */
const GRID = [-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2];

export const drawGridValue = (rng: Rng): number => GRID[rng.int(GRID.length)];

/** Whether `x` may be input `slot` of `op` in an exercise. */
export function inDomain(op: ScalarOp, slot: number, x: number): boolean {
  const domain = op.domain[Math.min(slot, op.domain.length - 1)];
  const open = (bound: number) => (Math.abs(bound) >= 2 ? Math.sign(bound) * Infinity : bound);
  return domain.some(([lo, hi]) => x >= open(lo) && x <= open(hi));
}

/** Largest magnitude of any number in an exercise: beyond it, hand computation stops being practice. */
export const LARGEST = 50;
