/** A scalar `MLP` as the same network of tensor modules, for what works on layers (ONNX, PyTorch). */
import type { MLP } from '../scalar/models';
import { ActivationModule, Linear, type Module, Sequential, Softmax } from './modules';

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
