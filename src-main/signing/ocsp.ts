// OCSP (RFC 6960) client for the responders named in a certificate's Authority Information Access: request with a
// nonce, response signature checked with node:crypto (the issuer itself or a responder it delegated with the
// OCSPSigning EKU), and the single response for the certificate read. Used by revocation.ts after the CRL.
import { randomBytes, verify as cryptoVerify, constants, X509Certificate } from 'node:crypto';
import { extKeyUsage, parseCertificate, type CertParts } from './cert-info';
import { hash, publicKeyOf, signatureScheme } from './cms-parse';
import { algId, content, decode, expectSeq, intHex, isContext, kid, kids, octetString, octets, oid, raw, seq, time, tlv, objectId, OID } from './der';

const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: number | null;
  reasonCode: number | null;
  thisUpdate: number;
  nextUpdate: number | null;
  producedAt: number;
}

/** The public key BIT STRING content of a certificate (without the unused-bits octet), for issuerKeyHash. */
function subjectPublicKeyBits(p: CertParts): Uint8Array {
  return content(kid(decode(p.spki), 1)).subarray(1);
}

function certId(cert: CertParts, issuer: CertParts): Uint8Array {
  return seq(algId(OID.sha1), octetString(hash('sha1', issuer.subjectRaw)), octetString(hash('sha1', subjectPublicKeyBits(issuer))), cert.serialRaw);
}

/** DER OCSPRequest for one certificate, with a nonce extension. */
export function ocspRequest(certDer: Uint8Array, issuerDer: Uint8Array, nonce: Uint8Array): Uint8Array {
  const cert = parseCertificate(certDer);
  const issuer = parseCertificate(issuerDer);
  const nonceExt = seq(objectId(OCSP_NONCE), octetString(octetString(nonce)));
  return seq(seq(seq(seq(certId(cert, issuer))), tlv(0xa2, seq(nonceExt))));
}

/** Parse and check a DER OCSPResponse for `certDer`; throws when it is not a valid answer from the issuer. */
export function parseOcspResponse(der: Uint8Array, certDer: Uint8Array, issuerDer: Uint8Array, nonce: Uint8Array | null): OcspAnswer {
  const cert = parseCertificate(certDer);
  const issuer = parseCertificate(issuerDer);
  const top = expectSeq(decode(der));
  const status = content(top[0])[0];
  if (status !== 0) throw new Error(`OCSP trả trạng thái ${status}`);
  const rb = expectSeq(kid(top[1], 0));
  if (oid(rb[0]) !== OCSP_BASIC) throw new Error('OCSP: kiểu phản hồi không hỗ trợ');
  const basic = expectSeq(decode(octets(rb[1])));
  const tbs = basic[0];
  const sigAlg = basic[1];
  const signature = content(basic[2]).subarray(1);
  const certs = basic[3] && isContext(basic[3], 0) ? kids(kid(basic[3], 0)).map(raw) : [];

  // Who signed: the issuer itself, or a delegated responder certificate issued by it with the OCSPSigning EKU.
  const scheme = signatureScheme(oid(kid(sigAlg, 0)), kids(sigAlg)[1] ?? null, '');
  if (!scheme) throw new Error('OCSP: thuật toán ký không hỗ trợ');
  const verifyWith = (signerDer: Uint8Array) => {
    const key = publicKeyOf(signerDer);
    const opts =
      scheme.kind === 'rsa-pss'
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength }
        : scheme.kind === 'ecdsa'
          ? { key, dsaEncoding: 'der' as const }
          : { key, padding: constants.RSA_PKCS1_PADDING };
    try {
      return cryptoVerify(scheme.hash, raw(tbs), opts, signature);
    } catch {
      return false;
    }
  };
  let signedOk = verifyWith(issuerDer);
  if (!signedOk) {
    const issuerKey = new X509Certificate(Buffer.from(issuerDer)).publicKey;
    signedOk = certs.some((c) => {
      try {
        return new X509Certificate(Buffer.from(c)).verify(issuerKey) && extKeyUsage(parseCertificate(c)).includes(EKU_OCSP_SIGNING) && verifyWith(c);
      } catch {
        return false;
      }
    });
  }
  if (!signedOk) throw new Error('OCSP: chữ ký phản hồi không hợp lệ');

  const f = expectSeq(tbs);
  let i = isContext(f[0], 0) ? 1 : 0;
  i++; // responderID
  const producedAt = time(f[i++]);
  const responses = kids(f[i++]);
  const ext = f[i] && isContext(f[i], 1) ? kids(kid(f[i], 0)) : [];
  if (nonce) {
    const n = ext.find((e) => oid(kid(e, 0)) === OCSP_NONCE);
    // Responders may omit the nonce (pre-produced responses); when present it must echo ours.
    if (n) {
      const v = octets(kids(n)[kids(n).length - 1]);
      const inner = v[0] === 0x04 ? octets(decode(v)) : v;
      if (Buffer.compare(Buffer.from(inner), Buffer.from(nonce)) !== 0) throw new Error('OCSP: nonce không khớp');
    }
  }
  const wantNameHash = Buffer.from(hash('sha1', issuer.subjectRaw));
  for (const r of responses) {
    const [id, st, thisUpd, ...rest] = expectSeq(r);
    const idf = expectSeq(id);
    const alg = oid(kid(idf[0], 0));
    if (intHex(idf[3]) !== cert.serialHex) continue;
    if (alg === OID.sha1 && Buffer.compare(Buffer.from(octets(idf[1])), wantNameHash) !== 0) continue;
    const next = rest.find((n) => isContext(n, 0));
    const out: OcspAnswer = {
      status: 'unknown',
      revokedAt: null,
      reasonCode: null,
      thisUpdate: time(thisUpd),
      nextUpdate: next ? time(kid(next, 0)) : null,
      producedAt,
    };
    if (isContext(st, 0)) out.status = 'good';
    else if (isContext(st, 1)) {
      out.status = 'revoked';
      const rk = kids(st);
      out.revokedAt = time(rk[0]);
      const reason = rk.find((n) => isContext(n, 0));
      if (reason) out.reasonCode = content(kid(reason, 0))[0] ?? null;
    }
    return out;
  }
  throw new Error('OCSP: phản hồi không có chứng thư cần hỏi');
}

/** Ask an OCSP responder (HTTP POST). Throws on network errors and invalid answers. */
export async function queryOcsp(
  url: string,
  certDer: Uint8Array,
  issuerDer: Uint8Array,
  opts: { fetchImpl?: typeof fetch; timeoutMs: number },
): Promise<{ der: Uint8Array; answer: OcspAnswer }> {
  const nonce = randomBytes(16);
  const res = await (opts.fetchImpl ?? fetch)(url, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
    body: Buffer.from(ocspRequest(certDer, issuerDer, nonce)),
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const der = new Uint8Array(await res.arrayBuffer());
  return { der, answer: parseOcspResponse(der, certDer, issuerDer, nonce) };
}
