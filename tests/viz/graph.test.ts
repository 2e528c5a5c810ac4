import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, tensor, trace } from '@chalkgrad/core';
import { MLP } from '@chalkgrad/nn';
import { toDot, buildGraph, renderSvg, layout, traceFrames, renderFrames, framesHtml, traceToMarkdown, traceToLatex, toTikz, escapeHtml, escapeTex, escapeTexMath, RenderError, LIGHT } from '@chalkgrad/viz';
import { renderPng, svgToPng } from '@chalkgrad/viz/node';
import { compileTex, withTex } from '../helpers/latex';

function perceptron() {
  const x1 = new Value(-1, 'x1');
  const x2 = new Value(2, 'x2');
  const y = new Value(1, 'b').add(x1.mul(new Value(3, 'w1'))).sub(x2.mul(new Value(2, 'w2'))).named('z').sigmoid().named('y');
  y.backward();
  return { x1, x2, y };
}

function scalarMlp() {
  const m = new MLP(2, [3, 1], { seed: 2, activation: 'tanh' });
  const out = m.forward([new Value(0.5, 'x0'), new Value(-1, 'x1')])[0];
  out.backward();
  return out;
}


describe('DOT with per-edge derivatives', () => {
  test('every edge carries its local derivative; x*x has two edges', async () => {
    const x = new Value(3, 'x');
    const y = x.mul(x).named('y');
    y.backward();
    const g = buildGraph(y);
    expect(g.edges.map((e) => [e.from, e.to, e.slot, e.local])).toEqual([[`v${x.id}`, `v${y.id}`, 0, 3], [`v${x.id}`, `v${y.id}`, 1, 3]]);
    const dot = toDot(y);
    expect(dot.match(new RegExp(`v${x.id} -> v${y.id} \\[label=<3>\\]`, 'g'))!.length).toBe(2);
    const svg = await renderSvg(dot);
    expect(svg).toContain('<svg');
    expect((svg.match(/class="edge"/g) ?? []).length).toBe(2);
  });

  test('formula and flowing gradient on edges; data and grad in nodes', async () => {
    const { y } = perceptron();
    const dot = toDot(y, { edgeLabels: { formula: true, flow: true } });
    expect(dot).toContain('∂σ(a)/∂a = σ(a)·(1 − σ(a))');
    expect(dot).toContain('grad·∂ = 0.002467');
    expect(dot).toMatch(/<B>y = σ<\/B>.*data 0\.002473.*grad 1/);
    const svg = await renderSvg(dot);
    expect(svg).toContain('∂σ(a)/∂a');
  });

  test('options: rankdir, digits, legend, highlight, no details', async () => {
    const { y, x1 } = perceptron();
    const dot = toDot(y, { rankdir: 'TB', digits: 2, legend: true, highlight: { nodes: [x1, 'z'], edges: [[x1, y.inputs[0].inputs[0].inputs[1]]] }, nodeDetails: false });
    expect(dot).toContain('rankdir=TB');
    expect(dot).toContain('>input</TD>');
    expect(dot).not.toContain('>parameter</TD>'); // only the kinds the graph has
    expect(dot).toContain('0.0025'); // 2 significant digits
    expect((dot.match(new RegExp(`COLOR="${LIGHT.highlight}"`, 'g')) ?? []).length).toBe(2);
    expect(dot).toContain(`color="${LIGHT.highlight}"`);
    expect(dot).not.toContain('data -1');
    await expect(renderSvg(dot)).resolves.toContain('legend');
  });

  test('clusters per neuron, per layer, and collapsed clusters', async () => {
    const out = scalarMlp();
    const perNeuron = toDot(out, { cluster: 'prefix' });
    expect(perNeuron).toContain('subgraph cluster_L1_N1');
    expect(perNeuron).toContain('subgraph cluster_L2_N1');
    const perLayer = toDot(out, { cluster: 'prefix', clusterDepth: 1 });
    expect(perLayer).toContain('subgraph cluster_L1 ');
    expect(perLayer).not.toContain('cluster_L1_N1');
    const g = buildGraph(out, { cluster: 'prefix' });
    const inL1N1 = g.nodes.filter((n) => n.cluster === 'L1.N1');
    expect(inL1N1.some((n) => n.title === 'L1.N1.w0·x0 = ×')).toBe(true); // products join their neuron, named by sub-expression
    const collapsed = toDot(out, { cluster: 'prefix', collapse: ['L1.N1', 'L1.N2'] });
    expect(collapsed).toContain(`c_L1_N1 [label=<<TABLE`);
    expect(collapsed).toContain(`${inL1N1.length} nodes (collapsed)`);
    for (const n of inL1N1) expect(collapsed).not.toContain(`  ${n.id} [`);
    for (const dot of [perNeuron, perLayer, collapsed]) await expect(renderSvg(dot)).resolves.toContain('<svg');
  });

  test('Tensor graphs: shapes, previews and the VJP rule on edges', async () => {
    const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
    const L = W.matmul(tensor([1, -1], { label: 'a' })).named('z').tanh().named('h').sum().named('L');
    L.backward();
    const dot = toDot(L);
    expect(dot).toContain('[2×2] float64');
    expect(dot).toContain('∂L/∂A = G · Bᵀ');
    expect(dot).toContain('grad 0.42, -0.42, 0.42, -0.42'); // dL/dW = g aᵀ with a = [1, -1]
    await expect(renderSvg(dot)).resolves.toContain('<svg');
  });

  test('user text is escaped: no label breaks the DOT or reaches the SVG as markup', async () => {
    const evil = new Value(1, '</TD></TR></TABLE>>]; x -> y; <script>alert("x")</script> & "q"');
    const y = evil.mul(2).named("it's <b>bold</b>");
    const dot = toDot(y);
    expect(dot).not.toContain('<script>');
    const svg = await renderSvg(dot);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(escapeTex('50% of $x_1 & {y}')).toBe('50\\% of \\ensuremath{\\$}x\\_1 \\& \\{y\\}');
    expect(escapeTex('∂σ/∂a × 2')).toBe('\\ensuremath{\\partial}\\ensuremath{\\sigma}/\\ensuremath{\\partial}a \\ensuremath{\\times} 2');
    expect(escapeTexMath('w1·x1 ^2 learning rate')).toBe('w1\\cdot x1\\mbox{\\textasciicircum}2\\ learning\\ rate');
  });

  test('rendering: PNG bytes, layout positions, syntax errors reported', async () => {
    const { y } = perceptron();
    const png = await renderPng(toDot(y));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(400); // width in pixels
    const lay = await layout(toDot(y));
    expect(lay.nodes.length).toBe(buildGraph(y).nodes.length);
    expect(lay.edges.length).toBe(buildGraph(y).edges.length);
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(RenderError);
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/syntax error in line 1/);
    expect(svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>').length).toBeGreaterThan(50);
  });
});

describe('drawing the wrong thing is named', () => {
  test('a number, a string or a list of outputs', async () => {
    expect(() => toDot(3 as never)).toThrow(new TypeError("toDot: expected the Value or Tensor to draw (your expression's result), got number 3"));
    expect(() => toDot([new Value(1), new Value(2)] as never)).toThrow('toDot: got a list of 2; draw one output (the loss, say), or Value.sum(list) to draw them together');
    await expect(toTikz('y' as never)).rejects.toThrow("toTikz: expected the Value or Tensor to draw (your expression's result), got string \"y\"");
    expect(() => traceFrames(3 as never)).toThrow('trace: expected the Value or Tensor whose backward pass to show');
  });
});

describe('the trace and TikZ', () => {
  test('the trace as Markdown and as LaTeX', () => {
    const { y } = perceptron();
    const t = trace(y);
    const md = traceToMarkdown(t);
    const lines = md.trim().split('\n');
    expect(lines.length).toBe(2 + t.steps.reduce((s, st) => s + st.edges.length, 0));
    expect(lines[2]).toBe('| 1 | y = σ | 1 | z | ∂y/∂z += ∂y/∂y · ∂y/∂z | 0.00246651 | 0.00246651 | 0.00246651 | ∂σ(a)/∂a = σ(a)·(1 − σ(a)) |');
    const tex = traceToLatex(t);
    expect(tex.startsWith('\\begin{align*}')).toBe(true);
    expect(tex).toContain('\\frac{\\partial \\mathrm{y}}{\\partial \\mathrm{z}} &\\mathrel{+}= \\frac{\\partial \\mathrm{y}}{\\partial \\mathrm{y}}');
    expect(tex).not.toMatch(/[^\x00-\x7f]/); // plain ASCII for pdflatex
  });

  withTex('the LaTeX trace and the TikZ export compile with pdflatex', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-tex-'));
    const { y } = perceptron();
    writeFileSync(join(dir, 'trace.tex'), `\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n${traceToLatex(trace(y))}\\end{document}\n`);
    writeFileSync(join(dir, 'graph.tex'), await toTikz(scalarMlp(), { cluster: 'prefix' }));
    const x = new Value(2, 'x_1 & 50%');
    writeFileSync(join(dir, 'square.tex'), await toTikz(x.mul(x).named('{sq}')));
    const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, label: 'W' });
    const L = W.matmul(tensor([1, -1], { label: 'a' })).tanh().sum().named('L');
    L.backward();
    writeFileSync(join(dir, 'tensor.tex'), await toTikz(L)); // a node's lines `\\ [2×2] float64` once read as `\\[2]`
    for (const name of ['trace', 'graph', 'square', 'tensor']) expect(compileTex(dir, name)).toMatchObject({ ok: true, foreignReads: [], commands: [] });
  }, 60000);

  test('TikZ: positions from the layout, an edge per input along its own spline, twins for x*x apart', async () => {
    const x = new Value(2, 'x');
    const y = x.mul(x).named('y');
    const tikz = await toTikz(y);
    expect((tikz.match(/\\node\[box/g) ?? []).length).toBe(2);
    const edges = tikz.match(/\\draw\[edge\] .*;/g) ?? [];
    expect(edges).toHaveLength(2);
    expect(edges[0]).toMatch(/ \.\. controls \(/);
    expect(edges[0]).not.toBe(edges[1]);
    expect(tikz).toMatch(/\\node\[box, fill=cgoutput, minimum width=[\d.]+cm, minimum height=[\d.]+cm\] \(v\d+\) at \(-?[\d.]+, -?[\d.]+\) \{\\textbf\{y = \\ensuremath\{\\times\}\}/);
    expect(tikz).not.toMatch(/[^\x00-\x7f]/);
  });
});
