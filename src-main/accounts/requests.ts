// Account requests (đề nghị cấp mới, thay đổi quyền, thu hồi tài khoản; QN Điều 8, 12–14): recording them, the
// decision, and marking them carried out. Synchronous writes for a handler's transaction; it never creates, changes
// or revokes an account itself (the handlers do that with users.* and link the request in the same transaction).

import { and, count, desc, eq, gte, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AccountRequestDetails, AccountRequestDto, AccountRequestKind, AccountRequestStatus } from '../../src-shared/api/accounts';
import { AppError } from '../../src-shared/errors';
import { fold } from '../../src-shared/vn/text';
import type { Db } from '../db/open';
import { accountRequests, units, users } from './schema';

type RequestRow = typeof accountRequests.$inferSelect;

export interface NewAccountRequest {
  kind: AccountRequestKind;
  userId: number | null;
  subjectName: string | null;
  requestedBy: string;
  requestedById: number | null;
  requestedOn: string;
  details: Omit<AccountRequestDetails, 'unitName'>;
}

export function createAccountRequests(db: Db, now: () => number) {
  const subject = alias(users, 'subject');
  const decider = alias(users, 'decider');
  const doer = alias(users, 'doer');

  function parseDetails(json: string): AccountRequestDetails {
    try {
      const v = JSON.parse(json) as unknown;
      return v && typeof v === 'object' ? (v as AccountRequestDetails) : {};
    } catch {
      return {};
    }
  }

  function select() {
    return db
      .select({ r: accountRequests, username: subject.username, decidedByName: decider.fullName, doneByName: doer.fullName })
      .from(accountRequests)
      .leftJoin(subject, eq(subject.id, accountRequests.userId))
      .leftJoin(decider, eq(decider.id, accountRequests.decidedById))
      .leftJoin(doer, eq(doer.id, accountRequests.doneById));
  }

  function toDto(x: { r: RequestRow; username: string | null; decidedByName: string | null; doneByName: string | null }): AccountRequestDto {
    const { r } = x;
    return {
      id: r.id,
      kind: r.kind,
      userId: r.userId,
      username: x.username,
      subjectName: r.subjectName,
      details: parseDetails(r.details),
      requestedBy: r.requestedBy,
      requestedById: r.requestedById,
      requestedOn: r.requestedOn,
      status: r.status,
      decidedById: r.decidedById,
      decidedByName: x.decidedByName,
      decidedAt: r.decidedAt,
      decisionNote: r.decisionNote,
      doneById: r.doneById,
      doneByName: x.doneByName,
      doneAt: r.doneAt,
      createdAt: r.createdAt,
    };
  }

  function row(id: number): RequestRow {
    const r = db.select().from(accountRequests).where(eq(accountRequests.id, id)).get();
    if (!r) throw new AppError('not_found', 'Không tìm thấy đề nghị tài khoản.');
    return r;
  }

  function userExists(id: number, path: string): { id: number; fullName: string; status: string } {
    const u = db.select({ id: users.id, fullName: users.fullName, status: users.status }).from(users).where(eq(users.id, id)).get();
    if (!u) throw new AppError('invalid_input', undefined, { fields: [{ path, message: 'Tài khoản không tồn tại.' }] });
    return u;
  }

  function wrongState(r: RequestRow, wanted: string): AppError {
    const label: Record<AccountRequestStatus, string> = { pending: 'đang chờ duyệt', approved: 'đã được duyệt', rejected: 'đã bị từ chối', done: 'đã thực hiện' };
    return new AppError('invalid_state', `Đề nghị này ${label[r.status]}; ${wanted}.`, { details: { status: r.status } });
  }

  return {
    row,

    dto(id: number): AccountRequestDto {
      const x = select().where(eq(accountRequests.id, id)).get();
      if (!x) throw new AppError('not_found', 'Không tìm thấy đề nghị tài khoản.');
      return toDto(x);
    },

    list(f: { status?: AccountRequestStatus; kind?: AccountRequestKind; from?: string; to?: string; query?: string; limit: number; offset: number }) {
      const conds: SQL[] = [];
      if (f.status) conds.push(eq(accountRequests.status, f.status));
      if (f.kind) conds.push(eq(accountRequests.kind, f.kind));
      if (f.from) conds.push(gte(accountRequests.requestedOn, f.from));
      if (f.to) conds.push(lte(accountRequests.requestedOn, f.to));
      const q = f.query?.trim() ? fold(f.query.trim()).replace(/[%_]/g, '') : '';
      if (q) {
        // Names are stored as written (with diacritics); folding them in SQL would need a custom function, so the
        // text filter matches the subject's folded search text when linked, or the raw name and requester otherwise.
        conds.push(
          or(
            like(sql`lower(${accountRequests.subjectName})`, `%${f.query!.trim().toLowerCase().replace(/[%_]/g, '')}%`),
            like(sql`lower(${accountRequests.requestedBy})`, `%${f.query!.trim().toLowerCase().replace(/[%_]/g, '')}%`),
            sql`${accountRequests.userId} IN (SELECT id FROM users WHERE search_text LIKE ${`%${q}%`})`,
          )!,
        );
      }
      const where = conds.length ? and(...conds) : undefined;
      const items = select().where(where).orderBy(desc(accountRequests.requestedOn), desc(accountRequests.id)).limit(f.limit).offset(f.offset).all().map(toDto);
      const total = db.select({ n: count() }).from(accountRequests).where(where).get()?.n ?? 0;
      return { items, total };
    },

    create(f: NewAccountRequest): number {
      let subjectName = f.subjectName;
      if (f.kind !== 'new' && f.userId == null) {
        throw new AppError('invalid_input', undefined, { fields: [{ path: 'userId', message: 'Chọn tài khoản cần thay đổi hoặc thu hồi.' }] });
      }
      if (f.userId != null) {
        const u = userExists(f.userId, 'userId');
        if (f.kind === 'new') {
          throw new AppError('invalid_input', undefined, { fields: [{ path: 'userId', message: 'Đề nghị cấp mới chưa gắn với tài khoản nào.' }] });
        }
        if (u.status === 'revoked') throw new AppError('account_revoked');
        subjectName ??= u.fullName;
      }
      if (!subjectName) throw new AppError('invalid_input', undefined, { fields: [{ path: 'subjectName', message: 'Bắt buộc nhập.' }] });
      if (f.requestedById != null) userExists(f.requestedById, 'requestedById');
      let unitName: string | null | undefined;
      if (f.details.unitId != null) {
        const unit = db.select({ name: units.name }).from(units).where(eq(units.id, f.details.unitId)).get();
        if (!unit) throw new AppError('invalid_input', undefined, { fields: [{ path: 'details.unitId', message: 'Đơn vị không tồn tại.' }] });
        unitName = unit.name;
      }
      const details: AccountRequestDetails = { ...f.details, ...(unitName !== undefined ? { unitName } : {}) };
      const t = now();
      return db
        .insert(accountRequests)
        .values({
          kind: f.kind,
          userId: f.userId,
          subjectName,
          details: JSON.stringify(details),
          requestedBy: f.requestedBy,
          requestedById: f.requestedById,
          requestedOn: f.requestedOn,
          status: 'pending',
          createdAt: t,
          updatedAt: t,
        })
        .returning({ id: accountRequests.id })
        .get().id;
    },

    decide(id: number, approve: boolean, note: string | null, by: number): void {
      const r = row(id);
      if (r.status !== 'pending') throw wrongState(r, 'chỉ đề nghị đang chờ mới được duyệt hoặc từ chối');
      const t = now();
      db.update(accountRequests)
        .set({ status: approve ? 'approved' : 'rejected', decidedById: by, decidedAt: t, decisionNote: note, updatedAt: t })
        .where(eq(accountRequests.id, id))
        .run();
    },

    /**
     * Marks an approved request carried out, by `by`. For a new account `userId` links the account created from it;
     * for a change or a revocation the account is the one named on the request. The caller has already done the work
     * (created, updated or revoked the account) in the same transaction.
     */
    markDone(id: number, by: number, userId?: number): RequestRow {
      const r = row(id);
      if (r.status !== 'approved') throw wrongState(r, 'chỉ đề nghị đã duyệt mới được ghi nhận đã thực hiện');
      let linked = r.userId;
      if (r.kind === 'new') {
        if (userId == null && r.userId == null) {
          throw new AppError('invalid_input', undefined, { fields: [{ path: 'userId', message: 'Chọn tài khoản đã cấp theo đề nghị này.' }] });
        }
        if (userId != null) {
          userExists(userId, 'userId');
          linked = userId;
        }
      } else if (userId != null && userId !== r.userId) {
        throw new AppError('invalid_input', undefined, { fields: [{ path: 'userId', message: 'Đề nghị này thuộc tài khoản khác.' }] });
      }
      const t = now();
      db.update(accountRequests).set({ status: 'done', userId: linked, doneById: by, doneAt: t, updatedAt: t }).where(eq(accountRequests.id, id)).run();
      return { ...r, status: 'done', userId: linked };
    },
  };
}

export type AccountRequestsService = ReturnType<typeof createAccountRequests>;
