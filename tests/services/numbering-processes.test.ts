// Registers from several processes at once on one database (the app and the CLI, or two app instances): numbers
// must stay consecutive and unique — the IMMEDIATE transaction around allocation serialises them.

import { spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { makeCore, STRONG_PASSWORD, type TestCore } from '../helpers/core';
import { clerkOffice } from '../helpers/incoming';

let t: TestCore;
afterEach(() => t?.close());

function worker(args: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/register-worker.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`worker ${code}: ${err}`))));
  });
}

it('keeps numbers consecutive and unique with four processes registering at once', async () => {
  t = makeCore();
  const o = await clerkOffice(t);
  const username = (t.core.services.raw.prepare('SELECT username FROM users WHERE id = ?').get(o.clerkId) as { username: string }).username;
  const perWorker = 25;
  const results = await Promise.all([0, 1, 2, 3].map((w) => worker([t.dir, username, STRONG_PASSWORD, String(o.registerId), String(perWorker), `w${w}`, String(t.clock.now())])));
  const all = results.flat().sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: 4 * perWorker }, (_, i) => i + 1));
  const reg = (await t.ok('registers.list', { direction: 'in' }, o.clerkToken)).find((r) => r.id === o.registerId)!;
  expect(reg.lastNumber).toBe(4 * perWorker);
}, 60_000);
