/**
 * Models to and from files. Saving writes a temporary file next to the target and renames it, so a
 * crash never leaves half a file and never destroys the previous one.
 */
import { readFileSync } from 'node:fs';
import { ModelFileError, modelFromJSON, modelToJSON } from '../io/serialize';
import type { MLP } from '../scalar/models';
import type { Sequential } from '../tensor/modules';
import { writeFileAtomic } from './files';

export function saveModel(model: Sequential | MLP, path: string): void {
  writeFileAtomic(path, JSON.stringify(modelToJSON(model)));
}

export function loadModel(path: string): Sequential | MLP {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ModelFileError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return modelFromJSON(raw, path);
}
