// Login sessions: random bearer tokens (only their SHA-256 is stored), expiry after inactivity and after an absolute
// lifetime since sign-in, and the resolved caller (roles, permissions, whether a password change is due) that
// dispatch checks on every call.

import { createHash, randomBytes } from 'node:crypto';
import { permissionsOf, type Permission, type Role } from '../../src-shared/permissions';
import type { RawDb } from '../db/open';
import type { SettingsService } from '../settings/service';

export interface Caller {
  tokenHash: string;
  userId: number;
  username: string;
  fullName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  mustChangePassword: boolean;
}

const TOUCH_EVERY_MS = 30_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether the password must be changed now: flagged by an admin/first login, or older than the policy allows. */
export function passwordChangeDue(u: { mustChangePassword: boolean; passwordChangedAt: number }, expiryDays: number, now: number): boolean {
  return u.mustChangePassword || (expiryDays > 0 && now - u.passwordChangedAt > expiryDays * DAY);
}

export function createSessions(raw: RawDb, settings: SettingsService, now: () => number) {
  const insert = raw.prepare('INSERT INTO sessions (token_hash, user_id, origin, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)');
  const find = raw.prepare(
    `SELECT s.token_hash, s.created_at, s.last_seen_at, u.id, u.username, u.full_name, u.status, u.must_change_password,
            u.password_changed_at, (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
  );
  const touch = raw.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const remove = raw.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeUser = raw.prepare('DELETE FROM sessions WHERE user_id = ?');
  const purge = raw.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');

  return {
    /** Opens a session and returns the bearer token (shown to the client once, never stored). */
    create(userId: number, origin: string): string {
      const token = randomBytes(32).toString('base64url');
      const t = now();
      insert.run(tokenHash(token), userId, origin, t, t);
      return token;
    },

    /** The caller behind `token`, or null. `touch: false` checks without counting as activity (SSE heartbeats). */
    resolve(token: string, opts: { touch?: boolean } = {}): Caller | null {
      if (!token || token.length > 200) return null;
      const h = tokenHash(token);
      const r = find.get(h) as
        | {
            token_hash: string;
            created_at: number;
            last_seen_at: number;
            id: number;
            username: string;
            full_name: string;
            status: string;
            must_change_password: number;
            password_changed_at: number;
            roles: string | null;
          }
        | undefined;
      if (!r) return null;
      const t = now();
      const policy = settings.get('security');
      if (r.status !== 'active' || t - r.last_seen_at > policy.sessionIdleMinutes * 60_000 || t - r.created_at > policy.sessionMaxHours * HOUR) {
        remove.run(h);
        return null;
      }
      if (opts.touch !== false && t - r.last_seen_at > TOUCH_EVERY_MS) touch.run(t, h);
      const roles = (r.roles ? r.roles.split(',') : []).sort() as Role[];
      return {
        tokenHash: h,
        userId: r.id,
        username: r.username,
        fullName: r.full_name,
        roles,
        permissions: new Set(permissionsOf(roles)),
        mustChangePassword: passwordChangeDue({ mustChangePassword: !!r.must_change_password, passwordChangedAt: r.password_changed_at }, policy.expiryDays, t),
      };
    },

    end(hash: string): void {
      remove.run(hash);
    },

    endAllFor(userId: number): void {
      removeUser.run(userId);
    },

    purgeIdle(): number {
      const policy = settings.get('security');
      return purge.run(now() - policy.sessionIdleMinutes * 60_000, now() - policy.sessionMaxHours * HOUR).changes;
    },
  };
}

export type SessionsService = ReturnType<typeof createSessions>;
