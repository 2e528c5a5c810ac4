/** A Sequential as scalar Layers (`sequentialAsLayers`), and the delta rule of Sequentials with Dropout, Flatten and a leaky slope. */
import { Value, grad, tensor } from '@chalkgrad/core';
import { Dropout, Flatten, LeakyReLU, Linear, MLP, ReLU, Reshape, Sequential, Sigmoid, Softmax, Tanh, layerStates, mlpAsSequential, sequentialAsLayers } from '@chalkgrad/nn';

const forward = (net: Sequential, x: number[]) => sequentialAsLayers(net).reduce<Value[]>((h, layer) => layer.forward(h), x.map((v) => new Value(v)));

describe('sequentialAsLayers', () => {
  test("an MLP through mlpAsSequential and back: the MLP's labels and outputs", () => {
    const net = new MLP(3, [4, 2], { activation: 'tanh', outputActivation: 'softmax', seed: 5 });
    const layers = sequentialAsLayers(mlpAsSequential(net));
    expect(layers.map((l) => l.parameters().map((p) => p.label))).toEqual(net.layers.map((l) => l.parameters().map((p) => p.label)));
    expect(layers.flatMap((l) => l.parameters().map((p) => p.data))).toEqual(net.parameters().map((p) => p.data));
    const x = [0.3, -1.2, 2];
    const want = net.forward(x).map((v) => v.data);
    forward(mlpAsSequential(net), x).forEach((v, k) => expect(v.data).toBeCloseTo(want[k], 14));
  });

  test('Flatten and Dropout pass one example; a leaky slope other than 0.01 is kept; the outputs are the tensor outputs', () => {
    const net = new Sequential(new Flatten(), new Linear(4, 5, { seed: 1 }), LeakyReLU(0.2), new Dropout(0.5), new Linear(5, 3, { seed: 2 }), new Softmax()).eval();
    const x = [1, -2, 0.5, 3];
    const want = net.forward(tensor([x])).data;
    forward(net, x).forEach((v, k) => expect(v.data).toBeCloseTo(want[k], 14));
    const z = sequentialAsLayers(net)[0].neurons.map((n) => n.preactivation(x.map((v) => new Value(v))));
    expect(z.some((v) => v.data < 0)).toBe(true); // the slope is tested where it acts
  });

  test('a module with no scalar form is named', () => {
    const cases: [Sequential, string][] = [
      [new Sequential(new Linear(2, 4), new Reshape([2, 2]), Tanh()), 'sequentialAsLayers: module 1 (Reshape(2, 2)) has no scalar form'],
      [new Sequential(new Linear(2, 2, { bias: false })), 'module 0 (Linear(2, 2)) has no bias'],
      [new Sequential(new Linear(2, 2), new Softmax(), new Linear(2, 1)), 'module 1 (softmax) is not the last module'],
      [new Sequential(ReLU(), new Linear(2, 1)), 'module 0 (relu) does not follow a Linear layer directly'],
      [new Sequential(new Linear(2, 2), Sigmoid(), Tanh()), 'module 2 (tanh) does not follow a Linear layer directly'],
    ];
    for (const [net, message] of cases) expect(() => sequentialAsLayers(net)).toThrow(message);
  });
});

describe('layerStates of a Sequential', () => {
  test('Dropout and Flatten are passed over, a leaky slope of 0.2 is the slope of u and g′; δ is the engine\'s', () => {
    const net = new Sequential(new Flatten(), new Linear(2, 3, { seed: 3 }), LeakyReLU(0.2), new Dropout(0.3), new Linear(3, 1, { seed: 4 }), Sigmoid()).eval();
    const x = [0.8, -1.1];
    const state = layerStates(net, x, [1]);
    const hidden = state.layers[0];
    expect(hidden.z.some((z) => z < 0)).toBe(true);
    hidden.z.forEach((z, j) => {
      expect(hidden.u[j]).toBeCloseTo(z > 0 ? z : 0.2 * z, 14);
      expect(hidden.dg[j]).toBe(z > 0 ? 1 : 0.2);
    });
    // δ = ∂E/∂z from the scalar form of the same network
    const layers = sequentialAsLayers(net);
    const z1 = layers[0].neurons.map((n) => n.preactivation(x.map((v) => new Value(v))));
    const h = z1.map((z) => z.leakyRelu(0.2));
    const u = layers[1].neurons[0].preactivation(h).sigmoid();
    const E = u.sub(1).pow(2).mul(0.5);
    grad(E, z1).forEach((d, j) => expect(hidden.delta[j]).toBeCloseTo(d.data, 12));
  });
});
