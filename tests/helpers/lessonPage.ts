/**
 * The lesson page built from the TypeScript sources (the build's own script) into a temporary
 * folder, once per test file: the tests never see a stale dist/page.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPage } from '../../packages/lesson/scripts/build-page';

let built: Promise<string> | null = null;

export function lessonPage(): Promise<string> {
  built ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'chalkgrad-lesson-')), 'page');
    await buildPage(dir);
    return dir;
  })();
  return built;
}
