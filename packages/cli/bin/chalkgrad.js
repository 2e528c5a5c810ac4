#!/usr/bin/env node
// The chalkgrad command: runs the TypeScript sources through ts-node (type-checking is CI's job).
require('ts-node').register({ transpileOnly: true, project: require('node:path').join(__dirname, '..', '..', '..', 'tsconfig.json') });
const { run } = require('../src/main.ts');
run(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`chalkgrad: internal error: ${e && e.stack ? e.stack : e}`);
    process.exitCode = 1;
  },
);
