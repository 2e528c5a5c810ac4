/**
 * The graph tab: a formula or a preset, its inputs (slider and box each), the diagram (laid out
 * once by Graphviz in the page, so it stays put from step to step), and the backward pass stepped
 * edge by edge (buttons and arrow keys) with
 * the chain-rule product written out; gradcheck's finite-difference table; the delta-rule view of
 * the network preset.
 */
import { FormulaError, type Value, fmt, gradcheck, jvp, parseFormula, trace, variablesOf } from '@chalkgrad/core';
import { layerView } from '@chalkgrad/viz';
import type { App } from '../app';
import { byId, el, fitDiagram, messageOf, scrollIntoBox, setSvg, showMessage, table } from '../dom';
import { GRAPH_PRESET_NAMES, type GraphPresetName } from '../state';
import { deltaRule, networkState } from './delta';
import { type StepDiagram, currentElements, stepDiagram, stepSvg } from './diagram';
import { type GraphSetup, buildAt, graphSetup } from './setup';
import { type EdgeStep, type Mode, derivative, forwardSteps, known, productText, reverseSteps, stepInWords, sumText } from './steps';

const DIGITS = 4;

interface Built {
  setup: GraphSetup;
  root: Value;
  leaves: Record<string, Value>;
  mode: Mode;
  steps: EdgeStep[];
  /** Each variable's gradient from the whole backward pass. */
  grads: Map<string, number>;
  /** The diagram of every step, laid out once. */
  diagram: StepDiagram;
}

export function graphTab(app: App): { shown(): void; keydown(e: KeyboardEvent): void } {
  const s = () => app.state.graph;
  const ui = {
    preset: byId<HTMLSelectElement>('g-preset'),
    form: byId<HTMLFormElement>('g-formula-form'),
    formula: byId<HTMLInputElement>('g-formula'),
    error: byId('g-error'),
    inputs: byId('g-inputs'),
    title: byId('g-title'),
    first: byId<HTMLButtonElement>('g-first'),
    prev: byId<HTMLButtonElement>('g-prev'),
    next: byId<HTMLButtonElement>('g-next'),
    last: byId<HTMLButtonElement>('g-last'),
    forward: byId<HTMLInputElement>('g-forward'),
    wrt: byId<HTMLSelectElement>('g-wrt'),
    pos: byId('g-pos'),
    product: byId('g-product'),
    fanout: byId('g-fanout'),
    figure: byId('g-figure'),
    diagram: byId('g-diagram'),
    alt: byId('g-alt'),
    grads: byId('g-grads'),
    delta: byId('g-delta'),
    check: byId<HTMLButtonElement>('g-check'),
    checkOut: byId('g-gradcheck'),
  };
  let built: Built | null = null;
  let drawing = 0;

  for (const name of GRAPH_PRESET_NAMES) ui.preset.append(el('option', { value: name }, presetLabel(name)));
  ui.preset.append(el('option', { value: 'formula' }, 'your formula'));

  /** The graph at the state's point, its trace in the state's mode and its steps (the step kept, if it still exists). */
  function compute(setup: GraphSetup): void {
    const { root, leaves } = buildAt(setup);
    const back = trace(root);
    const grads = new Map(back.leafGrads.map((g) => [g.leaf.label, g.grad]));
    if (!(s().wrt in leaves)) s().wrt = setup.variables[0]?.name ?? '';
    const forward = s().mode === 'forward' && s().wrt !== '';
    const mode: Mode = forward ? { kind: 'forward', output: root, wrt: leaves[s().wrt] } : { kind: 'reverse', output: root };
    const steps = mode.kind === 'forward' ? forwardSteps(trace(root, { mode: 'forward', wrt: mode.wrt })) : reverseSteps(back);
    built = { setup, root, leaves, mode, steps, grads, diagram: stepDiagram(mode, Object.values(leaves), steps, DIGITS) };
    s().step = Math.min(s().step, steps.length);
  }

  /** Builds the graph of the state; on a bad formula the message shows and the last good graph stays. */
  function rebuild(): boolean {
    let setup: GraphSetup;
    try {
      setup = graphSetup(s());
    } catch (e) {
      showMessage(ui.error, messageOf(e));
      return false;
    }
    showMessage(ui.error, null);
    compute(setup);
    ui.preset.value = s().preset;
    ui.formula.value = s().preset === 'formula' ? s().formula : setup.formula;
    ui.title.textContent = `${setup.title}: ${setup.formula}`;
    ui.wrt.replaceChildren(...setup.variables.map((v) => el('option', { value: v.name }, v.name)));
    drawInputs(setup);
    return true;
  }

  function drawInputs(setup: GraphSetup): void {
    ui.inputs.replaceChildren(el('legend', {}, 'Inputs'));
    for (const v of setup.variables) {
      const span = Math.max(5, Math.ceil(Math.abs(v.value) * 2));
      const range = el('input', { type: 'range', min: -span, max: span, step: 0.1, value: v.value, id: `g-in-${v.name}-range`, 'aria-label': `${v.name} (slider)` });
      const box = el('input', { type: 'number', step: 'any', value: v.value, id: `g-in-${v.name}`, class: 'num' });
      const set = (x: number) => {
        if (!Number.isFinite(x)) return;
        s().at = { ...s().at, [v.name]: x };
        range.value = String(x);
        box.value = String(x);
        compute(graphSetup(s())); // the input widgets (and their focus) stay
        show();
      };
      range.addEventListener('input', () => set(Number(range.value)));
      box.addEventListener('change', () => set(Number(box.value)));
      ui.inputs.append(el('div', { class: 'input-row' }, el('label', { for: box.id }, `${v.name}${v.kind === 'input' ? ' (data)' : ''}`), range, box));
    }
  }

  function show(): void {
    if (!built) return;
    const { root, steps, mode } = built;
    const k = s().step;
    const total = steps.length;
    const current = k > 0 ? steps[k - 1] : null;
    ui.pos.textContent = `step ${k} of ${total}`;
    ui.first.disabled = ui.prev.disabled = k === 0;
    ui.next.disabled = ui.last.disabled = k === total;
    ui.forward.checked = mode.kind === 'forward';
    ui.wrt.value = s().wrt;
    const y = root.label;
    const start = mode.kind === 'reverse'
      ? `Forward pass: ${y} = ${fmt(root.data, DIGITS)}. The backward pass starts from ∂${y}/∂${y} = 1.`
      : `Forward mode along ${s().wrt}: ${derivative(mode, mode.wrt)} = 1 and every other input's derivative 0; the tangents flow from the inputs up to ${y}.`;
    ui.product.textContent = current ? productText(current, mode, DIGITS) : start;
    ui.product.dataset.edge = current ? `${current.input.label}→${current.node.label}` : '';
    showMessage(ui.fanout, current ? sumText(current, mode, DIGITS) : null);
    const words = current ? stepInWords(current, total, mode, DIGITS) : `${start} ${total} edges to go along.`;
    ui.alt.textContent = `Computation graph of ${built.setup.formula}. ${words}`;
    showGrads();
    showDelta(current);
    showGradcheck();
    void draw(built.diagram, k);
    app.changed();
  }

  async function draw(diagram: StepDiagram, k: number): Promise<void> {
    const mine = ++drawing;
    ui.figure.setAttribute('aria-busy', 'true');
    try {
      const svg = await stepSvg(diagram, k);
      if (mine !== drawing) return; // a later step was asked for while this one was drawn
      setSvg(ui.diagram, svg);
      fitDiagram(ui.diagram);
      ui.diagram.querySelector('svg')?.setAttribute('aria-hidden', 'true');
      // a wide graph scrolls sideways: the step's edge and node must not be out of sight
      scrollIntoBox(ui.diagram, currentElements(diagram, k, ui.diagram));
    } catch (e) {
      if (mine === drawing) showMessage(ui.error, messageOf(e));
    } finally {
      if (mine === drawing) ui.figure.setAttribute('aria-busy', 'false');
    }
  }

  /** Each variable's value and gradient: the answer of the full backward pass, and a text alternative of the diagram. */
  function showGrads(): void {
    const { root, grads, setup, mode } = built!;
    const rows = setup.variables.map((v) => {
      const g = grads.get(v.name) ?? 0;
      return [v.name, fmt(v.value, 6), el('span', { 'data-var': v.name, 'data-grad': String(g) }, fmt(g, 6))];
    });
    const t = table(['variable', 'value', `∂${root.label}/∂variable`], rows, `${root.label} = ${fmt(root.data, 6)}`);
    ui.grads.replaceChildren(t);
    ui.grads.dataset.value = String(root.data);
    if (mode.kind === 'forward') {
      // forward mode's answer: one directional derivative, the one backward gives as one entry of the gradient
      const names = setup.variables.map((v) => v.name);
      const along = names.map((n) => (n === s().wrt ? 1 : 0));
      const { tangent } = jvp((...xs: Value[]) => setup.build(Object.fromEntries(names.map((n, i) => [n, xs[i]]))), setup.variables.map((v) => v.value), along);
      ui.grads.append(el('p', { class: 'jvp', 'data-jvp': String(tangent) }, `forward mode, jvp along ${s().wrt}: ∂${root.label}/∂${s().wrt} = ${fmt(tangent, 6)}, one entry of the gradient per pass`));
    }
  }

  function showDelta(current: EdgeStep | null): void {
    const { root, steps, mode, leaves } = built!;
    ui.delta.hidden = s().preset !== 'network' || mode.kind !== 'reverse';
    if (ui.delta.hidden) return;
    const { deltas, weights } = deltaRule(root, known(mode, Object.values(leaves), steps, s().step), current, DIGITS);
    const f = (x: number | null) => (x === null ? '?' : fmt(x, DIGITS));
    const dt = table(['unit', 'delta rule', 'numbers', 'δ'], deltas.map((d) => [d.unit, d.rule, d.numbers, f(d.value)]), 'The delta rule: δⱼ = g′(zⱼ) Σₖ wₖⱼ δₖ');
    deltas.forEach((d, i) => d.current && dt.tBodies[0].rows[i].classList.add('current'));
    const wt = table(['gradient', 'δⱼ · uᵢ', 'value'], weights.map((w) => [w.weight, w.rule, f(w.value)]), 'Weight gradients: ∂E/∂wⱼᵢ = δⱼ uᵢ');
    // the whole rule with every number, once the backward pass is through: viz's layer view
    const layers = el('figure', { class: 'diagram layer-view' });
    setSvg(layers, layerView(networkState(root, known(mode, Object.values(leaves), steps, steps.length)), { title: 'the layer view: z, u and δ per unit when the backward pass is done' }));
    layers.querySelector('svg')?.setAttribute('role', 'img');
    layers.querySelector('svg')?.setAttribute('aria-label', 'the layer view of the network: z, u and δ of every unit, and the delta rule written out with its numbers');
    ui.delta.replaceChildren(dt, wt, layers);
  }

  function showGradcheck(): void {
    ui.check.setAttribute('aria-pressed', String(s().check));
    ui.checkOut.hidden = !s().check;
    if (!s().check) return;
    const { setup } = built!;
    const names = setup.variables.map((v) => v.name);
    const report = gradcheck((...xs: Value[]) => setup.build(Object.fromEntries(names.map((n, i) => [n, xs[i]]))), setup.variables.map((v) => v.value), { labels: names });
    const rows = report.rows.map((r) => [r.label, fmt(r.analytic, 8), fmt(r.numeric, 8), r.absError === 0 ? '0' : r.absError.toExponential(1), r.relError === 0 ? '0' : r.relError.toExponential(1), r.ok ? '✓' : '✗ mismatch']);
    const verdict = report.ok ? `gradcheck passed: all ${report.rows.length} partial derivatives agree with central differences (eps ${report.eps})` : 'gradcheck FAILED: a derivative differs from the finite difference';
    const t = table(['input', 'backprop', 'finite difference', 'abs error', 'rel error', 'ok'], rows, verdict);
    t.dataset.ok = String(report.ok);
    ui.checkOut.replaceChildren(t);
  }

  const go = (k: number) => {
    if (!built) return;
    s().step = Math.max(0, Math.min(built.steps.length, k));
    show();
  };
  ui.first.addEventListener('click', () => go(0));
  ui.prev.addEventListener('click', () => go(s().step - 1));
  ui.next.addEventListener('click', () => go(s().step + 1));
  ui.last.addEventListener('click', () => go(Infinity));
  const remode = () => {
    s().mode = ui.forward.checked ? 'forward' : 'reverse';
    s().wrt = ui.wrt.value;
    s().step = 0;
    compute(built!.setup);
    show();
  };
  ui.forward.addEventListener('change', remode);
  ui.wrt.addEventListener('change', remode);
  ui.check.addEventListener('click', () => {
    s().check = !s().check;
    show();
  });
  ui.preset.addEventListener('change', () => {
    const previous = { ...s() };
    s().preset = ui.preset.value as GraphPresetName | 'formula';
    s().at = {};
    s().step = 0;
    if (!rebuild()) Object.assign(s(), previous);
    show();
  });
  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.formula.value;
    let names: string[];
    try {
      names = variablesOf(parseFormula(text));
    } catch (err) {
      // the previous graph stays, usable; only the message is new
      showMessage(ui.error, err instanceof FormulaError ? err.explain() : messageOf(err));
      return;
    }
    // a variable the new formula keeps keeps its value
    const at = Object.fromEntries(names.filter((n) => Object.hasOwn(s().at, n)).map((n) => [n, s().at[n]]));
    Object.assign(s(), { preset: 'formula', formula: text, at, step: 0 });
    rebuild();
    show();
  });

  let started = false;
  return {
    /** The first time the tab is shown, the graph is built and drawn (Graphviz loads then, not before). */
    shown() {
      if (started) return;
      started = true;
      if (!rebuild()) {
        // a formula from the link that does not parse: say so, and show the default preset
        const message = ui.error.textContent;
        Object.assign(s(), { preset: 'perceptron', at: {}, step: 0 });
        rebuild();
        showMessage(ui.error, message);
      }
      show();
    },
    keydown(e: KeyboardEvent) {
      const t = e.target as HTMLElement;
      if (t.closest('input:not([type=checkbox]), select, textarea')) return;
      const moves: Record<string, number> = { ArrowRight: s().step + 1, ArrowLeft: s().step - 1, Home: 0, End: Infinity };
      if (!(e.key in moves)) return;
      e.preventDefault();
      go(moves[e.key]);
    },
  };
}

function presetLabel(name: GraphPresetName): string {
  return { chain: 'the chain f(g(h(x)))', perceptron: 'the perceptron σ(1 + 3x₁ − 2x₂)', network: 'a 2-2-1 network (delta rule)', softmax: 'softmax with cross-entropy' }[name];
}
