/**
 * A tensor model as a PyTorch script: the same layers as `nn.Sequential` (PyTorch names its
 * parameters `0.weight`, `0.bias` as chalkgrad does), chalkgrad's weights copied in, the same
 * input batch, and the gradients of the input and of every parameter compared.
 */
import { Tensor, pyNumber, randn } from '@chalkgrad/core';
import { TORCH_ACTIVATIONS } from '../activations';
import { inputFeatures } from '../tensor/inputFeatures';
import { ActivationModule, Dropout, Flatten, Linear, LogSoftmax, Maxout, type Module, Reshape, Sequential, Softmax } from '../tensor/modules';
import { seededUpstream, tensorGrads } from './graphScript';
import { pyDict, pyTensor, scriptFooter, scriptHeader } from './python';

/** Classes the script defines when the model uses them (PyTorch has no Maxout, and reshapes with a free batch). */
const HELPERS = {
  Maxout: `class Maxout(nn.Module):
    """k linear pieces per unit; the unit outputs their maximum (amax splits ties, as chalkgrad does)."""

    def __init__(self, nin, nout, k, bias=True):
        super().__init__()
        self.nout, self.k = nout, k
        self.weight = nn.Parameter(torch.empty(nout * k, nin))
        self.bias = nn.Parameter(torch.empty(nout * k)) if bias else None

    def forward(self, x):
        z = nn.functional.linear(x, self.weight, self.bias)
        return z.reshape(*z.shape[:-1], self.nout, self.k).amax(-1)`,
  Reshape: `class Reshape(nn.Module):
    """Reshapes each sample; the batch axis stays."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)`,
};

/** The PyTorch constructor of a module, nested Sequentials indented. */
function torchModule(m: Module, used: Set<keyof typeof HELPERS>, indent: string): string {
  if (m instanceof Sequential) return `nn.Sequential(\n${m.modules.map((c) => `${indent}    ${torchModule(c, used, `${indent}    `)},`).join('\n')}\n${indent})`;
  if (m instanceof Linear) return `nn.Linear(${m.nin}, ${m.nout}${m.bias ? '' : ', bias=False'})`;
  if (m instanceof ActivationModule) return TORCH_ACTIVATIONS[m.activation](m.slope);
  if (m instanceof Softmax) return `nn.Softmax(dim=${m.axis})`;
  if (m instanceof LogSoftmax) return `nn.LogSoftmax(dim=${m.axis})`;
  if (m instanceof Dropout) return `nn.Dropout(${pyNumber(m.p)})`;
  if (m instanceof Flatten) return 'nn.Flatten()';
  if (m instanceof Reshape) {
    used.add('Reshape');
    return `Reshape(${m.shape.join(', ')})`;
  }
  if (m instanceof Maxout) {
    used.add('Maxout');
    return `Maxout(${m.nin}, ${m.nout}, ${m.k}${m.linear.bias ? '' : ', bias=False'})`;
  }
  throw new TypeError(`toPyTorch: cannot write a ${m.describe()} module in PyTorch`);
}

/** Every module in the tree, for saving and restoring `training`. */
function allModules(m: Module): Module[] {
  return [m, ...m.children().flatMap(allModules)];
}

export interface ModelScriptOptions {
  input?: Tensor;
  batch: number;
  seed: number;
}

export function modelScript(net: Module, title: string, options: ModelScriptOptions): string {
  const used = new Set<keyof typeof HELPERS>();
  const layers = torchModule(net instanceof Sequential ? net : new Sequential(net), used, '');
  const features = inputFeatures(net);
  if (!options.input && features === null) throw new TypeError(`toPyTorch: ${net.describe()} does not fix its number of inputs; pass { input: a Tensor of one batch }`);
  const given = options.input ?? randn([options.batch, features!], { seed: options.seed });
  const x = new Tensor(Float64Array.from(given.data), given.shape, { requiresGrad: true, label: 'input' });

  // chalkgrad's numbers at inference (Dropout off), on the side: the model keeps its mode and its .grad.
  const modules = allModules(net);
  const modes = modules.map((m) => m.training);
  net.eval();
  let y: Tensor;
  try {
    y = net.forward(x);
  } finally {
    modules.forEach((m, i) => (m.training = modes[i]));
  }
  const upstream = seededUpstream(y.shape, options.seed + 1);
  const grads = tensorGrads(y, upstream);
  const params = net instanceof Sequential ? net.namedParameters() : new Sequential(net).namedParameters();
  const count = params.reduce((s, [, p]) => s + p.size, x.size);
  return [
    scriptHeader(title, { rtol: 1e-6, atol: 1e-9 }),
    'import torch.nn as nn',
    '',
    'try:',
    '    from torch.func import functional_call',
    'except ImportError:  # PyTorch before 2.0',
    '    from torch.nn.utils.stateless import functional_call',
    '',
    ...[...used].flatMap((h) => ['', HELPERS[h], '', '']),
    `net = ${layers}`,
    'net.eval()  # Dropout is the identity, as in chalkgrad\'s numbers below',
    '',
    '# chalkgrad\'s weights, row-major',
    `WEIGHTS = ${pyDict(params.map(([n, p]) => [n, p.data]))}`,
    'with torch.no_grad():',
    '    for name, p in net.named_parameters():',
    '        p.copy_(torch.tensor(WEIGHTS[name]).reshape(p.shape))',
    '',
    `x = ${pyTensor(x.data, x.shape, true)}`,
    `G = ${pyTensor(upstream.data, upstream.shape)}  # the upstream gradient: loss = sum(output * G)`,
    `OUTPUT = [${Array.from(y.data, pyNumber).join(', ')}]`,
    '# chalkgrad\'s gradients of the loss',
    `GRADS = ${pyDict([['input', grads.get(x) ?? new Float64Array(x.size)], ...params.map(([n, p]): [string, ArrayLike<number>] => [n, grads.get(p) ?? new Float64Array(p.size)])])}`,
    '',
    'out = net(x)',
    'check("output", out, OUTPUT)',
    '(out * G).sum().backward()',
    'check("gradient of input", x.grad, GRADS["input"])',
    'for name, p in net.named_parameters():',
    '    check("gradient of " + name, p.grad, GRADS[name])',
    '',
    'names = [name for name, _ in net.named_parameters()]',
    '',
    '',
    'def f(x, *params):',
    '    return functional_call(net, dict(zip(names, params)), (x,))',
    '',
    // Full gradcheck costs two forward passes per number; past a few thousand, PyTorch's fast mode (vᵀJu).
    scriptFooter('f', '(x.detach().requires_grad_(), *[p.detach().requires_grad_() for p in net.parameters()])', count > 3000),
  ].join('\n');
}
