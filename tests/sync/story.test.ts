// The interconnection story with real parts: two offices (own cores, data folders, agency codes; B's clock 3 hours
// ahead) and the real hub (a child process on PostgreSQL, then on PGlite). A issues a document sealed on a SoftHSM
// token to B → B receives it (01), verifies its signatures, registers it (03); B refuses another (02 with the reason);
// A recalls a third carrying a 30 MB attachment (13) → B agrees (15) → removed on B. Meanwhile the hub is killed -9
// and restarted, A's upload is cut mid-way by a proxy, one packet is pushed twice. At the end both sides agree and
// nothing is lost or duplicated. Waits poll sync.now, never the clock.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, testClock, type TestCore } from '../helpers/core';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy';
import { startHub, type TestHub } from '../helpers/hub';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { approvedDraft } from '../helpers/outgoing';
import { officialLetter, sealPng } from '../helpers/signing-docs';
import { ORG_PIN, signingKit, type SigningKit } from '../helpers/signing-kit';
import { syncOffice, syncUntil, type SyncOffice } from '../helpers/sync';
import { docInput } from '../helpers/incoming';

const A = '000.00.31.H35';
const B = '000.00.32.H35';
const NAME_A = 'Ủy ban nhân dân xã Đồng Hóa';
const NAME_B = 'Ủy ban nhân dân xã Tượng Lĩnh';
const MB = 1024 * 1024;

/** A "scan": a PDF header and random bytes (a few distinct blocks: generating them costs nothing). */
function scan(size: number): Uint8Array {
  const blocks = Array.from({ length: 4 }, () => randomBytes(MB));
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%âãÏÓ\n')];
  for (let n = parts[0].length, i = 0; n < size; i++) {
    const b = blocks[i % blocks.length].subarray(0, Math.min(MB, size - n));
    parts.push(b);
    n += b.length;
  }
  return new Uint8Array(Buffer.concat(parts));
}

async function publishDirectory(hub: TestHub, entries: Array<{ code: string; name: string; parentCode: string | null; active: boolean }>) {
  const r = await fetch(`${hub.url}/v1/agencies`, {
    method: 'POST',
    headers: { authorization: `Bearer admin:${hub.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
  if (!r.ok) throw new Error(`publish: ${r.status} ${await r.text()}`);
}

function story(kind: 'pg' | 'pglite', opts: { kill: boolean; bigAttachment: boolean }) {
  let pg: TestPostgres | null = null;
  let hub: TestHub;
  let proxy: FlakyProxy;
  let proxyB: FlakyProxy;
  let kit: SigningKit;
  let ta: TestCore;
  let tb: TestCore;
  let a: SyncOffice;
  let b: SyncOffice;
  const both = () => [
    { t: ta, token: a.clerkToken },
    { t: tb, token: b.clerkToken },
  ];
  const outItems = (t: TestCore, token: string) => t.ok('sync.outbox', { states: ['waiting', 'uploading', 'failed', 'sent'], limit: 500 }, token);
  const pendingOnB = async () => (await tb.ok('documents.list', { filters: { direction: 'in', status: 'pending' }, limit: 200 }, b.clerkToken)).items;
  const trail = async (id: number) => (await ta.ok('sync.deliveries', { documentId: id }, a.clerkToken)).map((e) => e.event);

  async function agencyOnA(code: string) {
    const found = await ta.ok('agencies.search', { query: code, limit: 5 }, a.clerkToken);
    const x = found.find((f) => f.code === code)!;
    return { kind: 'agency' as const, agencyId: x.id, name: x.name };
  }

  async function draft(subject: string, files: Array<{ name: string; bytes: Uint8Array; role: 'main' | 'attachment' }>) {
    const refs = [];
    for (const f of files) refs.push({ hash: (await ta.ok('blobs.put', { fileName: f.name, bytes: f.bytes }, a.staff.token)).hash, fileName: f.name, draftRole: f.role });
    return approvedDraft(ta, a, { subject, signerUserId: a.leader.id, recipients: [await agencyOnA(B)], files: refs });
  }

  beforeAll(async () => {
    kit = await signingKit('vanthu-sync-');
    process.env.SOFTHSM2_CONF = kit.hsm.confPath;
    if (kind === 'pg') pg = await startPostgres();
    hub = await startHub(kind === 'pg' ? { db: 'pg', databaseUrl: pg!.url } : { db: 'pglite' });
    const credA = await hub.addOffice(A, NAME_A);
    const credB = await hub.addOffice(B, NAME_B);
    await publishDirectory(hub, [
      { code: 'H35', name: 'Ủy ban nhân dân tỉnh Hà Nam', parentCode: null, active: true },
      { code: A, name: NAME_A, parentCode: 'H35', active: true },
      { code: B, name: NAME_B, parentCode: 'H35', active: true },
    ]);
    // Each office reaches the hub through a proxy that can cut its connections.
    proxy = await startFlakyProxy({ port: hub.port });
    proxyB = await startFlakyProxy({ port: hub.port });
    // Certificates are valid from now: A runs on the real time, B three hours ahead (its clock is wrong).
    ta = makeCore({ clock: testClock(Date.now()) });
    tb = makeCore({ clock: testClock(Date.now() + 3 * 3600_000) });
    a = await syncOffice(ta, { code: A, hubUrl: proxy.url, secret: credA.secret });
    b = await syncOffice(tb, { code: B, hubUrl: proxyB.url, secret: credB.secret });
    await ta.ok('signing.saveSettings', { modulePaths: [kit.hsm.modulePath], tsaUrl: kit.tsa.url, sealPosition: 'overlap-left' }, a.adminToken);
    for (const [t, o] of [
      [ta, a],
      [tb, b],
    ] as const) {
      await t.ok('signing.trustAdd', { certificate: kit.pki.root.certPem }, o.adminToken);
      await t.ok('signing.trustAdd', { certificate: Buffer.from(kit.pki.ca.certDer).toString('base64') }, o.adminToken);
    }
    await ta.ok('signing.setImage', { kind: 'seal', hash: (await ta.ok('blobs.put', { fileName: 'dau.png', bytes: sealPng() }, a.clerkToken)).hash }, a.clerkToken);
    // First contact: a fresh install gets the province's directory.
    for (const o of both()) await o.t.ok('sync.now', {}, o.token);
  }, 180_000);

  afterAll(async () => {
    await ta?.core.services.syncWorker.settled();
    await tb?.core.services.syncWorker.settled();
    ta?.close();
    tb?.close();
    await proxy?.close();
    await proxyB?.close();
    await hub?.stop();
    await pg?.stop();
    await kit?.close();
  });

  it('exchanges, refuses and recalls documents through the hub, and both sides agree at the end', async () => {
    expect((await ta.ok('sync.status', {}, a.clerkToken)).directory.entries).toBe(3);
    expect((await tb.ok('sync.status', {}, b.clerkToken)).clockSkewMs).toBeLessThan(-2.9 * 3600_000);

    // 1. Sealed on the token: queued with its seal, not at its number.
    const d1 = await draft('V/v phối hợp rà soát hộ nghèo, hộ cận nghèo năm 2026', [
      { name: 'Công văn rà soát hộ nghèo.pdf', bytes: await officialLetter({ signerName: 'Hoàng Văn Chủ', pages: 1 }), role: 'main' },
    ]);
    const org = (await ta.ok('tokens.list', {}, a.clerkToken)).tokens.find((x) => x.label === 'Token Cơ quan')!;
    const sealed = await ta.ok(
      'signing.sealAndIssue',
      { outgoingId: d1.id, version: d1.currentVersion, tokenId: org.id, certFingerprint: org.certificates.find((c) => !c.isCA)!.fingerprint, pin: ORG_PIN },
      a.clerkToken,
    );
    expect(sealed.report.overall).toBe('TOTAL_PASSED');
    // 2. Issued without a seal: queued at issue.
    const d2 = await draft('V/v đề nghị cung cấp số liệu đất công ích', [
      { name: 'De nghi.pdf', bytes: await officialLetter({ signerName: 'Hoàng Văn Chủ', pages: 1 }), role: 'main' },
    ]);
    await ta.ok('outgoing.issue', { id: d2.id, version: d2.currentVersion }, a.clerkToken);
    // 3. With a large scanned attachment.
    const big = opts.bigAttachment ? 30 * MB : 2 * MB;
    const d3 = await draft('V/v gửi hồ sơ kiểm kê đất đai năm 2026', [
      { name: 'Cong van kiem ke.pdf', bytes: await officialLetter({ signerName: 'Hoàng Văn Chủ', pages: 1 }), role: 'main' },
      { name: 'Ho so kiem ke (ban chup).pdf', bytes: scan(big), role: 'attachment' },
    ]);
    await ta.ok('outgoing.issue', { id: d3.id, version: d3.currentVersion }, a.clerkToken);
    let items = await outItems(ta, a.clerkToken);
    expect(items.filter((i) => i.kind === 'document').map((i) => i.documentId)).toEqual([d3.id, d2.id, d1.id]);

    let st;
    if (opts.bigAttachment) {
      // The network drops in the middle of the big upload: the first try is cut, the next round resumes.
      proxy.cutAfter(big, { times: 1 });
      st = await ta.ok('sync.now', {}, a.clerkToken);
      expect(proxy.cuts()).toBe(1);
      expect(st.lastError?.code).toBe('offline');
      items = await outItems(ta, a.clerkToken);
      const i3 = items.find((i) => i.documentId === d3.id)!;
      expect(i3.state).toBe('uploading');
      expect(i3.uploadedBytes).toBeGreaterThan(0);
      expect(i3.uploadedBytes).toBeLessThan(i3.totalBytes);
      const upBefore = proxy.bytesUp();
      st = await ta.ok('sync.now', {}, a.clerkToken);
      // Resumed, not restarted: the second round sent only what the hub did not have.
      expect(proxy.bytesUp() - upBefore).toBeLessThan(i3.totalBytes - i3.uploadedBytes + 256 * 1024);
    } else st = await ta.ok('sync.now', {}, a.clerkToken);
    expect(st.lastError).toBeNull();
    expect(st.waiting).toBe(0);
    items = await outItems(ta, a.clerkToken);

    // The same packet pushed twice (the hub's answer lost): the hub keeps one, B gets one.
    const p1 = items.find((i) => i.documentId === d1.id)!;
    ta.core.services.raw.prepare("UPDATE sync_outbox SET state = 'waiting', sent_at = NULL WHERE id = ?").run(p1.id);
    await ta.ok('sync.now', {}, a.clerkToken);
    const again = ta.core.services.raw.prepare('SELECT hub_result FROM sync_outbox WHERE id = ?').pluck().get(p1.id) as string;
    expect(JSON.parse(again)).toMatchObject({ duplicate: true });

    if (opts.kill) {
      // The hub dies (-9): both offices go offline and keep their work; it comes back, they go on.
      await hub.kill();
      const down = await tb.ok('sync.now', {}, b.clerkToken);
      expect(down).toMatchObject({ online: false, lastError: expect.objectContaining({ code: 'offline' }) });
      await hub.restart();
    }

    if (opts.bigAttachment) {
      // B's download of the big packet is cut half-way: the next round asks only for the rest.
      proxyB.cutAfter(Math.floor(big / 2), { times: 1, direction: 'down' });
      const cutRound = await tb.ok('sync.now', {}, b.clerkToken);
      expect(proxyB.cuts()).toBe(1);
      expect(cutRound.lastError?.code).toBe('offline');
      expect(await pendingOnB()).toHaveLength(0);
      const downBefore = proxyB.bytesDown();
      await tb.ok('sync.now', {}, b.clerkToken);
      const packetBytes = ta.core.services.raw.prepare("SELECT total_bytes FROM sync_outbox WHERE document_id = ? AND kind = 'document'").pluck().get(d3.id) as number;
      expect(proxyB.bytesDown() - downBefore).toBeLessThan(packetBytes - big / 4);
    }

    // B: three pending hub documents, none twice; 01 goes back for each.
    const pend = await syncUntil([{ t: tb, token: b.clerkToken }], async () => {
      const l = await pendingOnB();
      return l.length >= 3 && l;
    });
    expect(pend).toHaveLength(3);
    const onB = (subject: string) => pend.find((x) => x.subject === subject)!;
    const b1 = onB('V/v phối hợp rà soát hộ nghèo, hộ cận nghèo năm 2026');
    const b2 = onB('V/v đề nghị cung cấp số liệu đất công ích');
    const b3 = onB('V/v gửi hồ sơ kiểm kê đất đai năm 2026');
    // The signature verification ran on B on the received PDF: the seal is valid there.
    await tb.core.idle();
    const g1 = await tb.ok('documents.get', { id: b1.id }, b.clerkToken);
    expect(g1).toMatchObject({ issuerCode: A, issuerName: NAME_A, codeNumber: sealed.number.split('/')[0] });
    const rep = await tb.ok('signing.verify', { hash: g1.files[0].hash }, b.clerkToken);
    expect(rep.overall).toBe('TOTAL_PASSED');
    expect(rep.signatures.at(-1)?.signer?.subjectCN).toBe('UBND xã Đông Hòa');
    const g3 = await tb.ok('documents.get', { id: b3.id }, b.clerkToken);
    expect(g3.files.map((f) => f.size).sort((x, y) => x - y)[1]).toBe(big);

    // B registers the first (03) and refuses the second with its reason (02).
    await tb.ok(
      'incoming.register',
      {
        ...docInput(b.registerId, {
          subject: b1.subject,
          receivedVia: 'hub',
          issuedDate: g1.issuedDate,
          codeNumber: g1.codeNumber,
          codeNotation: g1.codeNotation,
          issuer: { agencyId: null, code: A, name: NAME_A },
        }),
        pendingId: b1.id,
      },
      b.clerkToken,
    );
    await tb.ok('incoming.refuse', { pendingId: b2.id, reason: 'wrong_recipient', reasonText: 'Việc đất công ích do Phòng Tài nguyên huyện quản lý.' }, b.clerkToken);

    // A recalls the third (13); B sees the request and agrees (15): the document leaves B.
    await ta.ok('outgoing.recall', { id: d3.id, reason: 'Gửi nhầm hồ sơ, sẽ gửi lại bản đúng.' }, a.clerkToken);
    const recall = await syncUntil(both(), async () => (await tb.ok('sync.document', { documentId: b3.id }, b.clerkToken)).recall);
    expect(recall).toMatchObject({ reason: 'Gửi nhầm hồ sơ, sẽ gửi lại bản đúng.', answer: null });
    // Every clerk of B is told.
    const notes = await tb.ok('notifications.list', {}, b.clerkToken);
    expect(notes.items.some((n) => n.kind === 'recalled' && n.documentId === b3.id && n.text.includes('Gửi nhầm hồ sơ'))).toBe(true);
    await tb.ok('sync.answerRecall', { documentId: b3.id, agree: true, reason: null }, b.clerkToken);
    const gone = await tb.ok('documents.get', { id: b3.id }, b.clerkToken);
    expect(gone.status).toBe('recalled');
    expect(gone.files).toHaveLength(0);
    expect((await pendingOnB()).map((x) => x.id)).not.toContain(b3.id);

    // A sees every answer on every document.
    await syncUntil(both(), async () => {
      const [t1, t2, t3] = await Promise.all([trail(d1.id), trail(d2.id), trail(d3.id)]);
      return t1.includes('03') && t2.includes('02') && t3.includes('15') && [t1, t2, t3].every((t) => t.includes('delivered'));
    });
    expect(await trail(d1.id)).toEqual(['sent', 'delivered', '01', '03']);
    expect(await trail(d2.id)).toEqual(['sent', 'delivered', '01', '02']);
    expect(await trail(d3.id)).toEqual(['sent', 'delivered', '01', '15']);
    const refusal = (await ta.ok('sync.deliveries', { documentId: d2.id }, a.clerkToken)).find((e) => e.event === '02')!;
    expect(refusal.description).toContain('Phòng Tài nguyên huyện');
    const recipients = async (id: number) => (await ta.ok('outgoing.get', { id }, a.clerkToken)).recipients.map((r) => r.delivery);
    expect(await recipients(d1.id)).toEqual(['accepted']);
    expect(await recipients(d2.id)).toEqual(['refused']);
    expect(await recipients(d3.id)).toEqual(['recalled']);

    // Nothing lost, nothing twice, on either side.
    const count = (t: TestCore, sql: string) => t.core.services.raw.prepare(sql).pluck().get() as number;
    expect(count(tb, "SELECT count(*) FROM documents WHERE source = 'hub'")).toBe(3);
    expect(count(tb, "SELECT count(*) FROM sync_documents WHERE direction = 'in'")).toBe(3);
    expect(count(tb, "SELECT group_concat(status_code, ',') FROM (SELECT status_code FROM sync_outbox ORDER BY status_code)")).toBe('01,01,01,02,03,15');
    expect(count(tb, "SELECT count(*) FROM sync_outbox WHERE state != 'sent'")).toBe(0);
    expect(count(ta, "SELECT count(*) FROM sync_outbox WHERE state != 'sent'")).toBe(0);
    expect(count(ta, "SELECT count(*) FROM sync_outbox WHERE kind = 'status'")).toBe(1);
    expect(count(ta, 'SELECT count(*) FROM sync_deliveries')).toBe(12);
    expect(count(ta, "SELECT count(*) FROM sync_inbox WHERE outcome = 'status'")).toBe(6);
    expect(count(tb, "SELECT count(*) FROM sync_inbox WHERE outcome = 'document'")).toBe(3);
  }, 300_000);
}

describe('the story on PostgreSQL (hub killed, upload cut, packet pushed twice, clock off)', () => story('pg', { kill: true, bigAttachment: true }));
describe('the story on PGlite', () => story('pglite', { kill: false, bigAttachment: false }));
