// The audit chain beyond the database file (issue 7 §16): rows cut from the end are found through the anchor file,
// a chain re-hashed without the key is found through the HMAC, dropped triggers come back at start, databases
// chained before the key keep verifying, and the anchor stays truthful with several processes writing.

import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_TRIGGERS, createAudit, GENESIS_HASH, rowHash, type StoredRow } from '../../src-main/audit/service';
import { ANCHOR_FILE, KEY_FILE } from '../../src-main/audit/chain-files';
import { migrate } from '../../src-main/db/migrate';
import { openDatabase } from '../../src-main/db/open';
import { packageRoot } from '../../src-main/env';
import { makeCore, setupOffice, STRONG_PASSWORD, tempDir, type TestCore } from '../helpers/core';
import { clerkOffice } from '../helpers/incoming';

let t: TestCore;
afterEach(() => t?.close());

async function officeWithRows(units = 12): Promise<{ adminToken: string; last: number }> {
  t = makeCore();
  const { adminToken } = await setupOffice(t);
  for (let i = 0; i < units; i++) await t.ok('units.create', { name: `Đơn vị ${i}`, code: null, parentId: null }, adminToken);
  return { adminToken, last: lastId() };
}

function lastId(): number {
  return (t.core.services.raw.prepare('SELECT max(id) n FROM audit_log').get() as { n: number }).n;
}

type Row = StoredRow;

/** What someone with only the database file can do: edit a row and re-hash the chain from there with SHA-256. */
function rewriteFrom(db: Database.Database, fromId: number): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  db.prepare("UPDATE audit_log SET actor_name = 'ke-gian' WHERE id = ?").run(fromId);
  const rows = db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id').all(fromId) as Row[];
  let prev = fromId === 1 ? GENESIS_HASH : (db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(fromId - 1) as { hash: string }).hash;
  const upd = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const r of rows) {
    const h = rowHash(prev, r);
    upd.run(prev, h, r.id);
    prev = h;
  }
}

describe('audit anchor', () => {
  for (const n of [1, 10]) {
    it(`reports the last ${n} row(s) deleted with the trigger dropped`, async () => {
      const { adminToken, last } = await officeWithRows();
      expect(await t.ok('audit.verify', {}, adminToken)).toMatchObject({ intact: true, anchor: { state: 'match', count: last } });
      const raw = t.core.services.raw;
      raw.exec('DROP TRIGGER audit_log_no_delete');
      raw.prepare('DELETE FROM audit_log WHERE id > ?').run(last - n);
      const v = await t.ok('audit.verify', {}, adminToken);
      // verify itself is a read: nothing appended, the evidence stays as it is.
      expect(v).toMatchObject({ intact: false, brokenAt: last - n + 1, anchor: { state: 'rows_missing', count: last, missingRows: n } });
      expect(v.reason).toContain(`Mất ${n} dòng cuối`);
    });
  }

  it('keeps the anchor as evidence when deleted rows are replaced by new ones', async () => {
    const { adminToken, last } = await officeWithRows();
    const raw = t.core.services.raw;
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE id > ?').run(last - 3);
    // The app goes on writing: ids are reused, the chain itself is consistent again.
    for (let i = 0; i < 5; i++) await t.ok('units.create', { name: `Mới ${i}`, code: null, parentId: null }, adminToken);
    const v = await t.ok('audit.verify', {}, adminToken);
    expect(v).toMatchObject({ intact: false, brokenAt: last, anchor: { state: 'diverged', count: last } });
  });

  it('finds an edited row re-hashed to the end of the chain without the key', async () => {
    const { adminToken } = await officeWithRows(3);
    rewriteFrom(t.core.services.raw, 3);
    expect(await t.ok('audit.verify', {}, adminToken)).toMatchObject({ intact: false, brokenAt: 3, keyedFrom: 1 });
  });

  it('tolerates an anchor behind the database (a crash between commit and anchor), then catches up', async () => {
    const { adminToken } = await officeWithRows(2);
    const file = path.join(t.dir, ANCHOR_FILE);
    const old = fs.readFileSync(file);
    const oldCount = (JSON.parse(old.toString()) as { count: number }).count;
    for (let i = 0; i < 3; i++) await t.ok('units.create', { name: `Sau ${i}`, code: null, parentId: null }, adminToken);
    fs.writeFileSync(file, old);
    const v = await t.ok('audit.verify', {}, adminToken);
    expect(v).toMatchObject({ intact: true, anchor: { state: 'behind', count: oldCount } });
    await t.ok('units.create', { name: 'Tiếp', code: null, parentId: null }, adminToken);
    expect(await t.ok('audit.verify', {}, adminToken)).toMatchObject({ intact: true, anchor: { state: 'match', count: lastId() } });
  });

  it('refuses a forged or missing anchor', async () => {
    const { adminToken, last } = await officeWithRows(2);
    const file = path.join(t.dir, ANCHOR_FILE);
    const a = JSON.parse(fs.readFileSync(file, 'utf8')) as { count: number };
    fs.writeFileSync(file, JSON.stringify({ ...a, count: last - 1 }));
    expect(await t.ok('audit.verify', {}, adminToken)).toMatchObject({ intact: false, anchor: { state: 'invalid' } });
    fs.rmSync(file);
    expect(await t.ok('audit.verify', {}, adminToken)).toMatchObject({ intact: false, anchor: { state: 'missing' } });
  });

  it('keeps the key outside the database, readable by the owner only', async () => {
    await officeWithRows(1);
    const keyFile = path.join(t.dir, KEY_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = (JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { key: string }).key;
    t.close();
    const dbBytes = fs.readFileSync(path.join(t.dir, 'vanthu.db')).toString('latin1');
    expect(dbBytes).not.toContain(key);
    t = makeCore({ dir: t.dir });
  });
});

describe('chains from before the key', () => {
  it('verifies old unkeyed rows unchanged and keys every row after them', async () => {
    // A data folder as the previous version left it: rows chained with plain SHA-256, no key, no anchor.
    const dir = tempDir();
    const { raw } = openDatabase(path.join(dir, 'vanthu.db'));
    migrate(raw, path.join(packageRoot(), 'resources', 'migrations'));
    const legacy = createAudit(raw);
    for (let i = 0; i < 6; i++) legacy.append({ at: 1_700_000_000_000 + i, actorId: null, actorName: 'cu', action: 'units.create', outcome: 'ok', details: { i } });
    const before = raw.prepare('SELECT * FROM audit_log ORDER BY id').all();
    raw.close();

    t = makeCore({ dir });
    const { adminToken } = await setupOffice(t);
    const v = await t.ok('audit.verify', {}, adminToken);
    expect(v).toMatchObject({ intact: true, keyedFrom: 7, anchor: { state: 'match' } });
    // Stored rows were not rewritten.
    expect(t.core.services.raw.prepare('SELECT * FROM audit_log WHERE id <= 6 ORDER BY id').all()).toEqual(before);
    const row7 = t.core.services.raw.prepare('SELECT * FROM audit_log WHERE id = 7').get() as Row;
    expect(row7.hash).not.toBe(rowHash(row7.prev_hash, row7));

    // Rewriting an old unkeyed row and re-hashing onwards breaks at the first keyed row.
    rewriteFrom(t.core.services.raw, 2);
    const broken = await t.ok('audit.verify', {}, adminToken);
    expect(broken).toMatchObject({ intact: false, brokenAt: 7 });
    expect(broken.reason).toMatch(/dòng đầu tiên có khóa/);
  });
});

describe('append-only triggers', () => {
  it('are restored at start when dropped or replaced, with a security event in the log', async () => {
    const { last } = await officeWithRows(1);
    const raw = t.core.services.raw;
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.exec('CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END');
    t.close();
    t = makeCore({ dir: t.dir });
    const r = t.core.services.raw;
    const triggers = r.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    expect(triggers.map((x) => x.name)).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
    expect(triggers.find((x) => x.name === 'audit_log_no_update')!.sql).toBe(AUDIT_TRIGGERS.audit_log_no_update);
    expect(() => r.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => r.prepare("UPDATE audit_log SET action = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    const event = r.prepare("SELECT id, outcome, details FROM audit_log WHERE action = 'audit.triggersRestored'").get() as { id: number; outcome: string; details: string };
    expect(event.id).toBe(last + 1);
    expect(JSON.parse(event.details).restored.sort()).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
    // A clean start records nothing.
    t.close();
    t = makeCore({ dir: t.dir });
    expect(t.core.services.raw.prepare("SELECT count(*) n FROM audit_log WHERE action = 'audit.triggersRestored'").get()).toEqual({ n: 1 });
  });
});

describe('several processes', () => {
  function worker(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/register-worker.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${code}: ${err}`))));
    });
  }

  it('a process killed while writing leaves no false alarm: the anchor is at most behind', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const username = (t.core.services.raw.prepare('SELECT username FROM users WHERE id = ?').get(o.clerkId) as { username: string }).username;
    for (let round = 0; round < 3; round++) {
      const p = spawn(
        process.execPath,
        ['--import', 'tsx/esm', 'tests/helpers/register-worker.ts', t.dir, username, STRONG_PASSWORD, String(o.registerId), '100000', `k${round}`, String(t.clock.now())],
        { stdio: 'ignore' },
      );
      const before = lastId();
      // Kill it once it is writing, at a moment of its own choosing.
      while (lastId() < before + 5 + round * 7) await new Promise((r) => setTimeout(r, 20));
      p.kill('SIGKILL');
      await new Promise((r) => p.on('exit', r));
      const v = t.core.services.audit.verify();
      expect(v.intact, v.reason ?? '').toBe(true);
      expect(['match', 'behind']).toContain(v.anchor.state);
    }
  }, 60_000);

  it('leave an anchor that matches the head, never behind what it had', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const username = (t.core.services.raw.prepare('SELECT username FROM users WHERE id = ?').get(o.clerkId) as { username: string }).username;
    await Promise.all([0, 1, 2].map((w) => worker([t.dir, username, STRONG_PASSWORD, String(o.registerId), '15', `p${w}`, String(t.clock.now())])));
    const v = t.core.services.audit.verify();
    expect(v).toMatchObject({ intact: true, anchor: { state: 'match', count: lastId() } });
  }, 60_000);
});

describe('at start', () => {
  it('records rows cut from the end once, with the exact count, before appending anything', async () => {
    const { last } = await officeWithRows(12);
    const raw = t.core.services.raw;
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE id > ?').run(last - 10);
    t.close();
    t = makeCore({ dir: t.dir });
    t.close();
    t = makeCore({ dir: t.dir });
    const events = t.core.services.raw.prepare('SELECT id, action, details FROM audit_log WHERE id > ? ORDER BY id').all(last - 10) as Array<{
      id: number;
      action: string;
      details: string;
    }>;
    expect(events.map((e) => e.action)).toEqual(['audit.rowsMissing', 'audit.triggersRestored']);
    expect(JSON.parse(events[0].details)).toEqual({ anchorCount: last, dbCount: last - 10, missingRows: 10 });
    // Two rows were appended since, yet verify still names the ten that went missing.
    expect(t.core.services.audit.verify()).toMatchObject({ intact: false, brokenAt: last - 9, anchor: { state: 'rows_missing', missingRows: 10 } });
  });
});

describe('a lost key', () => {
  it('is recorded at start and verify does not call the log intact', async () => {
    await officeWithRows(2);
    t.close();
    fs.rmSync(path.join(t.dir, KEY_FILE));
    t = makeCore({ dir: t.dir });
    const ev = t.core.services.raw.prepare("SELECT outcome FROM audit_log WHERE action = 'audit.keyMissing'").all();
    expect(ev).toEqual([{ outcome: 'failed' }]);
    const v = t.core.services.audit.verify();
    expect(v.intact).toBe(false);
  });
});
