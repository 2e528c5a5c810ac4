/**
 * "Why backpropagation?" on the user's own graph: the full Jacobian by forward mode (one pass per
 * input) and by reverse mode (one pass per output), the same numbers, and what each cost: passes
 * and multiply-adds as the engine's two walkers count them, not estimated. With n inputs and one
 * output (a loss) reverse mode wins n to 1; with one input and many outputs forward mode does.
 */
import { sideGrads } from './backward';
import { extent } from './extent';
import { describeArg, fmt, textTable } from './format';
import { topoOf, walkForward } from './forward';
import { parameterNames } from './gradcheck';
import { Value, describeValue } from './value';

export interface ModeCost {
  passes: number;
  multiplyAdds: number;
  /** ∂outputᵢ/∂inputⱼ, a row per output. */
  jacobian: number[][];
}

export class ModeComparison {
  /** The largest difference between the two Jacobians (0 up to rounding). */
  readonly maxDifference: number;

  constructor(
    readonly inputs: readonly Value[],
    readonly outputs: readonly Value[],
    /** Edges of the graph below the outputs. */
    readonly edges: number,
    readonly forward: ModeCost,
    readonly reverse: ModeCost,
  ) {
    this.maxDifference = Math.max(0, extent(forward.jacobian.flatMap((row, i) => row.map((x, j) => Math.abs(x - reverse.jacobian[i][j]))))[1]);
  }

  /** Each derivative by both modes, then what each mode cost and which one wins on this graph. */
  toString(digits = 6): string {
    const outName = (v: Value, i: number) => (v.label && v.label.length <= 12 ? v.label : this.outputs.length > 1 ? `f${i + 1}` : 'f');
    const rows = this.forward.jacobian.flatMap((row, i) =>
      row.map((d, j) => [`∂${outName(this.outputs[i], i)}/∂${describeValue(this.inputs[j])}`, fmt(d, digits), fmt(this.reverse.jacobian[i][j], digits)]),
    );
    const costs = textTable(['mode', 'passes', 'multiply-adds'], [
      ['forward', String(this.forward.passes), String(this.forward.multiplyAdds)],
      ['reverse', String(this.reverse.passes), String(this.reverse.multiplyAdds)],
    ]);
    const n = this.inputs.length;
    const m = this.outputs.length;
    const f = this.forward.multiplyAdds;
    const r = this.reverse.multiplyAdds;
    const verdict = f === r ? 'both modes need the same number of multiply-adds' : `${r < f ? 'reverse' : 'forward'} mode needs ${fmt(Math.max(f, r) / Math.max(1, Math.min(f, r)), 3)}× fewer multiply-adds`;
    return [
      textTable(['derivative', 'forward mode', 'reverse mode'], rows),
      `the same ${m * n} derivative${m * n > 1 ? 's' : ''} both ways (largest difference ${fmt(this.maxDifference, 2)})`,
      '',
      `${m} output${m > 1 ? 's' : ''}, ${n} input${n > 1 ? 's' : ''}, ${this.edges} edges (one multiply-add per edge and pass)`,
      costs,
      `${verdict}: forward mode makes one pass per input (${n}), reverse mode one pass per output (${m}).`,
    ].join('\n');
  }
}

/** Both modes on the graph `f` builds at `at` (f may return several outputs). */
export function compareModes(f: (...xs: Value[]) => Value | readonly Value[], at: readonly number[], options: { labels?: readonly string[] } = {}): ModeComparison {
  if (typeof f !== 'function') throw new TypeError(`compareModes: the first argument is the function, as in compareModes((x, y) => x.mul(y), [2, 3]); got ${describeArg(f)}`);
  if (!Array.isArray(at) || !at.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new TypeError(`compareModes: the second argument is the point, one finite number per argument of f; got ${describeArg(at)}`);
  const names = parameterNames(f);
  const xs = at.map((x, i) => new Value(x, options.labels?.[i] ?? names[i] ?? `x${i}`));
  const result = f(...xs);
  const outs: readonly Value[] = Array.isArray(result) ? result : [result];
  if (outs.length === 0 || !outs.every((o) => o instanceof Value)) throw new TypeError(`compareModes: f must return a Value or a list of Values, got ${describeArg(result)}`);

  const reverse: ModeCost = { passes: outs.length, multiplyAdds: 0, jacobian: [] };
  for (const o of outs) {
    reverse.jacobian.push(sideGrads(o, xs, null, (count) => {
      reverse.multiplyAdds += count;
      return xs.map((x) => x.grad);
    }));
  }
  const topo = topoOf(outs);
  const forward: ModeCost = { passes: xs.length, multiplyAdds: 0, jacobian: outs.map(() => []) };
  for (const x of xs) {
    const pass = walkForward(topo, new Map([[x, 1]]));
    forward.multiplyAdds += pass.multiplyAdds;
    outs.forEach((o, i) => forward.jacobian[i].push(pass.tangent(o)));
  }
  const edges = topo.reduce((s, v) => s + v.numInputs, 0);
  return new ModeComparison(xs, outs, edges, forward, reverse);
}
