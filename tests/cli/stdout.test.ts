/** `-` as an output file is standard output: the file alone on stdout, the command's text on stderr. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { commandFromSources } from './helpers';

/** The command in a fresh folder, stdout kept as bytes (a PNG is no UTF-8). */
function chalkgradBytes(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'chalkgrad-stdout-'));
  const r = spawnSync(process.execPath, [commandFromSources(), ...args], { cwd, env: { ...process.env, CI: 'true' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8'), files: readdirSync(cwd) };
}

const GRAD = ['grad', 'tanh(w*x + b)', '--at', 'x=1,w=0.5,b=0'];

describe('an output file named - is standard output', () => {
  test('--svg - writes one well-formed SVG to stdout, the results to stderr, and no file', () => {
    const r = chalkgradBytes([...GRAD, '--svg', '-']);
    expect(r.code).toBe(0);
    const svg = r.stdout.toString('utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<svg[\s>]/g)).toHaveLength(1);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toContain('∂f/∂x =');
    expect(r.stderr).toContain('∂f/∂x =');
    expect(r.stderr).toContain('wrote -');
    expect(r.files).toEqual([]);
  });

  test('--png - writes PNG bytes, and another output still goes to its file', () => {
    const r = chalkgradBytes([...GRAD, '--png', '-', '--dot', 'g.dot']);
    expect(r.code).toBe(0);
    expect([...r.stdout.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(r.stdout.subarray(-8, -4).toString('latin1')).toBe('IEND');
    expect(r.files).toEqual(['g.dot']);
  });

  test('two outputs named - are refused with one line, exit 2, nothing written', () => {
    const r = chalkgradBytes([...GRAD, '--svg', '-', '--dot', 'g.dot', '--tex', '-']);
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--svg and --tex/);
    expect(r.files).toEqual([]);
  });

  test('a folder option refuses -, and the cheat-sheet goes to stdout with --out -', () => {
    const folder = chalkgradBytes([...GRAD, '--png-steps', '-']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/not a folder/);
    expect(folder.files).toEqual([]);
    const sheet = chalkgradBytes(['cheatsheet', '--out', '-']);
    expect(sheet.code).toBe(0);
    expect(sheet.stdout.toString('utf8')).toMatch(/^#/);
    expect(sheet.stderr).toContain('wrote -');
  });
});

// util-linux's `script` runs the command on a pseudo-terminal, as a user at a prompt would
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.warn('\n*** script (util-linux) is NOT installed: the terminal check of --png - is SKIPPED ***\n');

(hasScript ? test : test.skip)('binary to a terminal is refused (it would garble it); text to a terminal is written', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'chalkgrad-tty-'));
  const onTerminal = (args: string[]) => {
    const command = [process.execPath, commandFromSources(), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, env: { ...process.env, CI: 'true' }, timeout: 120_000 });
    return { code: r.status, out: r.stdout.toString('latin1') };
  };
  const png = onTerminal([...GRAD, '--png', '-']);
  expect(png.code).toBe(2);
  expect(png.out).toContain('is binary and standard output is a terminal');
  expect(png.out).not.toContain('\x89PNG');
  const svg = onTerminal([...GRAD, '--svg', '-']);
  expect(svg.code).toBe(0);
  expect(svg.out).toContain('</svg>');
  expect(readdirSync(cwd)).toEqual([]);
});
