// Users, roles and units: reading them as DTOs and the synchronous writes that handlers run inside a transaction.
// Rules that protect the office live here: unique account names (QN 6.2), at least one active admin, suspension of
// accounts unused for too long (QN 8.4), revocation (QN 8.5, 14.3: final). No password ever leaves this module except
// as a scrypt hash.

import { and, asc, count, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { UnitDto, UserDto, UserStatus } from '../../src-shared/api/accounts';
import { AppError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/permissions';
import { fold, suggestAccountName } from '../../src-shared/vn/text';
import type { Db } from '../db/open';
import { passwordHistory, sessions, units, userRoles, users } from './schema';

type UserRow = typeof users.$inferSelect;

export interface UserFields {
  fullName: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  unitId: number | null;
  headsUnit: boolean;
  roles: Role[];
  /** Date of leaving (YYYY-MM-DD); undefined keeps the stored one. */
  leftOn?: string | null;
}

const DAY = 86_400_000;

export function createAccounts(db: Db, now: () => number) {
  function rolesOf(ids: number[]): Map<number, Role[]> {
    const map = new Map<number, Role[]>();
    if (!ids.length) return map;
    for (const r of db.select().from(userRoles).where(inArray(userRoles.userId, ids)).all()) {
      const list = map.get(r.userId) ?? [];
      list.push(r.role);
      map.set(r.userId, list);
    }
    for (const list of map.values()) list.sort();
    return map;
  }

  function toDto(u: UserRow, roles: Role[], unitName: string | null): UserDto {
    return {
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      position: u.position,
      email: u.email,
      phone: u.phone,
      unitId: u.unitId,
      unitName,
      headsUnit: u.headsUnit,
      roles,
      status: u.status,
      lockedUntil: u.lockedUntil && u.lockedUntil > now() ? u.lockedUntil : null,
      mustChangePassword: u.mustChangePassword,
      passwordChangedAt: u.passwordChangedAt,
      lastLoginAt: u.lastLoginAt,
      suspendedAt: u.suspendedAt,
      leftOn: u.leftOn,
      revokedAt: u.revokedAt,
      createdAt: u.createdAt,
    };
  }

  function row(id: number): UserRow {
    const u = db.select().from(users).where(eq(users.id, id)).get();
    if (!u) throw new AppError('not_found', 'Không tìm thấy tài khoản.');
    return u;
  }

  function dto(id: number): UserDto {
    const u = row(id);
    const unit = u.unitId ? db.select({ name: units.name }).from(units).where(eq(units.id, u.unitId)).get() : undefined;
    return toDto(u, rolesOf([id]).get(id) ?? [], unit?.name ?? null);
  }

  function byUsername(username: string): UserRow | undefined {
    return db.select().from(users).where(eq(users.username, username.toLowerCase())).get();
  }

  function taken(username: string): boolean {
    return !!db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  }

  function activeAdminIds(): number[] {
    return db
      .select({ id: users.id })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'admin')))
      .where(eq(users.status, 'active'))
      .all()
      .map((r) => r.id);
  }

  /** Throws unless an active admin other than `userId` remains. */
  function assertAnotherAdmin(userId: number): void {
    if (!activeAdminIds().some((id) => id !== userId)) throw new AppError('last_admin');
  }

  /** Revocation is final: nothing but reading is done to a revoked account. */
  function assertNotRevoked(u: UserRow): void {
    if (u.status === 'revoked') throw new AppError('account_revoked', `Tài khoản "${u.username}" đã bị thu hồi; không thể thay đổi hay mở lại.`);
  }

  function checkUnit(unitId: number | null): void {
    if (unitId == null) return;
    const u = db.select({ id: units.id, active: units.active }).from(units).where(eq(units.id, unitId)).get();
    if (!u) throw new AppError('invalid_input', undefined, { fields: [{ path: 'unitId', message: 'Đơn vị không tồn tại.' }] });
  }

  function setRoles(userId: number, roles: Role[]): void {
    db.delete(userRoles).where(eq(userRoles.userId, userId)).run();
    const unique = [...new Set(roles)];
    if (unique.length)
      db.insert(userRoles)
        .values(unique.map((role) => ({ userId, role })))
        .run();
  }

  function unitDtos(): UnitDto[] {
    const counts = new Map(
      db
        .select({ unitId: users.unitId, n: count() })
        .from(users)
        .where(sql`${users.status} NOT IN ('disabled', 'revoked')`)
        .groupBy(users.unitId)
        .all()
        .map((r) => [r.unitId, r.n] as const),
    );
    return db
      .select()
      .from(units)
      .orderBy(asc(units.name))
      .all()
      .map((u) => ({ id: u.id, parentId: u.parentId, code: u.code, name: u.name, active: u.active, userCount: counts.get(u.id) ?? 0 }));
  }

  return {
    dto,
    row,
    byUsername,
    taken,
    activeAdminIds,
    assertAnotherAdmin,
    assertNotRevoked,

    suggestUsername(fullName: string): string {
      return suggestAccountName(fullName, taken);
    },

    list(f: { query?: string; status?: UserStatus; role?: Role; unitId?: number; limit: number; offset: number }) {
      const conds: SQL[] = [];
      if (f.query?.trim()) conds.push(like(users.searchText, `%${fold(f.query.trim()).replace(/[%_]/g, '')}%`));
      if (f.status) conds.push(eq(users.status, f.status));
      if (f.unitId) conds.push(eq(users.unitId, f.unitId));
      if (f.role) conds.push(sql`${users.id} IN (SELECT user_id FROM user_roles WHERE role = ${f.role})`);
      const where = conds.length ? and(...conds) : undefined;
      const rows = db
        .select({ u: users, unitName: units.name })
        .from(users)
        .leftJoin(units, eq(units.id, users.unitId))
        .where(where)
        .orderBy(asc(users.searchText))
        .limit(f.limit)
        .offset(f.offset)
        .all();
      const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
      const roles = rolesOf(rows.map((r) => r.u.id));
      return { items: rows.map((r) => toDto(r.u, roles.get(r.u.id) ?? [], r.unitName)), total };
    },

    /** Inserts a user (inside the caller's transaction). */
    insert(f: UserFields & { username: string; passwordHash: string; mustChangePassword: boolean }): number {
      if (taken(f.username)) {
        throw new AppError('conflict', `Tên đăng nhập "${f.username}" đã được dùng.`, {
          fields: [{ path: 'username', message: 'Tên đăng nhập đã được dùng.' }],
        });
      }
      checkUnit(f.unitId);
      const t = now();
      const inserted = db
        .insert(users)
        .values({
          username: f.username,
          fullName: f.fullName,
          searchText: fold(`${f.fullName} ${f.username}`),
          position: f.position,
          email: f.email,
          phone: f.phone,
          unitId: f.unitId,
          headsUnit: f.headsUnit && f.unitId != null,
          status: 'active',
          passwordHash: f.passwordHash,
          passwordChangedAt: t,
          mustChangePassword: f.mustChangePassword,
          lastActiveAt: t,
          createdAt: t,
          updatedAt: t,
        })
        .returning({ id: users.id })
        .get();
      setRoles(inserted.id, f.roles);
      db.insert(passwordHistory).values({ userId: inserted.id, passwordHash: f.passwordHash, changedAt: t }).run();
      return inserted.id;
    },

    update(id: number, f: UserFields): void {
      const u = row(id);
      assertNotRevoked(u);
      checkUnit(f.unitId);
      // A new or cleared date of leaving starts its reminder afresh.
      const leftOn = f.leftOn === undefined ? u.leftOn : f.leftOn;
      const wasAdmin = (rolesOf([id]).get(id) ?? []).includes('admin');
      if (wasAdmin && !f.roles.includes('admin') && u.status === 'active') assertAnotherAdmin(id);
      db.update(users)
        .set({
          fullName: f.fullName,
          searchText: fold(`${f.fullName} ${u.username}`),
          position: f.position,
          email: f.email,
          phone: f.phone,
          unitId: f.unitId,
          headsUnit: f.headsUnit && f.unitId != null,
          leftOn,
          leaveRemindedAt: leftOn === u.leftOn ? u.leaveRemindedAt : null,
          updatedAt: now(),
        })
        .where(eq(users.id, id))
        .run();
      setRoles(id, f.roles);
    },

    disable(id: number, reason: string | null): void {
      const u = row(id);
      assertNotRevoked(u);
      if (u.status === 'active' && (rolesOf([id]).get(id) ?? []).includes('admin')) assertAnotherAdmin(id);
      db.update(users).set({ status: 'disabled', disabledReason: reason, updatedAt: now() }).where(eq(users.id, id)).run();
      db.delete(sessions).where(eq(sessions.userId, id)).run();
    },

    /** Re-enables a disabled or suspended account; its inactivity period restarts now. */
    enable(id: number): void {
      assertNotRevoked(row(id));
      const t = now();
      db.update(users)
        .set({ status: 'active', disabledReason: null, suspendedAt: null, failedLogins: 0, lockedUntil: null, lastActiveAt: t, updatedAt: t })
        .where(eq(users.id, id))
        .run();
    },

    setPassword(id: number, passwordHash: string, mustChangePassword: boolean): void {
      assertNotRevoked(row(id));
      const t = now();
      db.update(users).set({ passwordHash, mustChangePassword, passwordChangedAt: t, failedLogins: 0, lockedUntil: null, updatedAt: t }).where(eq(users.id, id)).run();
      db.insert(passwordHistory).values({ userId: id, passwordHash, changedAt: t }).run();
      db.delete(sessions).where(eq(sessions.userId, id)).run();
    },

    /** The newest `n` password hashes of a user, current one first. */
    recentHashes(id: number, n: number): string[] {
      return db
        .select({ h: passwordHistory.passwordHash })
        .from(passwordHistory)
        .where(eq(passwordHistory.userId, id))
        .orderBy(sql`${passwordHistory.changedAt} DESC, ${passwordHistory.id} DESC`)
        .limit(n)
        .all()
        .map((r) => r.h);
    },

    recordFailedLogin(id: number, maxFailed: number, lockoutMinutes: number): { locked: boolean; lockedUntil: number | null } {
      const u = row(id);
      const failed = u.failedLogins + 1;
      if (failed >= maxFailed) {
        const lockedUntil = now() + lockoutMinutes * 60_000;
        db.update(users).set({ failedLogins: 0, lockedUntil }).where(eq(users.id, id)).run();
        return { locked: true, lockedUntil };
      }
      db.update(users).set({ failedLogins: failed }).where(eq(users.id, id)).run();
      return { locked: false, lockedUntil: null };
    },

    /** Lifts a lock-out; returns whether the account was locked. */
    unlock(id: number): boolean {
      const u = row(id);
      db.update(users).set({ failedLogins: 0, lockedUntil: null, updatedAt: now() }).where(eq(users.id, id)).run();
      return !!u.lockedUntil && u.lockedUntil > now();
    },

    recordLogin(id: number): void {
      const t = now();
      db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: t, lastActiveAt: t }).where(eq(users.id, id)).run();
    },

    /** Active accounts whose inactivity period exceeded `days` become suspended; returns their ids. */
    suspendInactive(days: number): number[] {
      const t = now();
      const ids = db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.status, 'active'), sql`${users.lastActiveAt} < ${t - days * DAY}`))
        .all()
        .map((r) => r.id);
      if (!ids.length) return ids;
      // Never leave the office without an admin: the most recently active admin stays.
      const admins = new Set(activeAdminIds());
      if ([...admins].every((a) => ids.includes(a))) {
        const keep = db
          .select({ id: users.id })
          .from(users)
          .where(inArray(users.id, [...admins]))
          .orderBy(sql`${users.lastActiveAt} DESC`)
          .get();
        if (keep) ids.splice(ids.indexOf(keep.id), 1);
      }
      if (!ids.length) return ids;
      db.update(users).set({ status: 'suspended', suspendedAt: t, updatedAt: t }).where(inArray(users.id, ids)).run();
      db.delete(sessions).where(inArray(sessions.userId, ids)).run();
      return ids;
    },

    /**
     * Revokes an account for good (thu hồi): status 'revoked', its sessions ended. The row and its username stay, so
     * the name is never given to someone else and the namesake numbering (QN 6.2) still counts it. The last active
     * admin cannot be revoked.
     */
    revoke(id: number): void {
      const u = row(id);
      assertNotRevoked(u);
      if (u.status === 'active' && (rolesOf([id]).get(id) ?? []).includes('admin')) assertAnotherAdmin(id);
      const t = now();
      db.update(users).set({ status: 'revoked', revokedAt: t, lockedUntil: null, failedLogins: 0, updatedAt: t }).where(eq(users.id, id)).run();
      db.delete(sessions).where(eq(sessions.userId, id)).run();
    },

    /** Suspended longer than `days` (QN 8.5c: 15 days without a request to keep it): due for revocation. */
    suspendedPast(days: number): Array<{ id: number; suspendedAt: number }> {
      return db
        .select({ id: users.id, suspendedAt: users.suspendedAt })
        .from(users)
        .where(and(eq(users.status, 'suspended'), sql`${users.suspendedAt} <= ${now() - days * DAY}`))
        .all()
        .map((r) => ({ id: r.id, suspendedAt: r.suspendedAt! }));
    },

    /** Not yet revoked accounts whose date of leaving is on or before `date` (YYYY-MM-DD). */
    leaversBy(date: string): Array<{ id: number; username: string; fullName: string; leftOn: string; leaveRemindedAt: number | null; status: UserStatus }> {
      return db
        .select({ id: users.id, username: users.username, fullName: users.fullName, leftOn: users.leftOn, leaveRemindedAt: users.leaveRemindedAt, status: users.status })
        .from(users)
        .where(and(sql`${users.status} != 'revoked'`, sql`${users.leftOn} IS NOT NULL`, sql`${users.leftOn} <= ${date}`))
        .orderBy(asc(users.leftOn), asc(users.id))
        .all()
        .map((r) => ({ ...r, leftOn: r.leftOn! }));
    },

    markLeaveReminded(id: number): void {
      db.update(users).set({ leaveRemindedAt: now() }).where(eq(users.id, id)).run();
    },

    units: unitDtos,

    createUnit(f: { name: string; code: string | null; parentId: number | null }): number {
      if (f.parentId != null && !db.select({ id: units.id }).from(units).where(eq(units.id, f.parentId)).get()) {
        throw new AppError('invalid_input', undefined, { fields: [{ path: 'parentId', message: 'Đơn vị cấp trên không tồn tại.' }] });
      }
      const t = now();
      return db
        .insert(units)
        .values({ ...f, active: true, createdAt: t, updatedAt: t })
        .returning({ id: units.id })
        .get().id;
    },

    updateUnit(f: { id: number; name: string; code: string | null; parentId: number | null; active: boolean }): void {
      if (!db.select({ id: units.id }).from(units).where(eq(units.id, f.id)).get()) throw new AppError('not_found', 'Không tìm thấy đơn vị.');
      // Walk up from the new parent: reaching the unit itself would make a cycle.
      for (let p = f.parentId; p != null;) {
        if (p === f.id) {
          throw new AppError('invalid_input', undefined, { fields: [{ path: 'parentId', message: 'Không thể chọn đơn vị con làm đơn vị cấp trên.' }] });
        }
        const parent = db.select({ parentId: units.parentId }).from(units).where(eq(units.id, p)).get();
        if (!parent) throw new AppError('invalid_input', undefined, { fields: [{ path: 'parentId', message: 'Đơn vị cấp trên không tồn tại.' }] });
        p = parent.parentId;
      }
      db.update(units).set({ name: f.name, code: f.code, parentId: f.parentId, active: f.active, updatedAt: now() }).where(eq(units.id, f.id)).run();
    },

    unitDto(id: number): UnitDto {
      const u = unitDtos().find((x) => x.id === id);
      if (!u) throw new AppError('not_found', 'Không tìm thấy đơn vị.');
      return u;
    },
  };
}

export type AccountsService = ReturnType<typeof createAccounts>;
