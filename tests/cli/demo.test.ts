import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chalkgrad } from './helpers';
import { beamer, compileTex, firstError, pdflatex } from '../helpers/latex';
import { renderSvg } from '@chalkgrad/viz';
import { graphvizVersion, nodeNames, renderWithGraphvizCli } from '../helpers/graphviz';

test('chalkgrad demo writes the lecture kit, lists it, and takes well under a minute', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-demo-'));
  const t0 = Date.now();
  const r = chalkgrad(['demo', '--out', join(dir, 'kit')]);
  const seconds = (Date.now() - t0) / 1000;
  expect(r.code).toBe(0);
  expect(seconds).toBeLessThan(60);
  const files = readdirSync(join(dir, 'kit')).sort();
  expect(files).toEqual([
    'activations.svg', 'gradcheck.txt', 'moons-architecture.svg', 'moons-boundary.svg', 'moons-diagnostics.svg', 'moons-loss.svg', 'moons-model.json',
    'network-layers.svg', 'optimizers.svg', 'perceptron-beamer.tex', 'perceptron-slides.html', 'perceptron-step.png', 'perceptron-steps.gif', 'perceptron-steps.html', 'perceptron-tikz.tex', 'perceptron-trace.md', 'perceptron-trace.tex', 'perceptron.dot', 'perceptron.png', 'perceptron.svg',
    'spiral-architecture.svg', 'spiral-boundary.svg', 'spiral-diagnostics.svg', 'spiral-layers.svg', 'spiral-loss.svg',
  ]);
  for (const f of files) expect(r.stdout).toContain(f);
  expect(r.stdout).toContain('y = sigmoid(1 + 3·x1 − 2·x2) at x = (−1, 2) = 0.00247262');
  const moons = Number(/accuracy ([\d.]+)% after/.exec(r.stdout)![1]);
  expect(moons).toBeGreaterThanOrEqual(95);
  const k = (f: string) => readFileSync(join(dir, 'kit', f), 'utf8');
  expect(k('gradcheck.txt')).toContain('gradcheck passed: 2 of 2');
  expect((k('perceptron-steps.html').match(/<section class="frame"/g) ?? []).length).toBe(10); // 5 forward + 5 backward steps
  expect((k('perceptron-slides.html').match(/class="fragment/g) ?? []).length).toBe(10);
  expect(k('perceptron-beamer.tex')).toContain('\\only<5>');
  expect(k('perceptron-trace.md').split('\n').filter((l) => l.startsWith('| ')).length).toBe(1 + 9);
  expect(readFileSync(join(dir, 'kit', 'perceptron.png')).subarray(1, 4).toString()).toBe('PNG');
  // a compound name is in parentheses after ∂, as in the step frames and Beamer captions
  expect(k('perceptron-trace.tex')).toContain('\\frac{\\partial \\mathrm{y}}{\\partial \\mathrm{(w1\\cdot x1)}}');
  expect(k('perceptron-trace.tex')).not.toMatch(/\\partial \\mathrm\{[^(}]*[+\\]/);
  expect(k('perceptron-trace.md')).toContain('∂y/∂(w1·x1) += ∂y/∂(b + w1·x1) · ∂(b + w1·x1)/∂(w1·x1)');
  expect(k('perceptron-trace.tex')).toMatch(/0\.002467 \\cdot \\left\(-1\\right\)/);

  // every DOT file renders with the Graphviz 5 that the chalkgrad package ships (`npx graphviz`) and with
  // the in-process Graphviz 16, to the same nodes: the DOT stays valid for older Graphviz installs
  const dots = files.filter((f) => f.endsWith('.dot'));
  expect(dots.length).toBeGreaterThanOrEqual(1);
  for (const f of dots) {
    const older = renderWithGraphvizCli(join(dir, 'kit', f));
    const current = await renderSvg(k(f));
    expect(graphvizVersion(older)).toMatch(/^5\./);
    expect(graphvizVersion(current)).toMatch(/^1\d\./);
    expect(nodeNames(older).length).toBeGreaterThan(5);
    expect(nodeNames(older)).toEqual(nodeNames(current));
  }

  // every TeX file the demo writes compiles, without and with -shell-escape, reading and running nothing
  const tex = files.filter((f) => f.endsWith('.tex'));
  expect(tex.length).toBeGreaterThanOrEqual(2);
  if (!pdflatex) return;
  for (const f of tex) {
    if (f.includes('beamer') && !beamer) continue; // the warning of ../helpers/latex says so
    for (const shellEscape of [false, true]) {
      const c = compileTex(join(dir, 'kit'), f.replace(/\.tex$/, ''), { shellEscape });
      if (!c.ok) throw new Error(`${f} does not compile:\n${firstError(c.log)}`);
      expect(c).toMatchObject({ foreignReads: [], commands: [] });
    }
  }
}, 120_000);
