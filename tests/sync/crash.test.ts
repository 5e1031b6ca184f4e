// Power cuts on both sides of an exchange: A's sync worker (a child process) is killed -9 again and again while it
// pushes 30 documents (once in the middle of a 12 MB upload), then B's while it downloads, applies and answers 01,
// then A's again while it takes the 01s in. Kill points are chosen from what the child printed, never from a timer.
// At the end nothing committed is lost and nothing arrives twice, and both databases and audit chains are sound.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { UPLOAD_CHUNK } from '../../src-main/sync/worker';
import { makeCore, tempDir, type TestClock, type TestCore } from '../helpers/core';
import { startHub, type TestHub } from '../helpers/hub';
import { approvedDraft } from '../helpers/outgoing';
import { officialLetter } from '../helpers/signing-docs';
import { syncOffice } from '../helpers/sync';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const A = '000.00.51.H35';
const B = '000.00.52.H35';
const NAME_A = 'Ủy ban nhân dân xã Thanh Hà';
const NAME_B = 'Ủy ban nhân dân xã Thanh Nghị';
const N = 30;
const KB = 1024;
const subjectOf = (i: number) => `V/v báo cáo tình hình thực hiện nhiệm vụ tháng ${String(i + 1).padStart(2, '0')} (bản thử mất điện)`;
/** The real time: the children run on it, and the sessions made here must still be valid when checked. */
const realClock: TestClock = { now: () => Date.now(), set() {}, advance() {} };

/** A "scan": a PDF header and random bytes, different for every document. */
const scan = (size: number) => new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n'), randomBytes(size)]));

const children = new Set<ChildProcess>();
const log: string[] = [];
const dirs: string[] = [];
let hub: TestHub | null = null;
const cores: TestCore[] = [];

afterAll(async () => {
  if (log.length) console.info(log.join('\n'));
  for (const c of children) c.kill('SIGKILL');
  for (const t of cores) t.close();
  await hub?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  killed: boolean;
  lines: string[];
}

/**
 * One life of the worker on `dir`: killed -9 as soon as `killWhen` holds for the lines printed so far (the kill lands
 * wherever the child has got to by then), or left to run until it has drained everything.
 */
function runWorker(dir: string, killWhen: ((lines: string[]) => boolean) | null): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/sync-worker-child.ts', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const lines: string[] = [];
  let killed = false;
  let buf = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (!killed && killWhen?.(lines)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code, sig) => {
      children.delete(child);
      // CRASH_DEBUG=<file>: every life of the worker written out, to see where the kills landed.
      if (process.env.CRASH_DEBUG) fs.appendFileSync(process.env.CRASH_DEBUG, `---- ${dir}\n${lines.join('\n')}\n${err}\n`);
      log.push(`${path.basename(dir).slice(13, 14)}: ${killed ? 'killed' : 'ended'} after ${lines.length} lines, ${Date.now() - t0} ms, last: ${lines.at(-1)}`);
      if (killed && sig === 'SIGKILL') resolve({ killed, lines });
      else if (code === 0 && lines.at(-1) === 'idle') resolve({ killed: false, lines });
      else reject(new Error(`sync worker child ended (${code ?? sig}):\n${lines.join('\n')}\n${err}`));
    });
  });
}

const count = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith(prefix)).length;
/** Packets the hub took for the first time (a packet pushed again after a kill answers "duplicate"). */
const newPushes = (lines: string[]) => lines.filter((l) => l.startsWith('push ') && !l.endsWith(' duplicate')).length;
/** `chunk <end> <total>` lines of uploads larger than one chunk. */
const bigChunks = (lines: string[]) =>
  lines
    .filter((l) => l.startsWith('chunk '))
    .map((l) => l.split(' ').slice(1).map(Number))
    .filter(([, total]) => total > 2 * UPLOAD_CHUNK);

it('loses and duplicates nothing when both offices are killed -9 again and again mid-exchange', async () => {
  const started = Date.now();
  hub = await startHub({ db: 'pglite' });
  const credA = await hub.addOffice(A, NAME_A);
  const credB = await hub.addOffice(B, NAME_B);
  const r = await fetch(`${hub.url}/v1/agencies`, {
    method: 'POST',
    headers: { authorization: `Bearer admin:${hub.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      entries: [
        { code: 'H35', name: 'Ủy ban nhân dân tỉnh Hà Nam', parentCode: null, active: true },
        { code: A, name: NAME_A, parentCode: 'H35', active: true },
        { code: B, name: NAME_B, parentCode: 'H35', active: true },
      ],
    }),
  });
  expect(r.ok).toBe(true);

  // ---- A issues N documents to B without syncing them; B is set up; both cores close (the children take over).
  const dirA = tempDir('vanthu-crash-a-');
  const dirB = tempDir('vanthu-crash-b-');
  dirs.push(dirA, dirB);
  let ta = makeCore({ dir: dirA, clock: realClock });
  let tb = makeCore({ dir: dirB, clock: realClock });
  cores.push(ta, tb);
  const a = await syncOffice(ta, { code: A, hubUrl: hub.url, secret: credA.secret });
  const b = await syncOffice(tb, { code: B, hubUrl: hub.url, secret: credB.secret });
  await ta.ok('sync.now', {}, a.clerkToken); // the directory: B becomes a recipient A can choose
  await tb.ok('sync.now', {}, b.clerkToken);
  const agency = (await ta.ok('agencies.search', { query: B, limit: 5 }, a.clerkToken)).find((x) => x.code === B)!;
  const letter = await officialLetter({ signerName: 'Trần Văn Ký', pages: 1 });
  const letterHash = (await ta.ok('blobs.put', { fileName: 'Cong van.pdf', bytes: letter }, a.staff.token)).hash;
  const issuedIds: number[] = [];
  for (let i = 0; i < N; i++) {
    // One in the middle carries a 12 MB scan: its packet takes several chunks, so a kill can cut it half-way.
    const extra = scan(i === N / 2 ? 12 * 1024 * KB : 200 * KB + i * 7 * KB);
    const extraHash = (await ta.ok('blobs.put', { fileName: `Phu luc ${i + 1}.pdf`, bytes: extra }, a.staff.token)).hash;
    const d = await approvedDraft(ta, a, {
      subject: subjectOf(i),
      signerUserId: a.leader.id,
      recipients: [{ kind: 'agency', agencyId: agency.id, name: agency.name }],
      files: [
        { hash: letterHash, fileName: 'Cong van.pdf', draftRole: 'main' },
        { hash: extraHash, fileName: `Phu luc ${i + 1}.pdf`, draftRole: 'attachment' },
      ],
    });
    await ta.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, a.clerkToken);
    issuedIds.push(d.id);
  }
  expect((await ta.ok('sync.status', {}, a.clerkToken)).waiting).toBe(N);
  await ta.core.services.syncWorker.settled();
  await tb.core.services.syncWorker.settled();
  ta.close();
  tb.close();
  cores.length = 0;
  const setupMs = Date.now() - started;

  // ---- A pushes, killed -9 after a few new packets each time, and once in the middle of the big upload (after its
  // second chunk: by then its bytes are on A's disk, so the next life must go on from the hub's offset).
  const bigMid = (l: string[]) => bigChunks(l).some(([end, total]) => end >= 2 * UPLOAD_CHUNK && end < total);
  const aRuns: Run[] = [];
  const pushKills: Array<(l: string[]) => boolean> = [
    (l) => newPushes(l) >= 1,
    (l) => newPushes(l) >= 2,
    (l) => newPushes(l) >= 1,
    bigMid,
    (l) => bigChunks(l).length >= 1, // the resumed upload, at its first chunk
    (l) => newPushes(l) >= 1,
    (l) => newPushes(l) >= 1,
  ];
  for (const when of pushKills) {
    const run = await runWorker(dirA, when);
    aRuns.push(run);
    if (!run.killed) break;
  }
  aRuns.push(await runWorker(dirA, null));
  expect(aRuns[3].killed && bigMid(aRuns[3].lines)).toBe(true);
  expect(aRuns.filter((x) => x.killed).length).toBeGreaterThanOrEqual(5);
  // The big upload went on from where the hub had it after the kill, not from the start.
  const bigLines = aRuns.flatMap((x, i) => bigChunks(x.lines).map(([end]) => ({ run: i, end })));
  const cutRun = bigLines[0].run;
  expect(bigLines.find((x) => x.run > cutRun)!.end).toBeGreaterThan(UPLOAD_CHUNK);

  // ---- B pulls, applies and answers 01, killed while downloading, around the apply, and while pushing its 01s.
  const pullKills: Array<(l: string[]) => boolean> = [
    (l) => l.some((x) => /^feed [1-9]/.test(x)),
    (l) => count(l, 'download ') >= 3,
    (l) => {
      const page = Number(l.find((x) => /^feed [1-9]/.test(x))?.split(' ')[1] ?? NaN);
      return count(l, 'download ') >= page;
    },
    (l) => count(l, 'changed in') >= 1, // just after a page was committed, before the next step
    (l) => count(l, 'push status') >= 4,
    (l) => count(l, 'push status') >= 11,
  ];
  const bRuns: Run[] = [];
  for (const when of pullKills) bRuns.push(await runWorker(dirB, when));
  bRuns.push(await runWorker(dirB, null));
  expect(bRuns.filter((x) => x.killed).length).toBeGreaterThanOrEqual(5);

  // ---- A takes the 01s in, killed twice on the way: just after a page of them was committed, and while fetching.
  const a2Runs = [await runWorker(dirA, (l) => count(l, 'changed out') >= 1), await runWorker(dirA, (l) => l.some((x) => /^feed [1-9]/.test(x)))];
  a2Runs.push(await runWorker(dirA, null));

  // ---- Both sides agree: each document once on B, one 01 back for each, nothing left waiting, databases sound.
  ta = makeCore({ dir: dirA, clock: realClock });
  tb = makeCore({ dir: dirB, clock: realClock });
  cores.push(ta, tb);
  const pending = (await tb.ok('documents.list', { filters: { direction: 'in', status: 'pending' }, limit: 200 }, b.clerkToken)).items;
  const bySubject = new Map<string, number>();
  for (const p of pending) bySubject.set(p.subject, (bySubject.get(p.subject) ?? 0) + 1);
  expect([...bySubject.keys()].sort()).toEqual(Array.from({ length: N }, (_, i) => subjectOf(i)).sort());
  expect([...bySubject.values()].every((n) => n === 1)).toBe(true);
  const rawA = ta.core.services.raw;
  const rawB = tb.core.services.raw;
  const one = (raw: typeof rawA, sql: string) => raw.prepare(sql).pluck().get() as number;
  expect(one(rawB, "SELECT count(*) FROM sync_inbox WHERE outcome = 'document'")).toBe(N);
  expect(one(rawB, 'SELECT count(*) FROM (SELECT packet_id FROM sync_inbox GROUP BY packet_id HAVING count(*) > 1)')).toBe(0);
  expect(one(rawB, "SELECT count(*) FROM documents WHERE source = 'hub'")).toBe(N);
  expect(one(rawB, "SELECT count(*) FROM sync_outbox WHERE kind = 'status' AND status_code = '01'")).toBe(N);
  expect(one(rawA, "SELECT count(*) FROM sync_inbox WHERE outcome = 'status'")).toBe(N);
  for (const id of issuedIds) {
    const events = (await ta.ok('sync.deliveries', { documentId: id }, a.clerkToken)).map((e) => e.event);
    expect(events.filter((e) => e === '01')).toHaveLength(1);
    expect(events.filter((e) => e === 'sent')).toHaveLength(1);
  }
  expect(await ta.ok('sync.outbox', { states: ['waiting', 'uploading', 'failed'], limit: 500 }, a.clerkToken)).toEqual([]);
  expect(await tb.ok('sync.outbox', { states: ['waiting', 'uploading', 'failed'], limit: 500 }, b.clerkToken)).toEqual([]);
  for (const [t, o] of [
    [ta, a],
    [tb, b],
  ] as const) {
    expect(t.core.services.raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await t.ok('audit.verify', {}, o.adminToken)).toMatchObject({ intact: true, brokenAt: null });
  }
  const kills = [...aRuns, ...bRuns, ...a2Runs].filter((x) => x.killed).length;
  console.info(`crash loop: ${kills} kills, setup ${setupMs} ms, total ${Date.now() - started} ms`);
}, 240_000);
