// Backup and verified restore (src-main/backup/): a backup taken while a clerk keeps registering documents restores
// into a new folder that opens, counts what the snapshot held and whose audit chain ends at the anchor; damaged,
// truncated, re-ordered or wrongly-decrypted backups are refused naming the file; an unplugged disk mid-backup leaves
// the earlier backups intact and a failed run in the history; keep-last-N; incremental blob copies; the anchors log.

import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src-main/env';
import { DEST_LOCK, FORMAT_V1, listBackupDirs, MANIFEST, restoreBackup, runBackup, snapshotDb, verifyBackup, verifyFolder, type Manifest } from '../../src-main/backup/engine';
import { openCheck } from '../../src-main/backup/restore-check';
import { makeCore, tempDir, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';

type Office = Awaited<ReturnType<typeof clerkOffice>>;

let t: TestCore;
let o: Office;
let dest: string;
let n = 0;

const check = () => openCheck({ resourcesDir: path.join(packageRoot(), 'resources'), version: 'test', clock: { now: () => Date.now() } });

async function addDoc(): Promise<string> {
  const k = ++n;
  const text = `Công văn số ${k} về việc rà soát hộ nghèo thôn Yên Lạc, lần ${k} — ${'nội dung '.repeat(40)}`;
  const blob = await t.ok('blobs.put', { fileName: `cong-van-${k}.txt`, bytes: new TextEncoder().encode(text) }, o.clerkToken);
  await t.ok('incoming.register', docInput(o.registerId, { codeNumber: String(100 + k), files: [{ hash: blob.hash, fileName: `cong-van-${k}.txt`, role: 'main' }] }), o.clerkToken);
  return blob.hash;
}

async function setDest(extra: Partial<{ keep: number; encrypt: boolean; passphrase: string; enabled: boolean; weekday: number; time: string }> = {}) {
  return t.ok('backup.saveSettings', { dest, enabled: false, weekday: 5, time: '17:30', keep: 8, encrypt: false, ...extra }, o.adminToken);
}

const backupNow = (passphrase?: string) => t.ok('backup.run', { wait: true, ...(passphrase ? { passphrase } : {}) }, o.adminToken);

/** A copy of the destination to damage without touching the original. */
function copyDest(): string {
  const d = tempDir('vanthu-bk-copy-');
  fs.cpSync(dest, d, { recursive: true });
  return d;
}

function flipByte(file: string, at = 'middle'): void {
  fs.chmodSync(file, 0o644);
  const b = fs.readFileSync(file);
  const i = at === 'middle' ? Math.floor(b.length / 2) : b.length - 1;
  b[i] ^= 0x01;
  fs.writeFileSync(file, b);
}

function firstPoolFile(root: string): string {
  const walk = (d: string): string | null => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'tmp') {
        const f = walk(p);
        if (f) return f;
      } else if (e.isFile()) return p;
    }
    return null;
  };
  return walk(path.join(root, 'pool'))!;
}

const onlyBackup = (root: string) =>
  path.join(
    root,
    fs.readdirSync(root).find((x) => x.startsWith('vanthu-'))!,
  );

const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;

/** The pool file of chunk `i` of a backup's database (format 2). */
function dbChunkFile(dir: string, i: number): string {
  const m = manifestOf(dir);
  const h = m.db!.chunks[i];
  return path.join(path.dirname(dir), m.pool, h.slice(0, 2), m.encryption ? `${h}.enc` : h);
}

/** Every chunk file of the pool a backup's database uses. */
const dbChunkFiles = (dir: string) => manifestOf(dir).db!.chunks.map((_, i) => dbChunkFile(dir, i));

beforeEach(async () => {
  t = makeCore();
  o = await clerkOffice(t);
  dest = tempDir('vanthu-bk-dest-');
  n = 0;
});

afterEach(async () => {
  await t.core.idle();
  t.close();
});

describe('backup and restore', () => {
  it('backs up while a clerk keeps registering, restores into a new folder that opens with its chain at the anchor', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 5; i++) await addDoc();
    await setDest();
    // A writer registers documents all through the backup, and one write lands inside each phase of it for sure.
    let running = true;
    const writer = (async () => {
      let k = 0;
      while (running) {
        await addDoc();
        k++;
      }
      return k;
    })();
    const phases = new Set<string>();
    t.core.services.backup.setProgressHook(async (p) => {
      if (!phases.has(p.phase)) {
        phases.add(p.phase);
        await addDoc();
      }
    });
    const run = await backupNow();
    running = false;
    const written = await writer;
    t.core.services.backup.setProgressHook(null);
    expect(run.status).toBe('ok');
    expect(written).toBeGreaterThan(0);
    expect([...phases]).toEqual(expect.arrayContaining(['db', 'blobs', 'finish']));

    const dir = path.join(dest, run.backupId!);
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    // The snapshot was made off the request thread (a worker's own connection), not by the fallback.
    const probe = path.join(tempDir('vanthu-snap-'), 'x.db');
    expect((await snapshotDb(t.core.services.raw, probe)).method).toBe('backup-worker');
    const live = t.core.services.raw.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    expect(m.counts.documents).toBeGreaterThanOrEqual(5);
    expect(m.counts.documents).toBeLessThan(live); // later registrations are not in this snapshot
    expect(run.auditCount).toBe(m.anchor.count);
    const liveHash = t.core.services.raw.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(m.anchor.count);
    expect(m.anchor.hash).toBe(liveHash); // the snapshot's head is a row of the live chain

    // The history and the audit log say so.
    const st = await t.ok('backup.status', {}, o.adminToken);
    expect(st.lastGood?.backupId).toBe(run.backupId);
    expect(st.warning).toBeNull();
    const audit = await t.ok('audit.list', { action: 'backup.finished', limit: 5 }, o.adminToken);
    expect(audit.items[0].outcome).toBe('ok');

    const target = path.join(tempDir('vanthu-restore-'), 'du-lieu-moi');
    const r = await restoreBackup(dir, target, { openCheck: check() });
    expect(r.opened.documents).toBe(m.counts.documents);
    expect(r.opened.auditIntact).toBe(true);
    expect(r.opened.anchorState).toBe('match');
    expect(r.opened.lastAudit?.id).toBe(m.anchor.count);
    // Every file of the snapshot came back byte for byte.
    const hashes = t.core.services.raw.prepare('SELECT hash FROM blobs').pluck().all() as string[];
    const restoredHashes = new Set(m.blobs.map(([h]) => h));
    for (const h of restoredHashes) {
      const p = path.join(target, 'blobs', h.slice(0, 2), h.slice(2, 4), h);
      expect(execFileSync('sha256sum', [p], { encoding: 'utf8' }).split(' ')[0]).toBe(h);
    }
    expect(restoredHashes.size).toBeLessThan(hashes.length);
    expect(fs.readdirSync(path.dirname(target)).filter((x) => x.startsWith('.dang-phuc-hoi'))).toEqual([]);

    // The restored folder is a working office: its admin can sign in, and `audit verify` agrees.
    const again = makeCore({ dir: target });
    try {
      const v = await again.ok('auth.login', { username: 'admin', password: 'VanThu#2026a' });
      const ver = await again.ok('audit.verify', {}, v.token);
      expect(ver.intact).toBe(true);
      expect(ver.checked).toBeGreaterThan(m.anchor.count);
    } finally {
      again.close();
    }
  });

  it('copies only new files on the next backup, keeps the last N and the files they still use', { timeout: 120_000 }, async () => {
    const first = [await addDoc(), await addDoc(), await addDoc()];
    await setDest({ keep: 2 });
    const b1 = await backupNow();
    expect(b1.blobsCopied).toBe(3);
    t.clock.advance(60_000);
    const second = [await addDoc(), await addDoc()];
    const b2 = await backupNow();
    expect(b2.blobsTotal).toBe(5);
    expect(b2.blobsCopied).toBe(2); // the three already in the pool are not copied again
    t.clock.advance(60_000);
    const b3 = await backupNow();
    expect(b3.blobsCopied).toBe(0);
    // keep = 2: the first backup went, the pool still has every file the two kept ones refer to.
    const kept = fs.readdirSync(dest).filter((x) => x.startsWith('vanthu-'));
    expect(kept.sort()).toEqual([b2.backupId, b3.backupId].sort());
    for (const h of [...first, ...second]) expect(fs.existsSync(path.join(dest, 'pool', h.slice(0, 2), h))).toBe(true);
    expect((await verifyFolder(dest)).map((r) => r.id)).toEqual([b2.backupId, b3.backupId]);

    // A file no kept backup refers to leaves the pool: void its document's file… simplest, a stray file in the pool.
    const stray = path.join(dest, 'pool', 'ff', 'f'.repeat(64));
    fs.mkdirSync(path.dirname(stray), { recursive: true });
    fs.writeFileSync(stray, 'x');
    t.clock.advance(60_000);
    await backupNow();
    expect(fs.existsSync(stray)).toBe(false);
  });

  it('stores the database as chunks: a later backup writes only the few that changed; pruning keeps shared ones; restores equal', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 20; i++) await addDoc();
    // One-page chunks (4 KiB) so the small test database, where every table still fits in a few pages, has enough of
    // them to tell a few from all.
    const base = { raw: t.core.services.raw, dataDir: t.dir, dest, key: null, keep: 2, appVersion: 'test', orgCode: null, dbChunkSize: 4096 };
    const b1 = await runBackup({ ...base, now: t.clock.now() });
    const m1 = manifestOf(b1.dir);
    expect(m1.format).toBe('vanthu-backup/2');
    expect(b1.dbChunks).toBe(m1.db!.chunks.length);
    expect(b1.dbChunks).toBeGreaterThan(100);
    expect(b1.dbChunksCopied).toBe(new Set(m1.db!.chunks).size); // an empty pool: every distinct chunk written once
    expect(fs.readdirSync(path.join(t.dir, '.backup-tmp'))).toEqual([]); // the staging snapshot is gone

    for (let i = 0; i < 3; i++) await addDoc();
    t.clock.advance(60_000);
    const b2 = await runBackup({ ...base, now: t.clock.now() });
    const m2 = manifestOf(b2.dir);
    expect(m2.counts.documents).toBe(m1.counts.documents + 3);
    const fresh2 = m2.db!.chunks.filter((h) => !m1.db!.chunks.includes(h));
    expect(b2.dbChunksCopied).toBe(new Set(fresh2).size);
    expect(b2.dbChunksCopied).toBeGreaterThan(0);
    expect(b2.dbChunksCopied * 4).toBeLessThan(b2.dbChunks); // only the chunks holding changed pages
    expect(b2.dbBytesCopied).toBeLessThan(b2.dbBytes / 4);

    // Nothing changed: the page layout is kept, so no chunk is new. keep = 2: this third backup drops the first;
    // chunks only the first used leave the pool, shared ones stay.
    t.clock.advance(60_000);
    const b3 = await runBackup({ ...base, now: t.clock.now() });
    const m3 = manifestOf(b3.dir);
    expect(b3.dbChunksCopied).toBe(0);
    expect(m3.db!.sha256).toBe(m2.db!.sha256);
    expect(b3.pruned).toEqual([b1.id]);
    const keptChunks = new Set([...m2.db!.chunks, ...m3.db!.chunks]);
    const onlyFirst = m1.db!.chunks.filter((h) => !keptChunks.has(h));
    const shared = m1.db!.chunks.filter((h) => m3.db!.chunks.includes(h));
    expect(onlyFirst.length).toBeGreaterThan(0);
    expect(shared.length).toBeGreaterThan(0);
    const inPool = (h: string) => fs.existsSync(path.join(dest, 'pool', h.slice(0, 2), h));
    for (const h of onlyFirst) expect(inPool(h)).toBe(false);
    for (const h of keptChunks) expect(inPool(h)).toBe(true);
    expect((await verifyFolder(dest)).map((r) => [r.id, r.chainChecked])).toEqual([
      [b2.id, true],
      [b3.id, true],
    ]);

    // The database reassembled from its chunks restores into an office equal to the snapshot.
    const target = path.join(tempDir('vanthu-restore-'), 'tu-cac-khoi');
    const r = await restoreBackup(b3.dir, target, { openCheck: check() });
    expect(r.opened.documents).toBe(m3.counts.documents);
    expect(r.opened.auditRows).toBeGreaterThanOrEqual(m3.anchor.count);
    expect(r.opened.auditIntact).toBe(true);
    expect(r.opened.anchorState).toBe('match');
    expect(r.opened.lastAudit?.id).toBe(m3.anchor.count);
    expect(r.opened.blobs).toBe(m3.blobs.length);
  });

  it('still verifies and restores format-1 backups made before the chunks (fixtures, plain and encrypted) next to new ones', { timeout: 120_000 }, async () => {
    // Made by the code of d4048d9 (the whole snapshot as vanthu.db in the backup folder): 3 documents, 3 files.
    const fixtures = path.join(packageRoot(), 'tests', 'fixtures', 'backup-v1');
    for (const [name, pass] of [
      ['plain', undefined],
      ['enc', 'Mật khẩu cũ 2026'],
    ] as const) {
      const root = tempDir('vanthu-bk-v1-');
      fs.cpSync(path.join(fixtures, name), root, { recursive: true });
      const dir = onlyBackup(root);
      const mo = manifestOf(dir);
      expect(mo.format).toBe(FORMAT_V1);
      expect(mo.db).toBeUndefined();
      const [rep] = await verifyFolder(root, { passphrase: pass });
      expect(rep.documents).toBe(3);
      expect(rep.chainChecked).toBe(!pass); // as before: an old encrypted backup's chain is checked by the restore
      const target = path.join(tempDir('vanthu-restore-'), `tu-ban-cu-${name}`);
      const r = await restoreBackup(dir, target, { passphrase: pass, openCheck: check() });
      expect(r.opened.documents).toBe(3);
      expect(r.opened.blobs).toBe(3);
      expect(r.opened.auditIntact).toBe(true);
      expect(r.opened.lastAudit?.id).toBe(mo.anchor.count);
      // Damage in the old layout is still named.
      const damaged = root; // a copy of the fixture, made above
      const dbFile = pass ? 'vanthu.db.enc' : 'vanthu.db';
      flipByte(path.join(onlyBackup(damaged), dbFile));
      await expect(verifyBackup(onlyBackup(damaged), { passphrase: pass })).rejects.toMatchObject({ code: 'backup_corrupt', details: { file: dbFile } });
    }

    // A new backup into a destination holding an old one: both verify; the old one's files stay in the pool.
    fs.cpSync(path.join(fixtures, 'plain'), dest, { recursive: true });
    await addDoc();
    const now2 = await runBackup({ raw: t.core.services.raw, dataDir: t.dir, dest, key: null, keep: 8, appVersion: 'test', orgCode: null, now: Date.UTC(2026, 11, 5, 3, 0) });
    expect(manifestOf(now2.dir).db).toBeDefined();
    expect((await verifyFolder(dest)).map((x) => [x.id, x.chainChecked])).toEqual([
      ['vanthu-20261204-173000', true],
      [now2.id, true],
    ]);
  });

  it('names the damaged file: a flipped byte in a database chunk, a pool file, the manifest; a truncated file', { timeout: 120_000 }, async () => {
    await addDoc();
    await addDoc();
    await setDest();
    const run = await backupNow();
    expect((await t.ok('backup.verify', { folder: dest }, o.adminToken)).ok).toBe(true);
    // The database is in the pool as chunks, not in the backup folder; the scratch copy verify made is gone.
    expect(fs.existsSync(path.join(onlyBackup(dest), 'vanthu.db'))).toBe(false);
    expect(manifestOf(onlyBackup(dest)).db!.chunks.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(t.dir, '.backup-tmp'))).toEqual([]);

    const cases: Array<[string, (root: string) => string]> = [
      ['db chunk', (root) => dbChunkFile(onlyBackup(root), 0)],
      ['last db chunk', (root) => dbChunkFile(onlyBackup(root), manifestOf(onlyBackup(root)).db!.chunks.length - 1)],
      ['pool', (root) => firstPoolFile(root)],
      ['manifest.json', (root) => path.join(onlyBackup(root), MANIFEST)],
      ['audit.key', (root) => path.join(onlyBackup(root), 'audit.key')],
    ];
    for (const [what, fileOf] of cases) {
      const root = copyDest();
      const f = fileOf(root);
      flipByte(f);
      const r = await t.ok('backup.verify', { folder: root }, o.adminToken);
      expect(r.ok, what).toBe(false);
      expect(r.error?.code).toBe('backup_corrupt');
      expect(r.error?.message).toContain(path.basename(f));
      // …and it is never restored, not even partly.
      const parent = tempDir('vanthu-restore-');
      await expect(restoreBackup(onlyBackup(root), path.join(parent, 'moi'), { openCheck: check() })).rejects.toMatchObject({ code: 'backup_corrupt' });
      expect(fs.readdirSync(parent)).toEqual([]);
    }
    // Truncated: a database chunk cut short; a missing one.
    {
      const root = copyDest();
      const c = dbChunkFile(onlyBackup(root), 0);
      fs.chmodSync(c, 0o644);
      fs.truncateSync(c, fs.statSync(c).size - 4096);
      await expect(verifyBackup(onlyBackup(root))).rejects.toMatchObject({ code: 'backup_corrupt', details: { file: path.relative(root, c), why: 'bị cắt ngắn' } });
    }
    {
      const root = copyDest();
      const c = dbChunkFile(onlyBackup(root), 0);
      fs.rmSync(c);
      await expect(verifyBackup(onlyBackup(root))).rejects.toMatchObject({ code: 'backup_corrupt', details: { file: path.relative(root, c) } });
      const parent = tempDir('vanthu-restore-');
      await expect(restoreBackup(onlyBackup(root), path.join(parent, 'moi'), { openCheck: check() })).rejects.toMatchObject({
        code: 'backup_corrupt',
        message: expect.stringContaining(path.basename(c)),
      });
      expect(fs.readdirSync(parent)).toEqual([]);
    }
    expect(run.status).toBe('ok');
  });

  it('encrypts with a passphrase: wrong passphrase, flipped bytes, truncation and swapped files are refused', { timeout: 120_000 }, async () => {
    await addDoc();
    await addDoc();
    const pass = 'Mật khẩu sao lưu 2026';
    await setDest({ encrypt: true, passphrase: pass });
    const st = await t.ok('backup.status', {}, o.adminToken);
    expect(st.keyStored).toBe(true);
    // The passphrase is nowhere in the data folder nor in the audit log.
    const kept = fs.readFileSync(path.join(t.dir, 'backup.key'), 'utf8');
    expect(kept).not.toContain(pass);
    expect((fs.statSync(path.join(t.dir, 'backup.key')).mode & 0o777).toString(8)).toBe('600');
    const auditText = JSON.stringify((await t.ok('audit.list', { limit: 50 }, o.adminToken)).items);
    expect(auditText).not.toContain(pass);

    const run = await backupNow(); // scheduled-style: the kept key, no passphrase given
    expect(run.status).toBe('ok');
    expect(run.encrypted).toBe(true);
    const dir = path.join(dest, run.backupId!);
    expect(fs.readdirSync(dir).filter((x) => x.startsWith('vanthu.db'))).toEqual([]);
    for (const c of dbChunkFiles(dir)) {
      expect(c.endsWith('.enc')).toBe(true);
      expect(fs.readFileSync(c).includes(Buffer.from('SQLite format'))).toBe(false);
    }

    await expect(verifyBackup(dir)).rejects.toMatchObject({ code: 'backup_passphrase_required' });
    await expect(verifyBackup(dir, { passphrase: 'sai mật khẩu rồi' })).rejects.toMatchObject({ code: 'backup_wrong_passphrase' });
    const ok = await verifyBackup(dir, { passphrase: pass });
    expect(ok.encrypted).toBe(true);
    expect(ok.chainChecked).toBe(true); // the chunks were decrypted into a scratch copy and its chain checked

    for (const [what, fileOf] of [
      ['db chunk', (root: string) => dbChunkFile(onlyBackup(root), 0)],
      ['last db chunk', (root: string) => dbChunkFile(onlyBackup(root), manifestOf(onlyBackup(root)).db!.chunks.length - 1)],
      ['pool', (root: string) => firstPoolFile(root)],
      ['manifest', (root: string) => path.join(onlyBackup(root), MANIFEST)],
    ] as const) {
      const root = copyDest();
      const f = fileOf(root);
      flipByte(f);
      await expect(verifyBackup(onlyBackup(root), { passphrase: pass }), what).rejects.toMatchObject({
        code: 'backup_corrupt',
        details: { file: expect.stringContaining(path.basename(f)) },
      });
    }
    // The manifest's sums of the stored bytes agree, but a chunk was cut off at a chunk boundary or the end.
    {
      const root = copyDest();
      const f = firstPoolFile(root);
      fs.chmodSync(f, 0o644);
      fs.truncateSync(f, fs.statSync(f).size - 5);
      await expect(verifyBackup(onlyBackup(root), { passphrase: pass })).rejects.toMatchObject({ code: 'backup_corrupt' });
    }
    // Two pool files swapped (each a valid encryption, of another blob): the label binds each to its name.
    {
      await addDoc();
      t.clock.advance(60_000);
      await backupNow();
      const root = copyDest();
      const last = path.join(
        root,
        fs
          .readdirSync(root)
          .filter((x) => x.startsWith('vanthu-'))
          .sort()
          .pop()!,
      );
      const m = JSON.parse(fs.readFileSync(path.join(last, MANIFEST), 'utf8')) as Manifest;
      const [a, b] = m.blobs.map(([h]) => path.join(root, m.pool, h.slice(0, 2), `${h}.enc`));
      const tmp = `${a}.x`;
      fs.renameSync(a, tmp);
      fs.renameSync(b, a);
      fs.renameSync(tmp, b);
      await expect(verifyBackup(last, { passphrase: pass })).rejects.toMatchObject({ code: 'backup_corrupt' });
    }
    // The real restore of the encrypted backup works.
    const target = path.join(tempDir('vanthu-restore-'), 'moi');
    const r = await restoreBackup(dir, target, { passphrase: pass, openCheck: check() });
    expect(r.opened.auditIntact).toBe(true);
    expect(r.opened.documents).toBe(2);
  });

  it('notices the anchors log cut or rewritten since a backup', { timeout: 120_000 }, async () => {
    await addDoc();
    await setDest();
    await backupNow();
    t.clock.advance(60_000);
    await addDoc();
    await backupNow();
    expect((await verifyFolder(dest)).length).toBe(2);
    const log = fs.readFileSync(path.join(dest, 'anchors.log'), 'utf8').trimEnd().split('\n');
    expect(log.length).toBe(2);

    const cut = copyDest();
    fs.writeFileSync(path.join(cut, 'anchors.log'), `${log[0]}\n`);
    await expect(verifyFolder(cut)).rejects.toMatchObject({ code: 'backup_corrupt', details: { file: 'anchors.log' } });

    const rewritten = copyDest();
    const first = JSON.parse(log[0]) as { count: number };
    fs.writeFileSync(path.join(rewritten, 'anchors.log'), `${JSON.stringify({ ...first, count: first.count - 1 })}\n${log[1]}\n`);
    await expect(verifyFolder(rewritten)).rejects.toMatchObject({ code: 'backup_corrupt', details: { file: 'anchors.log' } });
  });

  it('an unplugged disk mid-backup leaves the earlier backups intact and a failed run the admin can read', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 3; i++) await addDoc();
    await setDest();
    const good = await backupNow();
    for (let i = 0; i < 60; i++) await addDoc();
    t.clock.advance(60_000);
    const unplugged = `${dest}.rut-ra`;
    t.core.services.backup.setProgressHook((p) => {
      if (p.phase === 'blobs' && p.done > 0 && fs.existsSync(dest)) fs.renameSync(dest, unplugged);
    });
    const failed = await backupNow();
    t.core.services.backup.setProgressHook(null);
    expect(failed.status).toBe('failed');
    expect(failed.errorCode).toBe('backup_dest_unavailable');
    expect(failed.errorMessage).toMatch(/USB/);
    // Plugged back in: the earlier backup is whole, the unfinished one is not visible as a backup.
    fs.renameSync(unplugged, dest);
    expect((await verifyFolder(dest)).map((r) => r.id)).toEqual([good.backupId]);
    const st = await t.ok('backup.status', {}, o.adminToken);
    expect(st.lastRun?.status).toBe('failed');
    expect(st.lastGood?.backupId).toBe(good.backupId);
    // The next backup succeeds and cleans the unfinished folder away.
    t.clock.advance(60_000);
    const next = await backupNow();
    expect(next.status).toBe('ok');
    expect(fs.readdirSync(dest).filter((x) => x.startsWith('.dang-sao-luu-'))).toEqual([]);
  });

  it('takes one backup at a time per destination, across processes: a live holder is named, a dead one is taken over', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 2; i++) await addDoc();
    await setDest();
    expect((await backupNow()).status).toBe('ok');
    const lock = path.join(dest, DEST_LOCK);
    expect(fs.existsSync(lock)).toBe(false);
    // Another VănThư process (the CLI, say) is backing up into the same folder.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const holder = JSON.stringify({ pid: other.pid, host: os.hostname(), at: t.clock.now() });
      fs.writeFileSync(lock, holder);
      t.clock.advance(60_000);
      const refused = await backupNow();
      expect(refused.status).toBe('failed');
      expect(refused.errorCode).toBe('backup_running');
      expect(refused.errorMessage).toContain('đang được một chương trình VănThư khác dùng để sao lưu');
      expect(fs.readFileSync(lock, 'utf8')).toBe(holder);
      expect(listBackupDirs(dest)).toHaveLength(1);
    } finally {
      const gone = new Promise((r) => other.once('exit', r));
      other.kill('SIGKILL');
      await gone;
    }
    // Its process is gone: the lock it left is taken over, and ours is removed at the end.
    t.clock.advance(60_000);
    expect((await backupNow()).status).toBe('ok');
    expect(fs.existsSync(lock)).toBe(false);
    expect(listBackupDirs(dest)).toHaveLength(2);
  });

  it('leaves no staging snapshot in the data folder: not after a failure in the database phase, not after a crash', { timeout: 60_000 }, async () => {
    await addDoc();
    await setDest();
    const unplugged = `${dest}.rut-ra`;
    t.core.services.backup.setProgressHook((p) => {
      if (p.phase === 'db' && fs.existsSync(dest)) fs.renameSync(dest, unplugged);
    });
    const failed = await backupNow();
    t.core.services.backup.setProgressHook(null);
    expect(failed.status).toBe('failed');
    expect(failed.errorCode).toBe('backup_dest_unavailable');
    expect(fs.readdirSync(path.join(t.dir, '.backup-tmp'))).toEqual([]);
    // A run killed mid-snapshot leaves its staging copy behind; start-up recovery removes it.
    fs.writeFileSync(path.join(t.dir, '.backup-tmp', 'vanthu-20261120-090000-0a1b2c3d.db'), 'SQLite format 3');
    t.core.services.backup.recover();
    expect(fs.existsSync(path.join(t.dir, '.backup-tmp'))).toBe(false);
  });

  it('reports a full disk as "Ổ đĩa đích đã đầy" with its own code', { timeout: 60_000 }, async () => {
    const small = tempDir('vanthu-bk-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]);
    } catch {
      // Without root no small filesystem can be made here; the mapping of ENOSPC is checked in the unit test.
      return;
    }
    try {
      dest = small;
      await addDoc();
      await setDest();
      const r = await backupNow();
      expect(r.status).toBe('failed');
      expect(r.errorCode).toBe('backup_dest_full');
      expect(r.errorMessage).toMatch(/^Ổ đĩa đích đã đầy/);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('refuses bad folders: inside the data folder, a restore into a non-empty folder, no folder chosen', { timeout: 60_000 }, async () => {
    const r0 = await t.call('backup.run', { wait: true }, o.adminToken);
    expect(!r0.ok && r0.error.code).toBe('backup_dest_invalid');
    const inside = await t.call('backup.saveSettings', { dest: path.join(t.dir, 'blobs'), enabled: true, weekday: 5, time: '17:30', keep: 8, encrypt: false }, o.adminToken);
    expect(!inside.ok && inside.error.code).toBe('backup_dest_invalid');
    const relative = await t.call('backup.saveSettings', { dest: 'saoluu', enabled: true, weekday: 5, time: '17:30', keep: 8, encrypt: false }, o.adminToken);
    expect(!relative.ok && relative.error.code).toBe('invalid_input');
    const clerk = await t.call('backup.status', {}, o.clerkToken);
    expect(!clerk.ok && clerk.error.code).toBe('forbidden');

    await addDoc();
    await setDest();
    const run = await backupNow();
    const full = tempDir('vanthu-restore-full-');
    fs.writeFileSync(path.join(full, 'du-lieu-cu.txt'), 'đừng xóa');
    await expect(restoreBackup(path.join(dest, run.backupId!), full, { openCheck: check() })).rejects.toMatchObject({ code: 'restore_target_not_empty' });
    expect(fs.readdirSync(full)).toEqual(['du-lieu-cu.txt']);
    // An empty existing folder is fine.
    const empty = tempDir('vanthu-restore-empty-');
    const r = await restoreBackup(path.join(dest, run.backupId!), empty, { openCheck: check() });
    expect(r.opened.documents).toBe(1);
  });

  it('runs the weekly backup once per slot from the hourly jobs and warns admins after 7 days without one', { timeout: 120_000 }, async () => {
    await addDoc();
    // Sessions do not outlive the clock jumps of this test: sign in afresh at each step.
    const admin = async () => (await t.ok('auth.login', { username: 'admin', password: 'VanThu#2026a' })).token;
    const status = async () => t.ok('backup.status', {}, await admin());
    const save = async (extra: object) => t.ok('backup.saveSettings', { dest, enabled: true, weekday: 5, time: '17:30', keep: 8, encrypt: false, ...extra }, await admin());
    // Thursday 2026-11-26 10:00 in Vietnam; the slot is Friday 17:30.
    t.clock.set(Date.UTC(2026, 10, 26, 3, 0));
    await save({});
    // Last Friday's slot (2026-11-20) never ran: a missed slot runs at the next check, once.
    t.core.runJobs();
    await t.core.idle();
    let st = await status();
    expect(st.history.filter((r) => r.trigger === 'schedule').length).toBe(1);
    t.core.runJobs();
    await t.core.idle();
    st = await status();
    expect(st.history.filter((r) => r.trigger === 'schedule').length).toBe(1);
    expect(st.nextAt).toBe(Date.UTC(2026, 10, 27, 10, 30)); // Friday 17:30 in Vietnam
    // Friday 17:45: this week's slot runs, once.
    t.clock.set(Date.UTC(2026, 10, 27, 10, 45));
    t.core.runJobs();
    t.core.runJobs();
    await t.core.idle();
    st = await status();
    const sched = st.history.filter((r) => r.trigger === 'schedule');
    expect(sched.length).toBe(2);
    expect(sched.every((r) => r.status === 'ok')).toBe(true);
    expect(st.lastGood?.trigger).toBe('schedule');

    // Schedule off, 8 days later: the screen warns and admins get one notice (not one per hour).
    await save({ enabled: false });
    t.clock.advance(8 * 86_400_000);
    t.core.runJobs();
    t.core.runJobs();
    st = await status();
    expect(st.warning).toMatch(/Đã 8 ngày chưa có bản sao lưu thành công/);
    const notes = await t.ok('notifications.list', { limit: 20 }, await admin());
    expect(notes.items.filter((x) => x.text.startsWith('Sao lưu:')).length).toBe(1);
  });
});
