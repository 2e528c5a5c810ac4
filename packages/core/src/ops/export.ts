/**
 * What the op tables say about writing an op for another engine: the ONNX node it becomes and the
 * PyTorch expression that computes it. The exporters in `@chalkgrad/nn` (ONNX files, PyTorch
 * scripts) read these fields of each op entry and know no op by name.
 */

/** An ONNX attribute: `{ i }` an integer, `{ f }` a float, `{ ints }` a list of integers. */
export type OnnxAttribute = { i: number } | { f: number } | { ints: readonly number[] };

/** A constant input stored in the file: axes, shapes and indices (int64), exponents and bounds (float), conditions (bool). */
export interface OnnxConstant {
  type: 'int64' | 'float' | 'bool';
  data: ArrayLike<number>;
  shape: readonly number[];
}

/**
 * The ONNX node of one op: its operator type, its inputs in ONNX order (a number is the op's own
 * input i, anything else a constant), attributes, and `reshape` when ONNX's result must then be
 * reshaped to chalkgrad's (a slice that drops axes).
 */
export interface OnnxNodeSpec {
  op: string;
  inputs: readonly (number | OnnxConstant)[];
  attributes?: Record<string, OnnxAttribute>;
  reshape?: boolean;
}

/** A number as Python source (`float('inf')` for infinity), exact for every double. */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "-float('inf')";
  return Object.is(x, -0) ? '-0.0' : String(x);
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
