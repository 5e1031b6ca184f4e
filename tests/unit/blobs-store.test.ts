import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore, type BlobStore } from '../../src-main/blobs/store';
import { AppError } from '../../src-shared/errors';
import { VI_OFFICE, VI_TITLE, utf8 } from './blobs-fixtures';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let root: string;
let store: BlobStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vanthu-blobs-'));
  store = createBlobStore(join(root, 'blobs'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const tmpEntries = () => (existsSync(join(store.dir, 'tmp')) ? readdirSync(join(store.dir, 'tmp')) : []);

async function expectCode(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe('blob store: put and read', () => {
  it('stores bytes under their SHA-256, sharded, read-only, and reads them back', async () => {
    const bytes = utf8(`${VI_TITLE}\n${VI_OFFICE}`);
    const r = await store.put(bytes);
    expect(r).toEqual({ hash: sha256(bytes), size: bytes.byteLength, created: true });
    const path = store.pathOf(r.hash);
    expect(path).toBe(join(store.dir, r.hash.slice(0, 2), r.hash.slice(2, 4), r.hash));
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(store.has(r.hash)).toBe(true);
    const back = await store.read(r.hash);
    expect(new TextDecoder().decode(back)).toBe(`${VI_TITLE}\n${VI_OFFICE}`);
    expect(await store.verify(r.hash)).toBe('ok');
    expect(tmpEntries()).toEqual([]);
  });

  it('never rewrites an existing blob', async () => {
    const bytes = utf8(VI_OFFICE);
    const first = await store.put(bytes);
    const before = statSync(store.pathOf(first.hash));
    const again = await store.put(bytes);
    expect(again).toEqual({ ...first, created: false });
    const after = statSync(store.pathOf(first.hash));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('reports created exactly once for concurrent puts of the same bytes', async () => {
    const bytes = randomBytes(300_000);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.hash)).size).toBe(1);
    expect(tmpEntries()).toEqual([]);
  });

  it('stores an empty blob (the sniffer refuses empty files, the store does not care)', async () => {
    const r = await store.put(new Uint8Array(0));
    expect(r.hash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect((await store.read(r.hash)).byteLength).toBe(0);
  });
});

describe('blob store: putFile', () => {
  it('streams a large file, hashing while copying, with the same hash as put', async () => {
    const src = join(root, 'big.bin');
    const bytes = randomBytes(5 * 1024 * 1024 + 17);
    writeFileSync(src, bytes);
    const r = await store.putFile(src);
    expect(r).toEqual({ hash: sha256(bytes), size: bytes.byteLength, created: true });
    expect((await store.read(r.hash)).equals(bytes)).toBe(true);
    expect(await store.put(bytes)).toEqual({ ...r, created: false });
    expect(await store.putFile(src)).toEqual({ ...r, created: false });
    expect(tmpEntries()).toEqual([]);
  });

  it('leaves neither a temp file nor a blob when the source cannot be read', async () => {
    await expect(store.putFile(join(root, 'khong-co.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(tmpEntries()).toEqual([]);
    expect(readdirSync(store.dir).filter((n) => n !== 'tmp')).toEqual([]);
  });
});

describe('blob store: stage (uploads streamed to disk)', () => {
  async function* chunks(parts: Uint8Array[], onEach?: (i: number) => void): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < parts.length; i++) {
      onEach?.(i);
      yield parts[i];
    }
  }

  it('hashes while copying to a temp file, then commits under the hash or dedupes', async () => {
    const parts = [utf8(VI_TITLE), randomBytes(100_000), utf8(VI_OFFICE)];
    const all = Buffer.concat(parts);
    const staged = await store.stage(chunks(parts));
    expect(staged).toMatchObject({ hash: sha256(all), size: all.length });
    expect(readFileSync(staged.path)).toEqual(all);
    expect(store.has(staged.hash)).toBe(false);
    expect(await staged.commit()).toEqual({ hash: sha256(all), size: all.length, created: true });
    expect(readFileSync(store.pathOf(staged.hash))).toEqual(all);
    const again = await store.stage(chunks(parts));
    expect(await again.commit()).toEqual({ hash: sha256(all), size: all.length, created: false });
    expect(tmpEntries()).toEqual([]);
  });

  it('stops at the size limit: nothing past it is read or written, and the temp file is gone', async () => {
    const read: number[] = [];
    const parts = Array.from({ length: 10 }, () => randomBytes(1000));
    const err = await store
      .stage(
        chunks(parts, (i) => read.push(i)),
        { maxBytes: 2500, tooLarge: (n) => new AppError('file_too_large', `quá lớn: ${n}`) },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'file_too_large', message: 'quá lớn: 3000' });
    expect(read).toEqual([0, 1, 2]);
    expect(tmpEntries()).toEqual([]);
  });

  it('discard removes the temp file and stores nothing', async () => {
    const staged = await store.stage([utf8(VI_TITLE)]);
    await staged.discard();
    expect(existsSync(staged.path)).toBe(false);
    expect(store.has(staged.hash)).toBe(false);
  });
});

describe('blob store: corruption', () => {
  it('detects a blob altered on disk and never returns its bytes', async () => {
    const bytes = utf8(`${VI_TITLE} — bản gốc`);
    const { hash } = await store.put(bytes);
    const path = store.pathOf(hash);
    chmodSync(path, 0o644);
    const tampered = Buffer.from(readFileSync(path));
    tampered[5] ^= 0x01;
    writeFileSync(path, tampered);

    const err = await expectCode(store.read(hash), 'blob_corrupt');
    expect(err.details).toMatchObject({ hash, state: 'corrupt' });
    expect(await store.verify(hash)).toBe('corrupt');
  });

  it('detects a truncated blob', async () => {
    const { hash } = await store.put(randomBytes(10_000));
    const path = store.pathOf(hash);
    chmodSync(path, 0o644);
    writeFileSync(path, readFileSync(path).subarray(0, 4096));
    await expectCode(store.read(hash), 'blob_corrupt');
    expect(await store.verify(hash)).toBe('corrupt');
  });

  it('treats a missing blob as corrupt on read and as missing on verify', async () => {
    const hash = sha256(utf8('không có'));
    expect(store.has(hash)).toBe(false);
    const err = await expectCode(store.read(hash), 'blob_corrupt');
    expect(err.details).toMatchObject({ state: 'missing' });
    expect(await store.verify(hash)).toBe('missing');
  });
});

describe('blob store: hash validation', () => {
  const bad = [
    '../../../etc/passwd',
    'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/..',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\0',
    '',
  ];
  it.each(bad)('refuses %j before touching the disk', async (hash) => {
    expect(() => store.pathOf(hash)).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => store.has(hash)).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    await expectCode(store.read(hash), 'invalid_input');
    await expectCode(store.verify(hash), 'invalid_input');
  });
});

describe('blob store: temp files and crashes', () => {
  it('sweeps leftovers older than the threshold and keeps fresh ones', async () => {
    await store.put(utf8('khởi tạo thư mục tạm'));
    const tmp = join(store.dir, 'tmp');
    writeFileSync(join(tmp, 'old.part'), 'partial');
    writeFileSync(join(tmp, 'fresh.part'), 'partial');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(join(tmp, 'old.part'), hourAgo, hourAgo);

    expect(await store.sweepTemp()).toBe(1);
    expect(tmpEntries()).toEqual(['fresh.part']);
    expect(await store.sweepTemp({ olderThanMs: 0 })).toBe(1);
    expect(tmpEntries()).toEqual([]);
  });

  it('recreates tmp/ when it disappears between writes', async () => {
    await store.put(utf8('lần một'));
    rmSync(join(store.dir, 'tmp'), { recursive: true });
    const r = await store.put(utf8('lần hai'));
    expect(r.created).toBe(true);
    expect(await store.verify(r.hash)).toBe('ok');
  });

  it('returns 0 when nothing was ever written', async () => {
    expect(await store.sweepTemp({ olderThanMs: 0 })).toBe(0);
  });

  it('cleans up its temp file when the final directory cannot be created', async () => {
    const bytes = utf8('thư mục đích bị chặn');
    const hash = sha256(bytes);
    // A plain file where the shard directory should be makes mkdir fail after the temp file is complete.
    await store.put(utf8('tạo thư mục gốc'));
    writeFileSync(join(store.dir, hash.slice(0, 2)), 'not a directory');
    await expect(store.put(bytes)).rejects.toThrow();
    expect(tmpEntries()).toEqual([]);
    expect(existsSync(join(store.dir, hash.slice(0, 2)))).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('a process killed mid-write leaves only a temp file, never a partial blob', async () => {
    const storeModule = fileURLToPath(new URL('../../src-main/blobs/store.ts', import.meta.url));
    const child = join(root, 'writer.mts');
    // A named pipe as the source: the writer copies what we send and then waits for more, mid-file.
    const fifo = join(root, 'source.fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(
      child,
      `import { createBlobStore } from ${JSON.stringify(storeModule)};\n` +
        `await createBlobStore(${JSON.stringify(store.dir)}).putFile(${JSON.stringify(fifo)});\n` +
        `console.log('finished');\n`,
    );
    // tsx resolves from the repository, so the child runs with the repository as its working directory.
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const source = createWriteStream(fifo);
    source.on('error', () => undefined); // the pipe breaks when we kill the writer
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    source.write(randomBytes(2 * 1024 * 1024));

    // Wait until the writer has started filling its temp file, then kill it without warning.
    const tmp = join(store.dir, 'tmp');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const parts = existsSync(tmp) ? readdirSync(tmp) : [];
      if (parts.length > 0 && statSync(join(tmp, parts[0])).size > 0) break;
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`writer never started: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    source.destroy();
    expect(stdout).toBe('');

    const shards = readdirSync(store.dir).filter((n) => n !== 'tmp');
    expect(shards).toEqual([]);
    expect(tmpEntries()).toHaveLength(1);
    expect(await store.sweepTemp({ olderThanMs: 0 })).toBe(1);
    expect(tmpEntries()).toEqual([]);
  });
});
