// The scan tray on disk: page images under <dataDir>/scan-tray/<batchId>/<pageId>.<jpg|png>. A page's bytes are
// written and fsync'd under a temp name first; the rename to its final name happens inside the transaction that
// inserts its row, so after a kill either both exist or the start-up sweep removes the file. Knows no SQL but the sweep.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { RawDb } from '../db/open';

export type PageFormat = 'jpeg' | 'png';

const TEMP_PREFIX = '.tmp-';
const extOf = (f: PageFormat) => (f === 'png' ? 'png' : 'jpg');

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  // Directory fsync makes the rename itself durable; Windows cannot open a directory, and needs no such step.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function createTray(dataDir: string) {
  const root = path.join(dataDir, 'scan-tray');
  const tmp = path.join(root, 'tmp');
  const batchDir = (batchId: number) => path.join(root, String(batchId));
  const pathOf = (batchId: number, pageId: number, format: PageFormat) => path.join(batchDir(batchId), `${pageId}.${extOf(format)}`);

  return {
    root,
    pathOf,

    /** Writes the bytes under a temp name (the writer's pid in it) and fsyncs them; no row refers to it yet. */
    async stage(bytes: Uint8Array): Promise<string> {
      await fsp.mkdir(tmp, { recursive: true });
      const file = path.join(tmp, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
      const h = await fsp.open(file, 'w');
      try {
        await h.writeFile(bytes);
        await h.sync();
      } finally {
        await h.close();
      }
      return file;
    },

    /** Inside the transaction that inserts the page row: the staged file takes the page's name (synchronous, fast). */
    place(staged: string, batchId: number, pageId: number, format: PageFormat): void {
      const dir = batchDir(batchId);
      fs.mkdirSync(dir, { recursive: true });
      fs.renameSync(staged, pathOf(batchId, pageId, format));
      fsyncDir(dir);
    },

    /** A staged file no transaction took (the import failed before its commit). */
    async drop(staged: string): Promise<void> {
      await fsp.rm(staged, { force: true });
    },

    read(batchId: number, pageId: number, format: PageFormat): Promise<Buffer> {
      return fsp.readFile(pathOf(batchId, pageId, format));
    },

    async removePage(batchId: number, pageId: number, format: PageFormat): Promise<void> {
      await fsp.rm(pathOf(batchId, pageId, format), { force: true });
    },

    async removeBatch(batchId: number): Promise<void> {
      await fsp.rm(batchDir(batchId), { recursive: true, force: true });
    },

    /**
     * Start-up: temp files of dead writers, page files without a row (killed between the rename and the commit) and
     * folders of batches whose tray was cleared go. Run holding the write lock, so no other process sharing the data
     * folder is between a rename and its commit while we look.
     */
    sweep(raw: RawDb): { removed: number } {
      let removed = 0;
      if (!fs.existsSync(root)) return { removed };
      for (const name of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
        const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1] ?? 0);
        if (pid && alive(pid)) continue;
        fs.rmSync(path.join(tmp, name), { force: true });
        removed++;
      }
      const pageIn = raw.prepare('SELECT 1 FROM scan_pages WHERE id = ? AND batch_id = ?').pluck();
      const batchOpen = raw.prepare('SELECT tray_cleared_at IS NULL FROM scan_batches WHERE id = ?').pluck();
      raw
        .transaction(() => {
          for (const dirName of fs.readdirSync(root)) {
            if (!/^\d+$/.test(dirName)) continue;
            const batchId = Number(dirName);
            const dir = batchDir(batchId);
            if (!batchOpen.get(batchId)) {
              fs.rmSync(dir, { recursive: true, force: true });
              removed++;
              continue;
            }
            for (const f of fs.readdirSync(dir)) {
              const m = /^(\d+)\.(jpg|png)$/.exec(f);
              if (m && pageIn.get(Number(m[1]), batchId)) continue;
              fs.rmSync(path.join(dir, f), { force: true, recursive: true });
              removed++;
            }
          }
        })
        .immediate();
      return { removed };
    },
  };
}

export type Tray = ReturnType<typeof createTray>;
