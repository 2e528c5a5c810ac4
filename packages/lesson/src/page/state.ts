/**
 * The whole state of the lesson page, and its URL: a lecturer shares a link to an exact setup (the
 * tab, the formula and its inputs, the backward step, the network, the data, the seed, how many
 * steps were trained, the exercise and the answers typed) and it comes back exactly. Only what
 * differs from the defaults is written, so links stay short; a value that cannot be read falls
 * back to its default and is reported, never thrown.
 */
import type { AskKind } from '../exercises/exercise';

export const TABS = ['graph', 'train', 'exercise'] as const;
export type Tab = (typeof TABS)[number];

export const GRAPH_PRESET_NAMES = ['chain', 'perceptron', 'network', 'softmax'] as const;
export type GraphPresetName = (typeof GRAPH_PRESET_NAMES)[number];

export interface GraphState {
  /** A preset of the notes, or 'formula' for the formula typed. */
  preset: GraphPresetName | 'formula';
  formula: string;
  /** Values of the variables set by the user (the others have their defaults). */
  at: Record<string, number>;
  /** Edges of the backward pass done: 0 is the forward pass only. */
  step: number;
  /** The finite-difference table is shown. */
  check: boolean;
  /** Reverse mode (adjoints) or forward mode (tangents, seeded at `wrt`). */
  mode: 'reverse' | 'forward';
  wrt: string;
}

export const DATA_NAMES = ['moons', 'circles', 'xor', 'gauss', 'spiral', 'custom'] as const;
export type DataName = (typeof DATA_NAMES)[number];
export const TRAIN_ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'leakyRelu', 'identity'] as const;
export const TRAIN_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;

/** A point the user added: x, y and its class. */
export type Point = [number, number, number];

export interface TrainState {
  data: DataName;
  /** Number of generated points. */
  n: number;
  noise: number;
  /** Seeds the data, the initial weights and the batches. */
  seed: number;
  /** Hidden layer sizes. */
  layers: number[];
  activation: (typeof TRAIN_ACTIVATIONS)[number];
  optimizer: (typeof TRAIN_OPTIMIZERS)[number];
  lr: number;
  batch: number;
  l2: number;
  /** The fraction held out as the test set (0: none). */
  test: number;
  /** Steps (epochs) trained. */
  epochs: number;
  /** The user's own points (data 'custom'). */
  points: Point[];
}

export const EXERCISE_SOURCES = ['perceptron', 'chain', 'network', 'formula', 'random'] as const;

export interface ExerciseState {
  source: (typeof EXERCISE_SOURCES)[number];
  formula: string;
  /** Ops of a random expression. */
  size: number;
  /** null: a preset's numbers from the notes (a formula's variables are drawn from seed 0). */
  seed: number | null;
  /** Empty: the exercise's own default. */
  ask: AskKind[];
  /** What the student typed, blank by blank. */
  answers: string[];
}

export interface PageState {
  tab: Tab;
  graph: GraphState;
  train: TrainState;
  exercise: ExerciseState;
}

export function defaultState(): PageState {
  return {
    tab: 'graph',
    graph: { preset: 'perceptron', formula: 'tanh(w*x + b)', at: {}, step: 0, check: false, mode: 'reverse', wrt: '' },
    train: { data: 'moons', n: 200, noise: 0.15, seed: 1, layers: [6, 6], activation: 'tanh', optimizer: 'sgd', lr: 0.1, batch: 10, l2: 0, test: 0.3, epochs: 0, points: [] },
    exercise: { source: 'perceptron', formula: 'tanh(w*x + b)', size: 5, seed: null, ask: [], answers: [] },
  };
}

/** How each field is written in the URL and read back: `read` returns undefined for text it cannot use. */
interface Field<S, K extends keyof S> {
  key: string;
  write(v: S[K]): string;
  read(text: string): S[K] | undefined;
}

const num = (check: (x: number) => boolean) => ({
  write: (v: number) => String(v),
  read: (t: string) => {
    const x = Number(t);
    return t.trim() !== '' && Number.isFinite(x) && check(x) ? x : undefined;
  },
});
const int = (lo: number, hi: number) => num((x) => Number.isInteger(x) && x >= lo && x <= hi);
const oneOf = <T extends string>(names: readonly T[]) => ({ write: (v: T) => v, read: (t: string) => (names as readonly string[]).includes(t) ? (t as T) : undefined });
const text = { write: (v: string) => v, read: (t: string) => t };
const flag = { write: (v: boolean) => (v ? '1' : '0'), read: (t: string) => (t === '1' ? true : t === '0' ? false : undefined) };

/** `x1:-1,x2:2`. */
const assignments = {
  write: (v: Record<string, number>) => Object.entries(v).map(([k, x]) => `${k}:${x}`).join(','),
  read: (t: string) => {
    const pairs: [string, number][] = [];
    for (const part of t.split(',').filter(Boolean)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*):(.+)$/.exec(part);
      if (!m || !Number.isFinite(Number(m[2]))) return undefined;
      pairs.push([m[1], Number(m[2])]);
    }
    return Object.fromEntries(pairs); // own entries, whatever the names (even __proto__)
  },
};
const sizes = {
  write: (v: number[]) => v.join(','),
  read: (t: string) => {
    if (t === '') return [];
    const v = t.split(',').map(Number);
    return v.length <= 6 && v.every((x) => Number.isInteger(x) && x >= 1 && x <= 16) ? v : undefined;
  },
};
/** `x,y,c;x,y,c`: the user's points, three decimals. */
const points = {
  write: (v: Point[]) => v.map((p) => `${+p[0].toFixed(3)},${+p[1].toFixed(3)},${p[2]}`).join(';'),
  read: (t: string) => {
    const v = t.split(';').filter(Boolean).map((p) => p.split(',').map(Number));
    return v.every((p) => p.length === 3 && p.every(Number.isFinite) && Number.isInteger(p[2]) && p[2] >= 0 && p[2] <= 9) ? (v as Point[]) : undefined;
  },
};
const asks = {
  write: (v: AskKind[]) => v.join(','),
  read: (t: string) => {
    const v = t.split(',').filter(Boolean);
    return v.every((a) => ['forward', 'local', 'grad', 'params', 'update'].includes(a)) ? (v as AskKind[]) : undefined;
  },
};
/** Answers as typed, `|`-separated (a number never holds one), without the empty ones at the end. */
const answers = {
  write: (v: string[]) => {
    const kept = v.map((a) => a.replace(/\|/g, ''));
    while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
    return kept.join('|');
  },
  read: (t: string) => t.split('|'),
};
/** A number or nothing (an empty value). */
const optional = (f: { write(v: number): string; read(t: string): number | undefined }) => ({
  write: (v: number | null) => (v === null ? '' : f.write(v)),
  read: (t: string) => (t === '' ? null : f.read(t)),
});

type Fields<S> = { [K in keyof S]: Field<S, K> };

const GRAPH: Fields<GraphState> = {
  preset: { key: 'preset', ...oneOf([...GRAPH_PRESET_NAMES, 'formula'] as const) },
  formula: { key: 'f', ...text },
  at: { key: 'at', ...assignments },
  step: { key: 'step', ...int(0, 100000) },
  check: { key: 'check', ...flag },
  mode: { key: 'mode', ...oneOf(['reverse', 'forward'] as const) },
  wrt: { key: 'wrt', ...text },
};
const TRAIN: Fields<TrainState> = {
  data: { key: 'data', ...oneOf(DATA_NAMES) },
  n: { key: 'n', ...int(10, 1000) },
  noise: { key: 'noise', ...num((x) => x >= 0 && x <= 2) },
  seed: { key: 'seed', ...int(0, 2 ** 31) },
  layers: { key: 'layers', ...sizes },
  activation: { key: 'act', ...oneOf(TRAIN_ACTIVATIONS) },
  optimizer: { key: 'opt', ...oneOf(TRAIN_OPTIMIZERS) },
  lr: { key: 'lr', ...num((x) => x > 0 && x <= 10) },
  batch: { key: 'batch', ...int(1, 1000) },
  l2: { key: 'l2', ...num((x) => x >= 0 && x <= 1) },
  test: { key: 'test', ...num((x) => x >= 0 && x <= 0.9) },
  epochs: { key: 'epochs', ...int(0, 100000) },
  points: { key: 'pts', ...points },
};
const EXERCISE: Fields<ExerciseState> = {
  source: { key: 'ex', ...oneOf(EXERCISE_SOURCES) },
  formula: { key: 'exf', ...text },
  size: { key: 'exsize', ...int(1, 30) },
  seed: { key: 'exseed', ...optional(int(0, 2 ** 31)) },
  ask: { key: 'ask', ...asks },
  answers: { key: 'ans', ...answers },
};

function writeFields<S>(fields: Fields<S>, state: S, defaults: S, out: URLSearchParams): void {
  for (const name of Object.keys(fields) as (keyof S)[]) {
    const f = fields[name];
    const written = f.write(state[name]);
    if (written !== f.write(defaults[name])) out.set(f.key, written);
  }
}

function readFields<S>(fields: Fields<S>, params: URLSearchParams, defaults: S, problems: string[]): S {
  const out = { ...defaults };
  for (const name of Object.keys(fields) as (keyof S)[]) {
    const f = fields[name];
    const t = params.get(f.key);
    if (t === null) continue;
    const v = f.read(t);
    if (v === undefined) problems.push(`the link's ${f.key}=${t.length > 40 ? `${t.slice(0, 40)}…` : t} was not understood; using the default`);
    else out[name] = v;
  }
  return out;
}

/** The query string of a state (without the `?`). */
export function stateToQuery(s: PageState): string {
  const d = defaultState();
  const out = new URLSearchParams();
  if (s.tab !== d.tab) out.set('tab', s.tab);
  writeFields(GRAPH, s.graph, d.graph, out);
  writeFields(TRAIN, s.train, d.train, out);
  writeFields(EXERCISE, s.exercise, d.exercise, out);
  return out.toString();
}

/** The state a query string describes, and what in it could not be read. */
export function stateFromQuery(query: string): { state: PageState; problems: string[] } {
  const d = defaultState();
  const params = new URLSearchParams(query);
  const problems: string[] = [];
  const tab = params.get('tab');
  const state: PageState = {
    tab: tab && (TABS as readonly string[]).includes(tab) ? (tab as Tab) : d.tab,
    graph: readFields(GRAPH, params, d.graph, problems),
    train: readFields(TRAIN, params, d.train, problems),
    exercise: readFields(EXERCISE, params, d.exercise, problems),
  };
  if (tab && state.tab !== tab) problems.push(`there is no tab '${tab}'`);
  return { state, problems };
}
