// CommonJS: require('chalkgrad') and require('chalkgrad/node').
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Value, mlp, modelToJSON } = require('chalkgrad');
const { saveModel, loadModel } = require('chalkgrad/node');

const x1 = new Value(-1, 'x1');
const x2 = new Value(2, 'x2');
const y = new Value(1).add(x1.mul(3)).sub(x2.mul(2)).sigmoid();
y.backward();

const file = join(mkdtempSync(join(tmpdir(), 'course-')), 'net.json');
const net = mlp(2, [4, 1], { seed: 1 });
saveModel(net, file);
const same = JSON.stringify(modelToJSON(loadModel(file))) === JSON.stringify(modelToJSON(net));
console.log(JSON.stringify({ y: y.data, grads: [x1.grad, x2.grad], modelRoundTrip: same }));
