/**
 * Walks the op tables: adding an op is one table entry, and everything that lists ops follows from
 * it or fails here: the Value and Tensor methods, the formula language (the CLI's functions and
 * its help), the README's lists, the cheat-sheet (and its TeX compiles).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@chalkgrad/core';
import { BINARY_OPS, FUNCTIONS, SCALAR_OPS, type ScalarOp, TENSOR_OPS, Tensor, Value, derivativeCheatSheet } from '@chalkgrad/core';
import { chalkgrad } from '../cli/helpers';
import { compileTex, firstError, withTex } from '../helpers/latex';

const scalarOps = Object.values(SCALAR_OPS as Record<string, ScalarOp>);
const tensorOps = Object.values(TENSOR_OPS);
const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** Every word the README writes as code (`add sub mul`, `x.sum(axis)`, code blocks), fences left out. */
const readmeCode = new Set([...readme.replace(/^```.*$/gm, '').matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].split(/[^A-Za-z0-9_]+/)));
/** How the formula language writes the ops that are not functions: operators. */
const SYNTAX: Record<string, string> = { neg: 'unary minus', powc: '^ with a number exponent' };

const hasMethod = (cls: { prototype: object }, name: string) => typeof (cls.prototype as Record<string, unknown>)[name] === 'function';

describe.each(scalarOps.map((op) => ({ op, title: op.name })))('scalar op $title', ({ op }) => {
  const method = op.method ?? op.name;

  test('has its Value method (a static one for an n-ary op) and, elementwise, its Tensor method', () => {
    if (op.arity === 'n') {
      expect(typeof (Value as unknown as Record<string, unknown>)[op.name]).toBe('function');
      expect(TENSOR_OPS[op.name]).toBeUndefined(); // n-ary ops are Value-only: no tensor op may share the name
    } else {
      expect(hasMethod(Value, method)).toBe(true);
      expect(hasMethod(Tensor, method)).toBe(true);
      expect(TENSOR_OPS[op.name]).toBeDefined();
    }
  });

  test('formulas can write it: a function of the CLI, an operator, or (n-ary) a sum of terms', () => {
    const functions = Object.values(FUNCTIONS).map((f) => f.op);
    const operators = Object.values(BINARY_OPS) as string[];
    const reachable = functions.includes(op.name) || operators.includes(op.name) || op.name in SYNTAX || op.arity === 'n';
    expect(reachable).toBe(true);
  });

  test('is in the README, and in the cheat-sheet with its TeX', () => {
    expect(readmeCode.has(method)).toBe(true);
    expect(derivativeCheatSheet()).toContain(`| \`${op.name}\` |`);
    expect(op.tex.length).toBe(op.formula.length);
  });
});

describe.each(tensorOps.filter((op) => !(op.name in SCALAR_OPS)).map((op) => ({ op, title: op.name })))('tensor op $title', ({ op }) => {
  const method = op.method ?? op.name;

  test('has its Tensor method, or a function of @chalkgrad/core for an op of several tensors', () => {
    expect(hasMethod(Tensor, method) || typeof (core as Record<string, unknown>)[method] === 'function').toBe(true);
  });

  test('is in the README, and in the cheat-sheet with its VJP formula and TeX', () => {
    expect(readmeCode.has(method)).toBe(true);
    expect(derivativeCheatSheet()).toContain(`| \`${op.name}\` | \`${method}\` |`);
    expect(op.formula.length).toBeGreaterThan(0);
    expect(op.tex.length).toBe(op.formula.length);
  });
});

test('every formula function is in the CLI help and the README', () => {
  const help = chalkgrad(['grad', '--help']).stdout;
  for (const name of Object.keys(FUNCTIONS)) {
    expect(help).toMatch(new RegExp(`(^|\\s)${name}(\\s|\\.|$)`, 'm'));
    expect(readmeCode.has(name)).toBe(true);
  }
});

test('the committed cheat-sheet is the one the table makes', () => {
  expect(readFileSync(join(root, 'docs', 'derivatives.md'), 'utf8')).toBe(derivativeCheatSheet());
});

withTex("every op's TeX compiles with pdflatex", () => {
  const formulas = [...scalarOps.flatMap((op) => op.tex), ...tensorOps.flatMap((op) => op.tex)];
  const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-optex-'));
  writeFileSync(join(dir, 'ops.tex'), `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${formulas.map((t) => `$${t}$\\par`).join('\n')}\n\\end{document}\n`);
  const r = compileTex(dir, 'ops');
  if (!r.ok) throw new Error(firstError(r.log));
});
