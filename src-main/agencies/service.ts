// The agency directory: type-ahead search without diacritics (code match first, then names starting with the words,
// then names containing them), manual edits, and bulk import (all-or-nothing) from the directory file.

import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { AgencyDto } from '../../src-shared/api/agencies';
import { AppError } from '../../src-shared/errors';
import { fold } from '../../src-shared/vn/text';
import type { Db, RawDb } from '../db/open';
import { agencies } from './schema';

type Row = typeof agencies.$inferSelect;

const toDto = (r: Row): AgencyDto => ({ id: r.id, code: r.code, name: r.name, parentCode: r.parentCode, active: r.active });
export const searchText = (name: string, code: string | null) => fold(`${name} ${code ?? ''}`).trim();
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createAgencies(db: Db, raw: RawDb, now: () => number) {
  function row(id: number): Row {
    const r = db.select().from(agencies).where(eq(agencies.id, id)).get();
    if (!r) throw new AppError('not_found', 'Không tìm thấy cơ quan trong danh mục.');
    return r;
  }

  return {
    row,
    dto: (id: number) => toDto(row(id)),

    search(query: string, limit: number): AgencyDto[] {
      const q = fold(query).trim();
      if (!q) return db.select().from(agencies).where(eq(agencies.active, true)).orderBy(asc(agencies.name)).limit(limit).all().map(toDto);
      const words = q.split(/\s+/).filter(Boolean);
      // Every word must appear; rank: exact code, name starting with the query, then shorter names.
      return raw
        .prepare(
          `SELECT * FROM agencies WHERE active = 1 AND ${words.map(() => "search_text LIKE ? ESCAPE '\\'").join(' AND ')}
            ORDER BY (upper(code) = upper(?)) DESC, (search_text LIKE ? ESCAPE '\\') DESC, length(name), name LIMIT ?`,
        )
        .all(...words.map((w) => `%${likeEscape(w)}%`), query.trim(), `${likeEscape(q)}%`, limit)
        .map((r) => {
          const x = r as Record<string, unknown>;
          return { id: x.id as number, code: x.code as string | null, name: x.name as string, parentCode: x.parent_code as string | null, active: !!x.active };
        });
    },

    list(query: string | undefined, limit: number, offset: number): { items: AgencyDto[]; total: number } {
      // Every word, in any order, like the type-ahead.
      const words = query ? fold(query).trim().split(/\s+/).filter(Boolean) : [];
      const where = words.length ? and(...words.map((w) => sql`${agencies.searchText} LIKE ${`%${likeEscape(w)}%`} ESCAPE '\\'`)) : undefined;
      const items = db.select().from(agencies).where(where).orderBy(asc(agencies.name)).limit(limit).offset(offset).all().map(toDto);
      const total = db.select({ n: count() }).from(agencies).where(where).get()?.n ?? 0;
      return { items, total };
    },

    save(v: { id?: number; code: string | null; name: string; parentCode: string | null; active: boolean }): number {
      const code = v.code ? v.code.toUpperCase() : null;
      const parentCode = v.parentCode ? v.parentCode.toUpperCase() : null;
      if (code) {
        const other = db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code)).get();
        if (other && other.id !== v.id)
          throw new AppError('conflict', `Mã định danh ${code} đã có trong danh mục.`, { fields: [{ path: 'code', message: 'Mã đã có trong danh mục.' }] });
      }
      const t = now();
      const values = { code, name: v.name, parentCode, searchText: searchText(v.name, code), active: v.active, updatedAt: t };
      if (v.id) {
        row(v.id);
        db.update(agencies).set(values).where(eq(agencies.id, v.id)).run();
        return v.id;
      }
      return db
        .insert(agencies)
        .values({ ...values, source: 'manual', createdAt: t })
        .returning({ id: agencies.id })
        .get().id;
    },

    /** Adds new codes and updates known ones; rows without a code are added unless the same name exists. */
    importRecords(records: Array<{ code: string | null; name: string; parentCode: string | null }>): { added: number; updated: number } {
      const t = now();
      let added = 0;
      let updated = 0;
      const byCode = raw.prepare('SELECT id FROM agencies WHERE code = ?');
      const byName = raw.prepare('SELECT id FROM agencies WHERE code IS NULL AND search_text = ?');
      const upd = raw.prepare('UPDATE agencies SET name = ?, parent_code = ?, search_text = ?, active = 1, updated_at = ? WHERE id = ?');
      const ins = raw.prepare("INSERT INTO agencies (code, name, parent_code, search_text, active, source, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'import', ?, ?)");
      for (const r of records) {
        const st = searchText(r.name, r.code);
        const existing = (r.code ? byCode.get(r.code) : byName.get(st)) as { id: number } | undefined;
        if (existing) {
          upd.run(r.name, r.parentCode, st, t, existing.id);
          updated++;
        } else {
          ins.run(r.code, r.name, r.parentCode, st, t, t);
          added++;
        }
      }
      return { added, updated };
    },
  };
}

export type AgenciesService = ReturnType<typeof createAgencies>;
