/**
 * One implementation of the micrograd demo step, run in a process of its own so that its peak
 * RSS is its own: MLP 2-16-16-1 (337 parameters), 100 two-moons points, SVM max-margin loss plus
 * 1e-4 L2, full batch, forward + backward + SGD update, built node for node as micrograd builds it.
 * `kept` (the default) keeps the last step's graph referenced while the next is built, as
 * micrograd's demo loop does; `released` lets each step's graph go when the step returns.
 * Prints one JSON line. Usage: node step.js <chalkgrad|port> [steps] [kept|released]
 */
import { Rng, Value } from '@chalkgrad/core';
import { makeMoons } from '@chalkgrad/nn';
import { PortValue } from './baseline';

/** What the demo needs of a scalar autograd value; both implementations have it. */
interface Scalar<S> {
  data: number;
  grad: number;
  add(o: S | number): S;
  mul(o: S | number): S;
  relu(): S;
  backward(): void;
}

interface Impl<S extends Scalar<S>> {
  make(x: number): S;
  created(): number;
}

const IMPLS = {
  chalkgrad: { make: (x: number) => new Value(x), created: () => new Value(0).id } satisfies Impl<Value>,
  port: { make: (x: number) => new PortValue(x), created: () => PortValue.created } satisfies Impl<PortValue>,
};

function run<S extends Scalar<S>>(impl: Impl<S>, steps: number, keep: boolean) {
  const rng = new Rng(1337);
  const { X, y } = makeMoons(100, 0.1, 1);
  const labels = y.map((c) => 2 * c - 1); // micrograd uses ±1 targets
  // micrograd's MLP: weights uniform(-1, 1), bias 0; ReLU on all layers but the last.
  const sizes = [2, 16, 16, 1];
  const layers = sizes.slice(1).map((nout, l) =>
    Array.from({ length: nout }, () => ({ w: Array.from({ length: sizes[l] }, () => impl.make(rng.uniform(-1, 1))), b: impl.make(0), relu: l < sizes.length - 2 })),
  );
  const params = layers.flatMap((layer) => layer.flatMap((n) => [...n.w, n.b]));
  const forward = (x: S[]): S => {
    let h = x;
    for (const layer of layers) {
      h = layer.map((n) => {
        let act = n.b; // Python's sum(generator, self.b): a chain of adds starting from b
        for (let i = 0; i < n.w.length; i++) act = act.add(n.w[i].mul(h[i]));
        return n.relu ? act.relu() : act;
      });
    }
    return h[0];
  };

  // micrograd's demo: loss() builds the whole graph and returns the total and the accuracy.
  const lossFn = (): { total: S; accuracy: number } => {
    const inputs = X.map((row) => row.map((v) => impl.make(v)));
    const scores = inputs.map(forward);
    const losses = scores.map((s, i) => s.mul(-labels[i]).add(1).relu());
    let dataLoss = losses[0].add(0); // Python's sum(): 0 + first, then a chain
    for (let i = 1; i < losses.length; i++) dataLoss = dataLoss.add(losses[i]);
    dataLoss = dataLoss.mul(1 / losses.length);
    let squares = params[0].mul(params[0]).add(0);
    for (let i = 1; i < params.length; i++) squares = squares.add(params[i].mul(params[i]));
    const total = dataLoss.add(squares.mul(1e-4));
    return { total, accuracy: scores.filter((s, i) => s.data > 0 === labels[i] > 0).length / scores.length };
  };
  const step = (k: number) => {
    const out = lossFn();
    for (const p of params) p.grad = 0;
    out.total.backward();
    const lr = 1 - (0.9 * k) / 100;
    for (const p of params) p.data -= lr * p.grad;
    return out;
  };
  // Only numbers leave this function: the step's graph is garbage once it returns.
  const releasedStep = (k: number) => {
    const out = step(k);
    return { loss: out.total.data, accuracy: out.accuracy };
  };

  const times: number[] = [];
  let nodes = 0;
  let loss = 0;
  let accuracy = 0;
  let last: { total: S; accuracy: number } | null = null;
  for (let k = 0; k < steps; k++) {
    const t0 = process.hrtime.bigint();
    const before = impl.created();
    if (keep) {
      // As micrograd's loop does with `total_loss, acc = loss()`: the last step's graph stays
      // referenced until the next one is built, so two graphs are alive at the peak.
      last = step(k);
      loss = last.total.data;
      accuracy = last.accuracy;
    } else {
      ({ loss, accuracy } = releasedStep(k));
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    // graph nodes: those made this step (less the probe node `created()` makes) plus the parameters
    nodes = impl.created() - before - 1 + params.length;
  }
  return { times, nodes, params: params.length, loss, accuracy };
}

const name = process.argv[2] as keyof typeof IMPLS;
const steps = Number(process.argv[3] ?? 30);
const mode = process.argv[4] ?? 'kept';
if (!(name in IMPLS) || !['kept', 'released'].includes(mode)) throw new Error(`usage: step.js <${Object.keys(IMPLS).join('|')}> [steps] [kept|released]`);
const keep = mode === 'kept';
const r = name === 'chalkgrad' ? run(IMPLS.chalkgrad, steps, keep) : run(IMPLS.port, steps, keep);
const measured = r.times.slice(5).sort((a, b) => a - b); // the first steps warm up the JIT
console.log(
  JSON.stringify({
    impl: name,
    msPerStep: measured[Math.floor(measured.length / 2)],
    nodes: r.nodes,
    params: r.params,
    loss: r.loss,
    accuracy: r.accuracy,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
