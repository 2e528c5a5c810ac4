import { Value } from '@chalkgrad/core';
import { MLP, mlp, layerWeights } from '@chalkgrad/nn';
import { trainingCurves, diagnosticsPlot, decisionBoundary, activationPlot, trajectoryPlot, architectureSvg, ticks, Panel, figure } from '@chalkgrad/viz';
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
    expect(svg).toContain('#bfdbfe');
    expect(svg).toContain('#fed7aa');
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
    expect(svg).toMatch(/stroke="#2563eb"|stroke="#ea580c"/);
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
});
