/** The derivative cheat-sheet (docs/derivatives.md), generated from the op tables. */
import { SCALAR_OPS, type ScalarOp, opSymbol } from './ops/scalar';
import { TENSOR_OPS } from './tensor/ops';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const method = (name: string) => `\`${name}\``;

export function derivativeCheatSheet(): string {
  const scalar = Object.values(SCALAR_OPS as Record<string, ScalarOp>);
  const lines = [
    '# Derivative cheat-sheet',
    '',
    'Generated from chalkgrad\'s op tables (`packages/core/src/ops/scalar.ts`, `packages/core/src/tensor/ops.ts`) by',
    '`corepack pnpm chalkgrad cheatsheet --out docs/derivatives.md`; a test fails when this file is out of date.',
    'Every op below is gradchecked automatically against finite differences.',
    '',
    '## Scalar ops (`Value`, and elementwise on `Tensor`)',
    '',
    '| op | method | diagram | arity | local derivatives | LaTeX | domain |',
    '|---|---|---|---|---|---|---|',
    ...scalar.map((op) => `| \`${op.name}\` | ${method(op.arity === 'n' ? `Value.${op.name}` : op.method ?? op.name)} | ${cell(opSymbol(op, op.params?.[0] ?? 0))} | ${op.arity} | ${op.formula.map(cell).join('<br>')} | ${op.tex.map((t) => `$${cell(t)}$`).join('<br>')} | ${cell(op.domainText ?? 'all reals')} |`),
    '',
    '## Tensor ops (vector-Jacobian products; G is the upstream gradient ∂L/∂out)',
    '',
    '| op | method | VJP per input | LaTeX |',
    '|---|---|---|---|',
    ...Object.values(TENSOR_OPS).filter((op) => !(op.name in SCALAR_OPS)).map((op) => `| \`${op.name}\` | ${method(op.method ?? op.name)} | ${op.formula.map(cell).join('<br>')} | ${op.tex.map((t) => `$${cell(t)}$`).join('<br>')} |`),
    '',
    'Elementwise tensor ops use the scalar derivatives above, multiplied by G elementwise; a broadcast input',
    'receives the sum of G over the broadcast axes.',
    '',
    '## Ties and edge cases',
    '',
    '- Ties: `maximum`, `minimum` and the `max`/`min` reductions split the gradient evenly between tied elements',
    '  (½ each for two). The total derivative stays right: max(x, x) = x, and ∂max(x, x)/∂x = ½ + ½ = 1; giving all',
    '  of it to each tied input would give 2, and giving it to the first only depends on the order.',
    '- `clamp(lo, hi)` passes the gradient at the bounds (A = lo or A = hi), as PyTorch and TF.js do.',
    '- Powers at 0, as PyTorch and autograd: ∂(a⁰)/∂a = 0 also at a = 0, and ∂(0ᵇ)/∂b = 0 for b ≥ 0.',
    '- relu, leakyRelu and abs take the derivative 0, the slope k and 0 at their kink a = 0.',
    '',
  ];
  return lines.join('\n');
}
