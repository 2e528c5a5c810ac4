/**
 * The exercise tab: a seeded backprop exercise (a preset of the notes, a formula or a random
 * expression), its graph drawn in the page, a box per blank, and the grading of `gradeAnswers`,
 * the same the `chalkgrad grade` command uses: right, right from the student's own earlier answer
 * (error carried forward), or wrong with a diagnosis of the mistake. The key works every step.
 */
import { fmt } from '@chalkgrad/core';
import { renderSvg } from '@chalkgrad/viz';
import { stepText } from '../../exercises/describe';
import { ASK_KINDS, type AskKind, type Exercise, type ExerciseSource, makeExercise } from '../../exercises/exercise';
import { gradeAnswers } from '../../exercises/grade';
import type { HiddenMistake } from '../../exercises/hidden';
import { RULES } from '../../exercises/mistakes';
import { SECTIONS, blankRows, definitions, exerciseDot, instructions, solution, statement, toleranceText } from '../../render/sheet';
import type { App } from '../app';
import { byId, el, fitDiagram, messageOf, setSvg, showMessage, table } from '../dom';
import { EXERCISE_SOURCES, type ExerciseState } from '../state';

/** What a verdict says besides the grading's own feedback (which already says 'wrong', 'no answer', …). */
const MARK = { right: '✓', carried: '✓', wrong: '✗', blank: '–', unreadable: '✗' } as const;

export function exerciseTab(app: App): { shown(): void } {
  const s = () => app.state.exercise;
  const ui = {
    form: byId<HTMLFormElement>('x-form'),
    source: byId<HTMLSelectElement>('x-source'),
    formula: byId<HTMLInputElement>('x-formula'),
    size: byId<HTMLInputElement>('x-size'),
    seed: byId<HTMLInputElement>('x-seed'),
    ask: byId('x-ask'),
    error: byId('x-error'),
    warnings: byId('x-warnings'),
    statement: byId('x-statement'),
    diagram: byId('x-diagram'),
    answers: byId<HTMLFormElement>('x-answers'),
    score: byId('x-score'),
    keyButton: byId<HTMLButtonElement>('x-key-button'),
    key: byId('x-key'),
  };
  let exercise: Exercise | null = null;

  ui.source.append(...EXERCISE_SOURCES.map((n) => el('option', { value: n }, n === 'formula' ? 'your formula' : n === 'random' ? 'a random expression' : `preset: ${n}`)));
  ui.ask.append(el('legend', {}, 'Ask for'), ...ASK_KINDS.map((k) => el('label', {}, el('input', { type: 'checkbox', name: 'ask', value: k }), ` ${k}`)));

  function sourceOf(x: ExerciseState): ExerciseSource {
    if (x.source === 'formula') return x.formula;
    if (x.source === 'random') return { random: { size: x.size } };
    return { preset: x.source };
  }

  /** Makes the exercise of a state; on an error the message shows and the current exercise stays. */
  function make(next: ExerciseState): boolean {
    try {
      exercise = makeExercise(sourceOf(next), { ...(next.seed === null ? {} : { seed: next.seed }), ...(next.ask.length ? { ask: next.ask } : {}) });
    } catch (e) {
      showMessage(ui.error, messageOf(e));
      return false;
    }
    showMessage(ui.error, null);
    Object.assign(s(), next);
    return true;
  }

  function showForm(): void {
    ui.source.value = s().source;
    ui.formula.value = s().formula;
    ui.size.value = String(s().size);
    ui.seed.value = s().seed === null ? '' : String(s().seed);
    const asked = exercise?.ask ?? [];
    for (const box of Array.from(ui.ask.querySelectorAll<HTMLInputElement>('input'))) box.checked = asked.includes(box.value as AskKind);
    ui.formula.parentElement!.hidden = s().source !== 'formula';
    ui.size.parentElement!.hidden = s().source !== 'random';
  }

  /** The mistakes this exercise's tolerance hides (makeExercise's warnings), for the lecturer who set it. */
  function showWarnings(ex: Exercise): void {
    ui.warnings.hidden = ex.warnings.length === 0;
    ui.warnings.replaceChildren(
      ...ex.warnings.map((w) => el('p', { 'data-rule': w.rule, 'data-blank': w.blank }, warningText(ex, w))),
      ...(ex.warnings.length ? [el('p', {}, 'Pick another seed for another point, or grade with a tighter tolerance (chalkgrad exercise --tolerance).')] : []),
    );
  }

  function showExercise(): void {
    const ex = exercise!;
    showForm();
    showWarnings(ex);
    ui.statement.replaceChildren(
      el('h3', {}, ex.title),
      el('p', { class: 'statement' }, statement(ex)),
      el('ul', {}, ...definitions(ex).map((d) => el('li', {}, d))),
      ...instructions(ex).map((l) => el('p', {}, l)),
    );
    void renderSvg(exerciseDot(ex, false)).then((svg) => {
      setSvg(ui.diagram, svg);
      fitDiagram(ui.diagram);
      ui.diagram.querySelector('svg')?.setAttribute('aria-hidden', 'true');
    }, (e) => showMessage(ui.error, messageOf(e)));
    ui.diagram.setAttribute('aria-label', `The graph of ${statement(ex)} ${definitions(ex).join('; ')}`);
    const rows = blankRows(ex).map((b, k) => {
      const input = el('input', { type: 'text', inputmode: 'decimal', id: `x-ans-${b.number}`, autocomplete: 'off', value: s().answers[k] ?? '' });
      input.addEventListener('change', () => {
        s().answers[k] = input.value;
        app.changed();
      });
      return el('div', { class: 'blank' }, el('label', { for: input.id }, `#${b.number} ${b.asked}`), input, el('span', { class: 'verdict', id: `x-verdict-${b.number}`, 'aria-live': 'polite' }));
    });
    ui.answers.replaceChildren(...rows, el('button', { type: 'submit' }, 'Check my answers'));
    ui.score.textContent = '';
    ui.key.hidden = true;
    ui.keyButton.setAttribute('aria-expanded', 'false');
    if (s().answers.some((a) => a.trim() !== '')) grade();
  }

  function grade(): void {
    const ex = exercise!;
    const typed = ex.blanks.map((b) => byId<HTMLInputElement>(`x-ans-${b.number}`).value);
    s().answers = typed;
    app.changed();
    const g = gradeAnswers(ex, typed);
    for (const b of g.blanks) {
      const v = byId(`x-verdict-${b.number}`);
      v.textContent = `${MARK[b.status]} ${b.feedback}`;
      v.className = `verdict ${b.status}`;
      v.dataset.status = b.status;
      v.dataset.rules = b.diagnoses.map((d) => d.rule).join(',');
    }
    ui.score.textContent = `${g.score} of ${g.total} right`;
    ui.score.dataset.score = String(g.score);
  }

  function showKey(): void {
    const ex = exercise!;
    const rows = solution(ex).map(({ quantity, blank, step }) => [SECTIONS[quantity.kind], blank ? `#${blank}` : '', `${stepText(step)}${step.where ? ` (${step.where})` : ''}`, fmt(step.result, 4)]);
    ui.key.replaceChildren(table(['', 'blank', 'step', 'result'], rows, 'The answer key, every step worked'));
    ui.key.hidden = !ui.key.hidden;
    ui.keyButton.setAttribute('aria-expanded', String(!ui.key.hidden));
  }

  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ask = Array.from(ui.ask.querySelectorAll<HTMLInputElement>('input:checked')).map((b) => b.value as AskKind);
    const seed = ui.seed.value.trim() === '' ? null : Number(ui.seed.value);
    const next: ExerciseState = { source: ui.source.value as ExerciseState['source'], formula: ui.formula.value, size: Number(ui.size.value), seed, ask, answers: [] };
    if (!Number.isInteger(next.size) || next.size < 1 || next.size > 30) return showMessage(ui.error, `size: expected a whole number of ops from 1 to 30, got '${ui.size.value}'`);
    if (seed !== null && !(Number.isInteger(seed) && seed >= 0)) return showMessage(ui.error, `seed: expected a whole number ≥ 0 (or nothing, for the notes' numbers), got '${ui.seed.value}'`);
    if (make(next)) showExercise();
    app.changed();
  });
  ui.source.addEventListener('change', () => {
    ui.formula.parentElement!.hidden = ui.source.value !== 'formula';
    ui.size.parentElement!.hidden = ui.source.value !== 'random';
  });
  ui.answers.addEventListener('submit', (e) => {
    e.preventDefault();
    grade();
  });
  ui.keyButton.addEventListener('click', showKey);

  let started = false;
  return {
    shown() {
      if (started) return;
      started = true;
      if (make(s())) return showExercise();
      // the link's exercise cannot be made: say why, and show the notes' perceptron
      const why = ui.error.textContent;
      make({ ...s(), source: 'perceptron', ask: [], answers: [] });
      showExercise();
      showMessage(ui.error, why);
    },
  };
}

/** One hidden mistake in a sentence: the blank, the rule, both numbers, the tolerance that hides it. */
function warningText(ex: Exercise, w: HiddenMistake): string {
  const blank = blankRows(ex).find((b) => b.number === w.blank)!;
  const made = w.at === blank.id ? '' : ` (made at ${w.at})`;
  return `Grading cannot see a mistake at #${w.blank} ${blank.asked}: ${RULES[w.rule]}${made} gives ${fmt(w.mistaken, 6)}, within ${toleranceText(ex.tolerance)} of the right ${fmt(w.answer, 6)}, so it counts as right.`;
}
