// The watched folder: scanners that "scan to folder" drop files here. Polled (no fs.watch: it misses changes on
// network shares); a file is taken once its size and mtime held over two polls and it opens. The protocol survives
// kill -9 at any point with nothing lost or imported twice: hash → (ledger says imported? only move) → import with
// the ledger row in the batch's transaction → rename into the processed folder → mark moved.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { RawDb } from '../db/open';
import type { Logger } from '../env';

export type WatchStep = 'hashed' | 'committed' | 'moved' | 'marked' | 'failed';

/** Told after each step of a file's import (the crash test kills the process right there). */
export type StepHook = (step: WatchStep, name: string) => void | Promise<void>;

export interface WatchFolders {
  watch: string;
  processed: string;
  error: string;
}

export interface WatcherDeps {
  raw: RawDb;
  now: () => number;
  logger: Logger;
  folders: () => WatchFolders | null;
  /** Imports the file as a batch; `inTx` runs inside the batch's transaction (the ledger row). */
  importFile(bytes: Uint8Array, name: string, inTx: (batchId: number) => void): Promise<number>;
}

/** Names a scanner or an editor writes while a file is not finished, and our own sub-folders' notes. */
export function ignoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || /\.(tmp|part|crdownload|partial)$/i.test(name) || /\.loi\.txt$/i.test(name);
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** `name`, or `name (2).ext`, `name (3).ext` … : the first free name in dir. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = path.join(dir, i === 1 ? name : `${stem} (${i})${ext}`);
    try {
      await fsp.access(candidate);
    } catch {
      return candidate;
    }
  }
}

export function createWatcher(deps: WatcherDeps) {
  const { raw, now, logger } = deps;
  /** What each file looked like at the previous poll. */
  let seen = new Map<string, { size: number; mtime: number }>();

  const findImported = raw.prepare(`SELECT id FROM scan_watch_ledger WHERE sha256 = ? AND name = ? AND size = ? AND mtime = ? AND state = 'imported' ORDER BY id LIMIT 1`).pluck();
  const insertLedger = raw.prepare(`INSERT INTO scan_watch_ledger (name, size, mtime, sha256, state, batch_id, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const markMoved = raw.prepare(`UPDATE scan_watch_ledger SET state = 'moved', updated_at = ? WHERE id = ?`);

  async function fail(f: WatchFolders, name: string, st: { size: number; mtime: number }, sha: string, reason: string): Promise<void> {
    await fsp.mkdir(f.error, { recursive: true });
    const dest = await freeName(f.error, name);
    // The reason first: a kill between the two leaves the file to be tried again, never an unexplained file.
    await fsp.writeFile(`${dest}.loi.txt`, `Tệp: ${name}\nThời điểm: ${new Date(now()).toISOString()}\nLý do không nhập được: ${reason}\n`);
    await fsp.rename(path.join(f.watch, name), dest);
    raw.transaction(() => insertLedger.run(name, st.size, st.mtime, sha, 'error', null, reason, now(), now())).immediate();
  }

  async function takeFile(f: WatchFolders, name: string, st: { size: number; mtime: number }, onStep: StepHook): Promise<'imported' | 'moved' | 'failed'> {
    const file = path.join(f.watch, name);
    const sha = await sha256File(file);
    await onStep('hashed', name);
    let ledgerId = findImported.get(sha, name, st.size, st.mtime) as number | undefined;
    const already = ledgerId != null;
    if (!already) {
      try {
        const bytes = await fsp.readFile(file);
        await deps.importFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, (batchId) => {
          ledgerId = Number(insertLedger.run(name, st.size, st.mtime, sha, 'imported', batchId, null, now(), now()).lastInsertRowid);
        });
      } catch (e) {
        // The file's own fault (not a PDF or image, damaged): put aside with the reason. Anything else (disk, database)
        // is tried again at the next poll.
        if (!(e instanceof AppError)) throw e;
        await fail(f, name, st, sha, e.message);
        await onStep('failed', name);
        return 'failed';
      }
      await onStep('committed', name);
    }
    await fsp.mkdir(f.processed, { recursive: true });
    await fsp.rename(file, await freeName(f.processed, name));
    await onStep('moved', name);
    raw.transaction(() => markMoved.run(now(), ledgerId)).immediate();
    await onStep('marked', name);
    return already ? 'moved' : 'imported';
  }

  return {
    /** Forget what earlier polls saw (the folder changed). */
    reset(): void {
      seen = new Map();
    },

    async pollOnce(opts: { onStep?: StepHook } = {}): Promise<{ imported: number; moved: number; failed: number; waiting: number }> {
      const out = { imported: 0, moved: 0, failed: 0, waiting: 0 };
      const f = deps.folders();
      if (!f) return out;
      const onStep = opts.onStep ?? (() => {});
      let names: string[];
      try {
        names = await fsp.readdir(f.watch);
      } catch (e) {
        logger.warn('watched folder unreadable', { folder: f.watch, error: String(e) });
        return out;
      }
      // A file imported, then moved by a process killed before it marked the move: the move happened.
      const present = new Set(names);
      const stale = raw.prepare(`SELECT id, name FROM scan_watch_ledger WHERE state = 'imported'`).all() as Array<{ id: number; name: string }>;
      const gone = stale.filter((r) => !present.has(r.name));
      if (gone.length) raw.transaction(() => gone.forEach((r) => markMoved.run(now(), r.id))).immediate();

      const next = new Map<string, { size: number; mtime: number }>();
      for (const name of names.sort()) {
        if (ignoredName(name)) continue;
        let st;
        try {
          st = await fsp.stat(path.join(f.watch, name));
        } catch {
          continue;
        }
        if (!st.isFile()) continue;
        const now_ = { size: st.size, mtime: Math.trunc(st.mtimeMs) };
        next.set(name, now_);
        const before = seen.get(name);
        if (!before || before.size !== now_.size || before.mtime !== now_.mtime || now_.size === 0) {
          out.waiting++;
          continue;
        }
        // Still being written by a program that holds it exclusively (Windows): next time.
        try {
          const h = await fsp.open(path.join(f.watch, name), 'r');
          await h.close();
        } catch {
          out.waiting++;
          continue;
        }
        const r = await takeFile(f, name, now_, onStep);
        out[r]++;
        next.delete(name);
      }
      seen = next;
      return out;
    },
  };
}
