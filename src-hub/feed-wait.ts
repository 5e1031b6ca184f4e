// Long-polling of the feed: a poll with `wait` that finds nothing parks here until an item for its office is committed
// (by this or any other hub process: PostgreSQL delivers NOTIFY at commit) or the wait ends. Holds no database
// connection while parked; a lost LISTEN connection wakes everyone so nothing waits on a notice that cannot come.

import { FEED_CHANNEL } from '../src-shared/hub/protocol';
import type { HubDatabase } from './db';
import type { Logger } from './log';

export interface FeedWaiters {
  /** Resolves when the office's feed may have grown, when `ms` pass, or when `signal` aborts. */
  wait(officeId: number, ms: number, signal?: AbortSignal): { ready: Promise<void>; cancel(): void };
  /** Parked polls right now (the admin's view, tests). */
  parked(): number;
  /** Wakes every parked poll (shutdown, lost notifications). */
  wakeAll(): void;
  close(): Promise<void>;
}

export async function createFeedWaiters(database: HubDatabase, log: Logger): Promise<FeedWaiters> {
  const waiting = new Map<number, Set<() => void>>();
  let count = 0;
  const wake = (officeId: number) => {
    const set = waiting.get(officeId);
    if (!set) return;
    waiting.delete(officeId);
    for (const f of set) f();
  };
  const wakeAll = () => {
    const all = [...waiting.keys()];
    for (const id of all) wake(id);
  };
  const unlisten = await database.listen(FEED_CHANNEL, (payload) => {
    if (payload === '*') return wakeAll();
    const id = Number(payload);
    if (Number.isInteger(id)) wake(id);
  });
  log('info', 'feed_listen', { channel: FEED_CHANNEL });

  return {
    wait(officeId, ms, signal) {
      let done!: () => void;
      const ready = new Promise<void>((resolve) => (done = resolve));
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        waiting.get(officeId)?.delete(finish);
        if (waiting.get(officeId)?.size === 0) waiting.delete(officeId);
        count--;
        done();
      };
      count++;
      const timer = setTimeout(finish, ms);
      signal?.addEventListener('abort', finish);
      let set = waiting.get(officeId);
      if (!set) waiting.set(officeId, (set = new Set()));
      set.add(finish);
      return { ready, cancel: finish };
    },
    parked: () => count,
    wakeAll,
    close: async () => {
      wakeAll();
      await unlisten();
    },
  };
}
