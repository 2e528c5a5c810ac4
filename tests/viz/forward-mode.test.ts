import { Value, forwardTangents, randn } from '@chalkgrad/core';
import { buildGraph, toDot, toTikz } from '@chalkgrad/viz';

describe("toDot(y, { mode: 'forward', wrt: x }): the forward-mode figure of the same graph", () => {
  const build = () => {
    const x1 = new Value(-1, 'x1');
    const x2 = new Value(2, 'x2');
    const y = new Value(1).add(x1.mul(3)).sub(x2.mul(2)).sigmoid().named('y');
    return { x1, x2, y };
  };

  test('nodes show ∂node/∂x, edges the local derivative and the tangent it carries forward', () => {
    const { x1, y } = build();
    const g = buildGraph(y, { mode: 'forward', wrt: x1 });
    const pass = forwardTangents(y, x1);
    // constants (the 1, 3 and 2 of the formula) show no tangent and their edges carry none
    for (const n of g.nodes) expect(n.lines[1]).toBe(n.kind === 'constant' ? undefined : `∂/∂x1 ${+pass.tangent(n.source as Value).toPrecision(4)}`);
    const byId = new Map(g.nodes.map((n) => [n.id, n.source as Value]));
    for (const e of g.edges) expect(e.flow).toBe(e.local === null ? null : e.local * pass.tangent(byId.get(e.from)!));
    const dot = toDot(y, { mode: 'forward', wrt: x1 });
    expect(dot).toContain('∂·∂/∂x1 = 3'); // x1 → 3·x1 carries 3 × 1
    expect(dot).toContain('∂/∂x1 0.0074');
    expect(dot).not.toMatch(/\bgrad[ ·]/);
  });

  test('the reverse-mode figure of the same graph is unchanged; TikZ draws forward mode too', async () => {
    const { x1, y } = build();
    y.backward();
    expect(toDot(y, { edgeLabels: { flow: true } })).toContain('grad·∂ = ');
    expect(await toTikz(y, { mode: 'forward', wrt: x1 })).toContain('x1 = 3'); // ∂ and · are escaped as TeX math
  });

  test('says what forward mode needs', () => {
    const { y } = build();
    expect(() => toDot(y, { mode: 'forward' } as never)).toThrow('toDot: forward mode needs { wrt: x }, the input Value whose tangent flows forward; got undefined');
    expect(() => toDot(randn([2], { requiresGrad: true }).sum(), { mode: 'forward', wrt: new Value(1) })).toThrow('toDot: forward mode draws Value graphs');
  });
});
