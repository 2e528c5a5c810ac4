/** The shared Chromium launcher starts a browser, serves a folder and runs a module script in it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { TEST_ORIGIN, describeInChromium, launchChromium, serveFolder } from '../helpers/chromium';

describeInChromium('the Chromium test helper', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  test('serves a folder to a page whose module script computes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-page-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./m.js"></script>');
    writeFileSync(join(dir, 'm.js'), 'import { twice } from "./lib.js"; document.title = String(twice(21));');
    writeFileSync(join(dir, 'lib.js'), 'export const twice = (x) => 2 * x;');
    const page = await browser.newPage();
    await serveFolder(page, dir);
    await page.goto(`${TEST_ORIGIN}/`);
    await page.waitForFunction(() => document.title !== '');
    expect(await page.title()).toBe('42');
    expect(await page.evaluate(() => fetch('/missing.js').then((r) => r.status))).toBe(404);
  });
});
