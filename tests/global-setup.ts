/**
 * Before the tests: the chalkgrad command bundled from the TypeScript sources (the `source` export
 * condition) by esbuild, for the tests that run it in a child process (tests/cli/helpers.ts). It
 * never tests a stale build, and a call starts in about 0.2 s where ts-node takes over a second.
 * tests/packaging runs the compiled package's own bin.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { type Plugin, build } from 'esbuild';

const ROOT = join(__dirname, '..');

/** Our packages are bundled; npm packages are imported from where they are installed (Graphviz's wasm, resvg's addon). */
const npmPackagesInPlace: Plugin = {
  name: 'npm-packages-in-place',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
      if (r.errors.length > 0 || r.external || r.path.startsWith(join(ROOT, 'packages') + sep)) return r.errors.length > 0 ? undefined : r;
      return { path: r.path, external: true };
    });
  },
};

export default async function globalSetup(): Promise<void> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'chalkgrad-cli-')), 'chalkgrad.mjs');
  await build({
    stdin: { contents: "import { main } from '@chalkgrad/cli'; main();", resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    // An ES module, so the lazy import() of Graphviz stays one.
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    plugins: [npmPackagesInPlace],
    outfile,
    logLevel: 'error',
  });
  process.env.CHALKGRAD_CLI_FROM_SOURCES = outfile;
}
