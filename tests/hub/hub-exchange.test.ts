// The hub's main story on real PostgreSQL and on PGlite (the embedded default): push → feed → download → acknowledge →
// receipt → status reply, idempotent push, unknown recipients refused back, status packets only along an exchange.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedResponse, MeResponse, PushResponse } from '../../src-shared/hub/protocol';
import { startHub, type TestHub } from '../helpers/hub';
import { documentEdxml, hubClient, type HubClient, pushDocument, pushStatus, sha256, uploadBlob } from '../helpers/hub-client';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const A = '000.00.01.H23';
const B = '000.00.02.H23';
const C = '000.00.03.H23';

describe.each(['pg', 'pglite'] as const)('trục tỉnh trên %s', (db) => {
  let pg: TestPostgres | null = null;
  let hub: TestHub;
  let a: HubClient;
  let b: HubClient;
  let c: HubClient;

  beforeAll(async () => {
    if (db === 'pg') pg = await startPostgres();
    hub = await startHub({ db, databaseUrl: pg?.url });
    a = hubClient(hub.url, (await hub.addOffice(A, 'UBND xã An Lão')).credential);
    b = hubClient(hub.url, (await hub.addOffice(B, 'UBND xã Bình Nghĩa')).credential);
    c = hubClient(hub.url, (await hub.addOffice(C, 'UBND xã Công Lý')).credential);
  });
  afterAll(async () => {
    await hub?.stop();
    await pg?.stop();
  });

  it('gửi văn bản A → B, B nhận, tải tệp, xác nhận; A nhận đúng một biên nhận; B trả trạng thái', async () => {
    const sent = await pushDocument(a, { from: A, to: [B] });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ packetId: sent.packetId, duplicate: false, accepted: [B], refused: [] });

    const fb = await b.get<FeedResponse>('/v1/feed?after=0');
    expect(fb.status).toBe(200);
    expect(fb.body.items).toHaveLength(1);
    const item = fb.body.items[0];
    expect(item).toMatchObject({ type: 'packet', packetId: sent.packetId, kind: 'document', from: A, blob: { sha256: sent.sha, size: sent.size } });
    expect(fb.body.head).toBe(item.seq);

    const whole = await b.get<Buffer>(`/v1/blobs/${sent.sha}`);
    expect(whole.status).toBe(200);
    expect(sha256(whole.body)).toBe(sent.sha);
    const tail = await b.get<Buffer>(`/v1/blobs/${sent.sha}`, { range: 'bytes=100-' });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes 100-${sent.size - 1}/${sent.size}`);
    expect(Buffer.compare(tail.body, whole.body.subarray(100))).toBe(0);

    // Not acknowledged yet: no receipt for A.
    const before = await a.get<FeedResponse>('/v1/feed?after=0');
    expect(before.body.items.filter((i) => i.type === 'receipt')).toHaveLength(0);

    // after=seq acknowledges; asking twice (and from the same cursor again) gives A exactly one receipt.
    await b.get(`/v1/feed?after=${item.seq}`);
    await Promise.all([b.get(`/v1/feed?after=${item.seq}`), b.get(`/v1/feed?after=${item.seq}`)]);
    const fa = await a.get<FeedResponse>('/v1/feed?after=0');
    const receipts = fa.body.items.filter((i) => i.type === 'receipt');
    expect(receipts).toEqual([expect.objectContaining({ type: 'receipt', packetId: sent.packetId, recipient: B, state: 'delivered' })]);

    // B answers "03 Đã tiếp nhận": allowed, since A sent B this document.
    const st = await pushStatus(b, { from: B, originalSender: A, documentId: sent.documentId, to: [A], statusCode: '03' });
    expect(st.status).toBe(200);
    expect(st.body.accepted).toEqual([A]);
    const fa2 = await a.get<FeedResponse>(`/v1/feed?after=${fa.body.head}`);
    expect(fa2.body.items).toEqual([expect.objectContaining({ type: 'packet', kind: 'status', from: B, packetId: st.packetId })]);
    const statusItem = fa2.body.items[0];
    expect(statusItem.type === 'packet' && statusItem.edxml).toContain('<StatusCode>03</StatusCode>');

    // C never exchanged this document with A: its status is refused; A may write to B about it (either direction).
    const stranger = await pushStatus(c, { from: C, originalSender: A, documentId: sent.documentId, to: [A] });
    expect(stranger.status).toBe(403);
    expect((stranger.body as unknown as { error: { code: string } }).error.code).toBe('forbidden');
    const back = await pushStatus(a, { from: A, originalSender: A, documentId: sent.documentId, to: [B], statusCode: '13' });
    expect(back.status).toBe(200);

    const me = await a.get<MeResponse>('/v1/me');
    expect(me.body).toMatchObject({ code: A, name: 'UBND xã An Lão' });
    expect(Math.abs(me.body.hubTime - Date.now())).toBeLessThan(60_000);
    expect(me.body.head).toBeGreaterThanOrEqual(fa2.body.head);
  });

  it('gửi lại cùng gói tin (tuần tự và đồng thời) chỉ lưu một lần; cùng mã khác nội dung → 409', async () => {
    const { text } = documentEdxml({ from: A, to: [C] });
    const bytes = Buffer.from(text);
    const up = await uploadBlob(a, bytes);
    expect(up.complete).toBe(true);
    const packetId = randomUUID();
    const req = { packetId, kind: 'document', blob: { sha256: up.sha, size: bytes.length }, to: [C] };
    const headBefore = (await c.get<MeResponse>('/v1/me')).body.head;
    const replies = await Promise.all(Array.from({ length: 6 }, () => a.post<PushResponse>('/v1/packets', req)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replies.filter((r) => !r.body.duplicate)).toHaveLength(1);
    const again = await a.post<PushResponse>('/v1/packets', req);
    expect(again.body).toMatchObject({ duplicate: true, accepted: [C] });

    const fc = await c.get<FeedResponse>(`/v1/feed?after=${headBefore}`);
    expect(fc.body.items.filter((i) => i.packetId === packetId)).toHaveLength(1);

    // Same packetId, other content (another recipient list): refused.
    const other = await a.post<{ error: { code: string } }>('/v1/packets', { ...req, to: [B] });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict');
  });

  it('nơi nhận chưa đăng ký được báo lại; không nơi nhận nào đăng ký → 422 unknown_recipient', async () => {
    const X = '000.00.99.H23';
    const some = await pushDocument(a, { from: A, to: [B, X] });
    expect(some.status).toBe(200);
    expect(some.body.accepted).toEqual([B]);
    expect(some.body.refused).toEqual([{ code: X, reason: expect.stringContaining('chưa đăng ký') }]);

    const none = await pushDocument(a, { from: A, to: [X] });
    expect(none.status).toBe(422);
    expect((none.body as unknown as { error: { code: string; detail: { refused: unknown[] } } }).error).toMatchObject({
      code: 'unknown_recipient',
      detail: { refused: [{ code: X }] },
    });

    // The To list the office declares must be the packet's own.
    const lying = await pushDocument(a, { from: A, to: [B, C], toOverride: [B] });
    expect(lying.status).toBe(422);
    expect((lying.body as unknown as { error: { code: string } }).error.code).toBe('invalid_packet');
  });

  it('kill -9 rồi khởi động lại trên cùng dữ liệu: không mất gì; PGlite không cho tiến trình thứ hai mở thư mục đang dùng', async () => {
    const head = (await b.get<MeResponse>('/v1/me')).body.head;
    await hub.restart();
    expect((await b.get<MeResponse>('/v1/me')).body.head).toBe(head);
    const f = await b.get<FeedResponse>('/v1/feed?after=0&limit=1000');
    expect(f.body.items.length).toBe(head);
    if (db === 'pglite') {
      const cli = await promisify(execFile)(process.execPath, ['src-hub/bin/hub.mjs', 'office', 'list'], {
        env: { ...process.env, HUB_DATA_DIR: hub.dataDir, HUB_DATABASE_URL: '' },
      }).catch((e: { code: number; stderr: string }) => e);
      expect((cli as { code: number }).code).toBe(1);
      expect((cli as { stderr: string }).stderr).toContain('đang được tiến trình');
    }
  });
});
