import { Value, zeroGrad, noGrad, isGradEnabled } from '@chalkgrad/core';

const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const sig = (z: number) => 1 / (1 + Math.exp(-z));

describe('Value: lecture examples', () => {
  test('perceptron sigmoid(1 + 3*x1 - 2*x2) at x = (-1, 2) is sigmoid(-6) with closed-form gradients', () => {
    const x1 = new Value(-1, 'x1');
    const x2 = new Value(2, 'x2');
    const y = new Value(1).add(x1.mul(3)).sub(x2.mul(2)).sigmoid();
    close(y.data, sig(-6));
    expect(y.data).toBeCloseTo(0.00247, 5);
    y.backward();
    const s = sig(-6) * (1 - sig(-6));
    close(x1.grad, 3 * s);
    close(x2.grad, -2 * s);
  });

  test('f(g(h(x))) gives the product of the three local derivatives', () => {
    const x = new Value(0.7, 'x');
    const h = x.mul(x); // h = x², h' = 2x
    const g = h.sin(); // g' = cos(h)
    const f = g.exp(); // f' = exp(g)
    f.backward();
    close(x.grad, Math.exp(Math.sin(0.49)) * Math.cos(0.49) * 2 * 0.7);
    close(h.grad, Math.exp(Math.sin(0.49)) * Math.cos(0.49));
    close(g.grad, Math.exp(Math.sin(0.49)));
  });

  test('x*x records two edges to x and gives 2x', () => {
    const x = new Value(3, 'x');
    const y = x.mul(x);
    expect(y.inputs).toEqual([x, x]);
    expect(y.localGrads).toEqual([3, 3]);
    y.backward();
    expect(x.grad).toBe(6);
  });

  test('a=1; b=a+a; c=b+b gives dc/da = 4', () => {
    const a = new Value(1, 'a');
    const b = a.add(a);
    const c = b.add(b);
    c.backward();
    expect(a.grad).toBe(4);
    expect(b.grad).toBe(2);
  });

  test('gradients accumulate through a re-used non-leaf', () => {
    const x = new Value(2, 'x');
    const u = x.mul(3); // used twice below
    const y = u.mul(u).add(u.tanh());
    y.backward();
    close(u.grad, 2 * 6 + (1 - Math.tanh(6) ** 2));
    close(x.grad, 3 * (2 * 6 + (1 - Math.tanh(6) ** 2)));
  });
});

describe('Value: backward semantics', () => {
  test('a second backward adds again into leaves; inner nodes hold this pass', () => {
    const x = new Value(2, 'x');
    const h = x.mul(x);
    const y = h.mul(5);
    y.backward();
    expect(x.grad).toBe(20);
    y.backward();
    expect(x.grad).toBe(40);
    expect(h.grad).toBe(5);
    expect(y.grad).toBe(1);
  });

  test('zeroGrad on a graph and on a list', () => {
    const x = new Value(2);
    const w = new Value(3);
    const y = x.mul(w);
    y.backward();
    expect([x.grad, w.grad]).toEqual([3, 2]);
    zeroGrad([x]);
    expect([x.grad, w.grad]).toEqual([0, 2]);
    zeroGrad(y);
    expect([x.grad, w.grad, y.grad]).toEqual([0, 0, 0]);
  });

  test('grad and data are plain writable numbers (micrograd-style update)', () => {
    const p = new Value(1, 'p');
    const loss = p.mul(p);
    loss.backward();
    p.data -= 0.1 * p.grad;
    p.grad = 0;
    expect(p.data).toBeCloseTo(0.8, 12);
    expect(p.grad).toBe(0);
  });

  test('a 1,000,000-node chain backprops with the default stack', () => {
    const x = new Value(1, 'x');
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.mul(1.0000001);
    y.backward();
    close(x.grad, Math.pow(1.0000001, 1_000_000), 1e-9);
  });

  test('Value.sum is one node with n edges of derivative 1', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => new Value(i));
    const s = Value.sum(xs);
    expect(s.data).toBe((9999 * 10000) / 2);
    expect(s.op).toBe('sum');
    expect(s.inputs.length).toBe(10_000);
    s.backward();
    expect(xs.every((x) => x.grad === 1)).toBe(true);
    expect(Value.sum([1, 2, new Value(3)]).data).toBe(6);
  });

  test('numbers are wrapped as constant leaves, as micrograd does', () => {
    const x = new Value(2);
    const y = x.mul(3).add(1);
    expect(y.inputs[1].data).toBe(1);
    expect(y.inputs[0].inputs[1].data).toBe(3);
    expect(y.inputs[0].inputs[1].inputs.length).toBe(0);
  });

  test('noGrad records nothing; detach cuts the graph', () => {
    const x = new Value(2);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(x);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.data).toBe(4);
    expect(y.inputs.length).toBe(0);
    const d = x.mul(3).detach();
    const z = d.mul(x);
    z.backward();
    expect(x.grad).toBe(6);
    expect(d.grad).toBe(2);
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('every op method computes the right value', () => {
    const a = new Value(0.5);
    const cases: [Value, number][] = [
      [a.add(2), 2.5], [a.sub(2), -1.5], [a.mul(4), 2], [a.div(4), 0.125], [a.pow(2), 0.25], [a.pow(new Value(2)), 0.25],
      [a.neg(), -0.5], [a.exp(), Math.exp(0.5)], [a.log(), Math.log(0.5)], [a.tanh(), Math.tanh(0.5)], [a.sigmoid(), sig(0.5)],
      [a.relu(), 0.5], [new Value(-2).relu(), 0], [new Value(-2).leakyRelu(), -0.02], [new Value(-2).leakyRelu(0.1), -0.2],
      [a.softplus(), Math.log(1 + Math.exp(0.5))], [a.sqrt(), Math.sqrt(0.5)], [new Value(-3).abs(), 3], [a.sin(), Math.sin(0.5)], [a.cos(), Math.cos(0.5)],
    ];
    for (const [v, expected] of cases) close(v.data, expected);
    expect(new Value(-800).sigmoid().data).toBe(0);
    expect(new Value(800).softplus().data).toBe(800);
    expect(Value.apply('tanh', 0.5).data).toBeCloseTo(Math.tanh(0.5), 15);
    expect(() => Value.apply('frobnicate', 1)).toThrow(/unknown op 'frobnicate'. Known ops: add, sub/);
  });
});

describe('Value: printing', () => {
  test('console.log and JSON.stringify show the numbers and names, not the engine storage', () => {
    const { inspect } = require('node:util') as typeof import('node:util');
    const x = new Value(2, 'x');
    const y = x.mul(x).add(1);
    y.backward();
    expect(inspect(x)).toBe('Value(x = 2, grad=4)');
    const v = new Value(3);
    // an unlabelled Value the user made is a variable, printed by its id; a number an op took is a constant
    expect(inspect([v, Value.from(3)])).toBe(`[ Value(leaf#${v.id} = 3, grad=0), Value(3, grad=0) ]`);
    expect(String(y)).toBe(`Value(add#${y.id} = 5, grad=1)`);
    expect(JSON.parse(JSON.stringify({ x, y }))).toEqual({ x: { label: 'x', op: '', data: 2, grad: 4 }, y: { label: '', op: 'add', data: 5, grad: 1 } });
  });
});

describe('Value: wrong arguments are named, not turned into NaN', () => {
  test('operands, data and labels', () => {
    const x = new Value(1, 'x');
    expect(() => x.add('a' as never)).toThrow(new TypeError('add: expected a Value or a number, got string "a"'));
    expect(() => x.mul(undefined as never)).toThrow('mul: expected a Value or a number, got undefined');
    expect(() => x.pow([2] as never)).toThrow('pow: expected a Value or a number, got array [2]');
    expect(() => Value.sum([x, '2' as never])).toThrow('Value.sum: expected a Value or a number, got string "2"');
    expect(() => new Value('3' as never)).toThrow('new Value: data must be a number, got string "3"');
    expect(() => new Value(3, 5 as never)).toThrow('new Value: the label must be a string, got number 5');
    expect(() => x.leakyRelu('0.1' as never)).toThrow('leakyRelu: the slope must be a number, got string "0.1"');
    expect(x.add(2).data).toBe(3); // numbers still become constant leaves
  });

  test('trace, grad and gradcheck say which argument is which', () => {
    const { trace, grad, gradcheck } = require('@chalkgrad/core') as typeof import('@chalkgrad/core');
    expect(() => trace(3 as never)).toThrow('trace: expected the Value or Tensor whose backward pass to show');
    expect(() => grad(3 as never, [])).toThrow('grad: the first argument is the Value or Tensor to differentiate, got number 3');
    expect(() => grad(new Value(1), 2 as never)).toThrow('grad: the second argument is the list of Values');
    expect(() => gradcheck(3 as never, [1])).toThrow('gradcheck: the first argument is the function to check, as in gradcheck((x, y) => x.mul(y), [2, 3]); got number 3');
    expect(() => gradcheck((a: Value) => a, 2 as never)).toThrow('gradcheck: the second argument is the list of points');
  });
});
