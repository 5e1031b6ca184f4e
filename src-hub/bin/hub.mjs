#!/usr/bin/env node
// `hub` launcher (npm run hub -- …): runs the TypeScript CLI of the provincial hub through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../cli.ts');
await run(process.argv.slice(2));
