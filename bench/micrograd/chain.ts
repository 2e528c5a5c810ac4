/**
 * A deep chain x = x * 1.0001, one million multiplies, forward + backward: the graph micrograd
 * cannot backprop (RecursionError past depth 994). Prints one JSON line.
 * Usage: node chain.js <chalkgrad|port> [length]
 */
import { Value } from '@chalkgrad/core';
import { PortValue } from './baseline';

const name = process.argv[2];
const length = Number(process.argv[3] ?? 1_000_000);
const t0 = process.hrtime.bigint();
let grad: number;
if (name === 'chalkgrad') {
  const x = new Value(1);
  let y = x;
  for (let i = 0; i < length; i++) y = y.mul(1.0001);
  y.backward();
  grad = x.grad;
} else if (name === 'port') {
  const x = new PortValue(1);
  let y = x;
  for (let i = 0; i < length; i++) y = y.mul(1.0001);
  y.backward();
  grad = x.grad;
} else {
  throw new Error('usage: chain.js <chalkgrad|port> [length]');
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ impl: name, seconds, grad, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
