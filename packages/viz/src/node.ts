/** `@chalkgrad/viz/node`: what needs Node (PNG through the resvg addon). `@chalkgrad/viz` stays browser-safe. */
export * from './node/png';
export * from './node/steps';
