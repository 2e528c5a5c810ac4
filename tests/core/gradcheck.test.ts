import { Value, gradcheck, parameterNames } from '@chalkgrad/core';

describe('gradcheck', () => {
  test('checks the engine against central differences and reports every row', () => {
    const report = gradcheck((w, x, b) => w.mul(x).add(b).tanh(), [0.5, -1.5, 0.1]);
    expect(report.ok).toBe(true);
    expect(report.source).toBe('backward');
    expect(report.rows.map((r) => r.label)).toEqual(['w', 'x', 'b']);
    const t = Math.tanh(0.5 * -1.5 + 0.1);
    const dz = 1 - t * t;
    expect(report.rows[0].analytic).toBeCloseTo(dz * -1.5, 12);
    expect(report.rows[1].analytic).toBeCloseTo(dz * 0.5, 12);
    expect(report.rows[2].numeric).toBeCloseTo(dz, 8);
    for (const r of report.rows) {
      expect(r.absError).toBeLessThan(1e-8);
      expect(r.relError).toBeLessThan(1e-7);
    }
    expect(report.eps).toBe(1e-6);
    expect(report.atol).toBe(1e-5);
    expect(report.rtol).toBe(1e-3);
  });

  test('a wrong hand-derived gradient is reported row by row', () => {
    // d/dx of x²·y is 2xy, d/dy is x². The student wrote x·y for the first.
    const report = gradcheck((x, y) => x.mul(x).mul(y), [3, 2], { analytic: (x, y) => [x * y, x * x] });
    expect(report.ok).toBe(false);
    expect(report.source).toBe('hand-derived');
    expect(report.rows[0]).toMatchObject({ label: 'x', analytic: 6, ok: false });
    expect(report.rows[0].numeric).toBeCloseTo(12, 6);
    expect(report.rows[1]).toMatchObject({ label: 'y', analytic: 9, ok: true });
    const text = report.toString();
    expect(text).toMatch(/gradcheck FAILED for x: the hand-derived gradient differs/);
    expect(text.split('\n')[2]).toMatch(/^0\s+x\s+6\s+12\s+.*✗ MISMATCH$/);
  });

  test('a right hand-derived gradient passes', () => {
    const report = gradcheck((x, y) => x.mul(x).mul(y), [3, 2], { analytic: (x, y) => [2 * x * y, x * x] });
    expect(report.ok).toBe(true);
  });

  test('prints an aligned table', () => {
    const lines = gradcheck((a, b) => a.div(b), [1, 4], { labels: ['num', 'den'] }).toString().split('\n');
    expect(lines[0]).toMatch(/^#\s+input\s+analytic\s+numeric\s+abs error\s+rel error\s+ok$/);
    expect(lines[1]).toMatch(/^─+/);
    expect(lines[2]).toMatch(/^0\s+num\s+0\.25\s+0\.25/);
    expect(lines[3]).toMatch(/^1\s+den\s+-0\.0625\s+-0\.0625/);
    // Every table row has its columns at the same places as the header.
    expect(lines[2].indexOf('✓')).toBe(lines[0].indexOf('ok'));
    expect(lines[4]).toMatch(/^gradcheck passed: 2 of 2/);
  });

  test('tolerances are options; kinks show up as mismatches', () => {
    const report = gradcheck((x) => x.abs(), [0]);
    // at 0 the engine says 0, central differences also 0: agreed. At 1e-7 they disagree.
    expect(report.ok).toBe(true);
    const kink = gradcheck((x) => x.abs(), [1e-7], { eps: 1e-6 });
    expect(kink.ok).toBe(false);
  });

  test('every node at a kink the op table knows gets a note, even when the check passes', () => {
    const abs = gradcheck((x) => x.abs(), [0]);
    expect(abs.ok).toBe(true);
    expect(abs.kinks).toEqual(['gradcheck: note: |x| is at a kink of abs (a = 0), where abs has no derivative; backward uses the local derivative 0 there, one subgradient of many. Check at a point off the kink to test the derivative itself']);
    expect(abs.toString().split('\n').at(-1)).toBe(abs.kinks[0]);
    // relu and leakyRelu at 0, max and min on a tie (with the ½ each they give), one note per node
    const all = gradcheck((x, y) => x.relu().add(x.leakyRelu(0.1)).add(x.maximum(y)).add(y.minimum(0)), [0, 0]);
    expect(all.kinks.map((k) => /a kink of (\w+)/.exec(k)![1])).toEqual(['relu', 'leakyRelu', 'maximum', 'minimum']);
    expect(all.kinks[2]).toContain('max(x, y) is at a kink of maximum (a tie, a = b)');
    expect(all.kinks[2]).toContain('the local derivatives 0.5 and 0.5');
    // off every kink: no note; a slope of 1 in leakyRelu is no kink
    expect(gradcheck((x, y) => x.relu().add(x.abs()).add(x.maximum(y)), [0.5, -1]).kinks).toEqual([]);
    expect(gradcheck((x) => x.leakyRelu(1), [0]).kinks).toEqual([]);
    // many: five notes and a count
    const many = gradcheck((x) => Value.sum(Array.from({ length: 8 }, (_, i) => x.mul(i + 1).relu())), [0]);
    expect(many.kinks).toHaveLength(6);
    expect(many.kinks[5]).toBe('gradcheck: note: 3 more nodes are at a kink');
  });

  test('clear errors for bad use', () => {
    expect(() => gradcheck(() => 3 as unknown as Value, [1])).toThrow(/f must return a Value, got number 3/);
    expect(() => gradcheck((x) => x, [NaN])).toThrow(/finite number/);
    expect(() => gradcheck((x) => x, [1], { analytic: () => [1, 2] })).toThrow(/one number per input \(1\)/);
  });

  test('parameter names are read from the function', () => {
    expect(parameterNames((x1, x2) => x1 ?? x2)).toEqual(['x1', 'x2']);
    expect(parameterNames(function f(a: number, b = 2) { return a + b; })).toEqual(['a', 'b']);
    expect(parameterNames((w: Value) => w)).toEqual(['w']);
  });
});
