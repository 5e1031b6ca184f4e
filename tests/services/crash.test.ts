// A process killed in the middle of a write loses nothing committed and leaves nothing half-done: the import of an
// old register is one transaction, so after a kill -9 either every row is there or none, and the database is sound.

import { spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { createCore } from '../../src-main/core';
import { makeCore, testClock, testEnv, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';

let t: TestCore;
afterEach(() => t?.close());

it('keeps the database whole when the process is killed during a large import', async () => {
  t = makeCore({ clock: { now: () => Date.now(), set() {}, advance() {} } });
  const o = await clerkOffice(t);
  // Something committed before the crash, which must survive it.
  const before = await t.ok('incoming.register', docInput(o.registerId, { issuedDate: null }), o.clerkToken);
  t.close();

  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/import-worker.ts', t.dir, String(o.registerId), String(o.clerkId), '60000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('start')) setTimeout(() => (child.kill('SIGKILL'), resolve()), 400);
    });
    child.on('exit', (code) => code !== null && code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
  await new Promise((r) => child.on('close', r));

  const core = createCore(testEnv(t.dir, testClock()));
  try {
    const raw = core.services.raw;
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (raw.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    expect(n).toBe(1); // killed 400 ms into a 60,000-row transaction: rolled back
    const reg = raw.prepare('SELECT last_number FROM registers WHERE id = ?').get(o.registerId) as { last_number: number };
    expect(reg.last_number).toBe(1);
    expect((raw.prepare('SELECT id FROM documents').get() as { id: number }).id).toBe(before.id);
    // The full-text index agrees with the table.
    expect((raw.prepare("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH 'quyet'").get() as { n: number }).n).toBe(1);
  } finally {
    core.close();
  }
}, 60_000);
