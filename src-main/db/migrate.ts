// Applies pending migrations from resources/migrations at start-up, all in one IMMEDIATE transaction, and refuses
// to open a database that a newer VănThư has migrated. Uses drizzle-kit's files and drizzle's bookkeeping table, but
// its own runner: drizzle's reads the last migration outside the transaction and begins a DEFERRED one, which races
// when two processes (app + CLI) start together.

import { readMigrationFiles } from 'drizzle-orm/migrator';
import { AppError } from '../../src-shared/errors';
import type { RawDb } from './open';

const TABLE = '__drizzle_migrations';

export interface MigrateResult {
  applied: number;
  /** created_at of the newest migration now in the database. */
  schemaVersion: number;
}

export function migrate(raw: RawDb, migrationsFolder: string): MigrateResult {
  const migrations = readMigrationFiles({ migrationsFolder });
  const known = migrations.length ? migrations[migrations.length - 1].folderMillis : 0;
  raw.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, created_at NUMERIC)`);
  const run = raw.transaction(() => {
    const last = raw.prepare(`SELECT created_at AS at FROM ${TABLE} ORDER BY created_at DESC LIMIT 1`).get() as { at: number } | undefined;
    const current = last ? Number(last.at) : 0;
    if (current > known) {
      throw new AppError('db_too_new', undefined, { details: { databaseSchema: current, appSchema: known } });
    }
    const insert = raw.prepare(`INSERT INTO ${TABLE} (hash, created_at) VALUES (?, ?)`);
    let applied = 0;
    for (const m of migrations) {
      if (m.folderMillis <= current) continue;
      for (const stmt of m.sql) if (stmt.trim()) raw.exec(stmt);
      insert.run(m.hash, m.folderMillis);
      applied++;
    }
    return { applied, schemaVersion: Math.max(current, known) };
  });
  return run.immediate();
}
