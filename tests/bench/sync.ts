// Interconnection figures: one document from A through the hub to B's "Chờ vào sổ" list after its issue (target
// ≤ 1 s: issue, A's round, B's round, B's list; and with both offices running on their own, B woken by its long
// poll), 1,000 queued documents of 200 KB drained by A and applied by B (target ≤ 30 s), the agency directory's
// type-ahead over 120,000 entries, and the hub's feed under 500 polling offices (benchHubFeedLoad, the hub's own bench). Real parts:
// a private PostgreSQL, the hub as a child process, two cores with their own data folders; setup is not timed.

import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { makeCore, setupOffice, type TestCore } from '../helpers/core';
import { startHub } from '../helpers/hub';
import { approvedDraft } from '../helpers/outgoing';
import { startPostgres } from '../helpers/postgres';
import { syncOffice, type SyncOffice } from '../helpers/sync';
import { benchHubFeedLoad } from './sync-hub-load';
import { stats } from './util';
import { report } from './index';

const A = '000.00.51.H35';
const B = '000.00.52.H35';
const C = '000.00.53.H35';
const D = '000.00.54.H35';
const ONE_RUNS = Number(process.env.VANTHU_BENCH_SYNC_ONE_RUNS ?? 20);
const MANY = Number(process.env.VANTHU_BENCH_SYNC_DOCS ?? 1000);
const DOC_KB = 200;
const OFFICES = Number(process.env.VANTHU_BENCH_SYNC_OFFICES ?? 500);

const load = () => ({ loadAvg: Math.round(os.loadavg()[0] * 10) / 10, cpus: os.cpus().length });

/** A 200 KB "scan" (PDF header, random bytes): each document its own file, so nothing is deduplicated. */
const scan = () => new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n'), randomBytes(DOC_KB * 1024 - 16)]));

async function draftTo(ta: TestCore, a: SyncOffice, agencyId: number, subject: string) {
  const hash = (await ta.ok('blobs.put', { fileName: 'ban-chup.pdf', bytes: scan() }, a.staff.token)).hash;
  return approvedDraft(ta, a, { subject, recipients: [{ kind: 'agency', agencyId, name: 'UBND xã B' }], files: [{ hash, fileName: 'Công văn.pdf', draftRole: 'main' }] });
}

const pendingCount = (tb: TestCore) => tb.core.services.raw.prepare("SELECT count(*) FROM documents WHERE source = 'hub' AND status = 'pending'").pluck().get() as number;

export async function syncBench(): Promise<void> {
  const pg = await startPostgres();
  const hub = await startHub({ db: 'pg', databaseUrl: pg.url });
  let ta: TestCore | null = null;
  let tb: TestCore | null = null;
  let tc: TestCore | null = null;
  let td: TestCore | null = null;
  try {
    const credA = await hub.addOffice(A, 'Ủy ban nhân dân xã Đồng Hóa');
    const credB = await hub.addOffice(B, 'Ủy ban nhân dân xã Tượng Lĩnh');
    const pub = await fetch(`${hub.url}/v1/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer admin:${hub.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        entries: [A, B].map((code) => ({ code, name: code === A ? 'Ủy ban nhân dân xã Đồng Hóa' : 'Ủy ban nhân dân xã Tượng Lĩnh', parentCode: null, active: true })),
      }),
    });
    if (!pub.ok) throw new Error(`directory: ${pub.status}`);
    ta = makeCore();
    tb = makeCore();
    const a = await syncOffice(ta, { code: A, hubUrl: hub.url, secret: credA.secret });
    const b = await syncOffice(tb, { code: B, hubUrl: hub.url, secret: credB.secret });
    await ta.ok('sync.now', {}, a.clerkToken);
    await tb.ok('sync.now', {}, b.clerkToken);
    const agencyId = (await ta.ok('agencies.search', { query: B, limit: 5 }, a.clerkToken)).find((x) => x.code === B)!.id;

    // 1. One document: issue → A's round → B's round → in B's pending list.
    const one: number[] = [];
    for (let i = 0; i < ONE_RUNS + 2; i++) {
      const subject = `V/v số liệu kiểm tra liên thông lần ${i + 1}`;
      const d = await draftTo(ta, a, agencyId, subject);
      const t0 = performance.now();
      await ta.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, a.clerkToken);
      await ta.ok('sync.now', {}, a.clerkToken);
      await tb.ok('sync.now', {}, b.clerkToken);
      const list = await tb.ok('documents.list', { filters: { direction: 'in', status: 'pending' }, limit: 5 }, b.clerkToken);
      const dt = performance.now() - t0;
      if (!list.items.some((x) => x.subject === subject)) throw new Error('document not in B list after one round each');
      if (i >= 2) one.push(dt); // the first two warm the statements and the connections
    }
    const s1 = stats(one);
    report({
      suite: 'sync',
      figure: 'one document A → hub → B pending list after issue',
      value: s1.p50,
      unit: 'ms',
      ...s1,
      target: '≤ 1000 ms',
      dataSize: `${DOC_KB} KB PDF`,
      ...load(),
    });

    // 1b. The same, with both offices left running on their own as the app runs (timers on, interval an hour): the
    // issue's commit kicks A's push, B's long poll at the hub wakes B. Nobody calls sync.now.
    {
      const credC = await hub.addOffice(C, 'Ủy ban nhân dân xã Nhật Tân');
      const credD = await hub.addOffice(D, 'Ủy ban nhân dân xã Nhật Tựu');
      tc = makeCore({ env: { timers: true } });
      td = makeCore({ env: { timers: true } });
      const c = await syncOffice(tc, { code: C, hubUrl: hub.url, secret: credC.secret, intervalSec: 3600 });
      const dOffice = await syncOffice(td, { code: D, hubUrl: hub.url, secret: credD.secret, intervalSec: 3600 });
      let agencyD: number | undefined;
      while (!agencyD) {
        agencyD = (await tc.ok('agencies.search', { query: D, limit: 5 }, c.clerkToken)).find((x) => x.code === D)?.id;
        if (!agencyD) await new Promise((r) => setTimeout(r, 20));
      }
      while (!(await td.ok('sync.status', {}, dOffice.clerkToken)).online) await new Promise((r) => setTimeout(r, 20));
      const live: number[] = [];
      for (let i = 0; i < ONE_RUNS + 2; i++) {
        const d = await draftTo(tc, c, agencyD, `V/v tự đồng bộ lần ${i + 1}`);
        const before = pendingCount(td);
        const t0 = performance.now();
        await tc.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, c.clerkToken);
        while (pendingCount(td) === before) await new Promise((r) => setTimeout(r, 2));
        const dt = performance.now() - t0;
        if (i >= 2) live.push(dt);
      }
      const s = stats(live);
      report({
        suite: 'sync',
        figure: 'one document A → hub → B pending list, offices running on their own (long poll)',
        value: s.p50,
        unit: 'ms',
        ...s,
        target: '≤ 1000 ms',
        dataSize: `${DOC_KB} KB PDF`,
        ...load(),
      });
    }

    // 2. Many documents queued while offline, then drained by A and applied by B.
    await ta.ok('sync.saveSettings', { enabled: false, hubUrl: hub.url, officeCode: A, secret: null, caFile: null, intervalSec: 30 }, a.adminToken);
    const before = pendingCount(tb);
    for (let i = 0; i < MANY; i++) {
      const d = await draftTo(ta, a, agencyId, `V/v báo cáo định kỳ số ${i + 1}`);
      await ta.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, a.clerkToken);
    }
    await ta.core.idle();
    const queued = (await ta.ok('sync.status', {}, a.clerkToken)).waiting;
    const t0 = performance.now();
    // B polls while A pushes, as two offices online at once do.
    const drained = ta.ok('sync.now', {}, a.clerkToken).then(() => performance.now() - t0);
    let rounds = 0;
    while (pendingCount(tb) - before < MANY) {
      await tb.ok('sync.now', {}, b.clerkToken);
      if (++rounds > 10_000) throw new Error('B did not receive every document');
    }
    const applied = performance.now() - t0;
    const pushMs = await drained;
    report({
      suite: 'sync',
      figure: '1,000 queued documents drained by A and applied by B',
      value: Math.round(applied),
      unit: 'ms',
      target: '≤ 30000 ms',
      documents: queued,
      dataSize: `${queued} × ${DOC_KB} KB`,
      pushMs: Math.round(pushMs),
      perDocumentMs: Math.round((applied / queued) * 100) / 100,
      ...load(),
    });
  } finally {
    await ta?.core.services.syncWorker.settled();
    await tb?.core.services.syncWorker.settled();
    ta?.close();
    tb?.close();
    await tc?.core.services.syncWorker.settled();
    await td?.core.services.syncWorker.settled();
    tc?.close();
    td?.close();
    await hub.stop();
    await pg.stop();
  }

  // 3. The agency directory as an office keeps it (120,000 entries, the size of the national one): type-ahead search.
  {
    const t = makeCore();
    try {
      const admin = await setupOffice(t);
      const kinds = ['Ủy ban nhân dân', 'Sở', 'Phòng', 'Trường', 'Trung tâm', 'Chi cục', 'Ban quản lý dự án'];
      const places = ['xã Đồng Hóa', 'huyện Kim Bảng', 'tỉnh Hà Nam', 'phường Lê Lợi', 'xã Tượng Lĩnh', 'thị trấn Quế', 'huyện Thanh Liêm', 'xã Nhật Tân'];
      const n = 120_000;
      const recs = Array.from({ length: n }, (_, i) => ({
        code: `${String(i % 1000).padStart(3, '0')}.${String(Math.floor(i / 1000) % 100).padStart(2, '0')}.${String(Math.floor(i / 100000)).padStart(2, '0')}.H${String(i % 63).padStart(2, '0')}`,
        name: `${kinds[i % kinds.length]} ${places[(i * 7) % places.length]} ${i}`,
        parentCode: null,
      }));
      t.core.services.raw.transaction(() => t.core.services.agencies.importRecords(recs)).immediate();
      const queries = ['ubnd', 'so noi vu', 'kim bang', '000.12', 'truong thanh liem', 'chi cuc', 'phuong le loi', 'khong co dau'];
      const times: number[] = [];
      for (let r = 0; r < 5; r++)
        for (const q of queries) {
          const t0 = performance.now();
          await t.ok('agencies.search', { query: q, limit: 10 }, admin.adminToken);
          times.push(performance.now() - t0);
        }
      const s = stats(times);
      report({ suite: 'sync', figure: 'agency directory type-ahead search', value: s.p50, unit: 'ms', ...s, dataSize: `${n} entries`, queries: queries.length, ...load() });
    } finally {
      t.close();
    }
  }

  // 4. The hub's feed with a province of offices polling.
  const h = await benchHubFeedLoad({ offices: OFFICES });
  report({
    suite: 'sync',
    figure: `hub feed request latency, ${h.offices} offices polling`,
    value: h.p50,
    unit: 'ms',
    p50: h.p50,
    p95: h.p95,
    p99: h.p99,
    requestsPerSecond: h.requestsPerSecond,
    requests: h.requests,
    packets: h.packets,
    server: h.server,
    dataSize: `${h.offices} offices`,
    ...load(),
  });
}
