/**
 * The one-file browser bundle (`corepack pnpm build` makes packages/chalkgrad/dist/chalkgrad.browser.js)
 * in Chromium: the example page computes the perceptron of the notes and draws its diagram, and
 * Graphviz (its code and WebAssembly, the sibling file chalkgrad.graphviz.js) is downloaded and
 * compiled only when a diagram is drawn.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TEST_ORIGIN, describeInChromium, launchChromium, serveFolder } from '../helpers/chromium';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'packages', 'chalkgrad', 'dist', 'chalkgrad.browser.js');

describeInChromium('chalkgrad.browser.js', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`corepack pnpm build\` first`);
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());
  beforeEach(async () => {
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await serveFolder(page, ROOT);
  });
  afterEach(() => page.close());

  test('the example page computes y = σ(1 + 3x₁ − 2x₂) at (−1, 2) and draws its diagram', async () => {
    await page.goto(`${TEST_ORIGIN}/examples/browser/index.html`);
    await page.waitForSelector('#diagram svg', { timeout: 30_000 });
    const y = Number(await page.getAttribute('body', 'data-y'));
    const expected = 1 / (1 + Math.exp(6));
    expect(y).toBeCloseTo(expected, 15);
    expect(y).toBeCloseTo(0.00247, 5);
    const cells = await page.$$eval('#numbers td', (tds) => tds.map((td) => td.textContent));
    expect(cells).toEqual(['y', expected.toPrecision(6), '', 'x₁', '-1.00000', (3 * expected * (1 - expected)).toPrecision(6), 'x₂', '2.00000', (-2 * expected * (1 - expected)).toPrecision(6)]);
    const svgText = await page.$eval('#diagram svg', (svg) => svg.textContent ?? '');
    for (const label of ['x1', 'x2', 'w1', 'w2', 'b', 'y', 'σ']) expect(svgText).toContain(label);
    const box = await page.$eval('#diagram svg', (svg) => svg.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.width).toBeGreaterThan(200);
    expect(box.height).toBeGreaterThan(200);
    // CHALKGRAD_SCREENSHOT=page.png keeps a picture of the page, to look at.
    if (process.env.CHALKGRAD_SCREENSHOT) await page.screenshot({ path: process.env.CHALKGRAD_SCREENSHOT, fullPage: true });
    // A new input recomputes: at (0, 0) y = σ(1).
    await page.fill('#x1', '0');
    await page.fill('#x2', '0');
    await page.waitForFunction(() => Math.abs(Number(document.body.dataset.y) - 1 / (1 + Math.exp(-1))) < 1e-12);
    expect(errors).toEqual([]);
  });

  test('Graphviz (chalkgrad.graphviz.js beside the bundle) is downloaded on the first drawing, not when the bundle loads', async () => {
    await page.goto(`${TEST_ORIGIN}/missing.html`);
    // Every file the page asks for, and the size of what it is served.
    const requested: string[] = [];
    const sizes: Promise<number>[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('response', (r) => sizes.push(r.body().then((b) => b.length)));
    const bytes = async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    const graphvizRequests = () => requested.filter((u) => u.endsWith('/chalkgrad.graphviz.js')).length;
    // Record every WebAssembly module the page compiles, with its size.
    await page.evaluate(() => {
      const sizes: number[] = ((window as unknown as { wasmSizes: number[] }).wasmSizes = []);
      const size = (b: unknown) => (b instanceof ArrayBuffer || ArrayBuffer.isView(b) ? (b as ArrayBuffer).byteLength : -1);
      const { instantiate, compile, instantiateStreaming, compileStreaming, Module } = WebAssembly;
      WebAssembly.instantiate = ((b: BufferSource, i?: WebAssembly.Imports) => (sizes.push(size(b)), instantiate(b, i))) as typeof instantiate;
      WebAssembly.compile = (b) => (sizes.push(size(b)), compile(b));
      WebAssembly.instantiateStreaming = (r, i) => (sizes.push(-1), instantiateStreaming(r, i));
      WebAssembly.compileStreaming = (r) => (sizes.push(-1), compileStreaming(r));
      WebAssembly.Module = new Proxy(Module, { construct: (T, args) => (sizes.push(size(args[0])), new T(args[0])) });
    });
    const wasmSizes = () => page.evaluate(() => (window as unknown as { wasmSizes: number[] }).wasmSizes);
    // A module script, not page.evaluate: the test's own import() would be compiled to require().
    await page.addScriptTag({ type: 'module', content: "import * as cg from '/packages/chalkgrad/dist/chalkgrad.browser.js'; window.cg = cg;" });
    await page.waitForFunction(() => 'cg' in window);
    const loaded = await page.evaluate(() => {
      const cg = (window as unknown as { cg: { Value: new (d: number, l: string) => { mul(k: number): { tanh(): { data: number; backward(): void } } } } }).cg;
      const y = new cg.Value(2, 'x').mul(3).tanh();
      y.backward();
      return y.data;
    });
    expect(loaded).toBeCloseTo(Math.tanh(6), 15);
    // Core's own kernels are a few KiB; Graphviz is over a megabyte.
    const big = (xs: number[]) => xs.filter((n) => n < 0 || n > 100_000);
    expect(big(await wasmSizes())).toEqual([]);
    expect(requested).toEqual([`${TEST_ORIGIN}/packages/chalkgrad/dist/chalkgrad.browser.js`]);
    const beforeDrawing = await bytes();
    const svg = await page.evaluate(async () => {
      const cg = (window as unknown as { cg: { Value: new (d: number, l: string) => unknown; toDot(v: unknown): string; renderSvg(d: string): Promise<string> } }).cg;
      return cg.renderSvg(cg.toDot(new cg.Value(1, 'x')));
    });
    expect(svg).toContain('<svg');
    expect(svg).toContain('>x<');
    expect(graphvizRequests()).toBe(1);
    expect(big(await wasmSizes()).length).toBe(1);
    console.log(`chalkgrad.browser.js in Chromium: ${(beforeDrawing / 1024).toFixed(0)} KiB downloaded before the first diagram, ${((await bytes()) / 1024).toFixed(0)} KiB after it`);
    // A second diagram downloads nothing more.
    await page.evaluate(() => (window as unknown as { cg: { renderSvg(d: string): Promise<string> } }).cg.renderSvg('digraph { a -> b }'));
    expect(graphvizRequests()).toBe(1);
  });
});
