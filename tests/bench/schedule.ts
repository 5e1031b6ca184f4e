// Work schedule figures (issue 14): saving an entry with its double-booking check, reading a week, "Lịch của tôi",
// printing the week (PDF) and exporting it (.ics), through dispatch, in an office with a year of past weeks
// (VANTHU_BENCH_SCHEDULE_WEEKS × 60 entries) and a busy week of VANTHU_BENCH_SCHEDULE_ENTRIES entries.

import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv } from '../../src-main/env';
import { addDays, todayVn } from '../../src-shared/calendar/vn-time';
import { mondayOf } from '../../src-shared/schedule/week';
import { benchDir, benchOffice, benchSession, stats } from './util';
import { report } from './index';

const WEEKS = Number(process.env.VANTHU_BENCH_SCHEDULE_WEEKS ?? 52);
const BUSY = Number(process.env.VANTHU_BENCH_SCHEDULE_ENTRIES ?? 300);
const PEOPLE = 100;

async function call<T>(core: Core, token: string, method: string, input: unknown): Promise<T> {
  const w = await core.dispatch(method, input, { token, origin: 'cli' });
  if (!w.ok) throw new Error(`${method}: ${JSON.stringify(w.error)}`);
  return w.value as T;
}

export async function scheduleBench(): Promise<void> {
  const dir = benchDir('schedule');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const core = createCore(nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }));
  try {
    await benchOffice(core);
    const { token } = await benchSession(core);
    const { raw } = core.services;
    const now = Date.now();
    const people: number[] = [];
    const units: number[] = [];
    raw
      .transaction(() => {
        for (let i = 0; i < 5; i++)
          units.push(
            Number(
              raw.prepare('INSERT INTO units (name, code, active, created_at, updated_at) VALUES (?, ?, 1, ?, ?)').run(`Phòng ${i + 1}`, `P${i + 1}`, now, now).lastInsertRowid,
            ),
          );
        const add = raw.prepare(
          `INSERT INTO users (username, full_name, search_text, unit_id, heads_unit, status, password_hash, password_changed_at, must_change_password, last_active_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, 0, 'active', 'x', ?, 0, ?, ?, ?)`,
        );
        for (let i = 0; i < PEOPLE; i++) people.push(Number(add.run(`canbo${i}`, `Cán bộ ${i + 1}`, `can bo ${i + 1}`, units[i % 5], now, now, now, now).lastInsertRowid));
      })
      .immediate();
    const thisWeek = mondayOf(todayVn(now));
    const entry = (weekStart: string, i: number) => ({
      owner: { kind: 'office' },
      weekStart,
      date: addDays(weekStart, i % 5),
      slot: 'time',
      startTime: `${String(7 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
      endTime: null,
      content: `Họp bàn công việc số ${i + 1} về cải cách hành chính và chuyển đổi số`,
      chairUserId: people[i % PEOPLE],
      participants: [
        { kind: 'user', userId: people[(i * 7 + 1) % PEOPLE] },
        { kind: 'user', userId: people[(i * 13 + 2) % PEOPLE] },
        { kind: 'unit', unitId: units[i % 5] },
        { kind: 'text', name: 'Đại biểu khách mời' },
      ],
      place: 'Hội trường UBND xã',
    });
    // A year of past weeks, published.
    for (let w = WEEKS; w >= 1; w--) {
      const ws = addDays(thisWeek, -7 * w);
      for (let i = 0; i < 60; i++) await call(core, token, 'schedule.save', entry(ws, i));
      raw.prepare("UPDATE schedule_weeks SET state = 'published', published_at = ? WHERE week_start = ?").run(now, ws);
    }
    const save: number[] = [];
    for (let i = 0; i < BUSY; i++) {
      const t0 = performance.now();
      await call(core, token, 'schedule.save', entry(thisWeek, i));
      save.push(performance.now() - t0);
    }
    const size = { pastEntries: WEEKS * 60, weekEntries: BUSY };
    report({ suite: 'schedule', figure: 'save an entry (with double-booking check)', ...stats(save), value: stats(save).p95, unit: 'ms', target: 'p95 ≤ 50 ms', ...size });
    const week: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await call(core, token, 'schedule.week', { owner: { kind: 'office' }, weekStart: thisWeek });
      week.push(performance.now() - t0);
    }
    report({ suite: 'schedule', figure: 'read a week (schedule.week)', ...stats(week), value: stats(week).p95, unit: 'ms', target: 'p95 ≤ 200 ms', ...size });
    raw.prepare("UPDATE schedule_weeks SET state = 'published', published_at = ? WHERE week_start = ?").run(now, thisWeek);
    raw.prepare('UPDATE users SET unit_id = ? WHERE username = ?').run(units[0], 'vanthu');
    const mine: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await call(core, token, 'schedule.mine', { weekStart: thisWeek });
      mine.push(performance.now() - t0);
    }
    report({ suite: 'schedule', figure: 'Lịch của tôi (schedule.mine)', ...stats(mine), value: stats(mine).p95, unit: 'ms', ...size });
    const pdf: number[] = [];
    const ics: number[] = [];
    let pages = 0;
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      const out = await call<{ bytes: Uint8Array }>(core, token, 'schedule.print', { owner: { kind: 'office' }, weekStart: thisWeek });
      pdf.push(performance.now() - t0);
      pages = (await PDFDocument.load(out.bytes)).getPageCount();
      t0 = performance.now();
      await call(core, token, 'schedule.ics', { owner: { kind: 'office' }, weekStart: thisWeek });
      ics.push(performance.now() - t0);
    }
    report({ suite: 'schedule', figure: 'print a week (PDF, A4 landscape)', ...stats(pdf), value: stats(pdf).p50, unit: 'ms', pages, ...size });
    report({ suite: 'schedule', figure: 'export a week (.ics)', ...stats(ics), value: stats(ics).p50, unit: 'ms', ...size });
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
