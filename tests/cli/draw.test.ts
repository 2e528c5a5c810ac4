/**
 * `chalkgrad draw` on the models chalkgrad saves and on ONNX files exported by PyTorch: the numbers
 * in the pictures are the model's own (its gradients by the engine, its loss by PyTorch), user text
 * is escaped, bad input is one line with exit 2 and no file. Runs in-process: the same `run` the bin calls.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, fmt, tensor } from '@chalkgrad/core';
import { LOSS_NAMES, type Linear, MLP, type Sequential, mlp, tensorLosses } from '@chalkgrad/nn';
import { loadModel, saveModel } from '@chalkgrad/nn/node';
import { chalkgradInProcess as chalkgrad } from '../helpers/inProcess';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-draw-'));
const FIXTURES = join(__dirname, '..', 'onnx', 'fixtures');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, { input: number[]; inputShape: number[]; output: number[]; outputShape: number[] }>;

/** Each parameter's gradient from the trace's Markdown table: the input grad of the last row that reaches it. */
function traceGrads(md: string): Map<string, number> {
  const grads = new Map<string, number>();
  // a step's first edge starts its row with the step number, its other edges leave the step cells empty
  for (const line of md.split('\n').filter((l) => /^\| (\d+)? \|/.test(l))) {
    const cells = line.split('|').map((c) => c.trim());
    grads.set(cells[4], Number(cells[7]));
  }
  return grads;
}

/** The first example of a fixture and PyTorch's output for it. */
function firstExample(name: string): { x: number[]; y: number[] } {
  const e = expected[name];
  const n = e.inputShape.slice(1).reduce((a, b) => a * b, 1);
  const k = e.outputShape.slice(1).reduce((a, b) => a * b, 1);
  return { x: e.input.slice(0, n), y: e.output.slice(0, k) };
}

async function ok(args: string[]) {
  const r = await chalkgrad(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('chalkgrad draw', () => {
  test("the notes' 2-3-1 MLP saved by saveModel: E = ½(u − t)², every gradient the model's own, in the graph, the steps, the layer view and the architecture; the file name escaped", async () => {
    const net = new MLP(2, [3, 1], { activation: 'sigmoid', outputActivation: 'sigmoid', seed: 42 });
    const path = join(dir, 'notes <1> & co.json');
    saveModel(net, path);
    const f = (name: string) => join(dir, name);
    const stdout = await ok(['draw', path, '--input', '0.5,-1.5', '--target', '1', '--digits', '10', '--md', f('n.md'), '--svg', f('n.svg'), '--html', f('n.html'), '--tex', f('n.tex'),
      '--layers', f('n-layers.svg'), '--architecture', f('n-arch.svg'), '--architecture-tikz', f('n-arch.tex')]);

    const u = net.forward([new Value(0.5), new Value(-1.5)])[0];
    const E = u.sub(1).pow(2).mul(0.5);
    E.backward();
    expect(stdout).toContain(`halfSumSquares with target 1: ${fmt(E.data, 6)}`);
    expect(stdout).toContain('graph: single numbers, ');
    const grads = traceGrads(readFileSync(f('n.md'), 'utf8'));
    for (const p of net.parameters()) expect(grads.get(p.label)).toBeCloseTo(p.grad, 8);

    const md = readFileSync(f('n.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# Backward pass of the halfSumSquares loss of notes \\<1\\> \\& co.json at x = (0.5, -1.5), t = 1');
    const html = readFileSync(f('n.html'), 'utf8');
    expect(html).toContain('notes &lt;1&gt; &amp; co.json');
    expect(html).not.toContain('notes <1>');
    expect(readFileSync(f('n.svg'), 'utf8')).toContain('notes &lt;1&gt; &amp; co.json');

    // the output unit's δ = σ′(z)(u − t) by hand, in the layer view
    const delta = u.data * (1 - u.data) * (u.data - 1);
    expect(readFileSync(f('n-layers.svg'), 'utf8')).toContain(`>δ = ${fmt(delta, 4)}<`);
    // the architecture's gradients come from the tensor copy's backward pass: the same numbers
    const arch = readFileSync(f('n-arch.svg'), 'utf8');
    net.layers.forEach((layer) => layer.neurons.forEach((n, j) => n.w.forEach((w, i) => expect(arch).toContain(`w[${j},${i}] = ${fmt(w.data, 4)}, gradient ${fmt(w.grad, 4)}`))));
    expect(readFileSync(f('n-arch.tex'), 'utf8')).toContain('\\begin{tikzpicture}');
  });

  test('a tensor MLP: a class index means softmaxCrossEntropy; every loss on single numbers is the tensor loss; --graph tensors names the weights as the model file does', async () => {
    const net = mlp(2, [4, 3], { activation: 'tanh', seed: 1 });
    const path = join(dir, 'tensor.json');
    saveModel(net, path);
    const x = [0.5, -1.5];
    const targets: Record<string, string> = { softmaxCrossEntropy: '2', binaryCrossEntropy: '0,1,1', hinge: '1,-1,1' };
    for (const loss of LOSS_NAMES) {
      const t = targets[loss] ?? '0.2,0.7,-0.4';
      const stdout = await ok(['draw', path, '--input', '0.5,-1.5', '--target', t, '--loss', loss, '--md', join(dir, `t-${loss}.md`)]);
      const target = loss === 'softmaxCrossEntropy' ? [2] : [t.split(',').map(Number)];
      const want = tensorLosses[loss](net.forward(tensor([x])), target as number[]).item();
      expect(Number(/with target [^:]+: (\S+)/.exec(stdout)![1])).toBeCloseTo(want, 5);
    }
    // the implied loss for a class index, and the gradients of the weights
    await ok(['draw', path, '--input', '0.5,-1.5', '--target', '2', '--md', join(dir, 't.md'), '--digits', '10']);
    const loss = tensorLosses.softmaxCrossEntropy(net.forward(tensor([x])), [2]);
    loss.backward();
    const grads = traceGrads(readFileSync(join(dir, 't.md'), 'utf8'));
    const [W1, W2] = [net.modules[0] as Linear, net.modules[2] as Linear].map((m) => m.weight.grad!.data);
    expect(grads.get('L1.N2.w1')).toBeCloseTo(W1[1 * 2 + 1], 8);
    expect(grads.get('L2.N3.w0')).toBeCloseTo(W2[2 * 4 + 0], 8);

    const stdout = await ok(['draw', path, '--input', '0.5,-1.5', '--target', '2', '--graph', 'tensors', '--dot', join(dir, 't.dot')]);
    expect(stdout).toMatch(/graph: tensors, \d+ nodes \(--graph tensors asks for tensors\)/);
    const dot = readFileSync(join(dir, 't.dot'), 'utf8');
    for (const name of ['0.weight', '0.bias', '2.weight', '2.bias']) expect(dot).toContain(`<B>${name}</B>`);
  });

  test('ONNX files exported by PyTorch, imported, then drawn: the loss is the one PyTorch outputs give', async () => {
    const model = async (name: string) => {
      const json = join(dir, `${name}.json`);
      await ok(['import', join(FIXTURES, `${name}.onnx`), '--out', json]);
      return json;
    };
    const input = (x: number[]) => `--input=${x.join(',')}`;

    // softmax at the end: softmaxCrossEntropy on the scores before it, −log p of the class
    const soft = firstExample('tanh-softmax-opset11');
    let out = await ok(['draw', await model('tanh-softmax-opset11'), input(soft.x), '--target', '1', '--beamer', join(dir, 'soft.tex'), '--architecture', join(dir, 'soft.svg')]);
    expect(Number(/softmaxCrossEntropy with target 1: (\S+)/.exec(out)![1])).toBeCloseTo(-Math.log(soft.y[1]), 5);
    expect(out).toContain('graph: single numbers');
    expect(readFileSync(join(dir, 'soft.tex'), 'utf8')).toContain('\\begin{frame}');

    // Flatten and Dropout pass one example unchanged; leakyRelu keeps PyTorch's slope 0.1; logSoftmax at the end
    const leaky = firstExample('flatten-leaky-logsoftmax');
    const leakyJson = await model('flatten-leaky-logsoftmax');
    out = await ok(['draw', leakyJson, input(leaky.x), '--target', '2', '--md', join(dir, 'leaky.md'), '--digits', '10']);
    expect(Number(/with target 2: (\S+)/.exec(out)![1])).toBeCloseTo(-leaky.y[2], 5);
    const net = loadModel(leakyJson) as Sequential;
    const logp = net.forward(tensor([leaky.x]));
    logp.mul(tensor([[0, 0, 1]])).sum().neg().backward();
    const W = net.parameters()[0].grad!.data;
    const grads = traceGrads(readFileSync(join(dir, 'leaky.md'), 'utf8'));
    for (const [j, i] of [[0, 0], [3, 5], [7, 2]]) expect(grads.get(`L1.N${j + 1}.w${i}`)).toBeCloseTo(W[j * 6 + i], 6);

    // E = ½Σ(u − t)², and the layer view of a chain of three activations
    const chain = firstExample('matmul-add-sigmoid-softplus');
    out = await ok(['draw', await model('matmul-add-sigmoid-softplus'), input(chain.x), '--target', '0.5,1', '--layers', join(dir, 'chain-layers.svg'), '--png', join(dir, 'chain.png')]);
    const E = 0.5 * ((chain.y[0] - 0.5) ** 2 + (chain.y[1] - 1) ** 2);
    expect(Number(/halfSumSquares with target \(0.5, 1\): (\S+)/.exec(out)![1])).toBeCloseTo(E, 5);
    expect(readFileSync(join(dir, 'chain-layers.svg'), 'utf8')).toContain('δ(L3) = ReLU′(z)');

    // Reshape has no scalar form: the graph of tensors, of the one output
    const view = firstExample('view-reshape');
    out = await ok(['draw', await model('view-reshape'), input(view.x), '--svg', join(dir, 'view.svg')]);
    expect(Number(/: output (\S+)/.exec(out)![1])).toBeCloseTo(view.y[0], 5);
    expect(out).toMatch(/graph: tensors, \d+ nodes \(module 1 \(Reshape\(2, 3\)\) has no scalar form/);
  });

  test('bad input: one clear line, exit 2, no file written', async () => {
    const notes = join(dir, 'bad-notes.json');
    saveModel(new MLP(2, [3, 1], { activation: 'sigmoid', outputActivation: 'sigmoid', seed: 1 }), notes);
    const soft = join(dir, 'bad-soft.json');
    await ok(['import', join(FIXTURES, 'tanh-softmax-opset11.onnx'), '--out', soft]);
    const view = join(dir, 'bad-view.json');
    await ok(['import', join(FIXTURES, 'view-reshape.onnx'), '--out', view]);
    const out = join(dir, 'bad-out');
    const cases: [string[], string | RegExp][] = [
      [['draw', notes], 'draw: say what to draw'],
      [['draw', notes, '--svg', `${out}.svg`], 'draw: --svg is about one example through the network: add --input'],
      [['draw', notes, '--input', '1,x', '--svg', `${out}.svg`], "draw: --input '1,x' must be numbers"],
      [['draw', notes, '--input', '1,2,3', '--svg', `${out}.svg`], 'does not fit the model: Linear(2, 3): input has 3 features, expected 2'],
      [['draw', notes, '--input', '1,2', '--target', '1,0', '--svg', `${out}.svg`], 'draw: the model has 1 output, --target has 2 numbers'],
      [['draw', notes, '--input', '1,2', '--target', '1', '--loss', 'nope', '--svg', `${out}.svg`], "draw: unknown loss 'nope'"],
      [['draw', notes, '--input', '1,2', '--loss', 'mse', '--svg', `${out}.svg`], 'draw: --loss needs --target'],
      [['draw', notes, '--input', '1,2', '--layers', `${out}.svg`], 'draw: --layers writes the delta rule'],
      [['draw', notes, '--input', '1,2', '--target', '0.5', '--loss', 'binaryCrossEntropy', '--svg', `${out}.svg`], 'is 0 or 1 per output'],
      [['draw', join(dir, 'missing.json'), '--architecture', `${out}.svg`], 'missing.json: no such file'],
      [['draw', soft, '--input', '1,2,3,4', '--target', '2', '--svg', `${out}.svg`], 'is a class index, a whole number from 0 to 1'],
      [['draw', soft, '--input', '1,2,3,4', '--svg', `${out}.svg`], 'draw: the model has 2 outputs; give --target'],
      [['draw', soft, '--input', '1,2,3,4', '--target', '1', '--svg', `${out}.svg`, '--layers', `${out}-layers.svg`], 'draw: --layers: module 3 (softmax) is not a Linear layer'],
      [['draw', view, '--input', '1,2,3,4,5,6', '--svg', `${out}.svg`, '--html', `${out}.html`], /--html steps through the graph of single numbers, but module 1 \(Reshape\(2, 3\)\) has no scalar form/],
      [['draw', view, '--input', '1,2,3,4,5,6', '--graph', 'values', '--svg', `${out}.svg`], 'draw: --graph values: module 1 (Reshape(2, 3))'],
      [['draw', notes, '--input', '1,2', '--graph', 'scalars', '--svg', `${out}.svg`], "draw: --graph 'scalars' is values or tensors"],
    ];
    for (const [args, message] of cases) {
      const r = await chalkgrad(args);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(typeof message === 'string' ? message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : message)]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    for (const f of [`${out}.svg`, `${out}-layers.svg`, `${out}.html`]) expect(existsSync(f)).toBe(false);
  });
});
