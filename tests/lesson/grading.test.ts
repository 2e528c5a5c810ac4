/**
 * Grading: every diagnosis rule fires on a crafted wrong answer and no other rule does; error
 * carried forward; full marks and none. The crafted answers are computed here from the exercise's
 * own numbers, each the way a student making that one mistake would compute it.
 */
import { Value } from '@chalkgrad/core';
import { type Exercise, RULES, type RuleName, commonMistakes, diagnosisName, gradeAnswers, makeExercise } from '@chalkgrad/lesson';

const answerOf = (ex: Exercise, id: string) => ex.blanks.find((b) => b.id === id)!.answer;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function diagnosed(ex: Exercise, id: string, answer: number): RuleName[] {
  const blank = gradeAnswers(ex, { [id]: answer }).blanks.find((b) => b.id === id)!;
  expect(blank.status).toBe('wrong');
  expect(blank.mark).toBe(0);
  return blank.diagnoses.map((d) => d.rule);
}

describe('each diagnosis rule fires on its crafted answer and no other', () => {
  // f = 2·tanh(w·x) at w = 0.5, x = 3: u1 = w·x, u2 = tanh(u1), f = 2·u2
  const ex = makeExercise('2*tanh(w*x)', { at: { w: 0.5, x: 3 }, ask: ['local', 'grad'] });
  const w = 0.5;
  const x = 3;
  const u2 = Math.tanh(w * x);
  const upstream = answerOf(ex, 'grad(u1)'); // ∂f/∂u1

  test('the upstream gradient without the local derivative: missing-local', () => {
    expect(diagnosed(ex, 'grad(w)', upstream)).toEqual(['missing-local']);
  });
  test('the local derivative without the upstream gradient: missing-upstream', () => {
    expect(diagnosed(ex, 'grad(w)', x)).toEqual(['missing-upstream']);
  });
  test('the right magnitude with the wrong sign: sign', () => {
    expect(diagnosed(ex, 'grad(w)', -answerOf(ex, 'grad(w)'))).toEqual(['sign']);
    expect(diagnosed(ex, 'local(u2,u1)', -answerOf(ex, 'local(u2,u1)'))).toEqual(['sign']);
  });
  test('the forward value for the gradient: value-for-gradient', () => {
    expect(diagnosed(ex, 'grad(w)', w)).toEqual(['value-for-gradient']);
  });
  test('tanh′ taken at the output tanh(u1) instead of at u1: derivative-at-output', () => {
    const atOutput = 1 - Math.tanh(u2) ** 2;
    expect(diagnosed(ex, 'local(u2,u1)', atOutput)).toEqual(['derivative-at-output']);
    expect(diagnosed(ex, 'grad(w)', 2 * atOutput * x)).toEqual(['derivative-at-output']); // followed down to w
  });
  test('tanh′ taken to be tanh: activation-derivative', () => {
    expect(diagnosed(ex, 'local(u2,u1)', u2)).toEqual(['activation-derivative']);
    expect(diagnosed(ex, 'grad(w)', 2 * u2 * x)).toEqual(['activation-derivative']);
  });
  test('only one use of a node that is used twice: fan-out', () => {
    // f = x·y + sin(x): ∂f/∂x = y + cos(x); the part through x·y alone is y
    const fan = makeExercise('x*y + sin(x)', { at: { x: 0.5, y: 3 }, ask: ['grad'] });
    expect(diagnosed(fan, 'grad(x)', 3)).toEqual(['fan-out']);
    expect(diagnosed(fan, 'grad(x)', Math.cos(0.5))).toEqual(['fan-out']);
  });
  test('σ′ = σ and σ′(σ(z)) on the notes’ sigmoid at a point where they differ from σ′(z)', () => {
    const p = makeExercise({ preset: 'perceptron' }, { at: { x1: 0.5, x2: 0.5 }, ask: ['local'] });
    const z = 1 + 3 * 0.5 - 2 * 0.5;
    expect(diagnosed(p, 'local(y,z)', sigmoid(z))).toEqual(['activation-derivative']);
    expect(diagnosed(p, 'local(y,z)', sigmoid(sigmoid(z)) * (1 - sigmoid(sigmoid(z))))).toEqual(['derivative-at-output']);
  });
  test('σ′ = σ on the notes’ perceptron at its own point, to 4 digits and carried through: caught at the local derivative', () => {
    // at z = −6, σ(z) = 0.002473 and σ′(z) = 0.002467: 0.25% apart, the 4th significant digit
    const p = makeExercise({ preset: 'perceptron' });
    const wrong = Number(sigmoid(-6).toPrecision(4));
    const answers = Object.fromEntries(p.blanks.map((b) => [b.id, b.answer.toPrecision(4)]));
    for (const [id, factor] of [['local(y,z)', 1], ['grad(z)', 1], ['grad(s)', 1], ['grad(a1)', 1], ['grad(a2)', -1], ['grad(x1)', 3], ['grad(x2)', -2]] as const) answers[id] = (factor * wrong).toPrecision(4);
    const g = gradeAnswers(p, answers);
    const local = g.blanks.find((b) => b.id === 'local(y,z)')!;
    expect(local.status).toBe('wrong');
    expect(local.diagnoses.map((d) => d.rule)).toEqual(['activation-derivative']);
    expect(g.blanks.filter((b) => b.kind === 'grad').every((b) => b.status === 'carried')).toBe(true);
    expect(g.score).toBe(g.total - 1);
  });
  test('a mistake the tolerance cannot tell from the right answer is named when the exercise is made', () => {
    expect(makeExercise({ preset: 'perceptron' }).warnings).toEqual([]);
    // within 1%, σ(−6) passes for σ′(−6) at the local derivative and at every gradient below it
    const loose = makeExercise({ preset: 'perceptron' }, { tolerance: { rel: 0.01 } });
    const local = loose.blanks.find((b) => b.id === 'local(y,z)')!;
    expect(loose.warnings.map((w) => [w.rule, w.at, w.blank])).toEqual([['activation-derivative', 'local(y,z)', local.number]]);
    expect(loose.warnings[0].mistaken).toBeCloseTo(sigmoid(-6), 12);
    expect(loose.warnings[0].message).toMatch(/^#11 local\(y,z\): wrong activation derivative.* gives 0\.00247262, within the tolerance of the right 0\.00246651/);
    // and grading indeed cannot see it there
    expect(gradeAnswers(loose, { 'local(y,z)': sigmoid(-6) }).blanks.find((b) => b.id === 'local(y,z)')!.status).toBe('right');
  });
  test('an SGD step uphill: sign', () => {
    // w ← w − η·∂f/∂w with f = w·x: 1 − 0.5·2 = 0; uphill gives 1 + 0.5·2
    const step = makeExercise('w*x', { at: { w: 1, x: 2 }, ask: ['update'], lr: 0.5, inputs: ['x'] });
    expect(answerOf(step, 'update(w)')).toBe(0);
    expect(diagnosed(step, 'update(w)', 1 + 0.5 * 2)).toEqual(['sign']);
  });
  test('a wrong answer no rule explains gets the expected value and no diagnosis', () => {
    const blank = gradeAnswers(ex, { 'grad(w)': 123 }).blanks.find((b) => b.id === 'grad(w)')!;
    expect(blank.status).toBe('wrong');
    expect(blank.diagnoses).toEqual([]);
    expect(blank.feedback).toMatch(/expected 1\.08/);
  });
});

describe('marks', () => {
  const ex = makeExercise({ preset: 'network' }, { seed: 4, ask: ['forward', 'local', 'grad', 'update'] });

  test('a fully right answer gets full marks, also rounded to 4 significant digits', () => {
    const exact = gradeAnswers(ex, ex.blanks.map((b) => b.answer));
    expect(exact.score).toBe(ex.blanks.length);
    const rounded = gradeAnswers(ex, Object.fromEntries(ex.blanks.map((b) => [b.id, b.answer.toPrecision(4)])));
    expect(rounded.score).toBe(rounded.total);
    expect(rounded.blanks.every((b) => b.status === 'right')).toBe(true);
  });
  test('a fully blank answer gets none', () => {
    const g = gradeAnswers(ex, {});
    expect(g.score).toBe(0);
    expect(g.total).toBe(ex.blanks.length);
    expect(g.blanks.every((b) => b.status === 'blank')).toBe(true);
  });
  test('a tolerance given to gradeAnswers replaces the exercise’s own: 4 digits of σ pass for σ′ within 1%', () => {
    const p = makeExercise({ preset: 'perceptron' }, { ask: ['local'] });
    const answers = { 'local(y,z)': sigmoid(-6).toPrecision(4) };
    expect(gradeAnswers(p, answers).blanks.find((b) => b.id === 'local(y,z)')!.status).toBe('wrong');
    expect(gradeAnswers(p, answers, { tolerance: { rel: 0.01 } }).blanks.find((b) => b.id === 'local(y,z)')!.status).toBe('right');
    expect(() => gradeAnswers(p, answers, { tolerance: { rel: -1 } })).toThrow(/tolerance: rel and abs must be numbers ≥ 0/);
  });
  test('answers are read as a student types them; what is no number says so', () => {
    const p = makeExercise({ preset: 'perceptron' });
    const g = gradeAnswers(p, { 'value(a1)': '−3', 'value(s)': '-4/2', 'value(a2)': ' 4 ', 'value(z)': 'minus six' });
    expect(g.blanks.slice(0, 4).map((b) => b.status)).toEqual(['right', 'right', 'right', 'unreadable']);
    expect(g.blanks[3].feedback).toBe("'minus six' is not a number");
    expect(() => gradeAnswers(p, { 'grad(x3)': 1 })).toThrow(/no blank 'grad\(x3\)'.*grad\(x1\)/);
  });
});

describe('a local derivative of −1 left out is also a sign error', () => {
  test('one diagnosis, counted once in the class summary', () => {
    const p = makeExercise({ preset: 'perceptron' }, { ask: ['grad'] });
    const wrong = { 'grad(a2)': -answerOf(p, 'grad(a2)') };
    const blank = gradeAnswers(p, wrong).blanks.find((b) => b.id === 'grad(a2)')!;
    expect(blank.diagnoses.map((d) => [d.rule, d.also])).toEqual([['missing-local', ['sign']]]);
    const right = { 'grad(x1)': answerOf(p, 'grad(x1)') };
    const signOnly = { 'grad(x1)': -answerOf(p, 'grad(x1)') };
    const summary = commonMistakes([gradeAnswers(p, wrong), gradeAnswers(p, wrong), gradeAnswers(p, right), gradeAnswers(p, signOnly)]);
    expect(summary.map((m) => [diagnosisName(m), m.students, m.blanks])).toEqual([['missing-local/sign', 2, 2], ['sign', 1, 1]]);
    expect(summary[0].summary).toBe(`${RULES['missing-local']}, or ${RULES.sign}`);
  });
});

describe('error carried forward', () => {
  test('values, local derivatives and gradients computed from the student’s own wrong value count as right', () => {
    const p = makeExercise({ preset: 'perceptron' });
    const z = -5; // the student's wrong z (the right one is −6)
    const dy = sigmoid(z) * (1 - sigmoid(z));
    const g = gradeAnswers(p, { 'value(z)': z, 'value(y)': sigmoid(z), 'local(y,z)': dy, 'grad(z)': dy, 'grad(x1)': 3 * dy, 'grad(x2)': 2 * dy });
    const by = Object.fromEntries(g.blanks.map((b) => [b.id, b]));
    expect(by['value(z)'].status).toBe('wrong');
    expect(by['value(y)'].status).toBe('carried');
    expect(by['value(y)'].carriedFrom).toEqual([by['value(z)'].number]);
    expect(by['value(y)'].feedback).toMatch(/error carried forward/);
    expect(by['local(y,z)'].status).toBe('carried');
    expect(by['grad(z)'].status).toBe('carried');
    expect(by['grad(x1)'].status).toBe('carried');
    expect(by['grad(x1)'].carriedFrom).toEqual([by['grad(z)'].number]);
    // from the student's ∂y/∂z, ∂y/∂x2 is −2·dy: +2·dy is wrong, diagnosed against the student's own numbers
    // (a sign error here, or ∂z/∂a2 = −1 left out above it: both give it; one diagnosis names both, the one made here first)
    expect(by['grad(x2)'].status).toBe('wrong');
    expect(by['grad(x2)'].diagnoses.map((d) => [d.rule, d.also])).toEqual([['sign', ['missing-local']]]);
    expect(by['grad(x2)'].feedback).toMatch(/^∂y\/∂x2 has the wrong sign; or, giving the same number here: the local derivative ∂z\/∂a2 = -1 was left out.*\(made at grad\(a2\), which carries down to here\)$/);
    expect(g.score).toBe(4);
  });
  test('the truth agrees with the engine’s backward pass', () => {
    const ex = makeExercise('x*y + sin(x)', { at: { x: 0.5, y: 3 }, ask: ['grad'] });
    const x = new Value(0.5, 'x');
    const y = new Value(3, 'y');
    x.mul(y).add(x.sin()).backward();
    expect(answerOf(ex, 'grad(x)')).toBeCloseTo(x.grad, 12);
    expect(answerOf(ex, 'grad(y)')).toBeCloseTo(y.grad, 12);
  });
});
