/**
 * ONNX Runtime for tests: onnxruntime-web (WebAssembly, no native install) runs each model in a
 * child Node process (tests/helpers/ort-run.js), since jest's sandbox cannot load its wasm glue.
 * Batch the models of a test file into one call: starting ONNX Runtime takes about half a second.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface OrtFeed {
  data: ArrayLike<number>;
  dims: readonly number[];
}

export interface OrtJob {
  model: Uint8Array;
  feeds: Record<string, OrtFeed>;
}

export type OrtResult = { outputs: Record<string, { data: number[]; dims: number[] }>; error?: undefined } | { error: string; outputs?: undefined };

export function runInOnnxRuntime(jobs: readonly OrtJob[]): OrtResult[] {
  const input = JSON.stringify(jobs.map((j) => ({
    model: Buffer.from(j.model).toString('base64'),
    feeds: Object.fromEntries(Object.entries(j.feeds).map(([k, f]) => [k, { data: Array.from(f.data), dims: [...f.dims] }])),
  })));
  const run = spawnSync(process.execPath, [join(__dirname, 'ort-run.js')], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  if (run.status !== 0) throw new Error(`onnxruntime-web runner failed (exit ${run.status}): ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as OrtResult[];
}
