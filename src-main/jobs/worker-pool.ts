// A small pool of worker threads (node:worker_threads, so the same code runs in plain Node, in Electron's main process
// or in a utility process) for work that would otherwise hold up the thread answering requests: pdf.js text
// extraction, spreadsheet parsing. One task per worker at a time; bytes are moved, not copied, where they can be;
// a task running past its time limit gets its worker terminated (a fresh one starts for the next task).

import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../src-shared/errors';
import type { Logger } from '../env';
import { ownsBuffer, type TaskName, type Tasks, type WireTaskError } from './tasks';

export interface RunOptions {
  /** Terminate the worker and fail the task after this long. */
  timeoutMs?: number;
  /** Someone waits for the answer (a preview): goes before queued background work. */
  urgent?: boolean;
}

export interface WorkerPoolOptions {
  size?: number;
  logger: Logger;
  /** Default time limit of a task. */
  timeoutMs?: number;
  /** The worker script; by default worker-dev.mjs next to this file (source) or jobs-worker.js (built bundle). */
  entry?: URL;
}

/** A failure of the worker itself, not of the task's input; its message is Vietnamese, shown in the job list. */
export class WorkerError extends Error {}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} giây`);

/** A task killed because it ran too long. */
export class TaskTimeoutError extends WorkerError {
  constructor(
    readonly task: string,
    readonly ms: number,
  ) {
    super(`Quá thời gian xử lý cho phép (${duration(ms)}); đã dừng tiến trình xử lý nền.`);
    this.name = 'TaskTimeoutError';
  }
}

/** The worker itself died (out of memory, a crash in native code). */
export class WorkerCrashError extends WorkerError {
  constructor(detail: string) {
    super(`Tiến trình xử lý nền dừng bất thường (${detail}).`);
    this.name = 'WorkerCrashError';
  }
}

export function defaultWorkerEntry(): URL {
  const here = import.meta.url;
  return /\.[cm]?ts$/.test(here) ? new URL('./worker-dev.mjs', here) : new URL('./jobs-worker.js', here);
}

interface Pending {
  id: number;
  task: TaskName;
  input: unknown;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

function fromWire(e: WireTaskError): Error {
  if (e.app) return new AppError(e.code as ErrorCode, e.message, { fields: e.fields as never, details: e.details });
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** Byte arrays of the input that can be moved to the worker; a view sharing its buffer is copied first. */
function prepareInput(input: Record<string, unknown>): { input: Record<string, unknown>; transfer: ArrayBuffer[] } {
  const out: Record<string, unknown> = { ...input };
  const transfer: ArrayBuffer[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v instanceof Uint8Array) {
      const own = ownsBuffer(v) ? v : new Uint8Array(v);
      out[k] = own;
      transfer.push(own.buffer as ArrayBuffer);
    }
  }
  return { input: out, transfer };
}

export function createWorkerPool(opts: WorkerPoolOptions) {
  const size = Math.max(1, Math.min(8, opts.size ?? 1));
  const entry = opts.entry ?? defaultWorkerEntry();
  const defaultTimeout = opts.timeoutMs ?? 5 * 60_000;
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;
  const counters = { started: 0, terminated: 0, tasks: 0 };

  function spawn(): Slot {
    const worker = new Worker(entry);
    counters.started++;
    const slot: Slot = { worker, current: null, timer: null };
    worker.unref();
    worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: WireTaskError }) => {
      const p = slot.current;
      if (!p || p.id !== msg.id) return;
      finish(slot);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(fromWire(msg.error!));
      dispatch();
    });
    worker.on('error', (e) => {
      opts.logger.error('worker thread error', { error: String(e), stack: e instanceof Error ? e.stack : undefined });
      drop(slot, new WorkerCrashError(e instanceof Error ? e.message : String(e)));
    });
    worker.on('exit', (code) => drop(slot, new WorkerCrashError(`mã thoát ${code}`)));
    slots.push(slot);
    return slot;
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    slot.worker.unref();
  }

  /** The slot's worker is gone (exit, error, killed): fail its task and forget it. */
  function drop(slot: Slot, err: Error): void {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    const p = slot.current;
    finish(slot);
    if (p) p.reject(err);
    dispatch();
  }

  function dispatch(): void {
    while (!closed && queue.length) {
      const slot = slots.find((s) => !s.current) ?? (slots.length < size ? spawn() : null);
      if (!slot) return;
      const p = queue.shift()!;
      slot.current = p;
      slot.worker.ref();
      counters.tasks++;
      slot.timer = setTimeout(() => {
        opts.logger.warn('worker task timed out; terminating the worker', { task: p.task, ms: p.timeoutMs });
        counters.terminated++;
        const w = slot.worker;
        drop(slot, new TaskTimeoutError(p.task, p.timeoutMs));
        void w.terminate();
      }, p.timeoutMs);
      slot.worker.postMessage({ id: p.id, task: p.task, input: p.input }, p.transfer);
    }
  }

  return {
    size,
    /** Runs a task in a worker; the input's Uint8Arrays are moved there (the caller must not use them afterwards). */
    run<K extends TaskName>(task: K, input: Tasks[K]['input'], o: RunOptions = {}): Promise<Tasks[K]['output']> {
      if (closed) return Promise.reject(new WorkerCrashError('đã đóng'));
      const prepared = prepareInput(input as unknown as Record<string, unknown>);
      return new Promise((resolve, reject) => {
        const p: Pending = {
          id: nextId++,
          task,
          input: prepared.input,
          transfer: prepared.transfer,
          timeoutMs: o.timeoutMs ?? defaultTimeout,
          resolve: resolve as (v: unknown) => void,
          reject,
        };
        if (o.urgent) queue.unshift(p);
        else queue.push(p);
        dispatch();
      });
    },

    stats() {
      return { ...counters, live: slots.length, busy: slots.filter((s) => s.current).length, queued: queue.length, threadIds: slots.map((s) => s.worker.threadId) };
    },

    /** Stops every worker; tasks still queued or running fail. */
    async close(): Promise<void> {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new WorkerCrashError('đã đóng'));
      await Promise.all(
        [...slots].map((s) => {
          const w = s.worker;
          drop(s, new WorkerCrashError('đã đóng'));
          return w.terminate();
        }),
      );
    },
  };
}

export type WorkerPool = ReturnType<typeof createWorkerPool>;
