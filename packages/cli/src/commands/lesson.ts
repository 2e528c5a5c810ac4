/** `chalkgrad lesson`: serves the lesson page on 127.0.0.1, or writes its files for a static host. */
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { lessonPageDir, lessonPageFiles } from '@chalkgrad/lesson/node';
import { UsageError, ensureDir, numberOption, parseCommand, writeOutputs } from '../io';

const DEFAULT_PORT = 7357;

export const LESSON_HELP = `chalkgrad lesson [--port N] [--out DIR]

Serves the lesson page on this machine (127.0.0.1) and prints its address: open it in a browser;
Ctrl-C stops it. Three tabs: the backward pass of a formula step by step, with every derivative
shown; a small network trained live, exported as code; backprop exercises graded with a diagnosis.
The page's address holds all its settings: copy it to share an exact setup. Everything runs in the
browser; the page fetches nothing from anywhere else.

Options:
  --port N     the port (default ${DEFAULT_PORT}; if it is taken, a free one; 0 always picks a free one)
  --out DIR    write the page's files to DIR instead, for any static web host

Examples:
  chalkgrad lesson
  chalkgrad lesson --out lesson-site`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Security-Policy of the page's meta tag (scripts, styles, workers and data from this
 * server only), sent as a header too, since a worker follows its own response's policy, not the page's.
 */
function policyOf(dir: string): string {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  return /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? "default-src 'self'";
}

export async function lessonCommand(args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseCommand('lesson', args, { port: { type: 'string' }, out: { type: 'string' } });
  if (values.help) return out(LESSON_HELP), 0;
  if (positionals.length) throw new UsageError(`lesson: unexpected argument '${positionals[0]}' (see chalkgrad lesson --help)`);
  const dir = lessonPageDir();
  if (values.out !== undefined) {
    if (values.port !== undefined) throw new UsageError('lesson: --out writes the files and --port serves them; give one of the two');
    return writePage(dir, values.out, out);
  }
  const port = numberOption('port', values.port, DEFAULT_PORT, (v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'a port number from 0 to 65535');
  return serve(dir, port, values.port === undefined, out);
}

function writePage(dir: string, to: string, out: (s: string) => void): number {
  const files = lessonPageFiles(dir);
  for (const f of files) ensureDir(dirname(join(to, f)));
  writeOutputs(files.map((f) => ({ path: join(to, f), content: readFileSync(join(dir, f)), what: 'lesson page' })));
  out(`wrote the lesson page to ${to} (${files.length} files): serve that folder with any static web server and open index.html (module scripts need http, not file://)`);
  return 0;
}

/** Answers GET and HEAD for the page's files; nothing outside its folder. */
function handler(dir: string) {
  const root = normalize(dir + sep);
  const policy = policyOf(dir);
  return (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': policy, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'only GET and HEAD');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return reply(400, 'bad path');
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return reply(404, 'not found');
    try {
      return reply(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
    } catch {
      return reply(404, 'not found');
    }
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function serve(dir: string, port: number, portIsDefault: boolean, out: (s: string) => void): Promise<number> {
  const server = createServer(handler(dir));
  try {
    await listen(server, port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && portIsDefault) await listen(server, 0);
    else throw new UsageError(`lesson: cannot serve on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is taken; choose another with --port, or --port 0 for a free one' : code ?? (e as Error).message}`);
  }
  const { port: actual } = server.address() as AddressInfo;
  out(`the lesson page: http://127.0.0.1:${actual}/`);
  out('open it in a browser; Ctrl-C stops the server');
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
