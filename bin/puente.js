#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on load so that `npx puente` works
// straight after `npm install`, with no build step to remember.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
