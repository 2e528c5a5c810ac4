/** `chalkgrad/node`: what needs Node: model and data files, the terminal progress bar, PNG. */
export * from '@chalkgrad/nn/node';
export * from '@chalkgrad/viz/node';
