/** Making exercises: presets, formulas, Value graphs and random expressions; the same seed gives the same exercise. */
import { FormulaError, Value, parseFormula, scalarOp } from '@chalkgrad/core';
import { ExerciseError, PRESETS, makeExercise, readExercises } from '@chalkgrad/lesson';

describe('makeExercise', () => {
  test('the notes’ perceptron at the notes’ point: y = σ(−6) and ∂y/∂x1 = 3σ′(−6)', () => {
    const ex = makeExercise({ preset: 'perceptron' });
    expect(ex.at).toEqual({ x1: -1, x2: 2 });
    const s = 1 / (1 + Math.exp(6));
    expect(ex.blanks.find((b) => b.id === 'value(y)')!.answer).toBeCloseTo(s, 12);
    expect(ex.blanks.find((b) => b.id === 'grad(x1)')!.answer).toBeCloseTo(3 * s * (1 - s), 12);
  });

  test('the chain f(g(h(x))): the product of the three local derivatives', () => {
    const ex = makeExercise({ preset: 'chain' });
    const x = ex.at.x;
    expect(ex.nodes.map((n) => n.name)).toEqual(['x', 'h', 'g', 'f']);
    expect(ex.blanks.find((b) => b.id === 'grad(x)')!.answer).toBeCloseTo(Math.exp(Math.sin(x * x)) * Math.cos(x * x) * 2 * x, 12);
  });

  test('the 2-2-1 network: the delta rule’s deltas and one SGD step', () => {
    const ex = makeExercise({ preset: 'network' }, { seed: 9 });
    const a = ex.at;
    const g = (z: number) => 1 / (1 + Math.exp(-z));
    const h1 = g(a.w11 * a.x1 + a.w12 * a.x2 + a.b1);
    const h2 = g(a.w21 * a.x1 + a.w22 * a.x2 + a.b2);
    const y = g(a.v1 * h1 + a.v2 * h2 + a.c);
    const d3 = (y - a.t) * y * (1 - y); // δ at the output
    const d1 = h1 * (1 - h1) * a.v1 * d3; // δ of hidden unit 1
    const answer = (id: string) => ex.blanks.find((b) => b.id === id)!.answer;
    expect(answer('grad(z3)')).toBeCloseTo(d3, 12);
    expect(answer('grad(z1)')).toBeCloseTo(d1, 12);
    expect(answer('grad(w11)')).toBeCloseTo(d1 * a.x1, 12);
    expect(answer('update(w11)')).toBeCloseTo(a.w11 - ex.lr * d1 * a.x1, 12);
    expect(ex.blanks.some((b) => b.id === 'grad(x1)' || b.id === 'update(t)')).toBe(false); // inputs are data
  });

  test('the same seed gives the same exercise; another seed another', () => {
    for (const source of ['tanh(w*x + b)', { preset: 'network' as const }, { random: { size: 7, ops: ['add', 'mul', 'sigmoid', 'tanh', 'log'] } }]) {
      const a = JSON.stringify(makeExercise(source, { seed: 11 }));
      expect(JSON.stringify(makeExercise(source, { seed: 11 }))).toBe(a);
      expect(JSON.stringify(makeExercise(source, { seed: 12 }))).not.toBe(a);
    }
  });

  test('random expressions have the size and op mix asked for, every op inside its domain', () => {
    const mix = ['add', 'mul', 'sub', 'log', 'sqrt', 'tanh'];
    for (let seed = 0; seed < 30; seed++) {
      const ex = makeExercise({ random: { size: 6, ops: mix } }, { seed });
      const ops = ex.nodes.filter((n) => n.op);
      expect(ops).toHaveLength(6);
      expect(ops.every((n) => mix.includes(n.op))).toBe(true);
      expect(() => parseFormula(ex.formula)).not.toThrow();
      for (const b of ex.blanks) expect(Number.isFinite(b.answer)).toBe(true);
      for (const n of ops) if (n.op === 'log' || n.op === 'sqrt') expect(ex.blanks.find((b) => b.id === `value(${ex.nodes[n.inputs[0]].name})`)?.answer ?? ex.nodes[n.inputs[0]].value).toBeGreaterThan(0);
    }
    expect(scalarOp('log')).toBeDefined();
  });

  test('a Value graph built by hand, its labels kept', () => {
    const x = new Value(2, 'x');
    const y = x.mul(x).named('sq').tanh().named('out');
    const ex = makeExercise(y, { ask: ['grad'] });
    expect(ex.nodes.map((n) => n.name)).toEqual(['x', 'sq', 'out']);
    expect(ex.blanks.find((b) => b.id === 'grad(x)')!.answer).toBeCloseTo((1 - Math.tanh(4) ** 2) * 4, 12);
  });

  test('ask picks the blanks; nodes narrows them', () => {
    const ex = makeExercise('x*y + sin(x)', { at: { x: 1, y: 2 }, ask: ['params', 'update'] });
    expect(ex.blanks.map((b) => b.id)).toEqual(['grad(y)', 'grad(x)', 'update(x)', 'update(y)']);
    expect(makeExercise({ preset: 'perceptron' }, { ask: ['forward'], nodes: ['z'] }).blanks.map((b) => b.id)).toEqual(['value(z)']);
  });

  test('wrong input is explained', () => {
    expect(() => makeExercise('x +* y')).toThrow(FormulaError);
    expect(() => makeExercise('log(x)', { at: { x: -1 } })).toThrow(/not defined at x = -1: .*log needs a > 0/);
    expect(() => makeExercise('x*y', { at: { z: 1 } })).toThrow(/z is not a variable of x\*y; its variables: x, y/);
    expect(() => makeExercise({ preset: 'nope' as never })).toThrow(/unknown preset 'nope'; presets: perceptron, chain, network/);
    expect(() => makeExercise({ random: { size: 3, ops: ['tanh'] } })).toThrow(/need a two-input op/);
    expect(() => makeExercise({ random: { size: 3, ops: ['frobnicate'] } })).toThrow(ExerciseError);
    expect(() => makeExercise('x', { ask: ['nothing' as never] })).toThrow(/ask: 'nothing' is not/);
    expect(Object.keys(PRESETS)).toEqual(['perceptron', 'chain', 'network']);
  });

  test('exercise.json round-trips; a file edited by hand is refused', () => {
    const set = [makeExercise('tanh(w*x)', { seed: 1 }), makeExercise('tanh(w*x)', { seed: 2 })];
    expect(readExercises(JSON.stringify(set))).toEqual(set);
    const edited = JSON.parse(JSON.stringify(set[0]));
    edited.blanks[0].answer += 1;
    expect(() => readExercises(JSON.stringify(edited))).toThrow(/blank 1 .* says .* but the graph gives/);
    expect(() => readExercises('{"format": "x"}')).toThrow(/not a chalkgrad exercise/);
    expect(() => readExercises('{')).toThrow(/not valid JSON/);
  });
});
