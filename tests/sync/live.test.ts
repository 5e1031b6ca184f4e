// Two offices left running on their own (timers on, as the app runs), with the interval set to an hour: a document A
// issues must reach B's "Chờ vào sổ" through B's long poll of the feed, and B's 01 must come back to A the same way —
// nobody presses "Đồng bộ ngay". The waits poll the lists (a condition), never a clock.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeCore, type TestCore } from '../helpers/core';
import { startHubInProcess, type InProcessHub } from '../helpers/hub';
import { approvedDraft } from '../helpers/outgoing';
import { officialLetter } from '../helpers/signing-docs';
import { syncOffice, type SyncOffice } from '../helpers/sync';

const A = '000.00.41.H35';
const B = '000.00.42.H35';

let hub: InProcessHub;
let ta: TestCore;
let tb: TestCore;
let a: SyncOffice;
let b: SyncOffice;

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
    if (!hub) throw new Error(`stopped while waiting for ${what}`);
  }
}

beforeAll(async () => {
  hub = await startHubInProcess({ db: 'pglite' });
  const credA = await hub.addOffice(A, 'Ủy ban nhân dân xã Nhật Tân');
  const credB = await hub.addOffice(B, 'Ủy ban nhân dân xã Nhật Tựu');
  const r = await fetch(`${hub.url}/v1/agencies`, {
    method: 'POST',
    headers: { authorization: `Bearer admin:${hub.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      entries: [
        { code: A, name: 'Ủy ban nhân dân xã Nhật Tân', parentCode: null, active: true },
        { code: B, name: 'Ủy ban nhân dân xã Nhật Tựu', parentCode: null, active: true },
      ],
    }),
  });
  expect(r.ok).toBe(true);
  ta = makeCore({ env: { timers: true } });
  tb = makeCore({ env: { timers: true } });
  a = await syncOffice(ta, { code: A, hubUrl: hub.url, secret: credA.secret, intervalSec: 3600 });
  b = await syncOffice(tb, { code: B, hubUrl: hub.url, secret: credB.secret, intervalSec: 3600 });
  // Saving the settings started each office's first round by itself: both online, the directory received.
  await until('both online', async () => (await ta.ok('sync.status', {}, a.clerkToken)).online && (await tb.ok('sync.status', {}, b.clerkToken)).online);
  await until('directory on A', async () => (await ta.ok('agencies.search', { query: B, limit: 5 }, a.clerkToken)).find((x) => x.code === B));
}, 120_000);

afterAll(async () => {
  await ta?.core.services.syncWorker.settled();
  await tb?.core.services.syncWorker.settled();
  ta?.close();
  tb?.close();
  await hub?.close();
});

it('delivers without anyone pressing "Đồng bộ ngay": the issue kicks A, the hub wakes B, and B\'s 01 wakes A', async () => {
  const agency = (await ta.ok('agencies.search', { query: B, limit: 5 }, a.clerkToken)).find((x) => x.code === B)!;
  const pdf = await officialLetter({ signerName: 'Nguyễn Văn Chủ', pages: 1 });
  const hash = (await ta.ok('blobs.put', { fileName: 'Cong van.pdf', bytes: pdf }, a.staff.token)).hash;
  const d = await approvedDraft(ta, a, {
    subject: 'V/v tổng hợp số liệu tiêm chủng mở rộng',
    signerUserId: a.leader.id,
    recipients: [{ kind: 'agency', agencyId: agency.id, name: agency.name }],
    files: [{ hash, fileName: 'Cong van.pdf', draftRole: 'main' }],
  });
  await ta.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, a.clerkToken);

  const onB = await until("the document in B's pending list", async () =>
    (await tb.ok('documents.list', { filters: { direction: 'in', status: 'pending' }, limit: 50 }, b.clerkToken)).items.find((x) => x.subject.includes('tiêm chủng mở rộng')),
  );
  expect(onB.subject).toBe('V/v tổng hợp số liệu tiêm chủng mở rộng');
  // B's automatic 01 (Đã đến) reaches A's trail the same way.
  await until('01 on A', async () => (await ta.ok('sync.deliveries', { documentId: d.id }, a.clerkToken)).some((e) => e.event === '01'));
});
