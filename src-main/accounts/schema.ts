// Tables for people and organisation structure: users, their roles, units (phòng ban), sessions, password history.
// Passwords are stored only as scrypt hashes; session tokens only as SHA-256 hashes.

import { index, integer, primaryKey, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { boolCol, instantCol, timestamps } from '../db/columns';

export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    code: text('code'),
    name: text('name').notNull(),
    active: boolCol('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [index('units_parent_idx').on(t.parentId)],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull().unique(),
    fullName: text('full_name').notNull(),
    /** fold(fullName + username) for search without diacritics. */
    searchText: text('search_text').notNull(),
    position: text('position'),
    email: text('email'),
    phone: text('phone'),
    unitId: integer('unit_id').references(() => units.id),
    /** Trưởng or phó of their unit: sees the documents given to the unit and to its people (documents/access.ts). */
    headsUnit: boolCol('heads_unit').notNull().default(false),
    /** active | disabled (by an admin) | suspended (unused too long, QN 8.4) | revoked (thu hồi: QN 8.5, 14.3; final). */
    status: text('status', { enum: ['active', 'disabled', 'suspended', 'revoked'] })
      .notNull()
      .default('active'),
    disabledReason: text('disabled_reason'),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: instantCol('password_changed_at').notNull(),
    mustChangePassword: boolCol('must_change_password').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: instantCol('locked_until'),
    lastLoginAt: instantCol('last_login_at'),
    /** Start of the inactivity period: last login, or creation / re-enabling by an admin. */
    lastActiveAt: instantCol('last_active_at').notNull(),
    suspendedAt: instantCol('suspended_at'),
    /** Date of leaving (YYYY-MM-DD, nghỉ việc / chuyển công tác): the account is revoked within 5 days (QN 14.3). */
    leftOn: text('left_on'),
    revokedAt: instantCol('revoked_at'),
    /** When the admin was reminded of a leaver's coming revocation (once). */
    leaveRemindedAt: instantCol('leave_reminded_at'),
    ...timestamps,
  },
  (t) => [index('users_status_active_idx').on(t.status, t.lastActiveAt), index('users_unit_idx').on(t.unitId), index('users_left_idx').on(t.leftOn)],
);

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['admin', 'clerk', 'leader', 'staff'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] }), index('user_roles_role_idx').on(t.role)],
);

export const passwordHistory = sqliteTable(
  'password_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    passwordHash: text('password_hash').notNull(),
    changedAt: instantCol('changed_at').notNull(),
  },
  (t) => [index('password_history_user_idx').on(t.userId, t.changedAt)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the bearer token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    origin: text('origin').notNull(),
    createdAt: instantCol('created_at').notNull(),
    lastSeenAt: instantCol('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_seen_idx').on(t.lastSeenAt)],
);

/** Account requests (đề nghị cấp, thay đổi quyền, thu hồi tài khoản; QN 8, 12–14): who asked, what, the decision and
 *  when it was carried out. They feed the Mẫu 04 accounts report. */
export const accountRequests = sqliteTable(
  'account_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** new = cấp mới | change = thay đổi quyền/thông tin | revoke = thu hồi */
    kind: text('kind', { enum: ['new', 'change', 'revoke'] }).notNull(),
    /** The account concerned (null for a new account until it is created). */
    userId: integer('user_id').references(() => users.id),
    /** Full name of the person the request is about. */
    subjectName: text('subject_name').notNull(),
    /** JSON: what is asked (roles, unit, position, reason …). */
    details: text('details').notNull(),
    /** Who asked, as written on the request (a head of unit, often without an account). */
    requestedBy: text('requested_by').notNull(),
    requestedById: integer('requested_by_id').references(() => users.id),
    /** Date on the request (YYYY-MM-DD). */
    requestedOn: text('requested_on').notNull(),
    /** pending | approved | rejected | done */
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'done'] })
      .notNull()
      .default('pending'),
    decidedById: integer('decided_by_id').references(() => users.id),
    decidedAt: instantCol('decided_at'),
    decisionNote: text('decision_note'),
    doneById: integer('done_by_id').references(() => users.id),
    doneAt: instantCol('done_at'),
    ...timestamps,
  },
  (t) => [index('account_requests_on_idx').on(t.requestedOn, t.id), index('account_requests_status_idx').on(t.status, t.id), index('account_requests_user_idx').on(t.userId)],
);
