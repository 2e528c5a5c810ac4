/**
 * A tensor changed in place between the forward pass and backward gives the VJPs that read it the
 * wrong numbers: `h = x.mul(2); y = h.mul(h).sum(); h.data[0] = 100; y.backward()` would give
 * x.grad[0] = 400 instead of 8. PyTorch catches this with a version counter that its in-place ops
 * bump and that backward compares with the version saved when the op was recorded. A counter would
 * see nothing here: `data` is a plain typed array users write into directly, and chalkgrad has no
 * in-place ops of its own to bump one. So what the VJPs read is kept or checked by its numbers,
 * and only that (the op table's `reads`):
 * - a leaf (data, parameters) is copied at the forward pass (`frozenCopy`): its `data` is the
 *   user's to change, and backward uses the numbers the forward pass used, as a Value graph does.
 *   createGraph differentiates through the leaf itself, so there the copy is compared with it.
 * - an op's result (an intermediate tensor) is summed when the op that reads it is recorded (its
 *   own op, for tanh's 1 − y², or a later one, for mul's other factor); backward sums it again
 *   before that VJP runs and names the change. A change made before the reading op was recorded is
 *   no change to it (that op saw the new numbers), as with PyTorch's counter.
 * Summing costs one pass over each tensor read, at forward and at backward, far less than copying.
 */
import { fmtShape } from './shape';
import { CHECKSUM_WORDS } from './kernels';
import { kernels } from './registry';
import type { Read } from './ops';
import type { Tensor } from './tensor';
import { tensorName } from './trace';

/** Checksums of the intermediate tensors an op node's VJPs read (`checksum` of kernels.ts), CHECKSUM_WORDS each. */
export interface SavedSums {
  tensors: Tensor[];
  sums: Int32Array;
}

/**
 * The sums of the intermediate tensors among `read` (one flag per input, then one for `out`), or
 * null when a VJP reads none (leaves are copied instead; see `savedInputs`).
 */
export function sumsOfReads(inputs: readonly Tensor[], out: Tensor, read: readonly boolean[]): SavedSums | null {
  const tensors: Tensor[] = [];
  read.forEach((r, k) => {
    const t = k < inputs.length ? inputs[k] : out;
    if (r && t.fn !== null && !tensors.includes(t)) tensors.push(t);
  });
  if (tensors.length === 0) return null;
  const sums = new Int32Array(CHECKSUM_WORDS * tensors.length);
  tensors.forEach((t, k) => kernels.checksum(t.data, sums, CHECKSUM_WORDS * k));
  return { tensors, sums };
}

/** Per input and then `out`: does a VJP that will run (one for an input needing a gradient) read it. */
export function readFlags(reads: ((i: number) => readonly Read[]) | undefined, inputs: readonly Tensor[]): boolean[] {
  const read = new Array<boolean>(inputs.length + 1).fill(false);
  inputs.forEach((t, j) => {
    if (!t.requiresGrad) return;
    if (reads === undefined) read.fill(true);
    else for (const k of reads(j)) read[k === 'out' ? inputs.length : k] = true;
  });
  return read;
}

const scratch = new Int32Array(CHECKSUM_WORDS);

/**
 * Before `node`'s VJPs run: every intermediate tensor they read still holds the numbers it had when
 * the op was recorded; with `createGraph` (which reads the leaves themselves), every leaf too.
 */
export function checkSaved(node: Tensor, createGraph: boolean): void {
  const saved = node.savedSums;
  if (saved !== null) {
    saved.tensors.forEach((t, k) => {
      kernels.checksum(t.data, scratch, 0);
      for (let w = 0; w < CHECKSUM_WORDS; w++) if (scratch[w] !== saved.sums[CHECKSUM_WORDS * k + w]) throw changed(t, node, '');
    });
  }
  if (createGraph) checkLeaves(node);
}

/** createGraph differentiates through the leaves themselves, not their copies: a changed one is named. */
function checkLeaves(node: Tensor): void {
  node.inputs.forEach((x, k) => {
    const before = node.savedInputs[k].data;
    if (before === x.data) return;
    const i = before.findIndex((v, j) => !Object.is(v, x.data[j]));
    if (i >= 0) throw changed(x, node, ` (element ${i}: ${before[i]} → ${x.data[i]})`);
  });
}

/** Named as diagrams and traces name them (`h`, `x ⊙ 2`), with the op's name and id. */
function changed(t: Tensor, node: Tensor, where: string): RangeError {
  const op = `${node.op}#${node.id}`;
  const whose = t === node ? `${op} computed it` : `the forward pass of ${op} (${tensorName(node)}) used it`;
  const name = `${tensorName(t)} ${fmtShape(t.shape)}`;
  const fix = t.fn === null
    ? 'grad with createGraph needs it as it was: run the forward pass again after changing it'
    : `the gradient of ${node.op} needs the numbers it had: change a copy instead (new Tensor(t.data.slice(), t.shape)), or run the forward pass again after changing it`;
  return new RangeError(`${name} was changed in place after ${whose}${where}; ${fix}`);
}
