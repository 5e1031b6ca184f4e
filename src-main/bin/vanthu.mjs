#!/usr/bin/env node
// `vanthu` launcher: runs the TypeScript CLI through tsx, so no build step is needed for the command line.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../cli.ts');
await run(process.argv.slice(2));
