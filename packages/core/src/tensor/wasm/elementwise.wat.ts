/**
 * The WebAssembly text of the elementwise loops of the ops with a SIMD form (`SIMD_OPS`, keyed by
 * the names of the scalar op table): each op's forward and VJPs over f32x4 and f64x2 lanes. They
 * give the numbers of the scalar table's `f` and `d` bit for bit: each is one IEEE operation (or a
 * comparison), and JavaScript's double arithmetic rounded once to float32 gives the same for one
 * operation on float32 numbers. Only the sums of a broadcast operand's gradient add in another order.
 *
 * Broadcasting works from the stride plan of ../elementwise.ts: `runs` runs of `inner` elements,
 * run r reading operand x at element xOff[r] and y at yOff[r], each stepping 1 or 0 (broadcast)
 * along the run. The output, the upstream gradient g and a gradient shaped like the output step
 * through memory one run after another; the gradient of a broadcast operand adds into its own
 * offsets (stepping 1: vector by vector; stepping 0: a sum along the run). Each loop does whole
 * vectors, then the last elements of the run one lane at a time, with the same expression.
 */

/** An op's vector expressions are written with its lane type's instruction prefix and constants. */
export interface Lanes {
  vec: string;
  splat(x: number): string;
}

type Expr = (l: Lanes, a: string, b: string, z: string) => string;

/** An op's forward and, per input, its local derivative (which the loop multiplies by g), on vectors. */
export interface SimdOp {
  f: Expr;
  d: readonly Expr[];
}

const positive = (l: Lanes, a: string) => `(${l.vec}.gt ${a} ${l.splat(0)})`;

export const SIMD_OPS: Record<string, SimdOp> = {
  add: { f: (l, a, b) => `(${l.vec}.add ${a} ${b})`, d: [(l) => l.splat(1), (l) => l.splat(1)] },
  sub: { f: (l, a, b) => `(${l.vec}.sub ${a} ${b})`, d: [(l) => l.splat(1), (l) => l.splat(-1)] },
  mul: { f: (l, a, b) => `(${l.vec}.mul ${a} ${b})`, d: [(_l, _a, b) => b, (_l, a) => a] },
  neg: { f: (l, a) => `(${l.vec}.neg ${a})`, d: [(l) => l.splat(-1)] },
  // a > 0 ? a : 0 and a > 0 ? 1 : 0 through the comparison's lane mask: NaN and -0 give +0, as in JS
  relu: { f: (l, a) => `(v128.and ${a} ${positive(l, a)})`, d: [(l, a) => `(v128.and ${l.splat(1)} ${positive(l, a)})`] },
};

export type LaneType = 'f32' | 'f64';

function lanesOf(t: LaneType): Lanes & { t: LaneType; size: number; count: number; splatLoad: string; storeLane: string } {
  const count = t === 'f32' ? 4 : 2;
  const vec = t === 'f32' ? 'f32x4' : 'f64x2';
  return {
    t, vec, count, size: 16 / count,
    splat: (x) => `(v128.const ${vec} ${Array(count).fill(x).join(' ')})`,
    splatLoad: t === 'f32' ? 'v128.load32_splat' : 'v128.load64_splat',
    storeLane: t === 'f32' ? 'v128.store32_lane' : 'v128.store64_lane',
  };
}

/** Which of a, b (the inputs) and z (the output) an expression reads: only those are copied in and loaded. */
export function reads(expr: Expr): { a: boolean; b: boolean; z: boolean } {
  const text = expr(lanesOf('f32'), '«a»', '«b»', '«z»');
  return { a: text.includes('«a»'), b: text.includes('«b»'), z: text.includes('«z»') };
}

/** An operand read along a run: `vec` steps through memory; otherwise one element serves the whole run. */
interface Stream { ptr: string; value: string; vec: boolean }

/** Where a run's results go: stored, added to (a gradient stepping along the run), or summed into one element. */
type Dest = { ptr: string; mode: 'store' | 'add' | 'sum' };

let label = 0;

/**
 * One run of `$inner` elements: whole vectors, then the rest lane by lane. Pointers of stepping
 * streams (and of a stored or added destination) are left past the run.
 */
function runLoop(t: LaneType, streams: readonly Stream[], value: string, dest: Dest): string {
  const l = lanesOf(t);
  const id = ++label;
  const stepping = streams.filter((s) => s.vec);
  const moving = [...stepping.map((s) => s.ptr), ...(dest.mode === 'sum' ? [] : [dest.ptr])];
  const advance = (bytes: number) => moving.map((p) => `(local.set ${p} (i32.add (local.get ${p}) (i32.const ${bytes})))`);
  const load = (s: Stream, op: string) => `(local.set ${s.value} (${op} (local.get ${s.ptr})))`;
  const put = {
    store: [`(v128.store (local.get ${dest.ptr}) ${value})`, `(${l.storeLane} 0 (local.get ${dest.ptr}) ${value})`],
    add: [
      `(v128.store (local.get ${dest.ptr}) (${l.vec}.add (v128.load (local.get ${dest.ptr})) ${value}))`,
      `(${l.storeLane} 0 (local.get ${dest.ptr}) (${l.vec}.add (${l.splatLoad} (local.get ${dest.ptr})) ${value}))`,
    ],
    sum: [`(local.set $acc (${l.vec}.add (local.get $acc) ${value}))`, `(local.set $s (${t}.add (local.get $s) (${l.vec}.extract_lane 0 ${value})))`],
  }[dest.mode];
  const lane = (i: number) => `(${l.vec}.extract_lane ${i} (local.get $acc))`;
  const total = t === 'f32' ? `(f32.add (f32.add ${lane(0)} ${lane(1)}) (f32.add ${lane(2)} ${lane(3)}))` : `(f64.add ${lane(0)} ${lane(1)})`;
  return [
    ...streams.filter((s) => !s.vec).map((s) => load(s, l.splatLoad)),
    ...(dest.mode === 'sum' ? ['(local.set $acc (v128.const i64x2 0 0))', `(local.set $s (${t}.const 0))`] : []),
    // whole vectors: $j counts them down
    `(if (local.tee $j (i32.shr_u (local.get $inner) (i32.const ${Math.log2(l.count)}))) (then (loop $vector${id}`,
    ...stepping.map((s) => `  ${load(s, 'v128.load')}`),
    `  ${put[0]}`,
    ...advance(16).map((x) => `  ${x}`),
    `  (br_if $vector${id} (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))))`,
    // the last inner % lanes elements, one lane at a time
    `(if (local.tee $j (i32.and (local.get $inner) (i32.const ${l.count - 1}))) (then (loop $tail${id}`,
    ...stepping.map((s) => `  ${load(s, l.splatLoad)}`),
    `  ${put[1]}`,
    ...advance(l.size).map((x) => `  ${x}`),
    `  (br_if $tail${id} (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))))`,
    ...(dest.mode === 'sum' ? [`(${t}.store (local.get ${dest.ptr}) (${t}.add (${t}.load (local.get ${dest.ptr})) (${t}.add ${total} (local.get $s))))`] : []),
  ].join('\n      ');
}

const locals = (t: LaneType) =>
  `(local $j i32) (local $run i32) (local $pa i32) (local $pb i32) (local $pr i32) (local $a v128) (local $b v128) (local $z v128) (local $g v128) (local $acc v128) (local $s ${t})`;

/** out[i] = f(x[i]) over n elements. */
function unary(name: string, op: SimdOp, t: LaneType): string {
  const value = op.f(lanesOf(t), '(local.get $a)', '', '');
  return `
  (func (export "map1_${name}_${t}") (param $x i32) (param $o i32) (param $inner i32)
    ${locals(t)}
    ${runLoop(t, [{ ptr: '$x', value: '$a', vec: true }], value, { ptr: '$o', mode: 'store' })})`;
}

/** r[i] = g[i] · d(x[i], y[i]) over n elements (y: the output). */
function unaryGrad(name: string, op: SimdOp, t: LaneType): string {
  const l = lanesOf(t);
  const d = op.d[0];
  const use = reads(d);
  const streams: Stream[] = [
    { ptr: '$gp', value: '$g', vec: true },
    ...(use.a ? [{ ptr: '$x', value: '$a', vec: true }] : []),
    ...(use.z ? [{ ptr: '$y', value: '$z', vec: true }] : []),
  ];
  const value = `(${l.vec}.mul (local.get $g) ${d(l, '(local.get $a)', '', '(local.get $z)')})`;
  return `
  (func (export "map1Grad_${name}_${t}") (param $gp i32) (param $x i32) (param $y i32) (param $r i32) (param $inner i32)
    ${locals(t)}
    ${runLoop(t, streams, value, { ptr: '$r', mode: 'store' })})`;
}

/** The loop over runs: x and y (when read) start each run at their offsets, the destination at its own when it is a reduction. */
function overRuns(t: LaneType, body: string, starts: { a: boolean; b: boolean; target?: boolean }): string {
  const shift = t === 'f32' ? 2 : 3;
  const start = (ptr: string, base: string, offsets: string) =>
    `(local.set ${ptr} (i32.add (local.get ${base}) (i32.shl (i32.load (i32.add (local.get ${offsets}) (i32.shl (local.get $run) (i32.const 2)))) (i32.const ${shift}))))`;
  return [
    '(local.set $run (i32.const 0))',
    '(loop $runs',
    ...(starts.a ? [`  ${start('$pa', '$x', '$xOff')}`] : []),
    ...(starts.b ? [`  ${start('$pb', '$y', '$yOff')}`] : []),
    ...(starts.target ? [`  ${start('$pr', '$r', '$tOff')}`] : []),
    `  ${body}`,
    '  (br_if $runs (i32.lt_u (local.tee $run (i32.add (local.get $run) (i32.const 1))) (local.get $runs))))',
  ].join('\n    ');
}

/** The step patterns a binary plan can have: (x, y) stepping 1 or 0 along runs; not both 0 (runs of one element). */
const PATTERNS: readonly [boolean, boolean][] = [[true, true], [true, false], [false, true]];

/** Picks the loop for the plan's steps once per call: `$sx`, `$sy` are 1 or 0. */
function byPattern(loop: (sx: boolean, sy: boolean) => string): string {
  const [both, xOnly, yOnly] = PATTERNS.map(([sx, sy]) => loop(sx, sy));
  return `(if (i32.and (local.get $sx) (local.get $sy)) (then
    ${both})
    (else (if (local.get $sx) (then
    ${xOnly})
    (else
    ${yOnly}))))`;
}

/** out = f(x, y) over a broadcast plan. */
function binary(name: string, op: SimdOp, t: LaneType): string {
  const l = lanesOf(t);
  const value = op.f(l, '(local.get $a)', '(local.get $b)', '');
  const loop = (sx: boolean, sy: boolean) =>
    overRuns(t, runLoop(t, [{ ptr: '$pa', value: '$a', vec: sx }, { ptr: '$pb', value: '$b', vec: sy }], value, { ptr: '$o', mode: 'store' }), { a: true, b: true });
  return `
  (func (export "map2_${name}_${t}") (param $x i32) (param $y i32) (param $o i32) (param $inner i32) (param $sx i32) (param $sy i32)
      (param $xOff i32) (param $yOff i32) (param $runs i32)
    ${locals(t)}
    ${byPattern(loop)})`;
}

/**
 * The VJP for input i: g ⊙ d_i(x, y, z) into r. With `$dense` r is shaped like the output;
 * otherwise r is input i (broadcast: zeroed by the caller) and each run adds into it at tOff.
 */
function binaryGrad(name: string, op: SimdOp, i: 0 | 1, t: LaneType): string {
  const l = lanesOf(t);
  const d = op.d[i];
  const use = reads(d);
  const value = `(${l.vec}.mul (local.get $g) ${d(l, '(local.get $a)', '(local.get $b)', '(local.get $z)')})`;
  const streams = (sx: boolean, sy: boolean): Stream[] => [
    { ptr: '$gp', value: '$g', vec: true },
    ...(use.a ? [{ ptr: '$pa', value: '$a', vec: sx }] : []),
    ...(use.b ? [{ ptr: '$pb', value: '$b', vec: sy }] : []),
    ...(use.z ? [{ ptr: '$zp', value: '$z', vec: true }] : []),
  ];
  const dense = (sx: boolean, sy: boolean) => overRuns(t, runLoop(t, streams(sx, sy), value, { ptr: '$r', mode: 'store' }), use);
  const reduce = (sx: boolean, sy: boolean) =>
    overRuns(t, runLoop(t, streams(sx, sy), value, { ptr: '$pr', mode: (i === 0 ? sx : sy) ? 'add' : 'sum' }), { ...use, target: true });
  return `
  (func (export "map2Grad${i}_${name}_${t}") (param $gp i32) (param $x i32) (param $y i32) (param $zp i32) (param $r i32) (param $inner i32)
      (param $sx i32) (param $sy i32) (param $xOff i32) (param $yOff i32) (param $tOff i32) (param $runs i32) (param $dense i32)
    ${locals(t)}
    (if (local.get $dense) (then
    ${byPattern(dense)})
    (else
    ${byPattern(reduce)})))`;
}

/**
 * y ← y + α·x over n elements (an optimizer's update), computed as JavaScript computes it: in f64,
 * float32 numbers promoted and the result rounded once, so both give the same bits. Float32 goes four
 * lanes at a time as two f64x2 halves; the last n % lanes elements one at a time.
 */
function axpy(t: LaneType): string {
  const l = lanesOf(t);
  const f32 = t === 'f32';
  const promote = (v: string, high: boolean) => `(f64x2.promote_low_f32x4 ${high ? `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})` : v})`;
  const half = (high: boolean) => `(f64x2.add ${promote('(local.get $b)', high)} (f64x2.mul (local.get $a) ${promote('(local.get $g)', high)}))`;
  const vector = f32
    ? `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero ${half(false)}) (f32x4.demote_f64x2_zero ${half(true)}))`
    : '(f64x2.add (local.get $b) (f64x2.mul (local.get $a) (local.get $g)))';
  const scalar = f32
    ? '(f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $y))) (f64.mul (local.get $alpha) (f64.promote_f32 (f32.load (local.get $x))))))'
    : '(f64.add (f64.load (local.get $y)) (f64.mul (local.get $alpha) (f64.load (local.get $x))))';
  return `
  (func (export "axpy_${t}") (param $alpha f64) (param $x i32) (param $y i32) (param $n i32)
    (local $j i32) (local $a v128) (local $b v128) (local $g v128)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (if (local.tee $j (i32.shr_u (local.get $n) (i32.const ${Math.log2(l.count)}))) (then (loop $vector
      (local.set $g (v128.load (local.get $x)))
      (local.set $b (v128.load (local.get $y)))
      (v128.store (local.get $y) ${vector})
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br_if $vector (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))))
    (if (local.tee $j (i32.and (local.get $n) (i32.const ${l.count - 1}))) (then (loop $tail
      (${t}.store (local.get $y) ${scalar})
      (local.set $x (i32.add (local.get $x) (i32.const ${l.size})))
      (local.set $y (i32.add (local.get $y) (i32.const ${l.size})))
      (br_if $tail (local.tee $j (i32.sub (local.get $j) (i32.const 1))))))))`;
}

/**
 * The checksum of ../kernels.ts (`checksum`) over `words` 32-bit words at $src: the four lanes' a
 * and b in two i32x4 vectors, the last words % 4 into lane 0; a₀..a₃ b₀..b₃ stored at $out.
 */
const CHECKSUM = `
  (func (export "checksum") (param $src i32) (param $words i32) (param $out i32)
    (local $j i32) (local $a v128) (local $b v128) (local $s i32) (local $t i32)
    (if (local.tee $j (i32.shr_u (local.get $words) (i32.const 2))) (then (loop $vector
      (local.set $a (i32x4.add (local.get $a) (v128.load (local.get $src))))
      (local.set $b (i32x4.add (local.get $b) (local.get $a)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br_if $vector (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))))
    (local.set $s (i32x4.extract_lane 0 (local.get $a)))
    (local.set $t (i32x4.extract_lane 0 (local.get $b)))
    (if (local.tee $j (i32.and (local.get $words) (i32.const 3))) (then (loop $tail
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $src))))
      (local.set $t (i32.add (local.get $t) (local.get $s)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br_if $tail (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))))
    (v128.store (local.get $out) (i32x4.replace_lane 0 (local.get $a) (local.get $s)))
    (v128.store offset=16 (local.get $out) (i32x4.replace_lane 0 (local.get $b) (local.get $t))))`;

/** Every elementwise kernel of every SIMD op, for both lane types, axpy and the checksum: the module's functions. */
export function elementwiseFunctions(): string {
  const parts: string[] = [axpy('f32'), axpy('f64'), CHECKSUM];
  for (const [name, op] of Object.entries(SIMD_OPS)) {
    for (const t of ['f32', 'f64'] as const) {
      if (op.d.length === 1) parts.push(unary(name, op, t), unaryGrad(name, op, t));
      else parts.push(binary(name, op, t), binaryGrad(name, op, 0, t), binaryGrad(name, op, 1, t));
    }
  }
  return parts.join('\n');
}
