// CMS SignedData (RFC 5652) read into plain objects, plus the cryptographic primitives both signature checking
// (cms-verify.ts) and timestamp checking (tsp.ts) share: signer lookup, signature value check with node:crypto, ESS
// signing-certificate match. Parsing throws on malformed input; the callers turn that into FORMAT problems.
import { createHash, createPublicKey, constants, verify as cryptoVerify, publicDecrypt, type KeyObject } from 'node:crypto';
import { parseCertificate, subjectKeyId } from './cert-info';
import { content, decode, expectSeq, hashName, intHex, isContext, kid, kids, oid, octets, raw, tagClass, tagNumber, OID, type HashName, type Node } from './der';

export interface Attribute {
  type: string;
  /** Raw DER of each value in the attribute's SET. */
  values: Uint8Array[];
}

export type SignerId = { kind: 'issuerSerial'; issuerRaw: Uint8Array; serialHex: string } | { kind: 'ski'; ski: Uint8Array };

export interface SignerInfo {
  version: number;
  sid: SignerId;
  digestAlgorithm: string;
  /** DER of the signed attributes re-tagged as SET OF (what the signature covers), null when absent. */
  signedAttrsDer: Uint8Array | null;
  signedAttrs: Attribute[];
  signatureAlgorithm: string;
  signatureAlgorithmParams: Node | null;
  signature: Uint8Array;
  unsignedAttrs: Attribute[];
}

export interface SignedData {
  version: number;
  digestAlgorithms: string[];
  eContentType: string;
  eContent: Uint8Array | null;
  certificates: Uint8Array[];
  crls: Uint8Array[];
  signers: SignerInfo[];
}

function attributes(n: Node): Attribute[] {
  return kids(n).map((a) => {
    const [t, vals] = expectSeq(a);
    return { type: oid(t), values: kids(vals).map(raw) };
  });
}

function parseSignerInfo(n: Node): SignerInfo {
  const f = expectSeq(n);
  let i = 0;
  const version = parseInt(intHex(f[i++]), 16);
  const sidNode = f[i++];
  let sid: SignerId;
  if (isContext(sidNode, 0)) sid = { kind: 'ski', ski: content(sidNode) };
  else {
    const [issuer, serial] = expectSeq(sidNode);
    sid = { kind: 'issuerSerial', issuerRaw: raw(issuer), serialHex: intHex(serial) };
  }
  const digestAlgorithm = oid(kid(f[i++], 0));
  let signedAttrsDer: Uint8Array | null = null;
  let signedAttrs: Attribute[] = [];
  if (isContext(f[i], 0)) {
    const r = raw(f[i]);
    signedAttrsDer = new Uint8Array(r);
    signedAttrsDer[0] = 0x31; // [0] IMPLICIT → SET OF: the signature is computed over the SET form (RFC 5652 §5.4)
    signedAttrs = attributes(f[i]);
    i++;
  }
  const sigAlg = f[i++];
  const signatureAlgorithm = oid(kid(sigAlg, 0));
  const sigParams = kids(sigAlg)[1] ?? null;
  const signature = octets(f[i++]);
  const unsignedAttrs = f[i] && isContext(f[i], 1) ? attributes(f[i]) : [];
  return {
    version,
    sid,
    digestAlgorithm,
    signedAttrsDer,
    signedAttrs,
    signatureAlgorithm,
    signatureAlgorithmParams: sigParams && !(tagClass(sigParams) === 1 && tagNumber(sigParams) === 5) ? sigParams : null,
    signature,
    unsignedAttrs,
  };
}

/** Parse a ContentInfo(SignedData); throws on anything else. */
export function parseSignedData(der: Uint8Array): SignedData {
  const ci = expectSeq(decode(der));
  if (oid(ci[0]) !== OID.signedData) throw new Error('CMS: không phải SignedData');
  if (!ci[1] || !isContext(ci[1], 0)) throw new Error('CMS: thiếu nội dung SignedData');
  const f = expectSeq(kid(ci[1], 0));
  let i = 0;
  const version = parseInt(intHex(f[i++]), 16);
  const digestAlgorithms = kids(f[i++]).map((a) => oid(kid(a, 0)));
  const encap = expectSeq(f[i++]);
  const eContentType = oid(encap[0]);
  const eContent = encap[1] && isContext(encap[1], 0) ? octets(kid(encap[1], 0)) : null;
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  if (f[i] && isContext(f[i], 0)) {
    // Only X.509 certificates (SEQUENCE); other certificate formats are skipped.
    for (const c of kids(f[i])) if (tagClass(c) === 1 && tagNumber(c) === 16) certificates.push(raw(c));
    i++;
  }
  if (f[i] && isContext(f[i], 1)) {
    for (const c of kids(f[i])) if (tagClass(c) === 1 && tagNumber(c) === 16) crls.push(raw(c));
    i++;
  }
  if (!f[i]) throw new Error('CMS: thiếu signerInfos');
  const signers = kids(f[i]).map(parseSignerInfo);
  return { version, digestAlgorithms, eContentType, eContent, certificates, crls, signers };
}

export function attr(si: SignerInfo, type: string, unsigned = false): Uint8Array[] | null {
  const a = (unsigned ? si.unsignedAttrs : si.signedAttrs).find((x) => x.type === type);
  return a ? a.values : null;
}

/** The certificate the SignerInfo names, by issuerAndSerialNumber (issuer bytes compared exactly, then by
 *  normalised text as a fallback for re-encoded names) or by subjectKeyIdentifier. */
export function findSignerCert(si: SignerInfo, certs: Uint8Array[]): Uint8Array | null {
  const eq = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
  let loose: Uint8Array | null = null;
  for (const der of certs) {
    let p;
    try {
      p = parseCertificate(der);
    } catch {
      continue;
    }
    if (si.sid.kind === 'ski') {
      const ski = subjectKeyId(p);
      if (ski && eq(ski, si.sid.ski)) return der;
      continue;
    }
    if (p.serialHex !== si.sid.serialHex) continue;
    if (eq(p.issuerRaw, si.sid.issuerRaw)) return der;
    loose ??= der;
  }
  return loose;
}

const SIG_HASH: Record<string, HashName> = {
  [OID.sha1WithRSA]: 'sha1',
  [OID.sha256WithRSA]: 'sha256',
  [OID.sha384WithRSA]: 'sha384',
  [OID.sha512WithRSA]: 'sha512',
  [OID.ecdsaSha1]: 'sha1',
  [OID.ecdsaSha256]: 'sha256',
  [OID.ecdsaSha384]: 'sha384',
  [OID.ecdsaSha512]: 'sha512',
};

export interface SignatureScheme {
  kind: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
  hash: HashName;
  saltLength?: number;
}

/** Which scheme and hash a SignerInfo's signatureAlgorithm means (digestAlgorithm for plain rsaEncryption). */
export function signatureScheme(sigAlg: string, params: Node | null, digestAlg: string): SignatureScheme | null {
  if (sigAlg === OID.rsaEncryption) {
    const h = hashName(digestAlg);
    return h ? { kind: 'rsa-pkcs1', hash: h } : null;
  }
  if (sigAlg === OID.rsassaPss) {
    let hash: HashName = 'sha1';
    let saltLength = 20;
    if (params) {
      for (const p of kids(params)) {
        if (isContext(p, 0)) hash = hashName(oid(kid(kid(p, 0), 0))) ?? hash;
        if (isContext(p, 2)) saltLength = parseInt(intHex(kid(p, 0)), 16);
      }
    }
    return { kind: 'rsa-pss', hash, saltLength };
  }
  const h = SIG_HASH[sigAlg];
  if (!h) return null;
  return { kind: sigAlg.startsWith('1.2.840.10045') ? 'ecdsa' : 'rsa-pkcs1', hash: h };
}

export function publicKeyOf(certDer: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(parseCertificate(certDer).spki), format: 'der', type: 'spki' });
}

/** Verify a signature over `data` (the signed attributes DER) with node:crypto. */
export function verifyOverData(key: KeyObject, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (scheme.kind === 'rsa-pss') return cryptoVerify(scheme.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength }, signature);
    if (scheme.kind === 'ecdsa') return cryptoVerify(scheme.hash, data, { key, dsaEncoding: 'der' }, signature);
    return cryptoVerify(scheme.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}

const DIGEST_INFO_PREFIX: Record<HashName, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

export function digestInfo(hash: HashName, digest: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]));
}

/** Verify an RSA PKCS#1 v1.5 signature over a digest (a SignerInfo without signed attributes). Other schemes: null
 *  (node:crypto cannot verify a pre-hashed PSS/ECDSA value without the content). */
export function verifyOverDigest(key: KeyObject, scheme: SignatureScheme, digest: Uint8Array, signature: Uint8Array): boolean | null {
  if (scheme.kind !== 'rsa-pkcs1') return null;
  try {
    const em = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
    return Buffer.compare(em, digestInfo(scheme.hash, digest)) === 0;
  } catch {
    return false;
  }
}

export function hash(alg: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(alg).update(data).digest());
}

/** Does the signing-certificate(-v2) attribute name this certificate? null when neither attribute is present. */
export function essCertMatches(si: SignerInfo, certDer: Uint8Array): { v2: boolean; match: boolean } | null {
  const v2 = attr(si, OID.signingCertificateV2);
  const v1 = v2 ? null : attr(si, OID.signingCertificate);
  const values = v2 ?? v1;
  if (!values || !values[0]) return null;
  try {
    const certIds = kid(decode(values[0]), 0);
    const first = kid(certIds, 0);
    const f = expectSeq(first);
    let i = 0;
    let alg: HashName = v2 ? 'sha256' : 'sha1';
    if (v2 && tagClass(f[0]) === 1 && tagNumber(f[0]) === 16) alg = hashName(oid(kid(f[i++], 0))) ?? alg;
    const certHash = octets(f[i++]);
    let match = Buffer.compare(Buffer.from(certHash), Buffer.from(hash(alg, certDer))) === 0;
    const issuerSerial = f[i];
    if (match && issuerSerial) {
      const p = parseCertificate(certDer);
      const [names, serial] = expectSeq(issuerSerial);
      if (intHex(serial) !== p.serialHex) match = false;
      const dir = kids(names).find((g) => isContext(g, 4));
      if (dir && Buffer.compare(Buffer.from(raw(kid(dir, 0))), Buffer.from(p.issuerRaw)) !== 0) match = false;
    }
    return { v2: !!v2, match };
  } catch {
    return { v2: !!v2, match: false };
  }
}
