// Taking, checking and restoring backups on disk: the database snapshot (SQLite online backup API) stored as
// content-addressed chunks in the shared pool, the audit key and anchor, the blobs copied incrementally into the same
// pool, the manifest (SHA-256 of every file and chunk) and the anchors log.
// Plain functions over folders; no settings, no history table, no audit rows (backup/service.ts does those).
// Never writes into a backup that is complete, never leaves a half-written one under its final name.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { chmod, copyFile, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../src-shared/errors';
import { vnParts } from '../../src-shared/calendar/vn-time';
import { GENESIS_HASH, rowHash, type StoredRow } from '../audit/service';
import { ANCHOR_FILE, KEY_FILE, anchorMac, readKey, type Anchor } from '../audit/chain-files';
import type { RawDb } from '../db/open';
import { fsyncDir } from '../blobs/store';
import { appendAnchor, readAnchorsLog, ANCHORS_LOG, type AnchorLine } from './anchors-log';
import { decryptFrom, deriveKey, encryptBufferTo, encryptTo, SealError, type BackupKey, type EncryptionInfo } from './crypto';

export const MANIFEST = 'manifest.json';
/** Format 2: the database as chunks in the pool (`db`). Format 1 (one vanthu.db in the folder) still verifies and restores. */
export const FORMAT = 'vanthu-backup/2';
export const FORMAT_V1 = 'vanthu-backup/1';
/** Chunk size of the database snapshot in the pool: the backup API keeps pages where they are, so between two
 *  backups only the chunks holding changed pages differ. Measured on the 1M-document database, 1,000 new documents
 *  change pages spread over ~900 places (index leaves): 712 MB of 4 MiB chunks, 352 MB of 1 MiB, 147 MB of 256 KiB,
 *  54 MB of 64 KiB. 256 KiB keeps a 1.1 GB database to ~4,600 pool files while writing a fifth of 4 MiB's bytes. */
export const DB_CHUNK = 256 << 10;
const DB_NAME = 'vanthu.db';
const WORK_PREFIX = '.dang-sao-luu-';
/** One backup at a time per destination, across processes and machines (the app, `vanthu backup now`, another PC on
 *  the same share): a second run's pruning would remove the first one's work folder and pool files. */
export const DEST_LOCK = '.vanthu-dang-sao-luu.lock';
const LOCK_STALE_MS = 24 * 3_600_000;
const ID_RE = /^vanthu-\d{8}-\d{6}(-\d+)?$/;
/** Pages copied per step of the online backup: 4 MB with 4 KiB pages, tens of ms at most, so requests run between. */
const PAGES_PER_STEP = 1024;
/** Copies in flight: each ends with an fsync, whose latency (not the disk's bandwidth) bounds small files; the
 *  filesystem commits concurrent fsyncs together. */
const COPY_PARALLEL = 16;

export interface FileEntry {
  /** Name inside the backup folder (with .enc when encrypted). */
  path: string;
  size: number;
  /** SHA-256 of the bytes as stored. */
  sha256: string;
  /** SHA-256 of the plain bytes (encrypted backups). */
  plainSha256?: string;
}

/** The database of a format-2 backup: the snapshot file cut into `chunkSize` pieces, each stored in the pool under the
 *  SHA-256 of its plain bytes (encrypted like a blob when the backup is). */
export interface DbChunks {
  size: number;
  /** SHA-256 of the whole plain file. */
  sha256: string;
  chunkSize: number;
  /** In file order; the last one may be shorter. */
  chunks: string[];
}

export interface Manifest {
  format: typeof FORMAT | typeof FORMAT_V1;
  id: string;
  createdAt: number;
  appVersion: string;
  orgCode: string | null;
  encryption: EncryptionInfo | null;
  /** Folder of the blob pool used, relative to the destination. */
  pool: string;
  /** Files inside the backup folder (format 2: the audit key and anchor; format 1: also vanthu.db, first). */
  files: FileEntry[];
  /** Format 2: the database as chunks of the pool. */
  db?: DbChunks;
  /** [hash, size] of every file of the store the snapshot refers to. */
  blobs: Array<[string, number]>;
  /** Files the database names that were not in the store (disposed content is purged on purpose). */
  missingBlobs: number;
  anchor: { count: number; hash: string };
  counts: { documents: number; blobs: number; auditRows: number };
  anchorsLog: { line: number; head: string };
  /** SHA-256 (HMAC-SHA256 with the key when encrypted) of this object without `digest`. */
  digest: string;
}

export type Phase = 'db' | 'blobs' | 'finish' | 'prune';

export interface Progress {
  phase: Phase;
  done: number;
  total: number;
}

export interface BackupInput {
  raw: RawDb;
  dataDir: string;
  dest: string;
  key: BackupKey | null;
  keep: number;
  appVersion: string;
  orgCode: string | null;
  now: number;
  onProgress?: (p: Progress) => void | Promise<void>;
  /** Chunk size of the database (DB_CHUNK unless a test wants finer chunks of its small database). */
  dbChunkSize?: number;
}

export interface BackupResult {
  id: string;
  dir: string;
  dbBytes: number;
  /** Chunks the database is cut into, and those the pool lacked and that were written (with their plain bytes). */
  dbChunks: number;
  dbChunksCopied: number;
  dbBytesCopied: number;
  blobsTotal: number;
  blobsCopied: number;
  bytesCopied: number;
  missingBlobs: number;
  anchor: { count: number; hash: string };
  pruned: string[];
}

// ---- helpers ---------------------------------------------------------------------------------------------------

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/** A filesystem failure at the destination as the admin should read it. */
export function destError(e: unknown, dest: string): AppError {
  if (e instanceof AppError) return e;
  const code = errno(e);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new AppError('backup_dest_full', undefined, { details: { dest }, cause: e });
  return new AppError('backup_dest_unavailable', undefined, { details: { dest, error: code ?? (e instanceof Error ? e.message : String(e)) }, cause: e });
}

function corrupt(file: string, why: string): AppError {
  return new AppError('backup_corrupt', `Bản sao lưu bị hỏng: tệp "${file}" ${why}.`, { details: { file, why } });
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return false;
    throw e;
  }
}

/**
 * Creates `rel` under `dest` one level at a time, never `dest` itself: a recursive mkdir would quietly re-create an
 * unplugged USB disk's mount point on the system disk and carry on writing there.
 */
async function mkdirUnder(dest: string, rel: string): Promise<void> {
  let cur = dest;
  for (const part of rel.split(/[\\/]/).filter(Boolean)) {
    cur = join(cur, part);
    try {
      await mkdir(cur);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
    }
  }
}

async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    h.update(c);
    size += c.length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Copies a file (reflink where the filesystem can), fsyncs the copy and hashes what was written by reading it back. */
async function copyPlain(src: string, dst: string): Promise<{ sha256: string; size: number }> {
  await copyFile(src, dst);
  const fh = await open(dst, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return sha256File(dst);
}

async function sealFile(src: string, dst: string, key: BackupKey, label: string) {
  const fh = await open(dst, 'wx', 0o600);
  try {
    return await encryptTo(src, fh, key, label);
  } finally {
    await fh.close();
  }
}

function manifestDigest(m: Omit<Manifest, 'digest'> & { digest?: string }, key: BackupKey | null): string {
  const body = JSON.stringify({ ...m, digest: undefined });
  return key ? createHash('sha256').update(key.key).update(body).digest('hex') : createHash('sha256').update(body).digest('hex');
}

/** Inside `parent` (or the same folder), after following links. */
function isInside(child: string, parent: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const rel = relative(real(parent), real(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The checks a destination folder must pass before anything is written to it. */
export function checkDest(dest: string, dataDir: string): void {
  if (!isAbsolute(dest)) throw new AppError('backup_dest_invalid', 'Thư mục sao lưu phải là đường dẫn đầy đủ (ví dụ E:\\SaoLuu hoặc /media/usb/saoluu).');
  if (isInside(dest, dataDir)) throw new AppError('backup_dest_invalid', 'Không được sao lưu vào trong thư mục dữ liệu của VănThư: hãy chọn ổ USB, ổ mạng hoặc thư mục khác.');
  let st;
  try {
    st = statSync(dest);
  } catch (e) {
    throw destError(e, dest);
  }
  if (!st.isDirectory()) throw new AppError('backup_dest_invalid', 'Đường dẫn sao lưu không phải là thư mục.');
}

function backupId(now: number, dest: string): string {
  const p = vnParts(now);
  const hh = String(Math.floor(p.minute / 60)).padStart(2, '0');
  const mm = String(p.minute % 60).padStart(2, '0');
  const ss = String(Math.floor((now % 60_000) / 1000)).padStart(2, '0');
  const base = `vanthu-${p.date.replace(/-/g, '')}-${hh}${mm}${ss}`;
  let id = base;
  for (let i = 2; existsSync(join(dest, id)) || existsSync(join(dest, WORK_PREFIX + id)); i++) id = `${base}-${i}`;
  return id;
}

export function poolDir(key: BackupKey | null): string {
  return key ? `pool/k-${key.tag}` : 'pool';
}

function poolFile(dest: string, pool: string, hash: string, encrypted: boolean): string {
  return join(dest, pool, hash.slice(0, 2), encrypted ? `${hash}.enc` : hash);
}

async function parallel<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failed !== null) throw failed;
}

// ---- snapshot --------------------------------------------------------------------------------------------------

// The worker holds its own read-only connection: in WAL mode its read transaction sees one consistent state while the
// app keeps writing. It copies with the online backup API in ONE step (a stepped copy restarts whenever another
// connection writes, so a busy office could keep it from ever finishing); the step runs on the worker's thread, so the
// request thread is never held. The backup API, unlike VACUUM INTO, keeps every page at its place in the file, which
// keeps the chunks of two snapshots equal wherever their pages are. The worker then reads the facts the backup needs
// and hashes the file chunk by chunk. Plain CommonJS so it loads the same way under tsx, the CLI and the Electron
// bundle; the module path comes from the main thread's resolution.
const SNAPSHOT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const Database = require(workerData.mod);
function hashChunks(file, size) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    const whole = createHash('sha256');
    const chunks = [];
    let total = 0;
    for (;;) {
      let n = 0;
      while (n < size) {
        const r = fs.readSync(fd, buf, n, size - n, total + n);
        if (!r) break;
        n += r;
      }
      if (!n) break;
      const part = buf.subarray(0, n);
      whole.update(part);
      chunks.push(createHash('sha256').update(part).digest('hex'));
      total += n;
      if (n < size) break;
    }
    return { size: total, sha256: whole.digest('hex'), chunkSize: size, chunks };
  } finally {
    fs.closeSync(fd);
  }
}
(async () => {
  const db = new Database(workerData.src, { readonly: true, fileMustExist: true, timeout: 10000 });
  try {
    await db.backup(workerData.out, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const snap = new Database(workerData.out);
  let facts;
  try {
    snap.pragma('journal_mode = DELETE');
    facts = {
      head: snap.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() ?? null,
      blobs: snap.prepare('SELECT hash, size FROM blobs ORDER BY hash').raw().all(),
      documents: snap.prepare('SELECT count(*) FROM documents').pluck().get(),
    };
  } finally {
    snap.close();
  }
  parentPort.postMessage({ facts, image: hashChunks(workerData.out, workerData.chunk) });
})().catch((e) => parentPort.postMessage({ error: { message: String(e && e.message || e), code: e && e.code } }));
`;

/** What the backup needs to know of its snapshot: the audit head, the files it refers to, the documents. */
export interface SnapshotFacts {
  head: { id: number; hash: string } | null;
  blobs: Array<[string, number]>;
  documents: number;
}

/** Reads the facts on this thread (the fallback path), switching the copy to a rollback journal first. */
function readFacts(file: string): SnapshotFacts {
  const snap = new Database(file);
  try {
    snap.pragma('journal_mode = DELETE');
    return {
      head: (snap.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined) ?? null,
      blobs: snap.prepare('SELECT hash, size FROM blobs ORDER BY hash').raw().all() as Array<[string, number]>,
      documents: snap.prepare('SELECT count(*) FROM documents').pluck().get() as number,
    };
  } finally {
    snap.close();
  }
}

/** The chunk hashes of a file, read in `size` pieces (the fallback path; the worker does the same). */
async function hashChunks(file: string, size: number): Promise<DbChunks> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    const whole = createHash('sha256');
    const chunks: string[] = [];
    let total = 0;
    for (;;) {
      let n = 0;
      while (n < size) {
        const { bytesRead } = await fh.read(buf, n, size - n, total + n);
        if (!bytesRead) break;
        n += bytesRead;
      }
      if (!n) break;
      const part = buf.subarray(0, n);
      whole.update(part);
      chunks.push(createHash('sha256').update(part).digest('hex'));
      total += n;
      if (n < size) break;
    }
    return { size: total, sha256: whole.digest('hex'), chunkSize: size, chunks };
  } finally {
    await fh.close();
  }
}

export type SnapshotMethod = 'backup-worker' | 'backup-api';

/**
 * A consistent, page-for-page copy of the live database at `out`, with its facts and chunk hashes. The online backup
 * API on a worker thread's own connection: measured on the 1M-document database, the same API on the app's
 * connection held the request thread for up to 1.2 s at a time (its final fsync and large steps run on the calling
 * thread); on a worker the request thread is never held. The backup API on the app's connection (yielding between
 * steps) remains the fallback if a worker cannot start.
 */
export async function snapshotDb(
  raw: RawDb,
  out: string,
  onProgress?: (done: number, total: number) => void,
  method: SnapshotMethod = 'backup-worker',
  chunkSize = DB_CHUNK,
): Promise<{ method: SnapshotMethod; facts: SnapshotFacts; image: DbChunks }> {
  if (method === 'backup-worker' && raw.name && raw.name !== ':memory:') {
    const total = statSync(raw.name).size;
    const poll = setInterval(() => {
      try {
        onProgress?.(Math.min(statSync(out).size, total), total);
      } catch {
        // not created yet
      }
    }, 500);
    try {
      const req = createRequire(import.meta.url);
      const got = await new Promise<{ facts: SnapshotFacts; image: DbChunks }>((resolveRun, reject) => {
        const w = new Worker(SNAPSHOT_WORKER, { eval: true, workerData: { mod: req.resolve('better-sqlite3'), src: raw.name, out, chunk: chunkSize } });
        w.once('message', (r: { facts: SnapshotFacts; image: DbChunks } | { error: { message: string; code?: string } }) =>
          'error' in r ? reject(Object.assign(new Error(r.error.message), { code: r.error.code })) : resolveRun(r),
        );
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`snapshot worker exited ${code} without an answer`)));
      });
      onProgress?.(total, total);
      return { method: 'backup-worker', ...got };
    } catch (e) {
      // A full or vanished disk is the caller's error; anything else (no worker here) falls back below.
      if (errno(e) === 'ENOSPC' || /SQLITE_FULL|disk is full/i.test(String(e))) throw Object.assign(new Error(String(e)), { code: 'ENOSPC' });
      await rm(out, { force: true });
    } finally {
      clearInterval(poll);
    }
  }
  // Writes made meanwhile through this connection are carried into the copy.
  await raw.backup(out, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress?.(totalPages - remainingPages, totalPages);
      return PAGES_PER_STEP;
    },
  });
  const facts = readFacts(out);
  return { method: 'backup-api', facts, image: await hashChunks(out, chunkSize) };
}

/**
 * Writes the chunks of the snapshot the pool lacks (each under the SHA-256 of its plain bytes, fsynced, landing under
 * its name only when complete). Chunks already there, from an earlier backup or an equal chunk, are not written.
 */
async function storeDbChunks(
  snap: string,
  image: DbChunks,
  dest: string,
  pool: string,
  key: BackupKey | null,
  onProgress: (done: number, total: number) => Promise<void>,
): Promise<{ copied: number; bytes: number }> {
  const firstAt = new Map<string, number>();
  image.chunks.forEach((h, i) => {
    if (!firstAt.has(h)) firstAt.set(h, i);
  });
  const todo = [...firstAt];
  const poolTmp = join(dest, 'pool', 'tmp');
  const fh = await open(snap, 'r');
  let copied = 0;
  let bytes = 0;
  let done = 0;
  try {
    await parallel(todo, COPY_PARALLEL, async ([hash, i]) => {
      const target = poolFile(dest, pool, hash, !!key);
      if (!(await exists(target))) {
        const len = Math.min(image.chunkSize, image.size - i * image.chunkSize);
        const buf = Buffer.allocUnsafe(len);
        let n = 0;
        while (n < len) {
          const { bytesRead } = await fh.read(buf, n, len - n, i * image.chunkSize + n);
          if (!bytesRead) break;
          n += bytesRead;
        }
        // The staging copy is ours alone; a mismatch means it changed under us, and a wrong chunk must never land.
        if (n !== len || createHash('sha256').update(buf).digest('hex') !== hash) throw new Error(`database snapshot changed while backing up (chunk ${i})`);
        const tmp = join(poolTmp, `${hash}.${randomBytes(4).toString('hex')}`);
        try {
          const out = await open(tmp, 'wx', key ? 0o600 : 0o444);
          try {
            if (key) await encryptBufferTo(buf, out, key, `blob:${hash}`);
            else {
              let off = 0;
              while (off < len) off += (await out.write(buf, off, len - off)).bytesWritten;
              await out.sync();
            }
          } finally {
            await out.close();
          }
          await mkdirUnder(dest, relative(dest, dirname(target)));
          await rename(tmp, target);
        } catch (e) {
          await rm(tmp, { force: true }).catch(() => undefined);
          throw e;
        }
        copied++;
        bytes += len;
      }
      done++;
      if (done % 64 === 0 || done === todo.length) await onProgress(done, todo.length);
    });
  } finally {
    await fh.close();
  }
  return { copied, bytes };
}

// ---- backup ----------------------------------------------------------------------------------------------------

/** The backups kept at a destination, oldest first (complete ones only: their manifest is in place). */
export function listBackupDirs(dest: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dest);
  } catch {
    return [];
  }
  return names.filter((n) => ID_RE.test(n) && existsSync(join(dest, n, MANIFEST))).sort();
}

interface LockOwner {
  pid: number;
  host: string;
  at: number;
}

/** Locks this process holds now (their file contents): a lock of ours not in here was left by a run whose disk was
 *  pulled before it could remove it. */
const heldLocks = new Set<string>();

function lockHolderGone(owner: LockOwner | null, now: number): boolean {
  if (!owner || typeof owner.pid !== 'number' || typeof owner.at !== 'number') return true;
  if (now - owner.at > LOCK_STALE_MS) return true;
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !heldLocks.has(JSON.stringify(owner));
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return errno(e) === 'ESRCH';
  }
}

/** Takes the destination's lock or throws backup_running; a lock left by a dead process (or older than a day) is taken over. */
export async function lockDest(dest: string, now: number): Promise<() => Promise<void>> {
  const file = join(dest, DEST_LOCK);
  const me: LockOwner = { pid: process.pid, host: hostname(), at: now };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o644);
      const mine = JSON.stringify(me);
      heldLocks.add(mine);
      try {
        await fh.writeFile(mine);
      } catch (w) {
        heldLocks.delete(mine);
        await fh.close().catch(() => undefined);
        await rm(file, { force: true }).catch(() => undefined);
        throw w;
      }
      await fh.close();
      return async () => {
        heldLocks.delete(mine);
        // Only our own lock is removed (a stale-lock takeover elsewhere may have replaced it).
        const cur = await readFile(file, 'utf8').catch(() => null);
        if (cur === mine) await rm(file, { force: true }).catch(() => undefined);
      };
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
      const owner = await readFile(file, 'utf8')
        .then((t) => JSON.parse(t) as LockOwner)
        .catch(() => null);
      if (attempt > 0 || !lockHolderGone(owner, now)) {
        throw new AppError(
          'backup_running',
          `Thư mục sao lưu đang được ${owner?.host && owner.host !== hostname() ? `máy ${owner.host}` : 'một chương trình VănThư khác'} dùng để sao lưu; hãy chờ lượt đó xong.`,
          { details: { dest, holder: owner } },
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new AppError('backup_running');
}

/**
 * Takes one backup into `dest`. Work happens in `<dest>/.dang-sao-luu-<id>/`, renamed to `<dest>/<id>/` once the
 * manifest (written last) is on disk, so an unplugged disk leaves earlier backups as they were.
 */
export async function runBackup(o: BackupInput): Promise<BackupResult> {
  checkDest(o.dest, o.dataDir);
  const { dest } = o;
  const unlock = await lockDest(dest, o.now).catch((e: unknown) => {
    throw destError(e, dest);
  });
  try {
    return await backupLocked(o);
  } finally {
    await unlock();
  }
}

async function backupLocked(o: BackupInput): Promise<BackupResult> {
  const { dest, key } = o;
  const progress = async (p: Progress) => {
    await o.onProgress?.(p);
  };
  const local = join(o.dataDir, '.backup-tmp');
  let work = '';
  let snap = '';
  let localAnchor = '';
  try {
    const id = backupId(o.now, dest);
    work = join(dest, WORK_PREFIX + id);
    await mkdir(work);
    await mkdir(local, { recursive: true });
    snap = join(local, `${id}-${randomBytes(4).toString('hex')}.db`);

    // 1. Snapshot, off the thread that answers requests (see snapshotDb).
    const { facts, image } = await snapshotDb(o.raw, snap, (done, total) => void o.onProgress?.({ phase: 'db', done, total }), 'backup-worker', o.dbChunkSize);
    const anchorRow = facts.head ?? undefined;
    const blobs = facts.blobs.filter(([h]) => /^[0-9a-f]{64}$/.test(h));
    const documents = facts.documents ?? 0;
    const anchor = { count: anchorRow?.id ?? 0, hash: anchorRow?.hash ?? GENESIS_HASH };

    // 2. The database, the chain key and an anchor naming the snapshot's own head (the live anchor may be ahead).
    const files: FileEntry[] = [];
    const chainKey = readKey(o.dataDir);
    const anchorJson = chainKey
      ? JSON.stringify({ count: anchor.count, hash: anchor.hash, at: o.now, mac: anchorMac(chainKey.key, { count: anchor.count, hash: anchor.hash, at: o.now }) } satisfies Anchor)
      : null;
    localAnchor = join(local, `${id}.anchor`);
    const sources: Array<[string, string]> = [];
    if (chainKey) {
      sources.push([KEY_FILE, join(o.dataDir, KEY_FILE)]);
      const fh = await open(localAnchor, 'w', 0o600);
      await fh.writeFile(anchorJson!);
      await fh.close();
      sources.push([ANCHOR_FILE, localAnchor]);
    }
    for (const [name, src] of sources) {
      if (key) {
        const r = await sealFile(src, join(work, `${name}.enc`), key, `file:${name}`);
        files.push({ path: `${name}.enc`, size: r.size, sha256: r.sha256, plainSha256: r.plainSha256 });
      } else {
        const r = await copyPlain(src, join(work, name));
        files.push({ path: name, size: r.size, sha256: r.sha256 });
      }
    }
    await rm(localAnchor, { force: true });
    const pool = poolDir(key);
    const poolTmp = join(dest, 'pool', 'tmp');
    await mkdirUnder(dest, 'pool/tmp');
    await mkdirUnder(dest, pool);
    // 2b. The database into the pool as chunks: only those the pool lacks are written.
    const db: DbChunks = image;
    const dbCopied = await storeDbChunks(snap, image, dest, pool, key, (done, total) => progress({ phase: 'db', done, total }));
    const dbBytes = image.size;
    await rm(snap, { force: true });
    snap = '';

    // 3. Blobs into the shared pool: only those not already there. A copy lands under its name only when complete.
    const present: Array<[string, number]> = [];
    let missing = 0;
    // Asynchronous checks (libuv's threads): on a disk busy with the copy a synchronous stat can wait for long.
    const found = new Array<boolean>(blobs.length);
    await parallel(blobs, 32, async (b, i) => {
      found[i] = await exists(join(o.dataDir, 'blobs', b[0].slice(0, 2), b[0].slice(2, 4), b[0]));
    });
    blobs.forEach((b, i) => {
      if (found[i]) present.push(b);
      else missing++;
    });
    let done = 0;
    let copied = 0;
    let bytes = 0;
    await progress({ phase: 'blobs', done: 0, total: present.length });
    await parallel(present, COPY_PARALLEL, async ([hash]) => {
      const target = poolFile(dest, pool, hash, !!key);
      if (!(await exists(target))) {
        const src = join(o.dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
        const tmp = join(poolTmp, `${hash}.${randomBytes(4).toString('hex')}`);
        try {
          if (key) {
            const r = await sealFile(src, tmp, key, `blob:${hash}`);
            if (r.plainSha256 !== hash) throw new AppError('blob_corrupt', `Tệp ${hash} trong kho dữ liệu bị hỏng; không sao lưu được tệp hỏng.`, { details: { hash } });
            bytes += r.plainSize;
          } else {
            const r = await copyPlain(src, tmp);
            if (r.sha256 !== hash) throw new AppError('blob_corrupt', `Tệp ${hash} trong kho dữ liệu bị hỏng; không sao lưu được tệp hỏng.`, { details: { hash } });
            bytes += r.size;
          }
          await mkdirUnder(dest, relative(dest, dirname(target)));
          await rename(tmp, target);
        } catch (e) {
          await rm(tmp, { force: true }).catch(() => undefined);
          throw e;
        }
        copied++;
      }
      done++;
      if (done % 50 === 0 || done === present.length) await progress({ phase: 'blobs', done, total: present.length });
    });

    // 4. The anchors log, then the manifest (last), then the rename that makes the backup visible.
    await progress({ phase: 'finish', done: 0, total: 1 });
    const line = await appendAnchor(dest, { id, at: o.now, count: anchor.count, hash: anchor.hash, db: db.sha256 });
    const body: Omit<Manifest, 'digest'> = {
      format: FORMAT,
      id,
      createdAt: o.now,
      appVersion: o.appVersion,
      orgCode: o.orgCode,
      encryption: key?.info ?? null,
      pool,
      files,
      db,
      blobs: present,
      missingBlobs: missing,
      anchor,
      counts: { documents, blobs: present.length, auditRows: anchor.count },
      anchorsLog: { line: line.n, head: line.h },
    };
    const manifest: Manifest = { ...body, digest: manifestDigest(body, key) };
    const mfh = await open(join(work, MANIFEST), 'wx', 0o644);
    try {
      await mfh.writeFile(JSON.stringify(manifest));
      await mfh.sync();
    } finally {
      await mfh.close();
    }
    await fsyncDir(work);
    const final = join(dest, id);
    await rename(work, final);
    work = '';
    await fsyncDir(dest);
    await progress({ phase: 'finish', done: 1, total: 1 });

    // 5. Keep the last N; blobs no kept backup refers to leave the pool.
    await progress({ phase: 'prune', done: 0, total: 1 });
    const pruned = await prune(dest, o.keep, id);
    await progress({ phase: 'prune', done: 1, total: 1 });
    return {
      id,
      dir: final,
      dbBytes,
      dbChunks: db.chunks.length,
      dbChunksCopied: dbCopied.copied,
      dbBytesCopied: dbCopied.bytes,
      blobsTotal: present.length,
      blobsCopied: copied,
      bytesCopied: bytes,
      missingBlobs: missing,
      anchor,
      pruned,
    };
  } catch (e) {
    if (snap) await rm(snap, { force: true }).catch(() => undefined);
    if (localAnchor) await rm(localAnchor, { force: true }).catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true }).catch(() => undefined);
    throw destError(e, dest);
  }
}

/** Removes all but the newest `keep` backups, unfinished work folders of earlier runs, and unreferenced pool files. */
export async function prune(dest: string, keep: number, current: string | null): Promise<string[]> {
  const all = listBackupDirs(dest);
  const drop = all.slice(0, Math.max(0, all.length - Math.max(1, keep)));
  for (const d of drop) await rm(join(dest, d), { recursive: true, force: true });
  for (const n of readdirSync(dest)) {
    if (n.startsWith(WORK_PREFIX) && n !== WORK_PREFIX + current) await rm(join(dest, n), { recursive: true, force: true });
  }
  // The pool keeps exactly the files some kept manifest lists.
  const wanted = new Set<string>();
  for (const d of listBackupDirs(dest)) {
    const m = JSON.parse(await readFile(join(dest, d, MANIFEST), 'utf8')) as Manifest;
    for (const [h] of m.blobs) wanted.add(poolFile(dest, m.pool, h, !!m.encryption));
    for (const h of m.db?.chunks ?? []) wanted.add(poolFile(dest, m.pool, h, !!m.encryption));
  }
  const poolRoot = join(dest, 'pool');
  if (existsSync(poolRoot)) {
    const sweep = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          await sweep(p);
          if (!(await readdir(p)).length && p !== poolRoot) await rmdir(p).catch(() => undefined);
        } else if (!wanted.has(p)) {
          await unlink(p).catch(() => undefined);
        }
      }
    };
    await sweep(poolRoot);
  }
  return drop;
}

// ---- verify ----------------------------------------------------------------------------------------------------

export interface VerifyReport {
  id: string;
  dir: string;
  createdAt: number;
  encrypted: boolean;
  files: number;
  blobs: number;
  bytes: number;
  documents: number;
  anchor: { count: number; hash: string };
  /** The audit chain inside the database copy was recomputed and ends at the anchor. */
  chainChecked: boolean;
}

export interface VerifyOptions {
  passphrase?: string | null;
  /** Also checks every blob of the pool (default true). */
  blobs?: boolean;
  onProgress?: (p: { phase: 'files' | 'blobs' | 'chain'; done: number; total: number }) => void;
  /** Hands each verified file's plain bytes to the restore (never used by a plain verify). */
  materialize?: { dbFile: string; keyFile: string; anchorFile: string; blobDir: string };
  /** Where a plain verify of a format-2 backup puts the database it reassembles to check its audit chain (removed
   *  afterwards); the system's temp folder when not given. */
  scratchDir?: string;
}

async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (e) {
    if (errno(e) === 'ENOENT') throw corrupt(MANIFEST, 'không có (bản sao lưu chưa hoàn tất hoặc không phải thư mục sao lưu)');
    throw e;
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw corrupt(MANIFEST, 'không đọc được (bị hỏng hoặc bị cắt)');
  }
  if ((m?.format !== FORMAT && m?.format !== FORMAT_V1) || !Array.isArray(m.files) || !Array.isArray(m.blobs) || typeof m.digest !== 'string')
    throw corrupt(MANIFEST, 'không đúng định dạng');
  if (m.format === FORMAT) {
    const d = m.db;
    const hex = (h: unknown) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);
    if (
      !d ||
      !Number.isSafeInteger(d.size) ||
      d.size <= 0 ||
      !Number.isSafeInteger(d.chunkSize) ||
      d.chunkSize <= 0 ||
      !hex(d.sha256) ||
      !Array.isArray(d.chunks) ||
      d.chunks.length !== Math.ceil(d.size / d.chunkSize) ||
      !d.chunks.every(hex)
    )
      throw corrupt(MANIFEST, 'ghi danh sách khối cơ sở dữ liệu không hợp lệ');
  }
  return m;
}

/** Checks one backup folder completely; throws AppError naming the first file that does not check out. */
export async function verifyBackup(dir: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  dir = resolve(dir);
  const dest = dirname(dir);
  const m = await readManifest(dir);
  let key: BackupKey | null = null;
  if (m.encryption) {
    if (!opts.passphrase) throw new AppError('backup_passphrase_required', undefined, { details: { id: m.id } });
    key = await deriveKey(opts.passphrase, m.encryption);
    if (!key) throw new AppError('backup_wrong_passphrase', undefined, { details: { id: m.id } });
  }
  if (manifestDigest(m, key) !== m.digest) throw corrupt(MANIFEST, 'đã bị thay đổi (mã kiểm tra không khớp)');
  if (m.id !== basename(dir)) throw corrupt(MANIFEST, `ghi mã bản sao lưu ${m.id}, khác tên thư mục`);

  // The anchors log: intact up to (at least) this backup's line, and that line is this backup's.
  const log = await readAnchorsLog(dest);
  const logLines: AnchorLine[] = log.lines;
  const mine = logLines[m.anchorsLog.line - 1];
  if (!mine || mine.h !== m.anchorsLog.head) {
    if (!log.ok && log.line <= m.anchorsLog.line) throw corrupt(ANCHORS_LOG, `bị sửa ở dòng ${log.line}: ${log.why}`);
    throw corrupt(ANCHORS_LOG, `không còn dòng ${m.anchorsLog.line} mà bản sao lưu ${m.id} đã ghi (nhật ký mốc bị cắt hoặc viết lại)`);
  }
  if (mine.id !== m.id || mine.count !== m.anchor.count || mine.hash !== m.anchor.hash || mine.db !== (m.db ? m.db.sha256 : m.files[0]?.sha256)) {
    throw corrupt(ANCHORS_LOG, `dòng ${mine.n} không khớp với bản sao lưu ${m.id}`);
  }
  if (!log.ok) throw corrupt(ANCHORS_LOG, `bị sửa ở dòng ${log.line}: ${log.why}`);

  // Every file: size and hash as stored, then (encrypted) every chunk's tag and the plain hash.
  let bytes = 0;
  const mat = opts.materialize;
  for (let i = 0; i < m.files.length; i++) {
    const f = m.files[i];
    const p = join(dir, f.path);
    if (f.path.includes('/') || f.path.includes(sep) || f.path.startsWith('.')) throw corrupt(MANIFEST, 'ghi tên tệp không hợp lệ');
    let st;
    try {
      st = await stat(p);
    } catch {
      throw corrupt(f.path, 'bị mất');
    }
    if (st.size !== f.size) throw corrupt(f.path, st.size < f.size ? 'bị cắt ngắn' : 'có kích thước sai');
    const plainName = f.path.replace(/\.enc$/, '');
    const out = mat ? { [DB_NAME]: mat.dbFile, [KEY_FILE]: mat.keyFile, [ANCHOR_FILE]: mat.anchorFile }[plainName] : undefined;
    if (key) {
      if ((await sha256File(p)).sha256 !== f.sha256) throw corrupt(f.path, 'đã bị thay đổi (SHA-256 không khớp)');
      const r = await openPlain(p, key, `file:${plainName}`, f.path, out);
      if (r !== f.plainSha256) throw corrupt(f.path, 'giải mã được nhưng nội dung không khớp');
    } else {
      if (out) {
        if ((await copyPlain(p, out)).sha256 !== f.sha256) throw corrupt(f.path, 'đã bị thay đổi (SHA-256 không khớp)');
      } else if ((await sha256File(p)).sha256 !== f.sha256) throw corrupt(f.path, 'đã bị thay đổi (SHA-256 không khớp)');
    }
    bytes += f.size;
    opts.onProgress?.({ phase: 'files', done: i + 1, total: m.files.length });
  }

  // Blobs of the pool: present, and their content hashes to their name.
  if (opts.blobs !== false || mat) {
    let done = 0;
    await parallel(m.blobs, COPY_PARALLEL, async ([hash, size]) => {
      if (!/^[0-9a-f]{64}$/.test(hash)) throw corrupt(MANIFEST, 'ghi mã băm tệp không hợp lệ');
      const p = poolFile(dest, m.pool, hash, !!key);
      const name = relative(dest, p);
      if (!(await exists(p))) throw corrupt(name, 'bị mất khỏi kho tệp chung');
      let out: string | undefined;
      if (mat) {
        const d = join(mat.blobDir, hash.slice(0, 2), hash.slice(2, 4));
        await mkdir(d, { recursive: true });
        out = join(d, hash);
      }
      if (key) {
        if ((await openPlain(p, key, `blob:${hash}`, name, out)) !== hash) throw corrupt(name, 'giải mã được nhưng nội dung không khớp mã băm');
      } else {
        const r = out ? await copyPlain(p, out) : await sha256File(p);
        if (r.size !== size && r.sha256 === hash) throw corrupt(MANIFEST, `ghi kích thước sai cho tệp ${hash}`);
        if (r.sha256 !== hash) throw corrupt(name, r.size < size ? 'bị cắt ngắn' : 'đã bị thay đổi (SHA-256 không khớp)');
      }
      if (out) await chmod(out, 0o444);
      bytes += size;
      done++;
      if (done % 100 === 0 || done === m.blobs.length) opts.onProgress?.({ phase: 'blobs', done, total: m.blobs.length });
    });
  }

  // Format 2: every chunk of the database, in order, then the whole file; reassembled for the restore, or (a plain
  // verify) into a scratch folder so the chain can be checked below.
  let scratch: string | null = null;
  let dbPath: string | null = mat ? mat.dbFile : m.db ? null : join(dir, DB_NAME);
  try {
    if (m.db) {
      if (!mat) {
        const base = opts.scratchDir ?? tmpdir();
        await mkdir(base, { recursive: true });
        scratch = join(base, `kiem-tra-${m.id}-${randomBytes(4).toString('hex')}`);
        await mkdir(scratch, { mode: 0o700 });
        dbPath = join(scratch, DB_NAME);
      }
      bytes += await checkDbChunks(dest, m, key, dbPath!, !!mat, opts.onProgress);
    }

    // The audit chain inside the copy ends exactly at the anchor the backup carries.
    let chainChecked = false;
    if (dbPath && (mat || m.db || !key)) {
      const keyText = mat ? await readFile(mat.keyFile, 'utf8').catch(() => null) : await readKeyText(dir, m, key);
      checkChain(dbPath, keyText, m);
      chainChecked = true;
      opts.onProgress?.({ phase: 'chain', done: 1, total: 1 });
    }
    return report(chainChecked);
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }

  function report(chainChecked: boolean): VerifyReport {
    return {
      id: m.id,
      dir,
      createdAt: m.createdAt,
      encrypted: !!key,
      files: m.files.length + (m.db ? 1 : 0),
      blobs: m.blobs.length,
      bytes,
      documents: m.counts.documents,
      anchor: m.anchor,
      chainChecked,
    };
  }
}

/** The audit key file of a backup as text (decrypted when the backup is encrypted); null when it has none. */
async function readKeyText(dir: string, m: Manifest, key: BackupKey | null): Promise<string | null> {
  const f = m.files.find((x) => x.path.replace(/\.enc$/, '') === KEY_FILE);
  if (!f) return null;
  if (!key) return readFile(join(dir, f.path), 'utf8');
  const parts: Buffer[] = [];
  await decryptFrom(join(dir, f.path), key, `file:${KEY_FILE}`, (b) => void parts.push(b));
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Checks every chunk of a format-2 database (present, of its size, its bytes hashing to its name; encrypted: every tag)
 * and the whole file's SHA-256, writing the file to `out` as it goes. Names the first chunk that does not check out.
 * Reads a few chunks ahead so the disk is kept busy while one is hashed.
 */
async function checkDbChunks(dest: string, m: Manifest, key: BackupKey | null, out: string, durable: boolean, onProgress?: VerifyOptions['onProgress']): Promise<number> {
  const d = m.db!;
  const n = d.chunks.length;
  const load = async (i: number): Promise<Buffer> => {
    const hash = d.chunks[i];
    const len = i < n - 1 ? d.chunkSize : d.size - (n - 1) * d.chunkSize;
    const p = poolFile(dest, m.pool, hash, !!key);
    const name = relative(dest, p);
    let plain: Buffer;
    if (key) {
      if (!(await exists(p))) throw corrupt(name, 'bị mất khỏi kho tệp chung (khối cơ sở dữ liệu)');
      const parts: Buffer[] = [];
      let got: string;
      try {
        got = (await decryptFrom(p, key, `blob:${hash}`, (b) => void parts.push(b))).plainSha256;
      } catch (e) {
        if (e instanceof SealError)
          throw corrupt(
            name,
            e.why === 'truncated' ? 'bị cắt ngắn hoặc hỏng ở cuối' : e.why === 'format' ? 'không phải tệp mã hóa của VănThư' : 'đã bị thay đổi (thẻ xác thực AES-GCM không khớp)',
          );
        throw e;
      }
      plain = Buffer.concat(parts);
      if (got !== hash) throw corrupt(name, 'giải mã được nhưng nội dung không khớp mã băm');
    } else {
      try {
        plain = await readFile(p);
      } catch (e) {
        if (errno(e) === 'ENOENT') throw corrupt(name, 'bị mất khỏi kho tệp chung (khối cơ sở dữ liệu)');
        throw e;
      }
      if (createHash('sha256').update(plain).digest('hex') !== hash) throw corrupt(name, plain.length < len ? 'bị cắt ngắn' : 'đã bị thay đổi (SHA-256 không khớp)');
    }
    if (plain.length !== len) throw corrupt(MANIFEST, `ghi kích thước sai cho khối ${i + 1} của cơ sở dữ liệu`);
    return plain;
  };
  const AHEAD = 16;
  const pending = new Map<number, Promise<Buffer>>();
  const start = (i: number) => {
    if (i >= n || pending.has(i)) return;
    const p = load(i);
    p.catch(() => undefined); // awaited in order below; a later chunk's failure must not surface unhandled
    pending.set(i, p);
  };
  const whole = createHash('sha256');
  const fh = await open(out, 'wx', 0o600);
  try {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < i + AHEAD; j++) start(j);
      const plain = await pending.get(i)!;
      pending.delete(i);
      whole.update(plain);
      let off = 0;
      while (off < plain.length) off += (await fh.write(plain, off, plain.length - off)).bytesWritten;
      if ((i + 1) % 64 === 0 || i === n - 1) onProgress?.({ phase: 'files', done: i + 1, total: n });
    }
    if (whole.digest('hex') !== d.sha256) throw corrupt(DB_NAME, 'ghép từ các khối nhưng SHA-256 toàn tệp không khớp bản kê');
    // The restore's copy is fsynced; a verify's scratch copy is read once and removed.
    if (durable) await fh.sync();
  } finally {
    await fh.close();
    // Chunks read ahead of a failure are dropped.
    await Promise.allSettled(pending.values());
  }
  return d.size;
}

async function openPlain(p: string, key: BackupKey, label: string, name: string, out?: string): Promise<string> {
  let fh: FileHandle | undefined;
  try {
    if (out) fh = await open(out, 'wx', 0o600);
    const r = await decryptFrom(p, key, label, fh ? async (b) => void (await fh!.write(b)) : undefined);
    if (fh) await fh.sync();
    return r.plainSha256;
  } catch (e) {
    if (e instanceof SealError)
      throw corrupt(
        name,
        e.why === 'truncated' ? 'bị cắt ngắn hoặc hỏng ở cuối' : e.why === 'format' ? 'không phải tệp mã hóa của VănThư' : 'đã bị thay đổi (thẻ xác thực AES-GCM không khớp)',
      );
    throw e;
  } finally {
    await fh?.close();
  }
}

function checkChain(dbPath: string, keyText: string | null, m: Manifest): void {
  let key: Buffer | null = null;
  let from = Infinity;
  if (keyText) {
    const j = JSON.parse(keyText) as { key: string; from: number };
    key = Buffer.from(j.key, 'base64');
    from = j.from;
  }
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    let prev = GENESIS_HASH;
    let n = 0;
    for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
      n++;
      if (r.id !== n || r.prev_hash !== prev || rowHash(prev, r, r.id >= from ? key : null) !== r.hash) {
        throw corrupt(DB_NAME, `có nhật ký hệ thống không toàn vẹn tại dòng ${r.id}`);
      }
      prev = r.hash;
    }
    if (n !== m.anchor.count || (n ? prev : GENESIS_HASH) !== m.anchor.hash)
      throw corrupt(DB_NAME, `có nhật ký kết thúc ở dòng ${n}, khác mốc ${m.anchor.count} đã ghi khi sao lưu`);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw corrupt(DB_NAME, `không mở được như cơ sở dữ liệu SQLite (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    db.close();
  }
}

/** Verifies every kept backup at a destination (or the one backup folder given). */
export async function verifyFolder(folder: string, opts: VerifyOptions = {}): Promise<VerifyReport[]> {
  folder = resolve(folder);
  if (existsSync(join(folder, MANIFEST))) return [await verifyBackup(folder, opts)];
  const dirs = listBackupDirs(folder);
  if (!dirs.length) throw new AppError('not_found', `Không có bản sao lưu nào trong thư mục "${folder}".`);
  const out: VerifyReport[] = [];
  for (const d of dirs) out.push(await verifyBackup(join(folder, d), opts));
  return out;
}

// ---- restore ---------------------------------------------------------------------------------------------------

export interface OpenedReport {
  documents: number;
  files: number;
  blobs: number;
  auditRows: number;
  lastAudit: { id: number; at: number; action: string; actorName: string | null } | null;
  auditIntact: boolean;
  anchorState: string;
}

/**
 * Restores `backupDir` into a new data folder: everything is checked while it is written into a temp folder beside
 * the target, the result is opened (by `openCheck`, the real core) and only then renamed into place.
 */
export async function restoreBackup(
  backupDir: string,
  target: string,
  o: { passphrase?: string | null; openCheck: (dataDir: string) => Promise<OpenedReport>; onProgress?: VerifyOptions['onProgress'] },
): Promise<{ verify: VerifyReport; opened: OpenedReport; target: string }> {
  target = resolve(target);
  let existed = false;
  try {
    const st = statSync(target);
    if (!st.isDirectory() || readdirSync(target).length) throw new AppError('restore_target_not_empty', undefined, { details: { target } });
    existed = true;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (errno(e) !== 'ENOENT') throw e;
  }
  await mkdir(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.dang-phuc-hoi-${basename(target)}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { mode: 0o700 });
  try {
    const mat = { dbFile: join(tmp, DB_NAME), keyFile: join(tmp, KEY_FILE), anchorFile: join(tmp, ANCHOR_FILE), blobDir: join(tmp, 'blobs') };
    await mkdir(mat.blobDir);
    const verify = await verifyBackup(backupDir, { passphrase: o.passphrase, materialize: mat, onProgress: o.onProgress });
    if (existsSync(mat.keyFile)) await chmod(mat.keyFile, 0o600);
    const opened = await o.openCheck(tmp);
    if (!opened.auditIntact) throw corrupt(DB_NAME, 'mở được nhưng nhật ký hệ thống không toàn vẹn');
    // The app's own files beside the database (WAL, shm) are closed by now; the folder moves as a whole.
    await rm(join(tmp, '.backup-tmp'), { recursive: true, force: true });
    if (existed) await rmdir(target);
    await rename(tmp, target);
    return { verify, opened, target };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}
