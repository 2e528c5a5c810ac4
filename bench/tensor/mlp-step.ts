/**
 * One training step of an MLP 784-128-64-10 (ReLU, mean softmax cross-entropy, batch 128, SGD),
 * for one implementation, in a process of its own. Prints one JSON line.
 * Usage: node mlp-step.js <chalkgrad-f32|chalkgrad-f64|chalkgrad-f32-js|tfjs-cpu|tfjs-wasm> [steps] [warm-up steps]
 * (chalkgrad-f32-js: float32 on the reference TypeScript kernels)
 */
import { Rng, Tensor, kernelInfo, randn, tensor, useKernels, zeros } from '@chalkgrad/core';
import { SGD } from '@chalkgrad/nn';

const SIZES = [784, 128, 64, 10];
const BATCH = 128;
const LR = 0.1;

/** Same data and initial weights for every implementation. */
function problem() {
  const rng = new Rng(7);
  const X = Float64Array.from({ length: BATCH * SIZES[0] }, () => rng.uniform(0, 1));
  const labels = Array.from({ length: BATCH }, () => rng.int(10));
  const weights = SIZES.slice(1).map((n, l) => randn([SIZES[l], n], { seed: 100 + l, std: Math.sqrt(2 / SIZES[l]) }).data);
  return { X, labels, weights };
}

type Step = () => number;

function chalkgrad(dtype: 'float32' | 'float64'): Step {
  const { X, labels, weights } = problem();
  const x = tensor(X, { shape: [BATCH, SIZES[0]], dtype });
  const y = tensor(labels, { shape: [BATCH, 1] });
  const params: Tensor[] = [];
  weights.forEach((w, l) => {
    params.push(tensor(w, { shape: [SIZES[l], SIZES[l + 1]], dtype, requiresGrad: true }));
    params.push(zeros([SIZES[l + 1]], { dtype, requiresGrad: true }));
  });
  // chalkgrad's optimizer, as TF.js's side uses tf.train.sgd
  const opt = new SGD(params, { lr: LR });
  return () => {
    let h = x;
    for (let l = 0; l < 3; l++) {
      h = h.matmul(params[2 * l]).add(params[2 * l + 1]);
      if (l < 2) h = h.relu();
    }
    const loss = h.logSoftmax(1).gather(1, y).mean().neg();
    loss.backward();
    opt.step();
    opt.zeroGrad();
    return loss.item();
  };
}

async function tfjs(backend: 'cpu' | 'wasm'): Promise<Step> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, 'dist/');
    wasm.setWasmPaths(dir);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const { X, labels, weights } = problem();
  const x = tf.tensor2d(Float32Array.from(X), [BATCH, SIZES[0]]);
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const vars = weights.flatMap((w, l) => [tf.variable(tf.tensor2d(Float32Array.from(w), [SIZES[l], SIZES[l + 1]])), tf.variable(tf.zeros([SIZES[l + 1]]))]);
  const opt = tf.train.sgd(LR);
  return () => {
    const cost = opt.minimize(() => {
      let h: import('@tensorflow/tfjs').Tensor = x;
      for (let l = 0; l < 3; l++) {
        h = tf.add(tf.matMul(h as import('@tensorflow/tfjs').Tensor2D, vars[2 * l] as import('@tensorflow/tfjs').Tensor2D), vars[2 * l + 1]);
        if (l < 2) h = tf.relu(h);
      }
      return tf.losses.softmaxCrossEntropy(onehot, h) as import('@tensorflow/tfjs').Scalar;
    }, true)!;
    const v = cost.dataSync()[0];
    cost.dispose();
    return v;
  };
}

function kernelText(): string {
  const info = kernelInfo();
  return info.kernels === 'js' ? 'reference (js)' : `fast, gemm ${info.gemm}${info.note ? ` (${info.note})` : ''}`;
}

async function main() {
  const name = process.argv[2];
  const steps = Number(process.argv[3] ?? 60);
  const warmup = Number(process.argv[4] ?? 20);
  if (name === 'chalkgrad-f32-js') useKernels('js');
  const step: Step =
    name.startsWith('chalkgrad-f32') ? chalkgrad('float32') : name === 'chalkgrad-f64' ? chalkgrad('float64') : name === 'tfjs-cpu' ? await tfjs('cpu') : name === 'tfjs-wasm' ? await tfjs('wasm') : (() => {
      throw new Error('usage: mlp-step.js <chalkgrad-f32|chalkgrad-f64|chalkgrad-f32-js|tfjs-cpu|tfjs-wasm> [steps] [warm-up steps]');
    })();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const losses: number[] = [];
  for (let k = 0; k < steps; k++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    losses.push(step());
    const c = process.cpuUsage(c0);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpuTimes.push((c.user + c.system) / 1e3);
  }
  // The first `warmup` steps run while V8 compiles and tiers up the JavaScript and the wasm (TF.js's
  // kernels are compiled before its first step); the headline is the median of the steps after them,
  // the steady state of a training run. Their mean is reported too: what the first steps of a run cost.
  // CPU time (all the process's threads, so V8's GC helpers count against it) is a secondary column.
  const median = (xs: number[]) => xs.slice(warmup).sort((a, b) => a - b)[Math.floor((xs.length - warmup) / 2)];
  const warmupMs = times.slice(0, warmup).reduce((s, t) => s + t, 0) / warmup;
  console.log(JSON.stringify({ impl: name, msPerStep: median(times), cpuMsPerStep: median(cpuTimes), warmupMsPerStep: warmupMs, firstLoss: losses[0], lastLoss: losses[losses.length - 1], peakRssMiB: process.resourceUsage().maxRSS / 1024, ...(name.startsWith('chalkgrad') ? { kernels: kernelText() } : {}) }));
}

void main();
