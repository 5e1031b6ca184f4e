// Remote signing as a HashSigner: a RemoteSigningDriver (CSC v1 today; VNPT SmartCA's own API can be added as another
// driver) gives the certificate chain and signs hashes after the user confirms on the phone. Only the hash leaves the PC;
// every signature is checked against the certificate before it is returned.

import { constants, publicDecrypt, X509Certificate } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../env';
import { OID_RSA_ENCRYPTION, OID_SHA256, type AuthorizeOptions, type CscClient } from './csc-client';
import { assertCanSign, certificateInfoOf } from './signer-cert';
import type { CertificateInfo, HashSigner, SignerDriver } from './types';

const DIGEST_INFO_SHA256 = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** What the user sees and can do while a remote signature waits: countdown, cancel, and the document's name. */
export type RemoteSignOptions = AuthorizeOptions;

/** One remote signing service behind one credential. Callers only see this (and the HashSigner built on it). */
export interface RemoteSigningDriver {
  /** 'csc' for any CSC v1 service; other values for provider-specific adapters (e.g. 'vnpt-smartca'). */
  readonly provider: string;
  readonly credentialId: string;
  /** The signer certificate (DER) and its chain (issuer first). */
  credential(): Promise<{ certificate: Uint8Array; chain: Uint8Array[] }>;
  /** RSA PKCS#1 v1.5 signatures over DigestInfo(SHA-256, digest), one per digest, after the user's confirmation. */
  signDigests(digests: Uint8Array[], opts: RemoteSignOptions): Promise<Uint8Array[]>;
}

export interface RemoteSigner extends HashSigner, SignerDriver {
  readonly kind: 'csc';
  readonly provider: string;
  readonly credentialId: string;
  readonly certificateInfo: CertificateInfo;
  /** Like signDigest, with per-call options (countdown, cancel, description shown on the phone). */
  signDigestWith(digest: Uint8Array, opts: RemoteSignOptions): Promise<Uint8Array>;
}

/** The CSC v1 driver: credentials/info for the chain; credentials/authorize (waits for the phone) then signatures/signHash. */
export function cscDriver(client: CscClient, credentialId: string): RemoteSigningDriver {
  return {
    provider: 'csc',
    credentialId,
    async credential() {
      const info = await client.credentialInfo(credentialId);
      if (info.keyStatus && info.keyStatus !== 'enabled') {
        throw new AppError('certificate_unusable', 'Khóa ký trên dịch vụ ký số từ xa đang bị khóa hoặc vô hiệu.', {
          details: { reason: 'key_disabled', keyStatus: info.keyStatus },
        });
      }
      if (info.keyAlgo.length > 0 && !info.keyAlgo.includes(OID_RSA_ENCRYPTION)) {
        throw new AppError('certificate_unusable', 'Dịch vụ ký số từ xa dùng thuật toán khóa chưa được hỗ trợ (chỉ hỗ trợ RSA).', {
          details: { reason: 'key_algorithm', keyAlgo: info.keyAlgo },
        });
      }
      const [certificate, ...chain] = info.certificates;
      if (!certificate) throw new AppError('remote_sign_error', 'Dịch vụ ký số từ xa không trả về chứng thư số.', { details: { reason: 'no_certificate' } });
      return { certificate, chain };
    },
    async signDigests(digests, opts) {
      const sad = await client.authorize(credentialId, digests, opts);
      return client.signHash(credentialId, sad, digests, OID_SHA256, OID_RSA_ENCRYPTION);
    },
  };
}

/** A HashSigner over any remote driver; checks the certificate can sign now. */
export async function createRemoteSigner(driver: RemoteSigningDriver, opts: RemoteSignOptions & { logger?: Logger } = {}): Promise<RemoteSigner> {
  const { certificate, chain } = await driver.credential();
  let info: CertificateInfo;
  try {
    info = certificateInfoOf(certificate);
  } catch {
    throw new AppError('remote_sign_error', 'Chứng thư số từ dịch vụ ký số từ xa không đọc được.', { details: { reason: 'bad_certificate' } });
  }
  assertCanSign(info);
  const publicKey = new X509Certificate(certificate).publicKey;
  const { logger, ...defaults } = opts;
  const opensTo = (sig: Uint8Array, expected: Buffer) => {
    try {
      return publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, sig).equals(expected);
    } catch {
      return false;
    }
  };

  async function signDigestWith(digest: Uint8Array, callOpts: RemoteSignOptions): Promise<Uint8Array> {
    if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new AppError('invalid_input', 'Giá trị băm phải là SHA-256 (32 byte).');
    const started = Date.now();
    const [sig] = await driver.signDigests([digest], { ...defaults, ...callOpts });
    // RSA PKCS#1 v1.5: the signature opens with the public key to exactly DigestInfo(SHA-256, digest).
    if (!sig || !opensTo(sig, Buffer.concat([DIGEST_INFO_SHA256, digest]))) {
      logger?.error('csc.signature_mismatch', { provider: driver.provider, credentialId: driver.credentialId });
      throw new AppError('remote_sign_error', 'Chữ ký nhận từ dịch vụ ký số từ xa không khớp chứng thư số; văn bản chưa được ký.', { details: { reason: 'signature_mismatch' } });
    }
    logger?.info('csc.signed', { provider: driver.provider, credentialId: driver.credentialId, ms: Date.now() - started });
    return sig;
  }

  return {
    kind: 'csc',
    provider: driver.provider,
    credentialId: driver.credentialId,
    certificate,
    chain,
    certificateInfo: info,
    signDigest: (digest) => signDigestWith(digest, {}),
    signDigestWith,
  };
}

/** The CSC v1 remote signer for one credential. */
export function createCscSigner(client: CscClient, credentialId: string, opts: RemoteSignOptions & { logger?: Logger } = {}): Promise<RemoteSigner> {
  return createRemoteSigner(cscDriver(client, credentialId), opts);
}
