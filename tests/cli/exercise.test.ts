/** `chalkgrad exercise` and `chalkgrad grade` as a lecturer runs them. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chalkgrad } from './helpers';

describe('chalkgrad exercise and grade', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-exercise-'));

  test('a set of variants with Moodle XML, then a class graded with diagnoses and a summary', () => {
    const made = chalkgrad(['exercise', 'tanh(w*x + b)', '--at', 'b=0', '--seed', '5', '--count', '3', '--ask', 'grad', '--tolerance', '0.5%', '--moodle', '--out', join(dir, 'set')]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    for (const f of ['exercise.json', 'worksheet.md', 'worksheet.tex', 'key.md', 'key.tex', 'moodle.xml', 'answers.csv', 'graph-01.svg', 'key-graph-03.svg']) expect(existsSync(join(dir, 'set', f))).toBe(true);
    const set = JSON.parse(readFileSync(join(dir, 'set', 'exercise.json'), 'utf8')) as { at: Record<string, number>; tolerance: { rel: number; abs: number }; blanks: { id: string; answer: number }[] }[];
    expect(set).toHaveLength(3);
    expect(set[0].tolerance.rel).toBe(0.005);
    expect(readFileSync(join(dir, 'set', 'worksheet.md'), 'utf8')).toContain('within 0.5% or 1e-9 of the exact value counts as right');
    expect(new Set(set.map((ex) => JSON.stringify(ex.at))).size).toBe(3);
    const header = readFileSync(join(dir, 'set', 'answers.csv'), 'utf8').trim();
    expect(header).toBe(`student,variant,${set[0].blanks.map((b) => b.id).join(',')}`);
    const row = (name: string, variant: number, f: (x: number, i: number) => number | string) => [name, variant, ...set[variant - 1].blanks.map((b, i) => f(b.answer, i))].join(',');
    const last = set[0].blanks.length - 1;
    writeFileSync(join(dir, 'answers.csv'), [header, row('"Lovelace, Ada"', 1, (x) => x.toPrecision(4)), row('Bob', 2, (x, i) => (i === last ? -x : x)), row('Cy', 3, () => '')].join('\n'));
    const graded = chalkgrad(['grade', join(dir, 'set', 'exercise.json'), join(dir, 'answers.csv'), '--out', join(dir, 'grades.csv')]);
    expect(graded.stderr).toBe('');
    expect(graded.code).toBe(0);
    const n = last + 1;
    expect(graded.stdout).toMatch(new RegExp(`Lovelace, Ada\\s+1\\s+${n}/${n}\\s+100%`));
    expect(graded.stdout).toMatch(new RegExp(`Bob\\s+2\\s+${n - 1}/${n}\\s+\\d+%\\s+#${n} sign`));
    expect(graded.stdout).toMatch(new RegExp(`Cy\\s+3\\s+0/${n}\\s+0%`));
    expect(graded.stdout).toMatch(/Most common mistakes[^\n]*\n\s+1 student, 1 blank: sign error \(sign\)/);
    const csv = readFileSync(join(dir, 'grades.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(`student,variant,score,total,percent,mistakes,${set[0].blanks.map((_, i) => `#${i + 1}`).join(',')}`);
    expect(csv[1].startsWith(`"Lovelace, Ada",1,${n},${n},100,`)).toBe(true);
  }, 120_000);

  test('a tolerance that hides a mistake is warned of on stderr (the help example within 1%: σ′ = σ at z = −6)', () => {
    const made = chalkgrad(['exercise', 'sigmoid(1 + 3*x1 - 2*x2)', '--at', 'x1=-1,x2=2', '--tolerance', '1%', '--out', join(dir, 'loose')]);
    expect(made.code).toBe(0);
    expect(made.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^chalkgrad: warning: #\d+ local\(f,u4\): wrong activation derivative .* gives 0\.00247262, within the tolerance of the right 0\.00246651, so this mistake cannot be told apart/)]);
    expect(existsSync(join(dir, 'loose', 'key.md'))).toBe(true);
  }, 120_000);

  test('bad input: one clear line, exit 2, no file written', () => {
    const cases: [string[], RegExp][] = [
      [['exercise', '--preset', 'nope', '--out', join(dir, 'bad1')], /unknown preset 'nope'; presets: perceptron, chain, network/],
      [['exercise', 'log(x)', '--at', 'x=-1', '--out', join(dir, 'bad2')], /not defined at x = -1/],
      [['exercise', 'x*y', '--at', 'x=1,y=2', '--count', '3', '--out', join(dir, 'bad3')], /all 3 variants are the same/],
      [['exercise', 'x*y', '--ask', 'everything', '--out', join(dir, 'bad4')], /--ask everything is not one of/],
      [['exercise', '--random', '4', '--ops', 'tanh,frob', '--out', join(dir, 'bad5')], /unknown op 'frob'/],
      [['grade', join(dir, 'missing.json'), 'x.csv'], /cannot read the exercise file/],
      [['exercise', 'x*y', '--tolerance', '1%,-1', '--out', join(dir, 'bad6')], /--tolerance: '1%,-1' is not REL\[,ABS\]/],
    ];
    for (const [args, message] of cases) {
      const r = chalkgrad(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    for (const k of [1, 2, 3, 4, 5, 6]) expect(existsSync(join(dir, `bad${k}`))).toBe(false);
  }, 120_000);
});
