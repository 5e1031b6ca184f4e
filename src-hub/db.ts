// Opens the hub database (PostgreSQL through a pg Pool, or embedded PGlite), applies src-hub/migrations under an
// advisory lock (several hub processes may start together), and runs short transactions with a retry on deadlock or
// serialization failure. No other module creates connections.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type HubDb = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: same query API as HubDb. */
export type HubTx = Parameters<Parameters<HubDb['transaction']>[0]>[0];
export type Queryable = HubDb | HubTx;

export interface HubDatabase {
  kind: 'pg' | 'pglite';
  db: HubDb;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Key of the advisory lock that serialises migrations across hub processes. */
const MIGRATE_LOCK = 7_410_001;

// int8 as JS number: epoch ms, sizes and versions all fit in 2^53, and both drivers then agree.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string; poolSize?: number }): Promise<HubDatabase> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      statement_timeout: 60_000,
      // A hub process cut off mid-transaction must not keep an office's feed locked: the server ends it.
      idle_in_transaction_session_timeout: 30_000,
    });
    // An idle client losing its server (restart, failover) must not crash the process: the pool replaces it.
    pool.on('error', () => {});
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
      try {
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
      }
    } finally {
      client.release();
    }
    const db = drizzlePg(pool, { schema }) as unknown as HubDb;
    return {
      kind: 'pg',
      db,
      ping: () =>
        withTimeout(
          pool.query('SELECT 1').then(() => true),
          3000,
          false,
        ).catch(() => false),
      close: () => pool.end(),
    };
  }
  const dir = path.resolve(opts.dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataDir(path.resolve(opts.dataDir, 'pglite.lock'));
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (e) {
    releaseLock();
    throw e;
  }
  const pdb = drizzlePglite(client, { schema });
  await migratePglite(pdb, { migrationsFolder: MIGRATIONS_FOLDER });
  let closed = false;
  return {
    kind: 'pglite',
    db: pdb as unknown as HubDb,
    ping: async () => {
      if (closed) return false;
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      closed = true;
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second process (another hub, or the admin CLI while the hub runs) opening the
 * same folder would corrupt it. A pid file refuses that; a stale one (the process died, e.g. kill -9) is taken over.
 */
function lockDataDir(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new Error(`Thư mục dữ liệu ${path.dirname(file)} đang được tiến trình ${pid} dùng (PGlite chỉ cho một tiến trình). Dừng trục trước, hoặc dùng API quản trị.`, {
          cause: e,
        });
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Không khóa được thư mục dữ liệu ${path.dirname(file)}.`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A health probe must answer even when the database hangs (network partition): give up after `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Rows of a raw query, whichever driver answered (both put them in `.rows`). */
export async function rows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const r = (await q.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

const RETRYABLE = new Set(['40001', '40P01']);

/** Runs fn in one transaction, retried a few times when PostgreSQL aborts it for a deadlock or serialization failure. */
export async function withTx<T>(db: HubDb, fn: (tx: HubTx) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      const code = pgCode(e);
      if (!code || !RETRYABLE.has(code) || attempt >= 4) throw e;
    }
  }
}

/** The SQLSTATE of a driver error (drizzle wraps it in `cause`). */
export function pgCode(e: unknown): string | null {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const c = (x as { code?: unknown }).code;
    if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return c;
  }
  return null;
}

export const now = () => Date.now();
export { sql };
