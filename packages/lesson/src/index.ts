/**
 * `@chalkgrad/lesson`: backprop exercises (made from a formula, a graph, a preset of the notes or a
 * random expression, graded with a diagnosis of the mistake), their worksheets and answer keys in
 * Markdown and LaTeX, and Moodle XML. Browser-safe: the lesson page grades with the same functions.
 */
export * from './exercises/exercise';
export * from './exercises/grade';
export * from './exercises/tolerance';
export { hiddenMistakes } from './exercises/hidden';
export type { HiddenMistake } from './exercises/hidden';
export { RULES } from './exercises/mistakes';
export type { RuleName } from './exercises/mistakes';
export { PRESETS } from './exercises/presets';
export type { PresetName, Preset } from './exercises/presets';
export type { RandomSpec } from './exercises/random';
export { DEFAULT_MIX, formulaOps } from './exercises/random';
export type { ExerciseNode, LeafKind } from './exercises/graph';
export type { QuantityKind } from './exercises/quantities';
export { worksheetMarkdown, answerKeyMarkdown } from './render/markdown';
export type { MarkdownOptions } from './render/markdown';
export { worksheetLatex, answerKeyLatex } from './render/latex';
export { moodleXml } from './render/moodle';
export type { MoodleOptions } from './render/moodle';
export type { ExerciseSet } from './render/sheet';
export { readExercises } from './exercises/file';
export { parseCsv, readAnswerSheet } from './exercises/answerSheet';
export type { StudentAnswers } from './exercises/answerSheet';
export { exerciseDot } from './render/sheet';
