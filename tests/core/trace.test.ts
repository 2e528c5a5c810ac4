import { Value, buildFormula, describeValue, grad, isConstant, parseFormula, partial, topoSort, trace } from '@chalkgrad/core';

describe('trace', () => {
  test('chain-rule steps in reverse topological order with contributions', () => {
    const a = new Value(2, 'a');
    const b = new Value(-3, 'b');
    const e = a.mul(b).named('e');
    const d = e.add(a).named('d');
    const L = d.tanh().named('L');
    const t = trace(L);
    expect(t.steps.map((s) => s.node.label)).toEqual(['L', 'd', 'e']);
    const [sL, sd, se] = t.steps;
    expect(sL.grad).toBe(1);
    const dtanh = 1 - Math.tanh(-4) ** 2;
    expect(sL.edges[0].local).toBeCloseTo(dtanh, 15);
    expect(sd.grad).toBeCloseTo(dtanh, 15);
    expect(sd.edges.map((x) => x.input.label)).toEqual(['e', 'a']);
    expect(sd.edges[1].gradAfter).toBeCloseTo(dtanh, 15); // a's first contribution
    expect(se.edges[0]).toMatchObject({ slot: 0, formula: '∂(a·b)/∂a = b' });
    expect(se.edges[0].local).toBe(-3);
    expect(se.edges[0].contribution).toBeCloseTo(-3 * dtanh, 15);
    expect(se.edges[0].gradAfter).toBeCloseTo(dtanh - 3 * dtanh, 15); // a accumulated twice
    expect(t.leafGrads.map((x) => [x.leaf.label, x.grad])).toEqual([
      ['a', se.edges[0].gradAfter],
      ['b', se.edges[1].gradAfter],
    ]);
  });

  test('agrees with backward and does not change .grad', () => {
    const x = new Value(0.3, 'x');
    const y = x.mul(x).sin().add(x.exp()).named('y');
    const t = trace(y);
    expect(x.grad).toBe(0);
    y.backward();
    expect(t.leafGrads.find((l) => l.leaf === x)!.grad).toBeCloseTo(x.grad, 15);
    const lastXEdge = t.steps.flatMap((s) => s.edges).filter((e) => e.input === x).pop()!;
    expect(lastXEdge.gradAfter).toBeCloseTo(x.grad, 15);
  });

  test('prints a readable table, one row per edge; unnamed nodes by sub-expression, no rows for constants', () => {
    const x1 = new Value(-1, 'x1');
    const x2 = new Value(2, 'x2');
    const y = x1.mul(3).add(1).sub(x2.mul(2)).sigmoid().named('y');
    const text = trace(y).toString();
    const lines = text.split('\n');
    expect(lines[0]).toBe('backward trace of y = 0.00247262 (seed ∂y/∂y = 1)');
    expect(lines[1]).toMatch(/^step\s+node\s+grad\s+input\s+local ∂\s+grad × local\s+input grad\s+rule$/);
    expect(lines[3]).toMatch(/^\s+1\s+y = σ\s+1\s+x1·3 \+ 1 − x2·2\s+0\.00246651\s+0\.00246651\s+0\.00246651\s+∂σ\(a\)\/∂a = σ\(a\)·\(1 − σ\(a\)\)$/);
    expect(lines.length).toBe(3 + 1 + 2 + 1 + 1 + 1); // header lines + 9 edges, 3 of them from the constants 3, 1 and 2
    expect(lines.map((l) => l.split(/\s{2,}/)[3])).not.toContain('3');
    expect(text).toMatch(/^\s+5\s+x1·3 = ×\s+0\.00246651\s+x1\s+3\s/m);
  });
});

describe('constants are the numbers an expression was built with; every new Value is a variable', () => {
  test("micrograd's classic example without labels: both leaves get rows and gradients, named leaf#id", () => {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b);
    c.backward();
    expect([isConstant(a), isConstant(b)]).toEqual([false, false]);
    const t = trace(c);
    expect(t.leafGrads.map((l) => [l.leaf, l.grad])).toEqual([[a, b.data], [b, a.data]]);
    expect([a.grad, b.grad]).toEqual([b.data, a.data]);
    expect(describeValue(a)).toBe(`leaf#${a.id}`);
    expect(describeValue(c)).toBe(`leaf#${a.id}·leaf#${b.id}`);
    expect(partial(a)).toBe(`∂leaf#${a.id}`);
    const rows = t.toString().split('\n').slice(3);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^\\s+1\\s+leaf#${a.id}·leaf#${b.id} = ×\\s+1\\s+leaf#${a.id}\\s+-3\\s`));
    expect(rows[1]).toMatch(new RegExp(`^\\s+leaf#${b.id}\\s+2\\s`));
  });

  test("the README's grad(x.tanh(), [x]) with an unlabelled x: a trace row and the gradient", () => {
    const x = new Value(0.5);
    const [g] = grad(x.tanh(), [x]);
    expect(g.data).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 15);
    const t = trace(x.tanh());
    expect(t.steps[0].edges.map((e) => e.input)).toEqual([x]);
    expect(t.toString()).toContain(`tanh(leaf#${x.id})`);
    expect(t.leafGrads).toEqual([{ leaf: x, grad: g.data }]);
  });

  test('numbers an op coerces are constants: no rows, named by value', () => {
    const x = new Value(1.5, 'x');
    const y = Value.sum([x.mul(3), 1]);
    const constants = topoSort<Value>(y).filter(isConstant);
    expect(constants.map((v) => v.data).sort()).toEqual([1, 3]);
    expect(describeValue(y)).toBe('x·3 + 1');
    expect(trace(y).leafGrads.map((l) => l.leaf)).toEqual([x]);
    const rows = trace(y).toString().split('\n').slice(3);
    expect(rows).toHaveLength(2); // x·3 + 1 → x·3, then x·3 → x; none into 3 or 1
    expect(rows[0]).toMatch(/^\s+1\s+x·3 \+ 1 = Σ\s+1\s+x·3\s/);
    expect(rows[1]).toMatch(/^\s+2\s+x·3 = ×\s+1\s+x\s+3\s/);
    expect(isConstant(Value.from(4))).toBe(true);
    expect(isConstant(Value.from(4).detach())).toBe(true);
    expect(isConstant(new Value(4).detach())).toBe(false);
    // naming a constant does not make it a variable
    expect(isConstant(Value.from(4).named('k'))).toBe(true);
  });

  test("a formula's numeric literals and named constants are constants; its variables are not", () => {
    const x = new Value(2, 'x');
    const y = buildFormula('2*x + pi', parseFormula('2*x + pi'), { x });
    const leaves = topoSort<Value>(y).filter((v) => v.numInputs === 0);
    expect(leaves.map((v) => [describeValue(v), isConstant(v)])).toEqual([['2', true], ['x', false], ['pi', true]]);
    expect(trace(y).leafGrads.map((l) => [l.leaf.label, l.grad])).toEqual([['x', 2]]);
  });
});
