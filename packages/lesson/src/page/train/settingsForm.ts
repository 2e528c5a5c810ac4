/**
 * The train tab's settings form: each field written from the state and read back into it, checked
 * as it is typed. A value out of range is said in the page and the field shows the state's value
 * again: the run and the other settings stay as they were.
 */
import { byId, el } from '../dom';
import { DATA_NAMES, TRAIN_ACTIVATIONS, TRAIN_OPTIMIZERS, type TrainState } from '../state';

interface Field {
  id: string;
  read(v: string): Partial<TrainState> | string;
  show(s: TrainState): string;
}

function numberIn<T>(v: string, lo: number, hi: number, what: string, make: (x: number) => T): T | string {
  const x = Number(v);
  return v.trim() !== '' && Number.isFinite(x) && x >= lo && x <= hi ? make(x) : `${what}: expected a number from ${lo} to ${hi}, got '${v}'`;
}

function wholeIn<T>(v: string, lo: number, hi: number, what: string, make: (x: number) => T): T | string {
  const x = Number(v);
  return v.trim() !== '' && Number.isInteger(x) && x >= lo && x <= hi ? make(x) : `${what}: expected a whole number from ${lo} to ${hi}, got '${v}'`;
}

function readLayers(v: string): Partial<TrainState> | string {
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  const sizes = parts.map(Number);
  if (parts.length > 6 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) return `hidden layers: expected up to 6 sizes from 1 to 16, separated by commas (like 6,6), got '${v}'`;
  return { layers: sizes };
}

const FIELDS: Field[] = [
  { id: 't-data', read: (v) => ({ data: v as TrainState['data'] }), show: (s) => s.data },
  { id: 't-n', read: (v) => wholeIn(v, 10, 1000, 'points', (n) => ({ n })), show: (s) => String(s.n) },
  { id: 't-noise', read: (v) => numberIn(v, 0, 2, 'noise', (noise) => ({ noise })), show: (s) => String(s.noise) },
  { id: 't-seed', read: (v) => wholeIn(v, 0, 2 ** 31, 'seed', (seed) => ({ seed })), show: (s) => String(s.seed) },
  { id: 't-layers', read: readLayers, show: (s) => s.layers.join(',') },
  { id: 't-act', read: (v) => ({ activation: v as TrainState['activation'] }), show: (s) => s.activation },
  { id: 't-opt', read: (v) => ({ optimizer: v as TrainState['optimizer'] }), show: (s) => s.optimizer },
  { id: 't-lr', read: (v) => numberIn(v, 1e-6, 10, 'learning rate', (lr) => ({ lr })), show: (s) => String(s.lr) },
  { id: 't-batch', read: (v) => wholeIn(v, 1, 1000, 'batch size', (batch) => ({ batch })), show: (s) => String(s.batch) },
  { id: 't-l2', read: (v) => numberIn(v, 0, 1, 'L2', (l2) => ({ l2 })), show: (s) => String(s.l2) },
  { id: 't-test', read: (v) => numberIn(v, 0, 0.9, 'test fraction', (test) => ({ test })), show: (s) => String(s.test) },
];

/**
 * Wires the form: `changed` runs after a good change has gone into the state, `problem` gets the
 * message of a bad one (null once a change is good). Returns what shows the state in the form.
 */
export function settingsForm(state: () => TrainState, changed: () => void, problem: (message: string | null) => void): { show(): void } {
  const fill = (id: string, names: readonly string[]) => byId(id).append(...names.map((n) => el('option', { value: n }, n)));
  fill('t-data', DATA_NAMES);
  fill('t-act', TRAIN_ACTIVATIONS);
  fill('t-opt', TRAIN_OPTIMIZERS);
  const show = () => {
    for (const f of FIELDS) byId<HTMLInputElement>(f.id).value = f.show(state());
    byId('t-custom').hidden = state().data !== 'custom';
  };
  for (const f of FIELDS) {
    byId(f.id).addEventListener('change', (e) => {
      const got = f.read((e.target as HTMLInputElement).value);
      if (typeof got === 'string') {
        problem(got);
        byId<HTMLInputElement>(f.id).value = f.show(state());
        return;
      }
      problem(null);
      Object.assign(state(), got);
      changed();
    });
  }
  byId('t-settings').addEventListener('submit', (e) => e.preventDefault());
  return { show };
}
