import { Value, forwardTangents, randn } from '@chalkgrad/core';
import { buildGraph, toDot, toTikz } from '@chalkgrad/viz';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileTex, withTex } from '../helpers/latex';

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
    // the chain rule with its numbers: local derivative × the input's tangent, in the op table's letters
    expect(dot).toMatch(/-> v\d+ \[label=<∂f\/∂a · ȧ = 3 · 1 = 3>\]/); // x1 → x1·3: its local 3 is not written twice
    expect(dot).toContain('∂f/∂b · ḃ = (-1) · 0 = 0'); // … − x2·2: a negative factor in parentheses
    expect(dot).toContain('∂/∂x1 0.0074');
    expect(dot).not.toMatch(/\bgrad[ ·]/);
    expect(dot).not.toContain('legend');
    // the local derivative alone when the flow is not shown; a sum's inputs are aᵢ, as in its rule ∂(Σᵢ aᵢ)/∂aᵢ = 1
    expect(toDot(y, { mode: 'forward', wrt: x1, edgeLabels: { flow: false } })).toMatch(/-> v\d+ \[label=<3>\]/);
    expect(toDot(Value.sum([x1, y]), { mode: 'forward', wrt: x1 })).toContain('∂f/∂aᵢ · ȧᵢ = 1 · 0.0074 = 0.0074');
  });

  test('the legend says what ȧ means, in DOT (and so its SVG) and under the TikZ picture', async () => {
    const { x1, y } = build();
    const note = 'forward mode along x1: ȧ = ∂a/∂x1, the tangent of input a (shown in its node); an edge into f carries ∂f/∂a · ȧ';
    expect(toDot(y, { mode: 'forward', wrt: x1, legend: true })).toContain(`<TD COLSPAN="4">${note}</TD>`);
    expect(toDot(y, { legend: true })).not.toContain('forward mode along');
    const tex = await toTikz(y, { mode: 'forward', wrt: x1, legend: true });
    expect(tex).toContain('\\ensuremath{\\partial}f/\\ensuremath{\\partial}a \\ensuremath{\\cdot} \\ensuremath{\\dot{\\mathrm{a}}} = 3 \\ensuremath{\\cdot} 1 = 3');
    expect(tex).toContain('forward mode along x1: \\ensuremath{\\dot{\\mathrm{a}}} = \\ensuremath{\\partial}a/\\ensuremath{\\partial}x1');
    expect(await toTikz(y, { mode: 'forward', wrt: x1 })).not.toContain('forward mode along');
  });

  withTex('the forward-mode TikZ document compiles', async () => {
    const { x1, y } = build();
    const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-forward-'));
    writeFileSync(join(dir, 'forward.tex'), await toTikz(Value.sum([x1.mul(x1), y]), { mode: 'forward', wrt: x1, legend: true }));
    expect(compileTex(dir, 'forward')).toMatchObject({ ok: true, foreignReads: [], commands: [] });
  }, 60000);

  test('the reverse-mode figure of the same graph is unchanged; TikZ draws forward mode too', async () => {
    const { x1, y } = build();
    y.backward();
    expect(toDot(y, { edgeLabels: { flow: true } })).toContain('grad·∂ = ');
    expect(await toTikz(y, { mode: 'forward', wrt: x1 })).toContain('= 3 \\ensuremath{\\cdot} 1 = 3'); // ∂, · and ȧ are escaped as TeX math
  });

  test('says what forward mode needs', () => {
    const { y } = build();
    expect(() => toDot(y, { mode: 'forward' } as never)).toThrow('toDot: forward mode needs { wrt: x }, the input Value whose tangent flows forward; got undefined');
    expect(() => toDot(randn([2], { requiresGrad: true }).sum(), { mode: 'forward', wrt: new Value(1) })).toThrow('toDot: forward mode draws Value graphs');
  });
});
