// Child process for the two-clerks numbering test: opens its own core (its own connection) on a shared data folder,
// signs in as one clerk and tries to issue every given approved document, in its own order. Prints what it got:
// the numbers it issued, and how many were refused because the other clerk had issued them first.

import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../../src-main/core';
import { packageRoot } from '../../src-main/env';
import { silentLogger } from './core';

const [dataDir, username, password, idsArg, nowArg, barrier, partiesArg] = process.argv.slice(2);
const core = createCore({
  dataDir,
  resourcesDir: path.join(packageRoot(), 'resources'),
  version: 'test',
  clock: { now: () => Number(nowArg) },
  logger: silentLogger,
  scryptCost: 1 << 10,
  timers: false,
});
try {
  const login = await core.dispatch('auth.login', { username, password }, { origin: 'test' });
  if (!login.ok) throw new Error(JSON.stringify(login));
  const token = (login.value as { token: string }).token;
  // Warm up (statements prepared, pages cached) so the first issue call is as quick as the others.
  const first = (JSON.parse(idsArg) as number[])[0];
  await core.dispatch('outgoing.get', { id: first }, { token, origin: 'test' });
  // Start together: each says it is ready, then waits for the others, so the issuing really overlaps.
  fs.mkdirSync(barrier, { recursive: true });
  fs.writeFileSync(path.join(barrier, username), '');
  while (fs.readdirSync(barrier).length < Number(partiesArg)) await new Promise((r) => setTimeout(r, 2));
  const issued: Array<{ id: number; number: string }> = [];
  const refused: string[] = [];
  for (const id of JSON.parse(idsArg) as number[]) {
    const r = await core.dispatch('outgoing.issue', { id, version: 1 }, { token, origin: 'test' });
    if (r.ok) issued.push({ id, number: (r.value as { number: string }).number });
    else refused.push(r.error.code);
  }
  process.stdout.write(JSON.stringify({ issued, refused }));
} finally {
  core.close();
}
