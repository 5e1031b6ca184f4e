// Durable jobs: `enqueue` writes a row inside the caller's transaction (so a change and its follow-up work commit or
// vanish together), the runner claims due rows one IMMEDIATE transaction at a time, runs the handler registered for
// the kind, and on failure retries with exponential backoff and jitter until max_attempts, then marks it failed with
// a Vietnamese last_error for the admin. Handlers must be idempotent: a crash between their write and the `done`
// mark runs them again (start-up puts rows left 'running' by a killed process back to 'waiting').

import { AppError } from '../../src-shared/errors';
import type { JobDto, JobState, JobsSummary } from '../../src-shared/api/jobs';
import type { RawDb } from '../db/open';
import type { Logger } from '../env';
import { WorkerError } from './worker-pool';

export interface JobRow {
  id: number;
  kind: string;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  next_run_at: number;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface JobHandler {
  run(payload: unknown, job: JobRow): Promise<void>;
  /** Called inside the transaction that marks the job failed for good (e.g. a file's text status becomes 'error'). */
  onGiveUp?(payload: unknown, lastError: string): void;
}

/**
 * 'work' for jobs that use the machine, 'wait' for jobs that mostly wait on a person or a remote service, 'ocr' for
 * page recognition (its own bound, so a 50-page scan being read never holds up a file's text extraction).
 */
export type JobLane = 'work' | 'wait' | 'ocr';

export interface EnqueueOptions {
  /** A second job with the same key is not queued (ignored, whatever the first one's state). */
  dedupeKey?: string;
  maxAttempts?: number;
  /** Not before this instant (epoch ms); now by default. */
  runAt?: number;
}

export interface JobsOptions {
  raw: RawDb;
  now: () => number;
  logger: Logger;
  /** Jobs of the 'work' lane run at the same time (the worker pool's size). */
  concurrency?: number;
  /** Jobs of the 'wait' lane run at the same time (8 by default). */
  waitConcurrency?: number;
  /** Jobs of the 'ocr' lane run at the same time (1 by default). */
  ocrConcurrency?: number;
  /** First retry after about this long; doubled at every failure, capped at maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Wake up by itself for retries that come due later (the app); tests and the CLI call kick(). */
  timers?: boolean;
  random?: () => number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** The delay before retry number `attempts` (1 = after the first failure): base·2^(n-1), capped, times 0.5–1 (jitter). */
export function backoffMs(attempts: number, base: number, max: number, random: () => number = Math.random): number {
  const full = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + random() * 0.5));
}

/** What the admin reads: an AppError's message is already Vietnamese; anything else gets a Vietnamese frame. */
export function jobErrorText(e: unknown): string {
  if (e instanceof AppError || e instanceof WorkerError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return `Lỗi không mong muốn: ${msg}`.slice(0, 2000);
}

export function createJobs(opts: JobsOptions) {
  const { raw, now, logger } = opts;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const base = opts.baseBackoffMs ?? 5_000;
  const max = opts.maxBackoffMs ?? 3_600_000;
  const random = opts.random ?? Math.random;
  const handlers = new Map<string, JobHandler>();
  /**
   * Two lanes: 'work' (CPU or disk: text extraction, verification) runs `concurrency` jobs at once; 'wait' (jobs that
   * mostly wait on someone else, like a remote signature waiting for a phone) has its own slots, so a two-minute
   * wait never holds up the office's other background work, nor another person's request.
   */
  const laneOf = new Map<string, JobLane>();
  const limits: Record<JobLane, number> = { work: concurrency, wait: Math.max(1, opts.waitConcurrency ?? 8), ocr: Math.max(1, opts.ocrConcurrency ?? 1) };
  const activeIn: Record<JobLane, number> = { work: 0, wait: 0, ocr: 0 };

  const insert = raw.prepare(
    `INSERT INTO jobs (kind, payload, state, attempts, max_attempts, next_run_at, dedupe_key, created_at, updated_at)
     VALUES (?, ?, 'waiting', 0, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
  );
  const due = raw.prepare(`SELECT * FROM jobs WHERE state = 'waiting' AND next_run_at <= ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY next_run_at, id LIMIT 1`);
  const markRunning = raw.prepare(`UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?`);
  const markDone = raw.prepare(`UPDATE jobs SET state = 'done', last_error = NULL, updated_at = ? WHERE id = ?`);
  const markRetry = raw.prepare(`UPDATE jobs SET state = 'waiting', next_run_at = ?, last_error = ?, updated_at = ? WHERE id = ?`);
  const markFailed = raw.prepare(`UPDATE jobs SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?`);
  const nextDue = raw.prepare(`SELECT MIN(next_run_at) AS at FROM jobs WHERE state = 'waiting' AND kind IN (SELECT value FROM json_each(?))`);

  let active = 0;
  let closed = false;
  /** Something was queued since the last afterCommit() (perhaps in a transaction since rolled back: a harmless kick). */
  let queued = false;
  let waiters: Array<() => void> = [];
  let wake: NodeJS.Timeout | null = null;

  const kinds = () => JSON.stringify([...handlers.keys()]);
  const kindsIn = (lane: JobLane) => JSON.stringify([...handlers.keys()].filter((k) => (laneOf.get(k) ?? 'work') === lane));

  function claim(lane: JobLane): JobRow | null {
    return raw
      .transaction(() => {
        const job = due.get(now(), kindsIn(lane)) as JobRow | undefined;
        if (!job) return null;
        markRunning.run(now(), job.id);
        return { ...job, state: 'running' as const, attempts: job.attempts + 1 };
      })
      .immediate();
  }

  async function runOne(job: JobRow): Promise<void> {
    const handler = handlers.get(job.kind)!;
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
      await handler.run(payload, job);
      raw.transaction(() => markDone.run(now(), job.id)).immediate();
    } catch (e) {
      const text = jobErrorText(e);
      try {
        if (job.attempts >= job.max_attempts) {
          logger.error('job failed for good', { id: job.id, kind: job.kind, attempts: job.attempts, error: String(e) });
          raw
            .transaction(() => {
              markFailed.run(text, now(), job.id);
              handler.onGiveUp?.(payload, text);
            })
            .immediate();
        } else {
          const at = now() + backoffMs(job.attempts, base, max, random);
          logger.warn('job failed, will retry', { id: job.id, kind: job.kind, attempts: job.attempts, nextRunAt: at, error: String(e) });
          raw.transaction(() => markRetry.run(at, text, now(), job.id)).immediate();
        }
      } catch (e2) {
        // The database went away (closed core): the row stays 'running' and start-up puts it back.
        logger.error('job state not saved', { id: job.id, error: String(e2) });
      }
    }
  }

  function schedule(): void {
    if (!opts.timers || closed) return;
    if (wake) clearTimeout(wake);
    wake = null;
    const r = nextDue.get(kinds()) as { at: number | null };
    if (r.at == null) return;
    wake = setTimeout(pump, Math.min(2 ** 31 - 1, Math.max(0, r.at - now())));
    wake.unref();
  }

  function pump(): void {
    for (const lane of ['work', 'wait', 'ocr'] as const) {
      while (!closed && activeIn[lane] < limits[lane]) {
        let job: JobRow | null;
        try {
          job = claim(lane);
        } catch (e) {
          logger.error('job claim failed', { error: String(e) });
          break;
        }
        if (!job) break;
        active++;
        activeIn[lane]++;
        void runOne(job).finally(() => {
          active--;
          activeIn[lane]--;
          pump();
        });
      }
    }
    if (active === 0) {
      const ws = waiters;
      waiters = [];
      for (const w of ws) w();
      if (!closed) schedule();
    }
  }

  /** Runs every due job; settles when none is running and none is due (later retries wait for their time). */
  function kick(): Promise<void> {
    if (closed) return Promise.resolve();
    const p = new Promise<void>((resolve) => waiters.push(resolve));
    pump();
    return p;
  }

  function toDto(r: JobRow): JobDto {
    return {
      id: r.id,
      kind: r.kind,
      state: r.state,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      nextRunAt: r.next_run_at,
      lastError: r.last_error,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      subject: subjectOf(r.payload),
    };
  }

  return {
    /**
     * Queues a job; synchronous, so it joins the caller's better-sqlite3 transaction when called inside one (a
     * rollback takes the job with it). Returns the new id, or null when the dedupe key is already queued.
     */
    enqueue(kind: string, payload: unknown, o: EnqueueOptions = {}): number | null {
      const t = now();
      queued = true;
      const r = insert.run(kind, JSON.stringify(payload ?? null), o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, o.runAt ?? t, o.dedupeKey ?? null, t, t);
      return r.changes ? Number(r.lastInsertRowid) : null;
    },

    register(kind: string, handler: JobHandler, o: { lane?: JobLane } = {}): void {
      handlers.set(kind, handler);
      laneOf.set(kind, o.lane ?? 'work');
    },

    /** Start-up: jobs a killed process left 'running' are due again (their attempt counted). */
    recover(): number {
      return raw.transaction(() => raw.prepare(`UPDATE jobs SET state = 'waiting', next_run_at = ?, updated_at = ? WHERE state = 'running'`).run(now(), now()).changes).immediate();
    },

    kick,

    /** After a commit: runs what that transaction queued, or does nothing when it queued nothing. */
    afterCommit(): void {
      if (!queued) return;
      queued = false;
      void kick();
    },

    /** A failed job (or a waiting one) is queued again now, with a fresh count of attempts. */
    retry(id: number): JobDto {
      const row = raw
        .transaction(() => {
          const r = raw.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
          if (!r) throw new AppError('not_found', 'Không tìm thấy công việc nền.');
          if (r.state === 'running') throw new AppError('conflict', 'Công việc đang chạy, không cần chạy lại.');
          if (r.state === 'done') throw new AppError('conflict', 'Công việc đã xong, không cần chạy lại.');
          raw.prepare(`UPDATE jobs SET state = 'waiting', attempts = 0, next_run_at = ?, updated_at = ? WHERE id = ?`).run(now(), now(), id);
          queued = true;
          return raw.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow;
        })
        .immediate();
      return toDto(row);
    },

    summary(): JobsSummary {
      const rows = raw.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as Array<{ state: JobState; n: number }>;
      const out: JobsSummary = { waiting: 0, running: 0, done: 0, failed: 0 };
      for (const r of rows) out[r.state] = r.n;
      return out;
    },

    /** Jobs in these states, newest change first. */
    list(states: JobState[], limit: number): JobDto[] {
      const rows = raw
        .prepare(`SELECT * FROM jobs WHERE state IN (SELECT value FROM json_each(?)) ORDER BY updated_at DESC, id DESC LIMIT ?`)
        .all(JSON.stringify(states), limit) as JobRow[];
      return rows.map(toDto);
    },

    get(id: number): JobRow | undefined {
      return raw.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    },

    /** Finished jobs older than this instant are forgotten (the work they did stays). */
    prune(before: number): number {
      return raw.prepare(`DELETE FROM jobs WHERE state = 'done' AND updated_at < ?`).run(before).changes;
    },

    /** Stops claiming; jobs already running finish (or are put back at the next start). */
    close(): void {
      closed = true;
      if (wake) clearTimeout(wake);
      wake = null;
      const ws = waiters;
      waiters = [];
      for (const w of ws) w();
    },
  };
}

/** A short description of what the job is about, for the admin list: the file's hash, the document id. */
function subjectOf(payload: string): string | null {
  try {
    const p = JSON.parse(payload) as Record<string, unknown> | null;
    if (p && typeof p === 'object') {
      for (const k of ['hash', 'documentId', 'id']) if (p[k] != null) return `${k}: ${String(p[k])}`;
    }
  } catch {
    // not JSON: nothing to show
  }
  return null;
}

export type JobsService = ReturnType<typeof createJobs>;
