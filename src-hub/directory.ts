// The agency directory (danh bạ mã định danh) the hub publishes to offices: each changed entry gets the next version
// number, publishes are serialised with a transaction-level advisory lock, offices read it incrementally by version.
// Only the hub admin publishes; entries are never deleted, only marked inactive.
import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import { z } from 'zod';
import type { DirectoryEntry, DirectoryResponse } from '../src-shared/hub/protocol';
import { type HubDb, now, sql, withTx } from './db';
import { HubError } from './errors';
import { checkCode } from './offices';
import { agencies } from './schema';

const PUBLISH_LOCK = 7_410_002;
const BATCH = 1000;

const entrySchema = z.object({
  code: z.string(),
  name: z.string().min(1).max(500),
  parentCode: z.string().nullable().optional(),
  active: z.boolean().optional(),
});
export const publishSchema = z.object({ entries: z.array(entrySchema).max(20_000) });
export type PublishEntry = z.infer<typeof entrySchema>;

export async function publish(db: HubDb, input: PublishEntry[]): Promise<{ changed: number; head: number }> {
  const entries = input.map((e) => ({
    code: checkCode(e.code),
    name: e.name.normalize('NFC').trim(),
    parentCode: e.parentCode ? checkCode(e.parentCode) : null,
    active: e.active ?? true,
  }));
  let changed = 0;
  for (let i = 0; i < entries.length; i += BATCH) {
    const batch = [...new Map(entries.slice(i, i + BATCH).map((e) => [e.code, e])).values()];
    changed += await withTx(db, async (tx) => {
      // One publisher at a time, whichever hub process: versions are handed out in commit order, never reused.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK})`);
      const [{ head }] = await tx.select({ head: max(agencies.version) }).from(agencies);
      let v = Number(head ?? 0);
      const old = await tx
        .select()
        .from(agencies)
        .where(
          inArray(
            agencies.code,
            batch.map((e) => e.code),
          ),
        );
      const byCode = new Map(old.map((o) => [o.code, o]));
      const at = now();
      const rowsToWrite = batch
        .filter((e) => {
          const o = byCode.get(e.code);
          return !o || o.name !== e.name || o.parentCode !== e.parentCode || o.active !== e.active;
        })
        .map((e) => ({ ...e, version: ++v, updatedAt: at }));
      if (rowsToWrite.length) {
        await tx
          .insert(agencies)
          .values(rowsToWrite)
          .onConflictDoUpdate({
            target: agencies.code,
            set: {
              name: sql`excluded.name`,
              parentCode: sql`excluded.parent_code`,
              active: sql`excluded.active`,
              version: sql`excluded.version`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
      }
      return rowsToWrite.length;
    });
  }
  return { changed, head: await directoryHead(db) };
}

async function directoryHead(db: HubDb): Promise<number> {
  const [{ head }] = await db.select({ head: max(agencies.version) }).from(agencies);
  return Number(head ?? 0);
}

export async function listDirectory(db: HubDb, after: number, limit: number): Promise<DirectoryResponse> {
  const items = await db
    .select({ code: agencies.code, name: agencies.name, parentCode: agencies.parentCode, active: agencies.active, version: agencies.version })
    .from(agencies)
    .where(gt(agencies.version, after))
    .orderBy(asc(agencies.version))
    .limit(limit);
  const last = items.length ? items[items.length - 1].version : 0;
  return { items: items as DirectoryEntry[], head: Math.max(await directoryHead(db), last) };
}

/** code,name,parent_code rows (a header line is recognised and skipped), as the CLI import reads them. */
export function parseDirectoryCsv(records: string[][]): PublishEntry[] {
  const out: PublishEntry[] = [];
  records.forEach((r, i) => {
    const [code = '', name = '', parent = ''] = r.map((x) => x.trim());
    if (i === 0 && /^(code|ma|mã)/i.test(code)) return;
    if (!code && !name) return;
    if (!code || !name) throw new HubError('invalid_input', `Dòng ${i + 1}: thiếu mã hoặc tên cơ quan.`);
    out.push({ code, name, parentCode: parent || null, active: true });
  });
  return out;
}

export async function agencyByCode(db: HubDb, code: string) {
  const r = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.code, code)));
  return r[0] ?? null;
}

/**
 * A newly registered office is in the province's directory at once (code and name as registered), so the others can
 * address it without waiting for the next directory import; an entry already there (with its parent) is left alone.
 */
export async function ensureListed(db: HubDb, code: string, name: string): Promise<void> {
  const found = await db.select({ code: agencies.code }).from(agencies).where(eq(agencies.code, code)).limit(1);
  if (!found.length) await publish(db, [{ code, name, parentCode: null, active: true }]);
}
