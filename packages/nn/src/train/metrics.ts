/** Classification metrics. */
import { extent } from '@chalkgrad/core';

export function accuracy(predicted: readonly number[], labels: readonly number[]): number {
  if (predicted.length !== labels.length) throw new RangeError(`accuracy: ${predicted.length} predictions for ${labels.length} labels`);
  if (labels.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
  return hits / labels.length;
}

/** counts[true class][predicted class]. */
export function confusionMatrix(predicted: readonly number[], labels: readonly number[], classes = Math.max(0, extent(predicted)[1], extent(labels)[1]) + 1): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  labels.forEach((t, i) => m[t][predicted[i]]++);
  return m;
}

/** The class of each output row: the argmax for several outputs, `out > threshold` for one. */
export function classesOf(outputs: readonly (ArrayLike<number>)[], threshold = 0): number[] {
  return outputs.map((row) => {
    if (row.length === 1) return row[0] > threshold ? 1 : 0;
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    return best;
  });
}

/** The class threshold of a one-output model: 0.5 for probabilities or squared error, 0 for scores and logits. */
export function thresholdFor(loss: string | undefined): number {
  return loss === 'binaryCrossEntropy' || loss === 'mse' || loss === 'halfSumSquares' ? 0.5 : 0;
}
