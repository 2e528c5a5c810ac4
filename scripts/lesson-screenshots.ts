/**
 * Screenshots of the lesson page for the README and docs/lesson/: each tab in a state worth
 * showing, taken in Debian's Chromium (the tests' launcher) from the page built from the sources.
 * Usage: corepack pnpm lesson-screenshots [OUT_DIR]   (default docs/lesson)
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildPage } from '../packages/lesson/scripts/build-page';
import { TEST_ORIGIN, launchChromium, serveFolder } from '../tests/helpers/chromium';

const OUT = process.argv[2] ?? join(__dirname, '..', 'docs', 'lesson');

/** Each shot: the page's address, what to do before the picture, and the file. */
const SHOTS: { file: string; query: string; prepare?(page: Page): Promise<void> }[] = [
  { file: 'graph.png', query: '?step=3' },
  { file: 'graph-fanout.png', query: '?preset=formula&f=x*tanh(w*x+%2B+b)&at=x:0.7,w:-1.3,b:0.2&step=6&check=1' },
  { file: 'delta-rule.png', query: '?preset=network&step=9' },
  { file: 'softmax.png', query: '?preset=softmax&step=5' },
  { file: 'train.png', query: '?tab=train&epochs=150', prepare: (p) => p.waitForFunction(() => document.getElementById('t-status')!.dataset.epoch === '150').then(() => undefined) },
  { file: 'train-spiral.png', query: '?tab=train&data=spiral&layers=12,12&act=relu&opt=adam&lr=0.02&n=300&noise=0.1&epochs=300', prepare: (p) => p.waitForFunction(() => document.getElementById('t-status')!.dataset.epoch === '300', undefined, { timeout: 120_000 }).then(() => undefined) },
  { file: 'exercise.png', query: '?tab=exercise&ans=-3|-2|4|-7|0.001|3|1|2|1|-1|0.002|0.002467|0.002467|-0.004934|0.002467|0.002467|0.002467', prepare: (p) => p.waitForSelector('#x-score:has-text("right")').then(() => undefined) },
];

async function main(): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'chalkgrad-shots-')), 'page');
  await buildPage(dir);
  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const shot of SHOTS) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await serveFolder(page, dir);
      await page.goto(`${TEST_ORIGIN}/${shot.query}`);
      await page.waitForSelector('body[data-ready]');
      await shot.prepare?.(page);
      if (!shot.query.includes('tab=')) await page.waitForSelector('#g-figure[aria-busy=false] #g-diagram svg');
      await page.waitForTimeout(500); // the last frame painted
      await page.screenshot({ path: join(OUT, shot.file), fullPage: true });
      await page.close();
      console.log(`wrote ${join(OUT, shot.file)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
