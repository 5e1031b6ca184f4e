// Both hosts over one core: the IPC bridge (as electron/main.ts wires it) and the HTTP host must answer every call
// identically; plus the HTTP host's own guards (health, Host header, body limits, content type, SSE, files).

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcBridge } from '../../src-main/api/ipc-bridge';
import { createHttpHost, type HttpHost } from '../../src-main/http/server';
import type { Wire } from '../../src-shared/errors';
import { makeCore, setupOffice, userWithRoles, type TestCore } from '../helpers/core';

let t: TestCore;
let host: HttpHost;
let base: string;
let adminToken: string;
let clerkToken: string;

beforeAll(async () => {
  t = makeCore();
  ({ adminToken } = await setupOffice(t));
  ({ token: clerkToken } = await userWithRoles(t, adminToken, 'Lê Văn Thư', ['clerk']));
  host = createHttpHost(t.core, { host: '127.0.0.1', port: 0, staticDir: null });
  base = (await host.listen()).url;
});

afterAll(async () => {
  await host.close();
  t.close();
});

async function post(method: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Wire<unknown> }> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Wire<unknown> };
}

describe('contract: IPC and HTTP return the same result', () => {
  const cases: Array<[string, unknown, 'admin' | 'clerk' | 'none']> = [
    ['setup.status', {}, 'none'],
    ['system.health', {}, 'none'],
    ['auth.me', {}, 'admin'],
    ['users.list', {}, 'admin'],
    ['users.list', { limit: 0 }, 'admin'],
    ['users.list', {}, 'clerk'],
    ['users.list', {}, 'none'],
    ['users.suggestUsername', { fullName: 'Trần Văn A' }, 'admin'],
    ['units.list', {}, 'clerk'],
    ['settings.get', {}, 'clerk'],
    ['no.such.method', {}, 'admin'],
    ['auth.login', { username: 'khongco', password: 'Sai@mat123' }, 'none'],
  ];
  it.each(cases)('%s %j as %s', async (method, input, who) => {
    const token = who === 'admin' ? adminToken : who === 'clerk' ? clerkToken : null;
    const viaIpc = await createIpcBridge(t.core).invoke({ method, input, token });
    const viaHttp = await post(method, input, token ?? undefined);
    // Structured clone (IPC) vs JSON (HTTP): compare as JSON, the wire format both promise.
    expect(viaHttp.json).toEqual(JSON.parse(JSON.stringify(viaIpc)));
  });

  it('maps error codes to HTTP statuses', async () => {
    expect((await post('users.list', {})).status).toBe(401);
    expect((await post('users.list', {}, clerkToken)).status).toBe(403);
    expect((await post('users.list', { limit: 0 }, adminToken)).status).toBe(400);
    expect((await post('nope', {}, adminToken)).status).toBe(404);
    expect((await post('users.list', {}, adminToken)).status).toBe(200);
  });

  it('rejects malformed IPC requests', async () => {
    expect(await createIpcBridge(t.core).invoke('users.list')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await createIpcBridge(t.core).invoke({ method: 1, token: null })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('returns files the same way: bytes over IPC, a download over HTTP', async () => {
    const ipc = (await createIpcBridge(t.core).invoke({ method: 'audit.export', input: {}, token: adminToken })) as Wire<{ fileName: string; bytes: Uint8Array }>;
    expect(ipc.ok).toBe(true);
    const res = await fetch(`${base}/api/audit.export`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` }, body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''nhat-ky-/);
    const httpText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    const ipcText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(ipc.ok ? ipc.value.bytes : new Uint8Array());
    // The second export's audit row follows the first: same header and rows up to the first export.
    expect(httpText.split('\r\n')[0]).toBe(ipcText.split('\r\n')[0]);
    expect(httpText.startsWith(ipcText.replace(/\r\n$/, ''))).toBe(true);
  });
});

function raw(opts: http.RequestOptions, body?: string | Buffer): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: u.hostname, port: u.port, ...opts }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('HTTP host guards', () => {
  it('answers GET /api/health', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(await res.json()).toEqual({ ok: true, version: 'test' });
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('refuses foreign Host headers (DNS rebinding)', async () => {
    const r = await raw({ method: 'GET', path: '/api/health', headers: { Host: 'attacker.example:80' } });
    expect(r.status).toBe(421);
  });

  it('refuses a body over the limit without reading it', async () => {
    // Declares 2 GB and sends nothing: a server that waited for the body would never answer (the test times out).
    const r = await raw({ method: 'POST', path: '/api/auth.login', headers: { 'Content-Type': 'application/json', 'Content-Length': String(2 * 1024 ** 3) } });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    const r = await raw({ method: 'POST', path: '/api/auth.login', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, big).catch((e: Error) => ({
      status: -1,
      body: e.message,
    }));
    // Either the 413 answer arrives, or the socket is cut after it: never a 200 or a 500.
    expect([413, -1]).toContain(r.status);
  });

  it('accepts only JSON bodies and reports malformed JSON in Vietnamese', async () => {
    const form = await raw({ method: 'POST', path: '/api/auth.login', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 'username=a&password=b');
    expect(form.status).toBe(400);
    expect(JSON.parse(form.body).error.message).toMatch(/Content-Type/);
    const bad = await raw({ method: 'POST', path: '/api/auth.login', headers: { 'Content-Type': 'application/json' } }, '{"username":');
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Dữ liệu JSON không hợp lệ.' } });
  });

  it('lists invalid fields in Vietnamese', async () => {
    const r = await post('users.create', { fullName: '', roles: [] }, adminToken);
    expect(r.status).toBe(400);
    const fields = (r.json as { error: { fields: Array<{ path: string; message: string }> } }).error.fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'fullName', message: 'Bắt buộc nhập.' },
        { path: 'roles', message: 'Chọn ít nhất một vai trò.' },
      ]),
    );
  });

  it('streams events to the right user over SSE', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { Authorization: `Bearer ${clerkToken}` }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain(': connected');
    t.core.events.emit({ name: 'users.changed', data: { userId: 99 }, to: [123456] }); // someone else's
    t.core.events.emit({ name: 'settings.changed', data: {} });
    const { value } = await reader.read();
    expect(value).toBe('event: settings.changed\ndata: {}\n\n');
    ctrl.abort();
    const anon = await fetch(`${base}/api/events`);
    expect(anon.status).toBe(401);
  });
});

describe('HTTP uploads are streamed to the blob store (issue 7 item 14)', () => {
  const tmpFiles = () => {
    const d = `${t.core.services.blobs.store.dir}/tmp`;
    return fs.existsSync(d) ? fs.readdirSync(d) : [];
  };

  function upload(fileName: string, headers: Record<string, string> = {}) {
    const u = new URL(base);
    const req = http.request({
      hostname: u.hostname,
      port: u.port,
      method: 'POST',
      path: '/api/blobs.put',
      headers: {
        Authorization: `Bearer ${clerkToken}`,
        'Content-Type': 'application/octet-stream',
        'X-Vanthu-Input': encodeURIComponent(JSON.stringify({ fileName })),
        ...headers,
      },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
    });
    return { req, answer };
  }

  it('stores the same file over HTTP as over IPC', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4\n% Công văn số 12\n%%EOF\n');
    const ipc = await createIpcBridge(t.core).invoke({ method: 'blobs.put', input: { fileName: 'cv.pdf', bytes }, token: clerkToken });
    const { req, answer } = upload('cv.pdf');
    req.end(Buffer.from(bytes));
    const r = await answer;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual(JSON.parse(JSON.stringify(ipc)));
    expect(tmpFiles()).toEqual([]);
  });

  it('answers 413 file_too_large as soon as a chunked upload passes the limit, leaving no temp file', async () => {
    await post('settings.update', { uploadLimitMb: 1 }, adminToken);
    try {
      const { req, answer } = upload('lon.pdf', { 'Transfer-Encoding': 'chunked' });
      req.write(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1536 * 1024, 0x20)]));
      // The request is not ended: the answer can only come from the limit, not from the end of the body.
      const r = await answer;
      req.destroy();
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'file_too_large', message: 'Tệp "lon.pdf" lớn hơn 1 MB cho phép.' } });
      expect(tmpFiles()).toEqual([]);

      const declared = upload('lon2.pdf', { 'Content-Length': String(2 * 1024 * 1024) });
      declared.req.write('%PDF-1.4\n');
      const d = await declared.answer;
      declared.req.destroy();
      expect(d.status).toBe(413);
      expect(JSON.parse(d.body)).toMatchObject({ ok: false, error: { code: 'file_too_large' } });
    } finally {
      await post('settings.update', { uploadLimitMb: 50 }, adminToken);
    }
  });

  it('answers an invalid upload at once without reading its body', async () => {
    const { req, answer } = upload('', { 'Transfer-Encoding': 'chunked' });
    req.write(Buffer.alloc(64 * 1024));
    const r = await answer;
    req.destroy();
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'fileName' }] } });
  });
});

describe("LAN mode: only the configured host names and this machine's own", () => {
  function get(url: string, hostHeader: string): Promise<number> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname: u.hostname, port: u.port, method: 'GET', path: '/api/health', headers: { Host: hostHeader } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('accepts its own names and addresses and the listed host names, and refuses any other Host', async () => {
    const bad = await post('settings.update', { allowedHosts: ['http://vanthu.local:5780'] }, adminToken);
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'allowedHosts.0' }] } });
    const ok = await post('settings.update', { allowedHosts: ['VanThu.UBND.local', 'fe80::1'] }, adminToken);
    expect(ok.json).toMatchObject({ ok: true, value: { allowedHosts: ['vanthu.ubnd.local', 'fe80::1'] } });

    // Bound to loopback here so the test opens nothing to the network; the Host check is what LAN mode runs.
    const lan = createHttpHost(t.core, { host: '127.0.0.1', port: 0, staticDir: null, lan: true });
    const url = (await lan.listen()).url;
    try {
      const ownIp = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4')!.address;
      for (const h of ['127.0.0.1:5780', 'localhost', 'vanthu.ubnd.local:5780', 'vanthu.ubnd.local.', '[fe80::1]:5780', `${ownIp}:5780`, os.hostname()]) {
        expect([h, await get(url, h)]).toEqual([h, 200]);
      }
      for (const h of ['attacker.example', 'vanthu.ubnd.local.attacker.example', '10.66.66.66']) {
        expect([h, await get(url, h)]).toEqual([h, 421]);
      }
    } finally {
      await lan.close();
    }
    // Without LAN mode, a listed name is still refused: loopback names only.
    expect(await get(base, 'vanthu.ubnd.local')).toBe(421);
  });
});
