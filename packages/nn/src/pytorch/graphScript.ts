/**
 * A recorded graph (a Value expression or a Tensor function's result) as a PyTorch script: its
 * leaves at chalkgrad's values, then one line per node from the op table's PyTorch expression,
 * in chalkgrad's order, so the script reads like the diagram. The script compares the gradient of
 * every node, leaves and inner nodes alike.
 */
import { Rng, SCALAR_OPS, Tensor, Value, fillTorch, grad, nodeId, pyNumber, pyString, topoSort, traceTensor } from '@chalkgrad/core';
import { PythonNames, pyDict, pyTensor, scriptFooter, scriptHeader } from './python';

/** What differs between Value and Tensor graphs; the script is written once from it. */
interface GraphView<N> {
  nodes: readonly N[];
  isLeaf(n: N): boolean;
  /** Leaves that get a gradient (the others are constants of the script). */
  wantsGrad(n: N): boolean;
  label(n: N): string;
  display(n: N): string;
  literal(n: N): string;
  expression(n: N, name: (m: N) => string): string;
  /** chalkgrad's gradient of each node that has one. */
  grads: Map<N, ArrayLike<number>>;
  value(n: N): ArrayLike<number>;
  /** The Python statements that seed backward from `out` (a scalar, or a weighted sum). */
  seed: string[];
  tolerance: { rtol: number; atol: number };
}

function graphScript<N>(title: string, v: GraphView<N>): string {
  const names = new PythonNames();
  const py = new Map<N, string>();
  // Two nodes may share a label (two `weight`s): the later ones get their place in the walk added.
  const seen = new Set<string>();
  const shown = new Map(v.nodes.map((n, i) => {
    const text = seen.has(v.display(n)) ? `${v.display(n)} (node ${i + 1})` : v.display(n);
    seen.add(text);
    return [n, text];
  }));
  const display = (n: N) => shown.get(n)!;
  // Labels first, so an unlabelled node numbered x1 cannot take the name of a leaf labelled x1.
  const stem = (n: N) => (!v.isLeaf(n) ? 't' : v.wantsGrad(n) ? 'x' : 'c');
  for (const labelled of [true, false]) for (const n of v.nodes) if (Boolean(v.label(n)) === labelled) py.set(n, names.name(v.label(n), stem(n)));
  const leaves = v.nodes.filter((n) => v.isLeaf(n));
  const args = leaves.filter((n) => v.wantsGrad(n));
  const body = v.nodes.filter((n) => !v.isLeaf(n)).flatMap((n) => [`    ${py.get(n)} = ${v.expression(n, (m) => py.get(m)!)}`, `    nodes[${pyString(display(n))}] = ${py.get(n)}`]);
  const out = v.nodes[v.nodes.length - 1];
  const compared = v.nodes.filter((n) => v.grads.has(n));
  return [
    scriptHeader(title, v.tolerance),
    '# The leaves of chalkgrad\'s graph, at the same values',
    ...leaves.map((n) => `${py.get(n)} = ${v.literal(n)}`),
    '',
    '',
    `def f(${args.map((n) => py.get(n)).join(', ')}):`,
    '    """The graph, one line per node in the order chalkgrad recorded it."""',
    '    nodes = {}',
    ...body,
    `    return ${py.get(out)}, nodes`,
    '',
    '',
    `VALUE = [${Array.from(v.value(out), pyNumber).join(', ')}]`,
    `# chalkgrad's gradients of every node`,
    `GRADS = ${pyDict(compared.map((n) => [display(n), v.grads.get(n)!]))}`,
    '',
    `out, nodes = f(${args.map((n) => py.get(n)).join(', ')})`,
    'for t in nodes.values():',
    '    t.retain_grad()',
    ...v.seed,
    'check("value", out, VALUE)',
    `for name, t in {${args.map((n) => `${pyString(display(n))}: ${py.get(n)}`).join(', ')}${args.length ? ', ' : ''}**nodes}.items():`,
    '    check("gradient of " + name, t.grad, GRADS[name])',
    scriptFooter(`lambda *xs: f(*xs)[0]`, `(${args.map((n) => `${py.get(n)}.detach().requires_grad_()`).join(', ')}${args.length === 1 ? ',' : ''})`, false),
  ].join('\n');
}

/** A Value expression: every node's gradient from `grad`, which leaves `.grad` alone. */
export function valueGraphScript(y: Value, title: string): string {
  const nodes = topoSort(y);
  const grads = grad(y, nodes);
  return graphScript(title, {
    nodes,
    isLeaf: (n) => n.op === '',
    wantsGrad: () => true,
    label: (n) => n.label,
    display: (n) => nodeId(n),
    literal: (n) => `torch.tensor(${pyNumber(n.data)}, requires_grad=True)`,
    expression(n, name) {
      const op = (SCALAR_OPS as Record<string, { torch: string }>)[n.op];
      const [a, b] = n.inputs;
      return fillTorch(op.torch, { a: name(a), b: b && name(b), k: n.param, xs: n.inputs.map(name) });
    },
    grads: new Map(nodes.map((n, i) => [n, [grads[i].data]])),
    value: (n) => [n.data],
    seed: ['out.backward()'],
    tolerance: { rtol: 1e-6, atol: 1e-9 },
  });
}

/** Seeded standard normal numbers in `shape`: the upstream gradient G of a result with many elements. */
export function seededUpstream(shape: readonly number[], seed: number): Tensor {
  const rng = new Rng(seed);
  return new Tensor(Float64Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.normal()), shape);
}

/** The gradient of every node of `y`'s graph (upstream G, or 1), from `traceTensor`, which leaves `.grad` alone. */
export function tensorGrads(y: Tensor, upstream: Tensor | null): Map<Tensor, ArrayLike<number>> {
  const steps = y.fn ? traceTensor(y, upstream ?? undefined).steps : [];
  const grads = new Map<Tensor, ArrayLike<number>>(steps.map((s) => [s.node, s.grad.data]));
  // A leaf's gradient is complete after the last edge into it.
  for (const s of steps) for (const e of s.edges) if (!e.input.fn) grads.set(e.input, e.gradAfter.data);
  return grads;
}

/**
 * A Tensor graph: gradients from `traceTensor`, which leaves `.grad` alone. A result with more
 * than one element is reduced with seeded random weights G (sum(out · G)), so no gradient is
 * trivially zero (softmax outputs sum to 1).
 */
export function tensorGraphScript(y: Tensor, title: string, seed: number): string {
  const nodes = topoSort(y);
  const upstream = y.size === 1 ? null : seededUpstream(y.shape, seed);
  const grads = tensorGrads(y, upstream);
  return graphScript(title, {
    nodes,
    isLeaf: (n) => !n.fn,
    wantsGrad: (n) => n.requiresGrad,
    label: (n) => n.label,
    display: (n) => nodeId(n),
    literal: (n) => pyTensor(n.data, n.shape, n.requiresGrad),
    expression: (n, name) => n.fn!.torch(n.inputs.map(name), n.params, n.inputs.map((x) => x.shape)),
    grads,
    value: (n) => n.data,
    seed: upstream ? [`G = ${pyTensor(upstream.data, upstream.shape)}  # chalkgrad's seeded upstream gradient`, '(out * G).sum().backward()'] : ['out.backward()'],
    tolerance: y.dtype === 'float32' ? { rtol: 1e-4, atol: 1e-5 } : { rtol: 1e-6, atol: 1e-9 },
  });
}
