// The hub transport: the protocol of src-shared/hub/protocol.ts over node:http/https (custom CA, timeouts), behind the
// small HubClient interface the worker uses, so the worker never sees HTTP. Every failure becomes a HubError with a
// stable code and whether retrying can help; the secret goes only into the Authorization header, never into a log.

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {
  HUB_API,
  type AnchorRequest,
  type AnchorResponse,
  type AnchorsResponse,
  type BlobPutResponse,
  type DirectoryResponse,
  type FeedResponse,
  type HealthResponse,
  type HubErrorBody,
  type MeResponse,
  type PushRequest,
  type PushResponse,
} from '../../src-shared/hub/protocol';

/** offline, timeout, tls, unauthenticated, forbidden, invalid_packet, unknown_recipient, conflict, too_large, resync, server … */
export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Trying again later may succeed (network, hub busy or down). */
    readonly retryable: boolean,
    readonly status: number | null = null,
    readonly detail: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export interface BlobState {
  offset: number;
  length: number;
  complete: boolean;
}

export interface HubClient {
  health(): Promise<HealthResponse>;
  me(): Promise<MeResponse>;
  push(req: PushRequest): Promise<PushResponse>;
  feed(after: number, limit: number): Promise<FeedResponse>;
  blobHead(sha256: string): Promise<BlobState | null>;
  blobPut(sha256: string, offset: number, total: number, bytes: Uint8Array): Promise<BlobPutResponse>;
  /** Downloads a packet's blob into `file`, going on from the bytes already there (Range); a cut leaves them for next time. */
  blobDownload(sha256: string, file: string): Promise<void>;
  agencies(after: number, limit: number): Promise<DirectoryResponse>;
  postAnchor(req: AnchorRequest): Promise<AnchorResponse>;
  anchors(limit: number): Promise<AnchorsResponse>;
  /** The hub's clock from the last answer's Date header (seconds precision), with this PC's clock at that moment. */
  lastDate(): { hub: number; local: number } | null;
  /** Lets go of kept-alive connections. */
  close?(): void;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** What an HTTP answer that is not 2xx means for the worker (pure: unit-tested). */
export function classifyHttp(status: number, body: Partial<HubErrorBody> | null): HubError {
  const code = body?.error?.code ?? null;
  const hubMsg = body?.error?.message ?? '';
  const detail = body?.error?.detail ?? null;
  const err = (c: string, msg: string, retry: boolean) => new HubError(c, msg, retry, status, detail);
  if (status === 401) return err('unauthenticated', 'Trục không chấp nhận mã định danh hoặc mật khẩu kết nối của cơ quan. Quản trị kiểm tra lại cấu hình liên thông.', false);
  if (status === 403) return err('forbidden', `Trục từ chối thao tác này của cơ quan${hubMsg ? `: ${hubMsg}` : '.'}`, false);
  if (status === 410) return err('resync', 'Dữ liệu chờ nhận trên trục đã quá hạn lưu giữ; máy sẽ nhận tiếp từ vị trí mới nhất.', false);
  if (status === 413) return err('too_large', 'Gói tin quá lớn so với giới hạn của trục.', false);
  if (status === 409 && code === 'bad_offset') return err('bad_offset', 'Vị trí tải lên không khớp với trục; tải tiếp từ vị trí trục báo.', true);
  if (status === 409 && code === 'blob_incomplete') return err('blob_incomplete', 'Tệp gói tin chưa tải lên đủ; sẽ tải tiếp.', true);
  if (status === 409) return err('conflict', 'Mã gói tin này đã được dùng cho một nội dung khác trên trục.', false);
  if (status === 422 && code === 'unknown_recipient') return err('unknown_recipient', `Nơi nhận chưa đăng ký trên trục liên thông${hubMsg ? `: ${hubMsg}` : '.'}`, false);
  if (status === 422) return err(code === 'blob_mismatch' ? 'blob_mismatch' : 'invalid_packet', `Trục từ chối gói tin không hợp lệ${hubMsg ? `: ${hubMsg}` : '.'}`, false);
  if (status === 400) return err('invalid_input', `Trục không hiểu yêu cầu${hubMsg ? `: ${hubMsg}` : '.'}`, false);
  if (status === 404) return err('not_found', 'Trục không có dữ liệu được hỏi.', false);
  if (status === 503) return err('unavailable', 'Trục liên thông đang bận hoặc tạm ngừng; máy sẽ tự thử lại.', true);
  if (status === 429) return err('server', 'Trục liên thông đang quá tải; máy sẽ tự thử lại.', true);
  if (status >= 500) return err('server', `Trục liên thông gặp lỗi (${status}); máy sẽ tự thử lại.`, true);
  return err('server', `Trục trả lời không mong đợi (${status}).`, true);
}

/** A socket or TLS failure (pure: unit-tested). */
export function classifyNetwork(e: unknown): HubError {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'ETIMEDOUT' || code === 'HUB_TIMEOUT') return new HubError('timeout', 'Trục liên thông không trả lời kịp; máy sẽ tự thử lại.', true);
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/i.test(code) || /certificate|ssl|tls/i.test(msg)) {
    return new HubError('tls', 'Không xác thực được chứng thư TLS của trục. Quản trị kiểm tra tệp CA trong cấu hình liên thông.', true);
  }
  if (NETWORK_CODES.has(code) || /socket hang up|aborted/i.test(msg))
    return new HubError('offline', 'Không kết nối được trục liên thông (mất mạng hoặc trục tắt); máy sẽ tự thử lại.', true);
  return new HubError('offline', `Không kết nối được trục liên thông: ${msg}`.slice(0, 300), true);
}

export interface HttpHubOptions {
  baseUrl: string;
  officeCode: string;
  secret: string;
  caFile?: string | null;
  /** Per request (whole answer) in ms. */
  timeoutMs?: number;
  now?: () => number;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function createHttpHub(o: HttpHubOptions): HubClient {
  const base = new URL(o.baseUrl.replace(/\/+$/, ''));
  const isHttps = base.protocol === 'https:';
  const ca = o.caFile ? fs.readFileSync(o.caFile) : undefined;
  const auth = `Bearer ${o.officeCode}:${o.secret}`;
  const timeoutMs = o.timeoutMs ?? 30_000;
  // Kept-alive connections: a round makes hundreds of small requests; a dropped socket fails one, retried later.
  const agent = isHttps ? new https.Agent({ keepAlive: true, maxSockets: 8, ca }) : new http.Agent({ keepAlive: true, maxSockets: 8 });
  const now = o.now ?? Date.now;
  let date: { hub: number; local: number } | null = null;

  function request(
    method: string,
    pathAndQuery: string,
    body?: Buffer | string,
    headers: Record<string, string> = {},
    opts: { auth?: boolean; timeoutMs?: number } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const payload = body == null ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
      const req = (isHttps ? https : http).request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || (isHttps ? 443 : 80),
          path: `${base.pathname === '/' ? '' : base.pathname}${pathAndQuery}`,
          method,
          ca,
          agent,
          headers: {
            ...(opts.auth === false ? {} : { authorization: auth }),
            ...(payload ? { 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const d = res.headers.date ? Date.parse(res.headers.date) : NaN;
            if (!Number.isNaN(d)) date = { hub: d, local: now() };
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (e) => reject(classifyNetwork(e)));
          res.on('aborted', () => reject(classifyNetwork(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))));
        },
      );
      req.setTimeout(opts.timeoutMs ?? timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'HUB_TIMEOUT' })));
      req.on('error', (e) => reject(e instanceof HubError ? e : classifyNetwork(e)));
      if (payload) req.end(payload);
      else req.end();
    });
  }

  function fail(a: Answer): HubError {
    let parsed: Partial<HubErrorBody> | null;
    try {
      parsed = JSON.parse(a.body.toString('utf8')) as HubErrorBody;
    } catch {
      parsed = null;
    }
    return classifyHttp(a.status, parsed);
  }

  async function json<T>(method: string, p: string, body?: unknown, opts: { auth?: boolean } = {}): Promise<T> {
    const a = await request(method, p, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' }, opts);
    if (a.status < 200 || a.status >= 300) throw fail(a);
    try {
      return JSON.parse(a.body.toString('utf8')) as T;
    } catch {
      throw new HubError('server', 'Trục trả lời không đọc được.', true, a.status);
    }
  }

  return {
    health: () => json<HealthResponse>('GET', '/health', undefined, { auth: false }),
    me: () => json<MeResponse>('GET', `${HUB_API}/me`),
    push: (req) => json<PushResponse>('POST', `${HUB_API}/packets`, req),
    feed: (after, limit) => json<FeedResponse>('GET', `${HUB_API}/feed?after=${after}&limit=${limit}`),
    async blobHead(sha) {
      const a = await request('HEAD', `${HUB_API}/blobs/${sha}`);
      if (a.status === 404) return null;
      if (a.status < 200 || a.status >= 300) throw fail(a);
      return { offset: Number(a.headers['upload-offset'] ?? 0), length: Number(a.headers['upload-length'] ?? 0), complete: a.headers['x-complete'] === '1' };
    },
    async blobPut(sha, offset, total, bytes) {
      const a = await request(
        'PUT',
        `${HUB_API}/blobs/${sha}?offset=${offset}&total=${total}`,
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        {
          'content-type': 'application/octet-stream',
        },
        { timeoutMs: Math.max(timeoutMs, 120_000) },
      );
      if (a.status < 200 || a.status >= 300) throw fail(a);
      return JSON.parse(a.body.toString('utf8')) as BlobPutResponse;
    },
    async blobDownload(sha, file) {
      let have = 0;
      try {
        have = fs.statSync(file).size;
      } catch {
        have = 0;
      }
      await new Promise<void>((resolve, reject) => {
        const req = (isHttps ? https : http).request(
          {
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port || (isHttps ? 443 : 80),
            path: `${base.pathname === '/' ? '' : base.pathname}${HUB_API}/blobs/${sha}`,
            method: 'GET',
            ca,
            agent,
            headers: { authorization: auth, ...(have ? { range: `bytes=${have}-` } : {}) },
          },
          (res) => {
            const status = res.statusCode ?? 0;
            if (status === 416) {
              // Everything is here already.
              res.resume();
              return resolve();
            }
            if (status !== 200 && status !== 206) {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => reject(fail({ status, headers: res.headers, body: Buffer.concat(chunks) })));
              return;
            }
            // 200: the whole file (the server ignored the range): start the file again.
            const out = fs.createWriteStream(file, { flags: status === 206 ? 'a' : 'w' });
            let failed = false;
            const stop = (e: unknown) => {
              if (failed) return;
              failed = true;
              out.end(() => reject(e instanceof HubError ? e : classifyNetwork(e)));
            };
            res.on('error', stop);
            res.on('aborted', () => stop(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
            out.on('error', stop);
            res.pipe(out);
            out.on('finish', () => {
              if (failed) return;
              if (!res.complete) return stop(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
              resolve();
            });
          },
        );
        req.setTimeout(Math.max(timeoutMs, 300_000), () => req.destroy(Object.assign(new Error('timeout'), { code: 'HUB_TIMEOUT' })));
        req.on('error', (e) => reject(e instanceof HubError ? e : classifyNetwork(e)));
        req.end();
      });
    },
    agencies: (after, limit) => json<DirectoryResponse>('GET', `${HUB_API}/agencies?after=${after}&limit=${limit}`),
    postAnchor: (req) => json<AnchorResponse>('POST', `${HUB_API}/anchors`, req),
    anchors: (limit) => json<AnchorsResponse>('GET', `${HUB_API}/anchors?limit=${limit}`),
    lastDate: () => date,
    close: () => agent.destroy(),
  };
}
