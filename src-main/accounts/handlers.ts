// Handlers for setup, authentication, users and units. Password hashing (slow, async) always happens before the
// write transaction; failed logins are audited and counted in their own transaction before the error is returned.

import { AppError } from '../../src-shared/errors';
import { permissionsOf } from '../../src-shared/permissions';
import type { accountsApi, PersonDto } from '../../src-shared/api/accounts';
import type { CallCtx, HandlerMap } from '../api/context';
import { DEFAULT_WORKING_HOURS } from '../settings/service';
import { DEFAULT_SCRYPT_COST, dummyVerify, generatePassword, hashPassword, policyViolations, verifyPassword } from './passwords';
import { passwordChangeDue } from './sessions';

type AccountsMethods = Exclude<keyof typeof accountsApi, `settings.${string}` | `audit.${string}`>;

function cost(ctx: CallCtx): number {
  return ctx.s.env.scryptCost ?? DEFAULT_SCRYPT_COST;
}

function assertPolicy(ctx: CallCtx, password: string, person: { username?: string | null }, path: string): void {
  const problems = policyViolations(password, ctx.s.settings.get('security'), person);
  if (problems.length) {
    throw new AppError('weak_password', problems.join(' '), { fields: problems.map((message) => ({ path, message })) });
  }
}

/** Marks request `requestId` (of `kind`) carried out for account `userId`, inside the caller's write. */
function carryOut(ctx: CallCtx, requestId: number, kind: 'new' | 'change' | 'revoke', userId: number): void {
  const r = ctx.s.accountRequests.row(requestId);
  if (r.kind !== kind) {
    throw new AppError('invalid_input', undefined, { fields: [{ path: 'requestId', message: 'Đề nghị này không phải loại phù hợp với thao tác.' }] });
  }
  ctx.s.accountRequests.markDone(requestId, ctx.user().userId, userId);
}

export const accountsHandlers: HandlerMap<AccountsMethods> = {
  'system.health': (ctx) => ({ ok: true, version: ctx.s.env.version }),

  'setup.status': (ctx) => {
    const org = ctx.s.settings.org();
    return { initialized: !!org, orgName: org?.name ?? null, version: ctx.s.env.version };
  },

  'setup.init': async (ctx, input) => {
    if (ctx.s.settings.org()) throw new AppError('already_initialized');
    const username = input.admin.username ?? ctx.s.accounts.suggestUsername(input.admin.fullName);
    if (!username) {
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'admin.username', message: 'Không tạo được tên đăng nhập từ họ tên; hãy nhập tên đăng nhập.' }] });
    }
    assertPolicy(ctx, input.admin.password, { username }, 'admin.password');
    const passwordHash = await hashPassword(input.admin.password, cost(ctx));
    const adminId = ctx.write(
      () => {
        // Checked again inside the transaction: two setup screens racing must not both win.
        if (ctx.s.settings.org()) throw new AppError('already_initialized');
        ctx.s.settings.set('org', input.org);
        ctx.s.settings.set('workingHours', input.workingHours ?? DEFAULT_WORKING_HOURS);
        return ctx.s.accounts.insert({
          fullName: input.admin.fullName,
          position: null,
          email: null,
          phone: null,
          unitId: null,
          headsUnit: false,
          roles: ['admin'],
          username,
          passwordHash,
          // QN 16: every account changes its password at first login, the installer's initial one included.
          mustChangePassword: true,
        });
      },
      (id) => ({
        actor: { id: null, name: 'thiết lập lần đầu' },
        targetType: 'user',
        targetId: id,
        details: { org: input.org, admin: { username, fullName: input.admin.fullName } },
      }),
    );
    return { org: input.org, admin: ctx.s.accounts.dto(adminId) };
  },

  // One answer for an unknown name, a wrong password and a locked account — same code, same words, the same scrypt
  // work — so sign-in reveals neither which accounts exist nor which are locked. Disabled and suspended accounts are
  // named only to someone who gave the right password. Each client's failures also earn it a growing delay.
  'auth.login': async (ctx, input) => {
    const { accounts, settings, audit, loginThrottle } = ctx.s;
    const policy = settings.get('security');
    loginThrottle.check(ctx.client, ctx.now());
    const u = accounts.byUsername(input.username);
    const origin = ctx.remote ? `${ctx.origin}:${ctx.remote}` : ctx.origin;
    const failed = (reason: string, extra: Record<string, unknown> = {}) =>
      audit.append({ at: ctx.now(), actorId: u?.id ?? null, actorName: input.username, action: 'auth.login', outcome: 'failed', details: { reason, ...extra }, origin });
    const refuse = () => {
      loginThrottle.fail(ctx.client, ctx.now(), policy.lockoutMinutes * 60_000);
      return new AppError(
        'invalid_credentials',
        `Tên đăng nhập hoặc mật khẩu không đúng. Tài khoản đăng nhập sai ${policy.maxFailedLogins} lần liên tiếp sẽ tạm bị khóa ${policy.lockoutMinutes} phút.`,
      );
    };

    if (!u) {
      await dummyVerify(input.password, cost(ctx));
      failed('unknown_user');
      throw refuse();
    }
    // A lock-out caused over the network does not shut out the office machine itself (the desktop window or a
    // browser on this computer): there the per-client delay is the only brake, so the administrator can always
    // sign in at the machine.
    if (u.lockedUntil && u.lockedUntil > ctx.now() && !ctx.local) {
      await verifyPassword(input.password, u.passwordHash);
      failed('locked', { lockedUntil: u.lockedUntil });
      throw refuse();
    }
    const ok = await verifyPassword(input.password, u.passwordHash);
    if (!ok) {
      ctx.s.raw
        .transaction(() => {
          const res = accounts.recordFailedLogin(u.id, policy.maxFailedLogins, policy.lockoutMinutes);
          failed('bad_password', res.locked ? { lockedUntil: res.lockedUntil } : {});
        })
        .immediate();
      throw refuse();
    }
    loginThrottle.succeed(ctx.client);
    if (u.status === 'disabled') {
      failed('disabled');
      throw new AppError('account_disabled');
    }
    if (u.status === 'suspended') {
      failed('suspended');
      throw new AppError('account_suspended');
    }
    if (u.status === 'revoked') {
      failed('revoked');
      throw new AppError('account_revoked');
    }
    const wasLocked = !!u.lockedUntil && u.lockedUntil > ctx.now();
    const token = ctx.write(
      () => {
        accounts.recordLogin(u.id);
        return ctx.s.sessions.create(u.id, ctx.origin);
      },
      { actor: { id: u.id, name: u.username }, targetType: 'user', targetId: u.id, details: wasLocked ? { localWhileLocked: true } : null },
    );
    return {
      token,
      user: accounts.dto(u.id),
      mustChangePassword: passwordChangeDue(u, policy.expiryDays, ctx.now()),
    };
  },

  'auth.logout': (ctx) => {
    const me = ctx.user();
    ctx.write(() => ctx.s.sessions.end(me.tokenHash), { targetType: 'user', targetId: me.userId, details: null });
    return { ok: true };
  },

  'auth.me': (ctx) => {
    const me = ctx.user();
    return {
      user: ctx.s.accounts.dto(me.userId),
      permissions: permissionsOf(me.roles),
      org: ctx.s.settings.org(),
      mustChangePassword: me.mustChangePassword,
      policy: ctx.s.settings.get('security'),
      desktop: !!ctx.s.env.desktop,
    };
  },

  'auth.changePassword': async (ctx, input) => {
    const me = ctx.user();
    const { accounts, settings } = ctx.s;
    const u = accounts.row(me.userId);
    if (!(await verifyPassword(input.currentPassword, u.passwordHash))) {
      throw new AppError('invalid_credentials', 'Mật khẩu hiện tại không đúng.', {
        fields: [{ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' }],
      });
    }
    assertPolicy(ctx, input.newPassword, { username: u.username }, 'newPassword');
    const history = accounts.recentHashes(u.id, Math.max(1, settings.get('security').historyCount));
    const reused = await Promise.all(history.map((h) => verifyPassword(input.newPassword, h)));
    if (reused.some(Boolean)) {
      throw new AppError('password_reused', undefined, { fields: [{ path: 'newPassword', message: 'Mật khẩu mới không được trùng mật khẩu đã dùng gần đây.' }] });
    }
    const hash = await hashPassword(input.newPassword, cost(ctx));
    // Changing the password logs out every session of this person, then opens a fresh one for this client.
    const token = ctx.write(
      () => {
        accounts.setPassword(u.id, hash, false);
        return ctx.s.sessions.create(u.id, ctx.origin);
      },
      { targetType: 'user', targetId: u.id, details: null },
    );
    ctx.emit('session.ended', { reason: 'password_changed' }, [u.id]);
    return { token };
  },

  'users.list': (ctx, input) => ctx.s.accounts.list(input),

  'users.get': (ctx, input) => ctx.s.accounts.dto(input.id),

  'users.suggestUsername': (ctx, input) => ({ username: ctx.s.accounts.suggestUsername(input.fullName) }),

  'users.create': async (ctx, input) => {
    const { accounts, settings } = ctx.s;
    const username = input.username ?? accounts.suggestUsername(input.fullName);
    if (!username) {
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'username', message: 'Không tạo được tên đăng nhập từ họ tên; hãy nhập tên đăng nhập.' }] });
    }
    if (accounts.taken(username)) {
      throw new AppError('conflict', `Tên đăng nhập "${username}" đã được dùng.`, { fields: [{ path: 'username', message: 'Tên đăng nhập đã được dùng.' }] });
    }
    const generated = input.password ? null : generatePassword(settings.get('security'));
    const password = input.password ?? generated!;
    if (input.password) assertPolicy(ctx, password, { username }, 'password');
    const passwordHash = await hashPassword(password, cost(ctx));
    const { password: _omit, requestId, ...fields } = input;
    const id = ctx.write(
      () => {
        const newId = accounts.insert({ ...fields, username, passwordHash, mustChangePassword: true });
        // Created from an approved request (cấp mới): the request is linked and done in the same transaction.
        if (requestId != null) carryOut(ctx, requestId, 'new', newId);
        return newId;
      },
      (newId) => ({ targetType: 'user', targetId: newId, details: { ...fields, username, ...(requestId != null ? { requestId } : {}) } }),
    );
    ctx.emit('users.changed', { userId: id });
    return { user: accounts.dto(id), temporaryPassword: generated };
  },

  'users.update': (ctx, input) => {
    const { id, requestId, ...fields } = input;
    ctx.write(
      () => {
        ctx.s.accounts.update(id, fields);
        if (requestId != null) carryOut(ctx, requestId, 'change', id);
      },
      { targetType: 'user', targetId: id, details: { ...fields, ...(requestId != null ? { requestId } : {}) } },
    );
    ctx.emit('users.changed', { userId: id });
    return ctx.s.accounts.dto(id);
  },

  'users.disable': (ctx, input) => {
    if (input.id === ctx.user().userId) {
      throw new AppError('forbidden', 'Không thể tự vô hiệu hóa tài khoản của chính mình.');
    }
    ctx.write(() => ctx.s.accounts.disable(input.id, input.reason), { targetType: 'user', targetId: input.id });
    ctx.emit('session.ended', { reason: 'disabled' }, [input.id]);
    ctx.emit('users.changed', { userId: input.id });
    return ctx.s.accounts.dto(input.id);
  },

  'users.enable': (ctx, input) => {
    ctx.write(() => ctx.s.accounts.enable(input.id), { targetType: 'user', targetId: input.id });
    ctx.emit('users.changed', { userId: input.id });
    return ctx.s.accounts.dto(input.id);
  },

  // Final: the account can never sign in or be re-enabled; its username stays taken (service.ts revoke).
  'users.revoke': (ctx, input) => {
    if (input.id === ctx.user().userId) {
      throw new AppError('forbidden', 'Không thể tự thu hồi tài khoản của chính mình.');
    }
    ctx.write(
      () => {
        ctx.s.accounts.revoke(input.id);
        if (input.requestId != null) carryOut(ctx, input.requestId, 'revoke', input.id);
      },
      { targetType: 'user', targetId: input.id, details: { reason: input.reason, ...(input.requestId != null ? { requestId: input.requestId } : {}) } },
    );
    ctx.emit('session.ended', { reason: 'disabled' }, [input.id]);
    ctx.emit('users.changed', { userId: input.id });
    return ctx.s.accounts.dto(input.id);
  },

  'accountRequests.list': (ctx, input) => ctx.s.accountRequests.list(input),

  'accountRequests.get': (ctx, input) => ctx.s.accountRequests.dto(input.id),

  'accountRequests.create': (ctx, input) => {
    const id = ctx.write(
      () => ctx.s.accountRequests.create(input),
      (newId) => ({ targetType: 'account_request', targetId: newId, details: input }),
    );
    return ctx.s.accountRequests.dto(id);
  },

  'accountRequests.decide': (ctx, input) => {
    ctx.write(() => ctx.s.accountRequests.decide(input.id, input.approve, input.note, ctx.user().userId), {
      targetType: 'account_request',
      targetId: input.id,
      details: { approve: input.approve, note: input.note },
    });
    return ctx.s.accountRequests.dto(input.id);
  },

  // For a request carried out some other way (a change made earlier, an account created before it was recorded).
  // A revocation request is carried out by users.revoke with its requestId: the account must be revoked first.
  'accountRequests.markDone': (ctx, input) => {
    ctx.write(
      () => {
        const r = ctx.s.accountRequests.row(input.id);
        if (r.kind === 'revoke' && r.userId != null && ctx.s.accounts.row(r.userId).status !== 'revoked') {
          throw new AppError('invalid_state', 'Tài khoản chưa bị thu hồi: dùng "Thu hồi tài khoản" để thực hiện đề nghị này.');
        }
        ctx.s.accountRequests.markDone(input.id, ctx.user().userId, input.userId);
      },
      { targetType: 'account_request', targetId: input.id, details: input.userId != null ? { userId: input.userId } : null },
    );
    return ctx.s.accountRequests.dto(input.id);
  },

  'users.unlock': (ctx, input) => {
    ctx.write(
      () => ctx.s.accounts.unlock(input.id),
      (locked) => ({ targetType: 'user', targetId: input.id, details: { wasLocked: locked } }),
    );
    ctx.emit('users.changed', { userId: input.id });
    return ctx.s.accounts.dto(input.id);
  },

  'users.resetPassword': async (ctx, input) => {
    const { accounts, settings } = ctx.s;
    const u = accounts.row(input.id);
    const generated = input.password ? null : generatePassword(settings.get('security'));
    const password = input.password ?? generated!;
    if (input.password) assertPolicy(ctx, password, { username: u.username }, 'password');
    const hash = await hashPassword(password, cost(ctx));
    ctx.write(() => accounts.setPassword(u.id, hash, true), { targetType: 'user', targetId: u.id, details: null });
    ctx.emit('session.ended', { reason: 'password_changed' }, [u.id]);
    return { user: accounts.dto(u.id), temporaryPassword: generated };
  },

  'users.directory': (ctx) =>
    (
      ctx.s.raw
        .prepare(
          `SELECT u.id, u.full_name AS fullName, u.position, u.unit_id AS unitId, n.name AS unitName, u.heads_unit AS headsUnit,
                  EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'leader') AS leader
             FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.status = 'active' ORDER BY n.name IS NULL, n.name, u.full_name`,
        )
        .all() as Array<Omit<PersonDto, 'leader' | 'headsUnit'> & { leader: number; headsUnit: number }>
    ).map((p) => ({ ...p, leader: !!p.leader, headsUnit: !!p.headsUnit })),

  'units.list': (ctx) => ctx.s.accounts.units(),

  'units.create': (ctx, input) => {
    const id = ctx.write(
      () => ctx.s.accounts.createUnit(input),
      (newId) => ({ targetType: 'unit', targetId: newId, details: input }),
    );
    return ctx.s.accounts.unitDto(id);
  },

  'units.update': (ctx, input) => {
    ctx.write(
      () => {
        // A unit with work in hand cannot be closed: the work would have no one to answer for it.
        if (!input.active) {
          const open = ctx.s.workflow.openTasksOfUnit(input.id);
          if (open.length) {
            throw new AppError('has_open_tasks', `Đơn vị còn ${open.length} việc chưa xử lý xong; giao lại các việc này trước khi ngừng hoạt động đơn vị.`, {
              details: { tasks: open },
            });
          }
        }
        ctx.s.accounts.updateUnit(input);
      },
      { targetType: 'unit', targetId: input.id, details: input },
    );
    return ctx.s.accounts.unitDto(input.id);
  },
};
