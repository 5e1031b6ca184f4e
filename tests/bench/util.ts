// Shared helpers for benchmarks: cached data folders, the bench office and its clerk's session, percentiles.

import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../src-main/core';
import { packageRoot } from '../../src-main/env';

export const BENCH_PASSWORD = 'Bench@2026pass';

/** Sets up a fresh bench office with a văn thư `vanthu` (also admin) who never has to change the password. */
export async function benchOffice(core: Core): Promise<{ clerkId: number }> {
  const init = await core.dispatch(
    'setup.init',
    {
      org: {
        code: '000.21.43.H23',
        name: 'Ủy ban nhân dân xã Đồng Hóa',
        abbr: 'UBND',
        parentName: 'Ủy ban nhân dân huyện Kim Bảng',
        address: null,
        place: 'Đồng Hóa',
        phone: null,
        email: null,
      },
      admin: { fullName: 'Quản Trị', username: 'quantri', password: BENCH_PASSWORD },
    },
    { origin: 'cli' },
  );
  if (!init.ok) throw new Error(JSON.stringify(init));
  const clerk = await core.dispatch(
    'users.create',
    { fullName: 'Văn Thư', username: 'vanthu', roles: ['clerk', 'admin'], password: BENCH_PASSWORD },
    { origin: 'cli', asLocalAdmin: true },
  );
  if (!clerk.ok) throw new Error(JSON.stringify(clerk));
  core.services.raw.prepare('UPDATE users SET must_change_password = 0').run();
  return { clerkId: (clerk.value as { user: { id: number } }).user.id };
}

/** Signs in as the bench office's văn thư. */
export async function benchSession(core: Core): Promise<{ token: string; userId: number }> {
  const login = await core.dispatch('auth.login', { username: 'vanthu', password: BENCH_PASSWORD }, { origin: 'cli' });
  if (!login.ok) throw new Error(JSON.stringify(login));
  const v = login.value as { token: string; user: { id: number } };
  return { token: v.token, userId: v.user.id };
}

export function benchDir(name: string): string {
  const dir = path.join(packageRoot(), '.bench-data', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), n: s.length };
}
