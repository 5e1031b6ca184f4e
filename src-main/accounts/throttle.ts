// Per-client delay for sign-in failures: the first few are free, then each failure doubles the wait before the same
// client may try again (1 s, 2 s, 4 s … up to the lock-out time). A client that must wait is answered at once with
// `too_many_attempts` and its retry-after — nothing sleeps, so other users are never held up, and no password work
// is spent on it. Keys are the HTTP remote address or the IPC window; in memory, per process, bounded in size.

import { AppError } from '../../src-shared/errors';

export interface ThrottleOptions {
  /** Failures answered without delay. */
  freeFailures?: number;
  baseMs?: number;
  /** Entries kept at most; the least recently used go first. */
  maxClients?: number;
}

interface Entry {
  failures: number;
  /** Earliest time of the next attempt. */
  nextAt: number;
  lastAt: number;
}

const FORGET_AFTER_MS = 24 * 3_600_000;

export function createLoginThrottle(opts: ThrottleOptions = {}) {
  const free = opts.freeFailures ?? 3;
  const base = opts.baseMs ?? 1000;
  const maxClients = opts.maxClients ?? 10_000;
  const clients = new Map<string, Entry>();

  function get(key: string, now: number): Entry | undefined {
    const e = clients.get(key);
    if (e && now - e.lastAt > FORGET_AFTER_MS) {
      clients.delete(key);
      return undefined;
    }
    return e;
  }

  return {
    /** Throws `too_many_attempts` when `key` must still wait. */
    check(key: string, now: number): void {
      const e = get(key, now);
      if (!e || e.nextAt <= now) return;
      const seconds = Math.ceil((e.nextAt - now) / 1000);
      const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} phút` : `${seconds} giây`;
      throw new AppError('too_many_attempts', `Đăng nhập sai nhiều lần từ máy này. Vui lòng chờ ${wait} rồi thử lại.`, {
        details: { retryAfterSeconds: seconds },
      });
    },

    /** Counts a failure; the wait grows with each one, capped at `capMs`. */
    fail(key: string, now: number, capMs: number): void {
      const e = get(key, now) ?? { failures: 0, nextAt: 0, lastAt: now };
      e.failures++;
      e.lastAt = now;
      const over = e.failures - free;
      e.nextAt = over > 0 ? now + Math.min(capMs, base * 2 ** Math.min(over - 1, 30)) : now;
      clients.delete(key);
      clients.set(key, e);
      if (clients.size > maxClients) clients.delete(clients.keys().next().value as string);
    },

    succeed(key: string): void {
      clients.delete(key);
    },

    size(): number {
      return clients.size;
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Whether a call comes from the office machine itself: the desktop window (IPC) or the browser on this computer.
 * Such sign-ins are not refused by a lock-out that network failures caused; the per-client delay still applies.
 */
export function isLocalClient(origin: string, remote: string | null): boolean {
  return origin === 'ipc' || (origin === 'http' && !!remote && LOOPBACK.test(remote));
}
