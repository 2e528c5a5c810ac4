/**
 * How a node of either graph kind reads in traces, diagrams and messages: its label; an unlabelled
 * op by its sub-expression (`w1·x1`, `W·x + b`, `Σ tanh(h)`) when that is at most `NAME_BUDGET`
 * characters, else by its op and id (`mul#41`); an unlabelled leaf as its graph kind says (a
 * constant by its value, a variable as `leaf#3`, never by a value, which would read as a constant).
 */
import { ATOM, type Written } from './ops/scalar';

export const NAME_BUDGET = 32;

/** What naming reads of a node: the members Value and Tensor share. */
export interface NameableNode {
  readonly label: string;
  readonly op: string;
  readonly id: number;
  readonly numInputs: number;
  inputAt(i: number): NameableNode;
}

/** What differs between the graph kinds: how a leaf is written, and an op around its inputs' texts. */
export interface Notations<N extends NameableNode> {
  leaf(n: N): Written;
  write(n: N, args: readonly Written[]): Written;
}

/** A label reads as one symbol if it is a name (x1, L1.N2.w0, leaf#3), a call (sin(2*x)) or already in parentheses. */
const ONE_SYMBOL = /^[\p{L}\p{N}_.#]+$|^[\p{L}\p{N}_.]*\([^()]*(\([^()]*\)[^()]*)*\)$/u;

export function isOneSymbol(name: string): boolean {
  return ONE_SYMBOL.test(name);
}

export function nodeName<N extends NameableNode>(n: N, how: Notations<N>): string {
  if (n.label) return n.label;
  if (n.op) return expression(n, NAME_BUDGET, how)?.text ?? `${n.op}#${n.id}`;
  return how.leaf(n).text;
}

/** A name that does not depend on the graph around the node (`W`, `matmul#7`, `leaf#3`): for exporters' identifiers. */
export function nodeId(n: NameableNode): string {
  return n.label || `${n.op || 'leaf'}#${n.id}`;
}

function operand<N extends NameableNode>(n: N, budget: number, how: Notations<N>): Written | null {
  if (n.label) return { text: n.label, prec: isOneSymbol(n.label) ? ATOM : 0 };
  return n.op ? expression(n, budget, how) : how.leaf(n);
}

/** The op's notation around its inputs' texts; null when longer than `budget`. */
function expression<N extends NameableNode>(n: N, budget: number, how: Notations<N>): Written | null {
  // every op adds at least one character, so a chain of ops deeper than the budget stops here
  if (budget <= 0) return null;
  const args: Written[] = [];
  let used = 0;
  for (let i = 0; i < n.numInputs; i++) {
    const a = operand(n.inputAt(i) as N, budget - used - 1, how);
    if (!a || (used += a.text.length) > budget) return null;
    args.push(a);
  }
  const w = how.write(n, args);
  return w.text.length <= budget ? w : null;
}
