/**
 * `@chalkgrad/nn/node`: what needs Node (files and the terminal). The main entry `@chalkgrad/nn`
 * stays browser-safe.
 */
export * from './node/files';
export * from './node/modelFiles';
export * from './node/readers';
export * from './node/progress';
export * from './node/interop';
