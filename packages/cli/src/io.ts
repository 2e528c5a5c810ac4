/** Command-line plumbing: usage errors (exit 2), --at values, and writing outputs safely. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { shorten, variableName } from '@chalkgrad/core';
import { checkWritePath, writeFailure, writeFileAtomic } from '@chalkgrad/nn/node';

/**
 * Where relative output paths start: the folder the user ran the command from. `corepack pnpm
 * chalkgrad` runs the bin in the workspace root and leaves the user's folder in INIT_CWD; any other
 * script (the tests under `pnpm test`, `make-docs`) means the paths are the script's own.
 */
export function userDir(): string {
  const viaScript = process.env.npm_lifecycle_event === 'chalkgrad' || process.env.npm_lifecycle_event === 'demo';
  return viaScript && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
}

/** An output path as the user meant it (see `userDir`). */
export function userPath(p: string): string {
  return resolve(userDir(), p);
}

/** An output path from the user's folder, keeping what makes it no file name (empty, a trailing slash) for the check to name. */
function outputPath(p: string): string {
  return p === '' ? '' : userPath(p) + (/[\\/]$/.test(p) ? '/' : '');
}

/** Bad input: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with errors a person understands, and negative numbers as option values (`--lr -0.5`). */
export function parseCommand<O extends Options>(command: string, args: string[], options: O) {
  const joined = negativeValuesJoined(args, options);
  try {
    return parseArgs({ args: joined, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    let msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' ');
    // an argument quoted back is cut (a 100,000-character formula that starts with '--' is read as
    // an option): the user's own long arguments, never the message around them
    for (const arg of new Set(joined.filter((a) => a.length > 60))) msg = msg.split(arg).join(shorten(arg, 60));
    throw new UsageError(`${command}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)} (see chalkgrad ${command} --help)`);
  }
}

const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity)/;

/**
 * `--n -5` as `--n=-5`: parseArgs reads a value that starts with '-' as an option and stops with
 * "argument is ambiguous"; a negative number after an option that takes a value is that value
 * (the command then says whether it is in range).
 */
function negativeValuesJoined(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([^=]+)$/.exec(args[i])?.[1];
    if (name !== undefined && Object.hasOwn(options, name) && options[name].type === 'string' && NEGATIVE_NUMBER.test(args[i + 1] ?? '')) {
      out.push(`${args[i]}=${args[++i]}`);
    } else out.push(args[i]);
  }
  return out;
}

/** Exactly one input file, named by the command's usage. */
export function onePath(command: string, positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command}: give one ${what} (see chalkgrad ${command} --help)`);
  return positionals[0];
}

/** `x=1,w=0.5` → x: 1, w: 0.5 (a Map: a name such as `constructor` is a name like any other). Names as in formulas (`x₁` is `x1`). */
export function parseAt(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!text) return out;
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]*?)\s*=\s*(.*)$/.exec(part);
    const name = m && variableName(m[1]);
    if (!m || !name) throw new UsageError(`--at: '${shorten(part)}' is not of the form name=number (for example x=0.5)`);
    const v = Number(m[2]);
    if (m[2].trim() === '' || !Number.isFinite(v)) throw new UsageError(`--at: ${name} = '${shorten(m[2])}' is not a finite number`);
    if (out.has(name)) throw new UsageError(`--at: ${name} is given twice`);
    out.set(name, v);
  }
  return out;
}

/** `--theme`: light (the default) or dark, for every picture a command writes. */
export function themeOption(text: string | undefined): 'light' | 'dark' {
  if (text === undefined || text === 'light' || text === 'dark') return text ?? 'light';
  throw new UsageError(`--theme: '${text}' is not a theme; use light or dark`);
}

export const THEME_HELP = '  --theme NAME       light (default) or dark: the colours of every picture (both colour-blind-safe)';

export function numberOption(name: string, text: string | undefined, fallback: number, check: (v: number) => boolean = Number.isFinite, what = 'a number'): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !check(v)) throw new UsageError(`--${name}: '${text}' is not ${what}`);
  return v;
}

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
  /** What the file is, for the listing a command prints. */
  what: string;
}

/** Creates the folder, or says clearly why it cannot. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(userPath(dir), { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create the folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Checks up front that each output can be written (a file, or a new one in a writable folder), before any work is done. */
export function checkWritable(paths: readonly (string | undefined)[]): void {
  for (const p of paths) {
    if (p === undefined) continue;
    try {
      checkWritePath(outputPath(p));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
}

/** Writes every file atomically (temporary file, then rename): a failure leaves no half-written file. */
export function writeOutputs(files: readonly OutputFile[]): void {
  for (const f of files) {
    try {
      writeFileAtomic(outputPath(f.path), f.content);
    } catch (e) {
      throw new UsageError(writeFailure(f.path, e));
    }
  }
}
