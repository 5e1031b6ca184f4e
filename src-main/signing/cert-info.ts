// X.509 certificates read for display, chain building and CMS: names decoded byte-exactly (UTF8/Printable/BMP/T61),
// RFC 4514 strings, key usage, extensions, and the raw issuer/serial bytes that CMS must copy verbatim.
// Reading only: no trust decisions here (chain.ts, validate.ts).
import { createHash, createPublicKey } from 'node:crypto';
import type { CertificateInfo } from './types';
import { content, decode, dirString, expectSeq, intHex, isContext, kid, kids, oid, raw, tagClass, tagNumber, time, type Node } from './der';

export interface NameAttr {
  type: string;
  value: string;
}

export interface Extension {
  critical: boolean;
  value: Uint8Array;
}

/** The parts of a certificate the signing code needs, with raw DER where bytes must be reused exactly. */
export interface CertParts {
  der: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signatureAlgorithmRaw: Uint8Array;
  signatureValue: Uint8Array;
  serialHex: string;
  /** The whole INTEGER element of the serial number. */
  serialRaw: Uint8Array;
  issuerRaw: Uint8Array;
  subjectRaw: Uint8Array;
  issuer: NameAttr[][];
  subject: NameAttr[][];
  notBefore: number;
  notAfter: number;
  spki: Uint8Array;
  keyAlgorithmOid: string;
  extensions: Map<string, Extension>;
}

function parseName(n: Node): NameAttr[][] {
  return expectSeq(n).map((rdn) =>
    kids(rdn).map((atv) => {
      const [t, v] = expectSeq(atv);
      return { type: oid(t), value: dirString(v) };
    }),
  );
}

/**
 * Recently parsed certificates by content: a report checks the same few certificates (signer, CA, TSA) once per
 * signature and per chain step, and parsing was most of a verification's time. Bounded; the parts are never mutated.
 */
const PARSED = new Map<string, CertParts>();
const PARSED_MAX = 256;

/** Parse a DER certificate; throws on malformed input. */
export function parseCertificate(der: Uint8Array): CertParts {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const hit = PARSED.get(key);
  if (hit) return hit;
  // Parsed from a private copy: the cached views must not follow later changes to the caller's buffer.
  const parts = parseCertificateUncached(new Uint8Array(der));
  if (PARSED.size >= PARSED_MAX) PARSED.delete(PARSED.keys().next().value as string);
  PARSED.set(key, parts);
  return parts;
}

function parseCertificateUncached(der: Uint8Array): CertParts {
  const root = decode(der);
  const [tbsNode, sigAlg, sigVal] = expectSeq(root);
  const f = expectSeq(tbsNode);
  let i = 0;
  if (isContext(f[0], 0)) i++;
  const serial = f[i++];
  i++; // signature algorithm inside tbs
  const issuer = f[i++];
  const validity = expectSeq(f[i++]);
  const subject = f[i++];
  const spki = f[i++];
  const extensions = new Map<string, Extension>();
  for (; i < f.length; i++) {
    if (!isContext(f[i], 3)) continue;
    for (const ext of expectSeq(kid(f[i], 0))) {
      const e = expectSeq(ext);
      const critical = e.length === 3 && content(e[1])[0] !== 0;
      extensions.set(oid(e[0]), { critical, value: content(e[e.length - 1]) });
    }
  }
  const sigBits = content(sigVal);
  return {
    der: new Uint8Array(der),
    tbs: raw(tbsNode),
    signatureAlgorithm: oid(kid(sigAlg, 0)),
    signatureAlgorithmRaw: raw(sigAlg),
    signatureValue: sigBits.subarray(1),
    serialHex: intHex(serial),
    serialRaw: raw(serial),
    issuerRaw: raw(issuer),
    subjectRaw: raw(subject),
    issuer: parseName(issuer),
    subject: parseName(subject),
    notBefore: time(validity[0]),
    notAfter: time(validity[1]),
    spki: raw(spki),
    keyAlgorithmOid: oid(kid(kid(spki, 0), 0)),
    extensions,
  };
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  // Not in RFC 4514's table but common on Vietnamese certificates; written by name as OpenSSL does.
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.12': 'T',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function escapeValue(v: string): string {
  let s = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (s.startsWith('#') || s.startsWith(' ')) s = `\\${s}`;
  if (s.endsWith(' ') && s.length > 1) s = `${s.slice(0, -1)}\\ `;
  return s;
}

/** RFC 4514: RDNs most-specific first, multi-valued RDNs joined with '+'. */
export function nameToString(name: NameAttr[][]): string {
  return [...name]
    .reverse()
    .map((rdn) => rdn.map((a) => `${SHORT_NAMES[a.type] ?? a.type}=${escapeValue(a.value)}`).join('+'))
    .join(',');
}

export function nameAttr(name: NameAttr[][], type: string): string {
  for (const rdn of name) for (const a of rdn) if (a.type === type) return a.value;
  return '';
}

const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

export function keyUsage(p: CertParts): string[] | null {
  const ext = p.extensions.get('2.5.29.15');
  if (!ext) return null;
  const bits = content(decode(ext.value)).subarray(1);
  return KEY_USAGE_BITS.filter((_, i) => i < bits.length * 8 && (bits[i >> 3] & (0x80 >> (i & 7))) !== 0);
}

export function extKeyUsage(p: CertParts): string[] {
  const ext = p.extensions.get('2.5.29.37');
  return ext ? kids(decode(ext.value)).map(oid) : [];
}

export function basicConstraints(p: CertParts): { ca: boolean; pathLen: number | null } {
  const ext = p.extensions.get('2.5.29.19');
  if (!ext) return { ca: false, pathLen: null };
  let ca = false;
  let pathLen: number | null = null;
  for (const k of kids(decode(ext.value))) {
    if (tagClass(k) === 1 && tagNumber(k) === 1) ca = content(k)[0] !== 0;
    if (tagClass(k) === 1 && tagNumber(k) === 2) pathLen = parseInt(intHex(k), 16);
  }
  return { ca, pathLen };
}

export function subjectKeyId(p: CertParts): Uint8Array | null {
  const ext = p.extensions.get('2.5.29.14');
  return ext ? content(decode(ext.value)) : null;
}

export function authorityKeyId(p: CertParts): Uint8Array | null {
  const ext = p.extensions.get('2.5.29.35');
  if (!ext) return null;
  const k = kids(decode(ext.value)).find((n) => isContext(n, 0));
  return k ? content(k) : null;
}

function uriNames(generalNames: Node): string[] {
  return kids(generalNames)
    .filter((g) => isContext(g, 6))
    .map((g) => Buffer.from(content(g)).toString('latin1'));
}

/** URIs of the CRL distribution points (fullName form). */
export function crlUrls(p: CertParts): string[] {
  const ext = p.extensions.get('2.5.29.31');
  if (!ext) return [];
  const out: string[] = [];
  for (const dp of kids(decode(ext.value))) {
    const name = kids(dp).find((n) => isContext(n, 0));
    if (!name) continue;
    const full = kids(name).find((n) => isContext(n, 0));
    if (full) out.push(...uriNames(full));
  }
  return out;
}

/** Authority information access: OCSP responders and CA issuer URLs. */
export function aiaUrls(p: CertParts): { ocsp: string[]; caIssuers: string[] } {
  const ext = p.extensions.get('1.3.6.1.5.5.7.1.1');
  const res = { ocsp: [] as string[], caIssuers: [] as string[] };
  if (!ext) return res;
  for (const ad of kids(decode(ext.value))) {
    const [m, loc] = kids(ad);
    if (!isContext(loc, 6)) continue;
    const url = Buffer.from(content(loc)).toString('latin1');
    if (oid(m) === '1.3.6.1.5.5.7.48.1') res.ocsp.push(url);
    if (oid(m) === '1.3.6.1.5.5.7.48.2') res.caIssuers.push(url);
  }
  return res;
}

export function keyDetails(p: CertParts): { keyAlgorithm: CertificateInfo['keyAlgorithm']; keyBits: number } {
  try {
    const key = createPublicKey({ key: Buffer.from(p.spki), format: 'der', type: 'spki' });
    const d = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return { keyAlgorithm: 'RSA', keyBits: d.modulusLength ?? 0 };
    if (key.asymmetricKeyType === 'ec') {
      const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };
      return { keyAlgorithm: 'EC', keyBits: curveBits[d.namedCurve ?? ''] ?? 0 };
    }
    return { keyAlgorithm: 'other', keyBits: 0 };
  } catch {
    return { keyAlgorithm: 'other', keyBits: 0 };
  }
}

// Words that open the name of a body rather than a person (types.ts: CertificateInfo.kind).
const BODY_WORDS = [
  'UBND',
  'Ủy ban',
  'Uỷ ban',
  'Sở',
  'Phòng',
  'Văn phòng',
  'Cục',
  'Chi cục',
  'Bộ',
  'Trung tâm',
  'Ban',
  'Hội đồng',
  'Trường',
  'Hội',
  'Viện',
  'Tòa án',
  'Toà án',
  'Công an',
  'Kho bạc',
  'Bệnh viện',
  'Trạm',
  'Đảng ủy',
  'Đảng uỷ',
  'Công ty',
  'Tổng cục',
  'Thanh tra',
  'Mặt trận',
  'Đoàn',
];
const BODY_RE = new RegExp(`^(${BODY_WORDS.map((w) => w.normalize('NFC')).join('|')})(\\s|$)`, 'iu');

export function certificateKind(cn: string, o: string): CertificateInfo['kind'] {
  const c = cn.normalize('NFC').trim();
  if (c && o && c.toLocaleLowerCase('vi') === o.normalize('NFC').trim().toLocaleLowerCase('vi')) return 'organisation';
  return BODY_RE.test(c) ? 'organisation' : 'personal';
}

export function certInfoFromParts(p: CertParts): CertificateInfo {
  const subjectCN = nameAttr(p.subject, '2.5.4.3');
  const organisation = nameAttr(p.subject, '2.5.4.10');
  return {
    fingerprint: createHash('sha256').update(p.der).digest('hex'),
    serial: p.serialHex,
    subjectCN,
    organisation,
    subject: nameToString(p.subject),
    issuer: nameToString(p.issuer),
    issuerCN: nameAttr(p.issuer, '2.5.4.3'),
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    keyUsage: keyUsage(p) ?? [],
    extKeyUsage: extKeyUsage(p),
    kind: certificateKind(subjectCN, organisation),
    ...keyDetails(p),
    isCA: basicConstraints(p).ca,
  };
}

/** CertificateInfo of a DER certificate; throws on malformed input. */
export function certificateInfo(der: Uint8Array): CertificateInfo {
  return certInfoFromParts(parseCertificate(der));
}

/** PEM or DER → DER (the first certificate of a PEM bundle). */
export function toDer(certOrPem: Uint8Array | string): Uint8Array {
  const text = typeof certOrPem === 'string' ? certOrPem : certOrPem[0] === 0x2d ? Buffer.from(certOrPem).toString('latin1') : null;
  if (text === null) return certOrPem as Uint8Array;
  const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(text);
  if (!m) throw new Error('PEM: không thấy chứng thư');
  return new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}
