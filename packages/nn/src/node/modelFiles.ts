/**
 * Models to and from files. Saving goes through writeFileAtomic (a crash never leaves half a file,
 * links, modes and devices are respected); loading refuses a file that is too big or too deep
 * before parsing it and checks every claimed size before allocating.
 */
import { readFileSync, statSync } from 'node:fs';
import { shorten } from '@chalkgrad/core';
import { ModelFileError, modelFromJSON, modelToJSON } from '../io/serialize';
import type { MLP } from '../scalar/models';
import type { Sequential } from '../tensor/modules';
import { writeFileAtomic } from './files';

export function saveModel(model: Sequential | MLP, path: string): void {
  writeFileAtomic(path, JSON.stringify(modelToJSON(model)));
}

/** Larger than any model a JSON file should hold, and near the longest string V8 makes (512 MiB). */
const MAX_BYTES = 256 * 2 ** 20;
/** A model file nests four levels ({ weights: { name: { data: [...] } } }); anything much deeper is not one. */
const MAX_DEPTH = 16;

/**
 * A model file's bytes (JSON or ONNX), refusing a folder or a file over MAX_BYTES before reading it;
 * `error` makes the error of the caller's kind from a message that names the file.
 */
export function readModelBytes(path: string, error: (message: string) => Error): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw error(`${path}: ${readFailure(e)}`);
  }
  if (size > MAX_BYTES) throw error(`${path}: the file is ${(size / 2 ** 20).toFixed(0)} MiB; a model file is at most ${MAX_BYTES / 2 ** 20} MiB`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw error(`${path}: ${readFailure(e)}`);
  }
}

/** Loads a model saved by saveModel, checking the file before anything is allocated for it. */
export function loadModel(path: string): Sequential | MLP {
  let text = readModelBytes(path, (m) => new ModelFileError(m)).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark some editors add
  const depth = nesting(text);
  if (depth > MAX_DEPTH) throw new ModelFileError(`${path}: nested ${depth.toLocaleString('en')} levels deep; a model file nests at most ${MAX_DEPTH}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`${path}: not valid JSON (${shorten((e as Error).message, 120)})`);
  }
  return modelFromJSON(raw, path);
}

/** Why reading failed, in words. */
function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'it is a folder, not a file'
    : code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})`
    : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder'
    : `cannot read the file (${code ?? (e as Error).message})`;
}

/** The deepest nesting of brackets and braces in JSON text, strings skipped, in one pass. */
function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
