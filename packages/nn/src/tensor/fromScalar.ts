/**
 * A scalar `MLP` as the same network of tensor modules, for what works on layers (ONNX, PyTorch),
 * and back: a Sequential as scalar `Layer`s, for drawing a network one number at a time.
 */
import { type Activation } from '../activations';
import { Layer, type MLP } from '../scalar/models';
import { ActivationModule, Dropout, Flatten, Linear, type Module, Sequential, Softmax } from './modules';

/** The same weights (copied, float64) in Linear layers, with each layer's activation after it. */
export function mlpAsSequential(model: MLP): Sequential {
  const modules: Module[] = [];
  for (const layer of model.layers) {
    const linear = new Linear(layer.nin, layer.nout);
    linear.weight.data.set(layer.neurons.flatMap((n) => n.w.map((w) => w.data)));
    linear.bias!.data.set(layer.neurons.map((n) => n.b.data));
    modules.push(linear);
    if (layer.activation === 'softmax') modules.push(new Softmax());
    else if (layer.activation !== 'identity') modules.push(new ActivationModule(layer.activation));
  }
  return new Sequential(...modules);
}

/** Why module `m` cannot follow the layers read so far as a scalar network, or null when it can. */
function noScalarForm(m: Module, last: { activation: Activation | 'softmax' } | undefined, isLast: boolean): string | null {
  if (m instanceof Linear) return m.bias ? null : 'has no bias, and a scalar neuron always adds one';
  const free = last?.activation === 'identity';
  if (m instanceof ActivationModule) {
    return free ? null : 'does not follow a Linear layer directly';
  }
  if (m instanceof Softmax) return free && isLast && (m.axis === -1 || m.axis === 1) ? null : 'is not the last module right after a Linear layer';
  return 'has no scalar form (Linear layers, elementwise activations and a final softmax have)';
}

/**
 * The inverse of `mlpAsSequential`: the Linear layers of a Sequential, each with the activation or
 * final softmax after it, as scalar `Layer`s (`L1.N2.w0`, … as an MLP labels them) with the same
 * weights, so every weight, product and sum of one example is a node of its own. Dropout (at
 * inference), Flatten (of one example) and the identity leave a vector unchanged and are passed over. A module
 * with no scalar form is a RangeError that names it.
 */
export function sequentialAsLayers(model: Sequential): Layer[] {
  const found: { linear: Linear; activation: Activation | 'softmax'; slope?: number }[] = [];
  model.modules.forEach((m, i) => {
    if (m instanceof Dropout || m instanceof Flatten || (m instanceof ActivationModule && m.activation === 'identity')) return;
    const why = noScalarForm(m, found[found.length - 1], i === model.modules.length - 1);
    if (why) throw new RangeError(`sequentialAsLayers: module ${i} (${m.describe()}) ${why}`);
    if (m instanceof Linear) found.push({ linear: m, activation: 'identity' });
    else if (m instanceof ActivationModule) Object.assign(found[found.length - 1], { activation: m.activation, slope: m.slope });
    else found[found.length - 1].activation = 'softmax';
  });
  return found.map(({ linear, activation, slope }, l) => {
    const layer = new Layer(linear.nin, linear.nout, { activation, slope, name: `L${l + 1}` });
    layer.neurons.forEach((n, j) => {
      n.w.forEach((w, i) => (w.data = linear.weight.data[j * linear.nin + i]));
      n.b.data = linear.bias!.data[j];
    });
    return layer;
  });
}
