// The hub's HTTP layer: routing, authentication, body caps, errors as HubErrorBody, one JSON log line per request.
// Thin: every decision about packets, feeds, blobs, the directory and anchors lives in the service modules.
import type http from 'node:http';
import { MAX_CHUNK_BYTES, MAX_FEED_WAIT_SEC, MAX_JSON_BYTES, type HealthResponse, type MeResponse } from '../src-shared/hub/protocol';
import { anchorSchema, listAnchors, postAnchor } from './anchors';
import { blobBytes, blobState, checkSha, putChunk, readableBlob } from './blobs';
import { type HubDatabase, pgCode } from './db';
import { ensureListed, listDirectory, publish, publishSchema } from './directory';
import { HubError } from './errors';
import type { Logger } from './log';
import { addOffice, authenticate, authenticateAdmin, listOffices, officeByCode, type OfficeRow, resetSecret, setDisabled } from './offices';
import type { FeedWaiters } from './feed-wait';
import { feed, parsePush, purge, push } from './packets';
import type { HubConfig } from './config';

export interface HubContext {
  database: HubDatabase;
  /** Parked long polls of the feed. */
  waiters: FeedWaiters;
  config: HubConfig;
  log: Logger;
  instance: string;
  version: string;
}

type Req = http.IncomingMessage;
type Res = http.ServerResponse;

function send(res: Res, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/**
 * A refused body is still read (and dropped) up to this size, so the client, still sending, gets to read our 413
 * instead of a reset connection; beyond it the connection is cut.
 */
const DRAIN_LIMIT = 2 * MAX_CHUNK_BYTES;

async function readBody(req: Req, cap: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > cap) throw new HubError('too_large', `Nội dung yêu cầu vượt ${cap} byte.`, { max: cap });
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > DRAIN_LIMIT) break; // leaving the loop destroys the request: enough has been read
    if (n <= cap) parts.push(c);
  }
  if (n > cap) throw new HubError('too_large', `Nội dung yêu cầu vượt ${cap} byte.`, { max: cap });
  return Buffer.concat(parts);
}

/** Reads and drops what is left of a request we answer without reading (bounded by DRAIN_LIMIT). */
function drain(req: Req): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (req.complete || req.destroyed || !Number.isFinite(declared) || declared > DRAIN_LIMIT) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.resume();
  });
}

async function readJson(req: Req): Promise<unknown> {
  const b = await readBody(req, MAX_JSON_BYTES);
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    throw new HubError('invalid_input', 'Nội dung yêu cầu không phải JSON hợp lệ.');
  }
}

function intParam(u: URL, name: string, dflt: number, min: number, maxV: number): number {
  const v = u.searchParams.get(name);
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > maxV) throw new HubError('invalid_input', `Tham số ${name} không hợp lệ.`);
  return n;
}

/** A database that cannot be reached is 503 (the office retries later), not a 500. */
function isDbDown(e: unknown): boolean {
  const code = pgCode(e);
  if (code && (code.startsWith('08') || code.startsWith('57P') || code === '53300')) return true;
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const c = (x as { code?: unknown }).code;
    if (c === 'ECONNREFUSED' || c === 'ECONNRESET' || c === 'ETIMEDOUT' || c === 'EPIPE') return true;
    const m = (x as { message?: unknown }).message;
    if (typeof m === 'string' && /Connection terminated|timeout exceeded when trying to connect|PGlite is closed|Cannot use a pool after calling end/i.test(m)) return true;
  }
  return false;
}

export function createHandler(ctx: HubContext): (req: Req, res: Res) => void {
  const { database, config, log } = ctx;
  const db = database.db;

  async function route(req: Req, res: Res, u: URL, who: { office?: string }): Promise<void> {
    const p = u.pathname;
    const m = req.method ?? 'GET';
    if (p === '/health' && m === 'GET') {
      const up = await database.ping();
      const body: HealthResponse = { ok: up, db: up ? 'up' : 'down', version: ctx.version, instance: ctx.instance, time: Date.now(), parked: ctx.waiters.parked() };
      return send(res, up ? 200 : 503, body);
    }
    if (!p.startsWith('/v1/')) throw new HubError('not_found', 'Không có địa chỉ này.');

    // Admin routes: the hub admin's token, never an office credential.
    if (p.startsWith('/v1/admin/') || (p === '/v1/agencies' && m === 'POST')) {
      who.office = 'admin';
      authenticateAdmin(config.adminToken, req.headers.authorization);
      return admin(req, res, u, m, p);
    }

    const office: OfficeRow = await authenticate(db, req.headers.authorization);
    who.office = office.code;

    if (p === '/v1/me' && m === 'GET') {
      const body: MeResponse = { code: office.code, name: office.name, hubTime: Date.now(), head: office.feedSeq };
      return send(res, 200, body);
    }
    if (p === '/v1/packets' && m === 'POST') return send(res, 200, await push(db, office, parsePush(await readJson(req))));
    if (p === '/v1/feed' && m === 'GET') {
      const waitSec = intParam(u, 'wait', 0, 0, MAX_FEED_WAIT_SEC);
      const hungUp = new AbortController();
      if (waitSec) res.once('close', () => hungUp.abort());
      const page = await feed(db, office, intParam(u, 'after', 0, 0, 2 ** 31 - 1), intParam(u, 'limit', 100, 1, 1000), {
        ms: waitSec * 1000,
        waiters: ctx.waiters,
        signal: hungUp.signal,
      });
      if (hungUp.signal.aborted) return;
      return send(res, 200, page);
    }
    const blob = /^\/v1\/blobs\/([^/]+)$/.exec(p);
    if (blob) return blobRoute(req, res, u, m, office, decodeURIComponent(blob[1]));
    if (p === '/v1/agencies' && m === 'GET')
      return send(res, 200, await listDirectory(db, intParam(u, 'after', 0, 0, Number.MAX_SAFE_INTEGER), intParam(u, 'limit', 1000, 1, 5000)));
    if (p === '/v1/anchors' && m === 'POST') {
      const r = anchorSchema.safeParse(await readJson(req));
      if (!r.success) throw new HubError('invalid_input', `Mốc nhật ký không hợp lệ: ${r.error.issues.map((i) => i.message).join('; ')}`);
      return send(res, 200, await postAnchor(db, office, r.data, log));
    }
    if (p === '/v1/anchors' && m === 'GET') return send(res, 200, { items: await listAnchors(db, office.id, intParam(u, 'limit', 100, 1, 1000)) });
    throw new HubError('not_found', 'Không có địa chỉ này.');
  }

  async function blobRoute(req: Req, res: Res, u: URL, m: string, office: OfficeRow, sha: string): Promise<void> {
    checkSha(sha);
    if (m === 'PUT') {
      const offset = intParam(u, 'offset', -1, 0, Number.MAX_SAFE_INTEGER);
      const total = intParam(u, 'total', -1, 1, Number.MAX_SAFE_INTEGER);
      if (offset < 0 || total < 0) throw new HubError('invalid_input', 'Thiếu tham số offset hoặc total.');
      if (total > config.maxBlobBytes) throw new HubError('too_large', `Tệp ${total} byte vượt giới hạn ${config.maxBlobBytes} byte của trục tỉnh.`, { max: config.maxBlobBytes });
      const body = await readBody(req, MAX_CHUNK_BYTES);
      return send(res, 200, await putChunk(db, office.id, sha, offset, total, body, config.maxBlobBytes));
    }
    if (m === 'HEAD') {
      const st = await blobState(db, office.id, sha);
      if (!st) {
        res.writeHead(404, { 'cache-control': 'no-store' });
        return void res.end();
      }
      res.writeHead(200, { 'upload-offset': String(st.received), 'upload-length': String(st.total), 'x-complete': st.complete ? '1' : '0', 'cache-control': 'no-store' });
      return void res.end();
    }
    if (m === 'GET') {
      const b = await readableBlob(db, office.id, sha);
      let start = 0;
      const range = req.headers.range;
      if (range) {
        const r = /^bytes=(\d+)-$/.exec(range.trim());
        if (!r) throw new HubError('invalid_input', 'Chỉ hỗ trợ Range dạng bytes=n-.');
        start = Number(r[1]);
        if (start >= b.total) {
          res.writeHead(416, { 'content-range': `bytes */${b.total}` });
          return void res.end();
        }
      }
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'content-length': String(b.total - start),
        'accept-ranges': 'bytes',
        'cache-control': 'no-store',
      };
      if (range) headers['content-range'] = `bytes ${start}-${b.total - 1}/${b.total}`;
      res.writeHead(range ? 206 : 200, headers);
      for await (const chunk of blobBytes(db, b.ownerId, sha, start)) {
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
      }
      return void res.end();
    }
    throw new HubError('not_found', 'Không có thao tác này với tệp.');
  }

  async function admin(req: Req, res: Res, u: URL, m: string, p: string): Promise<void> {
    if (p === '/v1/agencies') {
      const r = publishSchema.safeParse(await readJson(req));
      if (!r.success) throw new HubError('invalid_input', `Danh bạ không hợp lệ: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return send(res, 200, await publish(db, r.data.entries));
    }
    if (p === '/v1/admin/offices' && m === 'GET') return send(res, 200, { items: await listOffices(db) });
    if (p === '/v1/admin/offices' && m === 'POST') {
      const b = (await readJson(req)) as { code?: unknown; name?: unknown };
      if (typeof b?.code !== 'string' || typeof b?.name !== 'string') throw new HubError('invalid_input', 'Cần mã (code) và tên (name) cơ quan.');
      const issued = await addOffice(db, b.code, b.name);
      await ensureListed(db, issued.code, issued.name);
      return send(res, 200, issued);
    }
    const o = /^\/v1\/admin\/offices\/([^/]+)\/(reset-secret|disable|enable)$/.exec(p);
    if (o && m === 'POST') {
      const code = decodeURIComponent(o[1]);
      if (o[2] === 'reset-secret') return send(res, 200, await resetSecret(db, code));
      await setDisabled(db, code, o[2] === 'disable');
      return send(res, 200, { code, disabled: o[2] === 'disable' });
    }
    const a = /^\/v1\/admin\/anchors\/([^/]+)$/.exec(p);
    if (a && m === 'GET') {
      const office = await officeByCode(db, decodeURIComponent(a[1]));
      if (!office) throw new HubError('not_found', 'Không có cơ quan này.');
      return send(res, 200, { items: await listAnchors(db, office.id, intParam(u, 'limit', 100, 1, 1000)) });
    }
    if (p === '/v1/admin/purge' && m === 'POST') {
      const b = (await readJson(req)) as { before?: unknown };
      // `before` (hub epoch ms) lets the admin (and tests) purge up to a given instant instead of the retention window.
      const before = typeof b?.before === 'number' ? b.before : Date.now() - config.retentionDays * 86_400_000;
      return send(res, 200, await purge(db, before));
    }
    throw new HubError('not_found', 'Không có địa chỉ quản trị này.');
  }

  return (req, res) => {
    const started = performance.now();
    const who: { office?: string } = {};
    let u: URL;
    try {
      u = new URL(req.url ?? '/', 'http://hub');
    } catch {
      u = new URL('http://hub/');
    }
    const finish = () =>
      log('info', 'request', { method: req.method, path: u.pathname, office: who.office ?? null, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 });
    res.once('finish', finish);
    route(req, res, u, who).catch((e: unknown) => {
      if (!(e instanceof HubError) && (req.destroyed || res.destroyed) && !req.complete) {
        // The office went away mid-request (lost line, killed app): nothing to answer, not the database's fault.
        log('info', 'client_aborted', { method: req.method, path: u.pathname, office: who.office ?? null, ms: Math.round(performance.now() - started) });
        return void res.destroy();
      }
      let err: HubError;
      if (e instanceof HubError) err = e;
      else if (isDbDown(e)) err = new HubError('unavailable', 'Cơ sở dữ liệu của trục tỉnh tạm thời không truy cập được, hãy thử lại sau.');
      else {
        log('error', 'internal', { method: req.method, path: u.pathname, office: who.office ?? null, error: e instanceof Error ? e.stack : String(e) });
        err = new HubError('internal', 'Lỗi nội bộ của trục tỉnh.');
      }
      if (res.headersSent) return void res.destroy();
      void drain(req).then(() => {
        // A body left unread (too large to drain) must not stay in the socket: close the connection after answering.
        send(res, err.status, err.body(), req.complete ? {} : { connection: 'close' });
      });
    });
  };
}
