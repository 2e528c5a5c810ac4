/**
 * `chalkgrad lesson` as a lecturer runs it: the page's files written for a static host, and the page
 * served on 127.0.0.1 at the address it prints (only the page's own files, with its security policy).
 * The page is built from the sources (CHALKGRAD_LESSON_PAGE points the command at it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lessonPage } from '../helpers/lessonPage';
import { chalkgrad, commandFromSources } from './helpers';

let page: string;
beforeAll(async () => {
  page = await lessonPage();
  process.env.CHALKGRAD_LESSON_PAGE = page;
}, 120_000);
afterAll(() => {
  delete process.env.CHALKGRAD_LESSON_PAGE;
});

function get(url: string, method = 'GET'): Promise<{ status: number; type: string; policy: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), policy: String(res.headers['content-security-policy']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('--out writes the page for any static host', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'chalkgrad-lesson-out-')), 'site');
  const r = chalkgrad(['lesson', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^wrote the lesson page to .*site \(\d+ files\)/);
  for (const f of ['index.html', 'style.css', 'app.js', 'worker.js']) expect(readFileSync(join(out, f))).toEqual(readFileSync(join(page, f)));
}, 60_000);

test('serves the page on 127.0.0.1 and prints the address; only the page, with its policy', async () => {
  const child = spawn(process.execPath, [commandFromSources(), 'lesson', '--port', '0'], { env: { ...process.env, CI: 'true' } });
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /the lesson page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`chalkgrad lesson exited with ${code}: ${out}`)));
    });
    const index = await get(address);
    expect([index.status, index.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(index.body).toContain('<title>chalkgrad lesson');
    expect(index.policy).toContain("default-src 'self'");
    expect(index.policy).toContain("connect-src 'self'");
    const app = await get(`${address}app.js`);
    expect([app.status, app.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(app.body).toBe(readFileSync(join(page, 'app.js'), 'utf8'));
    expect((await get(`${address}..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await get(`${address}nothing.js`)).status).toBe(404);
    expect((await get(address, 'POST')).status).toBe(405);
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  }
}, 60_000);

test('bad input: one clear line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['lesson', '--port', 'abc'], /^chalkgrad: --port: 'abc' is not a port number from 0 to 65535\n$/],
    [['lesson', '--port', '0', '--out', 'x'], /give one of the two/],
    [['lesson', 'extra'], /unexpected argument 'extra'/],
  ];
  for (const [args, message] of cases) {
    const r = chalkgrad(args);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
  }
  process.env.CHALKGRAD_LESSON_PAGE = join(tmpdir(), 'no-lesson-page-here');
  const missing = chalkgrad(['lesson', '--out', join(tmpdir(), 'never-written')]);
  process.env.CHALKGRAD_LESSON_PAGE = page;
  expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/the lesson page is not built .*: run corepack pnpm build/)]);
  expect(existsSync(join(tmpdir(), 'never-written'))).toBe(false);
}, 60_000);
