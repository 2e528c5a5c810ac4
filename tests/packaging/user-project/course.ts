// Type-checked as CommonJS (the types under "require"): the shipped .d.cts files.
import { Value, Tensor, tensor, mlp, fit, makeMoons, type History, toDot } from 'chalkgrad';
import { ProgressBar, saveModel } from 'chalkgrad/node';

const x = new Value(0.5, 'x');
const y: Value = x.tanh().mul(2);
y.backward();
const g: number = x.grad;
const W: Tensor = tensor([[1, 2], [3, 4]], { requiresGrad: true });
const h: History = fit(mlp(2, [4, 2], { seed: 1 }), makeMoons(20, 0.1, 1), { epochs: 1, progress: new ProgressBar(process.stderr, false) });
const dot: string = toDot(y);
saveModel(mlp(2, [1]), 'model.json');
// @ts-expect-error the types are real: a Value takes a number, not a string
new Value('3');
export { g, W, h, dot };
