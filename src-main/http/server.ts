// The HTTP host (browser mode): POST /api/<method> -> dispatch, GET /api/health, GET /api/events (server-sent
// events), and the static renderer. A thin adapter: no business rule lives here. Binds to 127.0.0.1 unless told
// otherwise, checks the Host header against DNS rebinding, and refuses oversized bodies before reading them.
// Sessions: the page's session lives in an HttpOnly, SameSite=Strict cookie that page scripts cannot read; requests
// it authenticates must be marked `X-VanThu: 1` and come from this origin (CSRF). API clients keep `Authorization:
// Bearer`. A token is never logged.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { api, isMethodName, type EventEnvelope } from '../../src-shared/api';
import type { BinaryOut } from '../../src-shared/api/define';
import { AppError, httpStatusFor, type Wire } from '../../src-shared/errors';
import type { Core } from '../core';
import { createHostCheck } from './hosts';

export interface HttpHostOptions {
  host: string;
  port: number;
  /** Built renderer (out/renderer); null serves the API only. */
  staticDir: string | null;
  /** Largest JSON body, bytes. */
  maxJsonBytes?: number;
  /**
   * LAN access: besides the loopback names, accept this machine's own names and addresses and the host names in the
   * settings (`allowedHosts`). Otherwise only loopback names. Any other Host is refused with 421.
   */
  lan?: boolean;
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

function send(res: http.ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string | number>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

function sendWire(res: http.ServerResponse, wire: Wire<unknown>): void {
  const status = wire.ok ? 200 : httpStatusFor(wire.error.code);
  const retryAfter = wire.ok ? undefined : wire.error.details?.retryAfterSeconds;
  send(res, status, JSON.stringify(wire), {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(typeof retryAfter === 'number' ? { 'Retry-After': retryAfter } : {}),
  });
}

function sendWireAndClose(res: http.ServerResponse, wire: Wire<unknown>): void {
  res.setHeader('Connection', 'close');
  sendWire(res, wire);
  res.on('finish', () => res.socket?.destroy());
}

function sendError(res: http.ServerResponse, err: AppError, close = false): void {
  if (close) res.setHeader('Connection', 'close');
  sendWire(res, { ok: false, error: err.toWire() });
  if (close) res.on('finish', () => res.socket?.destroy());
}

function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** The browser session's cookie. */
export const SESSION_COOKIE = 'vanthu_session';
/** The header the renderer sends with every call: a cross-site form or image cannot, and a cross-site fetch with it
 *  needs a CORS preflight this host never grants. */
export const PAGE_HEADER = 'x-vanthu';

function cookieToken(req: http.IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** Sent by our own page: the custom header, and the browser's own word on where the request comes from. */
function fromOwnPage(req: http.IncomingMessage): boolean {
  if (req.headers[PAGE_HEADER] !== '1') return false;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
}

interface Credentials {
  token: string | null;
  /** The session came from the cookie (or the page is signing in): answers set or clear the cookie, never show the token. */
  page: boolean;
}

/** Bearer first (API clients, CLI); otherwise the page's cookie, only for requests from our own page. */
function credentials(req: http.IncomingMessage): Credentials | AppError {
  const b = bearer(req);
  if (b) return { token: b, page: false };
  const marked = req.headers[PAGE_HEADER] !== undefined;
  const cookie = cookieToken(req);
  if ((marked || cookie) && !fromOwnPage(req)) {
    // A cookie without the mark, or a marked request from elsewhere: a cross-site request riding on the session.
    return new AppError('forbidden', 'Yêu cầu không xuất phát từ trang VănThư nên bị từ chối.');
  }
  return { token: cookie, page: marked };
}

function sessionCookie(req: http.IncomingMessage, token: string | null): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted ? '; Secure' : '';
  return token ? `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/${secure}` : `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure}`;
}

/** For the page: the token of a sign-in or password change goes into the cookie and out of the JSON; a sign-out or
 *  an ended session clears the cookie. */
function pageSession(req: http.IncomingMessage, res: http.ServerResponse, method: string, wire: Wire<unknown>): Wire<unknown> {
  if (wire.ok && (method === 'auth.login' || method === 'auth.changePassword')) {
    const value = wire.value as { token?: string };
    if (value.token) {
      res.setHeader('Set-Cookie', sessionCookie(req, value.token));
      return { ok: true, value: { ...value, token: '' } };
    }
  }
  if ((wire.ok && method === 'auth.logout') || (!wire.ok && wire.error.code === 'unauthenticated' && cookieToken(req))) {
    res.setHeader('Set-Cookie', sessionCookie(req, null));
  }
  return wire;
}

/** Reads the body up to `limit` bytes; rejects as soon as the declared or streamed size passes it. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `Dữ liệu gửi lên vượt quá ${Math.round(limit / 1048576)} MB cho phép.`, { details: { limitBytes: limit } });
}

function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function createHttpHost(core: Core, opts: HttpHostOptions) {
  const maxJson = opts.maxJsonBytes ?? 1024 * 1024;
  const sse = new Set<http.ServerResponse>();

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, new AppError('not_found', 'Chỉ hỗ trợ phương thức POST.'));
    const cred = credentials(req);
    if (cred instanceof AppError) return sendError(res, cred, true);
    const { token, page } = cred;
    const remote = req.socket.remoteAddress ?? null;
    const spec = isMethodName(method) ? api[method] : null;
    let input: unknown = {};
    if (spec?.binary === 'input') {
      // Bytes in the body, the rest of the input as JSON in a header: a large file never becomes a JSON string.
      // The body is handed to the method unread, as a stream: the blob store copies it to disk while hashing and
      // stops at the size limit, so an upload never sits in memory (issue 7 item 14).
      const limit = core.services.settings.get('uploadLimitMb') * 1024 * 1024;
      try {
        const meta = req.headers['x-vanthu-input'];
        const parsedMeta = typeof meta === 'string' && meta ? (JSON.parse(decodeURIComponent(meta)) as object) : {};
        // Authenticate before accepting a large upload.
        if (!token || !core.services.sessions.resolve(token, { touch: false })) return sendError(res, new AppError('unauthenticated'), true);
        const declared = Number(req.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > limit) {
          return sendError(res, new AppError('file_too_large', `Tệp lớn hơn ${Math.round(limit / 1048576)} MB cho phép.`, { details: { size: declared, limit } }), true);
        }
        // destroyOnReturn: false — when the limit stops the copy, the socket must live on to carry the 413 answer.
        input = { ...parsedMeta, bytes: req.iterator({ destroyOnReturn: false }) };
      } catch (e) {
        return sendError(res, e instanceof AppError ? e : new AppError('invalid_input', 'Thông tin kèm tệp không hợp lệ.'), e instanceof AppError);
      }
      let wire = await core.dispatch(method, input, { token, origin: 'http', remote });
      if (page) wire = pageSession(req, res, method, wire);
      // Refused before or while reading (permission, input, size, type): the rest of the body is not wanted.
      return req.complete ? sendWire(res, wire) : sendWireAndClose(res, wire);
    } else {
      const type = req.headers['content-type'] ?? '';
      let body: Buffer;
      try {
        body = await readBody(req, maxJson);
      } catch (e) {
        return sendError(res, e as AppError, true);
      }
      if (body.length) {
        // JSON only: a cross-site HTML form cannot send this content type without a CORS preflight.
        if (!type.startsWith('application/json')) return sendError(res, new AppError('invalid_input', 'Yêu cầu phải có Content-Type: application/json.'));
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          return sendError(res, new AppError('invalid_input', 'Dữ liệu JSON không hợp lệ.'));
        }
      }
    }
    let wire = await core.dispatch(method, input, { token, origin: 'http', remote });
    if (page) wire = pageSession(req, res, method, wire);
    if (wire.ok && spec?.binary === 'output') {
      const out = wire.value as BinaryOut;
      return send(res, 200, out.bytes, {
        'Content-Type': out.mime,
        'Content-Length': out.bytes.byteLength,
        'Content-Disposition': contentDisposition(out.fileName),
        'Cache-Control': 'no-store',
      });
    }
    sendWire(res, wire);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    const cred = credentials(req);
    if (cred instanceof AppError) return sendError(res, cred);
    const token = cred.token;
    const caller = token ? core.services.sessions.resolve(token, { touch: false }) : null;
    if (!token || !caller) return sendError(res, new AppError('unauthenticated'));
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sse.add(res);
    const write = (e: EventEnvelope) => {
      if (e.to && !e.to.includes(caller.userId)) return;
      res.write(`event: ${e.name}\ndata: ${JSON.stringify(e.data)}\n\n`);
    };
    const unsubscribe = core.events.subscribe(write);
    // Heartbeats keep proxies from closing the stream and notice a session that ended without an event.
    const beat = setInterval(() => {
      if (!core.services.sessions.resolve(token, { touch: false })) {
        res.write(`event: session.ended\ndata: ${JSON.stringify({ reason: 'expired' })}\n\n`);
        res.end();
        return;
      }
      res.write(': ping\n\n');
    }, 25_000);
    beat.unref();
    const cleanup = () => {
      clearInterval(beat);
      unsubscribe();
      sse.delete(res);
    };
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (!opts.staticDir) return send(res, 404, 'Not found', { 'Content-Type': 'text/plain; charset=utf-8' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', { 'Content-Type': 'text/plain' });
    const root = path.resolve(opts.staticDir);
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'Bad request', { 'Content-Type': 'text/plain' });
    }
    let file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'Forbidden', { 'Content-Type': 'text/plain' });
    // Client-side routes have no extension: serve the app shell.
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (path.extname(rel)) return send(res, 404, 'Not found', { 'Content-Type': 'text/plain; charset=utf-8' });
      file = path.join(root, 'index.html');
      if (!fs.existsSync(file)) return send(res, 404, 'Renderer not built: run `npm run build`.', { 'Content-Type': 'text/plain; charset=utf-8' });
    }
    const body = fs.readFileSync(file);
    const hashed = rel.startsWith('/assets/');
    send(res, 200, req.method === 'HEAD' ? '' : body, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }

  const hostAllowed = createHostCheck({
    lan: !!opts.lan,
    boundHost: opts.host,
    configured: () => core.services.settings.get('allowedHosts'),
  });

  const server = http.createServer((req, res) => {
    if (!hostAllowed(req.headers.host)) {
      return send(res, 421, 'Host không hợp lệ.', { 'Content-Type': 'text/plain; charset=utf-8' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (p === '/api/health' && req.method === 'GET') {
      return send(res, 200, JSON.stringify({ ok: true, version: core.services.env.version }), {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
    }
    if (p === '/api/events' && req.method === 'GET') return handleEvents(req, res);
    if (p.startsWith('/api/')) {
      handleApi(req, res, p.slice(5)).catch((e) => {
        core.services.env.logger.error('http host failure', { error: String(e), stack: e instanceof Error ? e.stack : undefined });
        if (!res.headersSent) sendError(res, new AppError('internal'));
        else res.end();
      });
      return;
    }
    handleStatic(req, res, p);
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    listen(): Promise<{ url: string; port: number }> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          const port = (server.address() as AddressInfo).port;
          const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
          resolve({ url: `http://${shownHost}:${port}`, port });
        });
      });
    },
    close(): Promise<void> {
      for (const res of sse) res.end();
      sse.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export type HttpHost = ReturnType<typeof createHttpHost>;
