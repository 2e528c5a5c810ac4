/**
 * Writing files so that a crash never leaves half a file, and saying in words why a write failed.
 * The CLI writes every output through these.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Writes atomically: a temporary file in the same folder, then a rename over the target. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new WriteError(writeFailure(path, e), (e as NodeJS.ErrnoException).code);
  }
}

/** A file could not be written; the message says why in words, `code` is the system's (`ENOENT`). */
export class WriteError extends Error {
  override name = 'WriteError';
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** Why writing `path` failed, in words: ENOENT here means a missing folder, not a missing file. */
export function writeFailure(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const dir = dirname(resolve(path));
  const why =
    code === 'ENOENT' ? `the folder ${dir} does not exist`
    : code === 'ENOTDIR' ? `${dir} is not a folder`
    : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `the folder ${dir} is not writable (${code})`
    : code === 'EISDIR' ? `${path} is a folder`
    : code ?? (e as Error).message;
  return `cannot write ${path}: ${why}`;
}
