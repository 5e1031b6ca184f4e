// Document types (loại văn bản): the 29 of NĐ 30 seeded by migration, editable by the admin.

import { asc, eq } from 'drizzle-orm';
import type { DocTypeDto } from '../../src-shared/api/documents';
import { AppError } from '../../src-shared/errors';
import type { Db } from '../db/open';
import { docTypes } from './schema';

export function createDocTypes(db: Db) {
  return {
    list(includeInactive: boolean): DocTypeDto[] {
      return db
        .select()
        .from(docTypes)
        .where(includeInactive ? undefined : eq(docTypes.active, true))
        .orderBy(asc(docTypes.sortOrder), asc(docTypes.name))
        .all();
    },
    get(id: number): DocTypeDto {
      const t = db.select().from(docTypes).where(eq(docTypes.id, id)).get();
      if (!t) throw new AppError('not_found', 'Không tìm thấy loại văn bản.');
      return t;
    },
    save(v: { id?: number; name: string; abbr: string | null; sortOrder: number; active: boolean }): number {
      const same = db.select({ id: docTypes.id }).from(docTypes).where(eq(docTypes.name, v.name)).get();
      if (same && same.id !== v.id) throw new AppError('conflict', `Đã có loại văn bản "${v.name}".`, { fields: [{ path: 'name', message: 'Tên loại đã có.' }] });
      if (v.id) {
        this.get(v.id);
        db.update(docTypes).set({ name: v.name, abbr: v.abbr, sortOrder: v.sortOrder, active: v.active }).where(eq(docTypes.id, v.id)).run();
        return v.id;
      }
      return db
        .insert(docTypes)
        .values({ ...v, builtin: false })
        .returning({ id: docTypes.id })
        .get().id;
    },
  };
}

export type DocTypesService = ReturnType<typeof createDocTypes>;
