/**
 * Parsers for the MNIST IDX format and for numeric CSV. They parse the bytes or text they are given
 * and say exactly what is wrong with a bad file (nothing is downloaded). Reading them from paths is
 * `readMnist`/`readCsv` in `@chalkgrad/nn/node`.
 */
import { extent } from '@chalkgrad/core';
import type { Dataset } from './datasets';

const IDX_TYPES: Record<number, { size: number; read: (v: DataView, o: number) => number; name: string }> = {
  0x08: { size: 1, read: (v, o) => v.getUint8(o), name: 'uint8' },
  0x09: { size: 1, read: (v, o) => v.getInt8(o), name: 'int8' },
  0x0b: { size: 2, read: (v, o) => v.getInt16(o, false), name: 'int16' },
  0x0c: { size: 4, read: (v, o) => v.getInt32(o, false), name: 'int32' },
  0x0d: { size: 4, read: (v, o) => v.getFloat32(o, false), name: 'float32' },
  0x0e: { size: 8, read: (v, o) => v.getFloat64(o, false), name: 'float64' },
};

export interface IdxArray {
  shape: number[];
  data: Float64Array;
}

/** Parses an IDX file (big-endian: two zero bytes, a type code, the rank, the sizes, the data). */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new Error(`${name}: not an IDX file (it must start with two zero bytes)`);
  const type = IDX_TYPES[bytes[2]];
  if (!type) throw new Error(`${name}: unknown IDX element type 0x${bytes[2].toString(16)}`);
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new Error(`${name}: the header promises ${rank} dimensions but the file ends after ${bytes.length} bytes`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const n = shape.reduce((a, b) => a * b, 1);
  const expected = header + n * type.size;
  if (bytes.length !== expected) throw new Error(`${name}: shape [${shape}] of ${type.name} needs ${expected} bytes, the file has ${bytes.length}`);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = type.read(view, header + i * type.size);
  return { shape, data };
}

/**
 * MNIST-style images and labels (the bytes of two IDX files) as a Dataset; pixels scaled to [0, 1]
 * unless `scale` is false. `names` name the two files in error messages.
 */
export function parseMnist(imageBytes: Uint8Array, labelBytes: Uint8Array, options: { scale?: boolean; limit?: number; names?: [string, string] } = {}): Dataset {
  const [imagesName, labelsName] = options.names ?? ['MNIST images', 'MNIST labels'];
  const images = parseIdx(imageBytes, imagesName);
  const labels = parseIdx(labelBytes, labelsName);
  if (images.shape.length < 2) throw new Error(`${imagesName}: expected images [count, rows, cols], got shape [${images.shape}]`);
  if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) throw new Error(`${labelsName}: ${labels.shape[0]} labels for ${images.shape[0]} images`);
  const count = Math.min(images.shape[0], options.limit ?? Infinity);
  const per = images.data.length / images.shape[0];
  const scale = options.scale === false ? 1 : 1 / 255;
  const X = Array.from({ length: count }, (_, i) => Array.from(images.data.subarray(i * per, (i + 1) * per), (v) => v * scale));
  const y = Array.from(labels.data.subarray(0, count));
  return { name: 'mnist', X, y, classes: extent(y)[1] + 1 };
}

/** Numeric CSV: a header line, then rows; `label` names the target column (default: the last). */
export function parseCsv(text: string, options: { label?: string; name?: string } = {}): Dataset & { columns: string[] } {
  const name = options.name ?? 'CSV';
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error(`${name}: needs a header line and at least one row`);
  const columns = lines[0].split(',').map((c) => c.trim());
  const labelCol = options.label === undefined ? columns.length - 1 : columns.indexOf(options.label);
  if (labelCol < 0) throw new Error(`${name}: no column named '${options.label}'; columns: ${columns.join(', ')}`);
  const X: number[][] = [];
  const y: number[] = [];
  lines.slice(1).forEach((line, r) => {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== columns.length) throw new Error(`${name}: line ${r + 2} has ${cells.length} fields, the header has ${columns.length}`);
    const nums = cells.map((c, k) => {
      const v = Number(c);
      if (c === '' || !Number.isFinite(v)) throw new Error(`${name}: line ${r + 2}, column '${columns[k]}': '${c}' is not a number`);
      return v;
    });
    y.push(nums[labelCol]);
    X.push(nums.filter((_, k) => k !== labelCol));
  });
  const integral = y.every((v) => Number.isInteger(v) && v >= 0);
  return { name, X, y, classes: integral ? extent(y)[1] + 1 : 0, columns: columns.filter((_, k) => k !== labelCol) };
}
