// Opens a core of its own (its own better-sqlite3 connection) on a shared data folder, signs in and registers
// `count` documents, returning the numbers it was given. Used by the multi-process and multi-thread numbering tests.

import path from 'node:path';
import { createCore } from '../../src-main/core';
import { packageRoot } from '../../src-main/env';
import { silentLogger } from './core';
import { docInput } from './incoming';

export interface RegisterManyArgs {
  dataDir: string;
  username: string;
  password: string;
  registerId: number;
  count: number;
  tag: string;
  now: number;
  /** Called once signed in, before the first registration (e.g. to wait for the other writers). */
  ready?: () => void;
  /** Called before each registration (e.g. a random pause, so the writers interleave differently each run). */
  beforeEach?: (i: number) => void;
}

export async function registerMany(a: RegisterManyArgs): Promise<number[]> {
  const core = createCore({
    dataDir: a.dataDir,
    resourcesDir: path.join(packageRoot(), 'resources'),
    version: 'test',
    clock: { now: () => a.now },
    logger: silentLogger,
    scryptCost: 1 << 10,
    timers: false,
  });
  try {
    const login = await core.dispatch('auth.login', { username: a.username, password: a.password }, { origin: 'test' });
    if (!login.ok) throw new Error(JSON.stringify(login));
    const token = (login.value as { token: string }).token;
    a.ready?.();
    const numbers: number[] = [];
    for (let i = 0; i < a.count; i++) {
      a.beforeEach?.(i);
      const r = await core.dispatch('incoming.register', docInput(a.registerId, { codeNumber: `${a.tag}-${i}`, issuedDate: null }), { token, origin: 'test' });
      if (!r.ok) throw new Error(JSON.stringify(r));
      numbers.push((r.value as { arrivalNumber: number }).arrivalNumber);
    }
    return numbers;
  } finally {
    core.close();
  }
}
