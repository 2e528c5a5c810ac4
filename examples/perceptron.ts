/**
 * The perceptron of the lecture notes: y = sigmoid(1 + 3·x1 − 2·x2) at x = (−1, 2).
 * Prints the value, every gradient, the backward pass step by step, and a gradcheck.
 * Run: corepack pnpm ts examples/perceptron.ts
 */
import { Value, gradcheck, trace } from '@chalkgrad/core';

export function perceptron(x1: Value, x2: Value): Value {
  return new Value(1, 'b').add(x1.mul(new Value(3, 'w1')).named('w1x1')).sub(x2.mul(new Value(2, 'w2')).named('w2x2')).named('z').sigmoid().named('y');
}

export function main(log: (s: string) => void = console.log) {
  const x1 = new Value(-1, 'x1');
  const x2 = new Value(2, 'x2');
  const y = perceptron(x1, x2);
  y.backward();
  log(`y = sigmoid(1 + 3·x1 − 2·x2) at x = (−1, 2) = ${y.data}`);
  log(`∂y/∂x1 = ${x1.grad}\n∂y/∂x2 = ${x2.grad}\n`);
  log(`${trace(y).toString()}\n`);
  const report = gradcheck(perceptron, [-1, 2], { labels: ['x1', 'x2'] });
  log(report.toString());
  return { y: y.data, grads: [x1.grad, x2.grad], gradcheckOk: report.ok };
}

if (require.main === module) main();
