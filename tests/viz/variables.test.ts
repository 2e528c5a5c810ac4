/**
 * The constants rule in every picture: a Value the user made (`new Value(2)`), labelled or not, is a
 * variable with its gradient shown; only numbers the expression was built with (`x.mul(3)`'s 3)
 * are constants, drawn without a gradient.
 */
import { Value, fmt, tensor, trace } from '@chalkgrad/core';
import { buildGraph, toBeamer, toDot, toRevealHtml, traceFrames, traceToLatex, traceToMarkdown } from '@chalkgrad/viz';

/** micrograd's classic example, with nothing labelled: d = a·b + c, then a constant 2 on top. */
function classic() {
  const a = new Value(2);
  const b = new Value(-3);
  const c = new Value(10);
  const y = a.mul(b).add(c).mul(2);
  y.backward();
  return { a, b, c, y };
}

describe('an unlabelled Value the user made is a variable in every picture', () => {
  test('diagram: input kind, named leaf#id, data and gradient lines; the 2 is the only constant', () => {
    const { a, b, c, y } = classic();
    const g = buildGraph(y);
    const node = (v: Value) => g.nodes.find((n) => n.source === v)!;
    for (const v of [a, b, c]) {
      expect(node(v)).toMatchObject({ kind: 'input', name: `leaf#${v.id}`, lines: [`data ${fmt(v.data)}`, `grad ${fmt(v.grad)}`] });
    }
    expect([a.grad, b.grad, c.grad]).toEqual([2 * b.data, 2 * a.data, 2]);
    const constants = g.nodes.filter((n) => n.kind === 'constant');
    expect(constants.map((n) => [n.name, n.lines])).toEqual([['2', []]]);
    // edges from the variables carry their derivatives; the edge from the 2 carries none
    expect(g.edges.filter((e) => e.local === null).map((e) => e.from)).toEqual([constants[0].id]);
    const dot = toDot(y);
    expect(dot).toContain(`leaf#${a.id}`);
    expect(dot).toContain(`grad ${fmt(a.grad)}`);
  });

  test('trace tables, step frames, Beamer and reveal show the leaves and their gradients', async () => {
    const { a, b, c, y } = classic();
    const md = traceToMarkdown(trace(y));
    for (const v of [a, b, c]) expect(md).toContain(`| leaf\\#${v.id} |`); // Markdown escapes #
    expect(md.trim().split('\n').length - 2).toBe(5); // y → ab + c, then → ab and c, then → a and b: none into the 2
    expect(traceToLatex(trace(y))).toContain(`\\partial \\mathrm{leaf\\#${a.id}}`);
    const frames = traceFrames(y);
    const last = frames.at(-1)!;
    const id = (v: Value) => buildGraph(y).nodes.find((n) => n.source === v)!.id;
    expect(last.nodes[id(a)].lines).toEqual([`data 2`, `grad ${fmt(a.grad)}`]);
    expect(last.caption[0]).toMatch(new RegExp(`/∂leaf#${a.id} = .* · ∂\\(leaf#${a.id}·leaf#${b.id}\\)/∂leaf#${a.id} = 2 × \\(-3\\) = -6$`));
    const tex = await toBeamer(y);
    expect(tex).toContain(`leaf\\#${a.id}`);
    expect(tex).toContain(`grad ${fmt(a.grad)}`);
    const html = await toRevealHtml(y);
    expect(html).toContain(`grad ${fmt(b.grad)}`);
  });
});

describe('tensor nodes are named by sub-expression', () => {
  test('W·x + b, Σ tanh(…), numbers an op took by value; op#id only past the length limit', () => {
    const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
    const x = tensor([[0.5], [-1]], { label: 'x' });
    const b = tensor([[0.1], [0.2]], { requiresGrad: true, label: 'b' });
    const h = W.matmul(x).add(b);
    const y = h.tanh().sum();
    const g = buildGraph(y);
    const names = g.nodes.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['W·x', 'W·x + b', 'tanh(W·x + b)', 'Σ tanh(W·x + b)']));
    expect(names.join(' ')).not.toMatch(/#/);
    const t = trace(y).toString();
    expect(t).toContain('Σ tanh(W·x + b) = reduceSum');
    expect(t).not.toMatch(/matmul#|reduceSum#|add#/);
    // a number an op took is a constant, written by its value; the mean divides by one
    const m = h.mul(2).mean();
    const gm = buildGraph(m);
    expect(gm.nodes.filter((n) => n.kind === 'constant').map((n) => n.name).sort()).toEqual(['2', '2']);
    expect(gm.nodes.find((n) => n.source === m)!.name).toBe('(Σ ((W·x + b)⊙2))/2');
    // an unlabelled tensor the user made is a leaf, not a constant
    const u = tensor([1, 2, 3], { requiresGrad: true });
    const v = tensor([4, 5, 6]);
    const s = u.mul(v).sum();
    const gs = buildGraph(s);
    expect(gs.nodes.map((n) => [n.name, n.kind])).toEqual(expect.arrayContaining([[`leaf#${u.id}`, 'parameter'], [`leaf#${v.id}`, 'input']]));
    // past 32 characters the op and id name the node
    let long = W;
    for (let i = 0; i < 12; i++) long = long.tanh();
    expect(buildGraph(long.sum()).nodes.at(-1)!.name).toMatch(/^reduceSum#\d+$/);
  });
});
