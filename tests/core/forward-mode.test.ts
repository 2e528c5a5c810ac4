/**
 * Forward mode beside reverse mode: jvp, jacobian and hessian by both modes, compareModes' counts,
 * the forward trace, on graphs built from the op table.
 */
import { SCALAR_OPS, type ScalarOp, Rng, Value, compareModes, forwardTangents, grad, hessian, jacobian, jvp, randn, tensor, trace, type Tensor } from '@chalkgrad/core';

/** A seeded random graph over the ops of the table defined on all reals: each node uses 1 or 2 earlier nodes. */
function randomGraph(seed: number, nInputs: number, nNodes: number, nOutputs: number) {
  const rng = new Rng(seed);
  const ops = Object.values(SCALAR_OPS as Record<string, ScalarOp>).filter((op) => op.arity !== 'n' && op.domainText === undefined);
  // drawn once, so every call of f builds the same graph
  const plan = Array.from({ length: nNodes }, (_, i) => ({ op: ops[rng.int(ops.length)], a: rng.int(nInputs + i), b: rng.int(nInputs + i) }));
  return (...xs: Value[]): Value[] => {
    const nodes = [...xs];
    for (const { op, a, b } of plan) nodes.push(op.arity === 2 ? Value.apply(op.name, nodes[a], nodes[b]).tanh() : Value.apply(op.name, nodes[a], op.params?.[0] ?? 0));
    return nodes.slice(-nOutputs);
  };
}

describe('forward and reverse mode give the same derivatives', () => {
  test.each([1, 2, 3, 4, 5, 6])('random graph #%p: jacobian by both modes, compareModes and jvp agree', (seed) => {
    const f = randomGraph(seed, 3, 25, 2);
    const at = [0.3, -0.7, 1.1];
    const J = jacobian(f, at);
    const Jf = jacobian(f, at, { mode: 'forward' });
    J.forEach((row, i) => row.forEach((d, j) => expect(Jf[i][j]).toBeCloseTo(d, 12)));
    const c = compareModes(f, at);
    expect(c.maxDifference).toBeLessThan(1e-12);
    const { tangent } = jvp(f, at, [1, 2, 3]);
    tangent.forEach((t, i) => expect(t).toBeCloseTo(J[i][0] + 2 * J[i][1] + 3 * J[i][2], 12));
  });
});

describe('compareModes counts what the engine does', () => {
  test('x·y + sin(x): 5 edges; reverse 1 pass of 5, forward 2 passes of 5', () => {
    // edges: mul (x, y), sin (x), add (mul, sin)
    const c = compareModes((x, y) => x.mul(y).add(x.sin()), [0.5, 2]);
    expect(c.edges).toBe(5);
    expect([c.reverse.passes, c.reverse.multiplyAdds]).toEqual([1, 5]);
    expect([c.forward.passes, c.forward.multiplyAdds]).toEqual([2, 10]);
    expect(c.reverse.jacobian).toEqual([[2 + Math.cos(0.5), 0.5]]);
    expect(c.toString()).toContain('reverse mode needs 2× fewer multiply-adds');
  });

  test('one input, three outputs sharing work: forward mode wins', () => {
    // b = sin(x²): 2 edges, shared; each output b·k: 2 edges. Forward: 1 pass of 8. Reverse: 3 passes of 4.
    const c = compareModes((x) => {
      const b = x.pow(2).sin();
      return [b.mul(1), b.mul(2), b.mul(3)];
    }, [0.5]);
    expect([c.forward.passes, c.forward.multiplyAdds]).toEqual([1, 8]);
    expect([c.reverse.passes, c.reverse.multiplyAdds]).toEqual([3, 12]);
    expect(c.toString()).toContain('forward mode needs 1.5× fewer multiply-adds');
  });
});

describe('Hessians by reverse over reverse and forward over reverse', () => {
  const modes = ['reverse-over-reverse', 'forward-over-reverse'] as const;

  test.each(modes)('x·H·x has the Hessian H + Hᵀ (%s)', (mode) => {
    const H = randn([4, 4], { seed: 21 });
    const [[block]] = hessian((x: Tensor) => x.matmul(H.matmul(x)), [randn([4], { seed: 22 })], { mode });
    const expected = H.add(H.T);
    block.data.forEach((h, i) => expect(h).toBeCloseTo(expected.data[i], 12));
  });

  test.each(modes)('sum(sin x) has the Hessian diag(−sin x) (%s)', (mode) => {
    const x = tensor([0.3, -1.2, 2]);
    const [[block]] = hessian((x: Tensor) => x.sin().sum(), [x], { mode });
    expect(block.shape).toEqual([3, 3]);
    block.data.forEach((h, k) => expect(h).toBeCloseTo(k % 4 === 0 ? -Math.sin(x.data[k / 4]) : 0, 12));
  });

  test.each(modes)("a small MLP's loss: the Hessian against finite differences of the gradient (%s)", (mode) => {
    const X = randn([5, 3], { seed: 31 });
    const y = randn([5, 1], { seed: 32 });
    const loss = (W1: Tensor, W2: Tensor) => X.matmul(W1).tanh().matmul(W2).sub(y).pow(2).mean();
    const at = [randn([3, 4], { seed: 33 }), randn([4, 1], { seed: 34 })];
    const H = hessian(loss, at, { mode });
    const eps = 1e-5;
    // column (b, j) of the Hessian = d/d(at[b][j]) of the gradient
    at.forEach((xb, b) => {
      for (let j = 0; j < xb.size; j += 3) {
        const gradAt = (d: number) => {
          const p = at.map((t) => tensor(t.data.slice(), { shape: t.shape, requiresGrad: true }));
          p[b].data[j] += d;
          return grad(loss(p[0], p[1]), p);
        };
        const plus = gradAt(eps);
        const minus = gradAt(-eps);
        at.forEach((xa, a) => {
          for (let i = 0; i < xa.size; i++) expect(H[a][b].data[i * xb.size + j]).toBeCloseTo((plus[a].data[i] - minus[a].data[i]) / (2 * eps), 6);
        });
      }
    });
  });

  test.each(modes)('Value functions: the Hessian of x²y + sin(xy) (%s)', (mode) => {
    const [x, y] = [0.7, -0.4];
    const H = hessian((x, y) => x.mul(x).mul(y).add(x.mul(y).sin()), [x, y], { mode });
    const s = Math.sin(x * y);
    const expected = [
      [2 * y - y * y * s, 2 * x + Math.cos(x * y) - x * y * s],
      [2 * x + Math.cos(x * y) - x * y * s, -x * x * s],
    ];
    H.forEach((row, i) => row.forEach((h, j) => expect(h).toBeCloseTo(expected[i][j], 12)));
  });

  test('jacobian of a Tensor function, both modes: shape [...out, ...in]', () => {
    const W = randn([2, 3], { seed: 41 });
    const x = randn([3], { seed: 42 });
    const [J] = jacobian((x: Tensor) => W.matmul(x).tanh(), [x]);
    const [Jf] = jacobian((x: Tensor) => W.matmul(x).tanh(), [x], { mode: 'forward' });
    expect(J.shape).toEqual([2, 3]);
    const h = W.matmul(x).tanh();
    J.data.forEach((d, k) => {
      const [i, j] = [Math.floor(k / 3), k % 3];
      expect(d).toBeCloseTo((1 - h.data[i] ** 2) * W.data[i * 3 + j], 12);
      expect(Jf.data[k]).toBeCloseTo(d, 12);
    });
  });
});

describe('the forward trace', () => {
  test('steps in topological order carry ∂node/∂x; the last is the derivative backward gives', () => {
    const x1 = new Value(-1, 'x1');
    const x2 = new Value(2, 'x2');
    const y = new Value(1).add(x1.mul(3)).sub(x2.mul(2)).sigmoid().named('y');
    const t = trace(y, { mode: 'forward', wrt: x1 });
    const [g1] = grad(y, [x1]);
    expect(t.tangent).toBeCloseTo(g1.data, 15);
    expect(t.steps.at(-1)!.node).toBe(y);
    const pass = forwardTangents(y, x1);
    for (const s of t.steps) {
      expect(s.tangent).toBe(pass.tangent(s.node));
      expect(s.edges.reduce((sum, e) => sum + e.contribution, 0)).toBeCloseTo(s.tangent, 15);
    }
    const first = t.steps[0].edges.find((e) => e.input === x1)!;
    expect([first.local, first.inputTangent, first.contribution]).toEqual([3, 1, 3]);
    const lines = t.toString().split('\n');
    expect(lines[0]).toBe('forward trace of y = 0.00247262 along x1 (seed ∂x1/∂x1 = 1, every other input 0)');
    expect(lines[1]).toMatch(/^step\s+node\s+input\s+local ∂\s+∂input\/∂x1\s+local × ∂input\s+∂node\/∂x1\s+rule$/);
  });

  test('of a Tensor graph: per node its tangent along ẋ (all ones unless given), each the sum of its edges J·ṫ; the last is ⟨∇, ẋ⟩', () => {
    const t = tensor([0.5, -1, 2], { requiresGrad: true, label: 't' });
    const y = t.tanh().sum();
    const [g] = grad(y, [t]);
    const ones = trace(y, { mode: 'forward', wrt: t });
    expect(ones.tangent.data[0]).toBeCloseTo(Array.from(g.data).reduce((a, b) => a + b, 0), 14);
    expect(ones.steps.map((s) => s.node.op)).toEqual(['tanh', 'reduceSum']);
    expect(Array.from(ones.steps[0].tangent.data)).toEqual(Array.from(g.data)); // 1 − tanh² per element, times 1
    const lines = ones.toString().split('\n');
    expect(lines[0]).toMatch(/^forward trace of Σ tanh\(t\) \[\] along t \(seed ẋ = all ones: every element of t \[3\], every other input 0; norms ‖·‖ of the tangents\); its tangent 1\.27707$/);
    expect(lines[1]).toMatch(/^step\s+node\s+shape\s+input\s+‖input tangent‖\s+‖J·tangent‖\s+‖node tangent‖\s+VJP rule \(forward mode applies its transpose\)$/);
    // a direction of one's own, on a graph where W reaches one node by two paths
    const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
    const L = W.matmul(tensor([1, -1])).tanh().mul(W.sum()).sum();
    const dW = tensor([[0.5, 0], [-1, 2]]);
    const along = trace(L, { mode: 'forward', wrt: W, tangent: dW });
    const [gW] = grad(L, [W]);
    expect(along.tangent.data[0]).toBeCloseTo(Array.from(gW.data).reduce((a, b, i) => a + b * dW.data[i], 0), 12);
    expect(along.tangent.data[0]).toBeCloseTo(jvp((w: Tensor) => w.matmul(tensor([1, -1])).tanh().mul(w.sum()).sum(), [W], [dW]).tangent.data[0], 14);
    for (const s of along.steps) {
      const sum = s.edges.map((e) => e.contribution).reduce((a, b) => a.add(b));
      Array.from(sum.data).forEach((v, i) => expect(v).toBeCloseTo(s.tangent.data[i], 14));
    }
    expect(along.steps.find((s) => s.node.op === 'mul')!.edges).toHaveLength(2);
    expect(Array.from(W.grad?.data ?? [])).toEqual([]); // nothing of the graph is changed
  });

  test('says what forward mode needs', () => {
    const t = tensor([1, 2], { requiresGrad: true });
    const y = t.exp().sum();
    expect(() => trace(y, { mode: 'forward', wrt: new Value(1) } as never)).toThrow('trace: forward mode on a Tensor graph needs { wrt: x }, a Tensor the output was computed from; got');
    expect(() => trace(y, { mode: 'forward', wrt: tensor([1, 2], { label: 'c' }) })).toThrow('trace: forward mode carries a tangent from c [2], which does not require a gradient');
    expect(() => trace(y, { mode: 'forward', wrt: t, tangent: tensor([1]) })).toThrow('trace: the tangent of leaf#');
    expect(() => trace(y, 5 as never)).toThrow("trace: the second argument is the options ({ mode: 'forward', wrt: x }) or the upstream gradient, a Tensor; got number 5");
    expect(() => trace(y, { mode: 'sideways' } as never)).toThrow("trace: mode is 'reverse' or 'forward', got string \"sideways\"");
    expect(trace(y, { mode: 'reverse' }).steps.length).toBe(trace(y).steps.length);
    const x = new Value(1, 'x');
    expect(() => trace(x.exp(), { mode: 'forward' } as never)).toThrow('trace: forward mode needs { wrt: x }, the input Value whose tangent flows forward; got undefined');
    expect(() => trace(x.exp(), { mode: 'sideways' } as never)).toThrow("trace: mode is 'reverse' or 'forward', got string \"sideways\"");
    expect(() => jacobian((x) => x, [1], { mode: 'both' } as never)).toThrow("jacobian: mode is 'reverse' or 'forward', got string \"both\"");
    expect(() => jvp((x) => x, [1, 2], [1])).toThrow('jvp: give one tangent per primal');
    expect(() => hessian((x) => x, [NaN])).toThrow('hessian: the point must be finite numbers (or Tensors), got [NaN]');
    expect(() => jacobian((x: Tensor) => x, [tensor([1]), 2] as never)).toThrow('jacobian: argument 1 of the point is number 2; give Tensors for every argument of a Tensor function');
    expect(() => hessian((x: Tensor) => x, [tensor([1, 2])])).toThrow('hessian: f must return a one-element Tensor (a loss), got shape [2]');
  });
});
