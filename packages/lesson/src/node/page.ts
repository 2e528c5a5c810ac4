/**
 * The built lesson page on disk, for `chalkgrad lesson` to serve or copy: the package's
 * dist/page/ (`corepack pnpm build` writes it), or the folder CHALKGRAD_LESSON_PAGE names (the
 * tests build the page from the sources into a folder of their own, so they never see a stale one).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export class LessonPageError extends Error {
  override name = 'LessonPageError';
}

function packageRoot(): string {
  // CommonJS (the compiled .cjs the chalkgrad command loads, ts-node, jest) resolves the package
  // by its own name; the ES module build has no require to ask.
  if (typeof require !== 'function' || typeof require.resolve !== 'function') {
    throw new LessonPageError('the lesson page is found from the CommonJS build of @chalkgrad/lesson/node; from an ES module, set CHALKGRAD_LESSON_PAGE to its folder');
  }
  return dirname(require.resolve('@chalkgrad/lesson/package.json'));
}

/** The folder of the built page (with its index.html), or a LessonPageError saying how to build it. */
export function lessonPageDir(): string {
  const dir = process.env.CHALKGRAD_LESSON_PAGE || join(packageRoot(), 'dist', 'page');
  if (!existsSync(join(dir, 'index.html'))) throw new LessonPageError(`the lesson page is not built (no ${join(dir, 'index.html')}): run corepack pnpm build`);
  return dir;
}

/** Every file of the page, as paths relative to its folder (with / separators). */
export function lessonPageFiles(dir = lessonPageDir()): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}
