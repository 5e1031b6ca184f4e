// HTTP client for the Cloud Signature Consortium API v1 (info, oauth2 client credentials, credentials/list|info|authorize,
// signatures/signHash). Only hashes leave the PC. Errors become remote_sign_timeout / _refused / _error AppErrors.
// Secrets (client secret, access token, SAD) are never logged.

import { AppError } from '../../src-shared/errors';
import type { Logger } from '../env';

export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

export interface CscClientOptions {
  /** The service's API root: `${baseUrl}/info`, `${baseUrl}/credentials/list` ... (e.g. https://ca.example/csc/v1). */
  baseUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** A ready access token (when the app got one otherwise); ignored when clientId/clientSecret are given. */
  accessToken?: string;
  fetchImpl?: typeof fetch;
  /** Limit of each ordinary call (not the wait for the phone, see authorize). */
  timeoutMs: number;
  logger?: Logger;
}

export interface CscInfo {
  specs: string;
  name: string;
  region?: string;
  lang?: string;
  description?: string;
  authType: string[];
  oauth2?: string;
  methods: string[];
}

export interface CscCredentialInfo {
  credentialId: string;
  description?: string;
  keyStatus: string;
  keyAlgo: string[];
  keyLen: number;
  certStatus?: string;
  /** DER, signer first then the chain as the provider sends it. */
  certificates: Uint8Array[];
  subjectDN?: string;
  issuerDN?: string;
  serialNumber?: string;
  validFrom?: string;
  validTo?: string;
  authMode: string;
  scal?: string;
  multisign: number;
}

export interface AuthorizeOptions {
  /** How long to wait for the user's confirmation on the phone (default: 2 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called at once and about every second with the time left, for a visible countdown. */
  onWaiting?: (remainingMs: number) => void;
  /** Shown to the user on the phone (e.g. the document's name); UTF-8, at most 500 characters. */
  description?: string;
}

export interface CscClient {
  info(): Promise<CscInfo>;
  listCredentials(userId?: string): Promise<string[]>;
  credentialInfo(credentialId: string): Promise<CscCredentialInfo>;
  /** Returns the SAD. The provider holds the request until the user confirms; connection drops are retried until the deadline. */
  authorize(credentialId: string, hashes: Uint8Array[], opts?: AuthorizeOptions): Promise<string>;
  signHash(credentialId: string, sad: string, hashes: Uint8Array[], hashAlgo?: string, signAlgo?: string): Promise<Uint8Array[]>;
}

const TIMEOUT = Symbol('timeout');
const CANCEL = Symbol('cancel');

/** A transport failure (refused, reset, closed mid-request): worth a retry while the user still waits. */
class NetworkError extends Error {}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

function isRefusal(error: string, description: string): boolean {
  return error === 'access_denied' || /refus|reject|denied|deny|từ chối/i.test(`${error} ${description}`);
}

function httpError(status: number, body: unknown, method: string): AppError {
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const error = typeof o.error === 'string' ? o.error : '';
  const description = typeof o.error_description === 'string' ? o.error_description : '';
  const details = { method, status, error, error_description: description };
  if (status >= 400 && status < 500 && isRefusal(error, description)) return new AppError('remote_sign_refused', undefined, { details });
  if (/^(timeout|timed_out|expired_request)$/.test(error)) return new AppError('remote_sign_timeout', undefined, { details });
  return new AppError('remote_sign_error', undefined, { details });
}

export function createCscClient(opts: CscClientOptions): CscClient {
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const useOauth = Boolean(opts.clientId && opts.clientSecret);
  let token: { value: string; expiresAt: number } | null = !useOauth && opts.accessToken ? { value: opts.accessToken, expiresAt: Infinity } : null;

  /** One HTTP exchange with its own deadline; `signal` cancels it (the user closed the dialog). */
  async function exchange(method: string, init: RequestInit, limitMs: number, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(TIMEOUT), Math.max(1, limitMs));
    const onCancel = () => ctl.abort(CANCEL);
    if (signal?.aborted) ctl.abort(CANCEL);
    signal?.addEventListener('abort', onCancel, { once: true });
    try {
      const res = await fetchImpl(`${base}/${method}`, { ...init, signal: ctl.signal });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = { error: 'invalid_response', error_description: text.slice(0, 200) };
      }
      return { status: res.status, body };
    } catch (e) {
      if (ctl.signal.reason === TIMEOUT) throw new AppError('remote_sign_timeout', undefined, { details: { method } });
      if (ctl.signal.reason === CANCEL) throw new AppError('remote_sign_error', 'Đã hủy yêu cầu ký; văn bản chưa được ký.', { details: { method, reason: 'cancelled' } });
      throw new NetworkError(e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  }

  async function accessToken(limitMs: number, signal?: AbortSignal): Promise<string | null> {
    if (token && token.expiresAt > Date.now() + 5_000) return token.value;
    if (!useOauth) return token?.value ?? null;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: opts.clientId!, client_secret: opts.clientSecret! });
    const r = await exchange('oauth2/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }, limitMs, signal);
    const o = (r.body ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (r.status !== 200 || typeof o.access_token !== 'string') {
      const err = httpError(r.status, r.body, 'oauth2/token');
      // A refused client is a configuration problem, not the user refusing on the phone.
      throw err.code === 'remote_sign_refused' ? new AppError('remote_sign_error', undefined, { details: err.details }) : err;
    }
    token = { value: o.access_token, expiresAt: Date.now() + (typeof o.expires_in === 'number' ? o.expires_in * 1000 : 3600_000) };
    return token.value;
  }

  /** POST a CSC method with JSON (UTF-8) and the bearer token; a 401 refreshes the OAuth token once. */
  async function call<T>(method: string, body: Record<string, unknown>, limitMs = opts.timeoutMs, signal?: AbortSignal, auth = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
      if (auth) {
        const t = await accessToken(limitMs, signal);
        if (t) headers.authorization = `Bearer ${t}`;
      }
      const r = await exchange(method, { method: 'POST', headers, body: JSON.stringify(body) }, limitMs, signal);
      if (r.status === 401 && useOauth && attempt === 0) {
        token = null;
        continue;
      }
      if (r.status < 200 || r.status >= 300) throw httpError(r.status, r.body, method);
      return r.body as T;
    }
  }

  /** Ordinary calls: a transport failure is a remote_sign_error at once. */
  async function plain<T>(method: string, body: Record<string, unknown>, auth = true): Promise<T> {
    try {
      return await call<T>(method, body, opts.timeoutMs, undefined, auth);
    } catch (e) {
      if (e instanceof NetworkError) {
        throw new AppError('remote_sign_error', 'Không kết nối được dịch vụ ký số từ xa; văn bản chưa được ký.', { details: { method, reason: 'network', cause: e.message } });
      }
      throw e;
    }
  }

  return {
    async info() {
      const o = await plain<Partial<CscInfo>>('info', {}, false);
      return {
        specs: o.specs ?? '',
        name: o.name ?? '',
        region: o.region,
        lang: o.lang,
        description: o.description,
        authType: o.authType ?? [],
        oauth2: o.oauth2,
        methods: o.methods ?? [],
      };
    },

    async listCredentials(userId) {
      const ids: string[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < 100; page++) {
        const o = await plain<{ credentialIDs?: string[]; nextPageToken?: string }>('credentials/list', {
          ...(userId ? { userID: userId } : {}),
          ...(pageToken ? { pageToken } : {}),
          maxResults: 100,
        });
        ids.push(...(o.credentialIDs ?? []));
        pageToken = o.nextPageToken;
        if (!pageToken) break;
      }
      return ids;
    },

    async credentialInfo(credentialId) {
      const o = await plain<{
        description?: string;
        key?: { status?: string; algo?: string[]; len?: number };
        cert?: { status?: string; certificates?: string[]; subjectDN?: string; issuerDN?: string; serialNumber?: string; validFrom?: string; validTo?: string };
        authMode?: string;
        SCAL?: string;
        multisign?: number;
      }>('credentials/info', { credentialID: credentialId, certificates: 'chain', certInfo: true, authInfo: true, lang: 'vi-VN' });
      return {
        credentialId,
        description: o.description,
        keyStatus: o.key?.status ?? '',
        keyAlgo: o.key?.algo ?? [],
        keyLen: o.key?.len ?? 0,
        certStatus: o.cert?.status,
        certificates: (o.cert?.certificates ?? []).map(unb64),
        subjectDN: o.cert?.subjectDN,
        issuerDN: o.cert?.issuerDN,
        serialNumber: o.cert?.serialNumber,
        validFrom: o.cert?.validFrom,
        validTo: o.cert?.validTo,
        authMode: o.authMode ?? 'implicit',
        scal: o.SCAL,
        multisign: o.multisign ?? 1,
      };
    },

    async authorize(credentialId, hashes, aopts = {}) {
      const limit = aopts.timeoutMs ?? 120_000;
      const deadline = Date.now() + limit;
      const left = () => Math.max(0, deadline - Date.now());
      const tick = () => aopts.onWaiting?.(left());
      tick();
      const ticker = aopts.onWaiting ? setInterval(tick, 1000) : null;
      const body: Record<string, unknown> = { credentialID: credentialId, numSignatures: hashes.length, hash: hashes.map(b64) };
      if (aopts.description) body.description = aopts.description.normalize('NFC').slice(0, 500);
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            const o = await call<{ SAD?: unknown }>('credentials/authorize', body, left(), aopts.signal);
            if (typeof o?.SAD !== 'string' || !o.SAD) throw new AppError('remote_sign_error', undefined, { details: { method: 'credentials/authorize', reason: 'no_sad' } });
            return o.SAD;
          } catch (e) {
            if (!(e instanceof NetworkError)) throw e;
            // The service restarted or the connection dropped while the user was confirming: ask again until the deadline.
            opts.logger?.warn('csc.authorize_retry', { attempt, cause: e.message, remainingMs: left() });
            if (left() <= 0) throw new AppError('remote_sign_timeout', undefined, { details: { method: 'credentials/authorize', attempts: attempt } });
            await new Promise<void>((resolve) => {
              const t = setTimeout(done, Math.min(500 * attempt, 2000, left()));
              function done() {
                clearTimeout(t);
                aopts.signal?.removeEventListener('abort', done);
                resolve();
              }
              aopts.signal?.addEventListener('abort', done, { once: true });
            });
            if (aopts.signal?.aborted) throw new AppError('remote_sign_error', 'Đã hủy yêu cầu ký; văn bản chưa được ký.', { details: { reason: 'cancelled' } });
            if (left() <= 0) throw new AppError('remote_sign_timeout', undefined, { details: { method: 'credentials/authorize', attempts: attempt } });
          }
        }
      } finally {
        if (ticker) clearInterval(ticker);
      }
    },

    async signHash(credentialId, sad, hashes, hashAlgo = OID_SHA256, signAlgo = OID_RSA_ENCRYPTION) {
      const o = await plain<{ signatures?: unknown }>('signatures/signHash', { credentialID: credentialId, SAD: sad, hash: hashes.map(b64), hashAlgo, signAlgo });
      const sigs = Array.isArray(o?.signatures) ? o.signatures.filter((s): s is string => typeof s === 'string') : [];
      if (sigs.length !== hashes.length) {
        throw new AppError('remote_sign_error', undefined, { details: { method: 'signatures/signHash', reason: 'signature_count', expected: hashes.length, got: sigs.length } });
      }
      return sigs.map(unb64);
    },
  };
}
