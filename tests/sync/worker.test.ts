// The sync worker against the hub protocol held in memory with scripted failures: what is retried and when (backoff
// with jitter, the outbox order kept), what fails for good and is shown on the item while the rest goes on, 401
// stopping the rounds, 410 resync, the directory increment, the audit anchor. Two real cores (own data folders and
// codes); the interconnection story against the real hub is tests/sync/story.test.ts.

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePacketBytes, encodePacket } from '../../src-shared/edxml';
import type { DocumentPacket, Packet } from '../../src-shared/edxml/types';
import { docInput } from '../helpers/incoming';
import { classifyHttp, classifyNetwork } from '../../src-main/sync/hub-client';
import { anchorMac } from '../../src-main/sync/worker';
import { anchorMessage } from '../../src-shared/hub/protocol';
import { backoffMs } from '../../src-main/jobs/service';
import { makeCore, type TestCore } from '../helpers/core';
import { memoryHub, type MemoryHub } from '../helpers/memory-hub';
import { syncOffice, syncUntil, type SyncOffice } from '../helpers/sync';
import { approvedDraft } from '../helpers/outgoing';
import { makePdf } from '../unit/blobs-fixtures';

const A = 'H35.01';
const B = 'H35.02';
let hub: MemoryHub;
let ta: TestCore;
let tb: TestCore;
let a: SyncOffice;
let b: SyncOffice;

async function issueTo(codes: string[], subject: string) {
  const ids = [];
  for (const c of codes) {
    const found = await ta.ok('agencies.search', { query: c, limit: 5 }, a.clerkToken);
    ids.push({ kind: 'agency' as const, agencyId: found.find((x) => x.code === c)!.id, name: found.find((x) => x.code === c)!.name });
  }
  const hash = (await ta.ok('blobs.put', { fileName: 'cv.pdf', bytes: await makePdf([[subject]]) }, a.staff.token)).hash;
  const d = await approvedDraft(ta, a, { subject, recipients: ids, files: [{ hash, fileName: 'Công văn.pdf', draftRole: 'main' }] });
  return (await ta.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, a.clerkToken)).document;
}

const outbox = (t: TestCore, token: string) => t.ok('sync.outbox', { states: ['waiting', 'uploading', 'failed', 'sent'], limit: 500 }, token);

beforeAll(async () => {
  hub = memoryHub();
  hub.addOffice(A, 'Ủy ban nhân dân xã Đồng Hóa');
  hub.addOffice(B, 'Ủy ban nhân dân xã Tượng Lĩnh');
  hub.publish([
    { code: A, name: 'Ủy ban nhân dân xã Đồng Hóa', parentCode: null, active: true },
    { code: B, name: 'Ủy ban nhân dân xã Tượng Lĩnh', parentCode: null, active: true },
  ]);
  const env = { hubClient: (c: { officeCode: string }) => hub.client(c.officeCode) };
  ta = makeCore({ env });
  tb = makeCore({ env });
  a = await syncOffice(ta, { code: A, hubUrl: 'http://hub.invalid', secret: 'a'.repeat(43) });
  b = await syncOffice(tb, { code: B, hubUrl: 'http://hub.invalid', secret: 'b'.repeat(43) });
  await ta.ok('sync.now', {}, a.clerkToken);
  await tb.ok('sync.now', {}, b.clerkToken);
}, 60_000);

afterAll(async () => {
  await ta?.core.services.syncWorker.settled();
  await tb?.core.services.syncWorker.settled();
  ta?.close();
  tb?.close();
});

describe('classification', () => {
  it('sorts hub answers and socket failures into retryable and permanent, with Vietnamese messages', () => {
    expect(classifyHttp(503, null)).toMatchObject({ code: 'unavailable', retryable: true });
    expect(classifyHttp(500, null)).toMatchObject({ code: 'server', retryable: true });
    expect(classifyHttp(401, null)).toMatchObject({ code: 'unauthenticated', retryable: false });
    expect(classifyHttp(403, null)).toMatchObject({ code: 'forbidden', retryable: false });
    expect(classifyHttp(422, { error: { code: 'unknown_recipient', message: 'X' } })).toMatchObject({ code: 'unknown_recipient', retryable: false });
    expect(classifyHttp(422, { error: { code: 'invalid_packet', message: 'thiếu Subject' } }).message).toContain('thiếu Subject');
    expect(classifyHttp(410, { error: { code: 'resync', message: '', detail: { head: 9 } } })).toMatchObject({ code: 'resync', detail: { head: 9 } });
    expect(classifyNetwork(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'offline', retryable: true });
    expect(classifyNetwork(Object.assign(new Error('x'), { code: 'HUB_TIMEOUT' }))).toMatchObject({ code: 'timeout', retryable: true });
    expect(classifyNetwork(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toMatchObject({ code: 'tls' });
  });

  it('signs anchors with a key derived from the secret, over the protocol text', () => {
    const mac = anchorMac(A, 's3cret', { count: 3, head: 'ab', at: 5 });
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(anchorMac(A, 's3cret', { count: 4, head: 'ab', at: 5 })).not.toBe(mac);
    expect(anchorMessage(A, { count: 3, head: 'ab', at: 5 })).toBe(`${A}\n3\nab\n5`);
  });
});

describe('the worker', () => {
  it('fetched the directory on the first round, and sends an issued document to a directory recipient', async () => {
    const st = await ta.ok('sync.status', {}, a.clerkToken);
    expect(st).toMatchObject({ configured: true, enabled: true, online: true, lastError: null });
    expect(st.directory.entries).toBe(2);
    const doc = await issueTo([B], 'V/v phối hợp rà soát hộ nghèo năm 2026');
    const items = await outbox(ta, a.clerkToken);
    expect(items.filter((i) => i.documentId === doc.id).map((i) => [i.kind, i.state, i.recipients])).toEqual([['document', 'waiting', [B]]]);
    await ta.ok('sync.now', {}, a.clerkToken);
    const trail = await ta.ok('sync.deliveries', { documentId: doc.id }, a.clerkToken);
    expect(trail.map((e) => [e.recipientCode, e.event])).toEqual([[B, 'sent']]);
    // B receives it as a pending hub document and answers 01, then A sees it arrived.
    const pending = await syncUntil([{ t: tb, token: b.clerkToken }], async () => {
      const l = await tb.ok('documents.list', { filters: { direction: 'in', status: 'pending' } }, b.clerkToken);
      return l.items.find((x) => x.subject === 'V/v phối hợp rà soát hộ nghèo năm 2026');
    });
    const got = await tb.ok('documents.get', { id: pending.id }, b.clerkToken);
    expect(got).toMatchObject({ status: 'pending', receivedVia: 'hub', issuerCode: A, edxmlDocumentId: expect.stringContaining(`${A},`) });
    expect(tb.core.services.raw.prepare('SELECT source FROM documents WHERE id = ?').pluck().get(pending.id)).toBe('hub');
    expect(got.files.length).toBe(1);
    await syncUntil(
      [
        { t: tb, token: b.clerkToken },
        { t: ta, token: a.clerkToken },
      ],
      async () => (await ta.ok('sync.deliveries', { documentId: doc.id }, a.clerkToken)).some((e) => e.event === '01'),
    );
    const facts = await ta.ok('sync.document', { documentId: doc.id }, a.clerkToken);
    expect(facts.recipients).toEqual([expect.objectContaining({ code: B, event: '01' })]);
  });

  it("retries a 503 later with backoff (a document's packets kept in order), and marks a refused packet failed while the rest goes on", async () => {
    const first = await issueTo([B], 'V/v báo cáo tiến độ giải ngân vốn đầu tư công');
    await ta.ok('outgoing.recall', { id: first.id, reason: 'Số liệu chưa đúng.' }, a.clerkToken);
    const second = await issueTo([B], 'V/v tổ chức tập huấn chuyển đổi số');
    hub.fail('push', { status: 503, code: 'unavailable' }, 10);
    const st = await ta.ok('sync.now', {}, a.clerkToken);
    hub.clearFailures();
    expect(st.lastError).toMatchObject({ code: 'unavailable' });
    let items = await outbox(ta, a.clerkToken);
    const ofFirst = items.filter((i) => i.documentId === first.id).sort((x, y) => x.id - y.id);
    expect(ofFirst.map((i) => [i.kind, i.statusCode, i.state, i.attempts])).toEqual([
      ['document', null, 'uploading', 1],
      // The recall never overtakes its document.
      ['status', '13', 'waiting', 0],
    ]);
    expect(ofFirst[0].lastError).toContain('tự thử lại');
    const wait = ofFirst[0].nextAttemptAt! - Date.now();
    // First retry: 5 s with jitter (half to all of it), from when it failed.
    expect(wait).toBeGreaterThan(backoffMs(1, 5000, 60_000, () => 0) - 2000);
    expect(wait).toBeLessThanOrEqual(backoffMs(1, 5000, 60_000, () => 1));
    expect(items.find((i) => i.documentId === second.id)!.state).not.toBe('sent');

    // Now one packet is refused for good (422): shown on it; every other one is sent in the same round.
    hub.fail('push', { status: 422, code: 'invalid_packet', message: 'Thiếu Subject' });
    await ta.ok('sync.now', {}, a.clerkToken);
    items = (await outbox(ta, a.clerkToken)).filter((i) => i.documentId === first.id || i.documentId === second.id);
    const failed = items.filter((i) => i.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ permanent: true });
    expect(failed[0].lastError).toContain('Thiếu Subject');
    expect(items.filter((i) => i.state === 'sent')).toHaveLength(2);
    expect((await ta.ok('sync.status', {}, a.clerkToken)).failed).toBe(1);

    // "Gửi lại" after the cause is fixed: sent, once.
    await ta.ok('sync.retry', { id: failed[0].id }, a.clerkToken);
    await ta.ok('sync.now', {}, a.clerkToken);
    expect((await outbox(ta, a.clerkToken)).find((i) => i.id === failed[0].id)).toMatchObject({ state: 'sent', permanent: false });
    expect((await ta.ok('sync.status', {}, a.clerkToken)).failed).toBe(0);
  });

  it('resumes an upload cut mid-way from the offset the hub reports', async () => {
    const doc = await issueTo([B], 'V/v cung cấp hồ sơ địa chính');
    hub.fail('blobPut', 'network');
    await ta.ok('sync.now', {}, a.clerkToken);
    expect((await outbox(ta, a.clerkToken)).find((i) => i.documentId === doc.id)).toMatchObject({ state: 'uploading', attempts: 1 });
    await ta.ok('sync.now', {}, a.clerkToken);
    const it1 = (await outbox(ta, a.clerkToken)).find((i) => i.documentId === doc.id)!;
    expect(it1.state).toBe('sent');
    expect(it1.uploadedBytes).toBe(it1.totalBytes);
  });

  it('stops the rounds on 401 with a clear status, and goes on from the head after 410', async () => {
    hub.fail('me', { status: 401, code: 'unauthenticated' });
    const st = await ta.ok('sync.now', {}, a.clerkToken);
    expect(st.lastError?.code).toBe('unauthenticated');
    expect(st.lastError?.message).toContain('mật khẩu kết nối');
    const ok = await ta.ok('sync.now', {}, a.clerkToken);
    expect(ok.lastError).toBeNull();

    // Too long offline: on from the hub's head, told to the clerk until the next round, and in the audit log.
    const cursor = tb.core.services.sync.state().feedCursor;
    hub.fail('feed', { status: 410, code: 'resync', message: '', detail: { head: cursor } });
    const r = await tb.ok('sync.now', {}, b.clerkToken);
    expect(r.lastError).toMatchObject({ code: 'resync' });
    expect(r.lastError?.message).toContain('xin nơi gửi gửi lại');
    expect((await tb.ok('sync.now', {}, b.clerkToken)).lastError).toBeNull();

    // The hub restored from an older backup (our cursor is past its head): what A sent goes again, the hub keeps one.
    const sentBefore = ta.core.services.raw.prepare("SELECT count(*) FROM sync_outbox WHERE state = 'sent'").pluck().get() as number;
    const pushes = hub.calls.push ?? 0;
    hub.fail('feed', { status: 410, code: 'resync', message: '', detail: { head: 0 } });
    const back = await ta.ok('sync.now', {}, a.clerkToken);
    expect(back.lastError?.message).toContain('khôi phục');
    expect(hub.calls.push - pushes).toBe(sentBefore);
    expect(ta.core.services.raw.prepare("SELECT count(*) FROM sync_outbox WHERE state = 'sent'").pluck().get()).toBe(sentBefore);
    expect(ta.core.services.raw.prepare("SELECT count(*) FROM sync_outbox WHERE json_extract(hub_result, '$.duplicate') = 1").pluck().get()).toBe(sentBefore);
    expect(ta.core.services.raw.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.resync'").pluck().get()).toBe(1);
  });

  it('gives the IT person a diagnostics file without the secret or packet bodies, and the settings without the secret', async () => {
    const settings = await ta.ok('sync.settings', {}, a.adminToken);
    expect(settings).toMatchObject({ officeCode: A, hasSecret: true, enabled: true });
    expect(JSON.stringify(settings)).not.toContain('a'.repeat(43));
    expect((await ta.call('sync.settings', {}, a.clerkToken)).ok).toBe(false);
    const file = await ta.ok('sync.diagnostics', {}, a.clerkToken);
    const text = Buffer.from(file.bytes).toString('utf8');
    const report = JSON.parse(text) as { settings: { officeCode: string }; outbox: unknown[]; status: { configured: boolean } };
    expect(report.settings.officeCode).toBe(A);
    expect(report.status.configured).toBe(true);
    expect(report.outbox.length).toBeGreaterThan(0);
    expect(text).not.toContain('a'.repeat(43));
    expect(text).not.toContain('secretEnc');
    expect(text).not.toContain('edXML');
    // The audit row of a settings change says the secret changed, never what it is.
    await ta.ok('sync.saveSettings', { enabled: true, hubUrl: 'http://hub.invalid', officeCode: A, secret: 'a'.repeat(43), caFile: null, intervalSec: 30 }, a.adminToken);
    const audit = ta.core.services.raw.prepare("SELECT details FROM audit_log WHERE action = 'sync.saveSettings' ORDER BY id DESC LIMIT 1").pluck().get() as string;
    expect(audit).toContain('secretChanged');
    expect(audit).not.toContain('a'.repeat(43));
  });

  it('brings thousands of directory entries in increments, and pushes the audit anchor only when the head moved', async () => {
    const entries = Array.from({ length: 12_000 }, (_, i) => ({ code: `H35.${String(100 + i)}`, name: `Ủy ban nhân dân xã số ${i}`, parentCode: 'H35', active: true }));
    hub.publish(entries);
    await tb.ok('sync.now', {}, b.clerkToken);
    let st = await tb.ok('sync.status', {}, b.clerkToken);
    expect(st.directory.entries).toBe(12_002);
    hub.publish([{ code: 'H35.100', name: 'Ủy ban nhân dân phường Lê Hồng Phong', parentCode: 'H35', active: true }]);
    const before = hub.calls.agencies;
    await tb.ok('sync.now', {}, b.clerkToken);
    st = await tb.ok('sync.status', {}, b.clerkToken);
    expect(st.directory.entries).toBe(12_002);
    // One page carried the one change: the increment, not the directory again.
    expect(hub.calls.agencies - before).toBe(1);
    expect(st.directory.version).toBe(12_003);
    const found = await tb.ok('agencies.search', { query: 'le hong phong', limit: 5 }, b.clerkToken);
    expect(found.map((f) => f.code)).toContain('H35.100');

    const anchors = hub.anchors.get(B)!;
    const last = anchors[anchors.length - 1];
    const head = tb.core.services.raw.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    expect([last.count, last.head]).toEqual([head.id, head.hash]);
    expect(last.mac).toBe(anchorMac(B, 'b'.repeat(43), last));
  });
});

describe('what the receiving office does with packets and its own work', () => {
  /** Pushes a packet as office `from`, the way the worker does (blob first for a document). */
  async function pushAs(from: string, packet: Packet): Promise<string> {
    const c = hub.client(from);
    const packetId = randomUUID();
    if (packet.kind === 'status') {
      await c.push({ packetId, kind: 'status', edxml: encodePacket(packet), to: [packet.responseFor.organId] });
      return packetId;
    }
    const bytes = Buffer.from(encodePacket(packet));
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (!(await c.blobHead(sha))?.complete) await c.blobPut(sha, 0, bytes.length, bytes);
    await c.push({ packetId, kind: 'document', blob: { sha256: sha, size: bytes.length }, to: packet.to.map((t) => t.organId) });
    return packetId;
  }

  /** The document packet A built for one of its documents (the bytes A stored and pushed). */
  async function builtPacket(documentId: number): Promise<DocumentPacket> {
    const sha = ta.core.services.raw.prepare("SELECT blob_hash FROM sync_outbox WHERE document_id = ? AND kind = 'document'").pluck().get(documentId) as string;
    return decodePacketBytes(await ta.core.services.blobs.store.read(sha)) as DocumentPacket;
  }

  const pending = async (subject: string) =>
    (await tb.ok('documents.list', { filters: { direction: 'in', status: 'pending' }, limit: 200 }, b.clerkToken)).items.filter((x) => x.subject === subject);
  const statusesSent = (id: number) =>
    tb.core.services.raw.prepare("SELECT group_concat(status_code, ',') FROM (SELECT status_code FROM sync_outbox WHERE document_id = ? ORDER BY id)").pluck().get(id) as string;

  it('takes a packet written by another system: a zipped file opened under its own name, a refused file named on the document', async () => {
    // Our fixture in the shape other systems send (header XMLDSig, dd/MM/yyyy, a zipped .txt, a "PDF" that is an
    // executable), addressed from A to B.
    const text = fs
      .readFileSync(path.join('tests', 'fixtures', 'edxml', 'document-other-system.edxml'), 'utf8')
      .replaceAll('000.00.14.H35', A)
      .replaceAll('000.00.12.H35', B);
    const bytes = Buffer.from(text);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const c = hub.client(A);
    await c.blobPut(sha, 0, bytes.length, bytes);
    await c.push({ packetId: randomUUID(), kind: 'document', blob: { sha256: sha, size: bytes.length }, to: [B] });
    const [doc] = await syncUntil([{ t: tb, token: b.clerkToken }], async () => {
      const found = await pending('Kiểm tra công tác văn thư, lưu trữ năm 2026');
      return found.length ? found : null;
    });
    const d = await tb.ok('documents.get', { id: doc.id }, b.clerkToken);
    expect(d.files.map((f) => f.fileName)).toEqual(['Ke hoach kiem tra.txt']);
    const txt = await tb.core.services.blobs.store.read(d.files[0].hash);
    expect(txt.toString('utf8')).toContain('Kế hoạch kiểm tra công tác văn thư');
    expect(d.notes).toContain('Phu luc.pdf');
    expect(d.issuedDate).toBe('2026-11-20');
  });

  it('updates a pending document, links a replacement, records a revoke, and never makes a second document', async () => {
    const doc = await issueTo([B], 'V/v kiểm tra công tác phòng cháy chữa cháy');
    await ta.ok('sync.now', {}, a.clerkToken);
    const original = await builtPacket(doc.id);
    const [first] = await syncUntil([{ t: tb, token: b.clerkToken }], async () => {
      const l = await pending('V/v kiểm tra công tác phòng cháy chữa cháy');
      return l.length > 0 && l;
    });

    // The same DocumentId again as a new packet (another packetId): nothing new.
    await pushAs(A, original);
    // Update: the subject corrected while it waits.
    await pushAs(A, {
      ...original,
      subject: 'V/v kiểm tra công tác phòng cháy, chữa cháy năm 2026',
      business: { ...original.business, docType: 2, documentId: original.documentId, reason: 'Sửa trích yếu' },
    });
    await tb.ok('sync.now', {}, b.clerkToken);
    expect(await pending('V/v kiểm tra công tác phòng cháy chữa cháy')).toHaveLength(0);
    const updated = await pending('V/v kiểm tra công tác phòng cháy, chữa cháy năm 2026');
    expect(updated.map((x) => x.id)).toEqual([first.id]);

    // Replace: a new document (new number) linked to the replaced one.
    const replacementId = original.documentId.replace(/,(\d+)\//, (_m, n: string) => `,${Number(n) + 500}/`);
    await pushAs(A, {
      ...original,
      code: { ...original.code, number: String(Number(original.code.number) + 500) },
      documentId: replacementId,
      subject: 'V/v kiểm tra phòng cháy chữa cháy (thay thế)',
      business: { ...original.business, docType: 3, replacements: [{ documentId: original.documentId, organIds: [B] }] },
    });
    await tb.ok('sync.now', {}, b.clerkToken);
    const [repl] = await pending('V/v kiểm tra phòng cháy chữa cháy (thay thế)');
    expect(tb.core.services.raw.prepare('SELECT replaces_document_id FROM sync_documents WHERE document_id = ?').pluck().get(repl.id)).toBe(first.id);

    // Revoke (business 1) of the replacement: a recall request for the clerk, the document still there until answered.
    await pushAs(A, { ...original, documentId: replacementId, business: { ...original.business, docType: 1, documentId: replacementId, reason: 'Ban hành nhầm' } });
    await tb.ok('sync.now', {}, b.clerkToken);
    expect((await tb.ok('sync.document', { documentId: repl.id }, b.clerkToken)).recall).toMatchObject({ reason: 'Ban hành nhầm', answer: null });
    // Refusing the recall (16) needs a reason, then goes back to A.
    expect((await tb.call('sync.answerRecall', { documentId: repl.id, agree: false, reason: null }, b.clerkToken)).ok).toBe(false);
    await tb.ok('sync.answerRecall', { documentId: repl.id, agree: false, reason: 'Đã chuyển xử lý, đề nghị gửi văn bản thu hồi chính thức.' }, b.clerkToken);
    expect(statusesSent(repl.id)).toBe('01,16');

    const outcomes = tb.core.services.raw.prepare('SELECT outcome FROM sync_inbox WHERE from_code = ? ORDER BY seq DESC LIMIT 4').pluck().all(A);
    expect(outcomes).toEqual(['recall', 'replace', 'update', 'duplicate']);
    expect(tb.core.services.raw.prepare("SELECT count(*) FROM documents WHERE source = 'hub' AND subject LIKE '%phòng cháy%'").pluck().get()).toBe(2);
  });

  it('tells the sender of the registration (03), the directive (04) and handling (05) once each, and completion (06) when asked', async () => {
    const doc = await issueTo([B], 'V/v rà soát đối tượng hưởng bảo trợ xã hội');
    await ta.ok('sync.now', {}, a.clerkToken);
    const [p] = await syncUntil([{ t: tb, token: b.clerkToken }], async () => {
      const l = await pending('V/v rà soát đối tượng hưởng bảo trợ xã hội');
      return l.length > 0 && l;
    });
    const g = await tb.ok('documents.get', { id: p.id }, b.clerkToken);
    const reg = await tb.ok(
      'incoming.register',
      {
        ...docInput(b.registerId, {
          subject: g.subject,
          codeNumber: g.codeNumber,
          codeNotation: g.codeNotation,
          issuedDate: g.issuedDate,
          receivedVia: 'hub',
          issuer: { agencyId: null, code: A, name: g.issuerName },
        }),
        pendingId: p.id,
      },
      b.clerkToken,
    );
    const outsider = b.other.token;
    expect((await tb.call('sync.document', { documentId: reg.id }, outsider)).ok ? 'ok' : 'refused').toBe('refused');
    expect(await tb.call('sync.reportCompletion', { documentId: reg.id, note: null }, outsider)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await tb.ok('sync.document', { documentId: reg.id }, b.clerkToken)).canReportCompletion).toBe(true);

    await tb.ok('workflow.direct', { documentId: reg.id, text: 'Giao Văn phòng chủ trì', lead: { userId: b.staff.id }, cooperate: [], info: [] }, b.leader.token);
    await tb.ok(
      'workflow.direct',
      { documentId: reg.id, text: 'Giao lại Văn phòng chủ trì, báo cáo trước 20/12', lead: { userId: b.staff.id }, cooperate: [], info: [] },
      b.leader.token,
    );
    const task = (await tb.ok('workflow.inbox', { view: 'open', overdueOnly: false, limit: 50 }, b.staff.token)).items.find((i) => i.documentId === reg.id)!;
    await tb.ok('workflow.open', { taskId: task.id }, b.staff.token);
    await tb.ok('workflow.comment', { documentId: reg.id, text: 'Đang tổng hợp danh sách.', kind: 'progress', files: [] }, b.staff.token);
    await tb.ok('sync.reportCompletion', { documentId: reg.id, note: 'Đã rà soát xong, gửi kèm danh sách.' }, b.clerkToken);
    expect(await tb.call('sync.reportCompletion', { documentId: reg.id, note: null }, b.clerkToken)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(statusesSent(reg.id)).toBe('01,03,04,05,06');
    expect((await tb.ok('sync.document', { documentId: reg.id }, b.clerkToken)).statusesSent.map((s) => s.code)).toEqual(['01', '03', '04', '05', '06']);

    await syncUntil(
      [
        { t: tb, token: b.clerkToken },
        { t: ta, token: a.clerkToken },
      ],
      async () => (await ta.ok('sync.deliveries', { documentId: doc.id }, a.clerkToken)).some((e) => e.event === '06'),
    );
    const events = (await ta.ok('sync.deliveries', { documentId: doc.id }, a.clerkToken)).map((e) => e.event);
    expect(events.filter((e) => e !== 'delivered')).toEqual(['sent', '01', '03', '04', '05', '06']);
    expect((await ta.ok('outgoing.get', { id: doc.id }, a.clerkToken)).recipients.map((r) => r.delivery)).toEqual(['done']);
  });

  it('runs by itself with timers on: a committed change kicks a round, no "sync now" needed', async () => {
    const env = { hubClient: (c: { officeCode: string }) => hub.client(c.officeCode), timers: true };
    hub.addOffice('H35.03', 'Ủy ban nhân dân xã Thanh Sơn');
    const tc = makeCore({ env });
    try {
      const changed = new Promise<void>((resolve) => {
        tc.core.events.subscribe((e) => {
          if (e.name === 'sync.changed' && (e.data as { online: boolean | null }).online) resolve();
        });
      });
      const c = await syncOffice(tc, { code: 'H35.03', hubUrl: 'http://hub.invalid', secret: 'c'.repeat(43) });
      // Saving the settings kicked the first round: it reaches the hub and says so.
      await changed;
      const st = await tc.ok('sync.status', {}, c.clerkToken);
      expect(st.online).toBe(true);
      expect(st.directory.entries).toBeGreaterThan(0);
    } finally {
      await tc.core.services.syncWorker.settled();
      tc.close();
    }
  });
});
