/** Models with every layer type, seeded: what the ONNX and PyTorch export tests both run. */
import { Dropout, Flatten, Identity, LeakyReLU, Linear, LogSoftmax, MLP, Maxout, type Module, ReLU, Reshape, Sequential, Sigmoid, Softmax, Softplus, Tanh, mlp } from '@chalkgrad/nn';

/** [name, model, number of input features]. */
export const EXPORT_MODELS: [string, () => Module | MLP, number][] = [
  ['ReLU MLP 2-16-16-3', () => mlp(2, [16, 16, 3], { seed: 1 }), 2],
  ['tanh MLP with softmax', () => new Sequential(...mlp(4, [8, 3], { activation: 'tanh', seed: 2 }).modules, new Softmax()), 4],
  ['sigmoid, softplus, identity', () => new Sequential(new Linear(3, 5, { seed: 3 }), Sigmoid(), new Linear(5, 5, { seed: 4 }), Softplus(), Identity(), new Linear(5, 2, { seed: 5, bias: false })), 3],
  ['leaky ReLU (0.01 and 0.2) and LogSoftmax', () => new Sequential(new Linear(3, 6, { seed: 6 }), LeakyReLU(), new Linear(6, 6, { seed: 7 }), LeakyReLU(0.2), new Linear(6, 4, { seed: 8 }), new LogSoftmax()), 3],
  ['dropout (identity at inference)', () => mlp(5, [10, 10, 2], { seed: 9, dropout: 0.3 }), 5],
  ['maxout', () => new Sequential(new Maxout(3, 4, 3, { seed: 10 }), Tanh(), new Linear(4, 2, { seed: 11 })), 3],
  ['reshape and flatten', () => new Sequential(new Linear(6, 12, { seed: 12 }), new Reshape([3, 4]), ReLU(), new Flatten(), new Linear(12, 2, { seed: 13 })), 6],
  ['float32 MLP', () => mlp(3, [7, 2], { seed: 14, dtype: 'float32', activation: 'tanh' }), 3],
  ['scalar MLP (Values) with softmax output', () => new MLP(3, [4, 3], { activation: 'tanh', outputActivation: 'softmax', seed: 15 }), 3],
];
