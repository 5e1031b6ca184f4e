// The hub on real PostgreSQL: every refusal an office can meet (credentials, impersonation, reading what is not its
// own), resumable and verified blob uploads, request caps, retention with 410 resync, audit anchors, the directory.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnchorsResponse, DirectoryResponse, FeedResponse, HubErrorBody, PushResponse } from '../../src-shared/hub/protocol';
import { MAX_CHUNK_BYTES, MAX_INLINE_EDXML, MAX_JSON_BYTES } from '../../src-shared/hub/protocol';
import { startHub, type TestHub } from '../helpers/hub';
import { anchorRequest, documentEdxml, hubClient, type HubClient, pushDocument, pushStatus, sha256, uploadBlob } from '../helpers/hub-client';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const run = promisify(execFile);
const A = 'H23.01';
const B = 'H23.02';
const C = 'H23.03';
const BLOB_CAP = 2 * 1024 * 1024;
const errCode = (r: { body: unknown }) => (r.body as HubErrorBody).error?.code;

let pg: TestPostgres;
let hub: TestHub;
let a: HubClient;
let b: HubClient;
let c: HubClient;
let credA: string;
let credB: string;
let admin: HubClient;

beforeAll(async () => {
  pg = await startPostgres();
  hub = await startHub({ db: 'pg', databaseUrl: pg.url, env: { HUB_MAX_BLOB_BYTES: String(BLOB_CAP) } });
  credA = (await hub.addOffice(A, 'Sở Nội vụ')).credential;
  credB = (await hub.addOffice(B, 'Sở Tài chính')).credential;
  a = hubClient(hub.url, credA);
  b = hubClient(hub.url, credB);
  c = hubClient(hub.url, (await hub.addOffice(C, 'Sở Xây dựng')).credential);
  admin = hubClient(hub.url, `admin:${hub.adminToken}`);
});
afterAll(async () => {
  await hub?.stop();
  await pg?.stop();
});

const hubCli = (...args: string[]) => run(process.execPath, ['src-hub/bin/hub.mjs', ...args], { env: { ...process.env, HUB_DATABASE_URL: pg.url }, cwd: process.cwd() });

describe('xác thực và phân quyền', () => {
  it('không có khóa, sai khóa, cơ quan bị khóa, khóa cơ quan dùng cho quản trị: đều bị từ chối', async () => {
    const anon = hubClient(hub.url, null);
    for (const p of ['/v1/me', '/v1/feed?after=0', '/v1/agencies', '/v1/anchors']) expect((await anon.get(p)).status).toBe(401);
    expect((await anon.post('/v1/packets', {})).status).toBe(401);
    const wrong = hubClient(hub.url, `${A}:${'x'.repeat(43)}`);
    expect((await wrong.get('/v1/me')).status).toBe(401);
    // A's secret with B's code: B's feed stays closed to A.
    const asB = hubClient(hub.url, `${B}:${credA.split(':')[1]}`);
    const feedB = await asB.get('/v1/feed?after=0');
    expect(feedB.status).toBe(401);
    expect(errCode(feedB)).toBe('unauthenticated');
    // Office credentials open no admin door; the admin token opens no office door.
    expect((await a.get('/v1/admin/offices')).status).toBe(401);
    expect((await a.post('/v1/agencies', { entries: [] })).status).toBe(401);
    expect((await admin.get('/v1/me')).status).toBe(401);

    const D = 'H23.04';
    const d = hubClient(hub.url, (await hub.addOffice(D, 'Sở Y tế')).credential);
    expect((await d.get('/v1/me')).status).toBe(200);
    expect((await admin.post(`/v1/admin/offices/${D}/disable`, {})).status).toBe(200);
    expect((await d.get('/v1/me')).status).toBe(401);
    const reset = await admin.post<{ credential: string }>(`/v1/admin/offices/${D}/reset-secret`, {});
    await admin.post(`/v1/admin/offices/${D}/enable`, {});
    expect((await d.get('/v1/me')).status).toBe(401);
    expect((await hubClient(hub.url, reset.body.credential).get('/v1/me')).status).toBe(200);
  });

  it('A không gửi được nhân danh B, không đọc được tệp không gửi cho mình', async () => {
    const forged = await pushDocument(a, { from: B, to: [C] });
    expect(forged.status).toBe(403);
    expect(errCode(forged)).toBe('forbidden');

    const toC = await pushDocument(b, { from: B, to: [C] });
    expect(toC.status).toBe(200);
    const byA = await a.get(`/v1/blobs/${toC.sha}`);
    expect(byA.status).toBe(403);
    expect((await c.get(`/v1/blobs/${toC.sha}`)).status).toBe(200);
    expect((await b.get(`/v1/blobs/${toC.sha}`)).status).toBe(200);
    // Pushing B's blob by reference does not give A access either: A has no such upload.
    const steal = await a.post('/v1/packets', { packetId: randomUUID(), kind: 'document', blob: { sha256: toC.sha, size: toC.size }, to: [C] });
    expect(steal.status).toBe(409);
    expect(errCode(steal)).toBe('blob_incomplete');

    // A forged status (From = B) inline is refused too.
    const st = await pushStatus(a, { from: B, originalSender: B, documentId: toC.documentId, to: [C] });
    expect(st.status).toBe(403);
  });

  it('A không gửi được mốc nhật ký nhân danh B, và không thấy mốc của B', async () => {
    const head = sha256('b-log');
    expect((await b.post('/v1/anchors', anchorRequest(credB, 3, head))).status).toBe(200);
    // A signs with B's credential but authenticates as itself: the MAC does not match A's key.
    const asB = await a.post('/v1/anchors', anchorRequest(credB, 4, head));
    expect(asB.status).toBe(403);
    const list = await a.get<AnchorsResponse>('/v1/anchors');
    expect(list.body.items.every((i) => i.head !== head)).toBe(true);
  });
});

describe('tệp: tải lên tiếp được, kiểm tra SHA-256, giới hạn', () => {
  it('tải dở chừng, tiếp tục từ offset của trục; sai offset → 409 bad_offset; đẩy trước khi đủ → 409', async () => {
    const { text } = documentEdxml({ from: A, to: [B], attachment: Buffer.alloc(300_000, 7) });
    const bytes = Buffer.from(text);
    const first = await uploadBlob(a, bytes, { chunk: 64 * 1024, stopAfter: 3 });
    expect(first.complete).toBe(false);
    const h = await a.head(`/v1/blobs/${first.sha}`);
    expect(h.status).toBe(200);
    expect(h.headers.get('upload-offset')).toBe(String(3 * 64 * 1024));
    expect(h.headers.get('upload-length')).toBe(String(bytes.length));
    expect(h.headers.get('x-complete')).toBe('0');

    const early = await a.post('/v1/packets', { packetId: randomUUID(), kind: 'document', blob: { sha256: first.sha, size: bytes.length }, to: [B] });
    expect(early.status).toBe(409);
    expect(errCode(early)).toBe('blob_incomplete');

    const bad = await a.put(`/v1/blobs/${first.sha}?offset=0&total=${bytes.length}`, bytes.subarray(0, 10));
    expect(bad.status).toBe(409);
    expect((bad.body as HubErrorBody).error).toMatchObject({ code: 'bad_offset', detail: { offset: 3 * 64 * 1024 } });

    const rest = await uploadBlob(a, bytes, { chunk: 64 * 1024 });
    expect(rest.complete).toBe(true);
    const pushed = await a.post<PushResponse>('/v1/packets', { packetId: randomUUID(), kind: 'document', blob: { sha256: first.sha, size: bytes.length }, to: [B] });
    expect(pushed.status).toBe(200);
    const got = await b.get<Buffer>(`/v1/blobs/${first.sha}`);
    expect(Buffer.compare(got.body, bytes)).toBe(0);
    // Uploading again once complete changes nothing.
    expect((await uploadBlob(a, bytes)).complete).toBe(true);
  });

  it('nội dung không khớp SHA-256: hủy, 422 blob_mismatch, phải tải lại từ đầu', async () => {
    const bytes = Buffer.from(documentEdxml({ from: A, to: [B] }).text);
    const wrongName = sha256('something else');
    const up = await uploadBlob(a, bytes, { sha: wrongName, chunk: 1000 });
    expect(up.complete).toBe(false);
    expect(up.last?.status).toBe(422);
    expect(errCode(up.last!)).toBe('blob_mismatch');
    expect((await a.head(`/v1/blobs/${wrongName}`)).status).toBe(404);
  });

  it('vượt giới hạn → 413 too_large (tệp, đoạn, JSON, trạng thái)', async () => {
    const sha = sha256('x');
    const tooBig = await a.put(`/v1/blobs/${sha}?offset=0&total=${BLOB_CAP + 1}`, Buffer.alloc(10));
    expect(tooBig.status).toBe(413);
    expect(errCode(tooBig)).toBe('too_large');
    const chunk = await a.put(`/v1/blobs/${sha}?offset=0&total=${BLOB_CAP}`, Buffer.alloc(MAX_CHUNK_BYTES + 1));
    expect(chunk.status).toBe(413);
    const json = await a.post('/v1/packets', { packetId: 'x', kind: 'status', edxml: 'x'.repeat(MAX_JSON_BYTES), to: [B] });
    expect(json.status).toBe(413);
    const status = await a.post('/v1/packets', { packetId: randomUUID(), kind: 'status', edxml: 'x'.repeat(MAX_INLINE_EDXML + 1), to: [B] });
    expect(status.status).toBe(413);
    const junk = await a.post('/v1/packets', { packetId: randomUUID(), kind: 'status', edxml: '<a>không phải edXML</a>', to: [B] });
    expect(junk.status).toBe(422);
    expect(errCode(junk)).toBe('invalid_packet');
    expect((junk.body as HubErrorBody).error.message).toMatch(/edXML/);
  });
});

describe('thời hạn lưu', () => {
  it('sau khi xóa mục quá hạn, con trỏ cũ nhận 410 resync kèm head; từ head thì tiếp tục bình thường', async () => {
    const E = 'H23.05';
    const e = hubClient(hub.url, (await hub.addOffice(E, 'Sở Giáo dục')).credential);
    for (let i = 0; i < 3; i++) expect((await pushDocument(a, { from: A, to: [E] })).status).toBe(200);
    const f = await e.get<FeedResponse>('/v1/feed?after=0');
    expect(f.body.items).toHaveLength(3);
    const purged = await admin.post<{ feedItems: number }>('/v1/admin/purge', { before: Date.now() + 1 });
    expect(purged.status).toBe(200);
    expect(purged.body.feedItems).toBeGreaterThanOrEqual(3);

    const old = await e.get<HubErrorBody>('/v1/feed?after=1');
    expect(old.status).toBe(410);
    expect(old.body.error).toMatchObject({ code: 'resync', detail: { head: f.body.head } });
    expect((await e.get('/v1/feed?after=0')).status).toBe(410);
    const fresh = await e.get<FeedResponse>(`/v1/feed?after=${f.body.head}`);
    expect(fresh.status).toBe(200);
    expect(fresh.body.items).toEqual([]);
    const next = await pushDocument(a, { from: A, to: [E] });
    const after = await e.get<FeedResponse>(`/v1/feed?after=${f.body.head}`);
    expect(after.body.items.map((i) => i.packetId)).toEqual([next.packetId]);
    expect(after.body.items[0].seq).toBe(f.body.head + 1);
  });
});

describe('mốc nhật ký kiểm toán', () => {
  it('MAC sai bị từ chối; số dòng giảm hoặc mã băm khác cho cùng số dòng → 409 và cảnh báo an ninh', async () => {
    const h10 = sha256('log-10');
    const first = await a.post<{ stored: boolean; receivedAt: number }>('/v1/anchors', anchorRequest(credA, 10, h10, 1));
    expect(first.status).toBe(200);
    expect(first.body.stored).toBe(true);
    // The office's clock said 1970; the proof's time is the hub's.
    expect(Math.abs(first.body.receivedAt - Date.now())).toBeLessThan(60_000);
    const same = await a.post<{ stored: boolean }>('/v1/anchors', anchorRequest(credA, 10, h10));
    expect(same.body.stored).toBe(false);

    const tampered = { ...anchorRequest(credA, 11, h10), head: sha256('other') };
    expect((await a.post('/v1/anchors', tampered)).status).toBe(403);

    const truncated = await a.post('/v1/anchors', anchorRequest(credA, 5, sha256('log-5')));
    expect(truncated.status).toBe(409);
    expect((truncated.body as HubErrorBody).error).toMatchObject({ code: 'conflict', detail: { reason: 'truncated', previousCount: 10 } });
    const forked = await a.post('/v1/anchors', anchorRequest(credA, 10, sha256('rewritten')));
    expect(forked.status).toBe(409);
    expect((forked.body as HubErrorBody).error.detail).toMatchObject({ reason: 'fork' });
    expect(hub.logs.filter((l) => l.msg === 'security_anchor_refused' && l.office === A).map((l) => l.reason)).toEqual(['truncated', 'fork']);

    expect((await a.post('/v1/anchors', anchorRequest(credA, 20, sha256('log-20')))).status).toBe(200);
    const list = await a.get<AnchorsResponse>('/v1/anchors');
    expect(list.body.items.map((i) => i.count)).toEqual([20, 10]);

    const cli = await hubCli('anchors', A);
    const lines = cli.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(sha256('log-20'));
    expect(lines[1]).toContain(h10);
  });
});

describe('danh bạ cơ quan', () => {
  it('quản trị công bố, phiên bản tăng dần, đọc tăng dần; nạp CSV bằng dòng lệnh', async () => {
    const pub = await admin.post<{ changed: number; head: number }>('/v1/agencies', {
      entries: [
        { code: 'H23', name: 'UBND tỉnh Hà Nam', parentCode: null },
        { code: 'H23.01', name: 'Sở Nội vụ', parentCode: 'H23' },
        { code: 'H23.02', name: 'Sở Tài chính', parentCode: 'H23' },
      ],
    });
    expect(pub.body.changed).toBe(3);
    const head1 = pub.body.head;
    const again = await admin.post<{ changed: number; head: number }>('/v1/agencies', { entries: [{ code: 'H23', name: 'UBND tỉnh Hà Nam', parentCode: null }] });
    expect(again.body).toEqual({ changed: 0, head: head1 });

    // The offices registered above were listed when registered (code and name, versions 1–5); the publish gave two of
    // them their parent (new versions), so in version order:
    const p1 = await a.get<DirectoryResponse>('/v1/agencies?after=0&limit=100');
    expect(p1.body.head).toBe(head1);
    expect(p1.body.items.map((i) => [i.code, i.parentCode])).toEqual([
      ['H23.03', null],
      ['H23.04', null],
      ['H23.05', null],
      ['H23', null],
      ['H23.01', 'H23'],
      ['H23.02', 'H23'],
    ]);
    const p2 = await a.get<DirectoryResponse>(`/v1/agencies?after=${p1.body.items[3].version}&limit=1`);
    expect(p2.body.items.map((i) => i.code)).toEqual(['H23.01']);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-dir-'));
    const csv = path.join(dir, 'danh-ba.csv');
    fs.writeFileSync(csv, 'code,name,parent_code\nH23.02,Sở Tài chính tỉnh Hà Nam,H23\nH23.09,"Sở Khoa học, Công nghệ",H23\n');
    const out = await hubCli('agencies', 'import', csv);
    expect(out.stdout).toContain('2 mục');
    fs.rmSync(dir, { recursive: true, force: true });
    const inc = await b.get<DirectoryResponse>(`/v1/agencies?after=${head1}`);
    expect(inc.body.items.map((i) => [i.code, i.name, i.version])).toEqual([
      ['H23.02', 'Sở Tài chính tỉnh Hà Nam', head1 + 1],
      ['H23.09', 'Sở Khoa học, Công nghệ', head1 + 2],
    ]);
    // Concurrent publishes never share or reuse a version.
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        admin.post('/v1/agencies', { entries: Array.from({ length: 5 }, (_, j) => ({ code: `H23.${i + 1}${j}0`, name: `Đơn vị ${i}-${j}`, parentCode: 'H23' })) }),
      ),
    );
    const all = await a.get<DirectoryResponse>('/v1/agencies?after=0&limit=100');
    const versions = all.body.items.map((i) => i.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(all.body.head).toBe(head1 + 22);
  });
});
