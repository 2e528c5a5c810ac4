/**
 * The lesson page in Debian's Chromium (one browser for the whole file): the gradients it shows
 * against @chalkgrad/core, the backward pass stepped edge by edge (highlighted edge, product
 * written out, fan-out sums), gradcheck, training in the worker (the loss falls; frame times
 * measured in the page), the exported script run and its numbers compared, the URL restoring the
 * same state and numbers, bad input, the exercise tab's grading, keyboard use, and that no request
 * leaves the page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, buildFormula, describeValue, fmt, fmtFactor, gradcheck, jvp, parseFormula, partial, trace } from '@chalkgrad/core';
import { PRESETS, RULES, gradeAnswers, makeExercise } from '@chalkgrad/lesson';
import { HIGHLIGHT } from '@chalkgrad/viz';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { TEST_ORIGIN, describeInChromium, launchChromium, serveFolder } from '../helpers/chromium';
import { lessonPage } from '../helpers/lessonPage';

const ROOT = join(__dirname, '..', '..');
/** Above this load average per core, other programs hold the CPU and frame times say nothing of the page. */
const OVERLOADED = 1.5;
const loadPerCore = () => loadavg()[0] / cpus().length;
/** One frame at 60 Hz: what a frame's drawing may take. */
const FRAME_BUDGET_MS = 16;
const FORMULA = 'x*tanh(w*x + b)';
const POINT = { x: 0.7, w: -1.3, b: 0.2 };

/** The formula's graph in Node, as the page builds it (the output is called f). */
function reference() {
  const leaves = Object.fromEntries(Object.entries(POINT).map(([n, v]) => [n, new Value(v, n)]));
  const y = buildFormula(FORMULA, parseFormula(FORMULA), leaves);
  y.label = 'f';
  return { leaves, y };
}

/** A preset's graph at its default point, as the page builds it. */
function presetGraph(name: keyof typeof PRESETS): Value {
  const p = PRESETS[name];
  return p.build(Object.fromEntries(p.variables.map((v) => [v.name, new Value(v.default!, v.name)])));
}

describeInChromium('the lesson page', () => {
  let browser: Browser;
  let dir: string;
  /** Every URL any page of this file asked for. */
  const requested: string[] = [];

  beforeAll(async () => {
    [browser, dir] = await Promise.all([launchChromium(), lessonPage()]);
  }, 120_000);
  afterAll(() => browser?.close());

  async function open(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requested.push(r.url()));
    await serveFolder(page, dir);
    await page.goto(`${TEST_ORIGIN}/${query}`);
    await page.waitForSelector('body[data-ready]');
    (page as Page & { errors: string[] }).errors = errors;
    return page;
  }

  const drawn = (page: Page) => page.waitForSelector('#g-figure[aria-busy=false] #g-diagram svg');

  async function typeFormula(page: Page): Promise<void> {
    await page.fill('#g-formula', FORMULA);
    await page.press('#g-formula', 'Enter');
    for (const [name, v] of Object.entries(POINT)) {
      await page.fill(`#g-in-${name}`, String(v));
      await page.press(`#g-in-${name}`, 'Tab');
    }
    await drawn(page);
  }

  /** The red (current) edge of the diagram, as the titles of its two nodes. */
  const highlighted = (page: Page) =>
    page.evaluate((red) => {
      const edge = Array.from(document.querySelectorAll('#g-diagram g.edge')).find((g) => g.querySelector(`path[stroke="${red}"]`));
      if (!edge) return null;
      const title = (id: string) => document.querySelector(`#g-diagram g.node[id="${id}"] text`)!.textContent;
      return { from: title(edge.getAttribute('data-from')!), to: title(edge.getAttribute('data-to')!) };
    }, HIGHLIGHT);

  /** Where every node box of the diagram is. */
  const boxes = (page: Page) =>
    page.$$eval('#g-diagram g.node', (gs) => Object.fromEntries(gs.map((g) => {
      const r = g.querySelector('rect')!;
      return [g.id, ['x', 'y', 'width', 'height'].map((a) => r.getAttribute(a))];
    })));

  test('a typed formula: the gradients shown are those of @chalkgrad/core', async () => {
    const page = await open();
    await typeFormula(page);
    const shown = await page.$$eval('[data-var]', (els) => els.map((e) => [e.getAttribute('data-var'), Number(e.getAttribute('data-grad'))]));
    const { leaves, y } = reference();
    y.backward();
    expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(Object.entries(leaves).map(([n, v]) => [n, v.grad])));
    expect(Number(await page.getAttribute('#g-grads', 'data-value'))).toBe(y.data);
    expect(new URL(page.url()).searchParams.get('f')).toBe(FORMULA);
    await page.close();
  }, 60_000);

  test('variables named like object properties (constructor, __proto__) are variables like any other, from the link too', async () => {
    const page = await open(`?preset=formula&f=${encodeURIComponent('constructor*__proto__ + toString')}&at=constructor:2,__proto__:3`);
    await drawn(page);
    const shown = await page.$$eval('[data-var]', (els) => els.map((e) => [e.getAttribute('data-var'), Number(e.getAttribute('data-grad'))]));
    expect(shown).toEqual([['constructor', 3], ['__proto__', 2], ['toString', 1]]);
    expect(Number(await page.getAttribute('#g-grads', 'data-value'))).toBe(2 * 3 + 1);
    await page.close();
  }, 60_000);

  test('stepping the backward pass: the red edge and the product with the numbers plugged in, edge by edge, and the fan-out sum; nothing moves', async () => {
    const page = await open();
    await typeFormula(page);
    const start = await boxes(page);
    expect(Object.keys(start).length).toBeGreaterThan(5);
    const { y } = reference();
    const edges = trace(y).steps.flatMap((s) => s.edges.map((e) => ({ s, e })));
    const f = (x: number) => fmt(x, 4);
    await page.focus('#g-next');
    for (let k = 1; k <= edges.length; k++) {
      await page.keyboard.press('ArrowRight');
      const { s, e } = edges[k - 1];
      await expect(page.textContent('#g-pos')).resolves.toBe(`step ${k} of ${edges.length}`);
      // nodes are named by sub-expression, in parentheses after ∂ when compound: ∂f/∂(w·x)
      await expect(page.textContent('#g-product')).resolves.toBe(`∂f/${partial(e.input)} += ∂f/${partial(s.node)} · ${partial(s.node)}/${partial(e.input)} = ${f(s.grad)} × ${fmtFactor(e.local, 4)} = ${f(e.contribution)}`);
      await drawn(page);
      const title = (v: Value) => (v.op ? `${describeValue(v)} = ${v.opSymbol}` : describeValue(v));
      await expect(highlighted(page)).resolves.toEqual({ from: title(e.input), to: title(s.node) });
      // the diagram is laid out once: every node stays where it was at step 0
      await expect(boxes(page)).resolves.toEqual(start);
      const alt = await page.textContent('#g-alt');
      expect(alt).toContain(`Step ${k} of ${edges.length}: the edge from ${describeValue(e.input)} to ${describeValue(s.node)}.`);
    }
    // x is used twice (in w*x and in x*tanh(…)): its second contribution completes the sum
    const uses = edges.map(({ e }, k) => ({ e, k })).filter(({ e }) => e.input.label === 'x');
    expect(uses).toHaveLength(2);
    await page.click('#g-first');
    for (let k = 0; k <= uses[1].k; k++) await page.click('#g-next');
    const [a, b] = uses.map(({ e }) => e.contribution);
    await expect(page.textContent('#g-fanout')).resolves.toBe(`∂f/∂x = ${f(a)} + ${b < 0 ? `(${f(b)})` : f(b)} = ${f(uses[1].e.gradAfter)} (all 2 uses of x summed: complete)`);
    await page.keyboard.press('ArrowLeft');
    await expect(page.textContent('#g-pos')).resolves.toBe(`step ${uses[1].k} of ${edges.length}`);
    await page.keyboard.press('Home');
    await expect(page.textContent('#g-pos')).resolves.toBe(`step 0 of ${edges.length}`);
    await page.close();
  }, 60_000);

  /**
   * Where the highlighted edge and node are, and the part of the diagram in view (left and right,
   * in the window's pixels); `inView` when both lie within it.
   */
  const inSight = (page: Page) =>
    page.evaluate((red) => {
      const box = document.getElementById('g-diagram')!;
      const r = box.getBoundingClientRect();
      const view = { left: r.left + box.clientLeft, right: r.left + box.clientLeft + box.clientWidth, top: r.top, bottom: r.bottom };
      const edge = Array.from(box.querySelectorAll('g.edge')).find((g) => g.querySelector(`path[stroke="${red}"]`));
      const node = box.querySelector(`g.node rect[stroke="${red}"]`);
      const shown = [edge, node].filter((e) => e).map((e) => e!.getBoundingClientRect().toJSON() as DOMRect);
      const inView = shown.length === 2 && shown.every((b) => b.left >= view.left - 0.5 && b.right <= view.right + 0.5 && b.top >= view.top - 0.5 && b.bottom <= view.bottom + 0.5);
      return { inView, view, shown: shown.map((b) => ({ left: b.left, right: b.right, top: b.top, bottom: b.bottom })), scrollLeft: box.scrollLeft };
    }, HIGHLIGHT);

  test('the highlighted edge and node stay in sight at every step (1280-pixel window): the network scrolls to them, the perceptron fits', async () => {
    for (const preset of ['network', 'perceptron']) {
      const page = await open(`?preset=${preset}`);
      await drawn(page);
      const total = Number(/of (\d+)/.exec((await page.textContent('#g-pos'))!)![1]);
      const widths = await page.$eval('#g-diagram', (d) => ({ scroll: d.scrollWidth, client: d.clientWidth }));
      if (preset === 'perceptron') expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      else expect(widths.scroll).toBeGreaterThan(widths.client); // wide enough that scrolling is what is tested
      await page.focus('#g-next');
      for (let k = 1; k <= total; k++) {
        await page.keyboard.press('ArrowRight');
        await expect(page.textContent('#g-pos')).resolves.toBe(`step ${k} of ${total}`);
        await drawn(page);
        // the scroll is smooth: give it time to arrive, then say where things were if it did not
        let sight = await inSight(page);
        for (const t0 = Date.now(); !sight.inView && Date.now() - t0 < 3000; sight = await inSight(page)) await page.waitForTimeout(50);
        expect({ preset, step: k, ...sight }).toEqual({ preset, step: k, ...sight, inView: true });
      }
      // a reader who asked for reduced motion: the diagram jumps to the step at once
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await drawn(page);
      await expect(inSight(page)).resolves.toMatchObject({ inView: true });
      await page.close();
    }
  }, 120_000);

  test('forward mode: tangents along one input flow up edge by edge, and end at the jvp', async () => {
    const page = await open();
    await typeFormula(page);
    await page.selectOption('#g-wrt', 'x');
    await page.check('#g-forward');
    await drawn(page);
    const { leaves, y } = reference();
    const forward = trace(y, { mode: 'forward', wrt: leaves.x });
    const edges = forward.steps.flatMap((s) => s.edges.map((e) => ({ s, e })));
    const f = (x: number) => fmt(x, 4);
    await expect(page.textContent('#g-pos')).resolves.toBe(`step 0 of ${edges.length}`);
    await page.focus('#g-next');
    for (let k = 1; k <= edges.length; k++) {
      await page.keyboard.press('ArrowRight');
      const { s, e } = edges[k - 1];
      const [node, input] = [partial(s.node), partial(e.input)];
      await expect(page.textContent('#g-product')).resolves.toBe(`${node}/∂x += ${node}/${input} · ${input}/∂x = ${f(e.local)} × ${fmtFactor(e.inputTangent, 4)} = ${f(e.contribution)}`);
    }
    // f = x·tanh(…) has two inputs that depend on x: its tangent is their sum, complete at the last step
    await expect(page.textContent('#g-fanout')).resolves.toMatch(/^∂f\/∂x = .* \(all 2 inputs of f summed: complete\)$/);
    const { tangent } = jvp((x, w, b) => x.mul(w.mul(x).add(b).tanh()), Object.values(POINT), [1, 0, 0]);
    expect(Number(await page.getAttribute('.jvp', 'data-jvp'))).toBe(tangent);
    expect(tangent).toBeCloseTo(forward.tangent, 14);
    y.backward();
    expect(tangent).toBeCloseTo(leaves.x.grad, 14);
    expect(new URL(page.url()).searchParams.get('mode')).toBe('forward');
    await page.close();
  }, 60_000);

  test('gradcheck shows the finite-difference table of core', async () => {
    const page = await open();
    await typeFormula(page);
    await page.click('#g-check');
    await expect(page.getAttribute('#g-gradcheck table', 'data-ok')).resolves.toBe('true');
    const report = gradcheck((x, w, b) => x.mul(w.mul(x).add(b).tanh()), Object.values(POINT), { labels: Object.keys(POINT) });
    const rows = await page.$$eval('#g-gradcheck tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(report.rows.map((r) => [r.label, fmt(r.analytic, 8), fmt(r.numeric, 8)]));
    expect(new URL(page.url()).searchParams.get('check')).toBe('1');
    await page.close();
  }, 60_000);

  test('the network preset shows the delta rule with the numbers of the current step', async () => {
    const E = presetGraph('network');
    const edges = trace(E).steps.flatMap((s) => s.edges.filter((e) => e.input.op || e.input.label).map((e) => ({ s, e })));
    const k = edges.findIndex(({ e }) => e.input.label === 'z3') + 1; // the step that completes δ₃ = ∂E/∂z3
    const page = await open(`?preset=network&step=${k}`);
    await drawn(page);
    const rows = await page.$$eval('#g-delta table:first-of-type tbody tr', (trs) => trs.map((tr) => [tr.className, ...Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)]));
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([['current', 'δ₃ (output)', fmt(edges[k - 1].e.gradAfter, 4)], ['', 'δ₁', '?'], ['', 'δ₂', '?']]);
    // viz's layer view beside it: every δ of the finished backward pass, as backward gives them
    E.backward();
    const z = (name: string) => edges.find(({ e }) => e.input.label === name)!.e.input;
    const view = (await page.textContent('#g-delta .layer-view svg'))!;
    for (const name of ['z1', 'z2', 'z3']) expect(view).toContain(`δ = ${fmt(z(name).grad, 4)}`);
    await page.close();
  }, 60_000);

  test('a negative factor is in parentheses everywhere a product is written out: the step, the edges, the delta rule', async () => {
    const last = trace(presetGraph('network')).steps.flatMap((s) => s.edges.filter((e) => e.input.op || e.input.label)).length; // constants are no step
    const page = await open(`?preset=network&step=${last}`);
    await drawn(page);
    const texts = await page.$$eval('#g-product, #g-diagram svg, #g-delta table', (els) => els.map((e) => e.textContent ?? ''));
    expect(texts.join('\n')).toMatch(/× \(-[\d.]+\)/); // the network has negative weights and gradients
    for (const t of texts) expect(t).not.toMatch(/[×·+] -\d/);
    await page.close();
  }, 60_000);

  let trained: { url: string; loss: string; testLoss: string; epoch: number; frames: Record<string, string> };

  test('training in the worker: 50 steps and more on moons, the loss falls, drawing a frame fits 16 ms, and no frame takes 50 ms', async () => {
    const loadAtStart = loadPerCore();
    const page = await open('?tab=train');
    await page.waitForSelector('#t-status:has-text("ready")');
    await page.click('#t-play');
    await page.waitForFunction(() => Number(document.getElementById('t-status')!.dataset.epoch) >= 50, undefined, { timeout: 60_000 });
    await page.waitForTimeout(1500); // keep training a while: the frames are what is measured
    await page.click('#t-play');
    await page.waitForSelector('#t-status[data-playing=false]');
    const status = await page.$eval('#t-status', (e) => ({ ...(e as HTMLElement).dataset }));
    expect(Number(status.epoch)).toBeGreaterThanOrEqual(50);
    expect(Number(status.loss)).toBeLessThan(Number(status.firstLoss));
    const frames = await page.$eval('#t-frames', (e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>);
    const load = Math.max(loadAtStart, loadPerCore());
    console.log(`lesson page, ${status.epoch} steps on moons: ${await page.textContent('#t-frames')} (machine load ${load.toFixed(1)} per core)`);
    expect(Number(frames.frames)).toBeGreaterThan(10);
    // The page's own work per frame, measured in the page, fits a 60 Hz frame whatever the load:
    // 9 frames in 10 (the rest may be the ones the system took the core away in the middle of).
    expect(Number(frames.drawP90)).toBeLessThanOrEqual(FRAME_BUDGET_MS);
    if (load > OVERLOADED) {
      // the gaps between frames on a machine whose cores are all taken by other programs measure those programs
      console.warn(`\n*** lesson page gaps between frames NOT asserted: the machine is overloaded (load ${load.toFixed(1)} per core > ${OVERLOADED}) ***\n`);
    } else {
      expect(Number(frames.intervalMax)).toBeLessThan(50);
      expect(Number(frames.drawMax)).toBeLessThan(50);
      expect(Number(frames.longTasks)).toBe(0);
    }
    // hovering a link shows its weight and gradient, those the diagram's own title gives
    const link = page.locator('#t-net line.link').nth(4);
    const title = (await link.locator('title').textContent())!;
    await link.hover({ force: true });
    await page.waitForSelector('#t-tip:not([hidden])');
    const [, w, g] = /= (\S+), gradient (\S+)$/.exec(title)!;
    await expect(page.textContent('#t-tip')).resolves.toMatch(new RegExp(`weight ${w.replace(/[.-]/g, '\\$&')}, gradient ${g.replace(/[.-]/g, '\\$&')}$`));
    // the network's diagram files
    const [tikz] = await Promise.all([page.waitForEvent('download'), page.click('#t-export-tikz')]);
    expect(tikz.suggestedFilename()).toBe('network.tex');
    expect(readFileSync((await tikz.path())!, 'utf8')).toContain('\\begin{tikzpicture}');
    await page.click('#t-step');
    await page.waitForFunction((e) => Number(document.getElementById('t-status')!.dataset.epoch) === e + 1, Number(status.epoch));
    const after = await page.$eval('#t-status', (e) => ({ ...(e as HTMLElement).dataset }));
    trained = { url: page.url(), loss: after.loss!, testLoss: after.testLoss!, epoch: Number(after.epoch), frames };
    expect(new URL(trained.url).searchParams.get('epochs')).toBe(String(trained.epoch));
    await page.close();
  }, 120_000);

  test('the link restores the run: the same step and the same numbers', async () => {
    const page = await open(new URL(trained.url).search);
    await page.waitForFunction((e) => Number(document.getElementById('t-status')!.dataset.epoch) === e, trained.epoch, { timeout: 60_000 });
    const status = await page.$eval('#t-status', (e) => ({ ...(e as HTMLElement).dataset }));
    expect([status.loss, status.testLoss]).toEqual([trained.loss, trained.testLoss]);
    await page.close();
  }, 90_000);

  test('"Export as code" writes a script that reproduces the run: the same losses', async () => {
    const page = await open(new URL(trained.url).search);
    await page.waitForFunction((e) => Number(document.getElementById('t-status')!.dataset.epoch) === e, trained.epoch, { timeout: 60_000 });
    await page.click('#t-export-ts');
    const code = (await page.textContent('#t-code'))!;
    expect(code).toContain("from 'chalkgrad'");
    const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-export-'));
    writeFileSync(join(dir, 'train.ts'), code);
    // the script as it is, with `chalkgrad` the workspace package (from its sources), bundled and run by Node
    await build({ entryPoints: [join(dir, 'train.ts')], outfile: join(dir, 'train.cjs'), bundle: true, platform: 'node', format: 'cjs', conditions: ['source'], nodePaths: [join(ROOT, 'packages')], logLevel: 'error' });
    const out = execFileSync(process.execPath, [join(dir, 'train.cjs')], { encoding: 'utf8' });
    // the same numbers to 12 digits: Chromium's exp, log, sin and cos differ from Node's in the last bit now and then
    const m = /^after (\d+) steps: train loss (\S+), test loss (\S+)$/.exec(out.trim());
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(trained.epoch);
    expect(Math.abs(Number(m![2]) / Number(trained.loss) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(Number(m![3]) / Number(trained.testLoss) - 1)).toBeLessThan(1e-12);
    console.log(`exported script after ${m![1]} steps: train loss ${m![2]} (page ${trained.loss}), test loss ${m![3]} (page ${trained.testLoss})`);
    await page.close();
  }, 120_000);

  test('the graph tab from a link: the same formula, point, step, highlighted edge and numbers', async () => {
    const first = await open();
    await typeFormula(first);
    await first.focus('#g-next');
    for (let k = 0; k < 3; k++) await first.keyboard.press('ArrowRight');
    await drawn(first);
    const look = async (p: Page) => ({ pos: await p.textContent('#g-pos'), product: await p.textContent('#g-product'), edge: await highlighted(p), grads: await p.$$eval('[data-var]', (els) => els.map((e) => e.getAttribute('data-grad'))) });
    const before = await look(first);
    const again = await open(new URL(first.url()).search);
    await drawn(again);
    expect(await look(again)).toEqual(before);
    await first.close();
    await again.close();
  }, 60_000);

  test('a malformed formula or CSV: a clear message, and the previous state stays usable', async () => {
    const page = await open();
    await drawn(page);
    const product = await page.textContent('#g-product');
    await page.fill('#g-formula', '3x + (');
    await page.press('#g-formula', 'Enter');
    await expect(page.textContent('#g-error')).resolves.toMatch(/multiplication needs '\*': write 3\*x\n {2}3x \+ \(\n {3}\^/);
    expect(await page.textContent('#g-product')).toBe(product);
    await page.focus('#g-next');
    await page.keyboard.press('ArrowRight');
    await expect(page.textContent('#g-pos')).resolves.toBe('step 1 of 6');

    await page.click('#tab-train');
    await page.waitForSelector('#t-status:has-text("ready")');
    await page.click('#t-csv-box summary');
    await page.fill('#t-csv', 'x,y,class\n1,2,0\n3,oops,1');
    await page.click('#t-csv-use');
    await expect(page.textContent('#t-error')).resolves.toBe("your points: line 3, column 'y': 'oops' is not a number");
    expect(await page.inputValue('#t-data')).toBe('moons');
    await page.click('#t-step');
    await page.waitForFunction(() => document.getElementById('t-status')!.dataset.epoch === '1');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('your own points: clicked on the plot or pasted as CSV, trained on, and kept in the link', async () => {
    const page = await open('?tab=train');
    await page.waitForSelector('#t-status:has-text("ready")');
    await page.selectOption('#t-data', 'custom');
    await expect(page.textContent('#t-status')).resolves.toMatch(/add at least 4 points/);
    const spots: [number, number, number][] = [[60, 60, 0], [100, 80, 0], [260, 280, 1], [300, 250, 1], [80, 300, 0], [280, 60, 1]];
    for (const [x, y, c] of spots) {
      await page.check(`#t-class input[value="${c}"]`);
      await page.click('#t-plot', { position: { x, y } });
    }
    await page.waitForSelector('#t-status:has-text("ready")');
    const pts = new URL(page.url()).searchParams.get('pts')!.split(';').map((p) => p.split(',').map(Number));
    expect(pts.map((p) => p[2])).toEqual(spots.map((s) => s[2]));
    expect(pts[0][0]).toBeLessThan(0); // left of the middle of a plane from −3 to 3
    expect(pts[0][1]).toBeGreaterThan(0); // above it
    await page.click('#t-step');
    await page.waitForFunction(() => document.getElementById('t-status')!.dataset.epoch === '1');

    await page.click('#t-csv-box summary');
    await page.fill('#t-csv', 'x,y,class\n' + Array.from({ length: 30 }, (_, i) => `${Math.cos(i)},${Math.sin(i) + (i % 3)},${i % 3}`).join('\n'));
    await page.click('#t-csv-use');
    await page.waitForSelector('#t-status:has-text("ready")');
    expect(new URL(page.url()).searchParams.get('pts')!.split(';')).toHaveLength(30);
    await page.click('#t-step');
    await page.waitForFunction(() => document.getElementById('t-status')!.dataset.epoch === '1');
    expect(await page.textContent('#t-net')).toContain('output (3)'); // three classes, three outputs
    await page.close();
  }, 60_000);

  test('the exercise tab grades with gradeAnswers: right, carried forward, wrong with a diagnosis', async () => {
    const page = await open('?tab=exercise');
    await page.waitForSelector('#x-answers input');
    const ex = makeExercise({ preset: 'perceptron' });
    const answers: Record<number, string> = {};
    for (const b of ex.blanks) answers[b.number] = fmt(b.answer, 6);
    answers[1] = '-4'; // a1 = x1·3 wrong; s = 1 + a1 computed from it is carried forward
    answers[2] = '-3';
    const last = ex.blanks[ex.blanks.length - 1];
    answers[last.number] = fmt(-last.answer, 6); // a sign error
    for (const [n, a] of Object.entries(answers)) await page.fill(`#x-ans-${n}`, a);
    await page.click('#x-answers button[type=submit]');
    const grade = gradeAnswers(ex, Object.values(answers));
    const shown = await page.$$eval('.verdict', (vs) => vs.map((v) => [(v as HTMLElement).dataset.status, (v as HTMLElement).dataset.rules]));
    expect(shown).toEqual(grade.blanks.map((b) => [b.status, b.diagnoses.map((d) => d.rule).join(',')]));
    expect(shown[1][0]).toBe('carried');
    expect(shown.at(-1)![1]).toContain('sign');
    await expect(page.textContent('#x-score')).resolves.toBe(`${grade.score} of ${grade.total} right`);
    // the answers are in the link
    const again = await open(new URL(page.url()).search);
    await again.waitForSelector('#x-score:has-text("right")');
    expect(await again.textContent('#x-score')).toBe(`${grade.score} of ${grade.total} right`);
    await page.close();
    await again.close();
  }, 60_000);

  test("the exercise tab tells the lecturer of a mistake the tolerance hides (makeExercise's warnings), and only then", async () => {
    const ex = makeExercise({ preset: 'perceptron' }, { seed: 3 });
    expect(ex.warnings.map((w) => w.rule)).toEqual(['activation-derivative']); // σ′ = σ near σ = 0
    const page = await open('?tab=exercise&exseed=3');
    await page.waitForSelector('#x-warnings:visible');
    const [w] = ex.warnings;
    const notices = await page.$$eval('#x-warnings p[data-rule]', (ps) => ps.map((p) => [(p as HTMLElement).dataset.rule, (p as HTMLElement).dataset.blank, p.textContent]));
    expect(notices).toEqual([[w.rule, String(w.blank), expect.any(String)]]);
    const text = notices[0][2]!;
    for (const part of [`#${w.blank} `, RULES[w.rule], fmt(w.mistaken, 6), fmt(w.answer, 6), '0.1%']) expect(text).toContain(part);
    expect(await page.textContent('#x-warnings')).toMatch(/another seed.*tighter tolerance/);
    // the notes' own point warns of nothing, and the notice goes away
    await page.fill('#x-seed', '');
    await page.click('#x-form button[type=submit]');
    await page.waitForSelector('#x-warnings', { state: 'hidden' });
    expect(makeExercise({ preset: 'perceptron' }).warnings).toEqual([]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('keyboard: the tabs move with the arrow keys, and the diagram has its step in words', async () => {
    const page = await open();
    await page.focus('#tab-graph');
    await page.keyboard.press('ArrowRight');
    await expect(page.getAttribute('#tab-train', 'aria-selected')).resolves.toBe('true');
    expect(await page.isVisible('#panel-train')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await expect(page.getAttribute('#tab-graph', 'aria-selected')).resolves.toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-graph');
    await expect(page.getAttribute('#g-figure', 'aria-labelledby')).resolves.toBe('g-alt');
    await expect(page.textContent('#g-alt')).resolves.toBe('Computation graph of sigmoid(1 + 3*x1 - 2*x2). Forward pass: y = 0.002473. The backward pass starts from ∂y/∂y = 1. 6 edges to go along.');
    await page.close();
  }, 60_000);

  test('Graphviz loads only when a diagram is drawn, and no request leaves the page', async () => {
    const page = await open('?tab=train');
    await page.waitForSelector('#t-status:has-text("ready")');
    const graphviz = (urls: string[]) => urls.filter((u) => /\/chunks\/dist-/.test(u));
    const before = graphviz(requested.slice());
    await page.click('#tab-graph');
    await drawn(page);
    expect(graphviz(requested).length).toBe(before.length + 1);
    expect(requested.filter((u) => !u.startsWith(`${TEST_ORIGIN}/`))).toEqual([]);
    await page.close();
  }, 60_000);
});
