import { Value, tensor } from '@chalkgrad/core';
import { optimizerPath, SGD, Momentum, Nesterov, Adagrad, Adadelta, RMSProp, Adam, AdamW, makeOptimizer, clipGradNorm, gradNorm, stepDecay, exponentialDecay, linearDecay } from '@chalkgrad/nn';

/**
 * Each optimizer runs two steps on f(p) = p² (gradient 2p) from p = 1, for a scalar Value and a
 * Tensor parameter; the expected numbers are the update equations worked by hand.
 */
function twoSteps(make: (params: (Value | ReturnType<typeof tensor>)[]) => { step(): void; zeroGrad(): void }) {
  const v = new Value(1);
  const t = tensor([1], { requiresGrad: true });
  const opt = make([v, t]);
  const out: number[][] = [];
  for (let k = 0; k < 2; k++) {
    opt.zeroGrad();
    v.mul(v).backward();
    t.mul(t).sum().backward();
    opt.step();
    out.push([v.data, t.data[0]]);
  }
  return out;
}

const expectSteps = (got: number[][], p1: number, p2: number) => {
  for (const [s, e] of [[0, p1], [1, p2]] as const) {
    expect(got[s][0]).toBeCloseTo(e, 12);
    expect(got[s][1]).toBeCloseTo(e, 12);
  }
};

describe('optimizers against their update equations, two steps', () => {
  test.each(['float32', 'float64'] as const)('SGD on a large %s tensor (one axpy on core\'s kernels) gives p[i] − η g[i] as a loop does', (dtype) => {
    const p = tensor(Array.from({ length: 1001 }, (_, i) => Math.sin(i)), { dtype, requiresGrad: true });
    p.mul(p).mul(0.37).sum().backward();
    const g = Array.from(p.grad!.data);
    const start = Array.from(p.data);
    new SGD([p], { lr: 0.013 }).step();
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    expect(Array.from(p.data)).toEqual(start.map((x, i) => round(x - 0.013 * g[i])));
  });

  test('SGD: p ← p − η g', () => {
    // g1 = 2 → p1 = 1 − 0.1·2 = 0.8; g2 = 1.6 → p2 = 0.64
    expectSteps(twoSteps((p) => new SGD(p, { lr: 0.1 })), 0.8, 0.64);
  });
  test('Momentum: v ← μv − ηg; p ← p + v', () => {
    // v1 = −0.2, p1 = 0.8; g2 = 1.6, v2 = 0.9·(−0.2) − 0.16 = −0.34, p2 = 0.46
    expectSteps(twoSteps((p) => new Momentum(p, { lr: 0.1, momentum: 0.9 })), 0.8, 0.46);
  });
  test('Nesterov: v ← μv − ηg; p ← p + μv − ηg', () => {
    // v1 = −0.2, p1 = 1 − 0.18 − 0.2 = 0.62; g2 = 1.24, v2 = −0.18 − 0.124 = −0.304, p2 = 0.62 − 0.2736 − 0.124 = 0.2224
    expectSteps(twoSteps((p) => new Nesterov(p, { lr: 0.1, momentum: 0.9 })), 0.62, 0.2224);
  });
  test('Adagrad: G ← G + g²; p ← p − ηg/(√G + ε)', () => {
    // G1 = 4, p1 = 1 − 0.1·2/2 = 0.9; g2 = 1.8, G2 = 7.24, p2 = 0.9 − 0.18/√7.24
    expectSteps(twoSteps((p) => new Adagrad(p, { lr: 0.1, eps: 0 })), 0.9, 0.9 - 0.18 / Math.sqrt(7.24));
  });
  test('RMSProp: E ← ρE + (1−ρ)g²; p ← p − ηg/(√E + ε)', () => {
    const E1 = 0.1 * 4;
    const p1 = 1 - (0.01 * 2) / Math.sqrt(E1);
    const g2 = 2 * p1;
    const E2 = 0.9 * E1 + 0.1 * g2 * g2;
    expectSteps(twoSteps((p) => new RMSProp(p, { lr: 0.01, rho: 0.9, eps: 0 })), p1, p1 - (0.01 * g2) / Math.sqrt(E2));
  });
  test('Adadelta', () => {
    const rho = 0.9, eps = 1e-6;
    let p = 1, Eg = 0, Ed = 0;
    const expected: number[] = [];
    for (let k = 0; k < 2; k++) {
      const g = 2 * p;
      Eg = rho * Eg + (1 - rho) * g * g;
      const d = (-Math.sqrt(Ed + eps) / Math.sqrt(Eg + eps)) * g;
      Ed = rho * Ed + (1 - rho) * d * d;
      p += d;
      expected.push(p);
    }
    expectSteps(twoSteps((ps) => new Adadelta(ps, { rho, eps })), expected[0], expected[1]);
  });
  test('Adam: bias-corrected moments', () => {
    // step 1: m̂ = g, v̂ = g² → p1 = 1 − η·g/|g| = 0.9 (ε = 0)
    const p1 = 0.9;
    const g1 = 2, g2 = 2 * p1;
    const m2 = 0.9 * 0.1 * g1 + 0.1 * g2;
    const v2 = 0.999 * 0.001 * g1 * g1 + 0.001 * g2 * g2;
    const p2 = p1 - (0.1 * (m2 / (1 - 0.81))) / Math.sqrt(v2 / (1 - 0.999 ** 2));
    expectSteps(twoSteps((p) => new Adam(p, { lr: 0.1, eps: 0 })), p1, p2);
  });
  test('AdamW: decoupled weight decay, then Adam', () => {
    const lr = 0.1, wd = 0.5;
    const p1 = 1 * (1 - lr * wd) - 0.1;
    const g2 = 2 * p1;
    const m2 = 0.9 * 0.1 * 2 + 0.1 * g2;
    const v2 = 0.999 * 0.001 * 4 + 0.001 * g2 * g2;
    const p2 = p1 * (1 - lr * wd) - (lr * (m2 / (1 - 0.81))) / Math.sqrt(v2 / (1 - 0.999 ** 2));
    expectSteps(twoSteps((p) => new AdamW(p, { lr, eps: 0, weightDecay: wd })), p1, p2);
  });
  test('weight decay adds λp to the gradient of SGD', () => {
    expectSteps(twoSteps((p) => new SGD(p, { lr: 0.1, weightDecay: 0.5 })), 1 - 0.1 * 2.5, 0.75 - 0.1 * (1.5 + 0.375));
  });
  test('by name, with a clear error for unknown names', () => {
    expect(makeOptimizer('Adam', [new Value(1)])).toBeInstanceOf(Adam);
    expect(() => makeOptimizer('lbfgs', [])).toThrow("unknown optimizer 'lbfgs'; known: sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw");
  });
});

describe('clipping and schedules', () => {
  test('clipGradNorm scales all gradients to the joint norm', () => {
    const a = new Value(0);
    a.grad = 3;
    const t = tensor([0], { requiresGrad: true });
    t.grad = tensor([4]);
    expect(clipGradNorm([a, t], 1)).toBe(5);
    expect(a.grad).toBeCloseTo(0.6, 14);
    expect(t.grad.data[0]).toBeCloseTo(0.8, 14);
    expect(gradNorm([a, t])).toBeCloseTo(1, 14);
    const opt = new SGD([a], { lr: 1, clipNorm: 0.1 });
    a.grad = 10;
    opt.step();
    expect(a.data).toBeCloseTo(-0.1, 14);
  });

  test('step, exponential and linear decay', () => {
    expect([0, 1, 2, 3, 4].map(stepDecay(1, 2, 0.5))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(exponentialDecay(2, 0.5)(3)).toBe(0.25);
    expect(linearDecay(1, 0.1, 10)(0)).toBe(1);
    expect(linearDecay(1, 0.1, 10)(5)).toBeCloseTo(0.55, 14);
    expect(linearDecay(1, 0.1, 10)(20)).toBeCloseTo(0.1, 14);
  });
});

test('optimizerPath records the point after every step', () => {
  const { points, loss } = optimizerPath((p) => p.mul(p), [1], (ps) => new SGD(ps, { lr: 0.1 }), 2);
  expect(points.length).toBe(3);
  [1, 0.8, 0.64].forEach((v, i) => expect(points[i][0]).toBeCloseTo(v, 14));
  expect(loss).toBeCloseTo(0.64 ** 2, 14);
});
