/**
 * "Export as code": the train tab's run as a chalkgrad TypeScript script that reproduces it, the
 * same data, network, seed and steps giving the same numbers. The calls are written from the same
 * functions the worker trains with (`modelSpec`, `fitOptions`), so they cannot drift apart.
 */
import type { DataName } from '../state';
import { type RunSettings, customData, fitOptions, makeData, modelSpec } from './run';

const MAKERS: Record<Exclude<DataName, 'custom'>, string> = { moons: 'makeMoons', circles: 'makeCircles', xor: 'makeXor', gauss: 'makeGaussians', spiral: 'makeSpiral' };

/** A value as TypeScript source: numbers in full (String round-trips a double), strings quoted. */
function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/[\\']/g, '\\$&')}'`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${literal(x)}`).join(', ')} }`;
  return String(v);
}

export function trainScript(s: RunSettings, epochs: number, link: string): string {
  const classes = makeData(s).classes;
  const model = modelSpec(s, classes);
  const { progress: _quiet, ...options } = fitOptions(s, epochs); // the page offers the export once a step is trained
  const data = s.data === 'custom'
    ? `const data = ${literal(customData(s.points))};`
    : `const data = ${MAKERS[s.data]}(${s.n}, ${s.noise}, ${s.seed}); // ${s.n} points, noise ${s.noise}, seed ${s.seed}`;
  const imports = ['fit', 'mlp', ...(s.data === 'custom' ? [] : [MAKERS[s.data]])].sort();
  return `/**
 * A run of chalkgrad's lesson page, as a script: the same data, network, seed and ${epochs} training
 * steps (epochs) give the same numbers as the page (to the last few of their 16 digits: a browser
 * may round exp and log differently from Node in the last bit).
 * The page: ${link.replace(/\*\//g, '*\\/')}
 * Run it with chalkgrad installed (npm install chalkgrad): npx tsx train.ts
 */
import { ${imports.join(', ')} } from 'chalkgrad';

${data}
const model = mlp(${model.nin}, ${literal(model.sizes)}, ${literal(model.spec)});
const history = fit(model, data, ${literal(options)});

const last = history.epochs[history.epochs.length - 1];
console.log(\`after \${history.epochs.length} steps: train loss \${last.loss}, test loss \${last.valLoss ?? 'none'}\`);
`;
}
