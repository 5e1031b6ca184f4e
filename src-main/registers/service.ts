// Registers per year: listing, configuration, the yearly roll-over (a new year's registers copy last year's series),
// and number allocation. allocate() must run inside the registering transaction: it is the only writer of
// last_number, so numbers are consecutive, unique and never skipped.

import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { RegisterDto } from '../../src-shared/api/registers';
import { AppError } from '../../src-shared/errors';
import { fold } from '../../src-shared/vn/text';
import type { Db, RawDb } from '../db/open';
import { registers } from './schema';

type Row = typeof registers.$inferSelect;
type Direction = 'in' | 'out';

const DEFAULT_NAMES: Record<Direction, string> = { in: 'Sổ đăng ký văn bản đến', out: 'Sổ đăng ký văn bản đi' };

function toDto(r: Row): RegisterDto {
  return {
    id: r.id,
    direction: r.direction,
    year: r.year,
    seriesKey: r.seriesKey,
    name: r.name,
    description: r.description,
    isDefault: r.isDefault,
    active: r.active,
    lastNumber: r.lastNumber,
  };
}

export function createRegisters(db: Db, raw: RawDb, now: () => number) {
  const allocateStmt = raw.prepare('UPDATE registers SET last_number = last_number + 1, updated_at = ? WHERE id = ? RETURNING last_number');

  function row(id: number): Row {
    const r = db.select().from(registers).where(eq(registers.id, id)).get();
    if (!r) throw new AppError('not_found', 'Không tìm thấy sổ văn bản.');
    return r;
  }

  function insert(v: {
    direction: Direction;
    year: number;
    seriesKey: string;
    name: string;
    description: string | null;
    isDefault: boolean;
    kind?: Row['kind'];
    docTypeIds?: string;
  }): number {
    const t = now();
    return db
      .insert(registers)
      .values({ ...v, active: true, lastNumber: 0, createdAt: t, updatedAt: t })
      .returning({ id: registers.id })
      .get().id;
  }

  function clearDefault(direction: Direction, year: number, except: number): void {
    db.update(registers)
      .set({ isDefault: false })
      .where(and(eq(registers.direction, direction), eq(registers.year, year), sql`${registers.id} != ${except}`))
      .run();
  }

  return {
    row,
    dto: (id: number) => toDto(row(id)),

    list(direction?: Direction, year?: number): RegisterDto[] {
      const conds = [direction ? eq(registers.direction, direction) : undefined, year ? eq(registers.year, year) : undefined].filter(Boolean);
      return db
        .select()
        .from(registers)
        .where(conds.length ? and(...(conds as [])) : undefined)
        .orderBy(desc(registers.year), asc(registers.direction), desc(registers.isDefault), asc(registers.name))
        .all()
        .map(toDto);
    },

    /**
     * Makes sure `year` has its registers: copies the active series of the latest earlier year, or creates the
     * default register for a new office. Runs on 1 January (periodic job) and before any registration.
     */
    ensureYear(direction: Direction, year: number): number {
      const have = new Set(
        db
          .select({ k: registers.seriesKey })
          .from(registers)
          .where(and(eq(registers.direction, direction), eq(registers.year, year)))
          .all()
          .map((r) => r.k),
      );
      const previousYear = db
        .select({ year: registers.year })
        .from(registers)
        .where(and(eq(registers.direction, direction), lt(registers.year, year)))
        .orderBy(desc(registers.year))
        .get()?.year;
      const series = previousYear
        ? db
            .select()
            .from(registers)
            .where(and(eq(registers.direction, direction), eq(registers.year, previousYear), eq(registers.active, true)))
            .all()
        : [];
      if (!series.length) {
        if (have.size) return 0;
        insert({ direction, year, seriesKey: 'chung', name: DEFAULT_NAMES[direction], description: null, isDefault: true });
        return 1;
      }
      // Series by series: a register created ahead for the new year does not stop the others being carried over.
      let created = 0;
      const anyDefault = db
        .select({ id: registers.id })
        .from(registers)
        .where(and(eq(registers.direction, direction), eq(registers.year, year), eq(registers.isDefault, true)))
        .get();
      for (const s of series) {
        if (have.has(s.seriesKey)) continue;
        // An outgoing register's numbering config (kind, types numbered in it) goes on with it into the new year.
        insert({
          direction,
          year,
          seriesKey: s.seriesKey,
          name: s.name,
          description: s.description,
          isDefault: s.isDefault && !anyDefault,
          kind: s.kind,
          docTypeIds: s.docTypeIds,
        });
        created++;
      }
      return created;
    },

    create(v: { direction: Direction; year: number; seriesKey?: string; name: string; description: string | null; isDefault: boolean }): number {
      const seriesKey =
        v.seriesKey ??
        (fold(v.name)
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 40) ||
          'so');
      const exists = db
        .select({ id: registers.id })
        .from(registers)
        .where(and(eq(registers.direction, v.direction), eq(registers.year, v.year), eq(registers.seriesKey, seriesKey)))
        .get();
      if (exists) throw new AppError('conflict', 'Năm này đã có sổ cùng mã.', { fields: [{ path: 'seriesKey', message: 'Mã sổ đã có trong năm.' }] });
      const id = insert({ ...v, seriesKey });
      if (v.isDefault) clearDefault(v.direction, v.year, id);
      return id;
    },

    update(v: { id: number; name: string; description: string | null; isDefault: boolean; active: boolean }): void {
      const r = row(v.id);
      db.update(registers).set({ name: v.name, description: v.description, isDefault: v.isDefault, active: v.active, updatedAt: now() }).where(eq(registers.id, v.id)).run();
      if (v.isDefault) clearDefault(r.direction, r.year, r.id);
    },

    /** The next number of a register. Only inside the registering transaction. */
    allocate(id: number): number {
      if (!raw.inTransaction) throw new Error('registers.allocate outside a transaction');
      const r = allocateStmt.get(now(), id) as { last_number: number } | undefined;
      if (!r) throw new AppError('not_found', 'Không tìm thấy sổ văn bản.');
      return r.last_number;
    },

    /** `n` consecutive numbers at once (bulk import); returns the first. Only inside a transaction. */
    allocateBlock(id: number, n: number): number {
      if (!raw.inTransaction) throw new Error('registers.allocateBlock outside a transaction');
      const r = raw.prepare('UPDATE registers SET last_number = last_number + ?, updated_at = ? WHERE id = ? RETURNING last_number').get(n, now(), id) as
        { last_number: number } | undefined;
      if (!r) throw new AppError('not_found', 'Không tìm thấy sổ văn bản.');
      return r.last_number - n + 1;
    },

    /** Moves the counter forward to at least `n` (after importing numbers kept from an old register). */
    raiseTo(id: number, n: number): void {
      raw.prepare('UPDATE registers SET last_number = max(last_number, ?), updated_at = ? WHERE id = ?').run(n, now(), id);
    },
  };
}

export type RegistersService = ReturnType<typeof createRegisters>;
