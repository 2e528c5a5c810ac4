/**
 * Saves keep the user's file as it was meant: through symlinks, with its mode, never over a device,
 * a folder or a file with other hard links, without temporary files left behind, with path errors
 * in words; and a save killed with kill -9 at any moment leaves the old file or the new one, complete.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { mlp } from '@chalkgrad/nn';
import { WriteError, loadModel, saveModel, writeFileAtomic } from '@chalkgrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-saves-'));
const model = mlp(2, [3, 1], { seed: 1 });
const temporaries = (d: string) => readdirSync(d).filter((f) => f.endsWith('.tmp'));

describe('a save keeps the file as it was meant', () => {
  test('through a symlink: the link stays, its target gets the model', () => {
    const target = join(dir, 'real.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.json');
    symlinkSync('real.json', link);
    saveModel(model, link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.json');
    expect((loadModel(target) as typeof model).describe()).toBe(model.describe());
    const dangling = join(dir, 'dangling.json');
    symlinkSync('made-by-save.json', dangling);
    saveModel(model, dangling);
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'made-by-save.json'))).toBe(true);
    symlinkSync('loop-b.json', join(dir, 'loop-a.json'));
    symlinkSync('loop-a.json', join(dir, 'loop-b.json'));
    expect(() => saveModel(model, join(dir, 'loop-a.json'))).toThrow('its symbolic links go round in a loop');
  });

  test('the mode stays (a private 0600 file stays private)', () => {
    const path = join(dir, 'private.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    saveModel(model, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    chmodSync(path, 0o640);
    saveModel(model, path);
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  test('a device, a pipe or a folder is refused and left as it was', () => {
    for (const device of ['/dev/full', '/dev/null'].filter(existsSync)) {
      expect(() => saveModel(model, device)).toThrow(`cannot write ${device}: it is a device, not a regular file; choose a file name`);
      expect(statSync(device).isCharacterDevice()).toBe(true);
    }
    mkdirSync(join(dir, 'folder.json'));
    expect(() => saveModel(model, join(dir, 'folder.json'))).toThrow('it is a folder, not a regular file');
    expect(temporaries(dir)).toEqual([]);
  });

  test('a file with other hard links is refused and left as it was, directly and through a symlink', () => {
    const path = join(dir, 'linked.json');
    const other = join(dir, 'other-name.json');
    writeFileSync(path, 'old');
    linkSync(path, other);
    const refusal = 'has 2 names (hard links to one file); a save writes a new file, so this name would get the new content and the others keep the old. Save under another name, or delete this name first (the other names keep the old file)';
    expect(() => saveModel(model, path)).toThrow(`cannot write ${path}: it ${refusal}`);
    symlinkSync('linked.json', join(dir, 'to-linked.json'));
    expect(() => saveModel(model, join(dir, 'to-linked.json'))).toThrow(`its link target ${path} ${refusal}`);
    expect(() => writeFileAtomic(path, 'new')).toThrow(WriteError);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(statSync(path).ino).toBe(statSync(other).ino);
    expect(temporaries(dir)).toEqual([]);
  });

  test('path errors are said plainly', () => {
    writeFileSync(join(dir, 'plain.txt'), 'x');
    const cases: [string, string][] = [
      ['', 'cannot write a file: no file name given'],
      [join(dir, 'out') + '/', `cannot write ${join(dir, 'out')}/: the path ends with '/'; give a file name (such as ${join(dir, 'out', 'model.json')})`],
      [join(dir, 'missing', 'm.json'), `cannot write ${join(dir, 'missing', 'm.json')}: the folder ${join(dir, 'missing')} does not exist`],
      [join(dir, 'plain.txt', 'sub', 'm.json'), `cannot write ${join(dir, 'plain.txt', 'sub', 'm.json')}: ${join(dir, 'plain.txt')} is a file, not a folder`],
    ];
    for (const [path, message] of cases) {
      let caught: unknown;
      try {
        saveModel(model, path);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(WriteError);
      expect((caught as Error).message).toBe(message);
    }
  });

  test('temporary files of killed saves of the same target are cleaned up; a running save\'s is not', () => {
    const path = join(dir, 'stale.json');
    const dead = join(dir, '.stale.json.999999999.tmp'); // no such process
    const live = join(dir, `.stale.json.${process.ppid}.tmp`); // jest's parent: alive
    const other = join(dir, '.other.json.999999999.tmp'); // another target's
    for (const f of [dead, live, other]) writeFileSync(f, 'half a file');
    saveModel(model, path);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});

test('kill -9 during saves, 40 times: the file is always a complete version, and no temporary file outlives the next save', async () => {
  const kdir = mkdtempSync(join(tmpdir(), 'chalkgrad-kill-'));
  const saver = join(kdir, 'saver.js');
  buildSync({ entryPoints: [join(__dirname, '..', 'helpers', 'saver.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: saver, conditions: ['source'], logLevel: 'silent' });
  const path = join(kdir, 'model.json');
  let midWrite = 0;
  const versions = new Set<number>();
  for (let i = 0; i < 40; i++) {
    const child = spawn(process.execPath, [saver, path, String(i * 1_000_000)], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((r) => child.stdout!.once('data', r));
    await new Promise((r) => setTimeout(r, (i * 37) % 50)); // 0–49 ms into the save loop
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    if (existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { n: number; pad: string };
      expect(saved.pad.length).toBe(2 * 2 ** 20);
      versions.add(saved.n);
    }
    const left = temporaries(kdir);
    expect(left.length).toBeLessThanOrEqual(1); // at most the one being written when killed
    midWrite += left.length;
  }
  writeFileAtomic(path, JSON.stringify({ n: -1, pad: '' }));
  expect(temporaries(kdir)).toEqual([]);
  expect(JSON.parse(readFileSync(path, 'utf8')).n).toBe(-1);
  console.log(`kill -9 loop: 40 kills, ${midWrite} left a temporary file (killed mid-write), ${versions.size} distinct complete versions seen`);
  expect(versions.size).toBeGreaterThan(20);
  expect(midWrite).toBeGreaterThan(0);
}, 60_000);
