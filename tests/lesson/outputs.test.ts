/**
 * Worksheets, answer keys and Moodle XML: the LaTeX compiles with pdflatex (and leaks nothing a
 * hostile title tries to read), the Markdown escapes user text, the Moodle XML parses, has one
 * numerical question per blank with Moodle's tolerance, and gives back every answer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fmt } from '@chalkgrad/core';
import { type Exercise, answerKeyLatex, answerKeyMarkdown, makeExercise, moodleXml, worksheetLatex, worksheetMarkdown } from '@chalkgrad/lesson';
import { CANARY_TEXT } from '../helpers/hostile';
import { compileTex, firstError, withTex } from '../helpers/latex';

const hostileTitle = (canary: string) => `\\input{${canary}} # _x_ & 50% $x$ {}} < > | ~ ^ p ← p − η \\end{document}`;

function sets(canary: string): Record<string, Exercise[]> {
  return {
    perceptron: [makeExercise({ preset: 'perceptron' }, { title: hostileTitle(canary) })],
    network: [makeExercise({ preset: 'network' }, { seed: 2 })],
    random: [1, 2, 3].map((seed) => makeExercise({ random: { size: 6, ops: ['add', 'mul', 'sigmoid', 'tanh', 'powc', 'leakyRelu', 'abs', 'maximum'] } }, { seed, ask: ['forward', 'local', 'grad', 'update'] })),
    // a graph taller than a page at readable size: its key's picture is split
    large: [makeExercise({ random: { size: 24, ops: ['add', 'mul', 'sigmoid', 'tanh'] } }, { seed: 3, ask: ['grad'] })],
  };
}

/** The factors the pictures of a LaTeX sheet are scaled by (their text is \\scriptsize, 8 pt in the 11 pt document). */
const scales = (tex: string) => [...tex.matchAll(/\\scalebox\{([\d.]+)\}/g)].map((m) => Number(m[1]));

test('the graph is printed with text of 7 pt or more: laid out to fit, split over pages when taller than one, never shrunk below', async () => {
  const { network, large } = sets('/nonexistent/canary');
  for (const set of [network, large]) {
    for (const tex of [await worksheetLatex(set), await answerKeyLatex(set)]) {
      expect(tex).not.toContain('\\resizebox');
      expect(scales(tex).length).toBeGreaterThan(0);
      for (const f of scales(tex)) expect(f * 8).toBeGreaterThanOrEqual(7);
    }
  }
  expect(scales(await answerKeyLatex(large)).length).toBeGreaterThan(1);
});

describe('LaTeX', () => {
  withTex('the worksheet and the key compile with pdflatex, one page per variant, reading no foreign file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-sheet-'));
    const canary = join(dir, '..', `canary-${process.pid}`);
    writeFileSync(`${canary}.tex`, CANARY_TEXT);
    for (const [name, set] of Object.entries(sets(canary))) {
      writeFileSync(join(dir, `${name}-sheet.tex`), await worksheetLatex(set));
      writeFileSync(join(dir, `${name}-key.tex`), await answerKeyLatex(set));
      for (const doc of [`${name}-sheet`, `${name}-key`]) {
        const r = compileTex(dir, doc);
        if (!r.ok) throw new Error(`${doc}.tex did not compile:\n${firstError(r.log)}`);
        expect(r.foreignReads).toEqual([]);
        expect(r.commands).toEqual([]);
        expect(r.bitmapFonts).toEqual([]); // no font generated into the user's TeX cache
        expect(r.text).not.toContain(CANARY_TEXT);
        if (r.text) expect(r.text).toContain(doc.endsWith('key') ? 'answer key' : 'your answer');
        // (OT1 prints ~ and ^ as accents, which pdftotext reads as ˜ and ˆ)
        if (r.text && name === 'perceptron') expect(r.text).toMatch(/<\s+>\s+\|\s+[~˜]\s+[\^ˆ]\s+p\s+←\s+p\s+−\s+η/);
      }
    }
  }, 180_000);
});

describe('Markdown', () => {
  test('the worksheet has the blanks and no answer; the key has every answer and every step', () => {
    const ex = makeExercise({ preset: 'chain' });
    const sheet = worksheetMarkdown(ex, { image: () => 'graph (1).svg' });
    const key = answerKeyMarkdown(ex);
    expect(sheet).toContain('![the graph](graph%20%281%29.svg)');
    for (const b of ex.blanks) {
      expect(sheet).toContain(`| ${b.number} | ${b.id} |`);
      expect(key).toMatch(new RegExp(`\\| ${b.number} \\| ${b.id.replace(/[()]/g, '\\$&')} \\| -?[\\d.]+ \\|`));
    }
    expect(sheet).not.toContain(String(ex.blanks.at(-1)!.answer).slice(0, 6));
    expect(key).toContain('```dot');
    expect(key).toMatch(/∂f\/∂x = ∂f\/∂h · ∂h\/∂x = [\d.]+ · 2 = \*\*[\d.]+\*\*/);
  });
  test('a negative factor is in parentheses, as the trace writes it: 0.002467 · (-1), never 0.002467 · -1', async () => {
    const p = makeExercise({ preset: 'perceptron' });
    const dz = fmt(p.blanks.find((b) => b.id === 'grad(z)')!.answer, 4);
    const md = answerKeyMarkdown(p);
    expect(md).toContain(`∂y/∂a2 = ∂y/∂z · ∂z/∂a2 = ${dz} · (-1) = `);
    expect(md).not.toMatch(/[·−+] -\d/);
    const tex = await answerKeyLatex(p);
    expect(tex).toContain(`${dz}\\cdot (-1)`);
    expect(tex).not.toMatch(/\\cdot -\d/);
    // the SGD update subtracts a negative gradient in parentheses too
    expect(answerKeyMarkdown(makeExercise({ preset: 'network' }))).toMatch(/= 0\.5 − 0\.5 · \(-[\d.]+\) = /);
  });
  test("a local derivative's rule is printed whole: a power's says k·aᵏ⁻¹, not what follows its '(0 if k = 0)'", () => {
    const key = answerKeyMarkdown(makeExercise({ preset: 'network' }));
    expect(key).toMatch(/- ∂u7\/∂err = k·aᵏ⁻¹ \(0 if k = 0\) = \*\*-[\d.]+\*\*/);
    expect(key).not.toContain('∂err = 0) = ');
  });
  test('user text is escaped', () => {
    const md = worksheetMarkdown(makeExercise('x*y', { at: { x: 1, y: 2 }, title: '<script>x</script> | *b*' }));
    expect(md).toContain('\\<script\\>x\\</script\\> \\| \\*b\\*');
    expect(md).not.toContain('<script>');
  });
});

describe('Moodle XML', () => {
  test('one numerical question per blank, the answer first at 100% with an absolute tolerance, common mistakes at 0%', () => {
    const set = sets('/nonexistent/canary').random;
    const xml = moodleXml(set, { svg: () => '<svg xmlns="http://www.w3.org/2000/svg"><text>x &amp; σ</text></svg>' });
    expect(XMLValidator.validate(xml)).toBe(true);
    const quiz = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (name) => ['question', 'answer', 'file'].includes(name) }).parse(xml).quiz;
    const questions = quiz.question.filter((q: { type: string }) => q.type === 'numerical');
    const categories = quiz.question.filter((q: { type: string }) => q.type === 'category');
    expect(questions).toHaveLength(set.reduce((n, ex) => n + ex.blanks.length, 0));
    expect(categories.length).toBeGreaterThan(0);
    for (const c of categories) expect(c.category.text).toMatch(/^\$course\$\/top\/chalkgrad\//);
    const blanks = set.flatMap((ex) => ex.blanks.map((b) => ({ ex, b })));
    for (const q of questions) {
      const [, variant, number] = /variant (\d+) of 3 \(seed \d+\): #(\d+) /.exec(q.name.text)!;
      const { ex, b } = blanks.find((x) => x.ex === set[Number(variant) - 1] && x.b.number === Number(number))!;
      const [right, ...wrong] = q.answer;
      expect(right.fraction).toBe('100');
      expect(Number(right.text)).toBeCloseTo(b.answer, 8);
      expect(Number(right.tolerance)).toBeCloseTo(Math.max(ex.tolerance.abs, ex.tolerance.rel * Math.abs(b.answer)), 4);
      for (const w of wrong) {
        expect(w.fraction).toBe('0');
        expect(Math.abs(Number(w.text) - b.answer)).toBeGreaterThan(Number(right.tolerance));
        expect(w.feedback.text.length).toBeGreaterThan(10);
      }
      expect(['1', '1.0']).toContain(String(q.defaultgrade));
      expect(q.questiontext.format).toBe('html');
      expect(q.questiontext.text).toContain('@@PLUGINFILE@@/graph-');
      expect(Buffer.from(q.questiontext.file[0]['#text'], 'base64').toString('utf8')).toContain('x &amp; σ');
    }
  });
  test('user text round-trips through the XML unchanged', () => {
    const title = 'A & B <i>]]></i> "q"';
    const xml = moodleXml(makeExercise('x*y', { at: { x: 1, y: 2 }, title }));
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'question', processEntities: true, htmlEntities: true }).parse(xml);
    const names = parsed.quiz.question.filter((q: { '@_type': string }) => q['@_type'] === 'numerical').map((q: { name: { text: string } }) => q.name.text);
    expect(names[0].startsWith(`${title}: #1 `)).toBe(true);
  });
});
