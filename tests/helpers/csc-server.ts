// Test helper: a local Cloud Signature Consortium API v1 server (node:http on 127.0.0.1) whose key lives in SoftHSM2
// behind the PKCS#11 driver. Each credentials/authorize waits for approve()/refuse() (like VNPT SmartCA / Viettel MySign
// waiting for the phone) unless autoApprove; counts requests; can stop and restart on the same port. Tests only.

import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HashSigner } from '../../src-main/signing/types';

export interface CscServerOptions {
  signer: HashSigner;
  credentialId?: string;
  userId?: string;
  /** When set, every method but info needs a bearer token from oauth2/token (client credentials). */
  clientId?: string;
  clientSecret?: string;
  autoApprove?: boolean;
  /** Also sent in credentials/info (the chain); the signer's own chain by default. */
  description?: string;
}

export interface AuthorizeRecord {
  credentialID: string;
  numSignatures: number;
  hash: string[];
  description?: string;
}

export interface CscTestServer {
  /** The API root to give createCscClient, e.g. http://127.0.0.1:41234/csc/v1 */
  readonly url: string;
  readonly port: number;
  readonly credentialId: string;
  /** Requests per method (e.g. counts['credentials/authorize']), kept across restarts. */
  readonly counts: Record<string, number>;
  /** Every authorize request body received, oldest first. */
  readonly authorizeRequests: AuthorizeRecord[];
  autoApprove: boolean;
  /** Authorize requests now waiting for the user. */
  pending(): number;
  /** Resolves when at least `n` authorize requests are waiting (a condition, not a delay). */
  waitForPending(n?: number): Promise<void>;
  /** The oldest waiting request is confirmed / refused on the "phone". */
  approve(): void;
  refuse(): void;
  /** The next call of `method` answers this error instead. */
  failNext(method: string, status: number, body: Record<string, unknown>): void;
  /** Forget issued access tokens (the next call gets 401). */
  revokeTokens(): void;
  /** Closes the listener and drops every connection (waiting requests see a reset). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  record: AuthorizeRecord;
  answer: (status: number, body: unknown) => void;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const RSA = '1.2.840.113549.1.1.1';

export async function startCscServer(opts: CscServerOptions): Promise<CscTestServer> {
  const credentialId = opts.credentialId ?? 'cred-' + randomUUID();
  const userId = opts.userId ?? 'nguyen.van.anh';
  const counts: Record<string, number> = {};
  const authorizeRequests: AuthorizeRecord[] = [];
  const tokens = new Set<string>();
  const sads = new Map<string, { hashes: string[]; remaining: number }>();
  const failures = new Map<string, { status: number; body: Record<string, unknown> }>();
  let pending: Pending[] = [];
  const events = new EventEmitter();
  let port = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    const data = Buffer.from(JSON.stringify(body), 'utf8');
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': data.length });
    res.end(data);
  };
  const bad = (res: http.ServerResponse, description: string, error = 'invalid_request') => send(res, 400, { error, error_description: description });

  async function handle(method: string, body: Record<string, unknown>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const fail = failures.get(method);
    if (fail) {
      failures.delete(method);
      return send(res, fail.status, fail.body);
    }
    if (method === 'info') {
      return send(res, 200, {
        specs: '1.0.4.0',
        name: 'VănThư CSC thử nghiệm',
        logo: '',
        region: 'VN',
        lang: 'vi-VN',
        description: 'Dịch vụ ký số từ xa dùng cho kiểm thử',
        authType: opts.clientId ? ['oauth2client'] : ['external'],
        methods: ['oauth2/token', 'credentials/list', 'credentials/info', 'credentials/authorize', 'signatures/signHash'],
      });
    }
    if (method === 'oauth2/token') return; // handled with the form body
    if (opts.clientId) {
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) return send(res, 401, { error: 'invalid_token', error_description: 'Access token không hợp lệ' });
    }
    switch (method) {
      case 'credentials/list': {
        if (body.userID !== undefined && body.userID !== userId) return send(res, 200, { credentialIDs: [] });
        return send(res, 200, { credentialIDs: [credentialId] });
      }
      case 'credentials/info': {
        if (body.credentialID !== credentialId) return bad(res, 'Unknown credentialID', 'invalid_request');
        const certs = body.certificates === 'none' ? [] : body.certificates === 'single' ? [opts.signer.certificate] : [opts.signer.certificate, ...opts.signer.chain];
        return send(res, 200, {
          description: opts.description ?? 'Chứng thư số ký từ xa thử nghiệm',
          key: { status: 'enabled', algo: [RSA], len: 2048 },
          cert: { status: 'valid', certificates: certs.map((c) => Buffer.from(c).toString('base64')) },
          authMode: 'oauth2code',
          SCAL: '2',
          multisign: 1,
          lang: 'vi-VN',
        });
      }
      case 'credentials/authorize': {
        if (body.credentialID !== credentialId) return bad(res, 'Unknown credentialID');
        const hash = Array.isArray(body.hash) ? (body.hash as string[]) : [];
        const record: AuthorizeRecord = {
          credentialID: credentialId,
          numSignatures: Number(body.numSignatures),
          hash,
          description: typeof body.description === 'string' ? body.description : undefined,
        };
        authorizeRequests.push(record);
        if (record.numSignatures !== hash.length || hash.length === 0) return bad(res, 'numSignatures does not match hash');
        const answer = (status: number, out: unknown) => send(res, status, out);
        if (this_.autoApprove) return approveOne({ record, answer });
        const p: Pending = { record, answer };
        pending.push(p);
        // A client that gives up (or a dropped connection) no longer waits.
        res.on('close', () => {
          pending = pending.filter((x) => x !== p);
        });
        events.emit('pending');
        return;
      }
      case 'signatures/signHash': {
        const sad = typeof body.SAD === 'string' ? sads.get(body.SAD) : undefined;
        const hash = Array.isArray(body.hash) ? (body.hash as string[]) : [];
        if (!sad) return bad(res, 'Invalid SAD', 'invalid_request');
        if (body.hashAlgo !== SHA256 || body.signAlgo !== RSA) return bad(res, 'Unsupported hashAlgo/signAlgo');
        if (hash.length === 0 || hash.some((h) => !sad.hashes.includes(h)) || hash.length > sad.remaining) return bad(res, 'Hash not authorized by SAD');
        sad.remaining -= hash.length;
        if (sad.remaining <= 0) sads.delete(body.SAD as string);
        try {
          const signatures: string[] = [];
          for (const h of hash) signatures.push(Buffer.from(await opts.signer.signDigest(new Uint8Array(Buffer.from(h, 'base64')))).toString('base64'));
          return send(res, 200, { signatures });
        } catch (e) {
          return send(res, 500, { error: 'server_error', error_description: e instanceof Error ? e.message : String(e) });
        }
      }
      default:
        return send(res, 404, { error: 'invalid_request', error_description: `Unknown method ${method}` });
    }
  }

  function approveOne(p: Pick<Pending, 'record' | 'answer'>): void {
    const sad = randomBytes(24).toString('base64url');
    sads.set(sad, { hashes: p.record.hash, remaining: p.record.numSignatures });
    p.answer(200, { SAD: sad, expiresIn: 300 });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const method = url.pathname.replace(/^\/csc\/v1\//, '');
      counts[method] = (counts[method] ?? 0) + 1;
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request', error_description: 'POST only' });
      if (method === 'oauth2/token') {
        const fail = failures.get(method);
        if (fail) {
          failures.delete(method);
          return send(res, fail.status, fail.body);
        }
        const form = new URLSearchParams(raw);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== opts.clientId || form.get('client_secret') !== opts.clientSecret) {
          return send(res, 400, { error: 'invalid_client', error_description: 'Client authentication failed' });
        }
        const t = randomBytes(24).toString('base64url');
        tokens.add(t);
        return send(res, 200, { access_token: t, token_type: 'Bearer', expires_in: 3600 });
      }
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return bad(res, 'Body is not JSON');
      }
      handle(method, body, req, res).catch((e) => send(res, 500, { error: 'server_error', error_description: String(e) }));
    });
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      pending = [];
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();

  const this_: CscTestServer = {
    get url() {
      return `http://127.0.0.1:${port}/csc/v1`;
    },
    get port() {
      return port;
    },
    credentialId,
    counts,
    authorizeRequests,
    autoApprove: opts.autoApprove ?? false,
    pending: () => pending.length,
    waitForPending(n = 1) {
      return new Promise<void>((resolve) => {
        const check = () => {
          if (pending.length >= n) {
            events.off('pending', check);
            resolve();
          }
        };
        events.on('pending', check);
        check();
      });
    },
    approve() {
      const p = pending.shift();
      if (!p) throw new Error('no authorize request is waiting');
      approveOne(p);
    },
    refuse() {
      const p = pending.shift();
      if (!p) throw new Error('no authorize request is waiting');
      p.answer(400, { error: 'access_denied', error_description: 'Người dùng đã từ chối yêu cầu ký trên điện thoại' });
    },
    failNext(method, status, body) {
      failures.set(method, { status, body });
    },
    revokeTokens() {
      tokens.clear();
    },
    stop,
    restart: listen,
    close: stop,
  };
  return this_;
}
