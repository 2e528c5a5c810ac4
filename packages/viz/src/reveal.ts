/**
 * The step frames as a slide in the reveal.js style: one `<section>` whose fragments are the steps
 * (`class="fragment current-visible"`, so the section also works pasted into a reveal.js deck),
 * in one self-contained HTML file that presents itself: no CDN, no script or style from anywhere.
 * Right, Space, Page Down (what presenter clickers send) go forward; Left, Page Up back; Home, End;
 * F for full screen.
 */
import type { Value } from '@chalkgrad/core';
import { escapeHtml } from './escape';
import { captionList, htmlPage } from './html';
import { type FrameOptions, renderFrames, traceFrames } from './frames';
import type { SceneSvgOptions } from './sceneSvg';
import { themeOf } from './theme';

export interface RevealOptions extends FrameOptions, Omit<SceneSvgOptions, 'captionRoom' | 'text' | 'id'> {
  title?: string;
}

export async function toRevealHtml(output: Value, options: RevealOptions = {}): Promise<string> {
  const frames = traceFrames(output, options);
  const svgs = await renderFrames(frames, { ...options, text: false });
  const t = themeOf(options.theme);
  const title = options.title ?? `backpropagation through ${frames[0].graph.nodes.find((n) => n.kind === 'output')?.name ?? 'the graph'}`;
  const steps = frames.map((f, i) => `<div class="fragment current-visible" data-fragment-index="${i}">
<h3>${escapeHtml(f.title)}</h3>
<div class="graph">${svgs[i]}</div>
${captionList(f.caption)}
</div>`);
  return htmlPage(title, `
html, body { margin: 0; height: 100%; background: ${t.background}; color: ${t.text}; font-family: "DejaVu Sans", system-ui, sans-serif; }
.reveal, .slides, section { height: 100%; }
section { box-sizing: border-box; padding: 2vh 3vw; display: flex; flex-direction: column; }
h2 { margin: 0 0 1vh; font-size: 4vh; }
h3 { margin: 0 0 1vh; font-size: 3vh; font-weight: normal; }
.fragment { display: none; flex: 1; flex-direction: column; min-height: 0; }
.fragment.current-fragment { display: flex; }
.graph { flex: 1; min-height: 0; display: flex; justify-content: center; }
.graph svg { max-width: 100%; max-height: 100%; width: auto; height: auto; }
.caption { font-size: 2.4vh; margin: 1vh 0 0; }
.progress { position: fixed; right: 2vw; bottom: 1.5vh; font-size: 1.8vh; opacity: .6; }
`, `
<div class="reveal"><div class="slides">
<section>
<h2>${escapeHtml(title)}</h2>
${steps.join('\n')}
</section>
</div></div>
<div class="progress" id="progress"></div>
<script>
(function () {
  var steps = document.querySelectorAll('.fragment');
  var i = 0;
  function show(k) {
    i = Math.max(0, Math.min(steps.length - 1, k));
    steps.forEach(function (s, j) { s.classList.toggle('current-fragment', j === i); s.classList.toggle('visible', j <= i); });
    document.getElementById('progress').textContent = (i + 1) + ' / ' + steps.length;
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === ' ' || e.key === 'PageDown' || e.key === 'n') show(i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'PageUp' || e.key === 'p') show(i - 1);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(steps.length - 1);
    else if (e.key === 'f' && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
    else return;
    e.preventDefault();
  });
  document.addEventListener('click', function (e) { show(e.clientX < window.innerWidth / 3 ? i - 1 : i + 1); });
  show(0);
})();
</script>
`);
}
