/**
 * Property-based tests (fast-check): random scalar and tensor programs, every op of the tables in
 * any order, against central finite differences. A failure shrinks to the smallest program that
 * still fails and is printed as code to paste into a REPL.
 *
 * Points where the derivative does not exist (a kink such as relu at 0, the edge of a domain such
 * as log at 0) are skipped, found the same way for every op: its two one-sided difference
 * quotients there disagree, or are too steep (over 10⁴) for finite differences to follow.
 */
import fc from 'fast-check';
import { SCALAR_OPS, type ScalarOp, Tensor, Value, gradcheck, tensor } from '@chalkgrad/core';

const OPS = Object.values(SCALAR_OPS as Record<string, ScalarOp>).filter((op) => op.arity === 1 || op.arity === 2);

interface Step { op: string; a: number; b: number; k: number }
interface Program { inputs: number[]; steps: Step[] }

/** Where a step reads: an input or an earlier step, chosen modulo what exists. */
const arg = (i: number, available: number) => i % available;
const paramOf = (op: ScalarOp, k: number) => (op.params ? op.params[k % op.params.length] : 0);

function run(p: Program, xs: Value[]): Value {
  const vals: Value[] = [...xs];
  for (const s of p.steps) {
    const op = SCALAR_OPS[s.op as keyof typeof SCALAR_OPS] as ScalarOp;
    const a = vals[arg(s.a, vals.length)];
    vals.push(op.arity === 2 ? Value.apply(s.op, a, vals[arg(s.b, vals.length)]) : Value.apply(s.op, a, paramOf(op, s.k)));
  }
  return vals[vals.length - 1];
}

/** The program as code, for a failure message. */
function reproducer(p: Program): string {
  const lines = p.inputs.map((x, i) => `const v${i} = new Value(${x});`);
  let n = p.inputs.length;
  for (const s of p.steps) {
    const op = SCALAR_OPS[s.op as keyof typeof SCALAR_OPS] as ScalarOp;
    const second = op.arity === 2 ? `v${arg(s.b, n)}` : String(paramOf(op, s.k));
    lines.push(`const v${n} = Value.apply('${s.op}', v${arg(s.a, n)}, ${second});`);
    n++;
  }
  return [...lines, `gradcheck((${p.inputs.map((_, i) => `v${i}`).join(', ')}) => …, [${p.inputs.join(', ')}])`].join('\n');
}

/** Is every step of the program at a point where its op is differentiable, with room either side? */
function smoothEverywhere(p: Program): boolean {
  const vals = [...p.inputs];
  const h = 1e-4;
  for (const s of p.steps) {
    const op = SCALAR_OPS[s.op as keyof typeof SCALAR_OPS] as ScalarOp;
    const a = vals[arg(s.a, vals.length)];
    const b = op.arity === 2 ? vals[arg(s.b, vals.length)] : paramOf(op, s.k);
    const f = (x: number, y: number) => op.f(x, y);
    const y = f(a, b);
    if (!Number.isFinite(y) || Math.abs(y) > 1e4) return false;
    // both arguments move together too: pow(x, exp(x)) at 0 leaves its domain only when they do
    for (const [da, db] of op.arity === 2 ? [[h, 0], [0, h], [h, h], [h, -h]] : [[h, 0]]) {
      const right = (f(a + da, b + db) - y) / h;
      const left = (y - f(a - da, b - db)) / h;
      // a kink, a domain edge, or a slope too steep for finite differences to follow
      if (!(Math.abs(right) < 1e4 && Math.abs(left) < 1e4) || Math.abs(right - left) > 1e-2 * (1 + Math.abs(right))) return false;
    }
    vals.push(y);
  }
  return true;
}

const scalarProgram: fc.Arbitrary<Program> = fc.record({
  inputs: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(fc.record({ op: fc.constantFrom(...OPS.map((o) => o.name)), a: fc.nat(20), b: fc.nat(20), k: fc.nat(10) }), { minLength: 1, maxLength: 8 }),
});

test('random scalar programs: every gradient agrees with finite differences', () => {
  const result = fc.check(
    fc.property(scalarProgram, (p) => {
      fc.pre(smoothEverywhere(p));
      const report = gradcheck((...xs: Value[]) => run(p, xs), p.inputs, { atol: 1e-5, rtol: 1e-3 });
      if (!report.ok) throw new Error(`gradient mismatch:\n${report.toString()}\nreproduce with:\n${reproducer(p)}`);
    }),
    { seed: 17, numRuns: 2000, maxSkipsPerRun: 10, includeErrorInReport: true },
  );
  console.log(`scalar programs: ${result.numRuns} checked, ${result.numSkips} skipped at kinks or domain edges`);
  if (result.failed) throw new Error(fc.defaultReportMessage(result));
});

/** Tensor programs: shape-keeping elementwise steps with broadcasting, a matmul, and a reduction. */
const UNARY = ['tanh', 'sigmoid', 'sin', 'cos', 'softplus', 'neg', 'exp'] as const;
const BINARY = ['add', 'sub', 'mul'] as const;
const REDUCE = ['sum', 'mean', 'logsumexp', 'softmaxWeighted'] as const;
type TensorStep = { kind: 'unary'; op: (typeof UNARY)[number] } | { kind: 'binary'; op: (typeof BINARY)[number]; other: number } | { kind: 'matmul' };
interface TensorProgram { a: number[]; b: number[]; c: number[]; steps: TensorStep[]; reduce: (typeof REDUCE)[number]; axis: number }

function runTensors(p: TensorProgram, A: Tensor, b: Tensor, C: Tensor): Tensor {
  let x = A;
  for (const s of p.steps) {
    if (s.kind === 'unary') x = s.op === 'exp' ? x.tanh().exp() : x[s.op]();
    else if (s.kind === 'binary') x = x[s.op]([A, b, C][s.other % 3]); // b, [3], broadcasts over the rows
    else x = x.matmul(C.T).matmul(C); // [2,3] → [2,2] → [2,3]
  }
  if (p.reduce === 'softmaxWeighted') return x.softmax(p.axis).mul(A).sum();
  return p.reduce === 'sum' ? x.sum(p.axis) : p.reduce === 'mean' ? x.mean(p.axis) : x.logsumexp(p.axis);
}

function tensorReproducer(p: TensorProgram): string {
  return `A = tensor(${JSON.stringify([p.a.slice(0, 3), p.a.slice(3)])}), b = tensor(${JSON.stringify(p.b)}), C = tensor(${JSON.stringify([p.c.slice(0, 3), p.c.slice(3)])}); steps ${JSON.stringify(p.steps)}, then ${p.reduce} over axis ${p.axis}`;
}

const values = (n: number) => fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n });
const tensorProgram: fc.Arbitrary<TensorProgram> = fc.record({
  a: values(6),
  b: values(3),
  c: values(6),
  steps: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...UNARY) }),
      fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), other: fc.nat(5) }),
      fc.record({ kind: fc.constant('matmul' as const) }),
    ),
    { minLength: 1, maxLength: 6 },
  ),
  reduce: fc.constantFrom(...REDUCE),
  axis: fc.constantFrom(0, 1, -1),
});

test('random tensor programs (broadcasting, matmul, reductions): every Jacobian entry agrees with finite differences', () => {
  const result = fc.check(
    fc.property(tensorProgram, (p) => {
      const at = [tensor([p.a.slice(0, 3), p.a.slice(3)]), tensor(p.b), tensor([p.c.slice(0, 3), p.c.slice(3)])];
      const report = gradcheck((A: Tensor, b: Tensor, C: Tensor) => runTensors(p, A, b, C), at, { atol: 1e-5, rtol: 1e-3 });
      if (!report.ok) throw new Error(`gradient mismatch:\n${report.toString()}\nreproduce with:\n${tensorReproducer(p)}`);
    }),
    { seed: 18, numRuns: 300, includeErrorInReport: true },
  );
  console.log(`tensor programs: ${result.numRuns} checked`);
  if (result.failed) throw new Error(fc.defaultReportMessage(result));
});

test('a wrong gradient shrinks to a small printed reproducer', () => {
  // a deliberately broken "program": it claims d/dx tanh(x) = 1, so any step with tanh must fail
  const result = fc.check(
    fc.property(scalarProgram, (p) => {
      fc.pre(smoothEverywhere(p));
      const report = gradcheck((...xs: Value[]) => run(p, xs), p.inputs, { analytic: (...xs: number[]) => xs.map(() => (p.steps.some((s) => s.op === 'tanh') ? 1 : NaN)) });
      if (p.steps.some((s) => s.op === 'tanh') && !report.ok) throw new Error(`reproduce with:\n${reproducer(p)}`);
    }),
    { seed: 19, numRuns: 300, includeErrorInReport: true },
  );
  expect(result.failed).toBe(true);
  const shrunk = result.counterexample![0] as Program;
  expect(shrunk.steps.length).toBeLessThanOrEqual(2);
  expect(fc.defaultReportMessage(result)).toMatch(/reproduce with:\nconst v0 = new Value\(/);
});
