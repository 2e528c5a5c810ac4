/**
 * The compiled packages in the workspace (`corepack pnpm build` first), as Node resolves them without
 * the `source` condition: every entry loads as CommonJS and as an ES module, and the compiled
 * command answers. The packed-and-installed packages are tested in install.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const PACKAGES = join(ROOT, 'packages');

const manifests = readdirSync(PACKAGES)
  .filter((d) => existsSync(join(PACKAGES, d, 'package.json')))
  .map((d) => ({ dir: join(PACKAGES, d), ...JSON.parse(readFileSync(join(PACKAGES, d, 'package.json'), 'utf8')) }));

/** `@chalkgrad/nn`, `@chalkgrad/nn/node`, ...: every subpath the exports maps offer. */
const specifiers = manifests.flatMap((m) => Object.keys(m.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? m.name : `${m.name}/${k.slice(2)}`)));

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });

beforeAll(() => {
  const missing = manifests.filter((m) => !existsSync(join(m.dir, 'dist'))).map((m) => m.name);
  if (missing.length) throw new Error(`no build of ${missing.join(', ')}: run \`corepack pnpm build\` first`);
});

test.each(specifiers)('%s loads as CommonJS and as an ES module, with the same names', (spec) => {
  const cjs = node(['-e', `console.log(Object.keys(require(${JSON.stringify(spec)})).sort().join(' '))`]).trim();
  const esm = node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(spec)}); console.log(Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').sort().join(' '))`]).trim();
  expect(cjs).not.toBe('');
  expect(esm).toBe(cjs);
});

test('the compiled command answers without TypeScript', () => {
  const bin = join(PACKAGES, 'chalkgrad', 'bin', 'chalkgrad.js');
  const out = node(['--require', join(__dirname, 'helpers', 'forbid-typescript.cjs'), bin, 'grad', 'x*y', '--at', 'x=2,y=3']);
  expect(out).toContain('∂f/∂x = 3');
  expect(out).toContain('∂f/∂y = 2');
});

test('the compiled command writes the built lesson page, found in @chalkgrad/lesson/dist/page', () => {
  const bin = join(PACKAGES, 'chalkgrad', 'bin', 'chalkgrad.js');
  const out = mkdtempSync(join(tmpdir(), 'chalkgrad-lesson-built-'));
  const { CHALKGRAD_LESSON_PAGE: _fromSources, ...env } = process.env;
  execFileSync(process.execPath, [bin, 'lesson', '--out', join(out, 'site')], { cwd: ROOT, encoding: 'utf8', env: { ...env, CI: 'true' } });
  for (const f of ['index.html', 'app.js', 'worker.js', 'style.css']) expect(readFileSync(join(out, 'site', f))).toEqual(readFileSync(join(PACKAGES, 'lesson', 'dist', 'page', f)));
});

test('the compiled core multiplies on its WebAssembly kernels, as CommonJS and as an ES module', () => {
  const show = 'JSON.stringify([m.kernelInfo().gemm, Array.from(m.tensor([[1, 2], [3, 4]], { dtype: "float32" }).matmul(m.eye(2, 2, { dtype: "float32" })).data)])';
  const cjs = node(['-e', `const m = require('@chalkgrad/core'); console.log(${show})`]).trim();
  const esm = node(['--input-type=module', '-e', `const m = await import('@chalkgrad/core'); console.log(${show})`]).trim();
  for (const out of [cjs, esm]) expect(JSON.parse(out)).toEqual([expect.stringMatching(/^wasm-/), [1, 2, 3, 4]]);
});
