/**
 * Losses and penalties, for Tensor predictions (batch-first) and for lists of Values (the scalar
 * models). Classification targets are class indices; `hinge` takes labels in {−1, +1} or {0, 1}.
 */
import { Tensor, Value, extent, tensor } from '@chalkgrad/core';

type Targets = Tensor | readonly number[] | readonly number[][];

function asTarget(t: Targets, like: Tensor): Tensor {
  const x = t instanceof Tensor ? t : tensor(t as number[], { dtype: like.dtype });
  return x.size === like.size && x.ndim !== like.ndim ? x.reshape([...like.shape]) : x;
}

function checkSize(name: string, pred: Tensor, target: Tensor): void {
  if (pred.size !== target.size) throw new RangeError(`${name}: predictions [${pred.shape}] and targets [${target.shape}] have different sizes`);
}

/** Mean squared error. */
export function mse(pred: Tensor, target: Targets): Tensor {
  const t = asTarget(target, pred);
  checkSize('mse', pred, t);
  const d = pred.sub(t);
  return d.mul(d).mean();
}

/** The notes' E = ½ Σ (y − t)². */
export function halfSumSquares(pred: Tensor, target: Targets): Tensor {
  const t = asTarget(target, pred);
  checkSize('halfSumSquares', pred, t);
  const d = pred.sub(t);
  return d.mul(d).sum().mul(0.5);
}

/** Binary cross-entropy on probabilities (clamped to [eps, 1 − eps] so log stays finite). */
export function binaryCrossEntropy(prob: Tensor, target: Targets, eps = 1e-7): Tensor {
  const t = asTarget(target, prob);
  checkSize('binaryCrossEntropy', prob, t);
  const p = prob.clamp(eps, 1 - eps);
  return t.mul(p.log()).add(t.neg().add(1).mul(p.neg().add(1).log())).mean().neg();
}

/** Binary cross-entropy on logits, stable for any z: mean(softplus(z) − t·z). */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Targets): Tensor {
  const t = asTarget(target, logits);
  checkSize('binaryCrossEntropyWithLogits', logits, t);
  return logits.softplus().sub(t.mul(logits)).mean();
}

/** Softmax cross-entropy from logits `[batch, classes]` with integer labels or one-hot targets. */
export function softmaxCrossEntropy(logits: Tensor, target: Targets): Tensor {
  if (logits.ndim !== 2) throw new RangeError(`softmaxCrossEntropy: logits must be [batch, classes], got [${logits.shape}]`);
  const [n, k] = logits.shape;
  const logp = logits.logSoftmax(1);
  const t = target instanceof Tensor ? target : tensor(target as number[]);
  if (t.size === n) {
    for (const c of t.data) if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`softmaxCrossEntropy: label ${c} is not a class index in 0..${k - 1}`);
    return logp.gather(1, t.reshape([n, 1])).mean().neg();
  }
  if (t.size !== n * k) throw new RangeError(`softmaxCrossEntropy: targets [${t.shape}] are neither ${n} labels nor [${n},${k}] one-hot rows`);
  return logp.mul(t.reshape([n, k])).sum().div(n).neg();
}

/** SVM max-margin loss mean(max(0, 1 − y·s)) with y in {−1, +1} (0 is read as −1). */
export function hinge(scores: Tensor, labels: Targets): Tensor {
  const y = asTarget(labels, scores);
  checkSize('hinge', scores, y);
  const signs = tensor(Array.from(y.data, (v) => (v > 0 ? 1 : -1)), { shape: y.shape, dtype: scores.dtype });
  return signs.mul(scores).neg().add(1).relu().mean();
}

export function l2Penalty(params: readonly Tensor[], lambda: number): Tensor {
  return params.map((p) => p.mul(p).sum()).reduce((a, b) => a.add(b)).mul(lambda);
}

export function l1Penalty(params: readonly Tensor[], lambda: number): Tensor {
  return params.map((p) => p.abs().sum()).reduce((a, b) => a.add(b)).mul(lambda);
}

// ---------------------------------------------------------------- on Values (scalar models)

/** Losses over a batch of scalar-model outputs: `outputs[i]` is the output list of sample i. */
export const scalarLosses = {
  mse(outputs: readonly (readonly Value[])[], targets: readonly number[]): Value {
    return Value.sum(outputs.map((o, i) => o[0].sub(targets[i]).pow(2))).div(outputs.length);
  },
  halfSumSquares(outputs: readonly (readonly Value[])[], targets: readonly number[]): Value {
    return Value.sum(outputs.map((o, i) => o[0].sub(targets[i]).pow(2))).mul(0.5);
  },
  hinge(outputs: readonly (readonly Value[])[], labels: readonly number[]): Value {
    return Value.sum(outputs.map((o, i) => o[0].mul(labels[i] > 0 ? -1 : 1).add(1).relu())).div(outputs.length);
  },
  binaryCrossEntropy(outputs: readonly (readonly Value[])[], targets: readonly number[]): Value {
    const eps = 1e-7;
    return Value.sum(outputs.map((o, i) => {
      const p = o[0].maximum(eps).minimum(1 - eps);
      return targets[i] > 0 ? p.log() : p.neg().add(1).log();
    })).div(-outputs.length);
  },
  binaryCrossEntropyWithLogits(outputs: readonly (readonly Value[])[], targets: readonly number[]): Value {
    return Value.sum(outputs.map((o, i) => o[0].softplus().sub(o[0].mul(targets[i])))).div(outputs.length);
  },
  softmaxCrossEntropy(outputs: readonly (readonly Value[])[], labels: readonly number[]): Value {
    return Value.sum(outputs.map((o, i) => {
      const m = extent(o.map((v) => v.data))[1];
      const lse = Value.sum(o.map((v) => v.sub(m).exp())).log().add(m);
      return lse.sub(o[labels[i]]);
    })).div(outputs.length);
  },
};

export function scalarL2(params: readonly Value[], lambda: number): Value {
  return Value.sum(params.map((p) => p.mul(p))).mul(lambda);
}

export const tensorLosses = { mse, halfSumSquares, hinge, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy };
export type LossName = keyof typeof tensorLosses;
export const LOSS_NAMES = Object.keys(tensorLosses) as LossName[];
