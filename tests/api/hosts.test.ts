// Both hosts over one core: the IPC bridge (as electron/main.ts wires it) and the HTTP host must answer every call
// identically; plus the HTTP host's own guards (health, Host header, body limits, content type, SSE, files).

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpcBridge } from '../../src-main/api/ipc-bridge';
import { createHttpHost, type HttpHost } from '../../src-main/http/server';
import type { Wire } from '../../src-shared/errors';
import { makeCore, setupOffice, STRONG_PASSWORD, userWithRoles, type TestCore } from '../helpers/core';

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

describe('browser sessions: an HttpOnly cookie page scripts cannot read (issue 14 item 14)', () => {
  const page = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', 'X-VanThu': '1', Origin: base, 'Sec-Fetch-Site': 'same-origin', ...extra });
  async function pageLogin(): Promise<{ cookie: string; setCookie: string; body: Wire<{ token: string; user: { id: number } }> }> {
    const res = await fetch(`${base}/api/auth.login`, { method: 'POST', headers: page(), body: JSON.stringify({ username: who, password: STRONG_PASSWORD }) });
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { setCookie, cookie: setCookie.split(';')[0], body: (await res.json()) as Wire<{ token: string; user: { id: number } }> };
  }
  // A person of their own: the password change below ends every session of theirs.
  let who = '';
  beforeAll(async () => {
    who = (await userWithRoles(t, adminToken, 'Phan Thị Trang', ['staff'])).username;
  });
  const withCookie = (method: string, cookie: string, headers: Record<string, string>, body: unknown = {}) =>
    fetch(`${base}/api/${method}`, { method: 'POST', headers: { ...headers, Cookie: cookie }, body: JSON.stringify(body) });

  it('sets the session as an HttpOnly, SameSite=Strict cookie and keeps the token out of the JSON', async () => {
    const { setCookie, cookie, body } = await pageLogin();
    expect(setCookie).toMatch(/^vanthu_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure|Max-Age|Expires/); // plain http on this machine; ends with the browser session
    expect(body.ok).toBe(true);
    if (!body.ok) return;
    expect(body.value.token).toBe('');
    expect(JSON.stringify(body)).not.toContain(cookie.split('=')[1]);
    // The cookie authenticates the page's calls, SSE and downloads.
    const me = await withCookie('auth.me', cookie, page());
    expect(me.status).toBe(200);
    expect(((await me.json()) as { value: { user: { username: string } } }).value.user.username).toBe(who);
    const ctrl = new AbortController();
    const events = await fetch(`${base}/api/events`, { headers: { Cookie: cookie, 'X-VanThu': '1' }, signal: ctrl.signal });
    expect(events.status).toBe(200);
    ctrl.abort();
  });

  it('refuses the cookie on a cross-site request or one without the page header', async () => {
    const { cookie } = await pageLogin();
    const cases: Array<Record<string, string>> = [
      page({ Origin: 'http://evil.example' }),
      page({ 'Sec-Fetch-Site': 'cross-site' }),
      page({ Origin: 'null' }),
      { 'Content-Type': 'application/json' }, // no X-VanThu: a plain cross-site form post would look like this
    ];
    for (const headers of cases) {
      const res = await withCookie('auth.me', cookie, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as Wire<unknown>).ok).toBe(false);
    }
    const ev = await fetch(`${base}/api/events`, { headers: { Cookie: cookie, 'X-VanThu': '1', Origin: 'http://evil.example' } });
    expect(ev.status).toBe(403);
    // A cross-site sign-in attempt (login CSRF) is refused before the password is even checked.
    const login = await fetch(`${base}/api/auth.login`, {
      method: 'POST',
      headers: page({ Origin: 'http://evil.example' }),
      body: JSON.stringify({ username: who, password: STRONG_PASSWORD }),
    });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('re-sets the cookie on a password change and clears it on sign-out', async () => {
    const { cookie } = await pageLogin();
    const changed = await withCookie('auth.changePassword', cookie, page(), { currentPassword: STRONG_PASSWORD, newPassword: 'Moi@matkhau2027' });
    expect(changed.status).toBe(200);
    const fresh = (changed.headers.get('set-cookie') ?? '').split(';')[0];
    expect(fresh).toMatch(/^vanthu_session=.{40,}/);
    expect(fresh).not.toBe(cookie);
    expect(((await changed.json()) as { value: { token: string } }).value.token).toBe('');
    // The old cookie is dead (and told to go); the new one works.
    const old = await withCookie('auth.me', cookie, page());
    expect(old.status).toBe(401);
    expect(old.headers.get('set-cookie')).toMatch(/^vanthu_session=; .*Max-Age=0/);
    expect((await withCookie('auth.me', fresh, page())).status).toBe(200);
    const out = await withCookie('auth.logout', fresh, page());
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^vanthu_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
    expect((await withCookie('auth.me', fresh, page())).status).toBe(401);
  });

  it('still answers Bearer clients with the token in the JSON and no cookie', async () => {
    const res = await fetch(`${base}/api/auth.login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: STRONG_PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toBeNull();
    const wire = (await res.json()) as Wire<{ token: string }>;
    expect(wire.ok && wire.value.token.length).toBeGreaterThan(40);
    if (!wire.ok) return;
    expect((await post('users.list', {}, wire.value.token)).status).toBe(200);
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
