// Opens the desktop database: WAL, full fsync on commit (nothing committed is lost on power failure), foreign keys,
// a busy timeout for the CLI writing beside a running app, and the vi_fold() SQL function every connection needs.

import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fold } from '../../src-shared/vn/text';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;
export type RawDb = Database.Database;

export interface OpenedDb {
  raw: RawDb;
  db: Db;
}

export function openDatabase(file: string): OpenedDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file, { timeout: 10_000 });
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  raw.pragma('temp_store = MEMORY');
  raw.pragma('cache_size = -32768');
  raw.function('vi_fold', { deterministic: true }, (s: unknown) => (s == null ? null : fold(String(s))));
  return { raw, db: drizzle(raw, { schema }) };
}
