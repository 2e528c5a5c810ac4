/** Each lecture example in examples/ runs and computes what it claims. */
import { main as chain } from '../../examples/chain-rule';
import { main as perceptron } from '../../examples/perceptron';
import { main as delta } from '../../examples/delta-rule';
import { main as softmax } from '../../examples/softmax-classifier';
import { main as optimizers } from '../../examples/optimizers';

const quiet = () => undefined;

test('chain rule: backward equals the product of the local derivatives', () => {
  const r = chain(0.7, quiet);
  expect(r.grad).toBeCloseTo(r.byHand, 14);
});

test('perceptron: sigmoid(−6) and its gradients, gradcheck passes', () => {
  const r = perceptron(quiet);
  expect(r.y).toBeCloseTo(1 / (1 + Math.exp(6)), 15);
  const s = r.y * (1 - r.y);
  expect(r.grads[0]).toBeCloseTo(3 * s, 15);
  expect(r.grads[1]).toBeCloseTo(-2 * s, 15);
  expect(r.gradcheckOk).toBe(true);
});

test('delta rule: the recursion equals backward', () => {
  expect(delta(quiet).worst).toBeLessThan(1e-14);
});

test('softmax classifier: separates the blobs; the spiral needs hidden layers', () => {
  const r = softmax(quiet);
  expect(r.blobAccuracy).toBeGreaterThan(0.95);
  expect(r.spiralLinear).toBeLessThan(0.7);
  expect(r.spiralMlp).toBeGreaterThan(0.9);
});

test('optimizers: every method descends the ravine; at the same step size momentum beats plain SGD', () => {
  const { runs, svg } = optimizers(quiet);
  const start = 0.5 * 4.5 ** 2 + 10 * 1.5 ** 2;
  for (const r of runs) expect(r.loss).toBeLessThan(start / 10);
  const by = Object.fromEntries(runs.map((r) => [r.name, r.loss]));
  expect(by.momentum).toBeLessThan(by.SGD / 5);
  expect(by.Nesterov).toBeLessThan(by.SGD / 5);
  expect(svg).toContain('>Adam<');
});
