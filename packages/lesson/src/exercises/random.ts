/**
 * Random expressions of a chosen size and op mix, drawn from the op table with a seeded Rng: the
 * same seed gives the same formula and the same point. Every op is applied only where the table's
 * domain allows it at the drawn point, and a variable may be used twice (fan-out).
 */
import { type Expr, FUNCTIONS, BINARY_OPS, Rng, type ScalarOp, SCALAR_OPS, formulaText } from '@chalkgrad/core';
import { ExerciseError } from './error';
import { LARGEST, drawGridValue, inDomain } from './point';

export interface RandomSpec {
  /** Number of op nodes. */
  size: number;
  /** Op names of the table to draw from (default: add, sub, mul, tanh, sigmoid, exp, powc). */
  ops?: readonly string[];
  /** Variable names (default x and y). */
  variables?: readonly string[];
}

export const DEFAULT_MIX = ['add', 'sub', 'mul', 'tanh', 'sigmoid', 'exp', 'powc'] as const;

const TABLE = SCALAR_OPS as Record<string, ScalarOp>;
const OPERATOR_OF = Object.fromEntries(Object.entries(BINARY_OPS).map(([sym, op]) => [op, sym])) as Record<string, keyof typeof BINARY_OPS>;
/** The function name a formula uses for an op (`log`, not `ln`). */
const FUNCTION_OF: Record<string, string> = {};
for (const [name, fn] of Object.entries(FUNCTIONS)) if (!FUNCTION_OF[fn.op] || name === fn.op) FUNCTION_OF[fn.op] = name;

/** The ops a formula can write, by name: the table's unary and binary ops. */
export function formulaOps(): string[] {
  return Object.keys(TABLE).filter((name) => name === 'powc' || name === 'neg' || OPERATOR_OF[name] || FUNCTION_OF[name]);
}

interface Part { expr: Expr; value: number }

const at0 = { start: 0, end: 0 };
const num = (value: number): Part => ({ expr: { kind: 'num', value, ...at0 }, value });

/** The tree of op `name` applied to `args`, with its value; null where the op may not go. */
function apply(name: string, args: Part[], k: number): Part | null {
  const op = TABLE[name];
  if (!args.every((a, slot) => inDomain(op, slot, a.value))) return null;
  const value = op.f(args[0].value, args.length > 1 ? args[1].value : k);
  if (!Number.isFinite(value) || Math.abs(value) > LARGEST) return null;
  const [a, b] = args.map((x) => x.expr);
  let expr: Expr;
  if (name === 'neg') expr = { kind: 'neg', arg: a, ...at0 };
  else if (name === 'powc') expr = { kind: 'bin', op: '^', left: a, right: num(k).expr, ...at0 };
  else if (OPERATOR_OF[name]) expr = { kind: 'bin', op: OPERATOR_OF[name], left: a, right: b, ...at0 };
  else expr = { kind: 'call', fn: FUNCTION_OF[name], args: op.params && op.arity === 1 ? [a, num(k).expr] : [a, b].filter(Boolean), ...at0 };
  return { expr, value };
}

/** A random formula and the point it is to be evaluated at. */
export function randomFormula(spec: RandomSpec, seed: number): { formula: string; at: Record<string, number> } {
  const mix = [...(spec.ops ?? DEFAULT_MIX)];
  const names = [...(spec.variables ?? ['x', 'y'])];
  const known = formulaOps();
  const unknown = mix.filter((m) => !known.includes(m));
  if (unknown.length) throw new ExerciseError(`random expression: unknown op ${unknown.map((u) => `'${u}'`).join(', ')}; ops a formula can use: ${known.join(', ')}`);
  if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > 30) throw new ExerciseError(`random expression: the size (number of ops) must be a whole number from 1 to 30, got ${spec.size}`);
  const binary = mix.filter((m) => TABLE[m].arity === 2);
  if (names.length > 1 && binary.length === 0) throw new ExerciseError(`random expression: ${names.length} variables need a two-input op (add, mul, …) in the mix to join them`);
  if (spec.size < names.length - 1) throw new ExerciseError(`random expression: ${names.length} variables need at least ${names.length - 1} ops to join them, got size ${spec.size}`);
  const rng = new Rng(seed);
  for (let attempt = 0; attempt < 200; attempt++) {
    const at = Object.fromEntries(names.map((n) => [n, drawGridValue(rng)]));
    const made = grow(spec.size, mix, binary, names.map((n) => ({ expr: { kind: 'var', name: n, ...at0 }, value: at[n] })), rng);
    if (made) return { formula: formulaText(made.expr), at };
  }
  throw new ExerciseError(`random expression: no expression of ${spec.size} ops from ${mix.join(', ')} is defined at the points drawn; widen the op mix`);
}

/** Applies `size` ops to the open parts until one tree is left, or gives up (null). */
function grow(size: number, mix: string[], binary: string[], leaves: Part[], rng: Rng): Part | null {
  const open = [...leaves];
  for (let left = size; left > 0; left--) {
    const mustJoin = open.length - 1 >= left;
    let made: Part | null = null;
    for (let tries = 0; tries < 40 && !made; tries++) {
      const name = mustJoin ? binary[rng.int(binary.length)] : mix[rng.int(mix.length)];
      const op = TABLE[name];
      const k = op.params ? op.params[rng.int(op.params.length)] : 0;
      const i = rng.int(open.length);
      if (op.arity === 1) {
        made = apply(name, [open[i]], k);
        if (made) open.splice(i, 1, made);
        continue;
      }
      const j = open.length > 1 && (mustJoin || rng.next() < 0.6) ? (i + 1 + rng.int(open.length - 1)) % open.length : -1;
      // a second operand: another open part, a variable used again (fan-out), or a small constant
      const other = j >= 0 ? open[j] : rng.next() < 0.5 ? leaves[rng.int(leaves.length)] : num(1 + rng.int(3));
      const args = rng.next() < 0.5 ? [open[i], other] : [other, open[i]];
      made = apply(name, args, k);
      if (made && j >= 0) {
        open.splice(Math.max(i, j), 1);
        open.splice(Math.min(i, j), 1, made);
      } else if (made) open.splice(i, 1, made);
    }
    if (!made) return null;
  }
  return open.length === 1 ? open[0] : null;
}
