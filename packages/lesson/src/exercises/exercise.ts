/**
 * `makeExercise`: a backprop exercise from a formula, a Value graph, a preset of the notes or a
 * random expression, at a given or seeded point, with blanks for what the student fills in. The
 * result is plain data (JSON-safe): the graph, the point, the blanks and their answers.
 */
import { Rng, Value, buildFormula, fmt, parseFormula, scalarOp, variablesOf } from '@chalkgrad/core';
import { expressionOf, outputName } from './describe';
import { ExerciseError } from './error';
import { type ExerciseNode, nodesFromValue } from './graph';
import { type HiddenMistake, hiddenMistakes } from './hidden';
import { DEFAULT_TOLERANCE, type Tolerance, withTolerance } from './tolerance';
import { LARGEST, drawGridValue, inDomain } from './point';
import { PRESETS, type PresetName, type Preset, type VariableSpec } from './presets';
import { type Problem, type QuantityKind, quantitiesOf, solve, valueId } from './quantities';
import { type RandomSpec, randomFormula } from './random';

/** What the student fills in: forward values, local derivatives, node gradients, parameter gradients, one SGD update. */
export type AskKind = 'forward' | 'local' | 'grad' | 'params' | 'update';
export const ASK_KINDS: readonly AskKind[] = ['forward', 'local', 'grad', 'params', 'update'];

export interface Blank {
  /** 1, 2, … as printed on the worksheet. */
  number: number;
  /** The quantity: `value(z)`, `local(y,z)`, `grad(x1)`, `update(w1)`. */
  id: string;
  kind: QuantityKind;
  node: number;
  slot?: number;
  answer: number;
}

export interface Exercise extends Problem {
  format: 'chalkgrad-exercise';
  version: 1;
  title: string;
  /** The formula as the worksheet states it. */
  formula: string;
  seed: number | null;
  /** The value of every variable. */
  at: Record<string, number>;
  ask: AskKind[];
  tolerance: Tolerance;
  nodes: ExerciseNode[];
  lr: number;
  blanks: Blank[];
  /** Mistakes that give an answer within the tolerance of the right one at some blank: grading cannot see them there. */
  warnings: HiddenMistake[];
}

export type ExerciseSource = string | Value | { preset: PresetName } | { random: RandomSpec };

export interface ExerciseOptions {
  /** Draws the point (and a random expression); the same seed gives the same exercise. */
  seed?: number;
  /** Values of some or all variables; the rest are drawn from the seed. */
  at?: Record<string, number>;
  ask?: readonly AskKind[];
  /** Learning rate of the SGD update (default 0.1, the network preset 0.5). */
  lr?: number;
  tolerance?: Partial<Tolerance>;
  title?: string;
  /** Ask about these nodes only (value, local and gradient blanks). */
  nodes?: readonly string[];
  /** Variables that are data (no gradient asked, no update), such as inputs and targets. */
  inputs?: readonly string[];
}


interface Recipe extends Omit<Preset, 'build'> {
  nodesAt(point: Record<string, number>): ExerciseNode[];
  /** The variables' defaults are the point even with a seed (a random expression, a given Value graph). */
  keepDefaults?: boolean;
}

function formulaRecipe(src: string, options: ExerciseOptions, fixed: Record<string, number> = {}): Recipe {
  const tree = parseFormula(src);
  const inputs = new Set(options.inputs ?? []);
  const names = variablesOf(tree, new Set(Object.keys({ ...fixed, ...options.at })));
  const variables = names.map((name): VariableSpec => ({ name, kind: inputs.has(name) ? 'input' : 'parameter', default: fixed[name], draw: drawGridValue }));
  const nodesAt = (point: Record<string, number>) => {
    const leaves = Object.fromEntries(names.map((n) => [n, new Value(point[n], n)]));
    return nodesFromValue(buildFormula(src, tree, leaves), inputs);
  };
  return { title: 'Backpropagation by hand', formula: src, variables, ask: ['forward', 'local', 'grad'], nodesAt };
}

function presetRecipe(p: Preset, options: ExerciseOptions): Recipe {
  const inputs = new Set([...p.variables.filter((v) => v.kind === 'input').map((v) => v.name), ...(options.inputs ?? [])]);
  const nodesAt = (point: Record<string, number>) => {
    const leaves = Object.fromEntries(p.variables.map((v) => [v.name, new Value(point[v.name], v.name)]));
    return nodesFromValue(p.build(leaves), inputs);
  };
  return { ...p, nodesAt };
}

function valueRecipe(root: Value, options: ExerciseOptions): Recipe {
  const nodes = nodesFromValue(root, new Set(options.inputs ?? []));
  const leaves = nodes.filter((n) => n.op === '' && n.kind !== 'constant');
  const variables = leaves.map((n): VariableSpec => ({ name: n.name, kind: n.kind as VariableSpec['kind'], default: n.value, draw: () => n.value! }));
  const nodesAt = (point: Record<string, number>) => nodes.map((n) => (n.op === '' && n.name in point ? { ...n, value: point[n.name] } : n));
  return { title: 'Backpropagation by hand', formula: `${outputName(nodes)} = ${expressionOf(nodes, nodes.length - 1)}`, variables, ask: ['forward', 'local', 'grad'], nodesAt, keepDefaults: true };
}

function recipeOf(source: ExerciseSource, options: ExerciseOptions): Recipe {
  if (typeof source === 'string') return formulaRecipe(source, options);
  if (source instanceof Value) return valueRecipe(source, options);
  if (source && typeof source === 'object' && 'preset' in source) {
    const p = (PRESETS as Record<string, Preset>)[source.preset];
    if (!p) throw new ExerciseError(`unknown preset '${source.preset}'; presets: ${Object.keys(PRESETS).join(', ')}`);
    return presetRecipe(p, options);
  }
  if (source && typeof source === 'object' && 'random' in source) {
    const made = randomFormula(source.random, options.seed ?? 0);
    return { ...formulaRecipe(made.formula, options, made.at), title: 'Backpropagation through a random expression', keepDefaults: true };
  }
  throw new ExerciseError('makeExercise: give a formula (a string), a Value, { preset: name } or { random: { size } }');
}

/** The point: given values, else the notes' (without a seed), else drawn until every op is in its domain. */
function choosePoint(recipe: Recipe, options: ExerciseOptions, lr: number): { point: Record<string, number>; nodes: ExerciseNode[] } {
  const at = options.at ?? {};
  const names = recipe.variables.map((v) => v.name);
  const stray = Object.keys(at).filter((n) => !names.includes(n));
  if (stray.length) throw new ExerciseError(`at: ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} not a variable of ${recipe.formula}; its variables: ${names.join(', ')}`);
  for (const [n, x] of Object.entries(at)) if (typeof x !== 'number' || !Number.isFinite(x)) throw new ExerciseError(`at: ${n} must be a finite number, got ${String(x)}`);
  const rng = new Rng(options.seed ?? 0);
  const isFixed = (v: VariableSpec) => v.name in at || (v.default !== undefined && (options.seed === undefined || recipe.keepDefaults === true));
  const drawn = recipe.variables.some((v) => !isFixed(v));
  for (let attempt = 0; ; attempt++) {
    const point = Object.fromEntries(recipe.variables.map((v) => [v.name, v.name in at ? at[v.name] : isFixed(v) ? v.default! : v.draw(rng)]));
    const nodes = recipe.nodesAt(point);
    const problem = whyNoExercise({ nodes, lr }, drawn);
    if (!problem) return { point, nodes };
    if (!drawn || attempt >= 200) throw new ExerciseError(`the exercise is not defined at ${Object.entries(point).map(([n, x]) => `${n} = ${fmt(x)}`).join(', ')}: ${problem}`);
  }
}

/**
 * Why the graph makes no exercise at this point, or null: a number that is not finite, and for a
 * drawn point also an op input outside the op's domain or a number too large to work by hand.
 */
function whyNoExercise(p: Problem, drawn: boolean): string | null {
  const truth = solve(p);
  const valueOf = (j: number) => p.nodes[j].value ?? truth.get(valueId(p.nodes, j))!;
  for (const [i, n] of p.nodes.entries()) {
    if (!n.op || n.op === 'sum') continue;
    const op = scalarOp(n.op)!;
    const needs = op.domainText ? ` (${n.op} needs ${op.domainText})` : '';
    if (!Number.isFinite(valueOf(i))) return `${n.name} = ${n.op}(${n.inputs.map((j) => fmt(valueOf(j))).join(', ')}) is ${valueOf(i)}${needs}`;
    const outside = n.inputs.findIndex((j, slot) => !inDomain(op, slot, valueOf(j)));
    if (drawn && outside >= 0) return `${n.name} = ${n.op}(…) gets ${p.nodes[n.inputs[outside]].name} = ${fmt(valueOf(n.inputs[outside]))}, on a kink or outside its domain${needs}`;
  }
  for (const [id, x] of truth) {
    if (!Number.isFinite(x)) return `${id} is ${x}`;
    if (drawn && Math.abs(x) > LARGEST) return `${id} = ${fmt(x)} is too large to work by hand`;
  }
  return null;
}

export function makeExercise(source: ExerciseSource, options: ExerciseOptions = {}): Exercise {
  if (options.seed !== undefined && !Number.isFinite(options.seed)) throw new ExerciseError(`seed: expected a finite number, got ${String(options.seed)}`);
  const recipe = recipeOf(source, options);
  const lr = options.lr ?? recipe.lr ?? 0.1;
  if (!(Number.isFinite(lr) && lr > 0)) throw new ExerciseError(`lr: the learning rate must be a positive number, got ${lr}`);
  const ask = [...(options.ask ?? recipe.ask)];
  const badAsk = ask.filter((a) => !ASK_KINDS.includes(a));
  if (badAsk.length || ask.length === 0) throw new ExerciseError(`ask: ${badAsk.length ? `'${badAsk.join(', ')}' is not` : 'give at least one of'} ${ASK_KINDS.join(', ')}`);
  const tolerance = withTolerance(DEFAULT_TOLERANCE, options.tolerance);
  const { point, nodes } = choosePoint(recipe, options, lr);
  const exercise: Exercise = {
    format: 'chalkgrad-exercise', version: 1,
    title: options.title ?? recipe.title, formula: recipe.formula, seed: options.seed ?? null, at: point,
    ask, tolerance, lr, nodes, blanks: [], warnings: [],
  };
  exercise.blanks = selectBlanks(exercise, options.nodes ?? recipe.nodes);
  exercise.warnings = hiddenMistakes(exercise);
  return exercise;
}

/** The blanks `ask` calls for, in the order of the computation, numbered. */
function selectBlanks(ex: Exercise, only: readonly string[] | undefined): Blank[] {
  const { nodes } = ex;
  const unknown = (only ?? []).filter((n) => !nodes.some((m) => m.name === n));
  if (unknown.length) throw new ExerciseError(`nodes: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not nodes' : 'is not a node'} of the graph; its nodes: ${nodes.filter((n) => n.kind !== 'constant').map((n) => n.name).join(', ')}`);
  const chosen = (i: number) => !only || only.includes(nodes[i].name);
  const isParameter = (i: number) => nodes[i].kind === 'parameter';
  const wanted = {
    value: (i: number) => ex.ask.includes('forward') && chosen(i),
    local: (i: number) => ex.ask.includes('local') && chosen(i),
    grad: (i: number) => (ex.ask.includes('grad') && (nodes[i].op !== '' ? chosen(i) : isParameter(i))) || (ex.ask.includes('params') && isParameter(i)),
    update: () => ex.ask.includes('update'),
  };
  const truth = solve(ex);
  const blanks = quantitiesOf(ex).filter((q) => wanted[q.kind](q.node));
  if (blanks.length === 0) throw new ExerciseError(`ask: ${ex.ask.join(', ')} leaves no blank to fill in this graph${only ? ` among the nodes ${only.join(', ')}` : ''}`);
  return blanks.map((q, k) => ({ number: k + 1, ...q, answer: truth.get(q.id)! }));
}

export { ExerciseError };
