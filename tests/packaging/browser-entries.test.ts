/**
 * The main entries of core, nn, viz and chalkgrad bundle for a browser: no Node built-in module and no native
 * addon is reachable from them (Node-only code lives in the `/node` subpath entries).
 * Node globals such as `process` and `Buffer` are caught by the type check (tsconfig.browser.json).
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = join(__dirname, '..', '..');
const BUILTINS = new Set(builtinModules);

/** Records every import that would need Node: a built-in module or a `.node` addon. */
function nodeOnlyImports(found: string[]): Plugin {
  return {
    name: 'node-only-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, '');
        if (args.path.startsWith('node:') || BUILTINS.has(bare.split('/')[0]) || args.path.endsWith('.node')) {
          found.push(`${args.path} (imported by ${args.importer.replace(ROOT + '/', '')})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

describe.each([
  ['@chalkgrad/core', 'core'],
  ['@chalkgrad/nn', 'nn'],
  ['@chalkgrad/viz', 'viz'],
  ['@chalkgrad/lesson', 'lesson'],
  ['chalkgrad', 'chalkgrad'],
])('%s', (name, dir) => {
  test('bundles for the browser with no Node built-in and no native addon', async () => {
    const found: string[] = [];
    const result = await build({
      stdin: { contents: `export * from '${name}';`, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      conditions: ['source'],
      metafile: true,
      logLevel: 'silent',
      plugins: [nodeOnlyImports(found)],
    });
    expect(found).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => /resvg|\.node$/.test(f))).toEqual([]);
    expect(inputs.some((f) => f.includes(`packages/${dir}/src/`))).toBe(true);
  });
});
