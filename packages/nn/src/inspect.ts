/** Weight matrices per layer (`weights[j][i]`, from unit i to unit j) with their gradients, for diagrams. */
import { MLP } from './scalar/models';
import { Linear, type Module, Sequential } from './tensor/modules';

export interface LayerWeightsInfo {
  name: string;
  weights: number[][];
  grads: number[][];
}

export function layerWeights(model: MLP | Module): LayerWeightsInfo[] {
  if (model instanceof MLP) {
    return model.layers.map((layer, l) => ({
      name: `L${l + 1} ${layer.activation}`,
      weights: layer.neurons.map((n) => n.w.map((w) => w.data)),
      grads: layer.neurons.map((n) => n.w.map((w) => w.grad)),
    }));
  }
  const modules = model instanceof Sequential ? model.modules : [model];
  const out: LayerWeightsInfo[] = [];
  modules.forEach((m, i) => {
    if (!(m instanceof Linear)) return;
    const next = modules[i + 1];
    const rows = (data: ArrayLike<number>) => Array.from({ length: m.nout }, (_, j) => Array.from({ length: m.nin }, (_, k) => data[j * m.nin + k]));
    out.push({
      name: `L${out.length + 1}${next && !(next instanceof Linear) ? ` ${next.describe()}` : ''}`,
      weights: rows(m.weight.data),
      grads: m.weight.grad ? rows(m.weight.grad.data) : rows(new Float64Array(m.nout * m.nin)),
    });
  });
  return out;
}
