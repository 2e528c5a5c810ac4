/**
 * The graph tab's expression: a preset of the notes (the exercises' chain, perceptron and 2-2-1
 * network, and a softmax with cross-entropy) or a typed formula, built as a Value graph at the
 * point the inputs give, and backpropagated.
 */
import { Value, buildFormula, parseFormula, variablesOf } from '@chalkgrad/core';
import { PRESETS, type Preset } from '../../exercises/presets';
import type { GraphPresetName, GraphState } from '../state';

export interface Variable {
  name: string;
  /** Inputs are data; parameters are what a network learns. Both get gradients here. */
  kind: 'input' | 'parameter';
  value: number;
}

export interface GraphSetup {
  /** What the page says the expression is. */
  title: string;
  formula: string;
  variables: Variable[];
  /** Builds the graph on the given leaves (one per variable, labelled with its name). */
  build(leaves: Record<string, Value>): Value;
}

/** Softmax over three logits and the cross-entropy of class 1: L = −log(e^{z1} / Σₖ e^{zₖ}). */
const softmax: Preset = {
  title: 'Softmax with cross-entropy',
  formula: 'L = −log p1, p1 = exp(z1) / (exp(z1) + exp(z2) + exp(z3))',
  variables: ([['z1', 1], ['z2', 2], ['z3', 0.5]] as const).map(([name, v]) => ({ name, kind: 'parameter', default: v, draw: () => v })),
  build: (v) => {
    const e = [v.z1, v.z2, v.z3].map((z, k) => z.exp().named(`e${k + 1}`));
    const sum = Value.sum(e).named('S');
    return e[0].div(sum).named('p1').log().named('log p1').neg().named('L');
  },
  ask: ['forward', 'grad'],
};

export const GRAPH_PRESETS: Record<GraphPresetName, Preset> = { chain: PRESETS.chain, perceptron: PRESETS.perceptron, network: PRESETS.network, softmax };

/** The value the state gives a variable, if any (its own entries only: a variable may be called `constructor`). */
const given = (state: GraphState, name: string): number | undefined => (Object.hasOwn(state.at, name) ? state.at[name] : undefined);

/** The expression of the graph state; a typed formula that does not parse throws its FormulaError. */
export function graphSetup(state: GraphState): GraphSetup {
  if (state.preset !== 'formula') {
    const p = GRAPH_PRESETS[state.preset];
    const variables = p.variables.map((v) => ({ name: v.name, kind: v.kind, value: given(state, v.name) ?? v.default ?? 1 }));
    return { title: p.title, formula: p.formula, variables, build: p.build };
  }
  const src = state.formula;
  const tree = parseFormula(src);
  const variables = variablesOf(tree).map((name): Variable => ({ name, kind: 'parameter', value: given(state, name) ?? 1 }));
  return {
    title: 'Your formula',
    formula: src,
    variables,
    build: (leaves) => {
      const y = buildFormula(src, tree, leaves);
      // the output is f, as `chalkgrad grad` calls it, unless the formula names it
      if (!y.label) y.label = 'f';
      return y;
    },
  };
}

/** The graph at the setup's point: its leaves and output (forward pass done, no backward yet). */
export function buildAt(setup: GraphSetup): { leaves: Record<string, Value>; root: Value } {
  const leaves = Object.fromEntries(setup.variables.map((v) => [v.name, new Value(v.value, v.name)]));
  const root = setup.build(leaves);
  if (root.numInputs === 0) root.label ||= 'f';
  return { leaves, root };
}
