/**
 * A wide graph: the sum of squares of 20,000 inputs, one node with 20,000 inputs. It once took
 * seconds in grad() and trace() (each edge was found by copying its node's input list), so it
 * is timed here to keep those walks linear. Prints one JSON line: the median ms of `repeats`
 * backward(), grad() and trace() calls on the same graph (the port has only backward()).
 * Usage: node wide.js <chalkgrad|port> [inputs] [repeats]
 */
import { Value, grad, trace } from '@chalkgrad/core';
import { PortValue } from './baseline';

const name = process.argv[2];
const inputs = Number(process.argv[3] ?? 20_000);
const repeats = Number(process.argv[4] ?? 15);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function medianMs(f: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Runs backward() once on fresh gradients and fails unless every gradient is 2x: a fast walk that
 * gets it wrong is not a result. Leaves accumulate (and the port's inner nodes too), so only the
 * first call is checked.
 */
function checkBackward(s: { backward(): void }, xs: { data: number; grad: number }[]): void {
  s.backward();
  const bad = xs.findIndex((x) => Math.abs(x.grad - 2 * x.data) > 1e-12);
  if (bad >= 0) throw new Error(`${name}: d(sum)/dx${bad} is ${xs[bad].grad}, expected ${2 * xs[bad].data}`);
}

const at = (i: number) => i / inputs;
if (name === 'chalkgrad') {
  const xs = Array.from({ length: inputs }, (_, i) => new Value(at(i), `x${i}`));
  const s = Value.sum(xs.map((x) => x.mul(x)));
  checkBackward(s, xs);
  const backwardMs = medianMs(() => s.backward());
  const gradMs = medianMs(() => grad(s, xs));
  const traceMs = medianMs(() => trace(s));
  console.log(JSON.stringify({ impl: name, backwardMs, gradMs, traceMs }));
} else if (name === 'port') {
  // micrograd has no n-ary sum: Python's sum() over Values is a chain of inputs - 1 adds.
  const xs = Array.from({ length: inputs }, (_, i) => new PortValue(at(i)));
  const s = xs.map((x) => x.mul(x)).reduce((acc, sq) => acc.add(sq));
  checkBackward(s, xs);
  const backwardMs = medianMs(() => s.backward());
  console.log(JSON.stringify({ impl: name, backwardMs }));
} else {
  throw new Error('usage: wide.js <chalkgrad|port> [inputs] [repeats]');
}
