/**
 * Running generated PyTorch scripts: the first Python that can `import torch` (PYTHON, python3 on
 * the PATH, then Debian's /usr/bin/python3, where apt's python3-torch lives). Without one the tests
 * that need it are skipped with a loud message and the rest of the suite runs. Install: `apt-get
 * install python3-torch` (CI does it in .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIfAvailable } from './skip';

const CANDIDATES = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p));

/** The first candidate that imports torch, or null. */
export const PYTHON_WITH_TORCH: string | null = CANDIDATES.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 }).status === 0) ?? null;

const MISSING = `no Python with PyTorch (tried ${CANDIDATES.join(', ')}): PyTorch script tests SKIPPED. Install it with \`apt-get install python3-torch\` or set PYTHON.`;

/** `describe` for tests that run PyTorch; without it the block is skipped under a title that says why. */
export function describeWithTorch(name: string, body: () => void): void {
  describeIfAvailable(PYTHON_WITH_TORCH !== null, MISSING, 'needs PyTorch', name, body);
}

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-pytorch-'));

/** Runs each script file in one Python process (PyTorch is imported once), catching each script's exit. */
const DRIVER = `
import io, json, runpy, sys, traceback
results = []
real = sys.stdout
for path in sys.argv[1:]:
    sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    status = 0
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except Exception:
        status = 2
        print(traceback.format_exc())
    sys.stdout.flush()
    results.append({"status": status, "output": sys.stdout.buffer.getvalue().decode("utf-8")})
sys.stdout = real
print(json.dumps(results))
`;

export interface PythonResult {
  status: number;
  output: string;
}

/** Writes the scripts to files and runs them; one result per script (exit code and what it printed). */
export function runPythonScripts(scripts: readonly string[]): PythonResult[] {
  const paths = scripts.map((s, i) => {
    const path = join(dir, `script${i}.py`);
    writeFileSync(path, s);
    return path;
  });
  const run = spawnSync(PYTHON_WITH_TORCH!, ['-c', DRIVER, ...paths], { encoding: 'utf8', timeout: 600_000, maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as PythonResult[];
}
