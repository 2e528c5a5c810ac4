import { spawnSync } from 'node:child_process';

/** The command bundled from the sources by tests/global-setup.ts. */
export function commandFromSources(): string {
  const bundle = process.env.CHALKGRAD_CLI_FROM_SOURCES;
  if (!bundle) throw new Error('CHALKGRAD_CLI_FROM_SOURCES is not set: run the tests through jest (jest.config.js has the globalSetup that bundles the command)');
  return bundle;
}

/** Runs the chalkgrad command as a user would, in a child process (`env` adds to the environment). */
export function chalkgrad(args: string[], cwd = process.cwd(), env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [commandFromSources(), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
