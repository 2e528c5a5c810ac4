import { MLP, layerStates, mlp } from '@chalkgrad/nn';
import { DARK, layerView } from '@chalkgrad/viz';
import { svgToPng } from '@chalkgrad/viz/node';

/** The notes' delta rule by hand: δ = g′(z)(u − t) at the output, δⱼ = g′(zⱼ) Σₖ wₖⱼ δₖ below. */
function byHand(W: number[][][], b: number[][], x: number[], t: number[]) {
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const z1 = W[0].map((row, j) => row.reduce((a, w, i) => a + w * x[i], b[0][j]));
  const u1 = z1.map(s);
  const z2 = W[1].map((row, k) => row.reduce((a, w, j) => a + w * u1[j], b[1][k]));
  const u2 = z2.map(s);
  const d2 = u2.map((u, k) => u * (1 - u) * (u - t[k]));
  const d1 = u1.map((u, j) => u * (1 - u) * d2.reduce((a, d, k) => a + W[1][k][j] * d, 0));
  return { z1, d1, d2 };
}

describe('the layer view', () => {
  test("the notes' 2-3-1 network: z, u and δ per unit agree with the delta rule by hand; the rule is written with its numbers; it fits a slide", () => {
    const net = new MLP(2, [3, 1], { activation: 'sigmoid', outputActivation: 'sigmoid', seed: 42 });
    const before = net.parameters().map((p) => p.grad);
    const state = layerStates(net, [0.5, -1.5], [1]);
    expect(net.parameters().map((p) => p.grad)).toEqual(before); // the model's gradients are not touched
    const W = net.layers.map((l) => l.neurons.map((n) => n.w.map((w) => w.data)));
    const b = net.layers.map((l) => l.neurons.map((n) => n.b.data));
    const hand = byHand(W, b, [0.5, -1.5], [1]);
    state.layers[0].z.forEach((z, j) => expect(z).toBeCloseTo(hand.z1[j], 12));
    state.layers[0].delta.forEach((d, j) => expect(d).toBeCloseTo(hand.d1[j], 12));
    expect(state.layers[1].delta[0]).toBeCloseTo(hand.d2[0], 12);

    const svg = layerView(state, { title: '2-3-1' });
    const [width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);
    expect(width).toBeLessThanOrEqual(1280); // 16:9 at 1280×720 without scaling down
    expect(height).toBeLessThanOrEqual(720);
    const f = (x: number) => String(+x.toPrecision(4));
    const factor = (x: number) => (x < 0 ? `(${f(x)})` : f(x));
    const d2 = state.layers[1];
    expect(svg).toContain(`δ(L2.N1) = σ′(z)·(u − t) = ${f(d2.dg[0])} × ${factor(state.dLdu[0])} = ${f(d2.delta[0])}`);
    const d1 = state.layers[0];
    expect(svg).toContain(`δ(L1.N2) = σ′(z)·Σₖ wₖ₂ δₖ = ${f(d1.dg[1])} × (${f(d2.weights[0][1])} × ${factor(d2.delta[0])}) = ${f(d1.delta[1])}`);
    for (let j = 0; j < 3; j++) expect(svg).toContain(`>δ = ${f(d1.delta[j])}<`);
    expect(svgToPng(svg, 1).subarray(1, 4).toString()).toBe('PNG');
  });

  test('each weight is labelled on its own edge: the edge runs through its label, no two labels overlap, none covers a unit', () => {
    for (const [sizes, x, t] of [[[3, 1], [0.5, -1.5], [1]], [[4, 4, 2], [0.5, -1.5, 1], [1, 0]]] as const) {
      const net = new MLP(x.length, [...sizes], { activation: 'tanh', seed: 3 });
      const state = layerStates(net, [...x], [...t]);
      const svg = layerView(state);
      const num = (m: RegExpMatchArray, ...keys: string[]) => keys.map((k) => Number(new RegExp(`${k}="([-\\d.]+)"`).exec(m[0])![1]));
      const units = [...svg.matchAll(/<rect [^>]*rx="7"[^>]*\/>\n<text [^>]*>([^<]+)<\/text>/g)].map((m) => {
        const [rx, ry, w, h] = num(m, 'x', 'y', 'width', 'height');
        return { name: m[1], left: rx, right: rx + w, top: ry, bottom: ry + h, cy: ry + h / 2 };
      });
      const lines = [...svg.matchAll(/<line [^>]*\/>/g)].map((m) => num(m, 'x1', 'y1', 'x2', 'y2'));
      const labels = [...svg.matchAll(/<rect [^>]*rx="3"[^>]*\/>\n<text [^>]*>w = ([^<]+)<\/text>/g)].map((m) => {
        const [rx, ry, w, h] = num(m, 'x', 'y', 'width', 'height');
        return { text: m[1], x: rx + w / 2, y: ry + h / 2, w, h };
      });
      const weights = state.layers.flatMap((l) => l.weights.flat());
      expect(labels.length).toBe(weights.length);
      expect(lines.length).toBe(weights.length);
      const unitAt = (x: number, y: number, side: 'left' | 'right') => units.find((u) => Math.abs(u[side] - x) < 0.2 && Math.abs(u.cy - y) < 0.2)!.name;
      const index = (name: string) => (name.startsWith('x') ? '₁₂₃₄₅₆₇₈₉'.indexOf(name.slice(1)) : Number(/N(\d+)$/.exec(name)![1]) - 1);
      const layerOf = (name: string) => Number(/^L(\d+)/.exec(name)![1]) - 1;
      const onLine = ([x1, y1, x2, y2]: number[], x: number, y: number) => Math.abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / Math.hypot(x2 - x1, y2 - y1) < 1 && x > x1 && x < x2;
      for (const label of labels) {
        const through = lines.filter((l) => onLine(l, label.x, label.y));
        expect(through).toHaveLength(1); // the label sits on one edge only
        const [x1, y1, x2, y2] = through[0];
        const [from, to] = [unitAt(x1, y1, 'right'), unitAt(x2, y2, 'left')];
        expect(label.text).toBe(String(+state.layers[layerOf(to)].weights[index(to)][index(from)].toPrecision(4)));
        for (const other of labels) if (other !== label) expect(Math.abs(other.x - label.x) * 2 >= other.w + label.w || Math.abs(other.y - label.y) * 2 >= other.h + label.h).toBe(true);
        for (const u of units) expect(label.x + label.w / 2 <= u.left || label.x - label.w / 2 >= u.right || label.y + label.h / 2 <= u.top || label.y - label.h / 2 >= u.bottom).toBe(true);
      }
    }
  });

  test('a tensor MLP: the δ vectors per layer, not their norms; the rule as δ = g′(z) ⊙ Wᵀδ', () => {
    const net = mlp(2, [16, 16, 3], { activation: 'tanh', seed: 2 });
    const state = layerStates(net, [0.5, -1.5], [0, 1, 0]);
    expect(state.layers.map((l) => l.delta.length)).toEqual([16, 16, 3]);
    // δ of a hidden layer is g′(z) ⊙ Wᵀδ of the layer above
    const [l2, l3] = [state.layers[1], state.layers[2]];
    l2.delta.forEach((d, j) => expect(d).toBeCloseTo(l2.dg[j] * l3.weights.reduce((s, row, k) => s + row[j] * l3.delta[k], 0), 12));
    const svg = layerView(state, { theme: 'dark' });
    for (const d of l2.delta.slice(0, 8)) expect(svg).toContain(`>${+d.toPrecision(4)}<`);
    expect(svg).toContain('δ(L2) = tanh′(z) ⊙ (W(L3)ᵀ δ(L3))');
    expect(svg).toContain('⋮ (8 more)');
    expect(svg).toContain(`fill="${DARK.background}"`);
    expect(() => layerStates(net, [1, 2], [1])).toThrow('layerStates: the network has 3 outputs, the target has 1 values');
  });
});
