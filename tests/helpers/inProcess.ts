/**
 * The chalkgrad command run in this process (no ts-node start-up per run): the same `run` the bin
 * calls, with its output collected. A thrown error is what the bin reports as an internal error.
 */
import { run } from '@chalkgrad/cli';

export async function chalkgradInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, (s) => out.push(s), (s) => err.push(s));
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
