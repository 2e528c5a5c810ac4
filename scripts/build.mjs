#!/usr/bin/env node
/**
 * `corepack pnpm build`: compiles every package under packages/ to its dist/, in dependency order.
 * For each package:
 *   1. its own `build:pre` script, when it has one (for what must exist before compiling, such as
 *      WebAssembly assembled from WAT sources);
 *   2. tsdown: one entry per `source` condition of its `exports` map (`"./node": { "source":
 *      "./src/node.ts" }` gives dist/node.mjs, node.cjs, node.d.mts, node.d.cts); dependencies stay
 *      external, and code shared by two entries goes into one chunk, so classes stay one class;
 *   3. its own `build:post` script, when it has one (for what needs the compiled files, such as a
 *      browser bundle).
 * A new package needs nothing here: its exports map says what to build.
 * Usage: node scripts/build.mjs [package-name ...]   (default: all)
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { build } from 'tsdown';

const ROOT = join(import.meta.dirname, '..');

function workspacePackages() {
  const dir = join(ROOT, 'packages');
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((d) => existsSync(join(d, 'package.json')))
    .map((d) => ({ dir: d, manifest: JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) }));
}

/** Dependencies before their dependents, so a package's types can refer to built ones. */
function inDependencyOrder(pkgs) {
  const byName = new Map(pkgs.map((p) => [p.manifest.name, p]));
  const done = new Set();
  const order = [];
  const visit = (p, path) => {
    if (done.has(p.manifest.name)) return;
    if (path.includes(p.manifest.name)) throw new Error(`dependency cycle: ${[...path, p.manifest.name].join(' → ')}`);
    for (const dep of Object.keys({ ...p.manifest.dependencies, ...p.manifest.devDependencies })) {
      if (byName.has(dep)) visit(byName.get(dep), [...path, p.manifest.name]);
    }
    done.add(p.manifest.name);
    order.push(p);
  };
  pkgs.forEach((p) => visit(p, []));
  return order;
}

/** `{ index: 'src/index.ts', node: 'src/node.ts' }` from the `source` conditions of the exports map. */
function entriesOf(manifest) {
  const entries = {};
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target !== 'object' || !target.source) continue;
    const name = subpath === '.' ? 'index' : subpath.slice(2);
    entries[name] = target.source;
  }
  return entries;
}

/** Runs a package's own script as a package manager would: in its folder, with its bins on PATH. */
function runScript(pkg, script) {
  const command = pkg.manifest.scripts?.[script];
  if (!command) return;
  console.log(`${pkg.manifest.name}: ${script}: ${command}`);
  const PATH = [join(pkg.dir, 'node_modules', '.bin'), join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(delimiter);
  execSync(command, { cwd: pkg.dir, stdio: 'inherit', env: { ...process.env, PATH } });
}

async function buildPackage(pkg) {
  const started = Date.now();
  runScript(pkg, 'build:pre');
  const entry = entriesOf(pkg.manifest);
  if (Object.keys(entry).length > 0) {
    await build({
      config: false,
      cwd: pkg.dir,
      entry,
      format: ['esm', 'cjs'],
      fixedExtension: true,
      // 'neutral' assumes no runtime: the main entries are browser-safe by their own code (tests check
      // the sources and the packed package), and the `/node` entries' `node:` imports stay imports.
      platform: 'neutral',
      deps: { neverBundle: [/^node:/] },
      target: 'es2022',
      dts: true,
      sourcemap: true,
      hash: false,
      clean: true,
      outDir: 'dist',
      tsconfig: join(ROOT, 'tsconfig.build.json'),
      logLevel: 'warn',
      // Rolldown's timing notes ("spent significant time in plugin ...") are not warnings about the output.
      inputOptions: { checks: { pluginTimings: false } },
    });
  }
  runScript(pkg, 'build:post');
  console.log(`${pkg.manifest.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const wanted = process.argv.slice(2);
const all = inDependencyOrder(workspacePackages());
const unknown = wanted.filter((n) => !all.some((p) => p.manifest.name === n));
if (unknown.length) {
  console.error(`build: no package named ${unknown.join(', ')}; packages: ${all.map((p) => p.manifest.name).join(', ')}`);
  process.exit(2);
}
for (const pkg of all) if (wanted.length === 0 || wanted.includes(pkg.manifest.name)) await buildPackage(pkg);
