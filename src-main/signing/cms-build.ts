// The CMS of a PAdES baseline signature (ETSI EN 319 142-1, B-B, and B-T when a timestamp is given), written with the
// DER writer so the SignerInfo's issuer is the certificate's own issuer bytes (never re-encoded: notes/toolchain.md §4).
// It only assembles and checks; the private key stays behind HashSigner (token, remote service).
import { AppError } from '../../src-shared/errors';
import { keyDetails, keyUsage, parseCertificate, type CertParts } from './cert-info';
import { digestInfo, hash, publicKeyOf } from './cms-parse';
import { algId, ctx, objectId, octetString, OID, seq, set, setOf, smallInt, tlv } from './der';
import type { HashSigner } from './types';
import { constants, publicDecrypt } from 'node:crypto';

export interface BuildPadesCmsInput {
  /** SHA-256 of the PDF byte ranges (32 bytes). */
  digest: Uint8Array;
  signer: HashSigner;
  /** Given the signature value, return a TimeStampToken (ContentInfo DER) over SHA-256 of it, or null for none. */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array | null>;
  /** Time the certificate must be valid at (default now). */
  at?: number;
  /** Skip the validity and key-usage checks of the signer certificate (test fixtures for validation only). */
  allowUnusableCertificate?: boolean;
}

const attribute = (type: string, ...values: Uint8Array[]): Uint8Array => seq(objectId(type), set(...values));

/** signing-certificate-v2 (RFC 5035): ESSCertIDv2 { certHash (SHA-256 is the DEFAULT algorithm, so it is omitted
 *  in DER), issuerSerial { GeneralNames [4] directoryName = issuer, serialNumber } }. */
function signingCertificateV2(p: CertParts): Uint8Array {
  const issuerSerial = seq(seq(tlv(0xa4, p.issuerRaw)), p.serialRaw);
  return seq(seq(seq(octetString(hash('sha256', p.der)), issuerSerial)));
}

/** DER of the signed attributes as SET OF (what is hashed and signed); the SignerInfo carries the same bytes under
 *  [0] IMPLICIT. There is no signing-time attribute: PAdES baseline puts the claimed signing time in the signature
 *  dictionary's /M and forbids it in the CMS (EN 319 142-1 §5.3). */
export function padesSignedAttributes(digest: Uint8Array, cert: CertParts): Uint8Array {
  return setOf(attribute(OID.contentType, objectId(OID.data)), attribute(OID.messageDigest, octetString(digest)), attribute(OID.signingCertificateV2, signingCertificateV2(cert)));
}

export async function buildPadesCms(input: BuildPadesCmsInput): Promise<Uint8Array> {
  const { digest, signer } = input;
  if (digest.length !== 32) throw new AppError('signing_failed', 'Giá trị băm văn bản không phải SHA-256.');
  let cert: CertParts;
  try {
    cert = parseCertificate(signer.certificate);
  } catch (e) {
    throw new AppError('certificate_unusable', 'Không đọc được chứng thư số của người ký.', { cause: e });
  }
  const key = keyDetails(cert);
  if (key.keyAlgorithm !== 'RSA' || key.keyBits < 2048) throw new AppError('certificate_unusable', 'Chứng thư số phải dùng khóa RSA từ 2048 bit trở lên.');
  // Refuse before the token asks for a PIN: a signature from an expired or encryption-only certificate is worthless.
  if (!input.allowUnusableCertificate) {
    const at = input.at ?? Date.now();
    if (at < cert.notBefore) throw new AppError('certificate_unusable', 'Chứng thư số chưa đến thời hạn có hiệu lực.');
    if (at > cert.notAfter) throw new AppError('certificate_unusable', 'Chứng thư số đã hết hạn.');
    const ku = keyUsage(cert);
    if (ku && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation')) throw new AppError('certificate_unusable', 'Chứng thư số không cho phép dùng để ký.');
  }

  const signedAttrs = padesSignedAttributes(digest, cert);
  const attrsDigest = hash('sha256', signedAttrs);
  const signature = await signer.signDigest(attrsDigest);
  // A token or remote service answering with another key's (or a corrupted) signature must not produce a PDF.
  let ok: boolean;
  try {
    const em = publicDecrypt({ key: publicKeyOf(signer.certificate), padding: constants.RSA_PKCS1_PADDING }, signature);
    ok = Buffer.compare(em, digestInfo('sha256', attrsDigest)) === 0;
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('signing_failed', 'Chữ ký trả về không khớp với chứng thư số của người ký; văn bản chưa bị thay đổi.');

  let unsigned: Uint8Array | null = null;
  if (input.timestamp) {
    const token = await input.timestamp(signature);
    if (token) unsigned = tlv(0xa1, attribute(OID.signatureTimeStampToken, token)); // B-T
  }

  const signerInfo = seq(
    smallInt(1),
    seq(cert.issuerRaw, cert.serialRaw), // issuerAndSerialNumber, byte-exact
    algId(OID.sha256, false),
    tlv(0xa0, ...innerOf(signedAttrs)),
    algId(OID.sha256WithRSA),
    octetString(signature),
    ...(unsigned ? [unsigned] : []),
  );
  const certs = [signer.certificate, ...signer.chain.filter((c) => Buffer.compare(c, signer.certificate) !== 0)];
  const signedData = seq(smallInt(1), set(algId(OID.sha256, false)), seq(objectId(OID.data)), tlv(0xa0, ...certs), set(signerInfo));
  return seq(objectId(OID.signedData), ctx(0, signedData));
}

/** The content octets of a DER element (the children of a SET), to re-wrap under another tag. */
function innerOf(der: Uint8Array): Uint8Array[] {
  let off = 1;
  const first = der[off++];
  if (first & 0x80) off += first & 0x7f;
  return [der.subarray(off)];
}
