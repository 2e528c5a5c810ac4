import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chalkgrad } from './helpers';

const tmp = () => mkdtempSync(join(tmpdir(), 'chalkgrad-cli-'));

describe('chalkgrad grad', () => {
  test('prints the value and every partial derivative, and the steps', () => {
    const r = chalkgrad(['grad', 'sigmoid(1 + 3*x1 - 2*x2)', '--at', 'x1=-1,x2=2', '--steps']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('f = sigmoid(1 + 3*x1 - 2*x2)');
    expect(lines[1]).toBe('at x1 = -1, x2 = 2');
    expect(lines[2]).toBe('f = 0.00247262');
    expect(lines[3]).toBe('∂f/∂x1 = 0.00739953');
    expect(lines[4]).toBe('∂f/∂x2 = -0.00493302');
    expect(r.stdout).toMatch(/backward trace of f = 0\.00247262/);
    expect(r.stdout).toMatch(/∂σ\(a\)\/∂a = σ\(a\)·\(1 − σ\(a\)\)/);
  });

  test('x*x has two edges; precedence and unary minus; every output file', () => {
    const dir = tmp();
    const r = chalkgrad(['grad', '-x^2 + 2^3^2 * y / 4', '--at', 'x=3,y=1', '--svg', join(dir, 'g.svg'), '--png', join(dir, 'g.png'), '--dot', join(dir, 'g.dot'), '--tikz', join(dir, 'g.tex'), '--html', join(dir, 'g.html')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('f = 119'); // −9 + 512/4
    expect(r.stdout).toContain('∂f/∂x = -6');
    expect(r.stdout).toContain('∂f/∂y = 128');
    expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(dir, 'g.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'g.dot'), 'utf8')).toMatch(/^digraph chalkgrad/);
    expect(readFileSync(join(dir, 'g.tex'), 'utf8')).toContain('\\begin{tikzpicture}');
    expect(readFileSync(join(dir, 'g.html'), 'utf8')).toContain('<section class="frame"');
    for (const f of ['g.svg', 'g.png', 'g.dot', 'g.tex', 'g.html']) expect(r.stdout).toContain(`wrote ${join(dir, f)}`);
  });

  test('--help, with examples, on every command', () => {
    for (const args of [['--help'], ['grad', '--help'], ['gradcheck', '--help'], ['train', '--help'], ['demo', '--help'], ['cheatsheet', '--help']]) {
      const r = chalkgrad(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example/);
    }
  });
});

describe('bad input: one clear message, exit code 2', () => {
  test('a syntax error shows the formula with a caret', () => {
    const r = chalkgrad(['grad', '2*x +* 3', '--at', 'x=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("chalkgrad: expected a number, a variable, a function or '(' but found '*'\n  2*x +* 3\n       ^\n");
    const open = chalkgrad(['grad', 'tanh(x', '--at', 'x=1']);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("expected ')' to close tanh( but found the end of the formula\n  tanh(x\n        ^");
  });

  test("a missing '*' is named, as students write it on paper", () => {
    const r = chalkgrad(['grad', 'x^2 + 3x', '--at', 'x=2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("chalkgrad: unexpected 'x' after a complete expression; multiplication needs '*': write 3*x\n  x^2 + 3x\n         ^\n");
    expect(chalkgrad(['grad', 'sin(2x)', '--at', 'x=1']).stderr).toContain("expected ')' to close sin( but found 'x'; multiplication needs '*': write 2*x");
    expect(chalkgrad(['grad', '2(x+1)', '--at', 'x=1']).stderr).toContain("multiplication needs '*': write 2*(…)");
  });

  test('an unknown function lists the known ones', () => {
    const r = chalkgrad(['grad', 'foo(x)', '--at', 'x=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown function 'foo'; known functions: abs, cos, exp, leakyRelu, ln, log, max, min, relu, sigmoid, sin, softplus, sqrt, tanh");
  });

  test('a variable without a value is named; bad --at values too', () => {
    expect(chalkgrad(['grad', 'x*y', '--at', 'x=1']).stderr).toBe("chalkgrad: grad: 'y' has no value; add --at y=...\n");
    expect(chalkgrad(['grad', 'x', '--at', 'x=abc']).stderr).toBe("chalkgrad: --at: x = 'abc' is not a finite number\n");
    expect(chalkgrad(['grad', 'x', '--at', 'x=1,z=2']).stderr).toBe('chalkgrad: grad: z does not appear in the formula\n');
    expect(chalkgrad(['grad', 'x', '--at', 'x=1', '--bogus']).code).toBe(2);
    expect(chalkgrad(['frobnicate']).stderr).toContain("unknown command 'frobnicate'");
  });

  test('an unwritable output path is reported and nothing is written', () => {
    const dir = tmp();
    const locked = join(dir, 'locked');
    require('node:fs').mkdirSync(locked);
    chmodSync(locked, 0o500);
    const r = chalkgrad(['grad', 'x*y', '--at', 'x=1,y=2', '--svg', join(dir, 'missing', 'g.svg'), '--png', join(locked, 'g.png')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^chalkgrad: cannot write .*missing\/g\.svg: the folder .*missing does not exist\n$/);
    expect(r.stdout).toBe('');
    if (process.getuid?.() !== 0) {
      const r2 = chalkgrad(['grad', 'x', '--at', 'x=1', '--png', join(locked, 'g.png')]);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toContain('is not writable');
    }
    expect(readdirSync(locked)).toEqual([]);
  });

  test('a bad training option', () => {
    expect(chalkgrad(['train', '--dataset', 'mnist']).stderr).toContain("train: unknown data set 'mnist'; known: moons, circles, xor, gauss, spiral, linear, sine");
    expect(chalkgrad(['train', '--layers', '16,x']).stderr).toContain("--layers '16,x' must be sizes separated by commas");
    expect(chalkgrad(['train', '--lr=-1']).stderr).toContain("--lr: '-1' is not a positive number");
    // a negative number is an option's value, written either way; the command says the range
    expect(chalkgrad(['train', '--lr', '-1']).stderr).toBe("chalkgrad: --lr: '-1' is not a positive number\n");
    expect(chalkgrad(['train', '--n', '-5']).stderr).toBe("chalkgrad: --n: '-5' is not a whole number from 10 to 1,000,000\n");
    expect(chalkgrad(['grad', 'x', '--at', 'x=1', '--digits', '-.5']).stderr).toBe("chalkgrad: --digits: '-.5' is not a whole number from 1 to 17\n");
    // any other value starting with '-' gets parseArgs' message whole, never cut in the middle
    expect(chalkgrad(['train', '--dataset', '-moons']).stderr).toBe("chalkgrad: train: option '--dataset' argument is ambiguous. Did you forget to specify the option argument for '--dataset'? To specify an option argument starting with a dash use '--dataset=-XYZ'. (see chalkgrad train --help)\n");
    expect(chalkgrad(['train', '--activation', 'swish']).stderr).toContain("unknown activation 'swish'");
  });
});

describe('chalkgrad gradcheck', () => {
  test('the table, exit 0 when all agree and 1 at a kink', () => {
    const ok = chalkgrad(['gradcheck', 'x*y + sin(x)', '--at', 'x=0.5,y=2']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/0\s+x\s+2\.8775826\s+2\.8775826/);
    expect(ok.stdout).toContain('gradcheck passed: 2 of 2');
    const kink = chalkgrad(['gradcheck', 'relu(x)', '--at', 'x=0']);
    expect(kink.code).toBe(1);
    expect(kink.stdout).toContain('✗ KINK');
  });
});

describe('chalkgrad train', () => {
  test('trains, prints metrics, writes the model, history and plots', () => {
    const dir = tmp();
    const r = chalkgrad(['train', '--dataset', 'moons', '--layers', '16,16', '--epochs', '60', '--lr', '0.02', '--seed', '1', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/training Sequential\(Linear\(2, 16\), relu, Linear\(16, 16\), relu, Linear\(16, 1\)\) \(337 parameters\)/);
    const acc = Number(/validation accuracy ([\d.]+)%/.exec(r.stdout)![1]);
    expect(acc).toBeGreaterThan(85);
    for (const f of ['model.json', 'history.json', 'loss.svg', 'diagnostics.svg', 'boundary.svg', 'architecture.svg']) expect(existsSync(join(dir, f))).toBe(true);
    const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8'));
    expect(history.epochs.length).toBe(60);
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).format).toBe('chalkgrad-model');
  });
});

describe('chalkgrad cheatsheet', () => {
  test('docs/derivatives.md is up to date with the op table', () => {
    const r = chalkgrad(['cheatsheet']);
    expect(r.code).toBe(0);
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'derivatives.md'), 'utf8');
    expect(`${r.stdout.trimEnd()}\n`).toBe(`${committed.trimEnd()}\n`);
    expect(committed).toContain('| `tanh` | tanh | 1 | ∂tanh(a)/∂a = 1 − tanh²(a)');
    const dir = tmp();
    writeFileSync(join(dir, 'x'), '');
    expect(chalkgrad(['cheatsheet', '--out', join(dir, 'sheet.md')]).code).toBe(0);
    expect(readFileSync(join(dir, 'sheet.md'), 'utf8')).toBe(committed);
  });
});
