// Child process for the multi-process numbering test: opens its own core on a shared data folder and registers
// documents as fast as it can, printing the numbers it was given.

import { createCore } from '../../src-main/core';
import { docInput } from './incoming';
import { silentLogger } from './core';
import { packageRoot } from '../../src-main/env';
import path from 'node:path';

const [dataDir, username, password, registerId, countArg, tag, nowArg] = process.argv.slice(2);
const fixedNow = Number(nowArg);
const core = createCore({
  dataDir,
  resourcesDir: path.join(packageRoot(), 'resources'),
  version: 'test',
  clock: { now: () => fixedNow },
  logger: silentLogger,
  scryptCost: 1 << 10,
  timers: false,
});
const login = await core.dispatch('auth.login', { username, password }, { origin: 'test' });
if (!login.ok) throw new Error(JSON.stringify(login));
const token = (login.value as { token: string }).token;
const numbers: number[] = [];
for (let i = 0; i < Number(countArg); i++) {
  const r = await core.dispatch('incoming.register', docInput(Number(registerId), { codeNumber: `${tag}-${i}`, issuedDate: null }), { token, origin: 'test' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  numbers.push((r.value as { arrivalNumber: number }).arrivalNumber);
}
core.close();
process.stdout.write(JSON.stringify(numbers));
