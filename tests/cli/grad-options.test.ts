import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, trace } from '@chalkgrad/core';
import { chalkgrad } from './helpers';
import { beamer, compileTex, firstError, pdflatex as hasPdflatex } from '../helpers/latex';

const tmp = () => mkdtempSync(join(tmpdir(), 'chalkgrad-grad-'));
const pdflatex = (() => {
  try {
    execFileSync('pdflatex', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!pdflatex) console.warn('pdflatex is not installed: the LaTeX compile check of --tex is skipped (.ci/run installs it)');

describe('NaN and infinity stop the command where they first appear', () => {
  test('log(x) at -1 and sqrt(x) at 0: exit 2, the op and the sub-expression named, nothing written', () => {
    const dir = tmp();
    const log = chalkgrad(['grad', '2*log(x) + 1', '--at', 'x=-1', '--svg', join(dir, 'g.svg')]);
    expect(log.code).toBe(2);
    expect(log.stdout).toBe('');
    expect(log.stderr).toBe('chalkgrad: grad: f is NaN at this point; it first happens in ln(x): anomaly in forward: log gave value NaN from finite inputs (x = -1). log needs a > 0.\n');
    expect(existsSync(join(dir, 'g.svg'))).toBe(false);
    const sqrt = chalkgrad(['gradcheck', 'sqrt(x) + x', '--at', 'x=0']);
    expect(sqrt.code).toBe(2);
    expect(sqrt.stderr).toMatch(/: ∂f\/∂x is infinite at this point \(f = 0\); it first happens in √\(x\): anomaly in forward: sqrt gave local derivative Infinity/);
    // f = 0 is finite: only the derivatives are named, NaN or infinite as they are
    expect(chalkgrad(['grad', 'sqrt(x)*y + 0*sqrt(z)', '--at', 'x=0,y=2,z=0']).stderr).toMatch(/^chalkgrad: grad: ∂f\/∂x, ∂f\/∂z are not finite at this point \(f = 0\); it first happens in √\(x\)/);
    expect(chalkgrad(['grad', '0*sqrt(x)', '--at', 'x=0']).stderr).toMatch(/^chalkgrad: grad: ∂f\/∂x is NaN at this point \(f = 0\)/);
    expect(chalkgrad(['grad', '1/x', '--at', 'x=0']).stderr).toMatch(/^chalkgrad: grad: f is infinite at this point; it first happens in 1\/x: anomaly in forward: div gave value Infinity/);
    // an infinite local derivative that no variable's gradient goes through stops nothing
    const harmless = chalkgrad(['grad', 'sqrt(0) + x', '--at', 'x=1']);
    expect(harmless.code).toBe(0);
    expect(harmless.stdout).toContain('∂f/∂x = 1');
  });
});

describe('chalkgrad gradcheck', () => {
  test('a kink is named as one, with its one-sided slopes', () => {
    const r = chalkgrad(['gradcheck', 'relu(x)*y', '--at', 'x=0,y=2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ KINK');
    expect(r.stdout).toContain('x is at a kink: the slope is 0 from the left and 2 from the right, so no derivative exists there');
    expect(r.stdout).not.toContain('MISMATCH');
    expect(r.stdout).toContain('note: ReLU(x) is at a kink of relu (a = 0)');
  });

  test('a kink where the check passes gets a note too (abs at 0, max on a tie)', () => {
    const r = chalkgrad(['gradcheck', 'abs(x) + max(x, y)', '--at', 'x=0,y=0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gradcheck passed');
    expect(r.stdout).toContain('gradcheck: note: |x| is at a kink of abs (a = 0)');
    expect(r.stdout).toContain('gradcheck: note: max(x, y) is at a kink of maximum (a tie, a = b)');
    expect(chalkgrad(['gradcheck', 'abs(x) + max(x, y)', '--at', 'x=1,y=0']).stdout).not.toContain('note');
  });

  test('--analytic checks a hand-derived derivative per variable', () => {
    const right = chalkgrad(['gradcheck', 'x^2*y', '--at', 'x=3,y=2', '--analytic', 'x=2*x*y, y=max(x, 1)^2']);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('hand-derived: ∂f/∂x = 2*x*y, ∂f/∂y = max(x, 1)^2');
    expect(right.stdout).toMatch(/0\s+x\s+12\s+12/);
    const wrong = chalkgrad(['gradcheck', 'x^2*y', '--at', 'x=3,y=2', '--analytic', 'x=x*y,y=x^2']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('gradcheck FAILED for x: the hand-derived gradient differs');
    expect(chalkgrad(['gradcheck', 'x*y', '--at', 'x=1,y=2', '--analytic', 'x=y']).stderr).toBe('chalkgrad: --analytic: give a derivative for every variable; missing y=...\n');
    expect(chalkgrad(['gradcheck', 'x', '--at', 'x=1', '--analytic', 'x=z']).stderr).toBe('chalkgrad: --analytic: the derivative for x uses z, which the formula does not have\n');
  });
});

describe('chalkgrad grad options', () => {
  test('--md and --tex write the trace; constants and parameters; the legend only on request', () => {
    const dir = tmp();
    const r = chalkgrad(['grad', 'sigmoid(w1*x1 + b)', '--at', 'x1=2,w1=0.5,b=-1', '--md', join(dir, 't.md'), '--tex', join(dir, 't.tex'), '--dot', join(dir, 'plain.dot')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 't.md'), 'utf8')).toContain('| 1 | f = σ | 1 |');
    const tex = readFileSync(join(dir, 't.tex'), 'utf8');
    expect(tex).toContain('\\begin{align*}');
    if (pdflatex) {
      execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 't.tex'], { cwd: dir, stdio: 'ignore' });
      expect(existsSync(join(dir, 't.pdf'))).toBe(true);
    }
    const plain = readFileSync(join(dir, 'plain.dot'), 'utf8');
    expect(plain).not.toContain('legend');
    // the naming rule: w1 and b are parameters, x1 an input
    const kindColor = (dot: string, name: string) => new RegExp(`BGCOLOR="([^"]+)"[^\\n]*<B>${name}</B>`).exec(dot)![1];
    expect(kindColor(plain, 'w1')).toBe(kindColor(plain, 'b'));
    expect(kindColor(plain, 'w1')).not.toBe(kindColor(plain, 'x1'));

    const named = chalkgrad(['grad', 'sigmoid(w1*x1 + b)', '--at', 'x1=2,w1=0.5,b=-1', '--params', 'x1', '--legend', '--dot', join(dir, 'legend.dot')]);
    expect(named.code).toBe(0);
    const legend = readFileSync(join(dir, 'legend.dot'), 'utf8');
    expect(kindColor(legend, 'x1')).not.toBe(kindColor(legend, 'w1'));
    expect(legend).toContain('>parameter</TD>');
    expect(legend).not.toContain('>constant</TD>'); // no constant in this formula
    expect(chalkgrad(['grad', 'w*x', '--at', 'w=1,x=2', '--params', 'v']).stderr).toBe('chalkgrad: --params: v is not a variable of the formula (its variables: w, x)\n');
  });

  test('one formula gets the same step names from the CLI as from the API, with ∂ of compound names in parentheses in every trace', () => {
    const dir = tmp();
    const r = chalkgrad(['grad', 'sigmoid(w1*x1 + w2*x2 + b)', '--at', 'x1=-1,x2=2,w1=3,w2=-2,b=1', '--steps', '--md', join(dir, 't.md'), '--tex', join(dir, 't.tex')]);
    expect(r.code).toBe(0);
    const v = (x: number, name: string) => new Value(x, name);
    const api = v(3, 'w1').mul(v(-1, 'x1')).add(v(-2, 'w2').mul(v(2, 'x2'))).add(v(1, 'b')).sigmoid().named('f');
    expect(r.stdout).toContain(`\n${trace(api).toString()}\n`);
    expect(r.stdout.slice(r.stdout.indexOf('backward trace'))).not.toContain('*'); // no typed text in the steps
    expect(readFileSync(join(dir, 't.md'), 'utf8')).toContain('| ∂f/∂(w1·x1) += ∂f/∂(w1·x1 + w2·x2) · ∂(w1·x1 + w2·x2)/∂(w1·x1) |');
    const tex = readFileSync(join(dir, 't.tex'), 'utf8');
    expect(tex).toContain('\\partial \\mathrm{(w1\\cdot x1+w2\\cdot x2+b)}');
    expect(tex).toContain('\\partial \\mathrm{w1}');
    expect(tex).not.toMatch(/\\partial \\mathrm\{[^(}]*[+\\]/); // no compound name without its parentheses
  });

  test('relative output paths start in the folder the user ran `corepack pnpm chalkgrad` from', () => {
    const lecture = tmp();
    mkdirSync(join(lecture, 'figs'));
    // what pnpm sets when the user runs `corepack pnpm chalkgrad ...` from the lecture folder
    const env = { npm_lifecycle_event: 'chalkgrad', INIT_CWD: lecture };
    const r = chalkgrad(['grad', 'x*x', '--at', 'x=3', '--dot', 'figs/g.dot'], tmp(), env);
    expect(r.code).toBe(0);
    expect(existsSync(join(lecture, 'figs', 'g.dot'))).toBe(true);
  });
});

describe('chalkgrad grad slides', () => {
  test('--beamer --reveal --gif --png-steps --theme dark: the forward and backward steps, compiled; a large graph says what it is doing', () => {
    const dir = tmp();
    const r = chalkgrad(['grad', 'tanh(w*x + b)', '--at', 'x=1,w=0.5,b=0', '--tikz', join(dir, 'g.tex'), '--beamer', join(dir, 's.tex'), '--reveal', join(dir, 's.html'), '--gif', join(dir, 's.gif'), '--png-steps', join(dir, 'steps'), '--theme', 'dark']);
    expect(r.code).toBe(0);
    const pngs = readdirSync(join(dir, 'steps')).sort();
    expect(pngs).toEqual(['step-01.png', 'step-02.png', 'step-03.png', 'step-04.png', 'step-05.png', 'step-06.png']); // 3 ops forward, 3 steps back
    expect(readFileSync(join(dir, 's.gif')).subarray(0, 6).toString()).toBe('GIF89a');
    expect(r.stdout).toContain(`wrote ${join(dir, 's.gif')} (animated GIF, 6 frames)`);
    expect((readFileSync(join(dir, 's.html'), 'utf8').match(/class="fragment/g) ?? []).length).toBe(6);
    // every TeX file a CLI option writes compiles (--tex is compiled above)
    if (beamer) {
      const c = compileTex(dir, 's');
      if (!c.ok) throw new Error(firstError(c.log));
      expect(c.log).toMatch(/Output written on s\.pdf \(6 pages/);
    }
    if (hasPdflatex) expect(compileTex(dir, 'g').ok).toBe(true);
    expect(chalkgrad(['grad', 'x', '--at', 'x=1', '--theme', 'sepia']).stderr).toBe("chalkgrad: --theme: 'sepia' is not a theme; use light or dark\n");

    const big = Array.from({ length: 60 }, (_, i) => `sin(${i + 1}*x)`).join(' + ');
    const large = chalkgrad(['grad', big, '--at', 'x=0.3', '--svg', join(dir, 'big.svg')]);
    expect(large.code).toBe(0);
    expect(large.stdout).toMatch(/laying out 240 nodes…\n…done in [\d.]+ s/);
  }, 60_000);
});
