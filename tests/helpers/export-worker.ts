// Child process for the export kill test: exports one file again and again until it is killed, announcing each
// start so the parent can kill it while a ZIP is being written.

import path from 'node:path';
import { createCore } from '../../src-main/core';
import { packageRoot } from '../../src-main/env';
import { silentLogger } from './core';

const [dataDir, fileId, userId] = process.argv.slice(2);
const core = createCore({ dataDir, resourcesDir: path.join(packageRoot(), 'resources'), version: 'test', clock: { now: () => Date.now() }, logger: silentLogger, timers: false });
const token = core.services.sessions.create(Number(userId), 'cli');
for (;;) {
  process.stdout.write('start\n');
  const r = await core.dispatch('files.export', { id: Number(fileId) }, { token, origin: 'cli' });
  if (!r.ok) {
    process.stderr.write(JSON.stringify(r.error));
    process.exit(2);
  }
  process.stdout.write(`done ${(r.value as { hash: string }).hash}\n`);
}
