/**
 * The PNGs of docs/slides, made from the demo kit in docs/demo (run `corepack pnpm make-docs` first):
 * a Beamer overlay as pdflatex and pdftoppm render it, a frame of the animated GIF as Chromium
 * decodes it (WebCodecs' ImageDecoder), and the two layer views through resvg. Needs pdflatex,
 * pdftoppm and Debian's Chromium, which make-docs does not.
 * Usage: corepack pnpm slides-pngs [DEMO_DIR] [OUT_DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latexToPdf } from '@chalkgrad/lesson/node';
import { svgToPng } from '@chalkgrad/viz/node';
import { launchChromium } from '../tests/helpers/chromium';

const ROOT = join(__dirname, '..');
const DEMO = process.argv[2] ?? join(ROOT, 'docs', 'demo');
const OUT = process.argv[3] ?? join(ROOT, 'docs', 'slides');

/** The Beamer overlay of backward step 3 (page 3 of the deck): what a lecturer projects. */
function beamerPage(page: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-slides-'));
  try {
    writeFileSync(join(dir, 'deck.pdf'), latexToPdf(readFileSync(join(DEMO, 'perceptron-beamer.tex'), 'utf8')));
    execFileSync('pdftoppm', ['-png', '-r', '160', '-f', String(page), '-l', String(page), '-singlefile', 'deck.pdf', 'page'], { cwd: dir });
    return readFileSync(join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Frame `index` of the GIF as a browser decodes it, so the picture shows the GIF's own palette. */
async function gifFrame(index: number): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // ImageDecoder exists only in a secure context: an https page, answered here without a network
    await page.route('https://slides.test/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>gif</title>' }));
    await page.goto('https://slides.test/');
    const gif = readFileSync(join(DEMO, 'perceptron-steps.gif')).toString('base64');
    const png = await page.evaluate(async ({ gif, index }) => {
      const bytes = Uint8Array.from(atob(gif), (c) => c.charCodeAt(0));
      const decoder = new ImageDecoder({ data: bytes, type: 'image/gif' });
      const { image } = await decoder.decode({ frameIndex: index });
      const canvas = new OffscreenCanvas(image.displayWidth, image.displayHeight);
      canvas.getContext('2d')!.drawImage(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const url = await new Promise<string>((done) => {
        const reader = new FileReader();
        reader.onload = () => done(reader.result as string);
        reader.readAsDataURL(blob);
      });
      return url.slice(url.indexOf(',') + 1);
    }, { gif, index });
    return Buffer.from(png, 'base64');
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'beamer-step-3.png'), beamerPage(3));
  writeFileSync(join(OUT, 'gif-frame-8.png'), await gifFrame(8));
  writeFileSync(join(OUT, 'layer-view.png'), svgToPng(readFileSync(join(DEMO, 'network-layers.svg'), 'utf8'), 2));
  writeFileSync(join(OUT, 'layer-view-tensor.png'), svgToPng(readFileSync(join(DEMO, 'spiral-layers.svg'), 'utf8'), 2));
  console.log(`wrote ${OUT}: beamer-step-3.png, gif-frame-8.png, layer-view.png, layer-view-tensor.png`);
}

main().catch((e) => {
  console.error(`slides-pngs: ${e instanceof Error ? e.message : e} (it needs pdflatex, pdftoppm and Chromium)`);
  process.exit(1);
});
