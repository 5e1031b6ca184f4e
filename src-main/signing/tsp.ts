// RFC 3161 time-stamp protocol: the HTTP client that asks a TSA for a token over a SHA-256 digest, and the reading
// and checking of TimeStampTokens (their own CMS signature, ESS certificate id, message imprint). No trust-chain
// decisions here: validate.ts checks the TSA's chain.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { certificateInfo, nameToString, parseCertificate, extKeyUsage, type NameAttr } from './cert-info';
import { attr, essCertMatches, findSignerCert, hash, parseSignedData, publicKeyOf, signatureScheme, verifyOverData } from './cms-parse';
import {
  algId,
  bool,
  content,
  decode,
  dirString,
  expectSeq,
  hashName,
  intHex,
  isContext,
  kid,
  kids,
  octets,
  oid,
  raw,
  seq,
  smallInt,
  time,
  uint,
  octetString,
  OID,
  type HashName,
} from './der';

export interface TimestampInfo {
  genTime: number;
  hashAlgorithm: HashName | string;
  imprint: Uint8Array;
  /** Serial number of the token, upper-case hex. */
  serial: string;
  nonce: string | null;
  policy: string;
  /** The TSA's certificate when the token includes it (certReq true). */
  tsaCert: Uint8Array | null;
  /** The TSA's name: the TSTInfo tsa field when present, else the signer certificate's subject, else ''. */
  tsaName: string;
  /** Every certificate in the token. */
  certs: Uint8Array[];
}

export interface TimestampCheck {
  valid: boolean;
  signatureValid: boolean;
  imprintMatches: boolean;
  essCertMatch: boolean;
  genTime: number | null;
  tsaCert: Uint8Array | null;
  tsaName: string;
  problems: string[];
}

function parseNameNode(n: Parameters<typeof kids>[0]): NameAttr[][] {
  return kids(n).map((rdn) =>
    kids(rdn).map((atv) => {
      const [t, v] = expectSeq(atv);
      return { type: oid(t), value: dirString(v) };
    }),
  );
}

/** Read a TimeStampToken (ContentInfo DER); throws on malformed input. */
export function parseTimestampToken(der: Uint8Array): TimestampInfo {
  const sd = parseSignedData(der);
  if (sd.eContentType !== OID.tstInfo || !sd.eContent) throw new Error('TSP: không phải TimeStampToken');
  const f = expectSeq(decode(sd.eContent));
  let i = 1; // version
  const policy = oid(f[i++]);
  const [alg, imprint] = expectSeq(f[i++]);
  const serial = intHex(f[i++]);
  const genTime = time(f[i++]);
  let nonce: string | null = null;
  let tsaNameFromInfo = '';
  for (; i < f.length; i++) {
    const n = f[i];
    if (n.idBlock.tagClass === 1 && n.idBlock.tagNumber === 2) nonce = intHex(n);
    if (isContext(n, 0)) {
      const gn = kid(n, 0);
      if (isContext(gn, 4)) tsaNameFromInfo = nameToString(parseNameNode(kid(gn, 0)));
      else tsaNameFromInfo = Buffer.from(content(gn)).toString('utf8');
    }
  }
  const algOid = oid(kid(alg, 0));
  const tsaCert = sd.signers[0] ? findSignerCert(sd.signers[0], sd.certificates) : null;
  let tsaName = tsaNameFromInfo;
  if (!tsaName && tsaCert) {
    try {
      tsaName = certificateInfo(tsaCert).subject;
    } catch {
      tsaName = '';
    }
  }
  return { genTime, hashAlgorithm: hashName(algOid) ?? algOid, imprint: octets(imprint), serial, nonce, policy, tsaCert, tsaName, certs: sd.certificates };
}

/** Check a token's own CMS signature, its ESS signing-certificate attribute and its imprint. Never throws.
 *  `expected` is the imprint, or a function giving it for the token's hash algorithm. */
export function verifyTimestampToken(der: Uint8Array, expected: Uint8Array | ((alg: HashName) => Uint8Array), extraCerts: Uint8Array[] = []): TimestampCheck {
  const out: TimestampCheck = { valid: false, signatureValid: false, imprintMatches: false, essCertMatch: false, genTime: null, tsaCert: null, tsaName: '', problems: [] };
  try {
    const info = parseTimestampToken(der);
    out.genTime = info.genTime;
    out.tsaName = info.tsaName;
    const h = (['sha1', 'sha256', 'sha384', 'sha512'] as string[]).includes(info.hashAlgorithm) ? (info.hashAlgorithm as HashName) : null;
    if (!h) out.problems.push('Dấu thời gian dùng thuật toán băm không hỗ trợ.');
    else {
      const exp = typeof expected === 'function' ? expected(h) : expected;
      out.imprintMatches = Buffer.compare(Buffer.from(exp), Buffer.from(info.imprint)) === 0;
      if (!out.imprintMatches) out.problems.push('Dấu thời gian không khớp với dữ liệu được đóng dấu.');
    }
    const sd = parseSignedData(der);
    const si = sd.signers[0];
    if (!si || !si.signedAttrsDer) throw new Error('TSP: thiếu thuộc tính ký');
    const cert = info.tsaCert ?? findSignerCert(si, extraCerts);
    if (!cert) {
      out.problems.push('Không tìm thấy chứng thư của máy chủ dấu thời gian.');
      return out;
    }
    out.tsaCert = cert;
    if (!out.tsaName) out.tsaName = certificateInfo(cert).subject;
    const dh = hashName(si.digestAlgorithm);
    const md = attr(si, OID.messageDigest);
    const mdOk = !!dh && !!md?.[0] && Buffer.compare(Buffer.from(octets(decode(md[0]))), Buffer.from(hash(dh, sd.eContent!))) === 0;
    const ct = attr(si, OID.contentType);
    const ctOk = !!ct?.[0] && oid(decode(ct[0])) === OID.tstInfo;
    const scheme = signatureScheme(si.signatureAlgorithm, si.signatureAlgorithmParams, si.digestAlgorithm);
    out.signatureValid = mdOk && ctOk && !!scheme && verifyOverData(publicKeyOf(cert), scheme, si.signedAttrsDer, si.signature);
    if (!out.signatureValid) out.problems.push('Chữ ký của máy chủ dấu thời gian không hợp lệ.');
    const ess = essCertMatches(si, cert);
    out.essCertMatch = !!ess?.match;
    if (!out.essCertMatch) out.problems.push('Dấu thời gian không gắn đúng chứng thư của máy chủ (ESS).');
    if (!extKeyUsage(parseCertificate(cert)).includes(OID.ekuTimeStamping)) out.problems.push('Chứng thư của máy chủ dấu thời gian không có mục đích cấp dấu thời gian.');
    out.valid = out.signatureValid && out.imprintMatches && out.essCertMatch && out.problems.length === 0;
  } catch (e) {
    out.problems.push(`Dấu thời gian sai định dạng (${(e as Error).message}).`);
  }
  return out;
}

export interface TimestampRequestOptions {
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

/** Ask a TSA for a token over a SHA-256 digest; returns the TimeStampToken (ContentInfo DER). Network errors,
 *  timeouts, HTTP errors and rejected or mismatching replies all become AppError('timestamp_unavailable'). */
export async function requestTimestamp(url: string, digest: Uint8Array, opts: TimestampRequestOptions): Promise<Uint8Array> {
  const nonceBytes = randomBytes(8);
  nonceBytes[0] &= 0x7f;
  nonceBytes[0] |= 0x01; // positive and never shortened
  const body = seq(smallInt(1), seq(algId(OID.sha256), octetString(digest)), uint(nonceBytes), bool(true));
  const doFetch = opts.fetchImpl ?? fetch;
  let reply: Uint8Array;
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: Buffer.from(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    if (!res.ok) throw new AppError('timestamp_unavailable', `Máy chủ dấu thời gian trả lỗi HTTP ${res.status}.`);
    reply = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof AppError) throw e;
    const timedOut = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError';
    throw new AppError('timestamp_unavailable', timedOut ? 'Máy chủ dấu thời gian không trả lời kịp.' : undefined, { cause: e });
  }
  let token: Uint8Array;
  try {
    const resp = expectSeq(decode(reply));
    const status = parseInt(intHex(kid(resp[0], 0)), 16);
    if (status !== 0 && status !== 1) throw new AppError('timestamp_unavailable', `Máy chủ dấu thời gian từ chối yêu cầu (trạng thái ${status}).`);
    if (!resp[1]) throw new Error('thiếu token');
    token = raw(resp[1]);
    const info = parseTimestampToken(token);
    if (info.nonce !== intHex(decode(uint(nonceBytes)))) throw new Error('nonce không khớp');
    if (info.hashAlgorithm !== 'sha256' || Buffer.compare(Buffer.from(info.imprint), Buffer.from(digest)) !== 0) throw new Error('message imprint không khớp');
    const check = verifyTimestampToken(token, digest);
    if (!check.valid) throw new Error(check.problems.join(' '));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('timestamp_unavailable', `Dấu thời gian nhận được không hợp lệ: ${(e as Error).message}`, { cause: e });
  }
  return token;
}
