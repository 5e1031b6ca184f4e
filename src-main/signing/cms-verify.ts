// Reading and cryptographic checking of a PDF signature's CMS: which certificate signed, whether the signed digest
// matches the document, whether the signature value is good (node:crypto), ESS binding, signature timestamps.
// Never throws on bad input: problems are reported as FORMAT lines. Trust and revocation are validate.ts's job.
import {
  attr,
  essCertMatches,
  findSignerCert,
  hash,
  parseSignedData,
  publicKeyOf,
  signatureScheme,
  verifyOverData,
  verifyOverDigest,
  type SignatureScheme,
  type SignedData,
  type SignerInfo,
} from './cms-parse';
import { decode, fitToDeclaredLength, hashName, octets, oid, time, OID, type HashName } from './der';
import { verifyTimestampToken } from './tsp';

export interface CmsInspection {
  /** False when the CMS could not be read or lacks what a signature needs; `problems` says why. */
  ok: boolean;
  problems: string[];
  signedData: SignedData | null;
  signerInfo: SignerInfo | null;
  signerCert: Uint8Array | null;
  certs: Uint8Array[];
  /** Digest algorithm of the SignerInfo: a hash name, or the OID when unsupported. */
  digestAlgorithm: string | null;
  signatureAlgorithm: string | null;
  scheme: SignatureScheme | null;
  hasSignedAttrs: boolean;
  messageDigest: Uint8Array | null;
  contentType: string | null;
  /** signing-time attribute (not a trusted time), epoch ms. */
  signingTime: number | null;
  /** signing-certificate-v2 (or v1) present and naming the signer certificate; null when neither is present. */
  essCert: { v2: boolean; match: boolean } | null;
  /** Unsigned signature-time-stamp tokens (ContentInfo DER). */
  timestampTokens: Uint8Array[];
}

export interface CmsTimestampResult {
  token: Uint8Array;
  genTime: number | null;
  valid: boolean;
  imprintMatches: boolean;
  tsaCert: Uint8Array | null;
  tsaName: string;
  /** Certificates carried by the token (for the TSA's chain). */
  certs: Uint8Array[];
  problems: string[];
}

export interface CmsVerification {
  inspection: CmsInspection;
  /** The signed digest equals the document digest (null when it could not be decided). */
  integrity: boolean | null;
  signatureValid: boolean;
  signerCert: Uint8Array | null;
  certs: Uint8Array[];
  essCertMatch: boolean | null;
  timestamps: CmsTimestampResult[];
}

const eq = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

export function inspectCms(der: Uint8Array): CmsInspection {
  const out: CmsInspection = {
    ok: false,
    problems: [],
    signedData: null,
    signerInfo: null,
    signerCert: null,
    certs: [],
    digestAlgorithm: null,
    signatureAlgorithm: null,
    scheme: null,
    hasSignedAttrs: false,
    messageDigest: null,
    contentType: null,
    signingTime: null,
    essCert: null,
    timestampTokens: [],
  };
  let sd: SignedData | null = null;
  let error: unknown = null;
  const fitted = fitToDeclaredLength(der);
  try {
    sd = parseSignedData(fitted);
  } catch (e) {
    error = e;
    // BER indefinite lengths end in 00 00 end-of-contents octets, which stripping the /Contents padding removes.
    if (der[0] === 0x30 && der[1] === 0x80) {
      for (let extra = 2; extra <= 16 && !sd; extra += 2) {
        try {
          sd = parseSignedData(new Uint8Array(Buffer.concat([der, Buffer.alloc(extra)])));
        } catch {
          sd = null;
        }
      }
    }
  }
  if (!sd) {
    out.problems.push(`Dữ liệu chữ ký (CMS) sai định dạng: ${(error as Error).message}.`);
    return out;
  }
  out.signedData = sd;
  out.certs = sd.certificates;
  if (sd.signers.length !== 1) {
    out.problems.push(sd.signers.length === 0 ? 'Dữ liệu chữ ký không có người ký nào.' : 'Dữ liệu chữ ký có nhiều người ký; chữ ký PDF chỉ được có một.');
    if (sd.signers.length === 0) return out;
  }
  const si = sd.signers[0];
  out.signerInfo = si;
  out.digestAlgorithm = hashName(si.digestAlgorithm) ?? si.digestAlgorithm;
  out.signatureAlgorithm = si.signatureAlgorithm;
  try {
    out.scheme = signatureScheme(si.signatureAlgorithm, si.signatureAlgorithmParams, si.digestAlgorithm);
  } catch {
    out.scheme = null;
  }
  if (!hashName(si.digestAlgorithm)) out.problems.push(`Thuật toán băm không hỗ trợ (${si.digestAlgorithm}).`);
  if (!out.scheme) out.problems.push(`Thuật toán ký không hỗ trợ (${si.signatureAlgorithm}).`);
  out.signerCert = findSignerCert(si, sd.certificates);
  out.hasSignedAttrs = si.signedAttrsDer !== null;
  try {
    const md = attr(si, OID.messageDigest);
    if (md?.[0]) out.messageDigest = octets(decode(md[0]));
    const ct = attr(si, OID.contentType);
    if (ct?.[0]) out.contentType = oid(decode(ct[0]));
    const st = attr(si, OID.signingTime);
    if (st?.[0]) out.signingTime = time(decode(st[0]));
  } catch (e) {
    out.problems.push(`Thuộc tính ký sai định dạng: ${(e as Error).message}.`);
  }
  if (out.hasSignedAttrs && (!out.messageDigest || !out.contentType)) out.problems.push('Thiếu thuộc tính bắt buộc messageDigest hoặc contentType.');
  if (out.signerCert) out.essCert = essCertMatches(si, out.signerCert);
  out.timestampTokens = (attr(si, OID.signatureTimeStampToken, true) ?? []).slice();
  out.ok = out.problems.length === 0;
  return out;
}

/** Check a signature's CMS against the document: `computeDigest(alg)` hashes the signed byte ranges. */
export function verifyCms(der: Uint8Array, computeDigest: (alg: HashName) => Uint8Array): CmsVerification {
  const inspection = inspectCms(der);
  const res: CmsVerification = {
    inspection,
    integrity: null,
    signatureValid: false,
    signerCert: inspection.signerCert,
    certs: inspection.certs,
    essCertMatch: inspection.essCert ? inspection.essCert.match : null,
    timestamps: [],
  };
  const si = inspection.signerInfo;
  const alg = si ? hashName(si.digestAlgorithm) : null;
  if (!si || !alg || !inspection.scheme || !inspection.ok) return res;
  let computed: Uint8Array;
  try {
    computed = computeDigest(alg);
  } catch (e) {
    inspection.problems.push(`Không tính được giá trị băm của văn bản: ${(e as Error).message}.`);
    return res;
  }
  const eContent = inspection.signedData?.eContent ?? null;
  if (si.signedAttrsDer) {
    const md = inspection.messageDigest!;
    // adbe.pkcs7.sha1: the encapsulated content is the SHA-1 of the byte ranges, and messageDigest covers it.
    // An attached content equal to the signed bytes themselves is accepted too (computed = hash of the ranges).
    res.integrity = eContent ? eq(md, hash(alg, eContent)) && (eq(eContent, computeDigest('sha1')) || eq(hash(alg, eContent), computed)) : eq(md, computed);
    if (inspection.signerCert) {
      try {
        res.signatureValid = verifyOverData(publicKeyOf(inspection.signerCert), inspection.scheme, si.signedAttrsDer, si.signature);
      } catch {
        res.signatureValid = false;
      }
    }
  } else if (inspection.signerCert) {
    const target = eContent ? hash(alg, eContent) : computed;
    try {
      const v = verifyOverDigest(publicKeyOf(inspection.signerCert), inspection.scheme, target, si.signature);
      res.signatureValid = v === true;
      res.integrity = v === null ? null : v && (!eContent || eq(eContent, computeDigest('sha1')) || eq(target, computed));
      if (v === null) inspection.problems.push('Chữ ký không có thuộc tính ký với thuật toán này: không kiểm tra được.');
    } catch {
      res.signatureValid = false;
    }
  }
  for (const token of inspection.timestampTokens) {
    const c = verifyTimestampToken(token, (h) => hash(h, si.signature), inspection.certs);
    let certs: Uint8Array[];
    try {
      certs = parseSignedData(token).certificates;
    } catch {
      certs = [];
    }
    res.timestamps.push({ token, genTime: c.genTime, valid: c.valid, imprintMatches: c.imprintMatches, tsaCert: c.tsaCert, tsaName: c.tsaName, certs, problems: c.problems });
  }
  return res;
}
