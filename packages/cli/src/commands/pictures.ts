/** The pictures of a training run, shared by `chalkgrad train` and `chalkgrad demo`. */
import { join } from 'node:path';
import { type Dataset, type History, type LayerWeightsInfo, type LossName, type MLP, type Module, classesOf, layerWeights, predict, thresholdFor } from '@chalkgrad/nn';
import { type ThemeOption, architectureSvg, decisionBoundary, diagnosticsPlot, trainingCurves } from '@chalkgrad/viz';
import { type OutputFile, UsageError } from '../io';

/** The weight matrices of a model for its architecture diagram (`option` asked for it), or why there is nothing to draw. */
export function drawnLayers(command: string, option: string, model: MLP | Module): LayerWeightsInfo[] {
  const layers = layerWeights(model);
  // an MLP always has layers: only a Module can have none
  if (layers.length === 0) throw new UsageError(`${command}: ${(model as Module).describe()} has no Linear layer to draw; leave out ${option}`);
  return layers;
}

export function trainingPictures(dir: string, prefix: string, model: MLP | Module, data: Dataset, history: History, loss: LossName, title: string, theme?: ThemeOption): OutputFile[] {
  const validated = history.epochs.some((e) => e.valLoss !== undefined);
  const files: OutputFile[] = [
    { path: join(dir, `${prefix}loss.svg`), content: trainingCurves(history, `${title}: loss and accuracy per epoch`, { theme }), what: `${validated ? 'training and validation' : 'training'} loss and accuracy per epoch` },
    { path: join(dir, `${prefix}diagnostics.svg`), content: diagnosticsPlot(history, `${title}: diagnostics per layer`, { theme }), what: 'gradient norm per layer, dead ReLU and saturated units per epoch' },
  ];
  if (data.X[0]?.length === 2 && data.classes > 0) {
    const boundary = decisionBoundary((pts) => classesOf(predict(model, pts), thresholdFor(loss)), data, { title: `${title}: decision boundary`, theme });
    files.push({ path: join(dir, `${prefix}boundary.svg`), content: boundary, what: 'decision regions of the trained model with the data points' });
  }
  files.push({ path: join(dir, `${prefix}architecture.svg`), content: architectureSvg(layerWeights(model), { title: `${title}: weights (blue +, orange −)`, theme }), what: 'the network, edges coloured by the sign and sized by the size of each weight' });
  return files;
}
