/**
 * Every hostile label of the catalogue against every output format: DOT and SVG (well-formed XML that
 * resvg accepts, no markup from the label), the step-by-step HTML, Markdown (one row per line, the
 * cells intact, no raw HTML), plots and the architecture diagram, and TeX (the trace and TikZ for
 * Value and Tensor graphs) compiled with pdflatex without and with -shell-escape, checking that
 * compiling neither read the canary file nor ran a command.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, tensor, trace } from '@chalkgrad/core';
import {
  Panel, architectureSvg, architectureTikz, figure, framesHtml, layout, renderSvg, toDot, toTikz, traceFrames, traceToLatex, traceToMarkdown,
  escapeDot, escapeMarkdown, escapeTex, escapeTexMath, escapeXml,
} from '@chalkgrad/viz';
import { svgToPng } from '@chalkgrad/viz/node';
import { CANARY_TEXT, hostileLabels } from '../helpers/hostile';
import { compileTex, firstError, withTex } from '../helpers/latex';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-hostile-'));
const canary = join(mkdtempSync(join(tmpdir(), 'chalkgrad-canary-')), 'canary.tex');
writeFileSync(canary, `${CANARY_TEXT}\n`);
const LABELS = hostileLabels(canary);

/** A small graph where the label names a leaf, an op node and (with a dot) a cluster. */
function labelled(label: string): Value {
  const x = new Value(2, label);
  const y = x.mul(new Value(-1, 'k')).named(`${label}·k`).tanh().named('L');
  y.backward();
  return y;
}

/** Markdown table cells split at unescaped pipes. */
const cells = (row: string) => row.split(/(?<!\\)\|/).length;

describe('hostile labels in every output format', () => {
  test.each(LABELS.map((l) => [JSON.stringify(l).slice(0, 50), l]))('%s', async (_name, label) => {
    const y = labelled(label);
    const dot = toDot(y, { edgeLabels: { formula: true, flow: true }, legend: true, title: label, cluster: 'prefix' });
    const svg = await renderSvg(dot);
    expect(() => svgToPng(svg, 0.2)).not.toThrow(); // resvg parses strict XML
    expect(svg).not.toMatch(/<(script|img|B)\b|<[^>]*\sonerror=/i);
    await expect(layout(dot)).resolves.toBeDefined(); // Graphviz's JSON (toTikz reads it) parses

    const html = await framesHtml(traceFrames(y), label);
    expect((html.match(/<script/g) ?? []).length).toBe(1); // only the page's own
    expect(html).not.toMatch(/<img\b|<[^>]*\sonerror=/i);

    const md = traceToMarkdown(trace(y)).trim().split('\n');
    expect(md.length).toBe(2 + trace(y).steps.reduce((n, s) => n + s.edges.length, 0));
    for (const row of md) expect(cells(row)).toBe(cells(md[0]));
    expect(md.join('\n')).not.toMatch(/(?<!\\)<(?!\/?br)|(?<!\\)&(?![a-z]+;)/);

    const plot = figure([new Panel({ title: label, xlabel: label, ylabel: label }).line([0, 1], [0, 1], { label })], { title: label });
    expect(() => svgToPng(plot, 0.2)).not.toThrow();
    const arch = architectureSvg([{ weights: [[1, -1]], name: label }], { title: label });
    expect(() => svgToPng(arch, 0.2)).not.toThrow();
  });

  test('each escaping function leaves no character its format would interpret', () => {
    for (const s of LABELS) {
      expect(escapeXml(s)).not.toMatch(/[<>"'\x00-\x08\x0b\x0c\x0e-\x1f]|&(?!(amp|lt|gt|quot|#39);)/);
      expect(escapeDot(s)).not.toMatch(/[\n\r]|<(?!BR\/>)/);
      expect(escapeMarkdown(s)).not.toMatch(/[\n\r]|(?<!\\)[<>|`*_[\]$&]/);
      for (const tex of [escapeTex(s), escapeTexMath(s)]) {
        expect(tex).toMatch(/^[\x20-\x7e]*$/); // printable ASCII only: no ^^ notation, no blank line, no NUL
        expect(tex.replace(/\\\\/g, '').replace(/(\{\}|\\ensuremath\{)[\^_]\{/g, '')).not.toMatch(/(?<!\\)[$%#&~^]|\\(input|include|write|immediate|openin|def|catcode|csname|end|verb)\b/);
      }
    }
  });
});

withTex('the compile check sees a file read and a command run (so its silence below means something)', () => {
  writeFileSync(join(dir, 'attack.tex'), `\\documentclass{article}\\begin{document}\\input{${canary}}\\immediate\\write18{touch PWNED}\\end{document}\n`);
  const r = compileTex(dir, 'attack', { shellEscape: true });
  expect(r.foreignReads).toEqual([canary]);
  expect(r.commands).toEqual(['touch PWNED']);
  expect(r.text).toContain(CANARY_TEXT);
  rmSync(join(dir, 'PWNED'));
}, 60_000);

withTex('every hostile label compiles in the TeX trace and TikZ (Value and Tensor), and nothing is read or run', async () => {
  const leaves = LABELS.map((l, i) => new Value(i % 3 - 1, l));
  const y = Value.sum(leaves.map((v) => v.mul(v).named(`${v.label}²`))).named('y');
  y.backward();
  const T = tensor([1, -2], { requiresGrad: true, label: LABELS.join(' ') });
  const L = T.tanh().named(LABELS.slice(0, 40).join('')).sum().named('L');
  L.backward();
  const docs: Record<string, string> = {
    trace: `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${traceToLatex(trace(y))}\\end{document}\n`,
    tikzValue: await toTikz(y),
    tikzTensor: await toTikz(L),
    tikzNetwork: architectureTikz([{ weights: [[1, -1], [0.5, 2]], grads: [[0.1, -0.2], [0, 3]], name: LABELS.slice(0, 40).join('') }], { title: LABELS.slice(0, 40).join(''), showGradients: true }),
  };
  for (const [name, tex] of Object.entries(docs)) {
    writeFileSync(join(dir, `${name}.tex`), tex);
    for (const shellEscape of [false, true]) {
      const r = compileTex(dir, name, { shellEscape });
      if (!r.ok) throw new Error(`${name}.tex (shell escape ${shellEscape}) does not compile:\n${firstError(r.log)}`);
      expect(r.foreignReads).toEqual([]);
      expect(r.commands).toEqual([]);
      expect(r.text).not.toContain(CANARY_TEXT);
      expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    }
  }
}, 120_000);

withTex('TeX math escapes compile with outline fonts only and print each special character', () => {
  const specials = 'a^2 b_1 c~d e$f g&h i#j k%l {m} n\\o';
  writeFileSync(join(dir, 'specials.tex'), `\\documentclass{article}\n\\begin{document}\n$\\mathrm{${escapeTexMath(specials)}}$\n\\end{document}\n`);
  const c = compileTex(dir, 'specials');
  expect(c.ok).toBe(true);
  expect(c.bitmapFonts).toEqual([]);
  // pdftotext reads the circumflex as ˆ (U+02C6) and drops the underscore's rule, which OT1 draws
  if (c.text) expect(c.text.replace(/\s+/g, '')).toMatch(/^a[\^ˆ]2b_?1c∼de\$fg&hi#jk%l\{m\}n\\o/);
});
