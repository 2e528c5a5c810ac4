/**
 * The chain rule on f(g(h(x))): h = x², g = sin(h), f = exp(g). The derivative is the product of
 * the three local derivatives, and the trace shows each factor on its own edge.
 * Run: corepack pnpm ts examples/chain-rule.ts
 */
import { Value, trace } from '@chalkgrad/core';

export function main(x0 = 0.7, log: (s: string) => void = console.log) {
  const x = new Value(x0, 'x');
  const h = x.mul(x).named('h');
  const g = h.sin().named('g');
  const f = g.exp().named('f');
  f.backward();
  const byHand = Math.exp(Math.sin(x0 * x0)) * Math.cos(x0 * x0) * 2 * x0;
  log(`f(g(h(x))) at x = ${x0}: f = ${f.data}`);
  log(`df/dx from backward:            ${x.grad}`);
  log(`f'(g) · g'(h) · h'(x) by hand:  ${byHand}`);
  log(trace(f).toString());
  return { value: f.data, grad: x.grad, byHand };
}

if (require.main === module) main();
