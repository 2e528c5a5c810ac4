// Preloaded into a process that must run compiled JavaScript only: loading TypeScript's compiler,
// ts-node or a .ts file is an error.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (/^(typescript|ts-node)(\/|$)/.test(request) || /\.ts$/.test(request)) throw new Error(`loaded ${request} at run time`);
  return load.call(this, request, parent, isMain);
};
