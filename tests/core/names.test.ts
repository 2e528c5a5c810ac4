/** Every name of Object.prototype given to the API where a name selects an op, optimizer, loss or activation. */
import { Value, applyOp, lookup, scalarOp, tensor } from '@chalkgrad/core';
import { MLP, checkActivation, fit, makeMoons, makeOptimizer, mlp } from '@chalkgrad/nn';
import { activationPlot } from '@chalkgrad/viz';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const moons = makeMoons(20, 0.1, 1);

test.each(NAMES)('%s', (name) => {
  expect(lookup({ a: 1 }, name)).toBeUndefined();
  expect(scalarOp(name)).toBeUndefined();
  expect(() => Value.apply(name, new Value(2))).toThrow(`Value.apply: unknown op '${name}'`);
  expect(() => applyOp(name, [tensor([1])], undefined)).toThrow(`tensor op '${name}' is not in the op table`);
  expect(() => makeOptimizer(name, [])).toThrow(`unknown optimizer '${name}'`);
  expect(() => checkActivation(name, 'where')).toThrow(`where: unknown activation '${name}'`);
  expect(() => mlp(2, [1], { activation: name as never })).toThrow(`mlp: unknown activation '${name}'`);
  expect(() => mlp(2, [1], { init: name as never })).toThrow(`unknown initialiser '${name}'`);
  expect(() => fit(mlp(2, [1], { seed: 1 }), moons, { loss: name as never, epochs: 1 })).toThrow(`fit: unknown loss '${name}'`);
  expect(() => fit(new MLP(2, [1]), moons, { optimizer: name as never, epochs: 1 })).toThrow(`unknown optimizer '${name}'`);
  expect(() => activationPlot([name])).toThrow(`activationPlot: '${name}' is not a unary op of the table`);
});
