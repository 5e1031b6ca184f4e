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
    /** active | disabled (by an admin) | suspended (unused too long, QN 8.4). */
    status: text('status', { enum: ['active', 'disabled', 'suspended'] })
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
    ...timestamps,
  },
  (t) => [index('users_status_active_idx').on(t.status, t.lastActiveAt), index('users_unit_idx').on(t.unitId)],
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
