// Several hub processes on one PostgreSQL, as a province runs them: push through one and pull through the other,
// concurrent pushes to one office from both give gap-free sequence numbers in commit order while a reader polls,
// kill -9 mid-upload loses and duplicates nothing; plus HTTPS and the CLI's credential on the same database.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem, FeedResponse, HealthResponse, MeResponse, PushResponse } from '../../src-shared/hub/protocol';
import { startHub, type TestHub } from '../helpers/hub';
import { documentEdxml, hubClient, pushDocument, sha256, uploadBlob } from '../helpers/hub-client';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const run = promisify(execFile);
const S1 = '000.01.10.H23';
const S2 = '000.02.10.H23';
const R = '000.03.10.H23';

let pg: TestPostgres;
let h1: TestHub;
let h2: TestHub;
const cred: Record<string, string> = {};

beforeAll(async () => {
  pg = await startPostgres();
  // Both processes start together on an empty database: migrations must not race.
  [h1, h2] = await Promise.all([startHub({ db: 'pg', databaseUrl: pg.url }), startHub({ db: 'pg', databaseUrl: pg.url })]);
  for (const [code, name] of [
    [S1, 'UBND huyện Kim Bảng'],
    [S2, 'UBND huyện Thanh Liêm'],
    [R, 'UBND xã Đồng Hóa'],
  ])
    cred[code] = (await h1.addOffice(code, name)).credential;
});
afterAll(async () => {
  await Promise.all([h1?.stop(), h2?.stop()]);
  await pg?.stop();
});

async function pool<T>(n: number, jobs: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < jobs.length) {
        const k = i++;
        out[k] = await jobs[k]();
      }
    }),
  );
  return out;
}

describe('hai tiến trình trục trên một PostgreSQL', () => {
  it('gửi qua tiến trình 1, nhận qua tiến trình 2', async () => {
    const i1 = (await hubClient(h1.url, null).get<HealthResponse>('/health')).body;
    const i2 = (await hubClient(h2.url, null).get<HealthResponse>('/health')).body;
    expect(i1).toMatchObject({ ok: true, db: 'up' });
    expect(i1.instance).not.toBe(i2.instance);

    const sent = await pushDocument(hubClient(h1.url, cred[S1]), { from: S1, to: [R] });
    expect(sent.status).toBe(200);
    const r = hubClient(h2.url, cred[R]);
    const f = await r.get<FeedResponse>('/v1/feed?after=0');
    expect(f.body.items.map((i) => i.packetId)).toEqual([sent.packetId]);
    expect(sha256((await r.get<Buffer>(`/v1/blobs/${sent.sha}`)).body)).toBe(sent.sha);
    await r.get(`/v1/feed?after=${f.body.head}`);
  });

  it('gửi đồng thời đến một cơ quan từ cả hai tiến trình: số thứ tự liền mạch, người đọc không bỏ sót mục nào', async () => {
    const reader = [hubClient(h1.url, cred[R]), hubClient(h2.url, cred[R])];
    const start = (await reader[0].get<MeResponse>('/v1/me')).body.head;
    const PER = 30;
    // Blobs first (uploads are not what is raced), then the pushes all at once through both processes.
    const prepared = await Promise.all(
      [S1, S2].flatMap((s, si) =>
        Array.from({ length: PER }, async (_, k) => {
          const client = hubClient((si + k) % 2 ? h2.url : h1.url, cred[s]);
          const bytes = Buffer.from(documentEdxml({ from: s, to: [R], number: String(1000 * (si + 1) + k) }).text);
          const up = await uploadBlob(client, bytes);
          return { client, req: { packetId: randomUUID() as string, kind: 'document', blob: { sha256: up.sha, size: bytes.length }, to: [R] } };
        }),
      ),
    );
    const seen: FeedItem[] = [];
    let cursor = start;
    let writing = true;
    let polls = 0;
    const poller = (async () => {
      // Polls (alternating processes) until every packet is seen, checking that each answer continues the cursor.
      while (writing || seen.length < prepared.length) {
        const f = await reader[polls++ % 2].get<FeedResponse>(`/v1/feed?after=${cursor}&limit=7`);
        expect(f.status).toBe(200);
        for (const it of f.body.items) {
          expect(it.seq).toBe(cursor + 1);
          cursor = it.seq;
          seen.push(it);
        }
        if (!writing && !f.body.items.length && f.body.head === cursor) break;
      }
    })();
    const pushed = await pool(
      16,
      prepared.map((p) => () => p.client.post<PushResponse>('/v1/packets', p.req)),
    );
    writing = false;
    await poller;
    expect(pushed.every((p) => p.status === 200 && !p.body.duplicate)).toBe(true);
    expect(polls).toBeGreaterThan(1);
    expect(seen.map((i) => i.seq)).toEqual(Array.from({ length: prepared.length }, (_, k) => start + 1 + k));
    expect(new Set(seen.map((i) => i.packetId))).toEqual(new Set(prepared.map((p) => p.req.packetId)));

    // Every sender gets one receipt per packet once R acknowledges, whichever process it asks.
    await reader[1].get(`/v1/feed?after=${cursor}`);
    for (const s of [S1, S2]) {
      const f = await hubClient(h1.url, cred[s]).get<FeedResponse>('/v1/feed?after=0&limit=1000');
      const receipts = f.body.items.filter((i) => i.type === 'receipt').map((i) => i.packetId);
      const mine = prepared.filter((p) => p.client.credential === cred[s]).map((p) => p.req.packetId);
      expect(receipts.filter((id) => mine.includes(id)).sort()).toEqual([...mine].sort());
      expect(new Set(receipts).size).toBe(receipts.length);
    }
  });

  it('kill -9 tiến trình giữa lúc tải tệp, khởi động lại, tải tiếp: không mất, không trùng', async () => {
    const s = hubClient(h1.url, cred[S1]);
    const { text } = documentEdxml({ from: S1, to: [R], attachment: Buffer.alloc(600_000, 3) });
    const bytes = Buffer.from(text);
    const sha = sha256(bytes);
    const CH = 64 * 1024;
    const first = await uploadBlob(s, bytes, { chunk: CH, stopAfter: 4 });
    expect(first.offset).toBe(4 * CH);
    // One more chunk in flight while the process dies: it is either stored whole or not at all.
    const inflight = s.put(`/v1/blobs/${sha}?offset=${4 * CH}&total=${bytes.length}`, bytes.subarray(4 * CH, 5 * CH)).catch(() => null);
    await h1.kill();
    await inflight;
    await h1.restart();
    const h = await s.head(`/v1/blobs/${sha}`);
    expect([String(4 * CH), String(5 * CH)]).toContain(h.headers.get('upload-offset'));
    const rest = await uploadBlob(s, bytes, { chunk: CH });
    expect(rest.complete).toBe(true);

    const packetId = randomUUID();
    const req = { packetId, kind: 'document', blob: { sha256: sha, size: bytes.length }, to: [R] };
    const r = hubClient(h2.url, cred[R]);
    const before = (await r.get<MeResponse>('/v1/me')).body.head;
    // A push answered by nobody (the process dies), retried on the other process: still one copy.
    const lost = s.post<PushResponse>('/v1/packets', req).catch(() => null);
    await h1.kill();
    await lost;
    const retry = await hubClient(h2.url, cred[S1]).post<PushResponse>('/v1/packets', req);
    expect(retry.status).toBe(200);
    await h1.restart();
    const again = await s.post<PushResponse>('/v1/packets', req);
    expect(again.body.duplicate).toBe(true);
    const f = await r.get<FeedResponse>(`/v1/feed?after=${before}`);
    expect(f.body.items.filter((i) => i.packetId === packetId)).toHaveLength(1);
    const got = await r.get<Buffer>(`/v1/blobs/${sha}`);
    expect(Buffer.compare(got.body, bytes)).toBe(0);
  });
});

describe('HTTPS và dòng lệnh', () => {
  it('phục vụ HTTPS với chứng thư tự ký; máy khách tin chứng thư đó kết nối được, máy khách khác thì không', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=truc.hanam.test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    const tlsHub = await startHub({ db: 'pg', databaseUrl: pg.url, tls: { cert, key } });
    try {
      expect(tlsHub.url.startsWith('https://')).toBe(true);
      const get = (p: string, ca?: Buffer, auth?: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = https.get(`${tlsHub.url}${p}`, { ca, headers: auth ? { authorization: `Bearer ${auth}` } : {} }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
        });
      const ca = fs.readFileSync(cert);
      const health = await get('/health', ca);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true, db: 'up' });
      const me = await get('/v1/me', ca, cred[R]);
      expect(JSON.parse(me.body)).toMatchObject({ code: R });
      await expect(get('/health')).rejects.toThrow(/self.signed|certificate/i);
    } finally {
      await tlsHub.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // SIGTERM is a graceful stop: the process said so before exiting.
    expect(tlsHub.logs.map((l) => l.msg)).toContain('stopped');
  });

  it('`hub office add` in khóa một lần; khóa đó dùng được ngay ở tiến trình đang chạy', async () => {
    const out = await run(process.execPath, ['src-hub/bin/hub.mjs', 'office', 'add', 'H23.77', 'UBND xã Liêm Tuyền'], { env: { ...process.env, HUB_DATABASE_URL: pg.url } });
    const credential = out.stdout.trim().split('\n').pop()!;
    expect(credential).toMatch(/^H23\.77:[A-Za-z0-9_-]{43}$/);
    const me = await hubClient(h2.url, credential).get<MeResponse>('/v1/me');
    expect(me.body).toMatchObject({ code: 'H23.77', name: 'UBND xã Liêm Tuyền' });
    const list = await run(process.execPath, ['src-hub/bin/hub.mjs', 'office', 'list'], { env: { ...process.env, HUB_DATABASE_URL: pg.url } });
    expect(list.stdout).toContain('H23.77');
    expect(list.stdout).not.toContain(credential.split(':')[1]);
    const dup = await run(process.execPath, ['src-hub/bin/hub.mjs', 'office', 'add', 'H23.77', 'Trùng'], { env: { ...process.env, HUB_DATABASE_URL: pg.url } }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((dup as { code: number }).code).toBe(1);
    expect((dup as { stderr: string }).stderr).toContain('đã được đăng ký');
  });

  it('mất PostgreSQL: /health báo db down (503), yêu cầu của cơ quan nhận 503 unavailable, không phải 500', async () => {
    await pg.stop();
    const h = await hubClient(h2.url, null).get<HealthResponse>('/health');
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, db: 'down' });
    const me = await hubClient(h2.url, cred[R]).get('/v1/me');
    expect(me.status).toBe(503);
    expect((me.body as { error: { code: string } }).error.code).toBe('unavailable');
  });
});
