import { Value } from '@chalkgrad/core';
import { MLP, mlp, layerWeights } from '@chalkgrad/nn';
import { trainingCurves, diagnosticsPlot, decisionBoundary, activationPlot, trajectoryPlot, architectureSvg, ticks, Panel, figure, LIGHT, DARK, textWidth } from '@chalkgrad/viz';
import { svgToPng } from '@chalkgrad/viz/node';

const history = {
  epochs: [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 1 / epoch, valLoss: 1.2 / epoch, accuracy: 0.5 + epoch / 10, valAccuracy: 0.45 + epoch / 10, gradNorms: { L1: 0.1 * epoch, L2: 0.01 }, deadRelu: { L1: 0.25 }, saturated: {} })),
};

const renders = (svg: string) => {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svgToPng(svg, 1).subarray(1, 4).toString()).toBe('PNG');
};

describe('plots as SVG', () => {
  test('nice ticks', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(-3, 7)).toEqual([-2, 0, 2, 4, 6]);
  });

  test('training curves: loss and accuracy, train against validation', () => {
    const svg = trainingCurves(history);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(4);
    expect(svg).toContain('>validation<');
    expect(svg).toContain('stroke-dasharray');
    renders(svg);
  });

  test('diagnostics: gradient norms per layer on a log scale, dead units', () => {
    const svg = diagnosticsPlot(history);
    expect(svg).toContain('gradient norm');
    expect(svg).toContain('dead ReLU units');
    expect(svg).not.toContain('saturated units');
    expect((svg.match(/<polyline/g) ?? []).length).toBe(3);
    renders(svg);
  });

  test('decision boundary: a heatmap of the predicted classes with the points', () => {
    const data = { X: [[0, 0], [1, 1], [0, 1], [1, 0]], y: [0, 1, 1, 0] };
    const svg = decisionBoundary((pts) => pts.map((p) => (p[1] > 0.5 ? 1 : 0)), data, { resolution: 10 });
    expect((svg.match(/<rect x=/g) ?? []).length).toBeGreaterThanOrEqual(10); // a run per row and colour
    expect(svg).toContain(LIGHT.regions[0]);
    expect(svg).toContain(LIGHT.regions[1]);
    expect((svg.match(/<circle/g) ?? []).length).toBe(4 + 2); // points + legend markers
    renders(svg);
  });

  test('activation functions beside their derivatives, from the op table', () => {
    const svg = activationPlot();
    for (const name of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus']) expect(svg).toContain(`>${name}<`);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(10);
    expect(() => activationPlot(['add'])).toThrow("activationPlot: 'add' is not a unary op of the table");
    renders(svg);
  });

  test('optimizer trajectories over contours', () => {
    const svg = trajectoryPlot((x, y) => x * x + 10 * y * y, [{ name: 'SGD', points: [[-2, 1], [-1, 0.2], [0, 0]] }, { name: 'Adam', points: [[-2, 1], [-1.5, 0.5]] }], { xrange: [-3, 3], yrange: [-2, 2] });
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+L/);
    expect(svg).toContain('>SGD<');
    expect((svg.match(/<polyline/g) ?? []).length).toBe(2);
    renders(svg);
  });

  test('a network architecture: an edge per weight, coloured by sign, sized by magnitude, gradients on request', () => {
    const m = new MLP(2, [3, 1], { seed: 1 });
    m.forward([new Value(1), new Value(-1)])[0].backward();
    const layers = layerWeights(m);
    expect(layers.map((l) => [l.weights.length, l.weights[0].length])).toEqual([[3, 2], [1, 3]]);
    const svg = architectureSvg(layers, { showGradients: true });
    expect((svg.match(/<line /g) ?? []).length).toBe(2 * 3 + 3 * 1);
    expect((svg.match(/<circle/g) ?? []).length).toBe(2 + 3 + 1);
    expect(svg).toContain('class="grad"');
    expect(svg).toMatch(new RegExp(`stroke="(${LIGHT.positive}|${LIGHT.negative})"`));
    renders(svg);
    const big = architectureSvg(layerWeights(mlp(784, [16, 10])), { maxUnits: 8 });
    expect(big).toContain('input (784)');
    expect(big).toContain('⋮');
    renders(big);
  });

  test('panels escape their text', () => {
    const svg = figure([new Panel({ title: '<script>x</script>' }).line([0, 1], [0, 1], { label: 'a & b' })]);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('a &amp; b');
  });

  test('a legend goes where it covers no data: a free corner, else below the axes', () => {
    const box = (svg: string) => /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#ffffff" fill-opacity="0.9"/.exec(svg)?.slice(1).map(Number);
    // tanh: the curve fills the top-left and the derivative's peak the top middle: the legend goes bottom-right
    const tanh = new Panel({ width: 300, height: 240 }).line([-5, 0, 5], [-1, 0, 1], { label: 'tanh(z)' }).line([-5, -1, 0, 1, 5], [0, 0.4, 1, 0.4, 0], { label: 'derivative' });
    const [x, y] = box(figure([tanh]))!;
    expect(x).toBeGreaterThan(150);
    expect(y).toBeGreaterThan(100);
    // data everywhere: the legend moves below the plot and the panel grows to hold it
    const full = new Panel({ width: 300, height: 240 });
    for (let k = 0; k < 4; k++) full.line(Array.from({ length: 50 }, (_, i) => i), Array.from({ length: 50 }, (_, i) => Math.sin(i / 2 + k)), { label: `series ${k}` });
    const svg = figure([full]);
    expect(box(svg)).toBeUndefined();
    expect(full.height).toBeGreaterThan(240);
    expect(Number(/height="(\d+)"/.exec(svg)![1])).toBe(full.height);
  });

  test('titles wrap instead of being clipped; one option turns every plot dark', () => {
    const title = 'spiral, Sequential(Linear(2, 64), relu, Linear(64, 64), relu, Linear(64, 3)): decision boundary';
    const data = { X: [[0, 0], [1, 1], [0, 1], [1, 0]], y: [0, 1, 1, 0] };
    const svg = decisionBoundary((pts) => pts.map((p) => (p[1] > 0.5 ? 1 : 0)), data, { resolution: 10, title, theme: 'dark' });
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const lines = [...svg.matchAll(/class="title">([^<]+)</g)].map((m) => m[1]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ').replace(/&#39;/g, "'")).toBe(title);
    for (const line of lines) expect(textWidth(line, 13, true)).toBeLessThanOrEqual(width);
    expect(svg).toContain(`fill="${DARK.background}"`);
    expect(svg).toContain(DARK.regions[0]);
    for (const plot of [trainingCurves(history, 't', { theme: 'dark' }), diagnosticsPlot(history, 'd', { theme: 'dark' }), activationPlot(undefined, { theme: 'dark' })]) {
      expect(plot).toContain(`fill="${DARK.background}"`);
      expect(plot).not.toContain('fill="#ffffff"');
    }
    expect(architectureSvg(layerWeights(new MLP(2, [3, 1], { seed: 1 })), { theme: 'dark' })).toContain(`fill="${DARK.background}"`);
    const wide = trajectoryPlot((a, b) => a * a + b * b, [], { xrange: [-1, 1], yrange: [-1, 1], title: 'SGD, momentum, Nesterov and Adam on the ravine ½θ₁² + 10θ₂² with a long title' });
    for (const m of wide.matchAll(/class="title">([^<]+)</g)) expect(textWidth(m[1], 13, true)).toBeLessThanOrEqual(640);
  });
});
