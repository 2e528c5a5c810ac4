/**
 * SGD, momentum, Nesterov and Adam on the ravine f(θ) = ½θ₁² + 10θ₂², from the same start, with
 * the loss after 50 steps; writes optimizers.svg (the paths over the contours) when run directly.
 * SGD, momentum and Nesterov share η = 0.02: the steep direction limits the step, so plain SGD
 * crawls along the flat one while momentum builds up speed there.
 * Run: corepack pnpm ts examples/optimizers.ts
 */
import { writeFileSync } from 'node:fs';
import { Value } from '@chalkgrad/core';
import { Adam, Momentum, Nesterov, type Optimizer, SGD, optimizerPath } from '@chalkgrad/nn';
import { trajectoryPlot } from '@chalkgrad/viz';

const f = (x: number, y: number) => 0.5 * x * x + 10 * y * y;
const ravine = (x: Value, y: Value) => x.mul(x).mul(0.5).add(y.mul(y).mul(10));

export function main(log: (s: string) => void = console.log) {
  const makers: [string, (p: Value[]) => Optimizer][] = [
    ['SGD', (p) => new SGD(p, { lr: 0.02 })],
    ['momentum', (p) => new Momentum(p, { lr: 0.02, momentum: 0.9 })],
    ['Nesterov', (p) => new Nesterov(p, { lr: 0.02, momentum: 0.9 })],
    ['Adam', (p) => new Adam(p, { lr: 0.3 })],
  ];
  const runs = makers.map(([name, make]) => {
    const { points, loss } = optimizerPath(ravine, [-4.5, 1.5], make, 50);
    log(`${name.padEnd(9)} loss after 50 steps: ${loss.toExponential(3)}`);
    return { name, points: points as [number, number][], loss };
  });
  return { runs, svg: trajectoryPlot(f, runs, { xrange: [-5, 5], yrange: [-2, 2] }) };
}

if (require.main === module) writeFileSync('optimizers.svg', main().svg);
