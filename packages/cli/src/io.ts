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

/**
 * `-` as an output file is standard output, as in curl, tar and most mature tools: the file's bytes go
 * there alone, so the command's own text (results, "wrote …") goes to stderr for that run. `run` makes
 * a run's text sink with `startRun`; `checkWritable` (up front) or `writeOutputs` claims stdout.
 */
export const STDOUT = '-';

export const STDOUT_HELP = `An output FILE given as - is standard output (one output at a time; the command's own text then goes to stderr),
as in chalkgrad grad "x^2" --at x=3 --svg - > f.svg`;

type StdoutWriter = (data: string | Uint8Array) => void;
const stdoutState = { claimed: false, terminal: false, write: ((data) => void process.stdout.write(data)) as StdoutWriter };

/**
 * Starts a run: stdout is free again, files for it go to `write` (a terminal if `terminal`: binary
 * files are then refused, as curl does, since their bytes would garble it); returns the sink for the
 * command's text.
 */
export function startRun(out: (s: string) => void, err: (s: string) => void, write: StdoutWriter, terminal = false): (s: string) => void {
  stdoutState.claimed = false;
  stdoutState.terminal = terminal;
  stdoutState.write = write;
  return (s) => (stdoutState.claimed ? err : out)(s);
}

/** Claims stdout for the one output named '-' (`names` say which options or files, for the message). */
function claimStdout(outputs: readonly { name: string; path: string | undefined }[]): void {
  const dashed = outputs.filter((o) => o.path === STDOUT).map((o) => o.name);
  if (dashed.length > 1) throw new UsageError(`only one output can go to standard output ('-'), and ${dashed.slice(0, -1).join(', ')} and ${dashed.at(-1)} all name it; give all but one a file name`);
  if (dashed.length === 1) stdoutState.claimed = true;
}

/** Creates the folder, or says clearly why it cannot. */
export function ensureDir(dir: string): void {
  if (dir === STDOUT) throw new UsageError(`'-' (standard output) takes one file, not a folder of them; name a folder (./- for one called '-')`);
  try {
    mkdirSync(userPath(dir), { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create the folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Checks up front that each output can be written (a file, or a new one in a writable folder), before
 * any work is done; at most one may be '-' (standard output), which from then on holds only that file.
 * `outputs` maps each option (`svg`) to its path.
 */
export function checkWritable(outputs: Readonly<Record<string, string | undefined>>): void {
  claimStdout(Object.entries(outputs).map(([option, path]) => ({ name: `--${option}`, path })));
  for (const p of Object.values(outputs)) {
    if (p === undefined || p === STDOUT) continue;
    try {
      checkWritePath(outputPath(p));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
}

/** Writes every file atomically (temporary file, then rename): a failure leaves no half-written file. '-' is standard output. */
export function writeOutputs(files: readonly OutputFile[]): void {
  claimStdout(files.map((f) => ({ name: `the ${f.what}`, path: f.path })));
  const binary = files.find((f) => f.path === STDOUT && typeof f.content !== 'string');
  if (binary && stdoutState.terminal) throw new UsageError(`the ${binary.what} is binary and standard output is a terminal; redirect it (> file) or pipe it, or give a file name instead of -`);
  for (const f of files) {
    if (f.path === STDOUT) continue;
    try {
      writeFileAtomic(outputPath(f.path), f.content);
    } catch (e) {
      throw new UsageError(writeFailure(f.path, e));
    }
  }
  // last, once every real file is written: a failure above leaves stdout empty
  for (const f of files) if (f.path === STDOUT) stdoutState.write(f.content);
}
