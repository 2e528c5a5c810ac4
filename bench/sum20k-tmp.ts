import { Value, grad, trace } from '@chalkgrad/core';
const xs = Array.from({ length: 20000 }, (_, i) => new Value(i / 20000, `x${i}`));
const s = Value.sum(xs.map((x) => x.mul(x)));
const time = (f: () => void) => { const t0 = performance.now(); f(); return performance.now() - t0; };
const runs = Number(process.argv[2] ?? 10);
const best = { b: Infinity, g: Infinity, t: Infinity };
for (let r = 0; r < runs; r++) {
  best.b = Math.min(best.b, time(() => s.backward()));
  best.g = Math.min(best.g, time(() => grad(s, xs)));
  best.t = Math.min(best.t, time(() => trace(s)));
}
console.log(`best of ${runs}: backward ${best.b.toFixed(2)} ms, grad ${best.g.toFixed(2)} ms, trace ${best.t.toFixed(2)} ms`);
