// Durable jobs (issue 8 item 4): queued in the caller's transaction, retried with backoff, failed for good after
// max attempts, put back after a killed process, run in worker threads that are killed past their time limit, and
// the admin's view of them behind a permission.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { TEXT_JOB } from '../../src-main/blobs/service';
import { backoffMs, type JobRow } from '../../src-main/jobs/service';
import { createWorkerPool, TaskTimeoutError } from '../../src-main/jobs/worker-pool';
import { makeCore, silentLogger, tempDir, testClock, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { makeBigPdf, makePdf } from '../unit/blobs-fixtures';

let t: TestCore;
let office: Awaited<ReturnType<typeof clerkOffice>>;
let bigPdf: Uint8Array;

beforeAll(async () => {
  t = makeCore();
  office = await clerkOffice(t);
  bigPdf = await makeBigPdf();
});

afterAll(() => t.close());

const jobsOf = (kind: string) => t.core.services.raw.prepare('SELECT * FROM jobs WHERE kind = ? ORDER BY id').all(kind) as JobRow[];
const textStatus = (hash: string) => (t.core.services.raw.prepare('SELECT text_status AS s FROM blobs WHERE hash = ?').get(hash) as { s: string }).s;

describe('enqueue', () => {
  it('joins the caller’s transaction: a rollback takes the job with it, a commit keeps it', () => {
    const { raw, jobs } = t.core.services;
    expect(() =>
      raw
        .transaction(() => {
          jobs.enqueue('test.tx', { n: 1 });
          throw new Error('rollback');
        })
        .immediate(),
    ).toThrow('rollback');
    expect(jobsOf('test.tx')).toEqual([]);
    raw.transaction(() => jobs.enqueue('test.tx', { n: 2 })).immediate();
    expect(jobsOf('test.tx').map((j) => [j.state, JSON.parse(j.payload)])).toEqual([['waiting', { n: 2 }]]);
  });

  it('queues a file’s text extraction with its row, once per file', async () => {
    const { raw, blobs } = t.core.services;
    const bytes = new TextEncoder().encode('Kế hoạch phòng chống thiên tai năm 2026 của xã Đồng Hóa');
    const accepted = await blobs.accept(bytes, 'ke-hoach.txt');
    expect(() =>
      raw
        .transaction(() => {
          blobs.record(accepted, null);
          throw new Error('rollback');
        })
        .immediate(),
    ).toThrow('rollback');
    expect(jobsOf(TEXT_JOB).filter((j) => j.dedupe_key === `${TEXT_JOB}:${accepted.hash}`)).toEqual([]);
    raw.transaction(() => blobs.record(accepted, null)).immediate();
    raw.transaction(() => blobs.record(accepted, null)).immediate();
    expect(jobsOf(TEXT_JOB).filter((j) => j.dedupe_key === `${TEXT_JOB}:${accepted.hash}`)).toHaveLength(1);
    await t.core.idle();
    expect(textStatus(accepted.hash)).toBe('done');
    expect(jobsOf(TEXT_JOB).find((j) => j.dedupe_key === `${TEXT_JOB}:${accepted.hash}`)?.state).toBe('done');
  });

  it('starts what a call queued as soon as the call commits, with nobody asking (no timers in this core)', async () => {
    const bytes = new TextEncoder().encode('Thông báo lịch tiếp công dân định kỳ tháng 12 năm 2026');
    const put = await t.ok('blobs.put', { fileName: 'thong-bao.txt', bytes }, office.clerkToken);
    await vi.waitFor(() => expect(textStatus(put.hash)).toBe('done'), { timeout: 25_000, interval: 20 });
  });
});

describe('runner', () => {
  it('runs work beside jobs that wait on someone else: a long wait never holds the work lane', async () => {
    const { jobs, raw } = t.core.services;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let waiting = 0;
    jobs.register('test.wait', { run: async () => void (waiting++, await held) }, { lane: 'wait' });
    const done: number[] = [];
    jobs.register('test.work', { run: async (p) => void done.push((p as { n: number }).n) });
    raw.transaction(() => {
      jobs.enqueue('test.wait', { n: 1 });
      jobs.enqueue('test.wait', { n: 2 });
      for (let n = 1; n <= 3; n++) jobs.enqueue('test.work', { n });
    })();
    const idle = jobs.kick();
    // Both waits are running (their own slots) and every work job finished meanwhile.
    await vi.waitFor(() => expect(done.sort()).toEqual([1, 2, 3]), { timeout: 25_000, interval: 10 });
    expect(waiting).toBe(2);
    release();
    await idle;
    expect(jobsOf('test.wait').map((j) => j.state)).toEqual(['done', 'done']);
  });

  it('retries with exponential backoff and jitter, then succeeds', async () => {
    const { jobs } = t.core.services;
    let calls = 0;
    jobs.register('test.flaky', {
      run: async () => {
        calls++;
        if (calls < 3) throw new Error(`mạng chưa sẵn sàng (lần ${calls})`);
      },
    });
    const id = jobs.enqueue('test.flaky', { documentId: 7 }, { maxAttempts: 5 })!;
    const start = t.clock.now();
    await t.core.idle();
    let row = jobs.get(id)!;
    expect(row).toMatchObject({ state: 'waiting', attempts: 1, last_error: 'Lỗi không mong muốn: mạng chưa sẵn sàng (lần 1)' });
    // First retry after 2.5–5 s (base 5 s with jitter); nothing runs before its time.
    expect(row.next_run_at - start).toBeGreaterThanOrEqual(2_500);
    expect(row.next_run_at - start).toBeLessThanOrEqual(5_000);
    await t.core.idle();
    expect(calls).toBe(1);
    t.clock.set(row.next_run_at);
    await t.core.idle();
    row = jobs.get(id)!;
    expect(row).toMatchObject({ state: 'waiting', attempts: 2 });
    // Second retry: 5–10 s.
    expect(row.next_run_at - t.clock.now()).toBeGreaterThanOrEqual(5_000);
    expect(row.next_run_at - t.clock.now()).toBeLessThanOrEqual(10_000);
    t.clock.set(row.next_run_at);
    await t.core.idle();
    expect(jobs.get(id)).toMatchObject({ state: 'done', attempts: 3, last_error: null });
    expect(calls).toBe(3);
  });

  it('grows the backoff up to its cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 6000, () => 1))).toEqual([1000, 2000, 4000, 6000]);
    expect(backoffMs(3, 1000, 6000, () => 0)).toBe(2000);
  });

  it('gives up after max attempts: failed, with the last error in Vietnamese and the give-up hook run', async () => {
    const { jobs } = t.core.services;
    const gaveUp: string[] = [];
    jobs.register('test.broken', {
      run: async () => {
        throw new Error('tệp hỏng');
      },
      onGiveUp: (_p, err) => void gaveUp.push(err),
    });
    const id = jobs.enqueue('test.broken', { hash: 'abc' }, { maxAttempts: 2 })!;
    await t.core.idle();
    t.clock.set(jobs.get(id)!.next_run_at);
    await t.core.idle();
    expect(jobs.get(id)).toMatchObject({ state: 'failed', attempts: 2, last_error: 'Lỗi không mong muốn: tệp hỏng' });
    expect(gaveUp).toEqual(['Lỗi không mong muốn: tệp hỏng']);
    // Nothing more runs on its own.
    t.clock.advance(10 * 60_000);
    await t.core.idle();
    expect(jobs.get(id)!.attempts).toBe(2);
  });
});

describe('restart', () => {
  it('runs again a file extraction left running by a killed process', async () => {
    const u = makeCore();
    const o = await clerkOffice(u);
    const put = await u.ok('blobs.put', { fileName: 'bao-cao.pdf', bytes: await makePdf([['Báo cáo tổng kết công tác phòng chống lụt bão']]) }, o.clerkToken);
    // What a kill -9 in the middle of the extraction leaves: the job claimed ('running'), the file still pending.
    u.core.services.raw.prepare("UPDATE jobs SET state = 'running', attempts = 1 WHERE kind = ?").run(TEXT_JOB);
    const dir = u.dir;
    u.close();
    const again = makeCore({ dir, clock: u.clock });
    try {
      expect(again.core.services.raw.prepare('SELECT state FROM jobs WHERE kind = ?').pluck().all(TEXT_JOB)).toEqual(['waiting']);
      await again.core.idle();
      const row = again.core.services.raw.prepare('SELECT text_status AS s FROM blobs WHERE hash = ?').get(put.hash) as { s: string };
      expect(row.s).toBe('done');
      expect(again.core.services.raw.prepare('SELECT state, attempts FROM jobs WHERE kind = ?').all(TEXT_JOB)).toEqual([{ state: 'done', attempts: 2 }]);
    } finally {
      again.close();
    }
  });

  it('queues files that were pending before the jobs table existed', async () => {
    const u = makeCore();
    const o = await clerkOffice(u);
    const put = await u.ok('blobs.put', { fileName: 'cu.txt', bytes: new TextEncoder().encode('Văn bản từ phiên bản cũ') }, o.clerkToken);
    // A database from before 0006_jobs: the file is pending and has no job.
    u.core.services.raw.prepare('DELETE FROM jobs').run();
    const dir = u.dir;
    u.close();
    const again = makeCore({ dir, clock: u.clock });
    try {
      await again.core.idle();
      expect((again.core.services.raw.prepare('SELECT text_status AS s FROM blobs WHERE hash = ?').get(put.hash) as { s: string }).s).toBe('done');
    } finally {
      again.close();
    }
  });
});

describe('worker threads', () => {
  it('extracts a large PDF in a worker: the core’s thread keeps answering meanwhile', async () => {
    const before = t.core.services.workers.stats().tasks;
    const put = await t.ok('blobs.put', { fileName: 'quyet-dinh-lon.pdf', bytes: bigPdf }, office.clerkToken);
    const gaps: number[] = [];
    const startedAt = performance.now();
    let last = startedAt;
    const tick = setInterval(() => {
      const n = performance.now();
      gaps.push(n - last);
      last = n;
    }, 5);
    const meAnswers: number[] = [];
    const asking = (async () => {
      while (textStatus(put.hash) === 'pending') {
        const t0 = performance.now();
        await t.ok('auth.me', {}, office.clerkToken);
        meAnswers.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await t.core.idle();
    await asking;
    clearInterval(tick);
    expect(textStatus(put.hash)).toBe('done');
    expect(t.core.services.workers.stats().tasks).toBeGreaterThan(before);
    // Timers kept firing all through the extraction (on this thread pdf.js holds a 5 ms timer for ~400 ms at a time:
    // a handful of ticks in 5 s). Counted loosely, as the other test files share the machine's cores.
    const elapsed = performance.now() - startedAt;
    const sorted = [...gaps].sort((a, b) => a - b);
    expect(gaps.length).toBeGreaterThan(elapsed / 50);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(20);
    expect(meAnswers.length).toBeGreaterThan(3);
    const text = t.core.services.raw.prepare('SELECT text FROM blob_texts WHERE hash = ?').pluck().get(put.hash) as string;
    expect(text).toContain('Trang 100 dòng 48');
  });

  it('terminates a worker whose task runs past its limit; the next task gets a fresh worker', async () => {
    const pool = createWorkerPool({ size: 1, logger: silentLogger });
    try {
      const first = await pool.run('text.extract', { bytes: new TextEncoder().encode('khởi động'), kind: 'txt' });
      expect(first.text).toBe('khởi động');
      const thread = pool.stats().threadIds[0];
      const err = await pool.run('text.extract', { bytes: bigPdf.slice(), kind: 'pdf' }, { timeoutMs: 20 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TaskTimeoutError);
      expect((err as Error).message).toMatch(/^Quá thời gian xử lý cho phép/);
      expect(pool.stats()).toMatchObject({ terminated: 1, live: 0 });
      const next = await pool.run('text.extract', { bytes: new TextEncoder().encode('tiếp tục'), kind: 'txt' });
      expect(next.text).toBe('tiếp tục');
      expect(pool.stats().threadIds[0]).not.toBe(thread);
    } finally {
      await pool.close();
    }
  });

  it('puts a task someone waits for before queued background work', async () => {
    const pool = createWorkerPool({ size: 1, logger: silentLogger });
    try {
      const order: string[] = [];
      const txt = (s: string) => ({ bytes: new TextEncoder().encode(s), kind: 'txt' as const });
      const busy = pool.run('text.extract', { bytes: bigPdf.slice(), kind: 'pdf' }).then(() => order.push('pdf'));
      const background = pool.run('text.extract', txt('nền')).then(() => order.push('nền'));
      const urgent = pool.run('text.extract', txt('xem trước'), { urgent: true }).then(() => order.push('xem trước'));
      expect(pool.stats()).toMatchObject({ busy: 1, queued: 2 });
      await Promise.all([busy, background, urgent]);
      expect(order).toEqual(['pdf', 'xem trước', 'nền']);
    } finally {
      await pool.close();
    }
  });

  it('a timed-out extraction is retried later with a Vietnamese error, and fails for good with the file marked', async () => {
    const u = makeCore({ env: { workerTimeoutMs: 20 } });
    try {
      const o = await clerkOffice(u);
      const put = await u.ok('blobs.put', { fileName: 'qua-lau.pdf', bytes: bigPdf }, o.clerkToken);
      await u.core.idle();
      const job = () => u.core.services.raw.prepare('SELECT * FROM jobs WHERE kind = ?').get(TEXT_JOB) as JobRow;
      expect(job()).toMatchObject({ state: 'waiting', attempts: 1 });
      expect(job().last_error).toMatch(/^Quá thời gian xử lý cho phép/);
      for (let i = 1; i < job().max_attempts; i++) {
        u.clock.set(job().next_run_at);
        await u.core.idle();
      }
      expect(job()).toMatchObject({ state: 'failed', attempts: 5 });
      expect((u.core.services.raw.prepare('SELECT text_status AS s FROM blobs WHERE hash = ?').get(put.hash) as { s: string }).s).toBe('error');
      expect(u.core.services.workers.stats().terminated).toBe(5);
    } finally {
      u.close();
    }
  });

  it('reads an import spreadsheet in a worker and still answers the preview', async () => {
    const before = t.core.services.workers.stats().tasks;
    const csv = 'Số đến,Ngày đến,Tác giả,Số ký hiệu,Trích yếu\n1,05/01/2026,UBND huyện Kim Bảng,12/QĐ-UBND,Về việc giao chỉ tiêu\n';
    const put = await t.ok('blobs.put', { fileName: 'so-cu.csv', bytes: new TextEncoder().encode(csv) }, office.clerkToken);
    const p = await t.ok('import.preview', { hash: put.hash, fileName: 'so-cu.csv', registerId: office.registerId, numbering: 'keep' }, office.clerkToken);
    expect(p).toMatchObject({ totalRows: 1, columns: ['Số đến', 'Ngày đến', 'Tác giả', 'Số ký hiệu', 'Trích yếu'] });
    expect(t.core.services.workers.stats().tasks).toBeGreaterThan(before);
  });

  it('draws the register book and the exports in a worker, and they come back whole', async () => {
    const w = t.core.services.workers;
    const run = w.run;
    const seen: string[] = [];
    w.run = ((task, input, o) => {
      seen.push(task);
      return run(task, input, o);
    }) as typeof run;
    try {
      await t.ok('incoming.register', docInput(office.registerId, { subject: 'Về việc kiểm tra công tác văn thư lưu trữ năm 2026' }), office.clerkToken);
      const book = await t.ok('registers.printBook', { registerId: office.registerId }, office.clerkToken);
      const pdf = await t.ok('documents.export', { query: '', filters: { direction: 'in' }, format: 'pdf' }, office.clerkToken);
      const xlsx = await t.ok('documents.export', { query: 'van thu luu tru', filters: { direction: 'in' }, format: 'xlsx' }, office.clerkToken);
      expect(seen.filter((s) => s.startsWith('render.'))).toEqual(['render.registerBook', 'render.table', 'render.table']);
      expect(Buffer.from(book.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(Buffer.from(xlsx.bytes.subarray(0, 2)).toString()).toBe('PK');
      expect(book.bytes.byteLength).toBeGreaterThan(10_000);
    } finally {
      w.run = run;
    }
  });
});

describe('jobs API', () => {
  it('shows the admin what waits and what failed, runs a failed job again, and refuses anyone else', async () => {
    const { jobs } = t.core.services;
    jobs.register('test.once', {
      run: async () => {
        throw new AppError('invalid_input', 'Tệp không đọc được.');
      },
    });
    const id = jobs.enqueue('test.once', { hash: 'f00' }, { maxAttempts: 1 })!;
    await t.core.idle();
    const list = await t.ok('jobs.list', {}, office.adminToken);
    expect(list.summary.failed).toBeGreaterThanOrEqual(1);
    expect(list.items.find((j) => j.id === id)).toMatchObject({ state: 'failed', kind: 'test.once', attempts: 1, subject: 'hash: f00', lastError: 'Tệp không đọc được.' });
    expect(await t.call('jobs.list', {}, office.clerkToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.call('jobs.retry', { id }, office.clerkToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const retried = await t.ok('jobs.retry', { id }, office.adminToken);
    expect(retried).toMatchObject({ id, state: 'waiting', attempts: 0 });
    await t.core.idle();
    expect(jobs.get(id)).toMatchObject({ state: 'failed', attempts: 1 });
    const audit = t.core.services.raw.prepare("SELECT target_id FROM audit_log WHERE action = 'jobs.retry' AND outcome = 'ok'").pluck().all();
    expect(audit).toEqual([String(id)]);
    expect(await t.call('jobs.retry', { id: 999_999 }, office.adminToken)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('kill -9', () => {
  it('runs again a file extraction whose process was killed in the middle of it', async () => {
    const dir = tempDir();
    const pdfPath = path.join(dir, 'lon.pdf');
    fs.writeFileSync(pdfPath, bigPdf);
    const child = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/extract-worker.ts', path.join(dir, 'data'), pdfPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const hash = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running ([0-9a-f]{64})/.exec(out);
        if (m) {
          child.kill('SIGKILL');
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => code !== null && reject(new Error(`child exited ${code}`)));
    });
    await new Promise((r) => child.on('close', r));
    const u = makeCore({ dir: path.join(dir, 'data'), clock: testClock(Date.now()) });
    try {
      const raw = u.core.services.raw;
      // Killed mid-extraction: the job was 'running' and the file still pending; start-up puts the job back.
      expect((raw.prepare('SELECT text_status AS s FROM blobs WHERE hash = ?').get(hash) as { s: string }).s).toBe('pending');
      expect(raw.prepare('SELECT state, attempts FROM jobs WHERE kind = ?').get(TEXT_JOB)).toEqual({ state: 'waiting', attempts: 1 });
      await u.core.idle();
      expect(raw.prepare('SELECT state, attempts FROM jobs WHERE kind = ?').get(TEXT_JOB)).toEqual({ state: 'done', attempts: 2 });
      expect((raw.prepare('SELECT text_status AS s FROM blobs WHERE hash = ?').get(hash) as { s: string }).s).toBe('done');
    } finally {
      u.close();
    }
  }, 60_000);
});
