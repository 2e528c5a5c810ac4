/** Shapes: sizes, strides, broadcasting and axis arguments, with errors that name the op. */

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The most elements a typed array holds in V8 (Node, Chrome): a broadcast past it cannot exist,
 * and is caught before anything tries to allocate it.
 */
export const MAX_ELEMENTS = 2 ** 32;

/**
 * NumPy broadcasting of any number of shapes. A result too big to exist is almost always a
 * column [n,1] met by a row [n] where an elementwise op was meant, so the message says so.
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (let i = 0; i < ndim; i++) {
    for (const s of shapes) {
      const d = s[s.length - ndim + i] ?? 1;
      if (d === 1) continue;
      if (out[i] !== 1 && out[i] !== d) {
        throw new RangeError(`${op}: shapes ${shapes.map(fmtShape).join(' and ')} do not broadcast: axis ${i - ndim} has sizes ${out[i]} and ${d} (sizes must match or be 1)`);
      }
      out[i] = d;
    }
  }
  const size = sizeOf(out);
  if (size > MAX_ELEMENTS) {
    throw new RangeError(
      `${op}: broadcasting ${shapes.map(fmtShape).join(' with ')} would make ${fmtShape(out)}, ${size.toLocaleString('en')} elements (limit ${MAX_ELEMENTS.toLocaleString('en')}); ` +
        'to combine element by element give both the same shape (e.g. reshape a [n,1] column to [n]), or reduce one first',
    );
  }
  return out;
}

/** Strides of `shape` read as the broadcast shape `out`: 0 along broadcast axes. */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const own = stridesOf(shape);
  return out.map((_, i) => {
    const j = shape.length - out.length + i;
    return j < 0 || shape[j] === 1 ? 0 : own[j];
  });
}

/** Sorted distinct non-negative axes; `undefined` means all axes. */
export function normAxes(op: string, axis: number | readonly number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -ndim || a >= ndim) throw new RangeError(`${op}: axis ${a} is out of range for a ${ndim}-d tensor (use -${ndim}..${ndim - 1})`);
    return a < 0 ? a + ndim : a;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

export function normAxis(op: string, axis: number, ndim: number): number {
  return normAxes(op, axis, ndim)[0];
}

/** The shape after reducing `axes`: kept as 1s or dropped. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}
