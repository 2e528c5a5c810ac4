/**
 * `fit(model, data, options)`: mini-batch training for Tensor modules and scalar MLPs alike,
 * with validation, metrics, early stopping, callbacks, progress reports (a bar on a terminal), and per-epoch
 * diagnostics (gradient norm per layer, dead ReLU units, saturated sigmoid/tanh units).
 * Everything random is drawn from `seed`, so the same seed gives the same history bit for bit.
 */
import { Rng, Tensor, Value, describeArg, lookup, noGrad, tensor } from '@chalkgrad/core';
import type { Activation } from '../activations';
import { type Dataset, checkDataset } from '../data/datasets';
import { batchIndices, trainValidationSplit } from '../data/batching';
import { type LossName, l2Penalty, scalarL2, scalarLosses, tensorLosses } from '../losses';
import { type Optimizer, type OptimizerName, makeOptimizer } from '../optim/optimizers';
import type { Schedule } from '../optim/schedules';
import type { Parameter } from '../optim/params';
import { MLP } from '../scalar/models';
import { ActivationModule, Linear, type Module, Sequential } from '../tensor/modules';
import { type LayerDiagnostics, deadFraction, normOf, rowsOf, saturatedFraction } from './diagnostics';
import { accuracy, classesOf, thresholdFor } from './metrics';
import { predict } from './predict';
import { type ProgressReporter, formatSeconds } from './progress';

export type Model = Module | MLP;

export interface EpochRecord {
  epoch: number;
  lr: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Gradient norm per layer (L1, L2, ...) after the epoch's last batch. */
  gradNorms: Record<string, number>;
  /** Fraction of ReLU units of each layer never active on a probe batch. */
  deadRelu: Record<string, number>;
  /** Fraction of saturated sigmoid/tanh outputs of each layer on a probe batch. */
  saturated: Record<string, number>;
}

export interface History {
  epochs: EpochRecord[];
  stoppedEarly: boolean;
  /** The epoch with the best monitored loss. */
  bestEpoch: number;
}

export interface Callbacks {
  onEpochEnd?(record: EpochRecord, history: History): void | 'stop';
  onBatchEnd?(batch: number, loss: number): void;
}

export interface FitOptions {
  /** A loss by name, or a function of (predictions, targets). Default from the data: see `defaultLoss`. */
  loss?: LossName | ((pred: Tensor, target: Tensor) => Tensor);
  optimizer?: Optimizer | OptimizerName;
  lr?: number;
  schedule?: Schedule;
  epochs?: number;
  /** Default: the whole training set (full batch). */
  batchSize?: number;
  /** A validation set, or the fraction of `data` to hold out. */
  validation?: Dataset | number;
  shuffle?: boolean;
  metrics?: 'accuracy'[];
  /** L2 penalty λ·Σw² on the weights. */
  l2?: number;
  callbacks?: Callbacks;
  earlyStopping?: { patience: number; minDelta?: number; monitor?: 'loss' | 'valLoss'; restoreBest?: boolean };
  seed?: number;
  /** Where progress goes, batch by batch: e.g. `new ProgressBar()` of `@chalkgrad/nn/node` on a terminal. Default: nowhere. */
  progress?: ProgressReporter | false;
}

/** softmax cross-entropy for several classes, logistic loss for two with one output, MSE for regression. */
export function defaultLoss(data: Dataset, outputs: number): LossName {
  if (data.classes === 0) return 'mse';
  return outputs === 1 ? 'binaryCrossEntropyWithLogits' : 'softmaxCrossEntropy';
}

/** What fit needs of either kind of model. */
interface Adapter {
  params: Parameter[];
  outputs: number;
  /** Forward and loss on a batch; backward() fills the gradients. */
  step(X: number[][], y: number[]): { loss: number; backward(): void };
  /** Gradient norm per layer, from the current gradients. */
  gradNorms(): Record<string, number>;
  /** Dead ReLU and saturation fractions per layer on a probe batch. */
  activationStats(probe: number[][]): Omit<LayerDiagnostics, 'gradNorms'>;
  setTraining(on: boolean): void;
}

function tensorAdapter(model: Module, lossFn: (p: Tensor, t: Tensor) => Tensor, l2: number): Adapter {
  const params = model.parameters();
  const weights = model.namedParameters().filter(([n]) => n.endsWith('weight')).map(([, p]) => p);
  const dtype = params[0]?.dtype ?? 'float64';
  const linears = model instanceof Sequential ? model.modules.filter((m): m is Linear => m instanceof Linear) : model instanceof Linear ? [model] : [];
  const outputs = lastLinear(model)?.nout ?? 1;
  const targets = (y: number[]) => tensor(y, { dtype, shape: lossFn === tensorLosses.softmaxCrossEntropy ? [y.length] : [y.length, outputs] });
  const total = (X: number[][], y: number[]) => {
    const loss = lossFn(model.forward(tensor(X, { dtype })), targets(y));
    return l2 > 0 ? loss.add(l2Penalty(weights, l2)) : loss;
  };
  return {
    params,
    outputs,
    step(X, y) {
      const loss = total(X, y);
      return { loss: loss.item(), backward: () => loss.backward() };
    },
    gradNorms() {
      const out: Record<string, number> = {};
      linears.forEach((m, i) => (out[`L${i + 1}`] = normOf(m.parameters())));
      return out;
    },
    activationStats(probe) {
      const d = { deadRelu: {}, saturated: {} };
      if (!(model instanceof Sequential)) return d;
      const acts = noGrad(() => model.forwardAll(tensor(probe, { dtype })));
      let layer = 0;
      model.modules.forEach((m, i) => {
        if (m instanceof Linear) layer++;
        if (m instanceof ActivationModule) recordActivation(d, `L${layer}`, m.activation, rowsOf(acts[i]));
      });
      return d;
    },
    setTraining: (on) => model.train(on),
  };
}

function lastLinear(model: Module): Linear | undefined {
  if (model instanceof Linear) return model;
  if (model instanceof Sequential) return [...model.modules].reverse().map(lastLinear).find(Boolean);
  return undefined;
}

function recordActivation(d: Omit<LayerDiagnostics, 'gradNorms'>, name: string, act: Activation, rows: ArrayLike<number>[]): void {
  if (act === 'relu') d.deadRelu[name] = deadFraction(rows);
  if (act === 'sigmoid' || act === 'tanh') d.saturated[name] = saturatedFraction(act, rows.flatMap((r) => Array.from(r)));
}

function scalarAdapter(model: MLP, lossName: LossName, l2: number): Adapter {
  const lossFn = scalarLosses[lossName];
  const params = model.parameters();
  const weights = model.layers.flatMap((l) => l.neurons.flatMap((n) => n.w));
  return {
    params,
    outputs: model.sizes[model.sizes.length - 1],
    step(X, y) {
      const loss = lossFn(X.map((x) => model.forward(x)), y);
      const total = l2 > 0 ? loss.add(scalarL2(weights, l2)) : loss;
      return { loss: total.data, backward: () => total.backward() };
    },
    gradNorms() {
      return Object.fromEntries(model.layers.map((layer, l) => [`L${l + 1}`, normOf(layer.parameters())]));
    },
    activationStats(probe) {
      const d = { deadRelu: {}, saturated: {} };
      const perLayer: number[][][] = model.layers.map(() => []);
      noGrad(() => {
        for (const x of probe) {
          let h: (Value | number)[] = x;
          model.layers.forEach((layer, l) => {
            h = layer.forward(h);
            perLayer[l].push(h.map((v) => (v as Value).data));
          });
        }
      });
      model.layers.forEach((layer, l) => {
        if (layer.activation !== 'softmax') recordActivation(d, `L${l + 1}`, layer.activation, perLayer[l]);
      });
      return d;
    },
    setTraining: () => {},
  };
}

/**
 * A training run one epoch at a time: `fit` runs it to the end, and a page that trains live (play,
 * pause, one step) calls `epoch()` when it wants the next one. Both draw the same numbers from the
 * seed, so `fit(…, { epochs: n })` reproduces n steps of a live run exactly.
 */
export class FitRun {
  readonly history: History = { epochs: [], stoppedEarly: false, bestEpoch: 0 };
  readonly optimizer: Optimizer;
  readonly train: Dataset;
  readonly validation: Dataset | undefined;
  private readonly adapter: Adapter;
  private readonly rng: Rng;
  private readonly epochs: number;
  private readonly batchSize: number;
  private readonly wantAccuracy: boolean;
  private readonly threshold: number;
  private readonly monitor: 'loss' | 'valLoss';
  private best = Infinity;
  private bestWeights: Float64Array[] | null = null;
  private waited = 0;
  private gradNorms: Record<string, number> = {};
  private readonly started = Date.now();

  constructor(readonly model: Model, data: Dataset, private readonly options: FitOptions = {}) {
    checkDataset('fit', data);
    if (typeof options.validation === 'object') checkDataset('fit: validation', options.validation);
    this.epochs = options.epochs ?? 10;
    if (!Number.isInteger(this.epochs) || this.epochs < 1) throw new RangeError(`fit: epochs must be a whole number ≥ 1, got ${describeArg(options.epochs)}`);
    if (options.l2 !== undefined && !(options.l2 >= 0)) throw new RangeError(`fit: l2 must be a number ≥ 0, got ${describeArg(options.l2)}`);
    this.rng = new Rng(options.seed ?? 0);
    let train = data;
    let validation: Dataset | undefined;
    if (typeof options.validation === 'number') ({ train, validation } = trainValidationSplit(data, options.validation, this.rng.nextUint32()));
    else validation = options.validation;
    if (train.X.length === 0) throw new RangeError('fit: the training set is empty');
    this.train = train;
    this.validation = validation;

    const outputs = model instanceof MLP ? model.sizes[model.sizes.length - 1] : lastLinear(model)?.nout ?? 1;
    const lossOpt = options.loss ?? defaultLoss(data, outputs);
    const lossName = typeof lossOpt === 'string' ? lossOpt : undefined;
    if (lossName !== undefined && !lookup(tensorLosses, lossName)) throw new RangeError(`fit: unknown loss '${lossName}'; known: ${Object.keys(tensorLosses).join(', ')}`);
    if (model instanceof MLP) {
      if (!lossName) throw new TypeError('fit: a scalar MLP takes a loss by name');
      this.adapter = scalarAdapter(model, lossName, options.l2 ?? 0);
    } else {
      this.adapter = tensorAdapter(model, typeof lossOpt === 'function' ? lossOpt : tensorLosses[lossOpt], options.l2 ?? 0);
    }
    this.optimizer = typeof options.optimizer === 'object' ? options.optimizer : makeOptimizer(options.optimizer ?? 'adam', this.adapter.params, options.lr === undefined ? {} : { lr: options.lr });
    this.batchSize = options.batchSize ?? train.X.length;
    this.threshold = thresholdFor(lossName);
    this.wantAccuracy = (options.metrics ?? (data.classes > 0 ? ['accuracy'] : [])).includes('accuracy');
    this.monitor = options.earlyStopping?.monitor ?? (validation ? 'valLoss' : 'loss');
  }

  /** Whether the run has had all its epochs or stopped early. */
  get done(): boolean {
    return this.history.stoppedEarly || this.history.epochs.length >= this.epochs;
  }

  /** Trains one more epoch and returns its record, or null when the run is done. */
  epoch(): EpochRecord | null {
    if (this.done) return null;
    const { adapter, optimizer, options, train, validation, history } = this;
    const epoch = history.epochs.length + 1;
    if (options.schedule) optimizer.lr = options.schedule(epoch - 1);
    adapter.setTraining(true);
    const batches = batchIndices(train.X.length, this.batchSize, options.shuffle === false ? undefined : this.rng);
    let sum = 0;
    batches.forEach((idx, b) => {
      optimizer.zeroGrad();
      const { loss, backward } = adapter.step(idx.map((i) => train.X[i]), idx.map((i) => train.y[i]));
      if (!Number.isFinite(loss)) throw new RangeError(`fit: the loss became ${loss} in epoch ${epoch}, batch ${b + 1}. Lower the learning rate (now ${optimizer.lr}) or clip gradients (optimizer option clipNorm).`);
      backward();
      if (b === batches.length - 1) this.gradNorms = adapter.gradNorms(); // the raw gradients, before any clipping in step()
      optimizer.step();
      sum += loss * idx.length;
      options.callbacks?.onBatchEnd?.(b, loss);
      (options.progress || undefined)?.tick(epoch, this.epochs, b + 1, batches.length, loss, idx.length);
    });
    adapter.setTraining(false);
    const act = adapter.activationStats(train.X.slice(0, 256));
    const record: EpochRecord = { epoch, lr: optimizer.lr, loss: sum / train.X.length, gradNorms: this.gradNorms, deadRelu: act.deadRelu, saturated: act.saturated };
    if (this.wantAccuracy) record.accuracy = this.accuracyOn(train);
    if (validation) {
      record.valLoss = this.lossOn(validation);
      if (this.wantAccuracy) record.valAccuracy = this.accuracyOn(validation);
    }
    history.epochs.push(record);
    this.watch(record);
    return record;
  }

  /** The loss on a data set with the current weights (no graph kept, L2 penalty included). */
  lossOn(d: Dataset): number {
    return noGrad(() => this.adapter.step(d.X, d.y).loss);
  }

  private accuracyOn(d: Dataset): number {
    return accuracy(classesOf(predict(this.model, d.X), this.threshold), d.y);
  }

  /** Early stopping and the best epoch. */
  private watch(record: EpochRecord): void {
    const stop = this.options.earlyStopping;
    const watched = this.monitor === 'valLoss' ? record.valLoss ?? record.loss : record.loss;
    if (watched < this.best - (stop?.minDelta ?? 0)) {
      this.best = watched;
      this.history.bestEpoch = record.epoch;
      this.waited = 0;
      if (stop?.restoreBest) this.bestWeights = snapshot(this.adapter.params);
    } else this.waited++;
    const verdict = this.options.callbacks?.onEpochEnd?.(record, this.history);
    if (verdict === 'stop' || (stop && this.waited >= stop.patience)) this.history.stoppedEarly = true;
  }

  /** Ends the run: the best weights back when asked (earlyStopping.restoreBest), the progress report closed. */
  finish(): History {
    if (this.bestWeights) restore(this.adapter.params, this.bestWeights);
    const last = this.history.epochs[this.history.epochs.length - 1];
    const bar = this.options.progress || undefined;
    bar?.finish(`trained ${this.history.epochs.length} epochs in ${formatSeconds((Date.now() - this.started) / 1000)}: loss ${last.loss.toFixed(4)}${last.accuracy !== undefined ? `, accuracy ${(100 * last.accuracy).toFixed(1)}%` : ''}${last.valAccuracy !== undefined ? `, validation ${(100 * last.valAccuracy).toFixed(1)}%` : ''}`);
    return this.history;
  }
}

export function fit(model: Model, data: Dataset, options: FitOptions = {}): History {
  const run = new FitRun(model, data, options);
  while (run.epoch());
  return run.finish();
}

function snapshot(params: readonly Parameter[]): Float64Array[] {
  return params.map((p) => (p instanceof Tensor ? Float64Array.from(p.data) : Float64Array.of(p.data)));
}

function restore(params: readonly Parameter[], saved: readonly Float64Array[]): void {
  params.forEach((p, i) => {
    if (p instanceof Tensor) p.data.set(saved[i]);
    else p.data = saved[i][0];
  });
}
