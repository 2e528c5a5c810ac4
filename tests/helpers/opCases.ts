/**
 * The cases of the tensor op table (which holds every elementwise op of the scalar table), with
 * seeded inputs drawn from each case's domain: what the generated tests of every op run on.
 */
import { type GradcheckCase, Rng, TENSOR_OPS, Tensor, type TensorOp } from '@chalkgrad/core';

export interface OpCase {
  title: string;
  op: TensorOp;
  c: GradcheckCase;
  inputs: Tensor[];
}

/** `round` maps each drawn number (Math.fround gives inputs that float32 holds exactly). */
export function opTableCases(seed = 99, round: (x: number) => number = (x) => x): OpCase[] {
  return Object.values(TENSOR_OPS).flatMap((op) =>
    op.cases.map((c, i) => {
      const rng = new Rng(seed);
      const inputs = c.shapes.map((shape, k) => {
        const domain = c.domain?.[Math.min(k, c.domain.length - 1)] ?? [[-2, 2] as const];
        const n = shape.reduce((a, b) => a * b, 1);
        const data = Float64Array.from({ length: n }, () => {
          const [lo, hi] = domain[rng.int(domain.length)];
          return round(rng.uniform(lo, hi));
        });
        return new Tensor(data, shape, { label: `x${k}` });
      });
      return { title: `${op.name} #${i} ${c.shapes.map((s) => `[${s}]`).join(' ')}`, op, c, inputs };
    }),
  );
}
