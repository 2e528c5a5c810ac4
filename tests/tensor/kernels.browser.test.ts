/**
 * The kernels in a browser page: core bundled from its sources for the browser, loaded into Debian's
 * Chromium, where the WebAssembly module compiles synchronously on the page's main thread (and
 * Chromium's relaxed SIMD is on). A matmul and its VJPs on the fast kernels agree with the
 * reference kernels in the same page; a page whose Content-Security-Policy forbids both `new
 * Function` and WebAssembly still loads core and computes, on the reference kernels.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { TEST_ORIGIN, describeInChromium, launchChromium } from '../helpers/chromium';

const ROOT = join(__dirname, '..', '..');

/** Runs in the page: forward and both VJPs of a 37×301 @ 301×45 float32 matmul, on each kernel set. */
function compareInPage() {
  const cg = (globalThis as unknown as { chalkgrad: typeof import('@chalkgrad/core') }).chalkgrad;
  const a = cg.rand([37, 301], { seed: 1, low: -1, high: 1, dtype: 'float32' });
  const b = cg.rand([301, 45], { seed: 2, low: -1, high: 1, dtype: 'float32' });
  const run = () => {
    const x = a.detach();
    const w = b.detach();
    x.requiresGrad = true;
    w.requiresGrad = true;
    const y = x.matmul(w).relu().add(cg.rand([45], { seed: 3, dtype: 'float32' }));
    y.sum().backward();
    return [...y.data, ...x.grad!.data, ...w.grad!.data];
  };
  cg.useKernels('fast');
  const info = cg.kernelInfo();
  const fast = run();
  cg.useKernels('js');
  const js = run();
  return { info, worst: fast.reduce((m, v, i) => Math.max(m, Math.abs(v - js[i])), 0), n: js.length };
}

/** A page running core, bundled from its sources, served with `csp` as its Content-Security-Policy. */
async function pageWithCore(browser: Browser, csp?: string) {
  const bundle = await build({
    stdin: { contents: "export * from '@chalkgrad/core';", resolveDir: ROOT, loader: 'ts' },
    bundle: true, write: false, platform: 'browser', format: 'iife', globalName: 'chalkgrad', conditions: ['source'], logLevel: 'error',
  });
  const page = await browser.newPage();
  const body = `<!doctype html><meta charset="utf-8"><title>kernels</title><script>${bundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script')}</script>`;
  await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body, headers: csp ? { 'Content-Security-Policy': csp } : {} }));
  await page.goto(`${TEST_ORIGIN}/`);
  return page;
}

describeInChromium('tensor kernels in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());

  test('a matmul and its VJPs on the WebAssembly kernels match the reference kernels', async () => {
    const page = await pageWithCore(browser);
    const { info, worst, n } = await page.evaluate(compareInPage);
    expect(info).toEqual({ kernels: 'fast', gemm: expect.stringMatching(/^wasm-/), wasmOps: expect.arrayContaining(['add', 'relu']) });
    expect(n).toBe(37 * 45 + 37 * 301 + 301 * 45);
    expect(worst).toBeLessThanOrEqual(4 * 2 ** -23 * 301);
  }, 60_000);

  test('a page that forbids eval and WebAssembly still computes, on the reference kernels, and says why', async () => {
    // No 'unsafe-eval' and no 'wasm-unsafe-eval': new Function and WebAssembly compilation both throw.
    const page = await pageWithCore(browser, "script-src 'unsafe-inline'");
    const { info, worst } = await page.evaluate(compareInPage);
    expect(info.kernels).toBe('fast');
    expect(info.gemm).toBe('js');
    expect(info.note).toMatch(/forbids new Function.*WebAssembly cannot be compiled here/);
    expect(worst).toBe(0);
  }, 60_000);
});
