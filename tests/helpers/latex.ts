/**
 * Compiling TeX the tests write, and checking that compiling it neither read a file outside the TeX
 * installation nor ran a command. pdflatex's recorder (`-recorder`) lists every file it opened;
 * its log says `runsystem(...)` for every shell command it ran or refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

function installed(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const pdflatex = installed('pdflatex');
if (!pdflatex) console.warn('\n*** pdflatex is NOT installed: the LaTeX compile checks are SKIPPED (.ci/run installs it with apt) ***\n');
const pdftotext = installed('pdftotext');
if (pdflatex && !pdftotext) console.warn('\n*** pdftotext (poppler-utils) is NOT installed: PDFs are not searched for leaked file content (.ci/run installs it) ***\n');

/** `test` when pdflatex is there, else a skipped test (the warning above says so). */
export const withTex = pdflatex ? test : test.skip;

/** Beamer (Debian's texlive-latex-recommended), for the slide exports. */
export const beamer = pdflatex && spawnSync('kpsewhich', ['beamer.cls'], { encoding: 'utf8' }).stdout.trim() !== '';
if (pdflatex && !beamer) console.warn('\n*** beamer.cls is NOT installed: the Beamer compile checks are SKIPPED (.ci/run installs texlive-latex-recommended) ***\n');
export const withBeamer = beamer ? test : test.skip;

/** Where a TeX installation's own files live (Debian's and TeX Live's layouts). */
const TEX_TREES = ['/usr/share/', '/var/lib/texmf/', '/etc/texmf/', '/usr/local/texlive/', '/etc/texlive/'];

export interface Compiled {
  ok: boolean;
  log: string;
  /** Files pdflatex read that are neither in the document's folder nor in the TeX installation. */
  foreignReads: string[];
  /** Shell commands pdflatex ran or was asked to run (`runsystem` lines of the log). */
  commands: string[];
  /** Bitmap (PK) fonts it read: a font with no Type 1 outline, e.g. TS1's, which kpathsea first generates into ~/.texlive*. */
  bitmapFonts: string[];
  /** The PDF's text (pdftotext), or '' without poppler-utils (a warning says so). */
  text: string;
}

/** Compiles `dir/name.tex` with `-halt-on-error` (and `-shell-escape` if asked), recording what it read and ran. */
export function compileTex(dir: string, name: string, { shellEscape = false } = {}): Compiled {
  const args = ['-interaction=nonstopmode', '-halt-on-error', '-recorder', ...(shellEscape ? ['-shell-escape'] : ['-no-shell-escape']), `${name}.tex`];
  const r = spawnSync('pdflatex', args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const log = existsSync(join(dir, `${name}.log`)) ? readFileSync(join(dir, `${name}.log`), 'latin1') : r.stdout;
  const fls = existsSync(join(dir, `${name}.fls`)) ? readFileSync(join(dir, `${name}.fls`), 'utf8') : '';
  const pwd = /^PWD (.*)$/m.exec(fls)?.[1] ?? dir;
  const reads = [...new Set([...fls.matchAll(/^INPUT (.*)$/gm)].map((m) => resolve(pwd, m[1])))];
  const foreignReads = reads.filter((p) => !p.startsWith(resolve(dir) + '/') && !TEX_TREES.some((t) => p.startsWith(t)));
  const commands = [...log.matchAll(/runsystem\((.*?)\)/g)].map((m) => m[1]);
  const bitmapFonts = reads.filter((p) => /\.\d*pk$/.test(p));
  const pdf = join(dir, `${name}.pdf`);
  const ok = r.status === 0 && existsSync(pdf);
  let text = '';
  if (ok && pdftotext) {
    const t = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    if (t.status === 0) text = t.stdout;
  }
  return { ok, log, foreignReads, commands, bitmapFonts, text };
}

/** The lines of a pdflatex log around its first error, for a failure message. */
export function firstError(log: string): string {
  const i = log.indexOf('\n!');
  return i < 0 ? log.slice(-1500) : log.slice(i, i + 800);
}
