/**
 * The scripts toPyTorch writes run in PyTorch (Debian's python3-torch) and agree with chalkgrad:
 * every value and gradient, and torch.autograd.gradcheck in float64. Generated from the op tables
 * (every scalar op in a Value expression, every tensor op case) and the export models.
 */
import { Rng, SCALAR_OPS, type ScalarOp, TENSOR_OPS, Value, applyOp, randn, tensor } from '@chalkgrad/core';
import { toPyTorch } from '@chalkgrad/nn';
import { EXPORT_MODELS } from '../helpers/exportModels';
import { opTableCases } from '../helpers/opCases';
import { type PythonResult, describeWithTorch, runPythonScripts } from '../helpers/pytorch';

/** A Value expression around op `name`, at a point of its domain (with its parameter k if it has one). */
function scalarCase(name: string, rng: Rng): Value {
  const op: ScalarOp = (SCALAR_OPS as Record<string, ScalarOp>)[name];
  const draw = (i: number) => {
    const domain = op.domain[Math.min(i, op.domain.length - 1)];
    const [lo, hi] = domain[rng.int(domain.length)];
    return new Value(rng.uniform(lo, hi), `a${i}`);
  };
  const a = draw(0);
  const w = new Value(0.7, 'w');
  if (op.arity === 'n') return Value.sum([a.mul(w), draw(1), new Value(2)]).named('y');
  const inner = op.arity === 2 ? Value.apply(name, a, draw(1)) : Value.apply(name, a, op.params?.[1] ?? op.params?.[0] ?? 0);
  return inner.mul(w).add(a).named('y');
}

function expectAgreed(r: PythonResult, what: string): void {
  if (r.status !== 0 || !r.output.includes('PyTorch agrees with chalkgrad on every value and gradient')) {
    throw new Error(`${what}: the PyTorch script exited ${r.status}:\n${r.output}`);
  }
}

describeWithTorch('toPyTorch scripts run in PyTorch and agree with chalkgrad', () => {
  const rng = new Rng(3);
  const x1 = new Value(-1, 'x1');
  const x2 = new Value(2, 'x2');
  const perceptron = new Value(1).add(x1.mul(3)).sub(x2.mul(2)).sigmoid().named('y');
  const scalar = Object.keys(SCALAR_OPS).map((name) => [`Value graph with ${name}`, toPyTorch(scalarCase(name, rng))] as const);
  const tensors = opTableCases(11).map(({ title, op, c, inputs }) => {
    const leaves = inputs.map((t) => tensor(t.data, { shape: t.shape, requiresGrad: true, label: t.label }));
    return [`Tensor graph with ${title}`, toPyTorch(applyOp(op.name, leaves, c.params))] as const;
  });
  const models = EXPORT_MODELS.map(([name, make]) => [`model: ${name}`, toPyTorch(make(), { seed: 4 })] as const);
  const hostile = new Value(0.5, '"""\n)\nimport os; os._exit(3)  # \\');
  const W = randn([3, 4], { seed: 1, requiresGrad: true, label: 'W' });
  const scripts: (readonly [string, string])[] = [
    ['the perceptron of the notes', toPyTorch(perceptron)],
    ['a label that tries to end the string', toPyTorch(hostile.mul(hostile).tanh())],
    ['a tensor expression with a constant input', toPyTorch(W.matmul(tensor([0.5, -1, 2, 0])).tanh().softmax())],
    ...scalar, ...tensors, ...models,
  ];
  // A wrong number in chalkgrad's gradients must be caught: the check is real.
  const wrong = scripts[0][1].replace(/("x1": \[)([^\]]+)\]/, (_m, head, v) => `${head}${Number(v) + 1e-3}]`);
  const results = runPythonScripts([...scripts.map(([, s]) => s), wrong]);

  test('every op of both op tables is in a script', () => {
    expect(scalar.length).toBe(Object.keys(SCALAR_OPS).length);
    expect(new Set(opTableCases().map((c) => c.op.name))).toEqual(new Set(Object.keys(TENSOR_OPS)));
  });

  test.each(scripts.map(([name], i) => [name, i] as const))('%s', (name, i) => expectAgreed(results[i], name));

  test('the perceptron script prints the gradients the notes give', () => {
    expect(results[0].output).toMatch(/ok\s+gradient of x1\s+max \|PyTorch - chalkgrad\| = /);
    expect(results[0].output).toMatch(/ok\s+torch\.autograd\.gradcheck \(float64\)/);
  });

  test('a script carrying a wrong gradient fails and names it', () => {
    expect(wrong).not.toBe(scripts[0][1]);
    const r = results[results.length - 1];
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/MISMATCH gradient of x1/);
  });
});
