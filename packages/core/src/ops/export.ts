/**
 * What the op tables say about writing an op for another engine: the ONNX node it becomes and the
 * PyTorch expression that computes it. The exporters in `@chalkgrad/nn` (ONNX files, PyTorch
 * scripts) read these fields of each op entry and know no op by name.
 */

/** An ONNX attribute: `{ i }` an integer, `{ f }` a float, `{ ints }` a list of integers, `{ s }` a string. */
export type OnnxAttribute = { i: number } | { f: number } | { ints: readonly number[] } | { s: string };

/** A constant input stored in the file: axes, shapes and indices (int64), exponents and bounds (float), conditions (bool). */
export interface OnnxConstant {
  type: 'int64' | 'float' | 'bool';
  data: ArrayLike<number>;
  shape: readonly number[];
}

/**
 * The ONNX node of one op: its operator type, its inputs in ONNX order (a number is the op's own
 * input i, `{ flat: i }` that input flattened to 1-d, anything else a constant), attributes, and
 * `reshape` when ONNX's result must then be reshaped to chalkgrad's (a slice that drops axes).
 */
export interface OnnxNodeSpec {
  op: string;
  inputs: readonly (number | { flat: number } | OnnxConstant)[];
  attributes?: Record<string, OnnxAttribute>;
  reshape?: boolean;
}

/** A number as a Python float (`2.0`, `float('inf')`), exact for every double: PyTorch makes a float tensor of it. */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "-float('inf')";
  const s = Object.is(x, -0) ? '-0' : String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** Row-major numbers as a nested Python list of the given shape. */
export function pyList(data: ArrayLike<number>, shape: readonly number[]): string {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const build = (ax: number, off: number): string => {
    if (ax === shape.length) return pyNumber(data[off]);
    return `[${Array.from({ length: shape[ax] }, (_, i) => build(ax + 1, off + i * strides[ax])).join(', ')}]`;
  };
  return build(0, 0);
}

/** Fills a PyTorch template: the whole words `a`, `b`, `k` and `xs` become the given Python text. */
export function fillTorch(template: string, names: { a?: string; b?: string; k?: number; xs?: readonly string[] }): string {
  return template.replace(/\b(a|b|k|xs)\b/g, (w) => {
    if (w === 'k') return pyNumber(names.k ?? 0);
    if (w === 'xs') return `[${(names.xs ?? []).join(', ')}]`;
    return names[w as 'a' | 'b'] ?? w;
  });
}

/**
 * Text as a Python string literal, ASCII only (other characters as \u and \U escapes, a lone
 * surrogate as U+FFFD), so no label can end the string or the line. The one escaper for Python:
 * `@chalkgrad/viz` lists it as `escapePython` beside the other formats'.
 */
export function pyString(s: string): string {
  let out = '"';
  for (const ch of s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}
