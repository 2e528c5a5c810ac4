/** `chalkgrad train`: train an MLP on a toy data set from the terminal. */
import { join } from 'node:path';
import { lookup, shorten } from '@chalkgrad/core';
import { ACTIVATIONS, DATASETS, type DatasetName, OPTIMIZERS, type OptimizerName, defaultLoss, fit, mlp, modelToJSON, checkActivation } from '@chalkgrad/nn';
import { ProgressBar } from '@chalkgrad/nn/node';
import { THEME_HELP, UsageError, ensureDir, numberOption, parseCommand, themeOption, writeOutputs } from '../io';
import { trainingPictures } from './pictures';

export const TRAIN_HELP = `chalkgrad train [options]

Trains an MLP on a seeded toy data set with a progress bar, prints the final metrics, and writes
plots and the model.

Options:
  --dataset NAME     ${Object.keys(DATASETS).join(', ')} (default moons)
  --n N              number of samples (default 200)
  --noise X          noise of the data set (default: the set's own)
  --layers A,B,...   hidden layer sizes (default 16,16)
  --activation NAME  ${ACTIVATIONS.join(', ')} (default relu)
  --optimizer NAME   ${Object.keys(OPTIMIZERS).join(', ')} (default adam)
  --lr X             learning rate (default 0.01)
  --epochs N         (default 100)
  --batch N          mini-batch size (default 32)
  --validation F     fraction held out for validation (default 0.2)
  --seed N           seed of the data, the weights and the shuffling (default 1)
  --out DIR          where to write model.json, history.json and the plots (default ./chalkgrad-train)
  --quiet            no progress bar
${THEME_HELP}

Examples:
  chalkgrad train --dataset spiral --layers 64,64 --epochs 200 --lr 0.01
  chalkgrad train --dataset xor --layers 4 --activation tanh --optimizer sgd --lr 0.1 --out xor-run`;

const options = {
  dataset: { type: 'string' }, n: { type: 'string' }, noise: { type: 'string' }, layers: { type: 'string' }, activation: { type: 'string' },
  optimizer: { type: 'string' }, lr: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, validation: { type: 'string' },
  seed: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' }, theme: { type: 'string' },
} as const;

/**
 * What one run may ask for, checked before any work: beyond these V8 ran out of memory (--n 1e9
 * aborted after 32 s) or the network could not be allocated (--layers 100000,100000).
 */
const LIMITS = { samples: 1_000_000, epochs: 100_000, parameters: 10_000_000 };

const whole = (min: number) => (v: number) => Number.isInteger(v) && v >= min;

export function trainCommand(args: string[], out: (s: string) => void): number {
  const { values: v, positionals } = parseCommand('train', args, options);
  if (v.help) return out(TRAIN_HELP), 0;
  if (positionals.length) throw new UsageError(`train: unexpected argument '${positionals[0]}' (see chalkgrad train --help)`);
  const name = (v.dataset ?? 'moons') as DatasetName;
  if (!lookup(DATASETS, name)) throw new UsageError(`train: unknown data set '${shorten(name)}'; known: ${Object.keys(DATASETS).join(', ')}`);
  const n = numberOption('n', v.n, 200, (x) => whole(10)(x) && x <= LIMITS.samples, `a whole number from 10 to ${LIMITS.samples.toLocaleString('en')}`);
  const seed = numberOption('seed', v.seed, 1, whole(0), 'a whole number ≥ 0');
  const epochs = numberOption('epochs', v.epochs, 100, (x) => whole(1)(x) && x <= LIMITS.epochs, `a whole number from 1 to ${LIMITS.epochs.toLocaleString('en')}`);
  const batchSize = numberOption('batch', v.batch, 32, whole(1), 'a whole number ≥ 1');
  const lr = numberOption('lr', v.lr, 0.01, (x) => Number.isFinite(x) && x > 0, 'a positive number');
  const validation = numberOption('validation', v.validation, 0.2, (x) => x > 0 && x < 1, 'a fraction between 0 and 1');
  const layers = (v.layers ?? '16,16').split(',').map((s) => s.trim());
  if (!layers.every((s) => /^\d+$/.test(s) && Number(s) > 0)) throw new UsageError(`train: --layers '${shorten(v.layers ?? '')}' must be sizes separated by commas, like 16,16`);
  let activation;
  try {
    activation = checkActivation(v.activation ?? 'relu', 'train: --activation');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const optimizer = (v.optimizer ?? 'adam').toLowerCase() as OptimizerName;
  if (!lookup(OPTIMIZERS, optimizer)) throw new UsageError(`train: unknown optimizer '${shorten(v.optimizer ?? '')}'; known: ${Object.keys(OPTIMIZERS).join(', ')}`);
  const make = DATASETS[name] as (n: number, noise?: number, seed?: number) => ReturnType<(typeof DATASETS)['moons']>;
  const data = v.noise === undefined ? make(n, undefined, seed) : make(n, numberOption('noise', v.noise, 0, (x) => x >= 0, 'a number ≥ 0'), seed);
  const dir = v.out ?? 'chalkgrad-train';
  const theme = themeOption(v.theme);
  ensureDir(dir);

  const outputs = data.classes === 0 ? 1 : data.classes === 2 ? 1 : data.classes;
  const sizes = [data.X[0].length, ...layers.map(Number), outputs];
  const parameters = sizes.slice(1).reduce((total, nout, l) => total + (sizes[l] + 1) * nout, 0);
  if (parameters > LIMITS.parameters) throw new UsageError(`train: --layers ${shorten(v.layers ?? '')} makes ${parameters.toLocaleString('en')} parameters; at most ${LIMITS.parameters.toLocaleString('en')} (each takes 8 bytes for its value, its gradient and the optimizer's state)`);
  const model = mlp(sizes[0], sizes.slice(1), { activation, seed });
  const loss = defaultLoss(data, outputs);
  out(`training ${model.describe()} (${model.numParameters} parameters) on ${name} (${n} samples) with ${optimizer}, lr ${lr}, loss ${loss}`);
  const history = fit(model, data, { loss, optimizer, lr, epochs, batchSize, validation, seed, progress: v.quiet ? false : new ProgressBar() });
  const last = history.epochs[history.epochs.length - 1];
  const pct = (x?: number) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
  out(`epoch ${last.epoch}: loss ${last.loss.toFixed(4)}${last.valLoss !== undefined ? `, validation loss ${last.valLoss.toFixed(4)}` : ''}${last.accuracy !== undefined ? `, accuracy ${pct(last.accuracy)}, validation accuracy ${pct(last.valAccuracy)}` : ''}`);
  const files = [
    { path: join(dir, 'model.json'), content: JSON.stringify(modelToJSON(model)), what: 'the trained model (architecture and weights; load with loadModel)' },
    { path: join(dir, 'history.json'), content: JSON.stringify(history, null, 1), what: 'loss, metrics and diagnostics per epoch' },
    ...trainingPictures(dir, '', model, data, history, loss, `${name}, ${model.describe()}`, theme),
  ];
  writeOutputs(files);
  for (const f of files) out(`  ${f.path}  ${f.what}`);
  return 0;
}
