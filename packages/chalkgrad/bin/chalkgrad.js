#!/usr/bin/env node
// The chalkgrad command: the compiled packages (corepack pnpm build). Run with
// `node --conditions=source -r ts-node/register` it runs the TypeScript sources instead.
require('@chalkgrad/cli').main();
