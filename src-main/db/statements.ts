// Prepared statements kept per connection: preparing is most of the cost of a small query, and the sync worker runs
// the same few dozen statements thousands of times a day. A statement is handed out with pluck mode off; callers
// that want it call .pluck() themselves, as with a fresh statement.

import type Database from 'better-sqlite3';
import type { RawDb } from './open';

const caches = new WeakMap<RawDb, Map<string, Database.Statement>>();

export function cachedStatement(raw: RawDb, sql: string): Database.Statement {
  let cache = caches.get(raw);
  if (!cache) caches.set(raw, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = raw.prepare(sql)));
  else if (st.reader) st.pluck(false);
  return st;
}
