// Backup figures (issue 14 item 9–10) on the 1,000,000-document office of the incoming bench (cached in .bench-data/)
// plus 5 GB of files (2,500 × 2 MB of random bytes, generated once into the cache): the snapshot method (online
// backup API on the app's connection vs on a worker's, and how long each holds the thread), first backup throughput,
// an incremental backup after 1,000 new documents with new files (database chunks and files copied), and restore +
// verify. Works on a copy; the incoming cache is untouched.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv, packageRoot, packageVersion, systemClock } from '../../src-main/env';
import { restoreBackup, runBackup, snapshotDb, verifyBackup } from '../../src-main/backup/engine';
import { openCheck } from '../../src-main/backup/restore-check';
import { prepare as prepareIncoming } from './incoming';
import { benchDir, benchSession } from './util';
import { report } from './index';

const DOCS = Number(process.env.VANTHU_BENCH_DOCS ?? 1_000_000);
const BLOBS = Number(process.env.VANTHU_BENCH_BACKUP_BLOBS ?? 2500);
const BLOB_MB = 2;
const NEW_DOCS = 1000;

function open(dir: string): Core {
  return createCore(nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }));
}

/** The office copy with its 5 GB of files, made once: the incoming database + files written straight into the store. */
async function prepare(): Promise<string> {
  const src = benchDir(`incoming-${DOCS}`);
  await prepareIncoming(src);
  const dir = benchDir(`backup-${DOCS}-${BLOBS}`);
  if (fs.existsSync(path.join(dir, 'ready'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['vanthu.db', 'audit.key', 'audit.anchor']) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const core = open(dir);
  try {
    await addFiles(core, BLOBS, BLOB_MB << 20);
  } finally {
    core.close();
  }
  fs.writeFileSync(path.join(dir, 'ready'), '');
  return dir;
}

/** Random files written into the blob store as the store lays them out, with their rows; returns the hashes. */
async function addFiles(core: Core, n: number, size: number): Promise<string[]> {
  const { raw, blobs } = core.services;
  const insert = raw.prepare(
    "INSERT OR IGNORE INTO blobs (hash, size, kind, mime, macro, text_status, text_chars, created_at) VALUES (?, ?, 'zip', 'application/zip', 0, 'none', NULL, ?)",
  );
  const hashes: string[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = randomBytes(size);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const p = blobs.store.pathOf(hash);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, bytes, { mode: 0o444 });
    hashes.push(hash);
    if (i % 100 === 99) process.stderr.write(`  ${i + 1} / ${n} tệp\r`);
  }
  raw.transaction(() => hashes.forEach((h) => insert.run(h, size, Date.now()))).immediate();
  process.stderr.write('\n');
  return hashes;
}

/** Longest gap of a 10 ms timer while `fn` runs: how long the thread that answers requests was held. */
async function maxStall<T>(fn: () => Promise<T>): Promise<[number, number, T]> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 10);
    last = t;
  }, 10);
  const t0 = performance.now();
  try {
    const r = await fn();
    const ms = performance.now() - t0;
    // One more tick of the timer, so a synchronous stretch at the very end is counted too.
    await new Promise((res) => setTimeout(res, 20));
    return [ms, Math.max(0, worst), r];
  } finally {
    clearInterval(timer);
  }
}

export async function backupBench(): Promise<void> {
  const t = Date.now();
  const cached = await prepare();
  process.stderr.write(`dữ liệu đo: ${cached} (${((Date.now() - t) / 1000).toFixed(0)} s để chuẩn bị)\n`);
  const work = benchDir(`backup-run-${process.pid}`);
  const dest = path.join(work, 'dich');
  const target = path.join(work, 'phuc-hoi');
  fs.mkdirSync(dest);
  // The run registers documents and adds files: it works on a copy (files hard-linked) so the cache stays as made.
  const dir = path.join(work, 'co-quan');
  fs.mkdirSync(dir);
  for (const f of ['vanthu.db', 'audit.key', 'audit.anchor']) fs.copyFileSync(path.join(cached, f), path.join(dir, f));
  execFileSync('cp', ['-al', path.join(cached, 'blobs'), path.join(dir, 'blobs')]);
  const core = open(dir);
  try {
    const { raw } = core.services;
    const dbBytes = fs.statSync(path.join(dir, 'vanthu.db')).size;
    const size = { documents: DOCS, files: BLOBS, fileMb: BLOB_MB, dbMb: Math.round(dbBytes / 1048576) };

    // 1. Snapshot method: the online backup API in steps on the app's connection vs in one step on a worker's.
    const snapA = path.join(work, 'a.db');
    const [apiMs, apiStall] = await maxStall(() => raw.backup(snapA, { progress: () => 1024 }));
    report({
      suite: 'backup',
      figure: 'db snapshot: online backup API (1024 pages per step)',
      value: Math.round(apiMs),
      unit: 'ms',
      longestStallMs: Math.round(apiStall),
      ...size,
    });
    const snapC = path.join(work, 'c.db');
    const [wMs, wStall, { method }] = await maxStall(() => snapshotDb(raw, snapC));
    report({
      suite: 'backup',
      figure: 'db snapshot: online backup API in a worker thread + chunk hashes (the method used)',
      value: Math.round(wMs),
      unit: 'ms',
      longestStallMs: Math.round(wStall),
      method,
      ...size,
    });
    fs.rmSync(snapA);
    fs.rmSync(snapC);

    // 2. First backup: the database and 5 GB of files into an empty destination.
    const base = { raw, dataDir: dir, dest, key: null, keep: 8, appVersion: 'bench', orgCode: null };
    const [firstMs, firstStall, first] = await maxStall(() => runBackup({ ...base, now: Date.now() }));
    const mbTotal = (first.dbBytes + first.bytesCopied) / 1048576;
    report({
      suite: 'backup',
      figure: 'first backup throughput (db + files, copy + fsync + SHA-256 of every copy)',
      value: Math.round(mbTotal / (firstMs / 1000)),
      unit: 'MB/s',
      target: '>= 150',
      seconds: Math.round(firstMs / 100) / 10,
      mb: Math.round(mbTotal),
      dbChunks: first.dbChunks,
      longestStallMs: Math.round(firstStall),
      ...size,
    });

    // 3. 1,000 new documents, each with a new file (100 KB), registered through dispatch; then the next backup.
    // Page hashes before and after tell how many chunks of each size the new documents change (the chunk size).
    const pagesOf = async () => {
      const f = path.join(work, 'pages.db');
      const { image } = await snapshotDb(raw, f, undefined, 'backup-worker', 4096);
      fs.rmSync(f);
      return image.chunks;
    };
    const before = await pagesOf();
    const { token } = await benchSession(core);
    const hashes = await addFiles(core, NEW_DOCS, 100 * 1024);
    const year = new Date().getFullYear();
    const reg = core.services.registers.list('in', year)[0] ?? core.services.registers.list('in', 2026)[0];
    for (let i = 0; i < NEW_DOCS; i++) {
      const r = await core.dispatch(
        'incoming.register',
        {
          registerId: reg.id,
          issuer: { agencyId: null, code: null, name: 'Ủy ban nhân dân huyện Kim Bảng' },
          codeNumber: String(90000 + i),
          codeNotation: 'SL-UBND',
          issuedDate: '2026-11-18',
          docTypeId: 2,
          subject: `Công văn đo sao lưu số ${i + 1} về việc rà soát hồ sơ`,
          signerPosition: 'CHỦ TỊCH',
          signerName: 'Nguyễn Văn Bình',
          urgency: 0,
          pageCount: 1,
          copies: 1,
          receivedVia: 'paper',
          files: [{ hash: hashes[i], fileName: `cong-van-${i + 1}.zip`, role: 'main' }],
        },
        { token, origin: 'ipc' },
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }
    const after = await pagesOf();
    const changedAt: Record<string, string> = {};
    for (const kib of [64, 256, 1024, 4096]) {
      const per = kib / 4;
      const groups = Math.ceil(after.length / per);
      let changed = 0;
      for (let g = 0; g < groups; g++) {
        for (let i = g * per; i < Math.min(after.length, (g + 1) * per); i++) {
          if (before[i] !== after[i]) {
            changed++;
            break;
          }
        }
      }
      changedAt[`${kib}KiB`] = `${changed}/${groups} (${Math.round((changed * kib) / 1024)} MB)`;
    }
    report({ suite: 'backup', figure: `database chunks changed by ${NEW_DOCS} new documents, by chunk size`, value: 0, unit: '', ...changedAt, ...size });
    const [incMs, incStall, inc] = await maxStall(() => runBackup({ ...base, now: Date.now() + 1000 }));
    report({
      suite: 'backup',
      figure: `incremental backup after ${NEW_DOCS} new documents with new files`,
      value: Math.round(incMs / 100) / 10,
      unit: 's',
      target: '<= 10',
      filesCopied: inc.blobsCopied,
      filesTotal: inc.blobsTotal,
      dbChunksCopied: inc.dbChunksCopied,
      dbChunks: inc.dbChunks,
      dbMbCopied: Math.round(inc.dbBytesCopied / 1048576),
      longestStallMs: Math.round(incStall),
      ...size,
    });

    // 4. Verify alone, then restore (which verifies every file while writing it, opens the core, checks the chain).
    const [verMs, verStall] = await maxStall(() => verifyBackup(path.join(dest, inc.id), { scratchDir: path.join(dir, '.backup-tmp') }));
    report({
      suite: 'backup',
      figure: 'verify (every chunk and file re-hashed, anchors log, audit chain of the reassembled copy)',
      value: Math.round(verMs / 100) / 10,
      unit: 's',
      longestStallMs: Math.round(verStall),
      ...size,
    });
    const root = packageRoot();
    const [resMs, resStall, res] = await maxStall(() =>
      restoreBackup(path.join(dest, inc.id), target, { openCheck: openCheck({ resourcesDir: path.join(root, 'resources'), version: packageVersion(root), clock: systemClock }) }),
    );
    report({
      suite: 'backup',
      figure: 'restore + verify into a new folder (hash check, open with the core, audit chain)',
      value: Math.round(resMs / 100) / 10,
      unit: 's',
      target: '<= 180',
      restoredDocuments: res.opened.documents,
      longestStallMs: Math.round(resStall),
      auditRows: res.opened.auditRows,
      ...size,
    });
  } finally {
    core.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
