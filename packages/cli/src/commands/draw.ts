/**
 * `chalkgrad draw`: a saved model (saveModel, chalkgrad train, chalkgrad import) drawn with viz: the
 * network with its weights, and on one example its computation graph, the forward and backward pass
 * step by step and the delta rule layer by layer. A scalar MLP is drawn through the same Sequential
 * as a tensor model (`mlpAsSequential`), so both kinds take one path.
 */
import { basename } from 'node:path';
import { Tensor, Value, fmt, tensor, topoSort } from '@chalkgrad/core';
import { LOSS_NAMES, type LossName, LogSoftmax, MLP, Sequential, Softmax, layerStates, mlpAsSequential, scalarLosses, sequentialAsLayers, tensorLosses } from '@chalkgrad/nn';
import { loadModel } from '@chalkgrad/nn/node';
import { architectureSvg, architectureTikz, layerView } from '@chalkgrad/viz';
import { type OutputFile, UsageError, checkWritable, ensureDir, numberOption, onePath, parseCommand, themeOption, userPath, writeOutputs } from '../io';
import { type FileLook, GRAPH_FILES_HELP, LOOK_HELP, STEP_FILES_HELP, STEP_LIMIT, checkStepSize, graphFiles, stepFiles, stepOptionsAsked } from './gradFiles';
import { drawnLayers } from './pictures';

export const DRAW_HELP = `chalkgrad draw model.json [--input X1,X2,...] [--target T] [options]

Draws a model that saveModel, chalkgrad train or chalkgrad import wrote: the network with its
weights, and with --input one example through it: the computation graph with the local derivative
on every edge, the forward and backward pass step by step, the delta rule layer by layer. With
--target the graph ends in the loss; without, in the model's output (a model with one output).

The graph is of single numbers (a node per weight, product and sum; a number on every edge) when the
network has that form (Linear layers, each with an elementwise activation; a softmax at the end) and
at most ${STEP_LIMIT} nodes; otherwise of tensors (a node per matrix op), which the step-by-step outputs
cannot step through.

Options:
  --input X1,X2,...     the example, a number per input of the model (--input=-1,2 when the first
                        number is negative)
  --target T1,T2,...    the target: a number per output, or the class index (softmaxCrossEntropy)
  --loss NAME           ${LOSS_NAMES.join(', ')}
                        (default: softmaxCrossEntropy, on the scores before a final softmax or
                        logSoftmax, when the network ends in one or the target is a class index;
                        else halfSumSquares, the notes' E = ½Σ(u − t)²)
  --graph KIND          values (single numbers) or tensors (default: values when the network has them)
  --digits N            significant digits of the trace (--md, --tex; default 6); pictures show 4
  --architecture FILE   the network as SVG, each weight an edge coloured by its sign and as thick as
                        its size, with its gradient on the example when the network is small
  --architecture-tikz FILE   the same as a LaTeX document with a TikZ picture
  --layers FILE         the layer view as SVG: z, u = g(z) and δ per unit, the delta rule with the
                        example's numbers (needs --target; it uses the notes' E = ½Σ(u − t)²)
${GRAPH_FILES_HELP}
${STEP_FILES_HELP}
${LOOK_HELP}

Examples:
  chalkgrad draw chalkgrad-train/model.json --architecture net.svg
  chalkgrad draw model.json --input 0.5,-1.5 --target 1 --svg graph.svg --layers layers.svg --html steps.html
  chalkgrad import net.onnx --out model.json
  chalkgrad draw model.json --input 0.1,0.2,0.3 --target 1 --beamer steps.tex --architecture net.svg`;

const options = {
  input: { type: 'string' }, target: { type: 'string' }, loss: { type: 'string' }, graph: { type: 'string' }, digits: { type: 'string' },
  architecture: { type: 'string' }, 'architecture-tikz': { type: 'string' }, layers: { type: 'string' },
  svg: { type: 'string' }, png: { type: 'string' }, dot: { type: 'string' }, tikz: { type: 'string' },
  html: { type: 'string' }, beamer: { type: 'string' }, reveal: { type: 'string' }, gif: { type: 'string' }, 'png-steps': { type: 'string' },
  md: { type: 'string' }, tex: { type: 'string' }, legend: { type: 'boolean' }, theme: { type: 'string' },
} as const;

type Request = ReturnType<typeof parseCommand<typeof options>>['values'];

/** `0.5,-1.5` → [0.5, -1.5], every number finite. */
function numbers(option: string, text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const bad = parts.find((s) => s === '' || !Number.isFinite(Number(s)));
  if (bad !== undefined) throw new UsageError(`draw: --${option} '${text}' must be numbers separated by commas, like 0.5,-1.5`);
  return parts.map(Number);
}

/** `(0.5, -1.5)`, or one number alone. */
const vector = (xs: readonly number[], digits: number) => (xs.length === 1 ? fmt(xs[0], digits) : `(${xs.map((x) => fmt(x, digits)).join(', ')})`);

/** Checks, before any work, that the options ask for something the example options make possible. */
function checkRequest(v: Request): void {
  const pictures = (['svg', 'png', 'dot', 'tikz'] as const).filter((k) => v[k] !== undefined).map((k) => `--${k}`);
  const onExample = [...pictures, ...stepOptionsAsked(v), ...(v.layers === undefined ? [] : ['--layers'])];
  if (onExample.length === 0 && v.architecture === undefined && v['architecture-tikz'] === undefined) {
    throw new UsageError('draw: say what to draw: --architecture FILE, or --input X1,X2,... with --svg, --html, --layers, … (see chalkgrad draw --help)');
  }
  if (v.input === undefined) {
    const needs = onExample[0] ?? (v.target !== undefined ? '--target' : v.loss !== undefined ? '--loss' : undefined);
    if (needs) throw new UsageError(`draw: ${needs} is about one example through the network: add --input X1,X2,...`);
  }
  if (v.loss !== undefined && v.target === undefined) throw new UsageError('draw: --loss needs --target, the target the loss compares the output with');
  if (v.layers !== undefined && v.target === undefined) throw new UsageError('draw: --layers writes the delta rule, which starts from the target: add --target');
  if (v.loss !== undefined && !(LOSS_NAMES as readonly string[]).includes(v.loss)) throw new UsageError(`draw: unknown loss '${v.loss}'; known: ${LOSS_NAMES.join(', ')}`);
  if (v.graph !== undefined && v.graph !== 'values' && v.graph !== 'tensors') throw new UsageError(`draw: --graph '${v.graph}' is values or tensors`);
}

/**
 * The loss the model and the target imply: cross-entropy when the network ends in a softmax or
 * logSoftmax or the target is a class index (one whole number for several outputs, the class scores
 * chalkgrad train makes), else the notes' E = ½Σ(u − t)².
 */
function impliedLoss(net: Sequential, target: readonly number[], outputs: number): LossName {
  const last = net.modules[net.modules.length - 1];
  const classIndex = outputs > 1 && target.length === 1 && Number.isInteger(target[0]);
  return last instanceof Softmax || last instanceof LogSoftmax || classIndex ? 'softmaxCrossEntropy' : 'halfSumSquares';
}

/** What the loss reads: softmaxCrossEntropy takes the scores, so a final softmax or logSoftmax is left out. */
function lossInput(net: Sequential, loss: LossName | undefined): Sequential {
  const last = net.modules[net.modules.length - 1];
  return loss === 'softmaxCrossEntropy' && (last instanceof Softmax || last instanceof LogSoftmax) ? new Sequential(...net.modules.slice(0, -1)) : net;
}

/** The target as the loss takes it: a class index for softmaxCrossEntropy, else a number per output. */
function checkTarget(t: number[], loss: LossName, outputs: number): number[] {
  if (loss === 'softmaxCrossEntropy') {
    if (t.length !== 1 || !Number.isInteger(t[0]) || t[0] < 0 || t[0] >= outputs) throw new UsageError(`draw: --target for softmaxCrossEntropy is a class index, a whole number from 0 to ${outputs - 1}`);
  } else if (t.length !== outputs) {
    throw new UsageError(`draw: the model has ${outputs} output${outputs > 1 ? 's' : ''}, --target has ${t.length} number${t.length > 1 ? 's' : ''}`);
  } else if (loss === 'binaryCrossEntropy' && t.some((x) => x !== 0 && x !== 1)) {
    // the scalar form takes log p or log(1 − p) by the label, as a class label asks
    throw new UsageError('draw: --target for binaryCrossEntropy is 0 or 1 per output (binaryCrossEntropyWithLogits takes any number from 0 to 1)');
  }
  return t;
}

/** The loss on Values, as the tensor loss of the same name computes it on a batch of one. */
function scalarLoss(loss: LossName, u: Value[], t: number[]): Value {
  return loss === 'softmaxCrossEntropy' ? scalarLosses.softmaxCrossEntropy([u], t) : scalarLosses[loss](u.map((v) => [v]), t);
}

interface Example {
  x: number[];
  /** How many numbers the loss reads (the model's outputs, or the scores before a final softmax). */
  outputs: number;
  target?: number[];
  loss?: LossName;
  /** What is drawn: the loss (or the one output), on Values or on Tensors, backpropagated. */
  root: Value | Tensor;
  /** Why the graph is of tensors, when it is. */
  whyTensors?: string;
}

/**
 * The graph of single numbers of the example, or why there is none (`forced`: --graph values).
 * Every weight is a node: a network with more parameters than the node limit is not expanded.
 */
function valueGraph(body: Sequential, x: number[], target: number[] | undefined, loss: LossName | undefined, forced: boolean): Value | string {
  if (!forced && body.numParameters > STEP_LIMIT) return `the network has ${body.numParameters} parameters, each a node: more than ${STEP_LIMIT}`;
  let layers;
  try {
    layers = sequentialAsLayers(body);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return e.message.replace(/^sequentialAsLayers: /, '');
  }
  const u = layers.reduce<Value[]>((h, layer) => layer.forward(h), x.map((xi, i) => new Value(xi, `x${i + 1}`)));
  const root = target && loss ? scalarLoss(loss, u, target).named('E') : u[0];
  const size = topoSort(root).length;
  if (!forced && size > STEP_LIMIT) return `its graph would have ${size} nodes, more than ${STEP_LIMIT}`;
  root.backward();
  return root;
}

/** The example through the network: the tensor loss (its gradients fill the weights' `.grad` for the diagram) and the graph to draw. */
function runExample(net: Sequential, v: Request, say: (s: string) => void): Example {
  const x = numbers('input', v.input!);
  const dtype = net.parameters()[0]?.dtype ?? 'float64';
  let output: Tensor;
  try {
    output = net.forward(tensor([x], { dtype }));
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`draw: --input ${vector(x, 6)} does not fit the model: ${e.message}`);
    throw e;
  }
  say(`at x = ${vector(x, 6)}: output ${vector(Array.from(output.data), 6)}`);
  const given = v.target === undefined ? undefined : numbers('target', v.target);
  const loss = given && ((v.loss as LossName | undefined) ?? impliedLoss(net, given, output.size));
  const body = lossInput(net, loss);
  const out = body.forward(tensor([x], { dtype }).named('x'));
  const target = given && checkTarget(given, loss!, out.size);
  if (!target && out.size !== 1) throw new UsageError(`draw: the model has ${out.size} outputs; give --target so the graph ends in the loss (one number)`);
  const t = target && (loss === 'softmaxCrossEntropy' ? tensor(target) : tensor([target], { dtype })).named('t');
  const lossTensor = t ? tensorLosses[loss!](out, t).named('E') : out;
  lossTensor.backward();
  const graph = v.graph === 'tensors' ? '--graph tensors asks for tensors' : valueGraph(body, x, target, loss, v.graph === 'values');
  if (typeof graph === 'string' && v.graph === 'values') throw new UsageError(`draw: --graph values: ${graph}`);
  const root = typeof graph === 'string' ? lossTensor : graph;
  if (target) say(`${loss} with target ${vector(target, 6)}: ${fmt(root instanceof Value ? root.data : root.data[0], 6)}`);
  return { x, outputs: out.size, target, loss, root, ...(typeof graph === 'string' ? { whyTensors: graph } : {}) };
}

export async function drawCommand(args: string[], out: (s: string) => void): Promise<number> {
  const { values: v, positionals } = parseCommand('draw', args, options);
  if (v.help) return out(DRAW_HELP), 0;
  const path = onePath('draw', positionals, 'model file, e.g. chalkgrad draw model.json --architecture net.svg');
  checkRequest(v);
  const digits = numberOption('digits', v.digits, 6, (x) => Number.isInteger(x) && x >= 1 && x <= 17, 'a whole number from 1 to 17');
  const theme = themeOption(v.theme);
  checkWritable({ architecture: v.architecture, 'architecture-tikz': v['architecture-tikz'], layers: v.layers, svg: v.svg, png: v.png, dot: v.dot, tikz: v.tikz, html: v.html, beamer: v.beamer, reveal: v.reveal, gif: v.gif, md: v.md, tex: v.tex });
  const model = loadModel(userPath(path));
  // one example at inference: Dropout passes it unchanged, as in the graph of single numbers
  const net = (model instanceof MLP ? mlpAsSequential(model) : model).eval();
  // a tensor graph names the weights as the model file (and PyTorch's state_dict) does: 0.weight, 2.bias
  for (const [key, p] of net.namedParameters()) p.named(key);
  const name = basename(path);
  out(`${path}: ${model instanceof MLP ? `scalar MLP ${[model.nin, ...model.sizes].join('-')}` : model.describe()}, ${model.numParameters} parameters`);
  const example = v.input === undefined ? undefined : runExample(net, v, out);
  const at = example ? ` at x = ${vector(example.x, 4)}${example.target ? `, t = ${vector(example.target, 4)}` : ''}` : '';

  const files: OutputFile[] = [];
  if (v.architecture !== undefined || v['architecture-tikz'] !== undefined) {
    const layers = drawnLayers('draw', v.architecture !== undefined ? '--architecture' : '--architecture-tikz', net);
    const small = layers.reduce((n, l) => n + l.weights.length * l.weights[0].length, 0) <= 40;
    const look = { title: `${name}${at}: weights (blue +, orange −)${example && small ? ' and their gradients' : ''}`, theme, showGradients: Boolean(example) && small };
    if (v.architecture) files.push({ path: v.architecture, content: architectureSvg(layers, look), what: 'the network, each weight an edge coloured by its sign' });
    if (v['architecture-tikz']) files.push({ path: v['architecture-tikz'], content: architectureTikz(layers, look), what: 'the same as TikZ (LaTeX)' });
  }
  if (example) files.push(...(await exampleFiles(model, example, v, { name, at, digits, theme }, out)));
  if (v['png-steps']) ensureDir(v['png-steps']);
  writeOutputs(files);
  for (const f of files) out(`wrote ${f.path} (${f.what})`);
  return 0;
}

/** The graph, the steps and the layer view of the example. */
async function exampleFiles(model: MLP | Sequential, example: Example, v: Request, look: { name: string; at: string; digits: number; theme: 'light' | 'dark' }, say: (s: string) => void): Promise<OutputFile[]> {
  const { root } = example;
  const steps = stepOptionsAsked(v);
  if (root instanceof Tensor && steps.length > 0) {
    throw new UsageError(`draw: ${steps.join(', ')} step${steps.length > 1 ? '' : 's'} through the graph of single numbers, but ${example.whyTensors}; draw the graph of tensors with --svg, --png, --dot or --tikz`);
  }
  if (root instanceof Value) checkStepSize(root, v, 'the graph');
  // the layer view may refuse the network (a softmax layer): before any other work
  const layers = v.layers && layerViewOf(model, example, look);
  say(`graph: ${root instanceof Value ? 'single numbers' : 'tensors'}, ${topoSort<Value | Tensor>(root).length} nodes${example.whyTensors ? ` (${example.whyTensors})` : ''}`);
  const subject = `${example.loss ? `the ${example.loss} loss of ` : ''}${look.name}${look.at}`;
  const fileLook: FileLook = { digits: look.digits, theme: look.theme };
  const files = await graphFiles(root, subject, v, fileLook, say);
  if (root instanceof Value) files.push(...(await stepFiles(root, subject, v, fileLook)));
  if (v.layers && layers) files.push({ path: v.layers, content: layers, what: 'the layer view: z, u and δ per unit, the delta rule with its numbers' });
  return files;
}

/** The layer view of the example, with the notes' E = ½Σ(u − t)² (a class index becomes its one-hot vector). */
function layerViewOf(model: MLP | Sequential, example: Example, look: { name: string; at: string; digits: number; theme: 'light' | 'dark' }): string {
  const { x, target, loss } = example;
  const t = loss === 'softmaxCrossEntropy' ? Array.from({ length: example.outputs }, (_, k) => (k === target![0] ? 1 : 0)) : target!;
  let state;
  try {
    state = layerStates(model, x, t);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`draw: --layers: ${e.message.replace(/^layerStates: /, '')}`);
    throw e;
  }
  return layerView(state, { title: `${look.name}${look.at}: z, u and δ per unit`, theme: look.theme, digits: Math.min(look.digits, 4) });
}
