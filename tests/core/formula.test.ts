import { FUNCTIONS, FormulaError, Value, buildFormula, describeValue, parseFormula, partial, variableName, variablesOf } from '@chalkgrad/core';

/** The value of a formula at the given point. */
function at(src: string, point: Record<string, number> = {}): number {
  const inputs = Object.fromEntries(Object.entries(point).map(([k, v]) => [k, new Value(v, k)]));
  return buildFormula(src, parseFormula(src), inputs).data;
}

function error(src: string): FormulaError {
  try {
    parseFormula(src);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`'${src}' parsed`);
}

describe('formula grammar', () => {
  test('precedence and associativity', () => {
    expect(at('2*3 + 4*5')).toBe(26);
    expect(at('10 - 4 - 3')).toBe(3);
    expect(at('64 / 4 / 2')).toBe(8);
    expect(at('(1 + 2) * 3')).toBe(9);
    expect(at('2^3^2')).toBe(512);
    expect(at('-x^2', { x: 3 })).toBe(-9);
    expect(at('-2^2')).toBe(-4);
    expect(at('2^-1')).toBe(0.5);
    expect(at('2^-3*4')).toBe(0.5);
    expect(at('2^-x^2', { x: 1 })).toBe(0.5);
    expect(at('a * -b + -c', { a: 2, b: 3, c: 4 })).toBe(-10);
    expect(at('--x', { x: 5 })).toBe(5);
    expect(at('+x - +1', { x: 5 })).toBe(4);
    expect(at('2**3')).toBe(8);
    expect(at('max(1, min(2, 3)) + leakyRelu(-1, 0.1) + leakyRelu(-1)')).toBeCloseTo(2 - 0.1 - 0.01, 12);
    expect(at('ln(e) + sin(pi)')).toBeCloseTo(1, 12);
    expect(at('1.5e2 + .5 + 2.')).toBe(152.5);
  });

  test('what the demo prints and people type: · × −, x², x⁻¹, x₁, e, π', () => {
    expect(at('3·x + 2×y − 1', { x: 1, y: 2 })).toBe(6);
    expect(at('2⋅x', { x: 4 })).toBe(8);
    expect(at('x² + x³ + x¹⁰', { x: 2 })).toBe(4 + 8 + 1024);
    expect(at('-x²', { x: 3 })).toBe(-9);
    expect(at('(x + 1)²', { x: 2 })).toBe(9);
    expect(at('x⁻¹ + x^-2', { x: -2 })).toBe(-0.5 + 0.25); // a number exponent: defined for negative x
    expect(at('sigmoid(1 + 3·x₁ − 2·x₂)', { x1: -1, x2: 2 })).toBeCloseTo(1 / (1 + Math.exp(6)), 15);
    expect(variablesOf(parseFormula('w₁·x₁ + x1 + w_2'))).toEqual(['w1', 'x1', 'w_2']);
    expect(at('e')).toBe(Math.E);
    expect(at('π')).toBe(Math.PI);
    expect(variablesOf(parseFormula('e*x + pi'))).toEqual(['x']);
    expect(variablesOf(parseFormula('e*x'), new Set(['e', 'x']))).toEqual(['e', 'x']); // a given e is a variable
    expect(at('e*x', { e: 2, x: 3 })).toBe(6);
    expect(variableName('x₁₂')).toBe('x12');
    expect(variableName('1x')).toBeNull();
  });

  test('nodes are named by sub-expression as the API names them; a negative number is a constant', () => {
    const x = new Value(2, 'x');
    const y = buildFormula('x^2 - x*3', parseFormula('x^2 - x*3'), { x });
    const api = x.pow(2).sub(x.mul(3));
    expect(y.label).toBe('');
    expect(describeValue(y)).toBe(describeValue(api));
    expect(y.inputs.map(describeValue)).toEqual(api.inputs.map(describeValue));
    expect(partial(y.inputs[1])).toBe('∂(x·3)');
    const z = buildFormula('x * -2', parseFormula('x * -2'), { x });
    expect(z.inputs[1].op).toBe(''); // a leaf -2, not neg(2)
    expect(z.inputs[1].data).toBe(-2);
  });
});

describe('formula errors', () => {
  test('a caret under the position', () => {
    expect(error('2*x +* 3').explain()).toBe("expected a number, a variable, a function or '(' but found '*'\n  2*x +* 3\n       ^");
    expect(error('tanh(x').message).toBe("expected ')' to close tanh( but found the end of the formula");
    expect(error('(x').message).toBe("expected ')' but found the end of the formula");
    expect(error('x)').message).toBe("unexpected ')' after a complete expression");
    expect(error('(x, y)').message).toBe("expected ')' but found ','");
    expect(error('x, y').message).toBe("unexpected ',' after a complete expression");
    expect(error('x^2 + 3x').message).toBe("unexpected 'x' after a complete expression; multiplication needs '*': write 3*x");
    expect(error('sin(2x)').message).toBe("expected ')' to close sin( but found 'x'; multiplication needs '*': write 2*x");
    expect(error('2(x+1)').message).toContain("multiplication needs '*': write 2*(…)");
    expect(error('sin()').message).toBe('sin takes 1 argument, got 0');
    expect(error('max(1)').message).toBe('max takes 2 arguments, got 1');
    expect(error('leakyRelu(1, 2, 3)').message).toBe('leakyRelu takes 1 or 2 arguments, got 3');
    expect(error('foo(x)').message).toMatch(/^unknown function 'foo'; known functions: abs, cos/);
    expect(error('   ').message).toBe('the formula is empty');
    expect(() => buildFormula('x', parseFormula('x'), {})).toThrow("the variable 'x' has no value; give it one with --at x=...");
    expect(() => buildFormula('leakyRelu(x, y)', parseFormula('leakyRelu(x, y)'), { x: new Value(1), y: new Value(1) })).toThrow('the second argument of leakyRelu must be a number');
  });

  test('an unknown character gets a hint', () => {
    expect(error('√x').message).toBe("unexpected character '√' (U+221A); write sqrt(…)");
    expect(error('y = 2*x').message).toMatch(/^unexpected character '='; a formula has no '='/);
    expect(error('σ(z)').message).toBe("unexpected character 'σ' (U+03C3); write sigmoid(…)");
    expect(error('[x]').message).toBe("unexpected character '['; group with '(' and ')'");
    expect(error('3 – x').message).toBe("unexpected character '–' (U+2013); write '-' (a plain minus)");
    expect(error('x ₁').message).toBe("unexpected character '₁' (U+2081); subscript digits belong to a name, like x₁");
    expect(error('α + 1').message).toMatch(/'α' \(U\+03B1\); a name has the letters a–z and A–Z, digits and _/);
    expect(error('x\x07').message).toBe('unexpected character U+0007; an invisible or control character: type the formula again without it');
    expect(error('x\u202e').message).toBe('unexpected character U+202E; an invisible or control character: type the formula again without it');
    expect(error('x ‧ y').message).toBe("unexpected character '‧' (U+2027); write '*' (or '·') to multiply");
    expect(error('x ≤ 1').message).toMatch(/; there are no comparisons: max\(a, b\)/);
  });

  test('every unknown character gets a hint; without a specific one, what a formula can hold', () => {
    const odd = [...'@%&$><≤≥‧?~`#:\\¬∧∨∑∫≈±°€£§¶ ←→⇒∞'].filter((c) => c.trim() !== '');
    for (const c of [...odd, '\x00', '\x1b', '\u200b']) {
      const m = error(`x ${c} 1`).message;
      expect(m).toMatch(/^unexpected character .+; .{12,}/);
    }
    for (const c of '@&$?~#') {
      const m = error(`x ${c} 1`).message;
      expect(m).toContain("+ - * / ^ ( )");
      for (const f of Object.keys(FUNCTIONS)) expect(m).toContain(f);
    }
  });

  test('a long or hostile formula is shown cut around the position, control characters as spaces', () => {
    const long = `${'x+'.repeat(10_000)}*`;
    const text = error(long).explain();
    const [, shown, caret] = text.split('\n');
    expect(shown.length).toBeLessThan(130);
    expect(shown[caret.indexOf('^')]).toBe('*');
    expect(error(`${'y'.repeat(100_000)}(x)`).message.length).toBeLessThan(300);
    expect(error('a\nb').explain().split('\n')).toHaveLength(3);
    expect(error('a\x1b[31m').explain()).not.toContain('\x1b');
  });

  test('no name is looked up on Object.prototype', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      expect(error(`${name}(x)`).message).toMatch(new RegExp(`^unknown function '${name}'`));
      const tree = parseFormula(`${name} + 1`);
      expect(variablesOf(tree)).toEqual([name]);
      expect(() => buildFormula(`${name} + 1`, tree, {})).toThrow(`the variable '${name}' has no value`);
      expect(buildFormula(`${name} + 1`, tree, { [name]: new Value(2) }).data).toBe(3);
    }
    expect(Object.keys(FUNCTIONS)).not.toContain('constructor');
  });
});

describe('big formulas parse and build without overflowing the stack', () => {
  const deep = 100_000;
  test.each([
    ['a 100,000-term sum', Array.from({ length: deep }, (_, i) => `${i % 7}*x`).join(' + '), (x: number) => x * Array.from({ length: deep }, (_, i) => i % 7).reduce((s, c) => s + c, 0)],
    ['100,000 nested parentheses', `${'('.repeat(deep)}x${')'.repeat(deep)}`, (x: number) => x],
    ['100,000 unary minuses', `${'-'.repeat(deep)}x`, (x: number) => x],
    ['a 10,000-deep ^ chain', `${'x^'.repeat(10_000)}1`, (x: number) => Array.from({ length: 10_000 }).reduce<number>((r) => x ** r, 1)],
    ['10,000 nested calls', `${'abs('.repeat(10_000)}x${')'.repeat(10_000)}`, (x: number) => Math.abs(x)],
  ])('%s', (_name, src, f) => {
    const x = new Value(0.5, 'x');
    const y = buildFormula(src, parseFormula(src), { x });
    expect(y.data).toBeCloseTo(f(0.5), 6);
    y.backward();
    expect(Number.isFinite(x.grad)).toBe(true);
  });
});
