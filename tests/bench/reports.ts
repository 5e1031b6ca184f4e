// Reports figures (issue 14): the dashboard of a leader and the incoming-handling report for a year and for six
// months, through dispatch, over 1,000,000 incoming documents (ten years) and 200,000 tasks (chủ trì and phối hợp on
// the latest year's documents, 60 % done — on time or late — the rest open, within or past their deadline).
// Target ≤ 300 ms each. The data is written straight into the tables (no FTS: reports never read it) and cached in
// .bench-data/reports; VANTHU_BENCH_DOCS / VANTHU_BENCH_TASKS shrink it for a quick try.

import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv } from '../../src-main/env';
import { addDays, todayVn, vnInstant } from '../../src-shared/calendar/vn-time';
import { fold } from '../../src-shared/vn/text';
import { benchDir, benchOffice, stats } from './util';
import { rng } from './workflow-history';
import { report } from './index';

const TOTAL = Number(process.env.VANTHU_BENCH_DOCS ?? 1_000_000);
const TASKS = Number(process.env.VANTHU_BENCH_TASKS ?? 200_000);
const YEARS = 10;
const UNITS = 30;
const USERS = 300;
const LEADERS = 5;
const RUNS = 40;

function open(dir: string): Core {
  return createCore(nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }));
}

async function prepare(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, 'ready'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const core = open(dir);
  const { clerkId } = await benchOffice(core);
  const { raw, registers } = core.services;
  const t0 = performance.now();
  const now = Date.now();
  const today = todayVn(now);
  const lastYear = Number(today.slice(0, 4));
  const r = rng(14);
  const pw = raw.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(clerkId) as string;
  const staff: Array<{ id: number; unit: number }> = [];
  raw
    .transaction(() => {
      const addUnit = raw.prepare('INSERT INTO units (name, code, active, created_at, updated_at) VALUES (?, ?, 1, ?, ?)');
      const units = Array.from({ length: UNITS }, (_, i) => Number(addUnit.run(`Phòng chuyên môn ${i + 1}`, `P${i + 1}`, now, now).lastInsertRowid));
      const addUser = raw.prepare(
        `INSERT INTO users (username, full_name, search_text, unit_id, heads_unit, status, password_hash, password_changed_at, must_change_password, last_active_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'active', ?, ?, 0, ?, ?, ?)`,
      );
      const addRole = raw.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
      for (let i = 0; i < USERS; i++) {
        const name = `Cán bộ ${i + 1}`;
        const id = Number(addUser.run(`canbo${i + 1}`, name, fold(name), units[i % UNITS], i < UNITS ? 1 : 0, pw, now, now, now, now).lastInsertRowid);
        addRole.run(id, 'staff');
        staff.push({ id, unit: units[i % UNITS] });
      }
      for (let i = 0; i < LEADERS; i++) {
        const name = `Lãnh đạo ${i + 1}`;
        const id = Number(addUser.run(`lanhdao${i + 1}`, name, fold(name), null, 0, pw, now, now, now, now).lastInsertRowid);
        addRole.run(id, 'leader');
      }
    })
    .immediate();
  const perYear = Math.ceil(TOTAL / YEARS);
  const docsWithTasks = Math.ceil(TASKS / 2);
  const addDoc = raw.prepare(
    `INSERT INTO documents (direction, status, register_id, year, arrival_number, issuer_name, issuer_search, subject, urgency, handling_status, handling_due_date,
        received_at, arrival_at, registration_due_at, received_via, created_at, updated_at)
     VALUES ('in', 'registered', ?, ?, ?, 'Ủy ban nhân dân huyện Kim Bảng', 'uy ban nhan dan huyen kim bang', 'Văn bản thử về việc triển khai nhiệm vụ', 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addTask = raw.prepare(
    `INSERT INTO tasks (document_id, kind, status, open_flag, user_id, urgency, due_date, assigned_at, assigned_by, read_at, completed_at, completed_by)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, 1, ?, ?, ?)`,
  );
  const grant = raw.prepare('INSERT OR IGNORE INTO document_access (document_id, user_id, kind, granted_at, granted_by) VALUES (?, ?, ?, ?, 1)');
  for (let y = lastYear - YEARS + 1; y <= lastYear; y++) {
    raw.transaction(() => registers.ensureYear('in', y)).immediate();
    const registerId = registers.list('in', y)[0].id;
    const yearStart = vnInstant(`${y}-01-01`, '08:00');
    // The current year runs up to today; earlier years are whole.
    const span = y === lastYear ? now - yearStart : vnInstant(`${y + 1}-01-01`, '00:00') - yearStart;
    raw
      .transaction(() => {
        for (let i = 0; i < perYear; i++) {
          const at = yearStart + Math.floor((i / perYear) * span);
          const arrival = todayVn(at);
          const withTasks = y === lastYear && i >= perYear - docsWithTasks;
          const via = r() < 0.3 ? 'hub' : 'paper';
          if (!withTasks) {
            addDoc.run(registerId, y, i + 1, 'done', addDays(arrival, 10), at, at, at, via, at, at);
            continue;
          }
          const due = addDays(arrival, 3 + Math.floor(r() * 20));
          const done = r() < 0.6;
          const doneAt = done ? at + Math.floor(r() * 25) * 86_400_000 : null;
          const docId = Number(addDoc.run(registerId, y, i + 1, done ? 'done' : 'in_progress', due, at, at, at, via, at, doneAt ?? at).lastInsertRowid);
          for (const kind of ['lead', 'cooperate'] as const) {
            const who = staff[Math.floor(r() * staff.length)].id;
            addTask.run(docId, kind, done ? 'done' : 'open', done ? 0 : 1, who, due, at, r() < 0.5 ? at : null, doneAt, done ? who : null);
            grant.run(docId, who, kind, at);
          }
        }
      })
      .immediate();
    process.stderr.write(`  năm ${y}: ${perYear.toLocaleString('vi-VN')} văn bản\r`);
  }
  process.stderr.write('\n');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.exec('ANALYZE');
  report({ suite: 'reports', figure: 'generate documents and tasks', value: Math.round(performance.now() - t0), unit: 'ms', documents: TOTAL, tasks: docsWithTasks * 2 });
  core.close();
  fs.writeFileSync(path.join(dir, 'ready'), '');
}

async function measure(core: Core, token: string, figure: string, method: 'reports.dashboard' | 'reports.handling', input: unknown): Promise<void> {
  const call = async () => {
    const w = await core.dispatch(method, input, { token, origin: 'cli' });
    if (!w.ok) throw new Error(JSON.stringify(w.error));
    return w.value;
  };
  await call(); // the pages come into the cache; the session's first use is recorded
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  const s = stats(samples);
  report({ suite: 'reports', figure, ...s, value: s.p95, unit: 'ms', target: 'p95 ≤ 300 ms', size: `${TOTAL} documents, ${TASKS} tasks` });
}

export async function reportsBench(): Promise<void> {
  const dir = benchDir(`reports-${TOTAL}-${TASKS}`);
  await prepare(dir);
  const core = open(dir);
  const { raw, sessions } = core.services;
  const leaderId = raw.prepare("SELECT id FROM users WHERE username = 'lanhdao1'").pluck().get() as number;
  const token = sessions.create(leaderId, 'cli');
  const today = todayVn(Date.now());
  const year = today.slice(0, 4);
  await measure(core, token, 'dashboard (leader: my work, office counts, backlog by unit, overdue by person)', 'reports.dashboard', {});
  await measure(core, token, `incoming-handling report, year ${year}`, 'reports.handling', { from: `${year}-01-01`, to: `${year}-12-31`, direction: 'in' });
  await measure(core, token, `incoming-handling report, 6 months ${year}`, 'reports.handling', { from: `${year}-07-01`, to: `${year}-12-31`, direction: 'in' });
  core.close();
}
