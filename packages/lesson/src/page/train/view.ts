/**
 * The train tab: a small MLP on a 2-D data set or the user's own points, trained live in a Web
 * Worker (play, pause, one step), with the decision boundary, the loss curves, the network drawn by
 * weight (hover a link for its weight and gradient), gradient norms per layer and the dead and
 * saturated units; "Export as code" and the diagram files. Frames are timed in the page.
 */
import { fmt } from '@chalkgrad/core';
import { type EpochRecord, parseCsv } from '@chalkgrad/nn';
import { architectureSvg, architectureTikz, type LayerWeights } from '@chalkgrad/viz';
import type { App } from '../app';
import { byId, download, el, messageOf, setSvg, showMessage, table } from '../dom';
import type { Point } from '../state';
import { CLASS_COLORS, type Points, drawBoundary, drawLosses, drawPoints, toData } from './draw';
import { trainScript } from './exportCode';
import { FrameMeter } from './frames';
import type { Bounds, FromWorker, LayerSnapshot, ToWorker } from './protocol';
import { type RunSettings, whyNotTrainable } from './run';
import { settingsForm } from './settingsForm';

const FIXED_PLANE: Bounds = { x0: -3, x1: 3, y0: -3, y1: 3 };
/** While playing, the network is redrawn this often at most. */
const NET_EVERY_MS = 250;

export function trainTab(app: App): { shown(): void } {
  const s = () => app.state.train;
  const ui = {
    error: byId('t-error'),
    play: byId<HTMLButtonElement>('t-play'),
    step: byId<HTMLButtonElement>('t-step'),
    reset: byId<HTMLButtonElement>('t-reset'),
    status: byId('t-status'),
    plot: byId<HTMLCanvasElement>('t-plot'),
    loss: byId<HTMLCanvasElement>('t-loss'),
    net: byId('t-net'),
    tip: byId('t-tip'),
    weightsBox: byId<HTMLDetailsElement>('t-weights-box'),
    weights: byId('t-weights'),
    health: byId('t-health'),
    frames: byId('t-frames'),
    classPick: byId('t-class'),
    csv: byId<HTMLTextAreaElement>('t-csv'),
    csvUse: byId<HTMLButtonElement>('t-csv-use'),
    clear: byId<HTMLButtonElement>('t-clear'),
    code: byId('t-code'),
    exportTs: byId<HTMLButtonElement>('t-export-ts'),
    exportSvg: byId<HTMLButtonElement>('t-export-svg'),
    exportTikz: byId<HTMLButtonElement>('t-export-tikz'),
  };
  const plot = ui.plot.getContext('2d')!;
  const lossCtx = ui.loss.getContext('2d')!;
  const meter = new FrameMeter(ui.frames);
  let worker: Worker | null = null;
  let points: Points = { X: [], y: [], test: [] };
  let bounds = FIXED_PLANE;
  let classes = 2;
  let probs: Float32Array | null = null;
  let layers: LayerSnapshot[] = [];
  let records: EpochRecord[] = [];
  let playing = false;
  let dirty = true;
  let lastUrlWrite = 0;
  let netDrawn = 0;

  const form = settingsForm(s, () => restart(0), (message) => showMessage(ui.error, message));

  function settings(): RunSettings {
    const { epochs: _steps, ...rest } = s();
    return rest;
  }

  function send(m: ToWorker): void {
    if (!worker) {
      worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
      worker.onmessage = (e: MessageEvent<FromWorker>) => receive(e.data);
      worker.onerror = (e) => fail(`the training worker failed: ${e.message}`);
    }
    worker.postMessage(m);
  }

  /** A new run from the settings, trained `epochs` steps at once (a shared link's). */
  function restart(epochs: number): void {
    playing = false;
    records = [];
    probs = null;
    layers = [];
    s().epochs = epochs;
    form.show();
    const problem = whyNotTrainable(settings());
    if (problem) {
      // the user's points so far, on the fixed plane, with what is missing said
      points = { X: s().points.map((p) => [p[0], p[1]]), y: s().points.map((p) => p[2]), test: s().points.map(() => false) };
      bounds = FIXED_PLANE;
      ui.status.textContent = problem;
      setControls(false);
      dirty = true;
      app.changed();
      return;
    }
    setControls(true);
    ui.status.textContent = epochs > 0 ? `training ${epochs} steps…` : 'ready: press play or step';
    send({ kind: 'reset', settings: settings(), epochs });
    app.changed();
  }

  function receive(m: FromWorker): void {
    if (m.kind === 'error') return fail(m.message);
    if (m.kind === 'data') {
      points = { X: m.X, y: m.y, test: m.test };
      bounds = m.bounds;
      classes = m.classes;
    } else {
      records.push(...m.records);
      probs = m.probs;
      layers = m.layers;
      playing = m.playing;
      ui.status.dataset.playing = String(playing);
      s().epochs = m.epoch;
      showStatus();
      const now = performance.now();
      if (!playing || now - lastUrlWrite > 1000) {
        lastUrlWrite = now;
        app.changed(); // while playing, at most once a second (browsers throttle URL updates)
      }
    }
    dirty = true;
  }

  function fail(message: string): void {
    playing = false;
    showMessage(ui.error, `training stopped: ${message}`);
    setControls(true);
  }

  function setControls(trainable: boolean): void {
    ui.play.disabled = ui.step.disabled = !trainable;
    ui.play.textContent = playing ? '⏸ pause' : '▶ play';
    ui.play.setAttribute('aria-pressed', String(playing));
    ui.exportTs.disabled = ui.exportSvg.disabled = ui.exportTikz.disabled = !trainable || s().epochs === 0;
  }

  function showStatus(): void {
    const last = records[records.length - 1];
    setControls(true);
    if (!last) return;
    const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
    ui.status.textContent = `step ${last.epoch}: train loss ${fmt(last.loss, 4)}, test loss ${last.valLoss === undefined ? '–' : fmt(last.valLoss, 4)}; accuracy ${pct(last.accuracy)} (test ${pct(last.valAccuracy)})`;
    Object.assign(ui.status.dataset, { epoch: String(last.epoch), loss: String(last.loss), testLoss: String(last.valLoss ?? ''), firstLoss: String(records[0].loss) });
    showHealth(last);
  }

  /** Per layer: the gradient norm as a bar (log scale), dead ReLU and saturated units. */
  function showHealth(r: EpochRecord): void {
    const rows = Object.entries(r.gradNorms).map(([layer, norm]) => {
      const width = Math.max(2, Math.min(100, 100 + 20 * Math.log10(Math.max(norm, 1e-12)))); // 1 → 100%, 1e-5 → 0%
      const dead = r.deadRelu[layer];
      const sat = r.saturated[layer];
      const notes = [dead !== undefined ? `${(100 * dead).toFixed(0)}% dead ReLU` : '', sat !== undefined ? `${(100 * sat).toFixed(0)}% saturated` : ''].filter(Boolean).join(', ');
      return el('div', { class: 'health-row' },
        el('span', { class: 'health-name' }, layer),
        el('span', { class: 'bar', role: 'img', 'aria-label': `gradient norm ${fmt(norm, 3)}` }, el('span', { style: `width:${width.toFixed(1)}%` })),
        el('span', { class: 'health-num' }, `‖∇‖ ${fmt(norm, 3)}${notes ? `; ${notes}` : ''}`));
    });
    ui.health.replaceChildren(...rows);
  }

  function layerWeights(): LayerWeights[] {
    return layers.map((l, i) => ({ weights: l.weights, grads: l.grads ?? undefined, name: i === layers.length - 1 ? 'output' : `hidden ${i + 1}` }));
  }

  /** One frame: what changed since the last one, drawn and timed. */
  function frame(): void {
    requestAnimationFrame(frame);
    meter.frame(playing);
    if (!dirty || ui.plot.offsetParent === null) return;
    dirty = false;
    meter.measure(() => {
      drawBoundary(plot, probs, classes);
      drawPoints(plot, points, bounds);
      drawLosses(lossCtx, records.map((r) => r.loss), records.flatMap((r) => (r.valLoss === undefined ? [] : [r.valLoss])));
      // the network's picture is the largest to lay out and paint: a few times a second is enough to watch
      const now = performance.now();
      if (!playing || now - netDrawn > NET_EVERY_MS) {
        netDrawn = now;
        if (layers.length) setSvg(ui.net, architectureSvg(layerWeights(), {}));
        else ui.net.replaceChildren();
        if (ui.weightsBox.open) showWeights();
      }
    }, playing);
  }

  /** The weights and gradients as tables: what hovering shows, for the keyboard and screen readers. */
  function showWeights(): void {
    ui.weights.replaceChildren(...layers.map((l, k) => {
      const rows = l.weights.flatMap((row, j) => row.map((w, i) => [`${i + 1} → ${j + 1}`, fmt(w, 4), l.grads ? fmt(l.grads[j][i], 4) : '–']));
      return table(['unit → unit', 'weight', 'gradient'], rows, `layer ${k + 1} (${k === layers.length - 1 ? 'output' : `hidden ${k + 1}`})`);
    }));
  }
  ui.weightsBox.addEventListener('toggle', () => ui.weightsBox.open && showWeights());

  // hovering a link shows its weight and gradient
  ui.net.addEventListener('mousemove', (e) => {
    const line = (e.target as Element).closest?.('line.link');
    if (!line) return void (ui.tip.hidden = true);
    const [l, j, i] = ['layer', 'j', 'i'].map((k) => Number(line.getAttribute(`data-${k}`)));
    const w = layers[l]?.weights[j]?.[i];
    const g = layers[l]?.grads?.[j]?.[i];
    if (w === undefined) return;
    ui.tip.textContent = `layer ${l + 1}, unit ${i + 1} → ${j + 1}: weight ${fmt(w, 4)}, gradient ${g === undefined ? '–' : fmt(g, 4)}`;
    ui.tip.hidden = false;
    const box = ui.net.getBoundingClientRect();
    ui.tip.style.left = `${e.clientX - box.left + 12}px`;
    ui.tip.style.top = `${e.clientY - box.top + 12}px`;
  });
  ui.net.addEventListener('mouseleave', () => (ui.tip.hidden = true));

  ui.play.addEventListener('click', () => {
    playing = !playing;
    send({ kind: playing ? 'play' : 'pause' });
    setControls(true);
  });
  ui.step.addEventListener('click', () => send({ kind: 'step' }));
  ui.reset.addEventListener('click', () => restart(0));

  ui.plot.addEventListener('click', (e) => {
    if (s().data !== 'custom') return;
    const box = ui.plot.getBoundingClientRect();
    const [x, y] = toData(FIXED_PLANE, box.width, box.height, e.clientX - box.left, e.clientY - box.top);
    const c = Number((ui.classPick.querySelector('input:checked') as HTMLInputElement | null)?.value ?? 0);
    s().points = [...s().points, [+x.toFixed(3), +y.toFixed(3), c]];
    restart(0);
  });
  ui.clear.addEventListener('click', () => {
    s().points = [];
    restart(0);
  });
  ui.csvUse.addEventListener('click', () => {
    try {
      const d = parseCsv(ui.csv.value, { name: 'your points' });
      if (d.columns.length !== 2) throw new Error(`your points: expected 3 columns (x, y and the class, last), got ${d.columns.length + 1}`);
      if (d.classes < 2 || d.classes > CLASS_COLORS.length) throw new Error(`your points: the class column must hold whole numbers 0 … k−1 for 2 to ${CLASS_COLORS.length} classes`);
      if (d.X.length > 1000) throw new Error(`your points: at most 1000 points, got ${d.X.length}`);
      Object.assign(s(), { data: 'custom', points: d.X.map((x, i): Point => [x[0], x[1], d.y[i]]) });
      showMessage(ui.error, null);
      restart(0);
    } catch (e) {
      showMessage(ui.error, messageOf(e)); // the current run and points stay
    }
  });

  ui.exportTs.addEventListener('click', () => {
    const code = trainScript(settings(), s().epochs, location.href);
    ui.code.textContent = code;
    (ui.code.closest('details') as HTMLDetailsElement | null)?.setAttribute('open', '');
    download('train.ts', code, 'text/typescript');
  });
  ui.exportSvg.addEventListener('click', () => download('network.svg', architectureSvg(layerWeights(), { title: `the network after ${s().epochs} steps (blue +, orange −)` }), 'image/svg+xml'));
  ui.exportTikz.addEventListener('click', () => download('network.tex', architectureTikz(layerWeights(), { title: `the network after ${s().epochs} steps` }), 'application/x-tex'));

  let started = false;
  return {
    shown() {
      dirty = true;
      if (started) return;
      started = true;
      restart(s().epochs);
      requestAnimationFrame(frame);
    },
  };
}
