// `vanthu audit verify --hub` against the real hub (in this process, on PGlite): the office's anchors pushed by the
// sync worker confirm the local chain; after the last rows are cut from the log (triggers dropped, the local anchor
// file removed so the machine alone cannot tell), the hub's anchor says the log was truncated after its time.

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli';
import { makeCore, setupOffice, type TestCore } from '../helpers/core';
import { startHubInProcess, type InProcessHub } from '../helpers/hub';

const CODE = '000.00.41.H35';
let hub: InProcessHub;
let t: TestCore;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(args);
    return { code, out };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  hub = await startHubInProcess({ db: 'pglite' });
  const cred = await hub.addOffice(CODE, 'Ủy ban nhân dân xã Liêm Sơn');
  t = makeCore();
  const { adminToken } = await setupOffice(t);
  await t.ok('sync.saveSettings', { enabled: true, hubUrl: hub.url, officeCode: CODE, secret: cred.secret, caFile: null, intervalSec: 30 }, adminToken);
  await t.ok('sync.now', {}, adminToken);
  // More history, anchored again.
  await t.ok('users.create', { fullName: 'Trần Thị Mai', roles: ['clerk'], password: 'Tam@thoi2026' }, adminToken);
  await t.ok('users.create', { fullName: 'Lê Văn Hùng', roles: ['staff'], password: 'Tam@thoi2026' }, adminToken);
  await t.ok('sync.now', {}, adminToken);
  await t.core.services.syncWorker.settled();
  t.close();
}, 120_000);

afterAll(async () => {
  await hub?.close();
});

describe('audit verify --hub', () => {
  it('confirms the chain against the anchors, then says plainly that the log was cut after the anchored time', async () => {
    const ok = await cli(['audit', 'verify', '--hub', '--data-dir', t.dir]);
    expect(ok.out).toMatch(/Khớp 2 mốc nhật ký trên trục liên thông/);
    expect(ok.code).toBe(0);

    const db = new Database(path.join(t.dir, 'vanthu.db'));
    const last = db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    db.exec('DROP TRIGGER audit_log_no_delete');
    // Cut deep enough that the rows the next start appends (trigger restored …) cannot refill it.
    db.prepare('DELETE FROM audit_log WHERE id > ?').run(2);
    db.close();
    fs.rmSync(path.join(t.dir, 'audit.anchor'), { force: true });

    const cut = await cli(['audit', 'verify', '--hub', '--data-dir', t.dir]);
    expect(cut.out).toContain('NHẬT KÝ BỊ CẮT BỚT');
    expect(cut.out).toContain(`trục ghi nhận nhật ký có ${last} dòng lúc`);
    // The machine alone no longer sees it (the start made a new anchor file over the cut log).
    expect(cut.out).toContain('Nhật ký toàn vẹn');
    expect(cut.code).toBe(2);
  });
});
