export { run, main, HELP } from './main';
export { perceptron } from './commands/demo';
