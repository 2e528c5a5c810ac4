/** `chalkgrad export` and `chalkgrad import`: a model to ONNX and PyTorch, and an ONNX file back to a chalkgrad model. */
import { modelToJSON, toOnnx, toPyTorch } from '@chalkgrad/nn';
import { loadModel, loadOnnx } from '@chalkgrad/nn/node';
import { architectureSvg } from '@chalkgrad/viz';
import { drawnLayers } from './pictures';
import { type OutputFile, UsageError, checkWritable, numberOption, onePath, parseCommand, userPath, writeOutputs } from '../io';

export const EXPORT_HELP = `chalkgrad export model.json [--onnx FILE] [--pytorch FILE] [--batch N] [--seed N]

Hands a chalkgrad model (saved by saveModel or chalkgrad train) to the tools the field uses.

Options:
  --onnx FILE      the model as ONNX (float32, any batch size): runs in ONNX Runtime, loads in
                   PyTorch and every ONNX tool
  --pytorch FILE   a Python script that rebuilds the model in PyTorch with the same weights and an
                   input batch, runs forward and backward, compares every gradient with chalkgrad's
                   and runs torch.autograd.gradcheck (run it with python3 FILE)
  --batch N        rows of the script's seeded input batch (default 4)
  --seed N         seed of that batch and of the upstream gradient (default 0)

Example:
  chalkgrad export chalkgrad-train/model.json --onnx net.onnx --pytorch net.py`;

export const IMPORT_HELP = `chalkgrad import net.onnx --out model.json [--svg FILE]

Loads a small ONNX model trained elsewhere (a chain of Gemm or MatMul + Add layers with Relu, Tanh,
Sigmoid, LeakyRelu, Softplus, Softmax, LogSoftmax, Identity, Dropout, Flatten, Reshape) and saves it
as a chalkgrad model, which loadModel and every command that reads a model take (chalkgrad draw
draws it: its weights, its graph on an example, the backward pass step by step).

Options:
  --out FILE   the chalkgrad model (JSON)
  --svg FILE   also a picture of the network, edges coloured by the sign and sized by the weight

Example:
  chalkgrad import net.onnx --out model.json --svg net.svg`;

const whole = (min: number) => (v: number) => Number.isInteger(v) && v >= min;

export function exportCommand(args: string[], out: (s: string) => void): number {
  const { values: v, positionals } = parseCommand('export', args, { onnx: { type: 'string' }, pytorch: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' } });
  if (v.help) return out(EXPORT_HELP), 0;
  const path = onePath('export', positionals, 'model file, e.g. chalkgrad export model.json --onnx net.onnx');
  if (!v.onnx && !v.pytorch) throw new UsageError('export: say what to write: --onnx FILE, --pytorch FILE or both');
  const batch = numberOption('batch', v.batch, 4, whole(1), 'a whole number ≥ 1');
  const seed = numberOption('seed', v.seed, 0, whole(0), 'a whole number ≥ 0');
  checkWritable({ onnx: v.onnx, pytorch: v.pytorch });
  const model = loadModel(userPath(path));
  // Everything is made before anything is written: a failure leaves no file behind.
  const files: OutputFile[] = [];
  if (v.onnx) files.push({ path: v.onnx, content: toOnnx(model, { docString: `exported by chalkgrad from ${path}` }), what: 'ONNX (run it with ONNX Runtime)' });
  if (v.pytorch) files.push({ path: v.pytorch, content: toPyTorch(model, { batch, seed }), what: `PyTorch script (python3 ${v.pytorch} checks every gradient)` });
  writeOutputs(files);
  for (const f of files) out(`wrote ${f.path}: ${f.what}`);
  return 0;
}

export function importCommand(args: string[], out: (s: string) => void): number {
  const { values: v, positionals } = parseCommand('import', args, { out: { type: 'string' }, svg: { type: 'string' } });
  if (v.help) return out(IMPORT_HELP), 0;
  const path = onePath('import', positionals, 'ONNX file, e.g. chalkgrad import net.onnx --out model.json');
  if (!v.out) throw new UsageError('import: say where to save the model: --out model.json');
  checkWritable({ out: v.out, svg: v.svg });
  const model = loadOnnx(userPath(path));
  const files: OutputFile[] = [{ path: v.out, content: JSON.stringify(modelToJSON(model)), what: 'the chalkgrad model (loadModel reads it)' }];
  if (v.svg) files.push({ path: v.svg, content: architectureSvg(drawnLayers('import', '--svg', model), { title: model.describe() }), what: 'the network, edges coloured by the sign of each weight' });
  writeOutputs(files);
  out(`${path}: ${model.describe()}, ${model.numParameters} parameters`);
  for (const f of files) out(`wrote ${f.path}: ${f.what}`);
  return 0;
}
