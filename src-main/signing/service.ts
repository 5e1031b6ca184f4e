// Digital signing as the rest of the core sees it: the token provider of this process (one PKCS#11 module
// instance each, opened when first needed), signing a PDF as an incremental update (src-main/pdf/) with a PAdES
// CMS (cms-build.ts) and an optional RFC 3161 timestamp, verification reports stored as evidence, trust anchors,
// the revocation cache, signature/seal images and the custody log. Slow work (token, network) never runs inside a
// transaction: callers sign first, then record the result in one ctx.write. PINs pass through and are never kept.

import crypto from 'node:crypto';
import fs from 'node:fs';
import type { CustodyDto, SigningSettingsDto, TokenDto, TokenModuleDto, TrustAnchorDto } from '../../src-shared/api/signing';
import { AppError } from '../../src-shared/errors';
import type { RawDb } from '../db/open';
import type { Env } from '../env';
import type { BlobsService } from '../blobs/service';
import type { JobsService } from '../jobs/service';
import type { SettingsService } from '../settings/service';
import type { RenderedAppearance } from '../pdf/appearance';
import { byteRangeDigest, embedSignature, prepareSignature } from '../pdf/sign-field';
import { certificateInfo, toDer as pemOrDer } from './cert-info';
import { buildPadesCms } from './cms-build';
import { requestTimestamp } from './tsp';
import { verifyPdf } from './verify-pdf';
import { summarise } from './messages';
import { loadBundledAnchors } from './bundled-anchors';
import { assertCanSign, buildChain } from './signer-cert';
import { discoverModules } from './pkcs11-modules';
import { createPkcs11Provider, type Pkcs11Provider } from './pkcs11-token';
import type { CertificateInfo, HashSigner, VerificationReport } from './types';

export { VERIFY_PDF_JOB as VERIFY_JOB } from '../blobs/service';
import { VERIFY_PDF_JOB as VERIFY_JOB } from '../blobs/service';
export const TIMESTAMP_JOB = 'signing.timestamp';
const DAY = 86_400_000;
/** Room for the CMS in /Contents: chain of 3–4 RSA-4096 certificates plus a timestamp token with its own chain. */
const CONTENTS_BYTES = 32_768;
/** A TSA that does not answer in this time is treated as unreachable (signing goes on; the timestamp comes later). */
const TSA_TIMEOUT_MS = 6_000;
export const DEFAULT_TSA_URL = 'http://tsa.ca.gov.vn';

export interface SignOptions {
  /** Claimed signing time (/M), epoch ms. */
  at: number;
  reason: string;
  location: string | null;
  name: string;
  fieldName?: string;
  visible?: { page: number; rect: [number, number, number, number]; appearance: RenderedAppearance };
}

interface StoredSettings {
  modulePaths: string[];
  tsaUrl: string | null;
  sealPosition: SigningSettingsDto['sealPosition'];
}

const DEFAULT_SETTINGS: StoredSettings = { modulePaths: [], tsaUrl: DEFAULT_TSA_URL, sealPosition: 'overlap-left' };

export function createSigning(deps: { raw: RawDb; env: Env; settings: SettingsService; blobs: BlobsService; jobs: JobsService; now: () => number; fetchImpl?: typeof fetch }) {
  const { raw, env, now } = deps;
  let provider: Pkcs11Provider | null = null;
  let providerKey = '';

  // ---- settings ----------------------------------------------------------------------------------------------------

  function stored(): StoredSettings {
    const row = raw.prepare("SELECT value FROM settings WHERE key = 'signing'").get() as { value: string } | undefined;
    return row ? { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<StoredSettings>) } : DEFAULT_SETTINGS;
  }

  function settingsDto(): SigningSettingsDto {
    const s = stored();
    return { ...s, hasSeal: image('seal', 0) != null };
  }

  function saveSettings(v: StoredSettings): SigningSettingsDto {
    raw
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('signing', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
      .run(JSON.stringify(v), now());
    return settingsDto();
  }

  // ---- tokens ------------------------------------------------------------------------------------------------------

  function modules(): TokenModuleDto[] {
    const admin = stored().modulePaths;
    return discoverModules(process.platform, admin).map((m) => {
      const present = fs.existsSync(m.path);
      return { path: m.path, name: m.name, source: admin.includes(m.path) ? 'admin' : 'known', present, error: present ? null : 'Không tìm thấy tệp thư viện.' };
    });
  }

  /** The process's provider over the modules present now; rebuilt only when that set changes. */
  function tokenProvider(): Pkcs11Provider {
    const present = modules().filter((m) => m.present);
    const key = present.map((m) => m.path).join('\n');
    if (!provider || key !== providerKey) {
      provider?.close();
      provider = createPkcs11Provider({ modules: discoverModules(process.platform, stored().modulePaths).filter((m) => fs.existsSync(m.path)), logger: env.logger });
      providerKey = key;
    }
    return provider;
  }

  /** Why a certificate cannot sign now, in the words the signer gets when trying (signer-cert.ts), or null. */
  function certProblem(c: CertificateInfo, at: number): string | null {
    try {
      assertCanSign(c, at);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  function tokens(): TokenDto[] {
    const t = now();
    return tokenProvider()
      .listTokens()
      .map(({ moduleId: _module, certificates, ...tok }) => ({
        ...tok,
        certificates: certificates.map(({ der: _der, ...c }) => {
          const problem = certProblem(c, t);
          return { ...c, daysLeft: Math.floor((c.notAfter - t) / DAY), usable: problem == null, problem };
        }),
      }));
  }

  /** Logs in (PIN errors surface here, before anything is written) and returns a signer to close after use. */
  function openSigner(v: { tokenId: string; certFingerprint: string; pin: string }) {
    return tokenProvider().openSigner(v);
  }

  // ---- signing -----------------------------------------------------------------------------------------------------

  /** A timestamp (B-T) when a TSA is configured and answers; null otherwise (the caller defers it). */
  async function timestampOf(digest: Uint8Array): Promise<Uint8Array | null> {
    const url = stored().tsaUrl;
    if (!url) return null;
    try {
      return await requestTimestamp(url, digest, { timeoutMs: TSA_TIMEOUT_MS, fetchImpl: deps.fetchImpl });
    } catch (e) {
      env.logger.warn('timestamp deferred', { url, error: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }

  /** Signs `bytes` as one incremental update. Nothing is stored: the caller records the result. */
  async function signPdf(bytes: Uint8Array, signer: HashSigner, o: SignOptions): Promise<{ pdf: Buffer; fieldName: string; timestamped: boolean }> {
    const prepared = prepareSignature(bytes, {
      fieldName: o.fieldName,
      kind: 'cades',
      signingTime: o.at,
      name: o.name,
      reason: o.reason,
      location: o.location ?? undefined,
      reservedBytes: CONTENTS_BYTES,
      visible: o.visible,
    });
    const digest = byteRangeDigest(prepared.pdf, prepared.byteRange, 'sha256');
    let timestamped = false;
    // PAdES wants the whole chain in the signature: what the token lacks comes from the office's trust store.
    const chain = (signer.chain.length ? signer.chain : buildChain(signer.certificate, allCertificates())).filter((c) => !isSelfSigned(c));
    const cms = await buildPadesCms({
      digest,
      signer: { ...signer, chain, signDigest: (d) => signer.signDigest(d) },
      timestamp: stored().tsaUrl
        ? async (sig) => {
            const tok = await timestampOf(crypto.createHash('sha256').update(sig).digest());
            timestamped = tok != null;
            return tok;
          }
        : undefined,
    });
    return { pdf: embedSignature(prepared, cms), fieldName: prepared.fieldName, timestamped };
  }

  /** PAdES B-T after the fact: a document timestamp over the whole file, as one more incremental update. */
  async function addDocumentTimestamp(bytes: Uint8Array): Promise<Buffer | null> {
    const url = stored().tsaUrl;
    if (!url) return null;
    const prepared = prepareSignature(bytes, { kind: 'timestamp', signingTime: now(), reservedBytes: 16_384 });
    const digest = byteRangeDigest(prepared.pdf, prepared.byteRange, 'sha256');
    const token = await requestTimestamp(url, digest, { timeoutMs: TSA_TIMEOUT_MS, fetchImpl: deps.fetchImpl });
    return embedSignature(prepared, token);
  }

  // ---- verification ------------------------------------------------------------------------------------------------

  /** Every certificate of the trust store, enabled or not (to complete a signer's chain, not to trust it). */
  function allCertificates(): Uint8Array[] {
    return (raw.prepare('SELECT der FROM trust_anchors').pluck().all() as string[]).map((b) => Buffer.from(b, 'base64'));
  }

  function anchors(): Uint8Array[] {
    return (raw.prepare('SELECT der FROM trust_anchors WHERE enabled = 1').pluck().all() as string[]).map((b) => Buffer.from(b, 'base64'));
  }

  const revocationCache = {
    get(url: string): { der: Uint8Array; fetchedAt: number } | null {
      const r = raw.prepare('SELECT der, fetched_at AS fetchedAt FROM revocation_cache WHERE url = ?').get(url) as { der: string; fetchedAt: number } | undefined;
      return r ? { der: Buffer.from(r.der, 'base64'), fetchedAt: r.fetchedAt } : null;
    },
    put(url: string, der: Uint8Array, fetchedAt: number): void {
      raw
        .prepare('INSERT INTO revocation_cache (url, der, fetched_at) VALUES (?, ?, ?) ON CONFLICT(url) DO UPDATE SET der = excluded.der, fetched_at = excluded.fetched_at')
        .run(url, Buffer.from(der).toString('base64'), fetchedAt);
    },
  };

  /** The report for any PDF bytes, with this office's trust anchors (and any given beside them). */
  function verifyBytes(bytes: Uint8Array, opts: { online?: boolean; extraAnchors?: Uint8Array[] } = {}): Promise<VerificationReport> {
    return verifyPdf(bytes, {
      trustAnchors: [...anchors(), ...(opts.extraAnchors ?? [])],
      cache: revocationCache,
      fetchImpl: deps.fetchImpl,
      online: opts.online ?? true,
      now: now(),
    });
  }

  function storeReport(hash: string, report: VerificationReport): void {
    const retry = report.signatures.some((s) => s.subIndication === 'TRY_LATER') ? 1 : 0;
    raw
      .prepare('INSERT INTO verification_reports (blob_hash, checked_at, overall, retry, report) VALUES (?, ?, ?, ?, ?)')
      .run(hash, report.checkedAt, report.overall, retry, JSON.stringify(report));
  }

  function latestReport(hash: string): VerificationReport | null {
    const r = raw.prepare('SELECT report FROM verification_reports WHERE blob_hash = ? ORDER BY checked_at DESC, id DESC LIMIT 1').get(hash) as { report: string } | undefined;
    return r ? (JSON.parse(r.report) as VerificationReport) : null;
  }

  /** Verifies a stored PDF, keeps the report, and when revocation could not be checked (offline) asks again later. */
  async function verifyBlob(hash: string): Promise<VerificationReport> {
    // Most received PDFs are unsigned scans, some hundreds of MB: a file without a single /ByteRange has no signature
    // (a signature dictionary cannot sit in a compressed object stream), found by streaming it from disk.
    const report = (await mentionsByteRange(deps.blobs.store.pathOf(hash))) ? await verifyBytes(await deps.blobs.read(hash)) : summarise([], hash, true, now());
    raw
      .transaction(() => {
        storeReport(hash, report);
        if (report.signatures.some((s) => s.subIndication === 'TRY_LATER')) {
          deps.jobs.enqueue(VERIFY_JOB, { hash, recheck: true }, { runAt: now() + 3_600_000, dedupeKey: `verify:${hash}:${report.checkedAt}` });
        }
      })
      .immediate();
    return report;
  }

  // ---- trust anchors, images, custody ------------------------------------------------------------------------------

  function trustList(): TrustAnchorDto[] {
    return raw
      .prepare(
        `SELECT t.id, t.fingerprint, t.subject, t.not_after AS notAfter, t.enabled, t.added_at AS addedAt, u.full_name AS addedByName
           FROM trust_anchors t LEFT JOIN users u ON u.id = t.added_by ORDER BY t.subject`,
      )
      .all()
      .map((r) => ({ ...(r as TrustAnchorDto), enabled: !!(r as { enabled: number }).enabled }));
  }

  /** Accepts a DER or PEM certificate that is a CA (basicConstraints CA). Inside the caller's transaction. */
  function trustAdd(bytes: Uint8Array, userId: number | null): TrustAnchorDto {
    const der = toDer(bytes);
    let info: CertificateInfo;
    try {
      info = certificateInfo(der);
    } catch {
      throw new AppError('invalid_input', 'Tệp không phải chứng thư số (X.509, .cer/.crt/.pem).');
    }
    if (!info.isCA) throw new AppError('invalid_input', `"${info.subjectCN}" không phải chứng thư của tổ chức cấp chứng thư (CA); chỉ thêm chứng thư gốc hoặc trung gian.`);
    raw
      .prepare(
        'INSERT INTO trust_anchors (fingerprint, der, subject, not_after, enabled, added_by, added_at) VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET enabled = 1',
      )
      .run(info.fingerprint, Buffer.from(der).toString('base64'), info.subject, info.notAfter, userId, now());
    return trustList().find((t) => t.fingerprint === info.fingerprint) as TrustAnchorDto;
  }

  /** First start (and after an update that ships more): the pinned roots from resources/trust, once each. */
  function seedBundledAnchors(): number {
    let added = 0;
    raw
      .transaction(() => {
        for (const der of loadBundledAnchors(env.resourcesDir, env.logger)) {
          const info = certificateInfo(der);
          const r = raw
            .prepare(
              'INSERT INTO trust_anchors (fingerprint, der, subject, not_after, enabled, added_by, added_at) VALUES (?, ?, ?, ?, 1, NULL, ?) ON CONFLICT(fingerprint) DO NOTHING',
            )
            .run(info.fingerprint, Buffer.from(der).toString('base64'), info.subject, info.notAfter, now());
          added += r.changes;
        }
      })
      .immediate();
    return added;
  }

  function trustSetEnabled(id: number, enabled: boolean): TrustAnchorDto {
    if (!raw.prepare('UPDATE trust_anchors SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id).changes) throw new AppError('not_found', 'Không tìm thấy chứng thư gốc.');
    return trustList().find((t) => t.id === id) as TrustAnchorDto;
  }

  function image(kind: 'signature' | 'seal', userId: number): string | null {
    return (raw.prepare('SELECT blob_hash FROM signing_images WHERE kind = ? AND user_id = ?').pluck().get(kind, userId) as string | undefined) ?? null;
  }

  function setImage(kind: 'signature' | 'seal', userId: number, hash: string | null): void {
    if (hash == null) {
      raw.prepare('DELETE FROM signing_images WHERE kind = ? AND user_id = ?').run(kind, userId);
      return;
    }
    const b = deps.blobs.info(hash);
    if (b.kind !== 'png') throw new AppError('invalid_input', 'Ảnh chữ ký, con dấu phải là tệp PNG (nền trong suốt).');
    raw
      .prepare(
        'INSERT INTO signing_images (kind, user_id, blob_hash, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(kind, user_id) DO UPDATE SET blob_hash = excluded.blob_hash, updated_at = excluded.updated_at',
      )
      .run(kind, userId, hash, now());
  }

  function custodyList(): CustodyDto[] {
    return raw
      .prepare(
        `SELECT c.id, c.from_name AS fromName, c.to_name AS toName, c.date, c.note, c.cert_fingerprint AS certFingerprint, u.full_name AS recordedByName, c.recorded_at AS recordedAt
           FROM token_custody c LEFT JOIN users u ON u.id = c.recorded_by ORDER BY c.date DESC, c.id DESC`,
      )
      .all() as CustodyDto[];
  }

  function custodyAdd(v: Omit<CustodyDto, 'id' | 'recordedByName' | 'recordedAt'>, userId: number): CustodyDto {
    const id = Number(
      raw
        .prepare('INSERT INTO token_custody (from_name, to_name, date, note, cert_fingerprint, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(v.fromName, v.toName, v.date, v.note, v.certFingerprint, userId, now()).lastInsertRowid,
    );
    return custodyList().find((c) => c.id === id) as CustodyDto;
  }

  function recordSignature(v: {
    documentId: number | null;
    kind: 'personal' | 'organisation' | 'attachment' | 'copy' | 'timestamp';
    blobIn: string;
    blobOut: string;
    fieldName: string;
    cert: CertificateInfo | null;
    userId: number | null;
    timestampPending: boolean;
  }): void {
    raw
      .prepare(
        'INSERT INTO signatures (document_id, kind, blob_in, blob_out, field_name, cert_fingerprint, signer_name, by_id, at, timestamp_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(v.documentId, v.kind, v.blobIn, v.blobOut, v.fieldName, v.cert?.fingerprint ?? null, v.cert?.subjectCN ?? null, v.userId, now(), v.timestampPending ? 1 : 0);
  }

  return {
    settings: settingsDto,
    stored,
    saveSettings,
    modules,
    tokens,
    openSigner,
    signPdf,
    addDocumentTimestamp,
    verifyBytes,
    verifyBlob,
    storeReport,
    latestReport,
    trustList,
    trustAdd,
    trustSetEnabled,
    seedBundledAnchors,
    image,
    setImage,
    custodyList,
    custodyAdd,
    recordSignature,
    close(): void {
      provider?.close();
      provider = null;
    },
  };
}

export type SigningService = ReturnType<typeof createSigning>;

/** Whether the file contains the bytes `/ByteRange`, read in 1 MB chunks (never the whole file in memory). */
async function mentionsByteRange(file: string): Promise<boolean> {
  const needle = Buffer.from('/ByteRange', 'latin1');
  let tail = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = Buffer.concat([tail, chunk as Buffer]);
    if (buf.includes(needle)) return true;
    tail = buf.subarray(Math.max(0, buf.length - needle.length + 1));
  }
  return false;
}

/** A root (self-signed) is not embedded: the verifier must have it as a trust anchor anyway. */
function isSelfSigned(der: Uint8Array): boolean {
  try {
    const x = new crypto.X509Certificate(der);
    return x.subject === x.issuer && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

/** DER from DER or PEM bytes. */
export function toDer(bytes: Uint8Array): Uint8Array {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  try {
    return pemOrDer(head.includes('-----BEGIN') ? Buffer.from(bytes).toString('latin1') : bytes);
  } catch {
    throw new AppError('invalid_input', 'Tệp PEM không chứa chứng thư số.');
  }
}
