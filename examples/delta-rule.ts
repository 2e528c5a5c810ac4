/**
 * A two-layer sigmoid network and the delta rule of the notes:
 *   δ_k = g′(z_k)(y_k − t_k) at the output,   δ_j = g′(z_j) Σ_k w_kj δ_k below,   ∂E/∂w_ji = δ_j u_i.
 * The hand-written recursion and the engine give the same gradients.
 * Run: corepack pnpm ts examples/delta-rule.ts
 */
import { Rng, Value } from '@chalkgrad/core';

export function main(log: (s: string) => void = console.log) {
  const rng = new Rng(42);
  const sizes = [2, 3, 1];
  const W = [0, 1].map((l) => Array.from({ length: sizes[l + 1] }, () => Array.from({ length: sizes[l] }, () => rng.normal(0, 1))));
  const x = [0.5, -1.5];
  const t = [1];
  const g = (z: number) => 1 / (1 + Math.exp(-z));
  const dg = (z: number) => g(z) * (1 - g(z));

  // by hand
  const z1 = W[0].map((row) => row.reduce((s, w, i) => s + w * x[i], 0));
  const u1 = z1.map(g);
  const z2 = W[1].map((row) => row.reduce((s, w, j) => s + w * u1[j], 0));
  const y = z2.map(g);
  const d2 = y.map((yk, k) => dg(z2[k]) * (yk - t[k]));
  const d1 = z1.map((zj, j) => dg(zj) * d2.reduce((s, dk, k) => s + W[1][k][j] * dk, 0));
  const hand = [d1.map((dj) => x.map((xi) => dj * xi)), d2.map((dk) => u1.map((uj) => dk * uj))];

  // the engine, with E = ½ Σ (y − t)²
  const Wv = W.map((m, l) => m.map((row, j) => row.map((w, i) => new Value(w, `w${l + 1}_${j}${i}`))));
  const h = Wv[0].map((row) => Value.sum(row.map((w, i) => w.mul(x[i]))).sigmoid());
  const out = Wv[1].map((row) => Value.sum(row.map((w, j) => w.mul(h[j]))).sigmoid());
  Value.sum(out.map((o, k) => o.sub(t[k]).pow(2))).mul(0.5).backward();
  const engine = Wv.map((m) => m.map((row) => row.map((w) => w.grad)));

  const worst = Math.max(...hand.flatMap((m, l) => m.flatMap((row, j) => row.map((v, i) => Math.abs(v - engine[l][j][i])))));
  log(`output delta δ = ${d2.map((d) => d.toFixed(6)).join(', ')}; hidden deltas δ_j = ${d1.map((d) => d.toFixed(6)).join(', ')}`);
  log(`largest difference between the delta rule and backward: ${worst.toExponential(2)}`);
  return { hand, engine, worst };
}

if (require.main === module) main();
