// Test helper: a real core on a fresh temporary data dir, with a settable clock and a cheap scrypt cost.
// Calls go through dispatch exactly as the hosts do.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/api';
import type { Wire } from '../../src-shared/errors';
import { createCore, type Core } from '../../src-main/core';
import { packageRoot, type Env, type Logger } from '../../src-main/env';

export const ADMIN_PASSWORD = 'Khoi@tao2026';
export const STRONG_PASSWORD = 'VanThu#2026a';

export interface TestClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.UTC(2026, 10, 20, 2, 0)): TestClock {
  let t = start;
  return { now: () => t, set: (ms) => void (t = ms), advance: (ms) => void (t += ms) };
}

export const silentLogger: Logger & { errors: string[] } = Object.assign(
  { errors: [] as string[] },
  {
    info() {},
    warn() {},
    error(msg: string, data?: Record<string, unknown>) {
      silentLogger.errors.push(`${msg} ${JSON.stringify(data ?? {})}`);
    },
  },
);

export function tempDir(prefix = 'vanthu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testEnv(dataDir: string, clock: TestClock, extra: Partial<Env> = {}): Env {
  return {
    dataDir,
    resourcesDir: path.join(packageRoot(), 'resources'),
    version: 'test',
    clock,
    logger: silentLogger,
    scryptCost: 1 << 10,
    timers: false,
    ...extra,
  };
}

export interface TestCore {
  core: Core;
  clock: TestClock;
  dir: string;
  call<M extends MethodName>(method: M, input: InputOf<M>, token?: string | null): Promise<Wire<OutputOf<M>>>;
  /** Calls and unwraps; throws with the wire error if the call failed. */
  ok<M extends MethodName>(method: M, input: InputOf<M>, token?: string | null): Promise<OutputOf<M>>;
  close(): void;
}

export function makeCore(opts: { clock?: TestClock; dir?: string; env?: Partial<Env> } = {}): TestCore {
  const clock = opts.clock ?? testClock();
  const dir = opts.dir ?? tempDir();
  const core = createCore(testEnv(dir, clock, opts.env));
  const call = (method: string, input: unknown, token?: string | null) => core.dispatch(method, input, { token, origin: 'test' }) as Promise<Wire<never>>;
  return {
    core,
    clock,
    dir,
    call: call as TestCore['call'],
    ok: (async (method: string, input: unknown, token?: string | null) => {
      const r = await call(method, input, token);
      if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
      return r.value;
    }) as TestCore['ok'],
    close: () => core.close(),
  };
}

export const ORG = {
  code: '000.00.12.H35',
  name: 'Ủy ban nhân dân xã Đồng Hóa',
  abbr: 'UBND',
  parentName: 'Ủy ban nhân dân huyện Kim Bảng',
  address: 'Xã Đồng Hóa, huyện Kim Bảng, tỉnh Hà Nam',
  place: 'Đồng Hóa',
  phone: null,
  email: null,
};

/** Sets up the office and returns an admin token with the first-login password change already done. */
export async function setupOffice(t: TestCore): Promise<{ adminToken: string; adminId: number }> {
  const init = await t.ok('setup.init', { org: ORG, admin: { fullName: 'Nguyễn Văn Quản', username: 'admin', password: ADMIN_PASSWORD } });
  const login = await t.ok('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  const changed = await t.ok('auth.changePassword', { currentPassword: ADMIN_PASSWORD, newPassword: STRONG_PASSWORD }, login.token);
  return { adminToken: changed.token, adminId: init.admin.id };
}

/** Creates a user with the given roles and returns a ready token for them (password already changed). */
export async function userWithRoles(
  t: TestCore,
  adminToken: string,
  fullName: string,
  roles: Array<'admin' | 'clerk' | 'leader' | 'staff'>,
): Promise<{ token: string; id: number; username: string }> {
  const created = await t.ok('users.create', { fullName, roles, password: 'Tam@thoi2026' }, adminToken);
  const login = await t.ok('auth.login', { username: created.user.username, password: 'Tam@thoi2026' });
  const changed = await t.ok('auth.changePassword', { currentPassword: 'Tam@thoi2026', newPassword: STRONG_PASSWORD }, login.token);
  return { token: changed.token, id: created.user.id, username: created.user.username };
}
