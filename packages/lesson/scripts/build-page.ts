/**
 * The lesson page as static files: `index.html`, `style.css`, `app.js` (the page), `worker.js` (the
 * training Web Worker) and `chunks/` shared by the two, bundled by esbuild from the TypeScript
 * sources. Graphviz's WebAssembly is a chunk of its own behind viz's `import()`: the page fetches it
 * from the same folder on the first drawing, and nothing is fetched from anywhere else.
 * Run by the package's `build:post` (to dist/page) and by the browser tests (to a folder of theirs).
 * Usage: node -r ts-node/register/transpile-only scripts/build-page.ts [OUT_DIR]
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const PAGE = join(__dirname, '..', 'src', 'page');
const STATIC = ['index.html', 'style.css'];

export async function buildPage(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(PAGE, 'main.ts'), worker: join(PAGE, 'train', 'worker.ts') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const f of STATIC) copyFileSync(join(PAGE, f), join(outDir, f));
}

if (require.main === module) {
  const out = process.argv[2] ?? join(__dirname, '..', 'dist', 'page');
  buildPage(out).then(
    () => console.log(`@chalkgrad/lesson: the lesson page in ${out}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
