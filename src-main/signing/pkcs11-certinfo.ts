// TEMPORARY local certificate reader for the token and remote drivers: DER → CertificateInfo, plus the "can it sign
// now" check. To be replaced by src-main/signing/cert-info.ts when that lands (same output type, delete this file).
// Uses node:crypto X509Certificate; only keyUsage needs an ASN.1 look (pkijs), because Node exposes only the EKU.

import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { AppError } from '../../src-shared/errors';
import type { CertificateInfo } from './types';

const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

const BODY_WORDS = ['ubnd', 'ủy ban', 'uỷ ban', 'sở', 'phòng', 'văn phòng', 'cục', 'chi cục', 'bộ', 'trung tâm', 'ban', 'hội đồng', 'trường', 'công an', 'kho bạc'];

/** Node prints a name one attribute per line, most significant first: parse into [type, value] pairs. */
function nameParts(multiline: string): Array<[string, string]> {
  return multiline
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const i = line.indexOf('=');
      return [line.slice(0, i), line.slice(i + 1).normalize('NFC')] as [string, string];
    });
}

function rfc4514(parts: Array<[string, string]>): string {
  const esc = (v: string) =>
    v
      .replace(/([,+"\\<>;])/g, '\\$1')
      .replace(/^([ #])/, '\\$1')
      .replace(/ $/, '\\ ');
  return [...parts]
    .reverse()
    .map(([k, v]) => `${k}=${esc(v)}`)
    .join(',');
}

function keyUsageOf(der: Uint8Array): string[] {
  try {
    const cert = pkijs.Certificate.fromBER(der);
    const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
    if (!ext) return [];
    const bits = ext.parsedValue as { valueBlock: { valueHexView: Uint8Array } } | undefined;
    const bytes = bits?.valueBlock.valueHexView ?? new Uint8Array();
    return KEY_USAGE_BITS.filter((_, i) => {
      const byte = bytes[i >> 3] ?? 0;
      return (byte & (0x80 >> (i & 7))) !== 0;
    });
  } catch {
    return [];
  }
}

export function certificateInfoOf(der: Uint8Array): CertificateInfo {
  const x = new X509Certificate(der);
  const subject = nameParts(x.subject);
  const issuer = nameParts(x.issuer);
  const get = (parts: Array<[string, string]>, k: string) => parts.filter(([t]) => t === k).pop()?.[1] ?? '';
  const subjectCN = get(subject, 'CN');
  const organisation = get(subject, 'O');
  const cnLower = subjectCN.toLocaleLowerCase('vi');
  const kind = (subjectCN && subjectCN === organisation) || BODY_WORDS.some((w) => cnLower.startsWith(`${w} `) || cnLower === w) ? 'organisation' : 'personal';
  const keyType = x.publicKey.asymmetricKeyType;
  const details = x.publicKey.asymmetricKeyDetails ?? {};
  return {
    fingerprint: x.fingerprint256.replace(/:/g, '').toLowerCase(),
    serial: x.serialNumber.toUpperCase().replace(/^0+(?=.)/, ''),
    subjectCN,
    organisation,
    subject: rfc4514(subject),
    issuer: rfc4514(issuer),
    issuerCN: get(issuer, 'CN'),
    notBefore: new Date(x.validFrom).getTime(),
    notAfter: new Date(x.validTo).getTime(),
    keyUsage: keyUsageOf(der),
    extKeyUsage: x.keyUsage ?? [],
    kind,
    keyAlgorithm: keyType === 'rsa' ? 'RSA' : keyType === 'ec' ? 'EC' : 'other',
    keyBits: details.modulusLength ?? (details.namedCurve === 'prime256v1' ? 256 : details.namedCurve === 'secp384r1' ? 384 : 0),
    isCA: x.ca,
  };
}

/** Throws certificate_unusable unless the certificate is valid at `now` and allows signing (digitalSignature or nonRepudiation). */
export function assertCanSign(info: CertificateInfo, now = Date.now()): void {
  const fmt = (t: number) => new Date(t + 7 * 3600_000).toISOString().slice(0, 10).split('-').reverse().join('/');
  if (now < info.notBefore) throw new AppError('certificate_unusable', `Chứng thư số chưa có hiệu lực (từ ngày ${fmt(info.notBefore)}).`, { details: { reason: 'not_yet_valid' } });
  if (now > info.notAfter) throw new AppError('certificate_unusable', `Chứng thư số đã hết hạn (ngày ${fmt(info.notAfter)}).`, { details: { reason: 'expired' } });
  if (info.keyUsage.length > 0 && !info.keyUsage.includes('digitalSignature') && !info.keyUsage.includes('nonRepudiation')) {
    throw new AppError('certificate_unusable', 'Chứng thư số không cho phép dùng để ký (thiếu mục đích chữ ký số).', { details: { reason: 'key_usage', keyUsage: info.keyUsage } });
  }
  if (info.keyAlgorithm !== 'RSA') {
    throw new AppError('certificate_unusable', 'Chứng thư số dùng thuật toán khóa chưa được hỗ trợ (chỉ hỗ trợ RSA).', {
      details: { reason: 'key_algorithm', keyAlgorithm: info.keyAlgorithm },
    });
  }
}

/** The intermediate certificates (issuer first, root last if present) found among `pool` for `leaf`. */
export function buildChain(leaf: Uint8Array, pool: Uint8Array[]): Uint8Array[] {
  const certs = pool.map((der) => ({ der, x: new X509Certificate(der) }));
  const chain: Uint8Array[] = [];
  let current = new X509Certificate(leaf);
  for (let depth = 0; depth < 8; depth++) {
    if (current.checkIssued(current) && depth > 0) break; // self-signed root reached
    const issuer = certs.find((c) => c.x.fingerprint256 !== current.fingerprint256 && current.checkIssued(c.x) && current.verify(c.x.publicKey));
    if (!issuer || chain.includes(issuer.der)) break;
    chain.push(issuer.der);
    current = issuer.x;
  }
  return chain;
}
