// Revocation status of a certificate from the CRLs named in its CRL Distribution Points (http), fetched with a
// timeout, read with PKI.js, signature-checked against the issuer with node:crypto, and kept in a cache the caller
// owns (the service persists it), then OCSP (AIA) when no CRL answers. Offline with nothing usable cached →
// 'unknown' ('offline').
import { verify as cryptoVerify, constants } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
import { aiaUrls, crlUrls, parseCertificate } from './cert-info';
import { parseOcspResponse, queryOcsp, type OcspAnswer } from './ocsp';
import { publicKeyOf, signatureScheme } from './cms-parse';

export interface CrlCache {
  get(url: string): { der: Uint8Array; fetchedAt: number } | null;
  put(url: string, der: Uint8Array, fetchedAt: number): void;
}

export interface RevocationInput {
  cert: Uint8Array;
  /** The issuer's certificate (from the validated path); without it no CRL can be trusted. */
  issuer: Uint8Array | null;
  cache: CrlCache;
  fetchImpl?: typeof fetch;
  online: boolean;
  now: number;
  /** Proof-of-existence time of the signature (a timestamp), if any: a CRL issued after it is fresh enough. */
  poeTime?: number | null;
  timeoutMs?: number;
}

export type RevocationReason = 'offline' | 'no-distribution-point' | 'no-issuer' | 'invalid-crl' | 'stale';

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  reason: RevocationReason | null;
  revokedAt: number | null;
  /** CRL reason code name (keyCompromise ...), when revoked. */
  revocationReason: string | null;
  url: string | null;
  thisUpdate: number | null;
  nextUpdate: number | null;
  fromCache: boolean;
  /** Where the answer came from. */
  source: 'crl' | 'ocsp' | null;
  /** One Vietnamese line for the report. */
  detail: string;
}

export interface ParsedCrl {
  thisUpdate: number;
  nextUpdate: number | null;
  revoked: Map<string, { at: number; reason: string | null }>;
}

const REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  '',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/^0+/, '').toUpperCase() || '0';

/** Parse a CRL and check it was issued and signed by `issuerDer`; throws when it was not. */
export function parseCrl(der: Uint8Array, issuerDer: Uint8Array): ParsedCrl {
  const crl = pkijs.CertificateRevocationList.fromBER(der);
  const issuer = parseCertificate(issuerDer);
  if (Buffer.compare(Buffer.from(crl.issuer.valueBeforeDecode), Buffer.from(issuer.subjectRaw)) !== 0) throw new Error('CRL không do tổ chức cấp chứng thư này phát hành');
  const params = crl.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
  const scheme = signatureScheme(crl.signatureAlgorithm.algorithmId, params && !(params instanceof asn1js.Null) ? params : null, '');
  if (!scheme) throw new Error('CRL dùng thuật toán ký không hỗ trợ');
  const key = publicKeyOf(issuerDer);
  const sig = crl.signatureValue.valueBlock.valueHexView;
  const opts =
    scheme.kind === 'rsa-pss'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength }
      : scheme.kind === 'ecdsa'
        ? { key, dsaEncoding: 'der' as const }
        : { key, padding: constants.RSA_PKCS1_PADDING };
  if (!cryptoVerify(scheme.hash, crl.tbsView, opts, sig)) throw new Error('chữ ký của CRL không hợp lệ');
  const revoked = new Map<string, { at: number; reason: string | null }>();
  for (const rc of crl.revokedCertificates ?? []) {
    let reason: string | null = null;
    for (const ext of rc.crlEntryExtensions?.extensions ?? []) {
      if (ext.extnID === '2.5.29.21') {
        const code = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result as asn1js.Enumerated;
        reason = REASONS[code.valueBlock.valueDec] || null;
      }
    }
    revoked.set(hexOf(rc.userCertificate.valueBlock.valueHexView), { at: rc.revocationDate.value.getTime(), reason });
  }
  return { thisUpdate: crl.thisUpdate.value.getTime(), nextUpdate: crl.nextUpdate ? crl.nextUpdate.value.getTime() : null, revoked };
}

const fmt = (t: number) => new Date(t + 7 * 3600_000).toISOString().replace(/^(\d+)-(\d+)-(\d+)T(\d+:\d+).*$/, '$4 $3/$2/$1');

function verdict(crl: ParsedCrl, serial: string, url: string, fromCache: boolean): RevocationResult {
  const entry = crl.revoked.get(serial);
  const base = { url, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, fromCache, reason: null, source: 'crl' as const };
  if (entry)
    return {
      ...base,
      status: 'revoked',
      revokedAt: entry.at,
      revocationReason: entry.reason,
      detail: `Chứng thư đã bị thu hồi lúc ${fmt(entry.at)}${entry.reason ? ` (lý do: ${entry.reason})` : ''} theo danh sách thu hồi (CRL) ngày ${fmt(crl.thisUpdate)}.`,
    };
  return {
    ...base,
    status: 'good',
    revokedAt: null,
    revocationReason: null,
    detail: `Chứng thư chưa bị thu hồi theo danh sách thu hồi (CRL) ngày ${fmt(crl.thisUpdate)}${fromCache ? ' (đã lưu)' : ''}.`,
  };
}

/** Is this CRL fresh enough to say "not revoked"? Valid now, or issued after the signature's proof of existence. */
function fresh(crl: ParsedCrl, now: number, poeTime: number | null): boolean {
  if (crl.thisUpdate > now + 5 * 60_000) return false;
  if (crl.nextUpdate === null || now <= crl.nextUpdate) return true;
  return poeTime !== null && crl.thisUpdate >= poeTime;
}

const unknown = (reason: RevocationReason, detail: string, url: string | null = null): RevocationResult => ({
  status: 'unknown',
  reason,
  revokedAt: null,
  revocationReason: null,
  url,
  thisUpdate: null,
  nextUpdate: null,
  fromCache: false,
  source: null,
  detail,
});

export async function checkRevocation(input: RevocationInput): Promise<RevocationResult> {
  let crls: string[];
  let ocsps: string[];
  let serial: string;
  try {
    const p = parseCertificate(input.cert);
    serial = p.serialHex;
    crls = crlUrls(p).filter((u) => /^https?:\/\//i.test(u));
    ocsps = aiaUrls(p).ocsp.filter((u) => /^https?:\/\//i.test(u));
  } catch {
    return unknown('invalid-crl', 'Không đọc được chứng thư để kiểm tra thu hồi.');
  }
  if (crls.length === 0 && ocsps.length === 0) return unknown('no-distribution-point', 'Chứng thư không ghi địa chỉ kiểm tra thu hồi (CRL hoặc OCSP).');
  if (!input.issuer) return unknown('no-issuer', 'Không có chứng thư của tổ chức cấp để kiểm tra thu hồi.');
  const fromCrl = crls.length ? await checkCrls(input, input.issuer, serial, crls) : null;
  if (fromCrl && fromCrl.status !== 'unknown') return fromCrl;
  // OCSP when the CRL could not answer (or the certificate names none).
  const fromOcsp = ocsps.length ? await checkOcsps(input, input.issuer, serial, ocsps) : null;
  if (fromOcsp && fromOcsp.status !== 'unknown') return fromOcsp;
  if (fromCrl?.reason === 'offline' || fromOcsp?.reason === 'offline') return fromCrl?.reason === 'offline' ? fromCrl : fromOcsp!;
  return fromCrl ?? fromOcsp!;
}

const REASON_CODES = REASONS;

async function checkOcsps(input: RevocationInput, issuer: Uint8Array, serial: string, urls: string[]): Promise<RevocationResult> {
  const poe = input.poeTime ?? null;
  let failed = false;
  let invalid = false;
  const result = (a: OcspAnswer, url: string, fromCache: boolean): RevocationResult | null => {
    const base = { url, thisUpdate: a.thisUpdate, nextUpdate: a.nextUpdate, fromCache, reason: null, source: 'ocsp' as const };
    if (a.status === 'revoked') {
      const why = a.reasonCode !== null ? REASON_CODES[a.reasonCode] || null : null;
      return {
        ...base,
        status: 'revoked',
        revokedAt: a.revokedAt,
        revocationReason: why,
        detail: `Chứng thư đã bị thu hồi lúc ${fmt(a.revokedAt ?? a.thisUpdate)}${why ? ` (lý do: ${why})` : ''} theo trả lời OCSP lúc ${fmt(a.producedAt)}.`,
      };
    }
    if (a.status === 'good' && fresh({ thisUpdate: a.thisUpdate, nextUpdate: a.nextUpdate ?? a.thisUpdate + 24 * 3600_000, revoked: new Map() }, input.now, poe))
      return {
        ...base,
        status: 'good',
        revokedAt: null,
        revocationReason: null,
        detail: `Chứng thư chưa bị thu hồi theo trả lời OCSP lúc ${fmt(a.producedAt)}${fromCache ? ' (đã lưu)' : ''}.`,
      };
    return null;
  };
  for (const url of urls) {
    const key = `${url}#ocsp:${serial}`;
    const cached = input.cache.get(key);
    if (cached) {
      try {
        const r = result(parseOcspResponse(cached.der, input.cert, issuer, null), url, true);
        if (r) return r;
      } catch {
        invalid = true;
      }
    }
    if (!input.online) continue;
    let answer: { der: Uint8Array; answer: OcspAnswer };
    try {
      answer = await queryOcsp(url, input.cert, issuer, { fetchImpl: input.fetchImpl, timeoutMs: input.timeoutMs ?? 10_000 });
    } catch (e) {
      if ((e as Error).message.startsWith('OCSP')) invalid = true;
      else failed = true;
      continue;
    }
    input.cache.put(key, answer.der, Date.now());
    const r = result(answer.answer, url, false);
    if (r) return r;
  }
  if (!input.online || failed) return { ...unknown('offline', 'Chưa hỏi được máy chủ OCSP vì không kết nối được mạng.', urls[0]), source: 'ocsp' };
  return { ...unknown(invalid ? 'invalid-crl' : 'stale', 'Máy chủ OCSP không trả lời được tình trạng chứng thư.', urls[0]), source: 'ocsp' };
}

async function checkCrls(input: RevocationInput, issuer: Uint8Array, serial: string, urls: string[]): Promise<RevocationResult> {
  const poe = input.poeTime ?? null;
  let sawStale: RevocationResult | null = null;
  let sawInvalid = false;
  let fetchFailed = false;

  for (const url of urls) {
    const cached = input.cache.get(url);
    if (cached) {
      try {
        const crl = parseCrl(cached.der, issuer);
        const v = verdict(crl, serial, url, true);
        // A revocation entry stays true however old the list is.
        if (v.status === 'revoked' || fresh(crl, input.now, poe)) return v;
        sawStale = {
          ...unknown('stale', `Danh sách thu hồi đã lưu (ngày ${fmt(crl.thisUpdate)}) đã quá hạn.`, url),
          thisUpdate: crl.thisUpdate,
          nextUpdate: crl.nextUpdate,
          fromCache: true,
        };
      } catch {
        sawInvalid = true;
      }
    }
    if (!input.online) continue;
    let der: Uint8Array;
    try {
      const res = await (input.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(input.timeoutMs ?? 10_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      der = new Uint8Array(await res.arrayBuffer());
    } catch {
      fetchFailed = true;
      continue;
    }
    try {
      const crl = parseCrl(der, issuer);
      input.cache.put(url, der, Date.now());
      const v = verdict(crl, serial, url, false);
      if (v.status === 'revoked' || fresh(crl, input.now, poe)) return v;
      sawStale = { ...unknown('stale', `Danh sách thu hồi tải về (ngày ${fmt(crl.thisUpdate)}) đã quá hạn.`, url), thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
    } catch {
      sawInvalid = true;
    }
  }
  if (!input.online || fetchFailed) return unknown('offline', 'Chưa tải được danh sách thu hồi (CRL) vì không kết nối được mạng.', urls[0]);
  if (sawStale) return sawStale;
  if (sawInvalid) return unknown('invalid-crl', 'Danh sách thu hồi (CRL) không hợp lệ hoặc không do tổ chức cấp chứng thư ký.', urls[0]);
  return unknown('offline', 'Chưa kiểm tra được danh sách thu hồi.', urls[0]);
}
