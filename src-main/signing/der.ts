// DER for the signing code: reading through asn1js (with the raw bytes of every element kept) and a tiny writer that
// embeds raw bytes verbatim, so an issuer Name or a certificate is copied byte for byte (the node-forge lesson,
// notes/toolchain.md §4). No crypto here; every reader throws on malformed input and callers turn that into FORMAT.
import * as asn1js from 'asn1js';

export type Node = asn1js.AsnType;

/** Parse exactly one DER element covering all of `bytes`. */
export function decode(bytes: Uint8Array): Node {
  const res = asn1js.fromBER(bytes);
  if (res.offset === -1 || res.result.error) throw new Error(`ASN.1: ${res.result.error || 'không đọc được'}`);
  if (res.offset !== bytes.byteLength) throw new Error('ASN.1: dữ liệu thừa sau phần tử');
  return res.result;
}

/** /Contents of a PDF signature arrive with the zero padding stripped, which can also strip zero bytes that belonged
 *  to the DER (a signature value ending in 00). Cut or re-pad to the length the outer header declares; at most 16
 *  missing bytes are restored, and only as zeros. Returns the input unchanged when the header is unreadable. */
export function fitToDeclaredLength(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x30) return bytes;
  let len = bytes[1];
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || bytes.length < 2 + n) return bytes;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i];
    off += n;
  }
  const total = off + len;
  if (total < bytes.length) return bytes.subarray(total).every((b) => b === 0) ? bytes.subarray(0, total) : bytes;
  if (total > bytes.length && total - bytes.length <= 16) {
    const out = new Uint8Array(total);
    out.set(bytes);
    return out;
  }
  return bytes;
}

export const tagClass = (n: Node): number => n.idBlock.tagClass; // 1 universal, 2 application, 3 context, 4 private
export const tagNumber = (n: Node): number => n.idBlock.tagNumber;
export const isContext = (n: Node, num: number): boolean => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === num;

/** The element's own encoding (header + content) as it appeared in the input. */
export function raw(n: Node): Uint8Array {
  return new Uint8Array(n.valueBeforeDecodeView);
}

/** Content octets of the element (without the header). */
export function content(n: Node): Uint8Array {
  const r = raw(n);
  const start = n.idBlock.blockLength + n.lenBlock.blockLength;
  return r.subarray(start, n.lenBlock.isIndefiniteForm ? r.byteLength - 2 : start + n.lenBlock.length);
}

export function kids(n: Node): Node[] {
  const v = (n as asn1js.Sequence).valueBlock?.value;
  if (!Array.isArray(v)) throw new Error('ASN.1: cần phần tử cấu trúc');
  return v as Node[];
}

export function kid(n: Node, i: number): Node {
  const k = kids(n)[i];
  if (!k) throw new Error('ASN.1: thiếu phần tử');
  return k;
}

export function expectSeq(n: Node): Node[] {
  if (!(n instanceof asn1js.Sequence)) throw new Error('ASN.1: cần SEQUENCE');
  return kids(n);
}

export function oid(n: Node): string {
  if (!(n instanceof asn1js.ObjectIdentifier)) throw new Error('ASN.1: cần OBJECT IDENTIFIER');
  return n.valueBlock.toString();
}

/** INTEGER content as upper-case hex without leading zeros ('0' for zero). */
export function intHex(n: Node): string {
  if (!(n instanceof asn1js.Integer)) throw new Error('ASN.1: cần INTEGER');
  const hex = Buffer.from(content(n)).toString('hex').replace(/^0+/, '').toUpperCase();
  return hex || '0';
}

/** OCTET STRING (or an IMPLICIT-tagged one) content; BER constructed forms are joined. */
export function octets(n: Node): Uint8Array {
  const universalOctets = n.idBlock.tagClass === 1 && n.idBlock.tagNumber === 4;
  if (!universalOctets && n.idBlock.tagClass !== 3) throw new Error('ASN.1: cần OCTET STRING');
  if (n.idBlock.isConstructed) return new Uint8Array(Buffer.concat(kids(n).map(octets)));
  return content(n);
}

/** UTCTime / GeneralizedTime → epoch ms. */
export function time(n: Node): number {
  if (n instanceof asn1js.UTCTime || n instanceof asn1js.GeneralizedTime) {
    const t = n.toDate().getTime();
    if (Number.isNaN(t)) throw new Error('ASN.1: thời gian sai');
    return t;
  }
  throw new Error('ASN.1: cần thời gian');
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** A directory string decoded from its raw content octets, NFC. T61/Printable/IA5 carrying UTF-8 bytes (seen in
 *  the wild) are read as UTF-8, otherwise as Latin-1. */
export function dirString(n: Node): string {
  const c = content(n);
  const t = n.idBlock.tagClass === 1 ? n.idBlock.tagNumber : -1;
  let s: string;
  if (t === 30) {
    // BMPString: UTF-16BE
    s = '';
    for (let i = 0; i + 1 < c.length; i += 2) s += String.fromCharCode((c[i] << 8) | c[i + 1]);
  } else if (t === 28) {
    // UniversalString: UTF-32BE
    s = '';
    for (let i = 0; i + 3 < c.length; i += 4) s += String.fromCodePoint(((c[i] << 24) | (c[i + 1] << 16) | (c[i + 2] << 8) | c[i + 3]) >>> 0);
  } else {
    try {
      s = utf8Fatal.decode(c);
    } catch {
      s = Buffer.from(c).toString('latin1');
    }
  }
  return s.normalize('NFC');
}

// ---- writer ---------------------------------------------------------------------------------------------------

function lengthBytes(len: number): number[] {
  if (len < 0x80) return [len];
  const out: number[] = [];
  for (let l = len; l > 0; l = Math.floor(l / 256)) out.unshift(l & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...lengthBytes(body.length)]), body]));
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...parts);
/** SET OF in DER order (elements sorted by their encodings). */
export const setOf = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...[...parts].sort((a, b) => Buffer.compare(a, b)));
export const octetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const nullValue = (): Uint8Array => new Uint8Array([0x05, 0x00]);
export const bool = (v: boolean): Uint8Array => new Uint8Array([0x01, 0x01, v ? 0xff : 0x00]);
/** [n] EXPLICIT / constructed context tag. */
export const ctx = (num: number, ...parts: Uint8Array[]): Uint8Array => tlv(0xa0 | num, ...parts);

export function objectId(dotted: string): Uint8Array {
  return new Uint8Array(new asn1js.ObjectIdentifier({ value: dotted }).toBER(false));
}

/** INTEGER from unsigned big-endian bytes (leading zero added when the top bit is set). */
export function uint(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const b = bytes.subarray(i);
  return tlv(0x02, b[0] & 0x80 ? new Uint8Array([0, ...b]) : b);
}

export function smallInt(n: number): Uint8Array {
  return new Uint8Array(new asn1js.Integer({ value: n }).toBER(false));
}

export const algId = (dotted: string, withNull = true): Uint8Array => (withNull ? seq(objectId(dotted), nullValue()) : seq(objectId(dotted)));

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRSA: '1.2.840.113549.1.1.5',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha1: '1.2.840.10045.4.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const HASH_BY_OID: Record<string, HashName> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export function hashName(dotted: string): HashName | null {
  return HASH_BY_OID[dotted] ?? null;
}

export function hashOid(h: HashName): string {
  return OID[h];
}
