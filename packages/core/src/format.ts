/** Number and table formatting shared by the printed reports (gradcheck, trace). */

/** A number in at most `digits` significant digits, without trailing zeros; integers as they are. */
export function fmt(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(Math.max(0, digits - 3)).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/** A number as a factor of a product: a negative one in parentheses (`0.0025 × (-1)`, not `0.0025 × -1`). */
export function fmtFactor(x: number, digits = 6): string {
  return x < 0 ? `(${fmt(x, digits)})` : fmt(x, digits);
}

/** Text for a message, cut to `max` characters with `…`: a message must not repeat a huge input. */
export function shorten(s: string, max = 40): string {
  return s.length <= max ? s : `${[...s.slice(0, max - 1)].join('')}…`;
}

/** What a wrong argument was, for an error message: `string "a"`, `undefined`, `array [1,2]`, `number 3`. */
export function describeArg(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `array ${JSON.stringify(x).slice(0, 40)}`;
  if (typeof x === 'string') return `string ${JSON.stringify(x.slice(0, 40))}`;
  if (typeof x === 'object' || typeof x === 'function') return `${typeof x} ${x.constructor?.name ?? ''}`.trimEnd();
  return `${typeof x} ${String(x)}`;
}

/** An error size such as `3.1e-11`. */
export function fmtError(x: number): string {
  return x === 0 ? '0' : x.toExponential(1);
}

/**
 * Lines of an aligned text table. Numeric-looking cells are right-aligned; a column of blanks
 * still keeps its header width.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => rows.reduce((w, r) => Math.max(w, width(r[c] ?? '')), width(h)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((r) => /^[-+\d.e∞NIa ]*$/i.test(r[c] ?? '') && /\d|^$/.test(r[c] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (numeric[c] ? pad(cell, widths[c], true) : pad(cell, widths[c], false))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: code points, so `∂` and `σ` count as one (UTF-16 units less the second halves of pairs). */
function width(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}
