// Accounts figures (issue 14 items 12–14): the hourly lifecycle job over an office of 3,000 accounts (300 suspended
// past 15 days, 300 leavers past 5 days, 150 leavers to remind), once with work and once idle; accountRequests.list over
// 5,000 requests; and auth.me over HTTP with the page's cookie against Bearer (the CSRF checks' cost). Measures only.

import fs from 'node:fs';
import { runAccountLifecycle } from '../../src-main/accounts/lifecycle';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv } from '../../src-main/env';
import { createHttpHost } from '../../src-main/http/server';
import { addDays, todayVn } from '../../src-shared/calendar/vn-time';
import { BENCH_PASSWORD, benchDir, benchOffice, benchSession, stats } from './util';
import { report } from './index';

const USERS = 3000;
const REQUESTS = 5000;
const DAY = 86_400_000;

function open(dir: string): Core {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return createCore(nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }));
}

async function call<T>(core: Core, token: string, method: string, input: unknown): Promise<T> {
  const w = await core.dispatch(method, input, { token, origin: 'cli' });
  if (!w.ok) throw new Error(`${method}: ${JSON.stringify(w.error)}`);
  return w.value as T;
}

export async function accountsBench(): Promise<void> {
  const core = open(benchDir('accounts'));
  try {
    await benchOffice(core);
    const { token } = await benchSession(core);
    const { raw } = core.services;
    const now = Date.now();
    const today = todayVn(now);
    const hash = raw.prepare('SELECT password_hash FROM users LIMIT 1').pluck().get() as string;
    raw
      .transaction(() => {
        const add = raw.prepare(
          `INSERT INTO users (username, full_name, search_text, status, password_hash, password_changed_at, must_change_password, last_active_at,
              suspended_at, left_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
        );
        const role = raw.prepare(`INSERT INTO user_roles (user_id, role) VALUES (?, 'staff')`);
        for (let i = 0; i < USERS; i++) {
          const suspended = i % 10 === 0;
          const leftOn = i % 10 === 1 ? addDays(today, -10) : i % 20 === 2 ? today : null;
          const id = Number(
            add.run(
              `nguoidung${i}`,
              `Người dùng ${i}`,
              `nguoi dung ${i} nguoidung${i}`,
              suspended ? 'suspended' : 'active',
              hash,
              now,
              now,
              suspended ? now - 20 * DAY : null,
              leftOn,
              now,
              now,
            ).lastInsertRowid,
          );
          role.run(id);
        }
        const req = raw.prepare(
          `INSERT INTO account_requests (kind, user_id, subject_name, details, requested_by, requested_on, status, created_at, updated_at) VALUES (?, NULL, ?, '{}', ?, ?, ?, ?, ?)`,
        );
        const statuses = ['pending', 'approved', 'rejected', 'done'];
        for (let i = 0; i < REQUESTS; i++) {
          req.run('new', `Người được đề nghị ${i}`, `Trưởng đơn vị ${i % 40}`, addDays(today, -(i % 700)), statuses[i % 4], now, now);
        }
      })
      .immediate();

    let t0 = performance.now();
    const first = runAccountLifecycle(core.services);
    const busy = performance.now() - t0;
    report({
      suite: 'accounts',
      figure: 'lifecycle job with work (revocations and reminders)',
      value: Math.round(busy * 10) / 10,
      unit: 'ms',
      users: USERS,
      revoked: first.revoked.length,
      reminded: first.reminded.length,
    });
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      runAccountLifecycle(core.services);
      idle.push(performance.now() - t0);
    }
    report({ suite: 'accounts', figure: 'lifecycle job, nothing due', ...stats(idle), value: stats(idle).p95, unit: 'ms', users: USERS });

    const list: number[] = [];
    const inputs = [{}, { status: 'pending' }, { kind: 'new', from: addDays(today, -90), to: today }, { query: 'truong don vi 7' }];
    for (let i = 0; i < 200; i++) {
      t0 = performance.now();
      await call(core, token, 'accountRequests.list', inputs[i % inputs.length]);
      list.push(performance.now() - t0);
    }
    report({ suite: 'accounts', figure: 'accountRequests.list (100 rows, with and without filters)', ...stats(list), value: stats(list).p95, unit: 'ms', requests: REQUESTS });

    // The HTTP host: the page's cookie (with its same-origin checks) against an API client's Bearer.
    const host = createHttpHost(core, { host: '127.0.0.1', port: 0, staticDir: null });
    const base = (await host.listen()).url;
    try {
      const page = { 'Content-Type': 'application/json', 'X-VanThu': '1', Origin: base, 'Sec-Fetch-Site': 'same-origin' };
      const login = await fetch(`${base}/api/auth.login`, { method: 'POST', headers: page, body: JSON.stringify({ username: 'vanthu', password: BENCH_PASSWORD }) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const time = async (headers: Record<string, string>) => {
        const out: number[] = [];
        for (let i = 0; i < 300; i++) {
          t0 = performance.now();
          const r = await fetch(`${base}/api/auth.me`, { method: 'POST', headers, body: '{}' });
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`auth.me ${r.status}`);
          out.push(performance.now() - t0);
        }
        return out;
      };
      const viaCookie = await time({ ...page, Cookie: cookie });
      const viaBearer = await time({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });
      report({ suite: 'accounts', figure: 'auth.me over HTTP with the session cookie', ...stats(viaCookie), value: stats(viaCookie).p95, unit: 'ms' });
      report({ suite: 'accounts', figure: 'auth.me over HTTP with Bearer', ...stats(viaBearer), value: stats(viaBearer).p95, unit: 'ms' });
    } finally {
      await host.close();
    }
  } finally {
    core.close();
  }
}
