import { Rng } from '@chalkgrad/core';

describe('Rng', () => {
  test('same seed, same stream; different seeds differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test('uniform, normal, int and shuffle have the right statistics', () => {
    const r = new Rng(7);
    const n = 20000;
    const us = Array.from({ length: n }, () => r.uniform(-1, 3));
    const mean = us.reduce((s, x) => s + x, 0) / n;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.05);
    const zs = Array.from({ length: n }, () => r.normal(2, 0.5));
    const m = zs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(zs.reduce((s, x) => s + (x - m) ** 2, 0) / n);
    expect(m).toBeCloseTo(2, 1);
    expect(sd).toBeCloseTo(0.5, 1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[r.int(3)]++;
    for (const k of counts) expect(Math.abs(k - 1000)).toBeLessThan(120);
    const perm = r.shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...perm].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => new Rng(NaN)).toThrow(/seed must be a finite number/);
  });
});
