/**
 * SGD, momentum, Nesterov and Adam on the ravine f(θ) = ½θ₁² + 10θ₂², from the same start, with
 * the loss after 50 steps; writes optimizers.svg (the paths over the contours) when run directly.
 * SGD, momentum and Nesterov share η = 0.02: the steep direction limits the step, so plain SGD
 * crawls along the flat one while momentum builds up speed there.
 * Run: corepack pnpm exec ts-node examples/optimizers.ts
 */
import { writeFileSync } from 'node:fs';
import { Value } from '@chalkgrad/core';
import { Adam, Momentum, Nesterov, type Optimizer, SGD } from '@chalkgrad/nn';
import { trajectoryPlot } from '@chalkgrad/viz';

const f = (x: number, y: number) => 0.5 * x * x + 10 * y * y;

export function main(log: (s: string) => void = console.log) {
  const makers: [string, (p: Value[]) => Optimizer][] = [
    ['SGD', (p) => new SGD(p, { lr: 0.02 })],
    ['momentum', (p) => new Momentum(p, { lr: 0.02, momentum: 0.9 })],
    ['Nesterov', (p) => new Nesterov(p, { lr: 0.02, momentum: 0.9 })],
    ['Adam', (p) => new Adam(p, { lr: 0.3 })],
  ];
  const runs = makers.map(([name, make]) => {
    const p = [new Value(-4.5), new Value(1.5)];
    const opt = make(p);
    const points: [number, number][] = [[p[0].data, p[1].data]];
    for (let i = 0; i < 50; i++) {
      opt.zeroGrad();
      p[0].mul(p[0]).mul(0.5).add(p[1].mul(p[1]).mul(10)).backward();
      opt.step();
      points.push([p[0].data, p[1].data]);
    }
    const loss = f(p[0].data, p[1].data);
    log(`${name.padEnd(9)} loss after 50 steps: ${loss.toExponential(3)}`);
    return { name, points, loss };
  });
  return { runs, svg: trajectoryPlot(f, runs, { xrange: [-5, 5], yrange: [-2, 2] }) };
}

if (require.main === module) writeFileSync('optimizers.svg', main().svg);
