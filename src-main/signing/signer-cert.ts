// What the signer drivers (token, remote) check on their certificate before asking for a PIN or a phone
// confirmation, and the intermediate certificates they embed. Reading the certificate itself is cert-info.ts.

import { X509Certificate } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { CertificateInfo } from './types';

export { certificateInfo as certificateInfoOf } from './cert-info';

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
