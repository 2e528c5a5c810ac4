import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, buildFormula, parseFormula, trace } from '@chalkgrad/core';
import { DARK, LIGHT, LARGE_GRAPH, buildGraph, edgeText, frameScene, framesHtml, graphSvg, layoutScene, renderFrames, toBeamer, toRevealHtml, traceFrames } from '@chalkgrad/viz';
import { framesToGif, framesToPngs } from '@chalkgrad/viz/node';
import { compileTex, firstError, withBeamer } from '../helpers/latex';

function perceptron() {
  const x1 = new Value(-1, 'x1');
  const x2 = new Value(2, 'x2');
  const [b, w1, w2] = [new Value(1, 'b'), new Value(3, 'w1'), new Value(2, 'w2')];
  const y = b.add(w1.mul(x1)).sub(w2.mul(x2)).named('z').sigmoid().named('y');
  y.backward();
  return { y, params: { parameters: [w1, w2, b] } };
}

/** `id → [x, y, width, height]` of every node box in an SVG. */
function boxes(svg: string): Map<string, number[]> {
  return new Map([...svg.matchAll(/<g class="node" id="([^"]+)">.*?<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => [m[1], m.slice(2).map(Number)]));
}

function fanOut(n: number): Value {
  const src = Array.from({ length: n }, (_, i) => `sin(${i + 1}*x)`).join(' + ');
  const y = buildFormula(src, parseFormula(src), { x: new Value(0.3, 'x') });
  y.backward();
  return y;
}

describe('step frames', () => {
  test('the forward pass in order, then one frame per backward step, with plain captions', () => {
    const { y, params } = perceptron();
    const steps = trace(y).steps;
    const frames = traceFrames(y, { ...params, forward: true });
    const forward = frames.filter((f) => f.phase === 'forward');
    expect(forward.length).toBe(5); // the five ops, in the order they are computed
    expect(frames.length).toBe(5 + steps.length);
    expect(forward.map((f) => f.caption[0])).toEqual(['w1·x1 = 3·(-1) = -3', 'b + w1·x1 = 1 + (-3) = -2', 'w2·x2 = 2·2 = 4', 'z = -2 − 4 = -6', 'y = σ(-6) = 0.002473']);
    // values appear in order: before its frame an op shows no value
    const zId = buildGraph(y).nodes.find((n) => n.name === 'z')!.id;
    expect(forward[2].nodes[zId].lines).toEqual(['data ?']);
    expect(forward[3].nodes[zId]).toEqual({ lines: ['data -6'], current: true });
    // no frame says "forward pass" three times: each says once what it shows
    for (const f of frames) expect(`${f.title} ${f.caption.join(' ')}`.match(/forward/g)?.length ?? 0).toBeLessThanOrEqual(1);
    const back = frames.filter((f) => f.phase === 'backward');
    expect(back[0].caption[0]).toBe('∂y/∂z = ∂y/∂y · ∂y/∂z = 1 × 0.002467 = 0.002467');
    expect(back[2].title).toBe('backward 3 of 5: at w2·x2');
    expect(back[4].caption[0]).toBe('∂y/∂w1 = ∂y/∂(w1·x1) · ∂(w1·x1)/∂w1 = 0.002467 × (-1) = -0.002467');
    expect(back[4].caption.at(-1)).toBe('local derivatives: ∂(a·b)/∂a = b;  ∂(a·b)/∂b = a');
    // one node is current per frame; done edges carry grad × local
    for (const f of frames) expect(Object.values(f.nodes).filter((n) => n.current).length).toBe(1);
    expect(back[0].edges.find((e) => e.state === 'current')!.label).toEqual(['∂ 0.002467', '1 × 0.002467 = 0.002467']);
    expect(back[4].edges.filter((e) => e.state === 'pending').length).toBe(0);
  });

  test('frames share one layout: every node at the same place in every frame; Home and End in the page', async () => {
    const { y, params } = perceptron();
    const frames = traceFrames(y, { ...params, forward: true });
    const svgs = await renderFrames(frames, { legend: true });
    const first = boxes(svgs[0]);
    expect(first.size).toBe(buildGraph(y).nodes.length);
    for (const svg of svgs) {
      expect(boxes(svg)).toEqual(first);
      expect(/width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1)).toEqual(/width="(\d+)" height="(\d+)"/.exec(svgs[0])!.slice(1)); // one size: a GIF needs it
    }
    const html = await framesHtml(frames);
    expect((html.match(/<section class="frame"/g) ?? []).length).toBe(frames.length);
    for (const key of ["'Home'", "'End'", "'ArrowRight'", "'ArrowLeft'"]) expect(html).toContain(key);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link|@import|<!DOCTYPE svg|<\?xml/i);
  });

  test('edges run into their labels and out again, never through them; each node and edge has a title and a description', async () => {
    const { y, params } = perceptron();
    const g = buildGraph(y, params);
    const labels = g.edges.map((e) => edgeText(e, { local: true, formula: true, flow: true }, 4));
    const scene = await layoutScene(g, { node: (n) => [n.lines], edge: (i) => [labels[i]] });
    const bezier = (p: number[][], t: number) => [0, 1].map((k) => (1 - t) ** 3 * p[0][k] + 3 * (1 - t) ** 2 * t * p[1][k] + 3 * (1 - t) * t * t * p[2][k] + t ** 3 * p[3][k]);
    for (const e of scene.edges) {
      const box = e.label!;
      for (const path of e.paths) {
        for (let i = 0; i + 3 < path.length; i += 3) {
          for (let t = 0; t <= 1; t += 0.05) {
            const [x, yy] = bezier(path.slice(i, i + 4), t);
            const inside = Math.abs(x - box.x) < box.w / 2 - 1 && Math.abs(yy - box.y) < box.h / 2 - 1;
            expect(inside).toBe(false);
          }
        }
      }
    }
    const svg = await graphSvg(y, { ...params, edgeLabels: { formula: true, flow: true } });
    expect((svg.match(/<g class="node" id="[^"]+"><title>[^<]+<\/title><desc>[^<]+<\/desc>/g) ?? []).length).toBe(g.nodes.length);
    expect((svg.match(/<g class="edge"[^>]*><title>[^<]+<\/title><desc>[^<]+<\/desc>/g) ?? []).length).toBe(g.edges.length);
    expect(svg).toContain('<title>w2 → w2·x2</title><desc>2; ∂(a·b)/∂a = b; grad·∂ = -0.004933</desc>');
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="g-title g-desc"/);
  });
});

describe('slides', () => {
  withBeamer('Beamer: one overlay per step, compiled by pdflatex, fitting a 16:9 frame without \\resizebox, its text at least 7 pt', async () => {
    const { y, params } = perceptron();
    const x = new Value(1, 'x');
    const f = x.pow(2).named('h').sin().named('g').exp().named('f'); // the notes' f(g(h(x)))
    f.backward();
    for (const [name, out, opts, pages] of [['perceptron', y, params, 5], ['chain', f, {}, 3]] as const) {
      const tex = await toBeamer(out, opts);
      expect(tex).toContain('\\documentclass[aspectratio=169]{beamer}');
      expect(tex).not.toMatch(/\\resizebox|\\scalebox/);
      expect(tex).toContain('\\only<3>{\\draw[hl]');
      // node text and edge labels readable from the back of a lecture hall
      const sizes = [...tex.matchAll(/(txt|lbl)\/\.style=\{[^\n]*\\fontsize\{([\d.]+)\}/g)].map((m) => Number(m[2]));
      expect(sizes).toHaveLength(2);
      for (const pt of sizes) expect(pt).toBeGreaterThanOrEqual(7);
      // the picture uses the frame: nearly its whole width (16 cm less 4 mm margins) or the height left by the caption
      const [w, h] = /the picture is ([\d.]+) cm by ([\d.]+) cm/.exec(tex)!.slice(1).map(Number);
      expect(w >= 14.5 || h >= 4.5).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-beamer-'));
      writeFileSync(join(dir, `${name}.tex`), tex);
      const c = compileTex(dir, name);
      if (!c.ok) throw new Error(firstError(c.log));
      expect(c.log).toMatch(new RegExp(`Output written on ${name}\\.pdf \\(${pages} pages`));
      expect(c.log).not.toMatch(/Overfull \\[hv]box/);
      expect(c).toMatchObject({ foreignReads: [], commands: [] });
    }
  }, 60_000);

  test('reveal-style page: one fragment per step, self-contained', async () => {
    const { y, params } = perceptron();
    const html = await toRevealHtml(y, { ...params, forward: true, theme: 'dark' });
    expect((html.match(/class="fragment current-visible"/g) ?? []).length).toBe(10);
    expect(html).toContain(`background: ${DARK.background}`);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link|@import|<script[^>]+src/i);
  });

  test('an animated GIF with one frame per step, and a PNG per step', async () => {
    const { y, params } = perceptron();
    const svgs = await renderFrames(traceFrames(y, params));
    const gif = Buffer.from(framesToGif(svgs));
    expect(gif.subarray(0, 6).toString()).toBe('GIF89a');
    const width = gif.readUInt16LE(6);
    expect(width).toBe(Number(/width="(\d+)"/.exec(svgs[0])![1]));
    // one graphic control extension (21 F9 04) per frame
    let count = 0;
    for (let i = 0; i + 2 < gif.length; i++) if (gif[i] === 0x21 && gif[i + 1] === 0xf9 && gif[i + 2] === 0x04) count++;
    expect(count).toBe(svgs.length);
    const pngs = framesToPngs(svgs, 1);
    expect(pngs.length).toBe(5);
    for (const png of pngs) expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  test('one option picks a colour-blind-safe light theme or a dark one for diagrams and frames', async () => {
    const { y, params } = perceptron();
    const light = await graphSvg(y, params);
    const dark = await graphSvg(y, { ...params, theme: 'dark' });
    expect(light).toContain(`fill="${LIGHT.kinds.parameter}"`);
    expect(dark).toContain(`fill="${DARK.background}"`);
    expect(dark).toContain(`fill="${DARK.kinds.parameter}"`);
    expect(dark).not.toContain(LIGHT.kinds.parameter);
    const frames = await renderFrames(traceFrames(y, params), { theme: 'dark' });
    expect(frames[0]).toContain(`stroke="${DARK.highlight}"`);
  });
});

describe('large graphs', () => {
  test(`a fan-out sum of 160 sin(i·x) terms draws in well under 5 s, and ${LARGE_GRAPH}+ node graphs lay out in linear time`, async () => {
    const t0 = Date.now();
    const svg = await graphSvg(fanOut(160));
    const seconds = (Date.now() - t0) / 1000;
    expect(seconds).toBeLessThan(5);
    expect((svg.match(/<g class="node"/g) ?? []).length).toBe(4 * 160);
    // 500 nodes: a sum of 125 terms
    const g = buildGraph(fanOut(125));
    expect(g.nodes.length).toBe(500);
    const t1 = Date.now();
    const scene = await layoutScene(g, { node: (n) => [n.lines], edge: () => [['∂ 1']] });
    expect((Date.now() - t1) / 1000).toBeLessThan(2);
    const boxesOf = [...scene.nodes.values()];
    // no two boxes overlap
    const sorted = boxesOf.slice().sort((a, b) => a.x - b.x || a.y - b.y);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      if (Math.abs(a.x - b.x) < 1) expect(b.y - b.h / 2).toBeGreaterThanOrEqual(a.y + a.h / 2);
    }
  });

  test('a node with 200,000 uses is laid out and drawn (no spread of its uses into Math.max)', async () => {
    const uses = 200_000;
    const x = new Value(0.5, 'x');
    let chain = x;
    for (let i = 0; i < LARGE_GRAPH; i++) chain = chain.tanh(); // past LARGE_GRAPH nodes: the linear-time layout
    const y = Value.sum([...Array.from({ length: uses }, () => x), chain]).named('y');
    const g = buildGraph(y);
    expect(g.edges.filter((e) => e.from === g.nodes.find((n) => n.source === x)!.id)).toHaveLength(uses + 1);
    const scene = await layoutScene(g, { node: (n) => [n.lines], edge: () => [['∂ 1']] });
    expect(scene.edges).toHaveLength(uses + LARGE_GRAPH + 1);
    const [sum, leaf] = [scene.nodes.get(g.nodes.find((n) => n.source === y)!.id)!, scene.nodes.get(g.nodes.find((n) => n.source === x)!.id)!];
    expect(leaf.x).toBeLessThan(sum.x); // x sits left of the sum that uses it
    const svg = await graphSvg(y, { edgeLabels: { local: false }, nodeDetails: false });
    expect((svg.match(/<g class="node"/g) ?? []).length).toBe(g.nodes.length);
  }, 60_000);

  test('frames of a deck are laid out once', async () => {
    const { y, params } = perceptron();
    const frames = traceFrames(y, params);
    expect(frameScene(frames)).toBe(frameScene(frames));
  });
});
