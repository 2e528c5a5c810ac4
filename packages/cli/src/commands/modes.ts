/** `chalkgrad modes`: forward mode beside reverse mode on the user's own formula(s), with the engine's counts. */
import { type Value, buildFormula, compareModes } from '@chalkgrad/core';
import { numberOption } from '../io';
import { setUp, shared } from './formula';

const options = { ...shared, digits: { type: 'string' } } as const;

export const MODES_HELP = `chalkgrad modes "<formula>" ["<formula>" ...] --at x=1,... [--digits N]

Computes every derivative of the formula(s) twice: by forward mode (one pass per input, each
carrying ∂node/∂x forward) and by reverse mode (backpropagation: one pass per output). Prints both
results, which agree, and what each cost: passes and multiply-adds as the engine counts them.
One output of many inputs (a loss): reverse mode wins. One input and several outputs that share
work: forward mode wins. Subexpressions written the same way in several formulas are computed once.

Examples:
  chalkgrad modes "w1*x1 + w2*x2 + w3*x3 + b" --at w1=1,x1=2,w2=3,x2=4,w3=5,x3=6,b=0
  chalkgrad modes "tanh(2*x)*1" "tanh(2*x)*2" "tanh(2*x)*3" --at x=0.5`;

export function modesCommand(args: string[], out: (s: string) => void): number {
  const s = setUp('modes', args, options, true);
  if (s.help) return out(MODES_HELP), 0;
  const digits = numberOption('digits', s.values.digits, 6, (v) => Number.isInteger(v) && v >= 1 && v <= 17, 'a whole number from 1 to 17');
  const build = (...xs: Value[]) => {
    const inputs = Object.fromEntries(s.names.map((n, i) => [n, xs[i]]));
    const shared = new Map<string, Value>();
    return s.formulas.map(({ src, tree }, i) => buildFormula(src, tree, inputs, shared).named(s.formulas.length > 1 ? `f${i + 1}` : 'f'));
  };
  const comparison = compareModes(build, s.names.map((n) => s.at.get(n)!), { labels: s.names });
  s.formulas.forEach(({ src }, i) => out(`${s.formulas.length > 1 ? `f${i + 1}` : 'f'} = ${src}`));
  out(`at ${s.names.map((n) => `${n} = ${s.at.get(n)}`).join(', ') || '(no variables)'}`);
  out(comparison.toString(digits));
  return 0;
}
