/**
 * The WebAssembly text of the gemm kernels, C (+)= op(A) · op(B), written once for both element
 * types: float32 as f32x4 with a 5×8 register block, float64 as f64x2 with a 5×4 block. Either
 * way a row of the block is two v128 registers (see MR in geometry.ts for the register count).
 *
 * Blocking (GotoBLAS order): column blocks of NC, depth blocks of KC; each (NC, KC) block of op(B)
 * is packed into panels NR wide and each MR×KC slice of op(A) into one panel, both k-major, so the
 * micro-kernel reads two sequential streams with constant offsets (one pointer bump each per k).
 * Packing reads A through (row stride, k stride), which covers A and Aᵀ alike: the transposed
 * products of the backward pass need no transpose copy.
 * With `relaxed`, each multiply-add is one `relaxed_madd` (a fused multiply-add where the CPU
 * has one); that module is only used where `WebAssembly.validate` accepts it.
 */

import { KC, MR, geometry } from './geometry';

export interface GemmFlavour {
  /** Element type of the lanes. */
  type: 'f32' | 'f64';
  relaxed: boolean;
}

const acc = (r: number, h: number) => `$c${r}${h}`;

/** acc += x · b: a relaxed fused multiply-add or a multiply then an add. */
function madd(vec: string, relaxed: boolean, sum: string, x: string, b: string): string {
  return relaxed ? `(${vec}.relaxed_madd (local.get ${x}) (local.get ${b}) (local.get ${sum}))` : `(${vec}.add (local.get ${sum}) (${vec}.mul (local.get ${x}) (local.get ${b})))`;
}

/** One k-step of the micro-kernel for `R` rows over a packed panel of A (MR values per k) and one of B. */
function kStep({ type, relaxed }: GemmFlavour, R: number): string {
  const { size, NR, vec, splat } = geometry(type);
  const lines = ['(local.set $b0 (v128.load (local.get $b)))', '(local.set $b1 (v128.load offset=16 (local.get $b)))'];
  for (let r = 0; r < R; r++) {
    lines.push(`(local.set $x (${splat} offset=${r * size} (local.get $a)))`, `(local.set ${acc(r, 0)} ${madd(vec, relaxed, acc(r, 0), '$x', '$b0')})`, `(local.set ${acc(r, 1)} ${madd(vec, relaxed, acc(r, 1), '$x', '$b1')})`);
  }
  lines.push(`(local.set $a (i32.add (local.get $a) (i32.const ${MR * size})))`);
  lines.push(`(local.set $b (i32.add (local.get $b) (i32.const ${NR * size})))`);
  return lines.map((l) => `        ${l}`).join('\n');
}

/**
 * The micro-kernel for R rows: rows×cols of C (at most R×NR) (+)= Σ_k A[i,k] B[k,j] over a packed
 * panel of each. Zero-padded columns compute values the edge store drops. R = MR is the kernel;
 * R < MR the edge kernels of a last row panel (M not a multiple of MR: 128 = 25·5 + 3), which
 * read the first R rows of the panel, rather than computing MR rows and dropping some.
 */
function microKernel(flavour: GemmFlavour, R: number): string {
  const { type } = flavour;
  const { size, NR, vec } = geometry(type);
  const rows = Array.from({ length: R }, (_, r) => r);
  const accs = rows.flatMap((r) => [acc(r, 0), acc(r, 1)]);
  // A full tile goes straight to C; an edge tile through the scratch tile at address 0.
  // Two stores, chosen once per tile: C = block, or C += block (which reads C).
  const fullStore = (add: boolean) => rows.map((r) => [0, 1].map((h) => {
    const value = add ? `(${vec}.add (v128.load offset=${h * 16} (local.get $c)) (local.get ${acc(r, h)}))` : `(local.get ${acc(r, h)})`;
    return `        (v128.store offset=${h * 16} (local.get $c) ${value})`;
  }).join('\n') + `\n        (local.set $c (i32.add (local.get $c) (local.get $ldc)))`).join('\n');
  const scratchStore = rows.map((r) => [0, 1].map((h) => `    (v128.store offset=${(r * 2 + h) * 16} (i32.const 0) (local.get ${acc(r, h)}))`).join('\n')).join('\n');
  return `
  ;; ${type} micro-kernel: a ${R}×${NR} block of C from one packed panel of A and one of B
  (func $kernel_${type}_${R} (param $a i32) (param $rows i32)
      (param $b i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $cols i32) (param $add i32)
    (local $n i32) (local $i i32) (local $j i32) (local $at i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    ${accs.map((a) => `(local ${a} v128)`).join(' ')}
    (if (i32.gt_u (local.get $rows) (i32.const ${R})) (then (local.set $rows (i32.const ${R}))))
    (if (i32.gt_u (local.get $cols) (i32.const ${NR})) (then (local.set $cols (i32.const ${NR}))))
    (if (local.get $kc) (then
      (local.set $n (local.get $kc))
      (loop $step
${kStep(flavour, R)}
        (br_if $step (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
    (if (i32.and (i32.eq (local.get $rows) (i32.const ${R})) (i32.eq (local.get $cols) (i32.const ${NR})))
      (then
        (if (local.get $add) (then
${fullStore(true)}
        ) (else
${fullStore(false)}
        ))
      (return)))
${scratchStore}
    (loop $row
      (local.set $j (i32.const 0))
      (loop $col
        (local.set $at (i32.add (local.get $c) (i32.mul (local.get $j) (i32.const ${size}))))
        (${type}.store (local.get $at)
          (${type}.add (${type}.load (i32.mul (i32.add (i32.mul (local.get $i) (i32.const ${NR})) (local.get $j)) (i32.const ${size})))
            (select (${type}.load (local.get $at)) (${type}.const 0) (local.get $add))))
        (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $cols))))
      (local.set $c (i32.add (local.get $c) (local.get $ldc)))
      (br_if $row (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $rows)))))`;
}

/**
 * Packs MR rows × kc of op(A), k-major: dst[k·MR + r] = op(A)[i0 + r, pc + k], with A(i, k) at
 * rs·i + ks·k. Rows past the valid ones repeat the last valid row (the edge kernels for fewer
 * rows do not read them), so nothing outside A is read.
 */
function packA({ type }: GemmFlavour): string {
  const { size, lanes } = geometry(type);
  const others = Array.from({ length: MR - 1 }, (_, r) => r + 1);
  const rowPointer = (r: number) => (r === 0 ? '$a' : `$p${r}`);
  const vectors = Math.floor((MR * size) / 16);
  const copyK = [
    ...Array.from({ length: vectors }, (_, v) => `(v128.store offset=${v * 16} (local.get $dst) (v128.load offset=${v * 16} (local.get $a)))`),
    ...Array.from({ length: MR - (vectors * 16) / size }, (_, e) => {
      const at = vectors * 16 + e * size;
      return `(${type}.store offset=${at} (local.get $dst) (${type}.load offset=${at} (local.get $a)))`;
    }),
  ];
  const step = (amount: string) => [...[0, ...others].map((r) => `(local.set ${rowPointer(r)} (i32.add (local.get ${rowPointer(r)}) ${amount}))`)];
  return `
  (func $packA_${type} (param $a i32) (param $rs i32) (param $ks i32) (param $rows i32) (param $kc i32) (param $dst i32)
    ${others.map((r) => `(local $p${r} i32)`).join(' ')} (local $k i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (if (i32.and (i32.eq (local.get $rs) (i32.const ${size})) (i32.ge_u (local.get $rows) (i32.const ${MR})))
      (then ;; Aᵀ stored: the MR values of a k are contiguous
        (loop $copy
          ${copyK.join('\n          ')}
          (local.set $a (i32.add (local.get $a) (local.get $ks)))
          (local.set $dst (i32.add (local.get $dst) (i32.const ${MR * size})))
          (br_if $copy (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))
        (return)))
    ${others.map((r) => `(local.set $p${r} (select (i32.add (local.get ${rowPointer(r - 1)}) (local.get $rs)) (local.get ${rowPointer(r - 1)}) (i32.gt_u (local.get $rows) (i32.const ${r}))))`).join('\n    ')}
    (if (i32.eq (local.get $ks) (i32.const ${size}))
      (then ;; A stored: ${lanes} steps of k at once, the first four rows transposed in registers
        (block $done (loop $block
          (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const ${lanes})) (local.get $kc)))
${transposeBlock(type)}
          ${step('(i32.const 16)').join('\n          ')}
          (local.set $dst (i32.add (local.get $dst) (i32.const ${lanes * MR * size})))
          (local.set $k (i32.add (local.get $k) (i32.const ${lanes})))
          (br $block)))))
    (if (i32.lt_u (local.get $k) (local.get $kc)) (then (loop $gather
      ${[0, ...others].map((r) => `(${type}.store offset=${r * size} (local.get $dst) (${type}.load (local.get ${rowPointer(r)})))`).join('\n      ')}
      ${step('(local.get $ks)').join('\n      ')}
      (local.set $dst (i32.add (local.get $dst) (i32.const ${MR * size})))
      (br_if $gather (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))))`;
}

/** i8x16.shuffle lane indices picking element `e` (of `width` bytes) from a (0..) or b (lanes..). */
function pick(width: number, elements: number[]): string {
  return elements.flatMap((e) => Array.from({ length: width }, (_, b) => e * width + b)).join(' ');
}

/**
 * One vector of k from each of 4 rows (`row(r)` loads row r's vector, r = f … f+3),
 * stored k-major: value (k, r) at offset `at(k, r)` from $dst. f32: a 4×4 transpose in 8
 * shuffles; f64: two 2×2, 4 shuffles. Uses $t0 … $t3.
 */
function transpose4(type: 'f32' | 'f64', row: (r: number) => string, at: (k: number, r: number) => number, f: number): string[] {
  const lines: string[] = [];
  if (type === 'f64') {
    // [r0 r1][k] and [r2 r3][k] for k = 0, 1
    for (let k = 0; k < 2; k++) {
      lines.push(`(v128.store offset=${at(k, f)} (local.get $dst) (i8x16.shuffle ${pick(8, [k, k + 2])} ${row(f)} ${row(f + 1)}))`);
      lines.push(`(v128.store offset=${at(k, f + 2)} (local.get $dst) (i8x16.shuffle ${pick(8, [k, k + 2])} ${row(f + 2)} ${row(f + 3)}))`);
    }
  } else {
    // t0 = r0k0 r1k0 r0k1 r1k1, t1 = r2k0 r3k0 r2k1 r3k1; t2, t3 the same for k2, k3
    lines.push(
      `(local.set $t0 (i8x16.shuffle ${pick(4, [0, 4, 1, 5])} ${row(f)} ${row(f + 1)}))`,
      `(local.set $t1 (i8x16.shuffle ${pick(4, [0, 4, 1, 5])} ${row(f + 2)} ${row(f + 3)}))`,
      `(local.set $t2 (i8x16.shuffle ${pick(4, [2, 6, 3, 7])} ${row(f)} ${row(f + 1)}))`,
      `(local.set $t3 (i8x16.shuffle ${pick(4, [2, 6, 3, 7])} ${row(f + 2)} ${row(f + 3)}))`,
    );
    const pairs: [string, string, number[]][] = [['$t0', '$t1', [0, 1, 4, 5]], ['$t0', '$t1', [2, 3, 6, 7]], ['$t2', '$t3', [0, 1, 4, 5]], ['$t2', '$t3', [2, 3, 6, 7]]];
    pairs.forEach(([x, y, e], k) => lines.push(`(v128.store offset=${at(k, f)} (local.get $dst) (i8x16.shuffle ${pick(4, e)} (local.get ${x}) (local.get ${y})))`));
  }
  return lines;
}

/**
 * One vector of k from each row ($a $p1 …), stored k-major at $dst (MR values per k): rows 0-3
 * transposed in registers, the rest lane by lane.
 */
function transposeBlock(type: 'f32' | 'f64'): string {
  const { size, lanes } = geometry(type);
  const row = (r: number) => `(v128.load (local.get ${r === 0 ? '$a' : `$p${r}`}))`;
  const at = (k: number, r: number) => k * MR * size + r * size;
  const lines = transpose4(type, row, at, 0);
  for (let r = 4; r < MR; r++) {
    for (let k = 0; k < lanes; k++) lines.push(`(${type}.store offset=${at(k, r)} (local.get $dst) (${type}.load offset=${k * size} (local.get $p${r})))`);
  }
  return lines.map((l) => `          ${l}`).join('\n');
}

/**
 * Packs op(B)[pc .. pc+kc, jc .. jc+nc] into panels of NR columns, k-major, zero-padding the last
 * panel. B is K×N row-major, or N×K when transposed; (k, j) sits at kStride·k + jStride·j.
 */
function packB({ type }: GemmFlavour): string {
  const { size, NR, lanes } = geometry(type);
  const cols = Array.from({ length: NR }, (_, j) => j);
  const at = (k: number, j: number) => k * NR * size + j * size;
  const transposed = cols.filter((j) => j % 4 === 0).flatMap((j) => transpose4(type, (r) => `(v128.load (local.get $q${r}))`, at, j));
  return `
  (func $pack_${type} (param $b i32) (param $kStride i32) (param $jStride i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $jr i32) (local $cols i32) (local $k i32) (local $j i32) (local $src i32) (local $at i32)
    ${cols.map((j) => `(local $q${j} i32)`).join(' ')} (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (loop $panel
      (local.set $cols (select (i32.sub (local.get $nc) (local.get $jr)) (i32.const ${NR}) (i32.lt_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const ${NR}))))
      (if (i32.and (i32.eq (local.get $cols) (i32.const ${NR})) (i32.eq (local.get $jStride) (i32.const ${size})))
        (then ;; a full panel of untransposed B: each k is two contiguous vectors
          (local.set $src (i32.add (local.get $b) (i32.mul (local.get $jr) (i32.const ${size}))))
          (local.set $k (i32.const 0))
          (loop $row
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $kStride)))
            (local.set $dst (i32.add (local.get $dst) (i32.const ${NR * size})))
            (br_if $row (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))
        (else (if (i32.and (i32.eq (local.get $cols) (i32.const ${NR})) (i32.eq (local.get $kStride) (i32.const ${size})))
        (then ;; a full panel of transposed B: ${lanes} steps of k of its ${NR} rows at once, transposed in registers
          (local.set $q0 (i32.add (local.get $b) (i32.mul (local.get $jr) (local.get $jStride))))
          ${cols.slice(1).map((j) => `(local.set $q${j} (i32.add (local.get $q${j - 1}) (local.get $jStride)))`).join('\n          ')}
          (local.set $k (i32.const 0))
          (block $done (loop $block
            (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const ${lanes})) (local.get $kc)))
            ${transposed.join('\n            ')}
            ${cols.map((j) => `(local.set $q${j} (i32.add (local.get $q${j}) (i32.const 16)))`).join('\n            ')}
            (local.set $dst (i32.add (local.get $dst) (i32.const ${lanes * NR * size})))
            (local.set $k (i32.add (local.get $k) (i32.const ${lanes})))
            (br $block)))
          (if (i32.lt_u (local.get $k) (local.get $kc)) (then (loop $rest
            ${cols.map((j) => `(${type}.store offset=${j * size} (local.get $dst) (${type}.load (local.get $q${j})))`).join('\n            ')}
            ${cols.map((j) => `(local.set $q${j} (i32.add (local.get $q${j}) (i32.const ${size})))`).join('\n            ')}
            (local.set $dst (i32.add (local.get $dst) (i32.const ${NR * size})))
            (br_if $rest (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))))
        (else ;; column by column, so a transposed B is read along its rows; padding columns are 0
          (if (i32.lt_u (local.get $cols) (i32.const ${NR}))
            (then (memory.fill (local.get $dst) (i32.const 0) (i32.mul (local.get $kc) (i32.const ${NR * size})))))
          (local.set $j (i32.const 0))
          (loop $col
            (local.set $src (i32.add (local.get $b) (i32.mul (i32.add (local.get $jr) (local.get $j)) (local.get $jStride))))
            (local.set $at (i32.add (local.get $dst) (i32.mul (local.get $j) (i32.const ${size}))))
            (local.set $k (i32.const 0))
            (loop $depth
              (${type}.store (local.get $at) (${type}.load (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $kStride)))
              (local.set $at (i32.add (local.get $at) (i32.const ${NR * size})))
              (br_if $depth (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))
            (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $cols))))
          (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $kc) (i32.const ${NR * size}))))))))
      (br_if $panel (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const ${NR}))) (local.get $nc)))))`;
}

/**
 * The exported driver: gemm_<type>(transA, transB, M, N, K, a, b, c, add, pack) with byte
 * addresses; C = op(A)·op(B), or C += when add is 1. M, N, K > 0. `pack` is scratch of
 * `packBytes(type)` bytes: the packed panels of B, then the packed panel of A.
 */
function driver({ type }: GemmFlavour): string {
  const { size, NR, NC } = geometry(type);
  const args = `(local.get $apack) (i32.sub (local.get $M) (local.get $ic))
              (i32.add (local.get $pack) (i32.mul (i32.mul (local.get $jr) (local.get $kc)) (i32.const ${size})))
              (local.get $kc)
              (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $ic) (local.get $N)) (i32.add (local.get $jc) (local.get $jr))) (i32.const ${size})))
              (i32.mul (local.get $N) (i32.const ${size}))
              (i32.sub (local.get $nc) (local.get $jr))
              (i32.or (local.get $add) (local.get $pc))`;
  // The kernel for the rows left (MR, or fewer in the last row panel): MR, MR-1, … 1.
  let callKernel = `(call $kernel_${type}_1 ${args})`;
  for (let R = 2; R <= MR; R++) callKernel = `(if (i32.ge_u (i32.sub (local.get $M) (local.get $ic)) (i32.const ${R})) (then (call $kernel_${type}_${R} ${args})) (else ${callKernel}))`;
  return `
  (func (export "gemm_${type}") (param $transA i32) (param $transB i32) (param $M i32) (param $N i32) (param $K i32)
      (param $a i32) (param $b i32) (param $c i32) (param $add i32) (param $pack i32)
    (local $rs i32) (local $ks i32) (local $bk i32) (local $bj i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $jr i32) (local $apack i32)
    ;; byte strides of op(A) (row i, step k) and of op(B) (step k, column j)
    (local.set $rs (select (i32.const ${size}) (i32.mul (local.get $K) (i32.const ${size})) (local.get $transA)))
    (local.set $ks (select (i32.mul (local.get $M) (i32.const ${size})) (i32.const ${size}) (local.get $transA)))
    (local.set $bk (select (i32.const ${size}) (i32.mul (local.get $N) (i32.const ${size})) (local.get $transB)))
    (local.set $bj (select (i32.mul (local.get $K) (i32.const ${size})) (i32.const ${size}) (local.get $transB)))
    ;; the packed panel of A follows the packed panels of B
    (local.set $apack (i32.add (local.get $pack) (i32.const ${KC * NC * size})))
    (loop $columns
      (local.set $nc (select (i32.sub (local.get $N) (local.get $jc)) (i32.const ${NC}) (i32.lt_u (i32.sub (local.get $N) (local.get $jc)) (i32.const ${NC}))))
      (local.set $pc (i32.const 0))
      (loop $depths
        (local.set $kc (select (i32.sub (local.get $K) (local.get $pc)) (i32.const ${KC}) (i32.lt_u (i32.sub (local.get $K) (local.get $pc)) (i32.const ${KC}))))
        (call $pack_${type} (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $bk)) (i32.mul (local.get $jc) (local.get $bj))))
          (local.get $bk) (local.get $bj) (local.get $kc) (local.get $nc) (local.get $pack))
        (local.set $ic (i32.const 0))
        (loop $rows
          (call $packA_${type} (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $rs)) (i32.mul (local.get $pc) (local.get $ks))))
            (local.get $rs) (local.get $ks) (i32.sub (local.get $M) (local.get $ic)) (local.get $kc) (local.get $apack))
          (local.set $jr (i32.const 0))
          (loop $panels
            ${callKernel}
            (br_if $panels (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const ${NR}))) (local.get $nc))))
          (br_if $rows (i32.lt_u (local.tee $ic (i32.add (local.get $ic) (i32.const ${MR}))) (local.get $M))))
        (br_if $depths (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (local.get $kc))) (local.get $K))))
      (br_if $columns (i32.lt_u (local.tee $jc (i32.add (local.get $jc) (local.get $nc))) (local.get $N)))))`;
}

/** The gemm's functions for both element types. */
export function gemmFunctions(relaxed: boolean): string {
  const flavours: GemmFlavour[] = [{ type: 'f32', relaxed }, { type: 'f64', relaxed }];
  const kernels = (f: GemmFlavour) => Array.from({ length: MR }, (_, r) => microKernel(f, r + 1)).join('');
  return flavours.map((f) => kernels(f) + packA(f) + packB(f) + driver(f)).join('\n');
}
