/**
 * `build:post` of chalkgrad: dist/chalkgrad.browser.js, everything chalkgrad offers a web page in
 * one ES module file, from the compiled packages. Graphviz comes along inlined, behind the
 * `import()` of viz's render.ts: its code and WebAssembly are evaluated and compiled on the first
 * drawing, not when the page loads the file.
 */
import { join } from 'node:path';
import { build } from 'esbuild';

const PKG = join(import.meta.dirname, '..');

const result = await build({
  entryPoints: [join(PKG, 'dist', 'index.mjs')],
  outfile: join(PKG, 'dist', 'chalkgrad.browser.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const out = result.metafile.outputs[Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js'))];
console.log(`chalkgrad.browser.js: ${(out.bytes / 1024).toFixed(0)} KiB`);
