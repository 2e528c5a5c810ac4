/**
 * A computation graph as something to draw: nodes (kind, title, lines of text, cluster) and
 * edges (the local derivative, its formula from the op table, the gradient flowing along it),
 * built once from a Value or Tensor graph and then written as DOT, frames or TikZ.
 */
import { type ForwardPass, Tensor, Value, describeArg, describeValue, edgeFormula, fmt, forwardTangents, partial, scalarOp, tensorName, topoSort } from '@chalkgrad/core';

export type NodeKind = 'input' | 'parameter' | 'constant' | 'op' | 'output';

export interface DrawNode {
  id: string;
  kind: NodeKind;
  /** What the node is called: its label or sub-expression (`h`, `w1·x1`). */
  name: string;
  /** Name and op symbol, e.g. `h = tanh`. */
  title: string;
  /** Further lines: data and grad, or shape and a preview. */
  lines: string[];
  cluster?: string;
  source: Value | Tensor;
}

export interface DrawEdge {
  from: string;
  to: string;
  /** Position among the target's inputs (x·x has slots 0 and 1). */
  slot: number;
  /** The local derivative as a number (Value graphs), or null (Tensor graphs: a Jacobian; edges from constants). */
  local: number | null;
  formula: string;
  /**
   * What flows along the edge: upstream gradient × local derivative (reverse mode), or local
   * derivative × ∂input/∂wrt, the tangent carried forward (forward mode); null for Tensor graphs.
   */
  flow: number | null;
  /** Forward mode: the input's tangent ∂input/∂wrt, which the local derivative multiplies; else null. */
  tangent: number | null;
  /** The input as the op table's formulas call it (`a`, `b`; `aᵢ` for a sum's), for forward-mode labels; '' for Tensor graphs. */
  symbol: string;
}

export interface DrawGraph {
  nodes: DrawNode[];
  edges: DrawEdge[];
  kind: 'value' | 'tensor';
  /** Forward mode: the input whose tangent the nodes and edges show (see `GraphOptions.mode`). */
  wrt?: Value;
}

export interface GraphOptions {
  /** Significant digits of numbers. Default 4. */
  digits?: number;
  /** Leaves (or their labels) to show as parameters (default: labelled leaves whose label has a dot, like `L1.N2.w0`). */
  parameters?: readonly (Value | Tensor | string)[];
  /** Group nodes: 'prefix' uses the label up to its last dot (`L1.N2.w0` → `L1.N2`), or a function. */
  cluster?: 'prefix' | ((node: Value | Tensor) => string | undefined);
  /** With 'prefix': how many dot-separated parts name the cluster (1: `L1`, 2: `L1.N2`). */
  clusterDepth?: number;
  /**
   * 'reverse' (default): nodes show grad, edges the gradient flowing back. 'forward' (Value graphs,
   * with `wrt`): nodes show ∂node/∂wrt, edges the tangent flowing forward: the two figures of
   * "why backpropagation?" from one graph.
   */
  mode?: 'reverse' | 'forward';
  /** The input of forward mode. */
  wrt?: Value;
}

const preview = (t: Tensor, n = 4) => Array.from(t.data.subarray(0, n), (x) => fmt(x, 3)).join(', ') + (t.size > n ? ', …' : '');

function clusterOf(label: string, depth: number | undefined): string | undefined {
  const parts = label.split('.');
  if (parts.length < 2) return undefined;
  return clip(parts.slice(0, depth ?? parts.length - 1).join('.'));
}

/**
 * A name as a diagram shows it: at most `max` characters, the rest as `…`. A 5,000-character label
 * would make a node wider than TeX's largest dimension (TikZ stops with "Dimension too large").
 */
export function clip(name: string, max = 80): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`;
}

export function buildGraph(root: Value | Tensor, options: GraphOptions = {}, caller = 'buildGraph'): DrawGraph {
  if (Array.isArray(root)) throw new TypeError(`${caller}: got a list of ${root.length}; draw one output (the loss, say), or Value.sum(list) to draw them together`);
  if (!(root instanceof Value || root instanceof Tensor)) throw new TypeError(`${caller}: expected the Value or Tensor to draw (your expression's result), got ${describeArg(root)}`);
  const digits = options.digits ?? 4;
  const f = (x: number) => fmt(x, digits);
  const isValue = root instanceof Value;
  const forward = forwardMode(root, options, caller);
  const topo = topoSort<Value | Tensor>(root);
  const params = options.parameters ? new Set<unknown>(options.parameters) : null;
  const kindOf = (n: Value | Tensor): NodeKind => {
    if (n === root) return 'output';
    if (n.numInputs > 0) return 'op';
    if (params ? params.has(n) || (n.label !== '' && params.has(n.label)) : /\./.test(n.label)) return 'parameter';
    if (n.constant) return 'constant';
    return n instanceof Tensor && n.requiresGrad ? 'parameter' : 'input';
  };
  const nodes: DrawNode[] = topo.map((n) => {
    if (n instanceof Value) {
      const name = clip(describeValue(n));
      const title = n.op ? `${name} = ${n.opSymbol}` : name;
      const kind = kindOf(n);
      const second = forward ? `∂/${partial(options.wrt!)} ${f(forward.tangent(n))}` : `grad ${f(n.grad)}`;
      // a constant is a number the expression was built with: it has no gradient to show
      return { id: `v${n.id}`, kind, name, title, lines: kind === 'constant' ? [] : [`data ${f(n.data)}`, second], source: n };
    }
    const name = clip(tensorName(n));
    const title = n.op ? `${name} = ${n.op}` : name;
    const lines = [`[${n.shape.join('×')}] ${n.dtype}`, preview(n)];
    if (n.grad) lines.push(`grad ${preview(n.grad)}`);
    return { id: `t${n.id}`, kind: kindOf(n), name, title, lines, source: n };
  });
  const byNode = new Map(nodes.map((d) => [d.source, d]));
  const edges: DrawEdge[] = [];
  for (const n of topo) {
    for (let slot = 0; slot < n.numInputs; slot++) {
      const input = n.inputAt(slot);
      const from = byNode.get(input)!;
      if (from.kind === 'constant' && n instanceof Value) {
        edges.push({ from: from.id, to: byNode.get(n)!.id, slot, local: null, formula: '', flow: null, tangent: null, symbol: '' });
      } else if (n instanceof Value) {
        const local = n.localAt(slot);
        const tangent = forward ? forward.tangent(input as Value) : null;
        const flow = tangent !== null ? local * tangent : n.grad * local;
        edges.push({ from: from.id, to: byNode.get(n)!.id, slot, local, formula: edgeFormula(n.op, slot), flow, tangent, symbol: inputSymbol(n.op, slot) });
      } else {
        const fn = n.fn!;
        edges.push({ from: from.id, to: byNode.get(n)!.id, slot, local: null, formula: fn.formula[Math.min(slot, fn.formula.length - 1)], flow: null, tangent: null, symbol: '' });
      }
    }
  }
  assignClusters(nodes, edges, options);
  return { nodes, edges, kind: isValue ? 'value' : 'tensor', ...(forward ? { wrt: options.wrt } : {}) };
}

/** Input `slot` as the op table's formulas write it: a and b, or aᵢ for each input of an n-ary op (`∂(Σᵢ aᵢ)/∂aᵢ = 1`). */
function inputSymbol(op: string, slot: number): string {
  return scalarOp(op)?.arity === 'n' ? 'aᵢ' : slot === 0 ? 'a' : 'b';
}

/** The tangents of forward mode when the options ask for it (checked), else null. */
function forwardMode(root: Value | Tensor, options: GraphOptions, caller: string): ForwardPass | null {
  if (options.mode === undefined || options.mode === 'reverse') return null;
  if (options.mode !== 'forward') throw new RangeError(`${caller}: mode is 'reverse' or 'forward', got ${describeArg(options.mode)}`);
  if (!(root instanceof Value)) throw new TypeError(`${caller}: forward mode draws Value graphs (a Tensor edge carries a Jacobian, not a number)`);
  if (!(options.wrt instanceof Value)) throw new TypeError(`${caller}: forward mode needs { wrt: x }, the input Value whose tangent flows forward; got ${describeArg(options.wrt)}`);
  return forwardTangents(root, options.wrt);
}

/** Labelled nodes by their label; an unlabelled op node joins the cluster of its only consumer. */
function assignClusters(nodes: DrawNode[], edges: DrawEdge[], options: GraphOptions): void {
  if (!options.cluster) return;
  const named = options.cluster === 'prefix' ? (n: Value | Tensor) => (n.label ? clusterOf(n.label, options.clusterDepth) : undefined) : options.cluster;
  for (const d of nodes) d.cluster = named(d.source);
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const consumers = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!consumers.has(e.from)) consumers.set(e.from, new Set());
    consumers.get(e.from)!.add(e.to);
  }
  for (let i = nodes.length - 1; i >= 0; i--) {
    const d = nodes[i];
    if (d.cluster || d.kind !== 'op' || d.source.label) continue;
    const users = [...(consumers.get(d.id) ?? [])].map((id) => byId.get(id)!.cluster);
    if (users.length > 0 && users.every((c) => c && c === users[0])) d.cluster = users[0];
  }
}
