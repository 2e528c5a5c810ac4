export { run, HELP } from './main';
export { perceptron } from './commands/demo';
