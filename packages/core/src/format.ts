/** Number and table formatting shared by the printed reports (gradcheck, trace). */

/** A number in at most `digits` significant digits, without trailing zeros; integers as they are. */
export function fmt(x: number, digits = 6): string {
  // The common paths read no global (Number, Math, String): in a sandbox such as jest's each global
  // lookup is a call into C++ (about 0.4 µs), and a trace of a million edges formats three million numbers.
  if (x - x !== 0) return `${x}`; // NaN or ±Infinity
  const a = x < 0 ? -x : x;
  if (a < 1e15 && x % 1 === 0) return `${x}`;
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(Math.max(0, digits - 3)).replace(/\.?0+e/, 'e');
  return `${+x.toPrecision(digits)}`;
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

/** Rows as a list, or made on demand: a function that yields them afresh on each call. */
export type TableRows = readonly (readonly string[])[] | (() => Iterable<readonly string[]>);

/**
 * Lines of an aligned text table. Numeric-looking cells are right-aligned; a column of blanks
 * still keeps its header width. Big tables (a trace of a million edges) give their rows as a
 * function: one pass over them finds the widths, a second writes the lines, and no row outlives
 * its line. Kept rows and per-cell strings made the garbage collector most of the time.
 */
export function textTable(headers: readonly string[], rows: TableRows): string {
  const each = typeof rows === 'function' ? rows : () => rows;
  const widths = headers.map(width);
  const numeric = headers.map(() => false);
  let count = 0;
  for (const r of each()) {
    if (count++ === 0) numeric.fill(true);
    for (let c = 0; c < headers.length; c++) {
      const cell = r[c] ?? '';
      const w = width(cell);
      if (w > widths[c]) widths[c] = w;
      if (numeric[c] && cell !== '' && !(NUMBER_LIKE.test(cell) && /\d/.test(cell))) numeric[c] = false;
    }
  }
  const line = (cells: readonly string[]): string => {
    let s = '';
    for (let c = 0; c < headers.length; c++) {
      const cell = cells[c] ?? '';
      const fill = spaces(widths[c] - width(cell));
      s += (c > 0 ? '  ' : '') + (numeric[c] ? fill + cell : cell + fill);
    }
    return s.trimEnd();
  };
  // joined a few thousand lines at a time: a chunk is one big string in the large-object space,
  // which the young-generation collector never copies, where a million small lines would be
  const chunks = [line(headers), widths.map((w) => '─'.repeat(w)).join('  ')];
  let lines: string[] = [];
  for (const r of each()) {
    lines.push(line(r));
    if (lines.length === CHUNK) {
      chunks.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length) chunks.push(lines.join('\n'));
  return chunks.join('\n');
}

const CHUNK = 4096;
const NUMBER_LIKE = /^[-+\d.e∞NIa ]*$/i;
const SPACES: string[] = [''];

/** `n` spaces (none for n ≤ 0); the usual widths made once. */
function spaces(n: number): string {
  if (n <= 0) return '';
  if (n > 256) return ' '.repeat(n);
  for (let k = SPACES.length; k <= n; k++) SPACES[k] = SPACES[k - 1] + ' ';
  return SPACES[n];
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

