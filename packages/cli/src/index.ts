export { run, HELP } from './main';
export { parseFormula, buildFormula, variablesOf, FormulaError, FUNCTIONS } from './expr';
export type { Expr } from './expr';
export { perceptron } from './commands/demo';
