/** The IDX and CSV parsers of `data/readers.ts`, reading from paths. */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../data/datasets';
import { parseCsv, parseMnist } from '../data/readers';

/** MNIST-style images and labels (IDX files) as a Dataset; pixels scaled to [0, 1] when `scale`. */
export function readMnist(imagesPath: string, labelsPath: string, options: { scale?: boolean; limit?: number } = {}): Dataset {
  return parseMnist(readFileSync(imagesPath), readFileSync(labelsPath), { ...options, names: [imagesPath, labelsPath] });
}

/** Numeric CSV from a file: a header line, then rows; `label` names the target column (default: the last). */
export function readCsv(path: string, options: { label?: string } = {}): Dataset & { columns: string[] } {
  return parseCsv(readFileSync(path, 'utf8'), { ...options, name: path });
}
