/**
 * Writing files so that the user's file is kept as it was meant: a crash never leaves half a file,
 * a symlink stays a link (its target gets the new content), the file keeps its mode, a device, a
 * folder or a file with other hard links is never replaced, and a killed save's temporary file is cleaned up by the next save.
 * Failures are said in words. The CLI writes every output through these.
 */
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';

/** A file could not be written; the message says why in words, `code` is the system's (`ENOENT`). */
export class WriteError extends Error {
  override name = 'WriteError';
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/**
 * Writes atomically: a temporary file beside the target (named for this process and thread, so a
 * killed save's leftover is recognised), flushed to disk, given the target's mode and owner, then
 * renamed over the target.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = writeTarget(path);
  removeStaleTemporaries(target);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${threadId}.tmp`);
  let fd: number | undefined;
  try {
    rmSync(tmp, { force: true });
    fd = openSync(tmp, 'wx', 0o600); // never through a link someone put at the temporary name
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    keepModeAndOwner(fd, target);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was made there (a part of the path is not a folder)
    }
    throw new WriteError(writeFailure(path, e), (e as NodeJS.ErrnoException).code);
  }
}

/**
 * Checks before any work that `path` can be written: a regular file or a new one, in a folder that
 * exists and is writable. Throws the WriteError the write would.
 */
export function checkWritePath(path: string): void {
  const target = writeTarget(path);
  try {
    if (!statSync(dirname(target)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    accessSync(dirname(target), constants.W_OK);
  } catch (e) {
    throw new WriteError(writeFailure(path, e), (e as NodeJS.ErrnoException).code);
  }
}

/**
 * The regular file a write to `path` should replace: `path` itself, or where its symlinks lead
 * (a dangling link makes its target). A folder, a device or a pipe is refused, and so is a file
 * with other hard links: renaming over it would split them silently (the other names keep the old
 * content), and writing in place would give up the all-or-nothing save. Tools disagree here (vim
 * writes in place, sed -i and write-file-atomic split the link, and hard-link snapshots such as
 * rsnapshot's rely on the split), so the user chooses, told how.
 */
function writeTarget(path: string): string {
  if (path === '') throw new WriteError('cannot write a file: no file name given');
  if (path.endsWith('/') || path.endsWith(sep)) throw new WriteError(`cannot write ${path}: the path ends with '${sep}'; give a file name (such as ${join(path, 'model.json')})`);
  let target = resolve(path);
  for (let hops = 0; ; hops++) {
    let st;
    try {
      st = lstatSync(target);
    } catch {
      return target; // a new file (a missing folder is reported when writing)
    }
    if (st.isSymbolicLink()) {
      if (hops === 40) throw new WriteError(`cannot write ${path}: its symbolic links go round in a loop`, 'ELOOP');
      target = resolve(dirname(target), readlinkSync(target));
      continue;
    }
    if (st.isFile() && st.nlink > 1) throw new WriteError(`cannot write ${path}: ${itOrTarget(path, target)} has ${st.nlink} names (hard links to one file); a save writes a new file, so this name would get the new content and the others keep the old. Save under another name, or delete this name first (the other names keep the old file)`, 'EMLINK');
    if (st.isFile()) return realpathSync(target);
    const what = st.isDirectory() ? 'a folder' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new WriteError(`cannot write ${path}: ${itOrTarget(path, target)} is ${what}, not a regular file; choose a file name`, 'EISDIR');
  }
}

const itOrTarget = (path: string, target: string) => (target === resolve(path) ? 'it' : `its link target ${target}`);

/** The new file gets the old one's mode (a 0600 file stays 0600) and, when allowed, owner; a new file 0666 less the umask. */
function keepModeAndOwner(fd: number, target: string): void {
  let st;
  try {
    st = statSync(target);
  } catch {
    fchmodSync(fd, 0o666 & ~process.umask());
    return;
  }
  fchmodSync(fd, st.mode & 0o777);
  try {
    fchownSync(fd, st.uid, st.gid);
  } catch {
    // only root may give a file away: the writer keeps it
  }
}

/** Removes `.<name>.<pid>.tmp` files of this target left by saves that were killed (their process is gone). */
function removeStaleTemporaries(target: string): void {
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return; // the write reports the folder's problem
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)(?:\.\d+)?\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !isRunning(Number(m[1]))) rmSync(join(dirname(target), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why writing `path` failed, in words. */
export function writeFailure(path: string, e: unknown): string {
  if (e instanceof WriteError) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  const dir = dirname(resolve(path));
  const why =
    code === 'ENOENT' ? `the folder ${dir} does not exist`
    : code === 'ENOTDIR' ? `${notAFolder(dir)} is a file, not a folder`
    : code === 'EACCES' || code === 'EPERM' ? `permission denied: the folder ${dir} or the file is not writable`
    : code === 'EROFS' ? `${dir} is on a read-only file system`
    : code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full'
    : code === 'EISDIR' ? `${path} is a folder`
    : code === 'ENAMETOOLONG' ? 'the file name is too long'
    : code ?? (e as Error).message;
  return `cannot write ${path}: ${why}`;
}

/** The first part of `dir` that exists but is not a folder (for ENOTDIR). */
function notAFolder(dir: string): string {
  let p = dir;
  for (;;) {
    const up = dirname(p);
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // missing: look further up
    }
    if (up === p) return dir;
    p = up;
  }
}
