/**
 * Backprop step by step: one frame per step of the backward trace. The current node is
 * highlighted, edges already processed show their contributions (upstream gradient × local
 * derivative), edges still to come are faded, and each node shows the gradient known so far.
 */
import { type BackwardTrace, Value, describeValue, fmt, trace } from '@chalkgrad/core';
import { type DotOptions, HIGHLIGHT, toDot } from './dot';
import { escapeHtml } from './escape';
import { buildGraph } from './graph';
import { renderSvg } from './render';

export interface Frame {
  /** 0 is the forward pass (before backward); then one per trace step. */
  step: number;
  title: string;
  /** The chain rule of this step, one line per edge. */
  caption: string[];
  dot: string;
}

export interface FrameOptions extends DotOptions {
  /** Add a frame 0 showing the forward pass before the first backward step. Default false. */
  forwardFrame?: boolean;
}

/** The frames of `output`'s backward pass (a Value graph): one per trace step. */
export function traceFrames(output: Value, options: FrameOptions = {}): Frame[] {
  const t: BackwardTrace = trace(output);
  const g = buildGraph(output, options);
  const digits = options.digits ?? 4;
  const f = (x: number) => fmt(x, digits);
  const stepOf = new Map(t.steps.map((s) => [s.node, s.step]));
  const sourceOf = new Map(g.nodes.map((n) => [n.id, n.source as Value]));
  const frames: Frame[] = [];
  for (let k = options.forwardFrame ? 0 : 1; k <= t.steps.length; k++) {
    const known = new Map<unknown, number>([[output, 1]]);
    for (const s of t.steps.slice(0, k)) for (const e of s.edges) known.set(e.input, e.gradAfter);
    const current = k > 0 ? t.steps[k - 1] : null;
    const caption = current
      ? current.edges.map((e) => `∂${describeValue(output)}/∂${describeValue(e.input)} += ${f(current.grad)} × ${f(e.local)} = ${f(e.contribution)}  (${e.formula}) → ${f(e.gradAfter)}`)
      : [`forward pass: ${describeValue(output)} = ${f(output.data)}; backward starts with ∂${describeValue(output)}/∂${describeValue(output)} = 1`];
    const dot = toDot(g, {
      ...options,
      title: k === 0 ? 'forward pass' : `step ${k} of ${t.steps.length}: at ${describeValue(current!.node)}`,
      decorate: {
        node: (n) => {
          const v = n.source as Value;
          const grad = known.get(v);
          return { lines: [`data ${f(v.data)}`, `grad ${grad === undefined ? '?' : f(grad)}`], highlight: current?.node === v };
        },
        edge: (e) => {
          const target = sourceOf.get(e.to)!;
          const s = stepOf.get(target) ?? Infinity;
          if (s > k) return { label: e.local === null ? [] : [`∂ ${f(e.local)}`], faded: true };
          const edge = t.steps[s - 1].edges[e.slot];
          return { label: [`∂ ${f(edge.local)}`, `${f(t.steps[s - 1].grad)} × ${f(edge.local)} = ${f(edge.contribution)}`], bold: s === k, color: s === k ? HIGHLIGHT : '#2563eb' };
        },
      },
    });
    frames.push({ step: k, title: k === 0 ? 'forward pass' : `step ${k} of ${t.steps.length}`, caption, dot });
  }
  return frames;
}

/** Each frame rendered to SVG, in order. */
export function renderFrames(frames: readonly Frame[]): Promise<string[]> {
  return Promise.all(frames.map((fr) => renderSvg(fr.dot)));
}

/** Strips the XML prolog and doctype so an SVG can sit inside HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/<\?xml[^>]*\?>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->\s*/g, '');
}

/**
 * One self-contained HTML file with every frame, previous/next buttons and the arrow keys.
 * No scripts, styles or images are fetched from anywhere.
 */
export async function framesHtml(frames: readonly Frame[], title = 'backpropagation, step by step'): Promise<string> {
  const svgs = await renderFrames(frames);
  const sections = frames.map((fr, i) => `<section class="frame" data-step="${fr.step}"${i === 0 ? '' : ' hidden'}>
<h2>${escapeHtml(fr.title)}</h2>
<ul class="caption">${fr.caption.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>
<div class="graph">${inlineSvg(svgs[i])}</div>
</section>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1.5rem; color: #1e293b; }
nav { display: flex; gap: .75rem; align-items: center; margin-bottom: 1rem; }
button { font-size: 1rem; padding: .35rem .9rem; border-radius: .4rem; border: 1px solid #94a3b8; background: #f8fafc; cursor: pointer; }
button:disabled { opacity: .4; cursor: default; }
.caption { font-family: "DejaVu Sans Mono", monospace; font-size: .9rem; }
.graph svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<nav><button id="prev">◀ previous</button><span id="pos"></span><button id="next">next ▶</button><span>(arrow keys work too)</span></nav>
${sections.join('\n')}
<script>
(function () {
  var frames = document.querySelectorAll('.frame');
  var i = 0;
  function show(k) {
    i = Math.max(0, Math.min(frames.length - 1, k));
    frames.forEach(function (f, j) { f.hidden = j !== i; });
    document.getElementById('pos').textContent = (i + 1) + ' / ' + frames.length;
    document.getElementById('prev').disabled = i === 0;
    document.getElementById('next').disabled = i === frames.length - 1;
  }
  document.getElementById('prev').onclick = function () { show(i - 1); };
  document.getElementById('next').onclick = function () { show(i + 1); };
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight') show(i + 1);
    if (e.key === 'ArrowLeft') show(i - 1);
  });
  show(0);
})();
</script>
</body>
</html>
`;
}
