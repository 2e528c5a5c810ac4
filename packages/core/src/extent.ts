/**
 * The smallest and largest number of `xs` ([Infinity, -Infinity] when there is none; NaN is
 * skipped), in one loop: `Math.max(...xs)` passes every number as an argument and overflows the
 * stack at about 130,000 of them.
 */
export function extent(xs: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}
