// Content-addressed blob store on disk: bytes in, SHA-256 out, files written atomically and never modified again.
// Owns only the files under `dir`; knows nothing of the database, file names or types (sniff.ts decides types).
// Layout: <dir>/<h0h1>/<h2h3>/<hash> (read-only) and <dir>/tmp/ for in-flight writes.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors';

export interface PutResult {
  hash: string;
  size: number;
  /** false when identical bytes were already stored (nothing was written). */
  created: boolean;
}

export type BlobHealth = 'ok' | 'missing' | 'corrupt';

/** Bytes written to a temp file in the store and hashed, not yet visible under their hash. */
export interface StagedBlob {
  hash: string;
  size: number;
  /** The temp file: read it (sniffing, checks) before commit. */
  path: string;
  /** Moves the file into place (or drops it when the same bytes are already stored). */
  commit(): Promise<PutResult>;
  /** Removes the temp file. */
  discard(): Promise<void>;
}

export interface StageOptions {
  /** Largest accepted size: the copy stops, the temp file goes and `tooLarge(size)` is thrown as soon as it is passed. */
  maxBytes?: number;
  tooLarge?: (sizeSoFar: number) => Error;
}

export interface BlobStore {
  readonly dir: string;
  put(bytes: Uint8Array): Promise<PutResult>;
  /** Streams the file into the store, hashing while copying, so large files never sit in memory. */
  putFile(srcPath: string): Promise<PutResult>;
  /** Copies a stream of chunks (an upload as it arrives) to a temp file while hashing, enforcing a size limit;
   *  the caller checks the file and then commits or discards it. */
  stage(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts?: StageOptions): Promise<StagedBlob>;
  /** The verified bytes; throws AppError('blob_corrupt') when missing or altered on disk. */
  read(hash: string): Promise<Buffer>;
  has(hash: string): boolean;
  pathOf(hash: string): string;
  verify(hash: string): Promise<BlobHealth>;
  /** Removes temp files left by a killed process. Only files untouched for `olderThanMs` (default 10 min) go,
   *  so a write in progress in another process sharing the directory is not cut off. */
  sweepTemp(opts?: { olderThanMs?: number }): Promise<number>;
  /** Deletes a stored file for good (a disposal decision, records/). True when it was there. Callers decide; the
   *  store never removes anything by itself. */
  remove(hash: string): Promise<boolean>;
}

const HASH_RE = /^[0-9a-f]{64}$/;
const TEMP_SUFFIX = '.part';
const COPY_CHUNK = 1 << 20;
const DEFAULT_SWEEP_AGE_MS = 10 * 60_000;

/** Throws invalid_input for anything that is not 64 lowercase hex digits, so no hash can name a path outside dir. */
export function assertBlobHash(hash: string): void {
  if (typeof hash !== 'string' || !HASH_RE.test(hash)) {
    throw new AppError('invalid_input', 'Mã băm tệp không hợp lệ.', { details: { hash: String(hash).slice(0, 80) } });
  }
}

export function createBlobStore(dir: string): BlobStore {
  const tmpDir = join(dir, 'tmp');
  // Coalesces concurrent puts of the same bytes in this process so exactly one reports created: true.
  const inFlight = new Map<string, Promise<PutResult>>();
  const activeTemps = new Set<string>();
  let tmpReady: Promise<unknown> | undefined;

  const pathOf = (hash: string): string => {
    assertBlobHash(hash);
    return join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);
  };

  const ensureTmp = (): Promise<unknown> => {
    tmpReady ??= mkdir(tmpDir, { recursive: true }).catch((e: unknown) => {
      tmpReady = undefined;
      throw e;
    });
    return tmpReady;
  };

  const newTemp = async (): Promise<{ path: string; fh: FileHandle }> => {
    const path = join(tmpDir, `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
    activeTemps.add(path);
    try {
      await ensureTmp();
      try {
        return { path, fh: await open(path, 'wx', 0o600) };
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // tmp/ vanished under us (cleanup, restore from backup): make it again once.
        tmpReady = undefined;
        await ensureTmp();
        return { path, fh: await open(path, 'wx', 0o600) };
      }
    } catch (e) {
      activeTemps.delete(path);
      throw e;
    }
  };

  const discardTemp = async (path: string): Promise<void> => {
    activeTemps.delete(path);
    await removeFile(path);
  };

  // Temp file is complete and fsynced; move it into place unless the blob appeared meanwhile.
  const commit = async (tempPath: string, hash: string, size: number): Promise<PutResult> => {
    try {
      return await moveIntoPlace(tempPath, hash, size);
    } catch (e) {
      await discardTemp(tempPath).catch(() => undefined);
      throw e;
    }
  };

  const moveIntoPlace = async (tempPath: string, hash: string, size: number): Promise<PutResult> => {
    const finalPath = pathOf(hash);
    if (existsSync(finalPath)) {
      await discardTemp(tempPath);
      return { hash, size, created: false };
    }
    const shardDir = join(dir, hash.slice(0, 2), hash.slice(2, 4));
    const firstCreated = await mkdir(shardDir, { recursive: true });
    // Read-only before it becomes visible, so the final name never points at a writable file.
    await chmod(tempPath, 0o444);
    try {
      await rename(tempPath, finalPath);
    } catch (e) {
      // Windows refuses to rename over an existing (read-only) file: another process stored the same bytes.
      if (existsSync(finalPath)) {
        await discardTemp(tempPath);
        return { hash, size, created: false };
      }
      throw e;
    }
    activeTemps.delete(tempPath);
    await fsyncDir(shardDir);
    if (firstCreated) {
      await fsyncDir(join(dir, hash.slice(0, 2)));
      await fsyncDir(dir);
    }
    return { hash, size, created: true };
  };

  const once = (hash: string, work: () => Promise<PutResult>): Promise<PutResult> => {
    const pending = inFlight.get(hash);
    if (pending) return pending.then((r) => ({ ...r, created: false }));
    const p = work().finally(() => inFlight.delete(hash));
    inFlight.set(hash, p);
    return p;
  };

  // Fills a fresh temp file and makes it durable; on any failure the temp file is gone before the error surfaces.
  const writeTemp = async (fill: (fh: FileHandle) => Promise<void>): Promise<string> => {
    const { path, fh } = await newTemp();
    try {
      await fill(fh);
      await fh.sync();
      await fh.close();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await discardTemp(path);
      throw e;
    }
    return path;
  };

  const put = async (bytes: Uint8Array): Promise<PutResult> => {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const size = bytes.byteLength;
    if (existsSync(pathOf(hash))) return { hash, size, created: false };
    return once(hash, async () => commit(await writeTemp((fh) => fh.writeFile(bytes)), hash, size));
  };

  const stage = async (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: StageOptions = {}): Promise<StagedBlob> => {
    const hasher = createHash('sha256');
    let size = 0;
    const path = await writeTemp(async (fh) => {
      for await (const chunk of source) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        size += buf.byteLength;
        // Checked before writing: not one byte past the limit reaches the disk.
        if (opts.maxBytes !== undefined && size > opts.maxBytes) {
          throw opts.tooLarge?.(size) ?? new AppError('file_too_large', undefined, { details: { size, limit: opts.maxBytes } });
        }
        hasher.update(buf);
        await writeAll(fh, buf);
      }
    });
    const hash = hasher.digest('hex');
    let settled = false;
    return {
      hash,
      size,
      path,
      commit: async () => {
        if (settled) throw new Error('staged blob already committed or discarded');
        settled = true;
        return commitStaged(path, hash, size);
      },
      discard: async () => {
        if (settled) return;
        settled = true;
        await discardTemp(path);
      },
    };
  };

  const putFile = async (srcPath: string): Promise<PutResult> => {
    // Opened only once the temp file is ready to take it, so an unreadable source fails inside the copy.
    const chunks = async function* (): AsyncGenerator<Buffer> {
      yield* createReadStream(srcPath, { highWaterMark: COPY_CHUNK }) as AsyncIterable<Buffer>;
    };
    return (await stage(chunks())).commit();
  };

  const commitStaged = async (path: string, hash: string, size: number): Promise<PutResult> => {
    // Another put of the same bytes may be mid-flight; let it finish and drop our copy.
    const pending = inFlight.get(hash);
    if (pending) {
      await pending.catch(() => undefined);
      if (existsSync(pathOf(hash))) {
        await discardTemp(path);
        return { hash, size, created: false };
      }
    }
    return once(hash, () => commit(path, hash, size));
  };

  const read = async (hash: string): Promise<Buffer> => {
    const path = pathOf(hash);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      if (isNotFound(e)) throw corrupt(hash, 'missing', e);
      throw e;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== hash) throw corrupt(hash, 'corrupt');
    return bytes;
  };

  const verify = async (hash: string): Promise<BlobHealth> => {
    const path = pathOf(hash);
    try {
      return (await hashFile(path)) === hash ? 'ok' : 'corrupt';
    } catch (e) {
      if (isNotFound(e)) return 'missing';
      throw e;
    }
  };

  const sweepTemp = async (opts: { olderThanMs?: number } = {}): Promise<number> => {
    const olderThan = opts.olderThanMs ?? DEFAULT_SWEEP_AGE_MS;
    let names: string[];
    try {
      names = await readdir(tmpDir);
    } catch (e) {
      if (isNotFound(e)) return 0;
      throw e;
    }
    let removed = 0;
    const now = Date.now();
    for (const name of names) {
      const path = join(tmpDir, name);
      if (activeTemps.has(path)) continue;
      const st = await stat(path).catch(() => undefined);
      if (!st?.isFile() || now - st.mtimeMs < olderThan) continue;
      if (await removeFile(path)) removed++;
    }
    return removed;
  };

  return {
    dir,
    put,
    putFile,
    stage,
    read,
    has: (hash) => existsSync(pathOf(hash)),
    pathOf,
    verify,
    sweepTemp,
    async remove(hash) {
      const path = pathOf(hash);
      const gone = await removeFile(path);
      if (gone) await fsyncDir(join(dir, hash.slice(0, 2), hash.slice(2, 4)));
      return gone;
    },
  };
}

function corrupt(hash: string, state: 'missing' | 'corrupt', cause?: unknown): AppError {
  return new AppError('blob_corrupt', undefined, { details: { hash, state }, cause });
}

// FileHandle.write may write less than asked (full disk, signals); loop until the chunk is on its way.
async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.byteLength) {
    const { bytesWritten } = await fh.write(buf, off, buf.byteLength - off);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    off += bytesWritten;
  }
}

async function hashFile(path: string): Promise<string> {
  const hasher = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: COPY_CHUNK })) hasher.update(chunk as Buffer);
  return hasher.digest('hex');
}

// A rename is durable only once its directory entry is flushed. Windows cannot open a directory for fsync,
// and NTFS journals the rename anyway, so failures there are ignored.
export async function fsyncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    await fh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw e;
  } finally {
    await fh?.close();
  }
}

/** Unlinks, clearing a read-only bit first where the OS insists (Windows). True when the file is gone by us. */
async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    if ((e as NodeJS.ErrnoException).code !== 'EPERM' && (e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
  }
  await chmod(path, 0o600);
  await unlink(path);
  return true;
}

function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
