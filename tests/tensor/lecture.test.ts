/** The linear-algebra form of backprop from the lecture notes, checked against the engine. */
import { Tensor, Value, tensor, randn } from '@chalkgrad/core';

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((x, i) => expect(x).toBeCloseTo(b[i], 12));

test('z = W a + b: dL/dW = delta aᵀ and the gradient passed down is Wᵀ delta', () => {
  const W = randn([3, 4], { seed: 1, requiresGrad: true, label: 'W' });
  const a = randn([4], { seed: 2, requiresGrad: true, label: 'a' });
  const b = randn([3], { seed: 3, requiresGrad: true, label: 'b' });
  const target = randn([3], { seed: 4 });
  const z = W.matmul(a).add(b);
  const diff = z.sub(target);
  diff.mul(diff).sum().mul(0.5).backward(); // L = ½‖z − t‖², so delta = z − t
  const delta = diff.detach();
  close(W.grad!.data, delta.outer(a.detach()).data);
  close(a.grad!.data, W.detach().T.matmul(delta).data);
  close(b.grad!.data, delta.data);
});

test('a two-layer network: tensor gradients equal the scalar Value network', () => {
  const W1 = randn([3, 2], { seed: 10 });
  const b1 = randn([3], { seed: 11 });
  const W2 = randn([1, 3], { seed: 12 });
  const b2 = randn([1], { seed: 13 });
  const x = [0.4, -1.2];
  const y = 0.7;

  // tensors
  const tW1 = new Tensor(W1.data.slice(), W1.shape, { requiresGrad: true });
  const tb1 = new Tensor(b1.data.slice(), b1.shape, { requiresGrad: true });
  const tW2 = new Tensor(W2.data.slice(), W2.shape, { requiresGrad: true });
  const tb2 = new Tensor(b2.data.slice(), b2.shape, { requiresGrad: true });
  const h = tW1.matmul(tensor(x)).add(tb1).sigmoid();
  const out = tW2.matmul(h).add(tb2);
  out.sub(y).pow(2).sum().backward();

  // scalars
  const sW1 = Array.from(W1.data, (v) => new Value(v));
  const sb1 = Array.from(b1.data, (v) => new Value(v));
  const sW2 = Array.from(W2.data, (v) => new Value(v));
  const sb2 = new Value(b2.data[0]);
  const hs = [0, 1, 2].map((j) => sW1[2 * j].mul(x[0]).add(sW1[2 * j + 1].mul(x[1])).add(sb1[j]).sigmoid());
  const o = Value.sum(hs.map((hj, j) => hj.mul(sW2[j]))).add(sb2);
  o.sub(y).pow(2).backward();

  close(tW1.grad!.data, sW1.map((v) => v.grad));
  close(tb1.grad!.data, sb1.map((v) => v.grad));
  close(tW2.grad!.data, sW2.map((v) => v.grad));
  close(tb2.grad!.data, [sb2.grad]);
});
