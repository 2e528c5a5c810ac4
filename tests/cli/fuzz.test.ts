/**
 * The command line fuzzed: thousands of random formulas and mutations of them (hostile characters,
 * deletions, duplications), with fitting or broken --at values. Every run ends with exit 0 or 2 (1
 * only for gradcheck's documented "a derivative disagrees"), bad input gets one message line (a
 * formula error adds the formula and a caret), nothing crashes or hangs. Most runs are in-process
 * (the same `run` the bin calls); a few go through the real bundled command.
 */
import { spawnSync } from 'node:child_process';
import { FUNCTIONS, Rng, parseFormula, variablesOf } from '@chalkgrad/core';
import { chalkgradInProcess as chalkgrad } from '../helpers/inProcess';
import { commandFromSources } from './helpers';

const rng = new Rng(20260417);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform(0, xs.length))];
const chance = (p: number) => rng.uniform(0, 1) < p;

const NAMES = ['x', 'y', 'w1', 'b', 'x₁', 'x_2', 'e', 'pi', 'π', 'constructor', '__proto__', 'toString', 'θ'];
const NUMBERS = ['0', '1', '2', '0.5', '.5', '3.', '1e308', '1e-320', '1e999', '-1', '2e', '007'];
const BINARY = [' + ', '-', '*', '/', '^', '**', '·', '×', ' − ', '⋅'];
const HOSTILE = ['(', ')', ',', '√', '=', '[', '"', "'", '²', '⁻¹', '₁', 'σ', '\x00', '\x1b[31m', '\n', '\t', '\u200b', '\u202e', '😀', '\ud800', '|', '!', '%', '$', '\\', '{', '–', ' '];

function formula(depth: number): string {
  if (depth <= 0 || chance(0.25)) return chance(0.6) ? pick(NAMES) : pick(NUMBERS);
  const r = rng.uniform(0, 1);
  if (r < 0.45) return `${formula(depth - 1)}${pick(BINARY)}${formula(depth - 1)}`;
  if (r < 0.6) return `(${formula(depth - 1)})`;
  if (r < 0.7) return `-${formula(depth - 1)}`;
  if (r < 0.75) return `${formula(depth - 1)}${pick(['²', '³', '⁻¹'])}`;
  const fn = chance(0.9) ? pick(Object.keys(FUNCTIONS)) : pick(['foo', 'constructor', 'hasOwnProperty', 'σ']);
  return `${fn}(${formula(depth - 1)}${chance(0.3) ? `, ${formula(depth - 1)}` : ''})`;
}

function mutate(s: string): string {
  const chars = [...s];
  for (let m = Math.floor(rng.uniform(1, 4)); m > 0; m--) {
    const i = Math.floor(rng.uniform(0, chars.length + 1));
    const r = rng.uniform(0, 1);
    if (r < 0.4) chars.splice(i, 0, pick(HOSTILE));
    else if (r < 0.7) chars.splice(i, 1);
    else if (r < 0.85) chars.splice(i, 0, ...chars.slice(i, i + Math.floor(rng.uniform(1, 6))));
    else chars.splice(i, 1, pick(HOSTILE));
  }
  return chars.join('');
}

/** Values for the formula's variables when it parses; sometimes a missing, extra or broken one. */
function atFor(src: string): string {
  let names: string[];
  try {
    names = variablesOf(parseFormula(src));
  } catch {
    names = ['x'];
  }
  const parts = names.map((n) => `${n}=${pick(['0', '1', '-1', '0.5', '2', '-0.25', '3'])}`);
  const r = rng.uniform(0, 1);
  if (r < 0.04) parts.pop();
  else if (r < 0.08) parts.push('zz=1');
  else if (r < 0.1) parts.push(pick(['x=', '=1', 'x=abc', 'x=1e999', 'constructor=1', 'x=1,x=2', '\x00=1']));
  return parts.join(',');
}

/** A big or deep formula now and then. */
function huge(): string {
  return pick([
    `${'('.repeat(5000)}x${')'.repeat(5000)}`,
    Array.from({ length: 20_000 }, (_, i) => `${i % 9}*x`).join('+'),
    `${'-'.repeat(10_000)}x`,
    `${'x^'.repeat(2000)}1`,
    'v'.repeat(50_000),
    `${'sin('.repeat(3000)}x${')'.repeat(3000)}`,
  ]);
}

/** Exit 2 prints one `chalkgrad: ...` line, or for a formula error that line, the formula and a caret. */
function checkMessage(stderr: string, context: string): void {
  const lines = stderr.replace(/\n$/, '').split('\n');
  const ok =
    lines[0].startsWith('chalkgrad: ') && !/internal error|\n\s+at /.test(stderr) &&
    (lines.length === 1 || (lines.length === 3 && lines[1].startsWith('  ') && /^ *\^$/.test(lines[2])));
  if (!ok) throw new Error(`not one message for ${context}:\n${stderr.slice(0, 2000)}`);
  for (const line of lines) if (line.length > 600) throw new Error(`a ${line.length}-character message line for ${context}: ${line.slice(0, 300)}…`);
}

test('3,000 random and mutated formulas in-process: exit 0 or 2, one message, no hang', async () => {
  const outcomes: Record<string, number> = {};
  let slowest = 0;
  for (let i = 0; i < 3000; i++) {
    const base = i % 200 === 199 ? huge() : formula(Math.floor(rng.uniform(1, 6)));
    const src = chance(0.5) ? mutate(base) : base;
    const command = chance(0.9) ? 'grad' : 'gradcheck';
    const args = [command, src, '--at', atFor(src)];
    const t0 = performance.now();
    const r = await chalkgrad(args);
    slowest = Math.max(slowest, performance.now() - t0);
    const context = `chalkgrad ${JSON.stringify(args).slice(0, 300)}`;
    if (r.code === 2) checkMessage(r.stderr, context);
    else if (r.code === 0) expect(r.stdout).toMatch(/^f = /);
    else if (!(r.code === 1 && command === 'gradcheck')) throw new Error(`exit ${r.code} for ${context}:\n${r.stderr.slice(0, 2000)}`);
    const key = `${command} exit ${r.code}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  console.log(`CLI fuzz, 3,000 in-process runs: ${JSON.stringify(outcomes)}; slowest ${slowest.toFixed(0)} ms`);
  expect(slowest).toBeLessThan(10_000);
  expect(outcomes['grad exit 0']).toBeGreaterThan(300);
  expect(outcomes['grad exit 2']).toBeGreaterThan(300);
}, 300_000);

test('the real command: 20 random and mutated formulas, each one line of message and no hang', () => {
  const bin = commandFromSources();
  for (let i = 0; i < 20; i++) {
    const src = (i === 0 ? huge() : mutate(formula(3))).replace(/\x00/g, ''); // an argument cannot hold NUL
    const r = spawnSync(process.execPath, [bin, 'grad', src, '--at', atFor(src)], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, CI: 'true' } });
    const context = JSON.stringify(src).slice(0, 200);
    expect({ context, status: r.status }).toEqual({ context, status: expect.any(Number) }); // null: killed by the timeout
    expect([0, 2]).toContain(r.status);
    if (r.status === 2) checkMessage(r.stderr, context);
  }
}, 300_000);

test.each([
  [['train', '--n', '1e9'], '--n: \'1e9\' is not a whole number from 10 to 1,000,000'],
  [['train', '--epochs', '1e9'], '--epochs: \'1e9\' is not a whole number from 1 to 100,000'],
  [['train', '--layers', '100000,100000'], 'train: --layers 100000,100000 makes 10,000,500,001 parameters; at most 10,000,000'],
  [['train', '--layers', '99999999999999999999999'], 'train: --layers 99999999999999999999999 makes'],
])('resource limits are checked up front: %j', async (args, message) => {
  const t0 = performance.now();
  const r = await chalkgrad([...args, '--quiet']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`chalkgrad: ${message}`);
  expect(performance.now() - t0).toBeLessThan(2000);
});
