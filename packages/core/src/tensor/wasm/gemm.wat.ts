/**
 * The WebAssembly text of the gemm kernels, C (+)= op(A) · op(B), written once for both element
 * types: float32 as f32x4 with a 4×8 register block, float64 as f64x2 with a 4×4 block. Either
 * way a row of the block is two v128 registers, so both kernels keep 8 accumulators, 2 vectors of B
 * and 1 splat of A live: 11 of the 15 xmm registers V8 gives wasm (6×8 would spill).
 *
 * Blocking (GotoBLAS order): column blocks of NC, depth blocks of KC; each (NC, KC) block of op(B)
 * is packed into panels NR wide, k-major, so the micro-kernel reads it sequentially; A is read in
 * place through (row stride, k stride), which covers both A and Aᵀ without packing it.
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

/**
 * One k-step of the micro-kernel. A is read in place: `rows` layout (A itself, k contiguous: four
 * row pointers) or `cols` (Aᵀ stored, the four rows contiguous: one pointer, rows as constant
 * offsets, stepping by $ks). Not unrolled: TurboFan hoists an unrolled group's loads and spills.
 */
function kStep({ type, relaxed }: GemmFlavour, layout: 'rows' | 'cols'): string {
  const { size, NR, vec, splat } = geometry(type);
  const lines = ['(local.set $b0 (v128.load (local.get $b)))', '(local.set $b1 (v128.load offset=16 (local.get $b)))'];
  for (let r = 0; r < MR; r++) {
    const load = layout === 'rows' ? `(${splat} (local.get $p${r}))` : `(${splat} offset=${r * size} (local.get $p0))`;
    lines.push(`(local.set $x ${load})`, `(local.set ${acc(r, 0)} ${madd(vec, relaxed, acc(r, 0), '$x', '$b0')})`, `(local.set ${acc(r, 1)} ${madd(vec, relaxed, acc(r, 1), '$x', '$b1')})`);
  }
  const rowPointers = layout === 'rows' ? [0, 1, 2, 3] : [0];
  for (const r of rowPointers) lines.push(`(local.set $p${r} (i32.add (local.get $p${r}) (local.get $ks)))`);
  lines.push(`(local.set $b (i32.add (local.get $b) (i32.const ${NR * size})))`);
  return lines.map((l) => `        ${l}`).join('\n');
}

function kLoop(flavour: GemmFlavour, layout: 'rows' | 'cols'): string {
  return `
      (local.set $n (local.get $kc))
      (loop $step
${kStep(flavour, layout)}
        (br_if $step (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))`;
}

/**
 * The micro-kernel: rows×cols of C (at most 4×NR) (+)= Σ_k A[i,k] B[k,j] over one packed panel.
 * Rows past the valid ones compute garbage that the edge store drops, like the zero-padded
 * columns: in the `rows` layout their pointers repeat the last valid row; in the `cols` layout
 * they read the next elements of memory, which the driver's layout keeps inside it (B follows A).
 */
function microKernel(flavour: GemmFlavour): string {
  const { type } = flavour;
  const { size, NR, vec } = geometry(type);
  const rows = [0, 1, 2, 3];
  const accs = rows.flatMap((r) => [acc(r, 0), acc(r, 1)]);
  // A full tile goes straight to C; an edge tile through the scratch tile at address 0.
  const fullStore = rows.map((r) => [0, 1].map((h) => {
    const at = `(i32.add (local.get $c) (i32.const ${h * 16}))`;
    const value = `(select (${vec}.add (v128.load ${at}) (local.get ${acc(r, h)})) (local.get ${acc(r, h)}) (local.get $add))`;
    return `      (v128.store ${at} ${value})`;
  }).join('\n') + `\n      (local.set $c (i32.add (local.get $c) (local.get $ldc)))`).join('\n');
  const scratchStore = rows.map((r) => [0, 1].map((h) => `    (v128.store offset=${(r * 2 + h) * 16} (i32.const 0) (local.get ${acc(r, h)}))`).join('\n')).join('\n');
  return `
  ;; ${type} micro-kernel: a ${MR}×${NR} block of C from ${MR} rows of A (in place) and one packed panel of B
  (func $kernel_${type} (param $a i32) (param $rs i32) (param $ks i32) (param $rows i32)
      (param $b i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $cols i32) (param $add i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $n i32) (local $i i32) (local $j i32) (local $at i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    ${accs.map((a) => `(local ${a} v128)`).join(' ')}
    (if (i32.gt_u (local.get $rows) (i32.const ${MR})) (then (local.set $rows (i32.const ${MR}))))
    (if (i32.gt_u (local.get $cols) (i32.const ${NR})) (then (local.set $cols (i32.const ${NR}))))
    (local.set $p0 (local.get $a))
    (local.set $p1 (select (i32.add (local.get $p0) (local.get $rs)) (local.get $p0) (i32.gt_u (local.get $rows) (i32.const 1))))
    (local.set $p2 (select (i32.add (local.get $p1) (local.get $rs)) (local.get $p1) (i32.gt_u (local.get $rows) (i32.const 2))))
    (local.set $p3 (select (i32.add (local.get $p2) (local.get $rs)) (local.get $p2) (i32.gt_u (local.get $rows) (i32.const 3))))
    (if (local.get $kc) (then
      (if (i32.eq (local.get $ks) (i32.const ${size}))
        (then${kLoop(flavour, 'rows')})
        (else${kLoop(flavour, 'cols')}))))
    (if (i32.and (i32.eq (local.get $rows) (i32.const ${MR})) (i32.eq (local.get $cols) (i32.const ${NR})))
      (then
${fullStore}
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
 * Packs op(B)[pc .. pc+kc, jc .. jc+nc] into panels of NR columns, k-major, zero-padding the last
 * panel. B is K×N row-major, or N×K when transposed; (k, j) sits at kStride·k + jStride·j.
 */
function packB({ type }: GemmFlavour): string {
  const { size, NR } = geometry(type);
  return `
  (func $pack_${type} (param $b i32) (param $kStride i32) (param $jStride i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $jr i32) (local $cols i32) (local $k i32) (local $j i32) (local $src i32) (local $at i32)
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
          (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $kc) (i32.const ${NR * size}))))))
      (br_if $panel (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const ${NR}))) (local.get $nc)))))`;
}

/**
 * The exported driver: gemm_<type>(transA, transB, M, N, K, a, b, c, add, pack) with byte
 * addresses; C = op(A)·op(B), or C += when add is 1. M, N, K > 0. `pack` needs
 * KC · ceil(min(N, NC) / NR) · NR elements.
 */
function driver({ type }: GemmFlavour): string {
  const { size, NR, NC } = geometry(type);
  return `
  (func (export "gemm_${type}") (param $transA i32) (param $transB i32) (param $M i32) (param $N i32) (param $K i32)
      (param $a i32) (param $b i32) (param $c i32) (param $add i32) (param $pack i32)
    (local $rs i32) (local $ks i32) (local $bk i32) (local $bj i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $jr i32)
    ;; byte strides of op(A) (row i, step k) and of op(B) (step k, column j)
    (local.set $rs (select (i32.const ${size}) (i32.mul (local.get $K) (i32.const ${size})) (local.get $transA)))
    (local.set $ks (select (i32.mul (local.get $M) (i32.const ${size})) (i32.const ${size}) (local.get $transA)))
    (local.set $bk (select (i32.const ${size}) (i32.mul (local.get $N) (i32.const ${size})) (local.get $transB)))
    (local.set $bj (select (i32.mul (local.get $K) (i32.const ${size})) (i32.const ${size}) (local.get $transB)))
    (loop $columns
      (local.set $nc (select (i32.sub (local.get $N) (local.get $jc)) (i32.const ${NC}) (i32.lt_u (i32.sub (local.get $N) (local.get $jc)) (i32.const ${NC}))))
      (local.set $pc (i32.const 0))
      (loop $depths
        (local.set $kc (select (i32.sub (local.get $K) (local.get $pc)) (i32.const ${KC}) (i32.lt_u (i32.sub (local.get $K) (local.get $pc)) (i32.const ${KC}))))
        (call $pack_${type} (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $bk)) (i32.mul (local.get $jc) (local.get $bj))))
          (local.get $bk) (local.get $bj) (local.get $kc) (local.get $nc) (local.get $pack))
        (local.set $ic (i32.const 0))
        (loop $rows
          (local.set $jr (i32.const 0))
          (loop $panels
            (call $kernel_${type}
              (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $rs)) (i32.mul (local.get $pc) (local.get $ks))))
              (local.get $rs) (local.get $ks) (i32.sub (local.get $M) (local.get $ic))
              (i32.add (local.get $pack) (i32.mul (i32.mul (local.get $jr) (local.get $kc)) (i32.const ${size})))
              (local.get $kc)
              (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $ic) (local.get $N)) (i32.add (local.get $jc) (local.get $jr))) (i32.const ${size})))
              (i32.mul (local.get $N) (i32.const ${size}))
              (i32.sub (local.get $nc) (local.get $jr))
              (i32.or (local.get $add) (local.get $pc)))
            (br_if $panels (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const ${NR}))) (local.get $nc))))
          (br_if $rows (i32.lt_u (local.tee $ic (i32.add (local.get $ic) (i32.const ${MR}))) (local.get $M))))
        (br_if $depths (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (local.get $kc))) (local.get $K))))
      (br_if $columns (i32.lt_u (local.tee $jc (i32.add (local.get $jc) (local.get $nc))) (local.get $N)))))`;
}

/** The whole module: both element types, one memory (its first 256 bytes are the edge tile). */
export function gemmModule(relaxed: boolean): string {
  const flavours: GemmFlavour[] = [{ type: 'f32', relaxed }, { type: 'f64', relaxed }];
  return `(module
  (memory (export "memory") 1)
${flavours.map((f) => microKernel(f) + packB(f) + driver(f)).join('\n')}
)
`;
}
