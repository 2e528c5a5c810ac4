/**
 * Runs the benchmarks side by side with their peers, each implementation in a fresh `node`
 * process (bundled first, so no TypeScript compiler sits in the measured process), and prints
 * the figures and the ratios. Usage: corepack pnpm bench [micrograd|chain|wide|mlp ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const OUT = join(__dirname, '.out');

function bundle(entry: string): string {
  mkdirSync(OUT, { recursive: true });
  const outfile = join(OUT, entry.replace(/[\\/]/g, '-').replace(/\.ts$/, '.js'));
  // TF.js stays external: it loads its own files (the wasm binaries) from node_modules.
  // The `source` condition bundles chalkgrad from its TypeScript sources, as the tests use it.
  buildSync({ entryPoints: [join(__dirname, entry)], bundle: true, platform: 'node', target: 'node20', conditions: ['source'], outfile, logLevel: 'error', external: ['@tensorflow/*'] });
  return outfile;
}

function runJson<T>(script: string, args: string[], nodeArgs: string[] = []): T {
  const out = execFileSync(process.execPath, [...nodeArgs, script, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

const f1 = (x: number) => x.toFixed(1);
const LOW_MEMORY_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=64'];

interface StepResult { impl: string; msPerStep: number; nodes: number; params: number; loss: number; accuracy: number; peakRssMiB: number }

type StepRow = StepResult & { rssMin: number; rssMax: number };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs each configuration `runs` times, interleaved so that machine noise falls on all alike, and
 * gives per configuration the median ms/step, the median peak RSS and its range: a peak RSS
 * depends on when V8 happens to collect, and varies by ±15% between identical runs.
 */
function repeatSteps(script: string, configs: { impl: string; args: string[]; nodeArgs?: string[] }[], runs: number) {
  const all = configs.map(() => [] as StepResult[]);
  for (let r = 0; r < runs; r++) configs.forEach((c, i) => all[i].push({ ...runJson<StepResult>(script, c.args, c.nodeArgs), impl: c.impl }));
  return all.map((rs): StepRow => {
    const rss = rs.map((x) => x.peakRssMiB);
    return { ...rs[0], msPerStep: median(rs.map((x) => x.msPerStep)), peakRssMiB: median(rss), rssMin: Math.min(...rss), rssMax: Math.max(...rss) };
  });
}

function micrograd(): void {
  const script = bundle('micrograd/step.ts');
  const steps = process.env.BENCH_STEPS ?? '30';
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const [port, ours, portReleased, oursReleased, small] = repeatSteps(
    script,
    [
      { impl: 'port', args: ['port', steps, 'kept'] },
      { impl: 'chalkgrad', args: ['chalkgrad', steps, 'kept'] },
      { impl: 'port', args: ['port', steps, 'released'] },
      { impl: 'chalkgrad', args: ['chalkgrad', steps, 'released'] },
      // The same with a small V8 heap, as a user short of memory could start node; not the headline figure.
      { impl: 'chalkgrad-small-heap', args: ['chalkgrad', steps, 'kept'], nodeArgs: LOW_MEMORY_FLAGS },
    ],
    runs,
  );
  if (Math.abs(port.loss - ours.loss) > 1e-9 * Math.abs(port.loss)) throw new Error(`the two implementations disagree: loss ${port.loss} vs ${ours.loss}`);
  console.log(`\nmicrograd demo step: MLP 2-16-16-1 (${ours.params} params), 100 moons points, SVM loss + 1e-4 L2, ${ours.nodes} graph nodes`);
  console.log(`(each figure: median of ${runs} processes; ms/step within a process: median of ${Number(steps) - 5} steps)`);
  console.log('implementation           last graph   ms/step   ns/node   peak RSS MiB (min-max)   final loss   accuracy');
  const names: Record<string, string> = { port: 'straightforward JS port', chalkgrad: 'chalkgrad', 'chalkgrad-small-heap': 'chalkgrad, small heap*' };
  const rows: [StepRow, string][] = [[port, 'kept'], [ours, 'kept'], [portReleased, 'released'], [oursReleased, 'released'], [small, 'kept']];
  for (const [r, graph] of rows) {
    const rss = `${f1(r.peakRssMiB)} (${r.rssMin.toFixed(0)}-${r.rssMax.toFixed(0)})`;
    console.log(`${names[r.impl].padEnd(23)} ${graph.padStart(11)} ${f1(r.msPerStep).padStart(9)} ${f1((r.msPerStep * 1e6) / r.nodes).padStart(9)} ${rss.padStart(24)} ${r.loss.toFixed(6).padStart(12)} ${r.accuracy.toFixed(2).padStart(10)}`);
  }
  console.log('kept: the last step\'s graph stays referenced while the next is built, as in micrograd\'s demo loop; released: a step function that returns only numbers');
  console.log(`ratio: chalkgrad is ${(port.msPerStep / ours.msPerStep).toFixed(2)}x faster than the port (target ≥ 3x); peak RSS ${f1(ours.peakRssMiB)} MiB kept, ${f1(oursReleased.peakRssMiB)} MiB released (target < 100), ${(port.peakRssMiB / ours.peakRssMiB).toFixed(2)}x less than the port`);
  console.log(`* node ${LOW_MEMORY_FLAGS.join(' ')}: ${(port.msPerStep / small.msPerStep).toFixed(2)}x faster than the port, peak RSS ${f1(small.peakRssMiB)} MiB`);
  // For scale: what Node and V8 take before any autograd does (see micrograd/floor.ts).
  const floor = bundle('micrograd/floor.ts');
  const empty = runJson<{ peakRssMiB: number }>(floor, ['empty']);
  const bare = runJson<{ peakRssMiB: number }>(floor, [String(ours.nodes), steps]);
  console.log(`for scale: node alone ${f1(empty.peakRssMiB)} MiB; ${ours.nodes} bare 4-field objects per step, the last step's kept alive: ${f1(bare.peakRssMiB)} MiB`);
  console.log(`for reference (PEERS.md, not this run): micrograd on CPython 1.42 s/step, 156 MiB → ${(1420 / ours.msPerStep).toFixed(0)}x`);
}

interface ChainResult { impl: string; seconds: number; grad: number; peakRssMiB: number }

function chain(): void {
  const script = bundle('micrograd/chain.ts');
  const port = runJson<ChainResult>(script, ['port']);
  const ours = runJson<ChainResult>(script, ['chalkgrad']);
  console.log('\nchain x = x * 1.0001, 1,000,000 multiplies, forward + backward');
  console.log('implementation            seconds   peak RSS MiB');
  for (const r of [port, ours]) console.log(`${(r.impl === 'port' ? 'straightforward JS port' : 'chalkgrad').padEnd(22)} ${r.seconds.toFixed(3).padStart(10)} ${f1(r.peakRssMiB).padStart(14)}`);
  console.log(`ratio: chalkgrad is ${(port.seconds / ours.seconds).toFixed(2)}x faster than the port; micrograd stops at depth 994 (PEERS.md)`);
}

interface WideResult { impl: string; backwardMs: number; gradMs?: number; traceMs?: number }

/**
 * The 1-minute load averages taken during a benchmark, beside the machine's cores: wall-clock
 * figures mean little on a loaded machine, so it says so. The benchmark itself keeps one core busy:
 * on 2 cores, an average past 1.5 means others ran beside it.
 */
function loadLine(averages: number[]): string {
  const cores = availableParallelism();
  const loaded = Math.max(...averages) > cores * 0.75;
  return `load average ${averages.map((a) => a.toFixed(2)).join(' → ')} on ${cores} cores${loaded ? ': LOADED, other processes shared the cores, so wall-clock times are inflated; repeat on a quiet machine' : ''}`;
}

function wide(): void {
  const script = bundle('micrograd/wide.ts');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const inputs = 20_000;
  const repeats = 15;
  const impls = ['chalkgrad', 'port'];
  const all = impls.map(() => [] as WideResult[]);
  const loads = [loadavg()[0]];
  for (let r = 0; r < runs; r++) impls.forEach((impl, i) => all[i].push(runJson<WideResult>(script, [impl, String(inputs), String(repeats)])));
  loads.push(loadavg()[0]);
  const ms = (i: number, key: 'backwardMs' | 'gradMs' | 'traceMs') => median(all[i].map((res) => res[key] ?? NaN));
  const [ours, port] = [impls.indexOf('chalkgrad'), impls.indexOf('port')];
  console.log(`
wide graph: sum of squares of ${inputs.toLocaleString('en')} inputs, one sum node with ${inputs.toLocaleString('en')} inputs (median of ${repeats} calls, then of ${runs} processes)`);
  console.log(loadLine(loads));
  console.log('implementation            backward ms    grad() ms   trace() ms');
  const cell = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(2)).padStart(12);
  console.log(`${'chalkgrad'.padEnd(24)} ${cell(ms(ours, 'backwardMs'))} ${cell(ms(ours, 'gradMs'))} ${cell(ms(ours, 'traceMs'))}`);
  console.log(`${'straightforward JS port'.padEnd(24)} ${cell(ms(port, 'backwardMs'))} ${cell(NaN)} ${cell(NaN)}`);
  console.log(`ratio: chalkgrad's backward is ${(ms(port, 'backwardMs') / ms(ours, 'backwardMs')).toFixed(2)}x faster than the port's (whose sum is a chain of ${(inputs - 1).toLocaleString('en')} adds, as Python's sum() over micrograd Values builds it; it has no grad() or trace())`);
  console.log('PEERS.md has no figure for this shape (no micrograd, PyTorch or TF.js run of a 20,000-input sum): the port above is the only peer');
}

interface MlpResult { impl: string; msPerStep: number; cpuMsPerStep: number; warmupMsPerStep: number; firstLoss: number; lastLoss: number; peakRssMiB: number; kernels?: string }
interface GemmResult { impl: string; rows: { shape: string; gflops: number; cpuGflops: number }[] }

/** GFLOP/s per shape: each implementation in its own process, `runs` rounds interleaved, medians. */
function gemmTable(runs: number): void {
  const script = bundle('tensor/gemm.ts');
  const impls = ['chalkgrad-f32', 'chalkgrad-f64', 'tfjs-wasm'];
  const all = impls.map(() => [] as GemmResult[]);
  const loads = [loadavg()[0]];
  for (let r = 0; r < runs; r++) impls.forEach((impl, i) => all[i].push(runJson<GemmResult>(script, [impl])));
  loads.push(loadavg()[0]);
  const shapes = all[0][0].rows.map((row) => row.shape);
  const cell = (i: number, s: number) => {
    const pick = (key: 'gflops' | 'cpuGflops') => median(all[i].map((res) => res.rows[s][key])).toFixed(1);
    return `${pick('gflops')} (${pick('cpuGflops')})`;
  };
  console.log(`\nmatmul GFLOP/s by the wall clock (by CPU time), one thread, copies in and out of wasm memory included (median of ${runs} processes × 7 samples)`);
  console.log(loadLine(loads));
  console.log(`${'shape'.padEnd(32)} ${impls.map((i) => i.padStart(14)).join(' ')}`);
  shapes.forEach((shape, s) => console.log(`${shape.padEnd(32)} ${impls.map((_, i) => cell(i, s).padStart(14)).join(' ')}`));
  console.log('targets: chalkgrad-f32 ≥ 40, chalkgrad-f64 ≥ 20 on every shape');
}

function mlp(): void {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  gemmTable(runs);
  const script = bundle('tensor/mlp-step.ts');
  const steps = process.env.BENCH_STEPS ?? '60';
  const warmup = process.env.BENCH_WARMUP ?? '20';
  const configs = ['tfjs-cpu', 'tfjs-wasm', 'chalkgrad-f32', 'chalkgrad-f64', 'chalkgrad-f32-js'];
  const all = configs.map(() => [] as MlpResult[]);
  const loads = [loadavg()[0]];
  for (let r = 0; r < runs; r++) configs.forEach((impl, i) => all[i].push(runJson<MlpResult>(script, [impl, steps, warmup])));
  loads.push(loadavg()[0]);
  const med = (rs: MlpResult[], key: 'msPerStep' | 'cpuMsPerStep' | 'warmupMsPerStep' | 'peakRssMiB') => median(rs.map((x) => x[key]));
  const results = all.map((rs) => ({ ...rs[0], msPerStep: med(rs, 'msPerStep'), cpuMsPerStep: med(rs, 'cpuMsPerStep'), warmupMsPerStep: med(rs, 'warmupMsPerStep'), peakRssMiB: med(rs, 'peakRssMiB') }));
  const byName = Object.fromEntries(results.map((r) => [r.impl, r]));
  console.log(`\nMLP 784-128-64-10 ReLU, mean softmax cross-entropy, batch 128, SGD step (${runs} processes per implementation, interleaved)`);
  console.log(loadLine(loads));
  console.log(`ms/step: wall clock, median of steps ${warmup}-${Number(steps) - 1} (the steady state), then of the processes; CPU: the same by the process's CPU time; first ${warmup}: the mean of the warm-up steps`);
  console.log(`implementation       ms/step   CPU ms/step   first ${warmup.padEnd(3)}  peak RSS MiB   loss first → last   kernels`);
  for (const r of results) console.log(`${r.impl.padEnd(18)} ${r.msPerStep.toFixed(2).padStart(9)} ${r.cpuMsPerStep.toFixed(2).padStart(13)} ${r.warmupMsPerStep.toFixed(2).padStart(9)} ${f1(r.peakRssMiB).padStart(14)}   ${r.firstLoss.toFixed(4)} → ${r.lastLoss.toFixed(4)}   ${r.kernels ?? ''}`);
  const targets: Record<string, string> = { 'chalkgrad-f32': ' (target ≤ 0.20)', 'chalkgrad-f64': ' (target ≤ 0.30)' };
  for (const impl of ['chalkgrad-f32', 'chalkgrad-f64', 'chalkgrad-f32-js']) {
    const ours = byName[impl];
    const of = (peer: string, key: 'msPerStep' | 'cpuMsPerStep' | 'warmupMsPerStep') => (ours[key] / byName[peer][key]).toFixed(2);
    console.log(`ratio: ${impl} takes ${of('tfjs-wasm', 'msPerStep')}x tfjs-wasm's time${targets[impl] ?? ''} (by CPU time ${of('tfjs-wasm', 'cpuMsPerStep')}x; first ${warmup} steps ${of('tfjs-wasm', 'warmupMsPerStep')}x); ${of('tfjs-cpu', 'msPerStep')}x tfjs-cpu's`);
  }
  console.log('chalkgrad-f32-js: the reference TypeScript kernels (CHALKGRAD_KERNELS=js)');
  console.log('for reference (PEERS.md, not this run): PyTorch 1.13 + OpenBLAS, 1 thread: 0.87 ms/step (float64 1.58)');
}

const BENCHES: Record<string, () => void> = { micrograd, chain, wide, mlp };
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHES).join(', ')}`);
  bench();
}
