// Child process for tests/services/scan-watch-crash.test.ts: opens an office's data folder and polls its watched
// folder until it is empty. After each step of a file's import (hashed, committed, moved, marked) it prints the step
// and waits for "go" on stdin, so the parent can kill it -9 exactly there. Run with
// `node --import tsx/esm tests/helpers/scan-watch-child.ts <dataDir>`.

import fs from 'node:fs';
import readline from 'node:readline';
import { createCore } from '../../src-main/core';
import type { Logger } from '../../src-main/env';
import { ignoredName } from '../../src-main/scanning/watch';
import { testEnv } from './core';

const [dataDir] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);
const logger: Logger = {
  info() {},
  warn: (msg, data) => process.stderr.write(`warn ${msg} ${JSON.stringify(data ?? {})}\n`),
  error: (msg, data) => process.stderr.write(`error ${msg} ${JSON.stringify(data ?? {})}\n`),
};

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const go = async () => {
  const l = await lines.next();
  if (l.done) process.exit(4);
};

const clock = { now: () => Date.now(), set() {}, advance() {} };
const core = createCore(testEnv(dataDir, clock, { logger, ocr: 'none', scanner: null }));
const watch = core.services.scanning.settings().watchFolder!;
say('ready');
for (let round = 0; ; round++) {
  if (round === 200) {
    say('not drained after 200 polls');
    process.exit(3);
  }
  await core.services.scanning.pollOnce({
    onStep: async (step, name) => {
      say(`${step} ${name}`);
      await go();
    },
  });
  const left = fs.readdirSync(watch, { withFileTypes: true }).filter((d) => d.isFile() && !ignoredName(d.name));
  if (!left.length) break;
}
await core.idle();
core.close();
say('drained');
process.exit(0);
