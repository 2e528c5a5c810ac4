/**
 * LaTeX to PDF with the system's pdflatex, for `chalkgrad exercise --pdf`: in a temporary folder,
 * without shell escape, run again when longtable asks for it. Node only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class LatexError extends Error {
  override name = 'LatexError';
}

export function latexToPdf(tex: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-latex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), tex);
    for (let run = 0; run < 3; run++) {
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'doc.tex'], { cwd: dir, encoding: 'latin1', timeout: 120_000 });
      if (r.error) throw new LatexError('pdflatex is not installed: install TeX Live (Debian: apt-get install texlive-latex-base texlive-pictures) or compile the .tex files elsewhere');
      const log = readFileSync(join(dir, 'doc.log'), 'latin1');
      if (r.status !== 0) throw new LatexError(`pdflatex failed: ${/^!.*$/m.exec(log)?.[0] ?? `exit code ${r.status}`}`);
      if (!/Rerun LaTeX|Table widths have changed/.test(log)) break;
    }
    return readFileSync(join(dir, 'doc.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
