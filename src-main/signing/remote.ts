// Remote signing providers and requests (ký số từ xa): the admin's provider list with the client secret sealed by
// AES-256-GCM under a key file in the data dir (0600, created on first use; the database alone never reveals the
// secret), each user's linked credential, the request rows screens read, and the CSC client built per provider.
// No network inside a transaction; the secret is never returned, logged or put in an audit row.

import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFileOnce } from '../write-once';
import type { RemoteCredentialDto, RemoteLinkDto, RemoteProviderDto, RemoteRequestDto, RemoteSignState } from '../../src-shared/api/signing';
import { AppError } from '../../src-shared/errors';
import type { RawDb } from '../db/open';
import type { Env } from '../env';
import { certificateInfoOf } from './signer-cert';
import { createCscClient, type CscClient } from './csc-client';
import { createCscSigner, type RemoteSigner, type RemoteSignOptions } from './csc-signer';

export const REMOTE_SIGN_JOB = 'signing.remote';
const KEY_FILE = 'remote-signing.key';

/** The key file: 32 random bytes, base64, created once with mode 0600 (a second process racing us wins or loses cleanly). */
function loadKey(dataDir: string): Buffer {
  const target = path.join(dataDir, KEY_FILE);
  const read = () => {
    const key = Buffer.from(fs.readFileSync(target, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`Tệp khóa ${KEY_FILE} không hợp lệ.`);
    return key;
  };
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  createFileOnce(target, `${randomBytes(32).toString('base64')}\n`);
  return read();
}

/** The same key seals the hub secret of interconnection (sync/service.ts): one key file for the secrets of this PC. */
export const secretKey = loadKey;

export function sealSecret(key: Buffer, plain: string, aad: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

export function openSecret(key: Buffer, sealed: string, aad: string): string {
  const b = Buffer.from(sealed, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(b.subarray(12, 28));
  return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
}

interface ProviderRow {
  id: number;
  name: string;
  kind: string;
  base_url: string;
  client_id: string | null;
  secret_enc: string | null;
  timeout_seconds: number;
}

interface RequestRow {
  id: string;
  document_id: number;
  version: number;
  user_id: number;
  provider_id: number;
  credential_id: string;
  state: RemoteSignState;
  message: string | null;
  result_hash: string | null;
  expires_at: number;
}

export interface ProviderInput {
  id?: number;
  name: string;
  kind: 'csc';
  baseUrl: string;
  clientId: string | null;
  clientSecret?: string | null;
  timeoutSeconds: number;
}

export function createRemoteSigning(deps: { raw: RawDb; env: Env; now: () => number; fetchImpl?: typeof fetch }) {
  const { raw, env, now } = deps;
  let key: Buffer | null = null;
  const keyOf = () => (key ??= loadKey(env.dataDir));
  /** Aborted on close: a request waiting for the phone lets go, its job stays 'running' and resumes after start-up. */
  const closing = new AbortController();

  const toDto = (r: ProviderRow): RemoteProviderDto => ({
    id: r.id,
    name: r.name,
    kind: 'csc',
    baseUrl: r.base_url,
    clientId: r.client_id,
    hasSecret: r.secret_enc != null,
    timeoutSeconds: r.timeout_seconds,
  });

  function row(id: number): ProviderRow {
    const r = raw.prepare('SELECT * FROM remote_providers WHERE id = ?').get(id) as ProviderRow | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy dịch vụ ký số từ xa.');
    return r;
  }

  function providers(): RemoteProviderDto[] {
    return (raw.prepare('SELECT * FROM remote_providers ORDER BY name').all() as ProviderRow[]).map(toDto);
  }

  function provider(id: number): RemoteProviderDto {
    return toDto(row(id));
  }

  /** Inside the caller's transaction. The secret is sealed with the provider's id as associated data (rows cannot swap secrets). */
  function saveProvider(v: ProviderInput): RemoteProviderDto {
    const t = now();
    let id = v.id;
    if (id == null) {
      id = Number(
        raw
          .prepare('INSERT INTO remote_providers (name, kind, base_url, client_id, secret_enc, timeout_seconds, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)')
          .run(v.name, v.kind, v.baseUrl, v.clientId, v.timeoutSeconds, t, t).lastInsertRowid,
      );
    } else {
      row(id);
      raw
        .prepare('UPDATE remote_providers SET name = ?, kind = ?, base_url = ?, client_id = ?, timeout_seconds = ?, updated_at = ? WHERE id = ?')
        .run(v.name, v.kind, v.baseUrl, v.clientId, v.timeoutSeconds, t, id);
    }
    if (v.clientSecret !== undefined) {
      raw.prepare('UPDATE remote_providers SET secret_enc = ? WHERE id = ?').run(v.clientSecret == null ? null : sealSecret(keyOf(), v.clientSecret, `provider:${id}`), id);
    }
    return provider(id);
  }

  function removeProvider(id: number): void {
    row(id);
    const used = raw.prepare('SELECT 1 FROM remote_credentials WHERE provider_id = ? UNION ALL SELECT 1 FROM remote_requests WHERE provider_id = ? LIMIT 1').get(id, id);
    if (used) throw new AppError('conflict', 'Dịch vụ này đã có người liên kết hoặc đã dùng để ký; không xóa được.');
    raw.prepare('DELETE FROM remote_providers WHERE id = ?').run(id);
  }

  function client(providerId: number): CscClient {
    const r = row(providerId);
    let secret: string | undefined;
    if (r.secret_enc) {
      try {
        secret = openSecret(keyOf(), r.secret_enc, `provider:${r.id}`);
      } catch {
        throw new AppError('remote_sign_error', 'Không giải mã được khóa bí mật của dịch vụ ký số từ xa (tệp khóa đã đổi?); quản trị cần nhập lại.', {
          details: { reason: 'secret' },
        });
      }
    }
    return createCscClient({
      baseUrl: r.base_url,
      clientId: r.client_id ?? undefined,
      clientSecret: secret,
      timeoutMs: 20_000,
      fetchImpl: deps.fetchImpl,
      logger: env.logger,
    });
  }

  async function credentials(providerId: number, providerUserId: string): Promise<RemoteCredentialDto[]> {
    const c = client(providerId);
    const ids = await c.listCredentials(providerUserId);
    const out: RemoteCredentialDto[] = [];
    for (const credentialId of ids) {
      const info = await c.credentialInfo(credentialId);
      let certificate: RemoteCredentialDto['certificate'] = null;
      let problem: string | null = null;
      try {
        certificate = info.certificates[0] ? certificateInfoOf(info.certificates[0]) : null;
      } catch {
        problem = 'Chứng thư số không đọc được.';
      }
      if (!certificate && !problem) problem = 'Dịch vụ không gửi chứng thư số.';
      const t = now();
      if (certificate && (certificate.notAfter < t || certificate.notBefore > t)) problem = 'Chứng thư số không còn hiệu lực.';
      if (info.keyStatus && info.keyStatus !== 'enabled') problem = 'Khóa ký đang bị khóa tại dịch vụ.';
      out.push({ credentialId, description: info.description ?? null, certificate, usable: problem == null, problem });
    }
    return out;
  }

  function link(userId: number): RemoteLinkDto | null {
    const r = raw
      .prepare(
        `SELECT c.provider_id AS providerId, p.name AS providerName, c.provider_user_id AS providerUserId, c.credential_id AS credentialId, c.subject
         FROM remote_credentials c JOIN remote_providers p ON p.id = c.provider_id WHERE c.user_id = ?`,
      )
      .get(userId) as RemoteLinkDto | undefined;
    return r ?? null;
  }

  /** Inside the caller's transaction. */
  function saveLink(userId: number, l: { providerId: number; providerUserId: string; credentialId: string; subject: string | null } | null): RemoteLinkDto | null {
    if (!l) {
      raw.prepare('DELETE FROM remote_credentials WHERE user_id = ?').run(userId);
      return null;
    }
    row(l.providerId);
    raw
      .prepare(
        `INSERT INTO remote_credentials (user_id, provider_id, provider_user_id, credential_id, subject, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET provider_id = excluded.provider_id, provider_user_id = excluded.provider_user_id,
           credential_id = excluded.credential_id, subject = excluded.subject, updated_at = excluded.updated_at`,
      )
      .run(userId, l.providerId, l.providerUserId, l.credentialId, l.subject, now());
    return link(userId);
  }

  /** Inside the caller's transaction: a new waiting request; returns its id. */
  function createRequest(r: { documentId: number; version: number; userId: number; providerId: number; credentialId: string; expiresAt: number }): string {
    const id = randomUUID();
    const t = now();
    raw
      .prepare(
        `INSERT INTO remote_requests (id, document_id, version, user_id, provider_id, credential_id, state, message, result_hash, expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'waiting', NULL, NULL, ?, ?, ?)`,
      )
      .run(id, r.documentId, r.version, r.userId, r.providerId, r.credentialId, r.expiresAt, t, t);
    return id;
  }

  function requestRow(id: string): RequestRow | null {
    return (raw.prepare('SELECT * FROM remote_requests WHERE id = ?').get(id) as RequestRow | undefined) ?? null;
  }

  function request(id: string): RemoteRequestDto | null {
    const r = requestRow(id);
    return r ? { requestId: r.id, documentId: r.document_id, state: r.state, expiresAt: r.expires_at, message: r.message, hash: r.result_hash } : null;
  }

  /** Inside the caller's transaction. */
  function finishRequest(id: string, state: Exclude<RemoteSignState, 'waiting'>, message: string | null, hash: string | null = null): void {
    raw.prepare('UPDATE remote_requests SET state = ?, message = ?, result_hash = ?, updated_at = ? WHERE id = ?').run(state, message, hash, now(), id);
  }

  /** A request still waiting for the phone (one whose time is up does not block a new one). */
  function waitingFor(documentId: number): boolean {
    return raw.prepare("SELECT 1 FROM remote_requests WHERE document_id = ? AND state = 'waiting' AND expires_at > ?").get(documentId, now()) != null;
  }

  /** The HashSigner of a request; its waits end when the core closes. */
  function signer(providerId: number, credentialId: string, opts: RemoteSignOptions): Promise<RemoteSigner> {
    const signal = opts.signal ? AbortSignal.any([opts.signal, closing.signal]) : closing.signal;
    return createCscSigner(client(providerId), credentialId, { ...opts, signal, logger: env.logger });
  }

  return {
    providers,
    provider,
    saveProvider,
    removeProvider,
    credentials,
    link,
    saveLink,
    createRequest,
    requestRow,
    request,
    finishRequest,
    waitingFor,
    signer,
    get closing() {
      return closing.signal.aborted;
    },
    close(): void {
      closing.abort();
    },
  };
}

export type RemoteSigningService = ReturnType<typeof createRemoteSigning>;
