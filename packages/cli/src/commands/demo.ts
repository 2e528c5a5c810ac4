/**
 * `chalkgrad demo`: the lecture kit, from embedded defaults. The perceptron of the notes as a
 * graph with per-edge derivatives, its backward pass step by step, its trace in Markdown and
 * LaTeX and a gradcheck; a scalar MLP on two moons and a tensor MLP on the spiral set with their
 * plots; the activation functions and optimizer paths on a ravine.
 */
import { join } from 'node:path';
import { Value, fmt, gradcheck, trace } from '@chalkgrad/core';
import { Adam, MLP, Momentum, Nesterov, SGD, fit, layerStates, makeMoons, makeSpiral, mlp, modelToJSON, type Optimizer, optimizerPath } from '@chalkgrad/nn';
import { ProgressBar } from '@chalkgrad/nn/node';
import { activationPlot, framesHtml, layerView, graphSvg, renderFrames, toBeamer, toDot, toRevealHtml, toTikz, traceFrames, traceToLatex, traceToMarkdown, trajectoryPlot } from '@chalkgrad/viz';
import { framesToGif, svgToPng } from '@chalkgrad/viz/node';
import { type OutputFile, THEME_HELP, UsageError, ensureDir, parseCommand, themeOption, writeOutputs } from '../io';
import { trainingPictures } from './pictures';

export const DEMO_HELP = `chalkgrad demo [--out DIR] [--quiet] [--theme dark]

Writes a lecture kit into ./chalkgrad-out (or DIR) and lists what each file is: the perceptron
sigmoid(1 + 3·x1 − 2·x2) at x = (−1, 2) as a graph with local derivatives on every edge (SVG, PNG,
DOT, TikZ), its forward and backward pass step by step (HTML, Beamer, a slide page, a GIF), the
delta rule of the notes' 2-3-1 network layer by layer, its trace (Markdown, LaTeX), a gradcheck; a
scalar MLP trained on two moons and a tensor MLP on the spiral set, with loss curves, decision
boundaries and diagnostics; the activation functions and optimizer paths.

Options:
  --out DIR          where to write (default ./chalkgrad-out)
  --quiet            no progress bars
${THEME_HELP}

Example:
  chalkgrad demo --out lecture-kit`;

/** The perceptron of the notes, with every weight a labelled leaf. */
export function perceptron(x1: Value, x2: Value): Value {
  const b = new Value(1, 'b');
  const w1 = new Value(3, 'w1');
  const w2 = new Value(2, 'w2');
  return b.add(w1.mul(x1).named('w1·x1')).named('b + w1·x1').sub(w2.mul(x2).named('w2·x2')).named('z').sigmoid().named('y');
}

/** f(θ) = ½θ₁² + 10θ₂²: a ravine, steep across and flat along. */
const ravine = (x: number, y: number) => 0.5 * x * x + 10 * y * y;

function trajectories() {
  const runs: [string, (p: Value[]) => Optimizer][] = [
    ['SGD (η 0.08)', (p) => new SGD(p, { lr: 0.08 })],
    ['momentum (η 0.02, μ 0.9)', (p) => new Momentum(p, { lr: 0.02 })],
    ['Nesterov (η 0.02, μ 0.9)', (p) => new Nesterov(p, { lr: 0.02 })],
    ['Adam (η 0.3)', (p) => new Adam(p, { lr: 0.3 })],
  ];
  return runs.map(([name, make]) => ({ name, points: optimizerPath((x, y) => x.mul(x).mul(0.5).add(y.mul(y).mul(10)), [-4.5, 1.5], make, 60).points as [number, number][] }));
}

export async function demoCommand(args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseCommand('demo', args, { out: { type: 'string' }, quiet: { type: 'boolean' }, theme: { type: 'string' } });
  if (values.help) return out(DEMO_HELP), 0;
  if (positionals.length) throw new UsageError(`demo: unexpected argument '${positionals[0]}' (see chalkgrad demo --help)`);
  const dir = values.out ?? 'chalkgrad-out';
  const theme = themeOption(values.theme);
  ensureDir(dir);
  const progress = () => (values.quiet ? false : new ProgressBar());
  const file = (name: string, content: string | Uint8Array, what: string): OutputFile => ({ path: join(dir, name), content, what });
  const files: OutputFile[] = [];

  // 1. the perceptron
  const x1 = new Value(-1, 'x1');
  const x2 = new Value(2, 'x2');
  const y = perceptron(x1, x2);
  y.backward();
  out(`perceptron: y = sigmoid(1 + 3·x1 − 2·x2) at x = (−1, 2) = ${fmt(y.data)}; ∂y/∂x1 = ${fmt(x1.grad)}, ∂y/∂x2 = ${fmt(x2.grad)}`);
  const params = { parameters: ['w1', 'w2', 'b'] };
  const opts = { ...params, legend: true, edgeLabels: { formula: true, flow: true } };
  const dot = toDot(y, opts);
  const svg = await graphSvg(y, { ...opts, alt: 'the perceptron y = σ(b + w1·x1 − w2·x2) as a computation graph' });
  const t = trace(y);
  const frames = traceFrames(y, { ...params, forward: true });
  const svgs = await renderFrames(frames, { legend: true });
  const middle = frames.findIndex((f) => f.phase === 'backward' && f.step === 3);
  const check = gradcheck((a, b) => perceptron(a, b), [-1, 2], { labels: ['x1', 'x2'] });
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const hand = gradcheck((a, b) => perceptron(a, b), [-1, 2], { labels: ['x1', 'x2'], analytic: (a, b) => [3 * s(1 + 3 * a - 2 * b) * (1 - s(1 + 3 * a - 2 * b)), -2 * s(1 + 3 * a - 2 * b) * (1 - s(1 + 3 * a - 2 * b))] });
  files.push(
    file('perceptron.svg', svg, 'the perceptron graph: data and grad in every node, local derivative, rule and flowing gradient on every edge'),
    file('perceptron.png', svgToPng(svg), 'the same graph as PNG, for slides'),
    file('perceptron.dot', dot, 'the same graph as Graphviz DOT'),
    file('perceptron-tikz.tex', await toTikz(y, { ...params, legend: false, edgeLabels: { formula: false } }), 'the same graph as a LaTeX document with a TikZ picture'),
    file('perceptron-steps.html', await framesHtml(frames, 'the perceptron, forward and backward step by step', { legend: true }), 'forward and backward pass step by step: open in a browser, page with ◀ ▶, the arrow keys, Home and End'),
    file('perceptron-step.png', svgToPng(svgs[middle]), `${frames[middle].title} as PNG: done edges show grad × local derivative`),
    file('perceptron-steps.gif', framesToGif(svgs), `the same ${frames.length} steps as an animated GIF, for slide tools that take only images`),
    file('perceptron-beamer.tex', await toBeamer(y, { ...params, title: 'the perceptron, backpropagation' }), 'Beamer slides (16:9): one overlay per backward step with the chain rule in numbers'),
    file('perceptron-slides.html', await toRevealHtml(y, { ...params, forward: true, title: 'the perceptron, forward and backward' }), 'one self-contained slide page, a fragment per step (→, Space or a clicker)'),
    file('perceptron-trace.md', `# Backward trace of the perceptron\n\n${traceToMarkdown(t)}`, 'the chain-rule steps as a Markdown table'),
    file('perceptron-trace.tex', `\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[landscape,margin=1.5cm]{geometry}\n\\begin{document}\n${traceToLatex(t)}\\end{document}\n`, 'the chain-rule steps written out in LaTeX (align*)'),
    file('gradcheck.txt', `engine gradient against central differences:\n${check.toString()}\n\na hand-derived gradient, σ′(z)·(3, −2):\n${hand.toString()}\n`, 'gradcheck tables: the engine and a hand-derived gradient against finite differences'),
  );

  // the delta rule of the notes, on their 2-3-1 sigmoid network at x = (0.5, −1.5), t = 1
  const notes = new MLP(2, [3, 1], { activation: 'sigmoid', outputActivation: 'sigmoid', seed: 42 });
  files.push(file('network-layers.svg', layerView(layerStates(notes, [0.5, -1.5], [1]), { title: 'the notes\' 2-3-1 network at x = (0.5, −1.5), t = 1: z, u and δ per unit', theme }), 'the 2-3-1 network layer by layer: z, u = σ(z) and δ per unit, the delta rule with its numbers (slide-sized)'));

  // 2. a scalar MLP on two moons (micrograd's demo), trained with a progress bar
  const moons = makeMoons(100, 0.1, 1);
  const scalar = new MLP(2, [16, 16, 1], { seed: 1337 });
  out(`training a scalar MLP 2-16-16-1 (${scalar.numParameters} Values) on two moons, hinge loss, SGD`);
  const h1 = fit(scalar, moons, { loss: 'hinge', optimizer: new SGD(scalar.parameters(), { lr: 0.5 }), epochs: 60, l2: 1e-4, validation: 0.2, seed: 1, progress: progress() });
  out(`  accuracy ${(100 * h1.epochs[h1.epochs.length - 1].accuracy!).toFixed(1)}% after ${h1.epochs.length} epochs`);
  files.push(...trainingPictures(dir, 'moons-', scalar, moons, h1, 'hinge', 'scalar MLP on two moons', theme));
  files.push(file('moons-model.json', JSON.stringify(modelToJSON(scalar)), 'the trained scalar MLP (load with loadModel)'));

  // 3. a tensor MLP on the spiral set
  const spiral = makeSpiral(300, 0.1, 0);
  const net = mlp(2, [64, 64, 3], { seed: 2 });
  out(`training a tensor MLP 2-64-64-3 (${net.numParameters} parameters) on the spiral set, softmax cross-entropy, Adam`);
  const h2 = fit(net, spiral, { optimizer: 'adam', lr: 0.01, epochs: 150, batchSize: 64, validation: 0.2, seed: 3, progress: progress() });
  const last = h2.epochs[h2.epochs.length - 1];
  out(`  accuracy ${(100 * last.accuracy!).toFixed(1)}%, validation ${(100 * last.valAccuracy!).toFixed(1)}%`);
  files.push(...trainingPictures(dir, 'spiral-', net, spiral, h2, 'softmaxCrossEntropy', 'tensor MLP on the spiral', theme));
  const first = spiral.X[0];
  const oneHot = [0, 1, 2].map((c) => (c === spiral.y[0] ? 1 : 0));
  files.push(file('spiral-layers.svg', layerView(layerStates(net, first, oneHot), { title: `the trained spiral MLP at its first point, E = ½Σ(u − t)²: the δ vectors per layer`, theme }), 'the tensor MLP layer by layer: the vectors z, u and δ and the delta rule as δ = g′(z) ⊙ Wᵀδ'));

  // 4. activations and optimizers
  files.push(file('activations.svg', activationPlot(undefined, { theme }), 'sigmoid, tanh, ReLU, leaky ReLU and softplus beside their derivatives'));
  files.push(file('optimizers.svg', trajectoryPlot(ravine, trajectories(), { xrange: [-5, 5], yrange: [-2, 2], title: 'SGD, momentum, Nesterov and Adam on the ravine ½θ₁² + 10θ₂²', theme }), 'optimizer paths over the contours of a loss surface with a ravine'));

  writeOutputs(files);
  out(`\nwrote ${files.length} files into ${dir}/:`);
  const width = Math.max(...files.map((f) => f.path.length - dir.length - 1));
  for (const f of files) out(`  ${f.path.slice(dir.length + 1).padEnd(width)}  ${f.what}`);
  return 0;
}
