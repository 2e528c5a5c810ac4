/**
 * One way for every test to drive a browser: Debian's Chromium through playwright-core (no browser
 * download). A machine without Chromium skips the browser tests with a loud message, and the rest of
 * the suite still runs. Install: `apt-get install chromium` (CI does it in .ci/run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { describeIfAvailable } from './skip';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium floods the closed network with refused connections. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export const hasChromium = existsSync(CHROMIUM_PATH);

const MISSING = `Chromium is missing (${CHROMIUM_PATH}): browser tests SKIPPED. Install it with \`apt-get install chromium\` or set CHROMIUM_PATH.`;

/**
 * `describe` for tests that need Chromium. Without it the block is skipped under a title that says
 * why, and the reason is printed, so a green run never hides untested browser code.
 */
export function describeInChromium(name: string, body: () => void): void {
  describeIfAvailable(hasChromium, MISSING, 'needs Chromium', name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The origin `serveFolder` answers for. Nothing goes on the network: the page's requests are routed. */
export const TEST_ORIGIN = 'http://chalkgrad.test';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm',
};

/**
 * Serves the files under `root` to `page` at TEST_ORIGIN (ES modules and WebAssembly need http,
 * not file://). `mounts` maps a URL path prefix to another folder, e.g. `{ '/dist/': distDir }`.
 * Unknown paths get 404; the page cannot reach anything else.
 */
export async function serveFolder(page: Page, root: string, mounts: Record<string, string> = {}): Promise<void> {
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== TEST_ORIGIN) return route.abort();
    const prefix = Object.keys(mounts).find((m) => url.pathname.startsWith(m));
    const base = prefix ? mounts[prefix] : root;
    const rel = decodeURIComponent(prefix ? url.pathname.slice(prefix.length) : url.pathname.slice(1));
    const file = normalize(join(base, rel || 'index.html'));
    if (!file.startsWith(normalize(base) + sep) || !existsSync(file)) return route.fulfill({ status: 404, body: `not found: ${url.pathname}` });
    return route.fulfill({ status: 200, body: readFileSync(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
  });
}
