import { Value, grad, trace } from '@chalkgrad/core';

const second = (build: (x: Value) => Value, x0: number) => {
  const x = new Value(x0, 'x');
  const [d1] = grad(build(x), [x], { createGraph: true });
  const [d2] = grad(d1, [x]);
  return { d1: d1.data, d2: d2.data, x };
};

describe('grad(output, inputs, { createGraph })', () => {
  test.each([-1.3, 0.2, 0.9])('tanh at %p: first and second derivatives in closed form', (x0) => {
    const t = Math.tanh(x0);
    const { d1, d2 } = second((x) => x.tanh(), x0);
    expect(d1).toBeCloseTo(1 - t * t, 12);
    expect(d2).toBeCloseTo(-2 * t * (1 - t * t), 12);
  });

  test.each([-2, 0.3, 1.5])('sigmoid at %p', (x0) => {
    const s = 1 / (1 + Math.exp(-x0));
    const { d1, d2 } = second((x) => x.sigmoid(), x0);
    expect(d1).toBeCloseTo(s * (1 - s), 12);
    expect(d2).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 12);
  });

  test.each([-1, 0.5, 2])('exp at %p', (x0) => {
    const { d1, d2 } = second((x) => x.exp(), x0);
    expect(d1).toBeCloseTo(Math.exp(x0), 12);
    expect(d2).toBeCloseTo(Math.exp(x0), 12);
  });

  test.each([-1.5, 0.5, 2])('x^3 at %p (as pow and as x*x*x)', (x0) => {
    for (const build of [(x: Value) => x.pow(3), (x: Value) => x.mul(x).mul(x)]) {
      const { d1, d2 } = second(build, x0);
      expect(d1).toBeCloseTo(3 * x0 * x0, 12);
      expect(d2).toBeCloseTo(6 * x0, 12);
    }
  });

  test('third derivative of x^3 is 6', () => {
    const x = new Value(0.7);
    const [d1] = grad(x.pow(3), [x], { createGraph: true });
    const [d2] = grad(d1, [x], { createGraph: true });
    const [d3] = grad(d2, [x]);
    expect(d3.data).toBeCloseTo(6, 12);
  });

  test('does not touch .grad; unused inputs get 0; mixed partials', () => {
    const x = new Value(2, 'x');
    const y = new Value(3, 'y');
    const unused = new Value(5);
    const f = x.mul(x).mul(y); // f = x²y
    const [fx, fy, fu] = grad(f, [x, y, unused], { createGraph: true });
    expect([fx.data, fy.data, fu.data]).toEqual([12, 4, 0]);
    expect([x.grad, y.grad]).toEqual([0, 0]);
    const [fxy] = grad(fx, [y]);
    expect(fxy.data).toBe(4); // ∂²f/∂x∂y = 2x
  });
});

describe('one backward walk, O(1) per edge', () => {
  // Timed as ratios to backward() in the same run: a shared machine inflates milliseconds, not ratios.
  const median = (f: () => void) => {
    const times = Array.from({ length: 5 }, () => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    });
    return times.sort((a, b) => a - b)[2];
  };
  const N = 20_000;
  const xs = Array.from({ length: N }, (_, i) => new Value(i / N, `x${i}`));
  const s = Value.sum(xs.map((x) => x.mul(x)));

  test('grad() and trace() of a 20,000-input Value.sum cost about what backward() costs', () => {
    const backward = median(() => s.backward());
    // Reading the n-ary node's edge lists once per edge made these quadratic: 700 times backward's time.
    expect(median(() => grad(s, xs)) / backward).toBeLessThan(20);
    expect(median(() => trace(s)) / backward).toBeLessThan(40);
    const [g] = grad(s, [xs[7]]);
    expect(g.data).toBeCloseTo(2 * xs[7].data, 15);
    expect(trace(s).steps[0].edges.length).toBe(N);
  });

  test("a user's loop over the edges of that sum (s.localGrads[j] · s.inputs[j].data) costs about what backward() costs", () => {
    // Each read of the lists copied them: 23 s for this loop against 16 ms for backward.
    let total = 0;
    const loop = median(() => {
      total = 0;
      for (let j = 0; j < s.inputs.length; j++) total += s.localGrads[j] * s.inputs[j].data;
    });
    expect(total).toBeCloseTo(s.data, 6);
    expect(loop / median(() => s.backward())).toBeLessThan(20);
  });

  test("an n-ary node's lists are the graph's own, read-only: the same list each read, which no one can change", () => {
    const a = new Value(1, 'a');
    const sum = Value.sum([a, a.mul(2), 3]);
    expect(sum.inputs).toBe(sum.inputs);
    expect(sum.localGrads).toEqual([1, 1, 1]);
    expect(() => (sum.inputs as Value[]).push(a)).toThrow(TypeError);
    expect(() => ((sum.localGrads as number[])[0] = 5)).toThrow(TypeError);
    sum.backward();
    expect(a.grad).toBe(3);
    const m = a.mul(a);
    expect(m.inputs).toEqual([a, a]);
    expect(m.localGrads).toEqual([1, 1]);
  });

  test('grad() and trace() leave every .grad as it was, even of inputs outside the graph', () => {
    const x = new Value(2, 'x');
    const outside = new Value(1, 'outside');
    x.grad = 5;
    outside.grad = 7;
    const y = x.mul(x).named('y');
    y.grad = 3;
    const [gx, go] = grad(y, [x, outside]);
    trace(y);
    expect([gx.data, go.data]).toEqual([4, 0]);
    expect([x.grad, outside.grad, y.grad]).toEqual([5, 7, 3]);
  });
});
