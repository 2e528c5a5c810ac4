/**
 * `build:post` of chalkgrad: everything chalkgrad offers a web page as ES module files, from the
 * compiled packages:
 * - dist/chalkgrad.browser.js, the one file a page imports;
 * - dist/chalkgrad.graphviz.js beside it, Graphviz (its code and its WebAssembly inlined), which
 *   viz's `import()` of `@hpcc-js/wasm-graphviz` becomes: a relative `import()` resolves against the
 *   importing module's URL, so the browser fetches it from next to the bundle on the first drawing,
 *   and a page that never draws never downloads it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const PKG = join(import.meta.dirname, '..');
const DIST = join(PKG, 'dist');
const GRAPHVIZ_FILE = 'chalkgrad.graphviz.js';
/** Graphviz is viz's dependency, so it is resolved from where viz is. */
const VIZ = dirname(createRequire(import.meta.url).resolve('@chalkgrad/viz/package.json'));

/** The dynamic import of Graphviz points at the sibling file instead of being bundled in. */
const graphvizBeside = {
  name: 'graphviz-beside',
  setup(b) {
    b.onResolve({ filter: /^@hpcc-js\/wasm-graphviz$/ }, (args) => {
      if (args.kind !== 'dynamic-import') throw new Error(`${args.importer} imports Graphviz statically: it would be downloaded with every page`);
      return { path: `./${GRAPHVIZ_FILE}`, external: true };
    });
  },
};

const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, sourcemap: true, legalComments: 'linked', metafile: true, logLevel: 'warning' };

const parts = await Promise.all([
  build({ ...common, entryPoints: [join(DIST, 'index.mjs')], outfile: join(DIST, 'chalkgrad.browser.js'), plugins: [graphvizBeside] }),
  build({ ...common, stdin: { contents: "export * from '@hpcc-js/wasm-graphviz';", resolveDir: VIZ }, outfile: join(DIST, GRAPHVIZ_FILE) }),
]);
for (const { metafile } of parts) {
  for (const [file, { bytes }] of Object.entries(metafile.outputs)) if (file.endsWith('.js')) console.log(`${file.split('/').pop()}: ${(bytes / 1024).toFixed(0)} KiB`);
}
