// Certification path building and checking (RFC 5280, simplified): from a signer certificate through the embedded
// and stored intermediates to one of the trust anchors, each link's signature checked with node:crypto, CA
// constraints on issuers, validity at a given time, and the signer's key usage. No revocation here (revocation.ts).
import { createHash, X509Certificate } from 'node:crypto';
import { authorityKeyId, basicConstraints, extKeyUsage, keyUsage, parseCertificate, subjectKeyId, type CertParts } from './cert-info';
import { OID } from './der';

export interface PathCert {
  der: Uint8Array;
  parts: CertParts;
  fingerprint: string;
}

export interface ChainIssue {
  code: 'CHAIN_CONSTRAINTS_FAILURE' | 'SIG_CONSTRAINTS_FAILURE' | 'CRYPTO_CONSTRAINTS_FAILURE';
  message: string;
}

export interface ChainResult {
  /** A path to a trust anchor was found (every link's signature verified). */
  trusted: boolean;
  /** Signer first, anchor last when trusted; otherwise the longest verified partial path. */
  path: PathCert[];
  /** Constraint problems on the path (CA flags, key usage, weak keys). */
  issues: ChainIssue[];
  /** Validity of the signer at the time asked, and whether some CA on the path was outside its validity. */
  signerValidity: 'valid' | 'expired' | 'not-yet-valid';
  caValidity: 'valid' | 'expired' | 'not-yet-valid';
}

function load(der: Uint8Array): PathCert | null {
  try {
    return { der, parts: parseCertificate(der), fingerprint: createHash('sha256').update(der).digest('hex') };
  } catch {
    return null;
  }
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Did `issuer` sign `child`? Name chaining (exact bytes, or the same decoded text), key ids when both present,
 *  then the signature itself. */
function issued(issuer: PathCert, child: PathCert): boolean {
  const nameOk = same(issuer.parts.subjectRaw, child.parts.issuerRaw) || JSON.stringify(issuer.parts.subject) === JSON.stringify(child.parts.issuer);
  if (!nameOk) return false;
  const aki = authorityKeyId(child.parts);
  const ski = subjectKeyId(issuer.parts);
  if (aki && ski && !same(aki, ski)) return false;
  try {
    return new X509Certificate(Buffer.from(child.der)).verify(new X509Certificate(Buffer.from(issuer.der)).publicKey);
  } catch {
    return false;
  }
}

function validityAt(p: CertParts, at: number): 'valid' | 'expired' | 'not-yet-valid' {
  if (at < p.notBefore) return 'not-yet-valid';
  if (at > p.notAfter) return 'expired';
  return 'valid';
}

export interface ChainInput {
  signer: Uint8Array;
  /** Certificates from the signature (CMS certificates, timestamp token certificates). */
  certs?: Uint8Array[];
  /** Intermediates kept by the office (store). */
  intermediates?: Uint8Array[];
  trustAnchors: Uint8Array[];
  /** Time at which validity windows are checked (epoch ms). */
  at: number;
  /** 'signature' needs digitalSignature or nonRepudiation; 'timestamp' needs the timeStamping EKU. */
  usage: 'signature' | 'timestamp';
}

export function buildChain(input: ChainInput): ChainResult {
  const signer = load(input.signer);
  const res: ChainResult = { trusted: false, path: [], issues: [], signerValidity: 'valid', caValidity: 'valid' };
  if (!signer) return res;
  const anchors = input.trustAnchors.map(load).filter((x): x is PathCert => !!x);
  const anchorIds = new Set(anchors.map((a) => a.fingerprint));
  const seen = new Set<string>();
  const pool: PathCert[] = [];
  for (const c of [...(input.certs ?? []), ...(input.intermediates ?? []), ...input.trustAnchors]) {
    const p = load(c);
    if (p && !seen.has(p.fingerprint)) {
      seen.add(p.fingerprint);
      pool.push(p);
    }
  }
  // Depth-first search; paths are short (≤ 8) and pools small.
  let best: PathCert[] = [signer];
  const dfs = (path: PathCert[]): PathCert[] | null => {
    const cur = path[path.length - 1];
    if (anchorIds.has(cur.fingerprint)) return path;
    if (path.length > 8) return null;
    if (path.length > best.length) best = path;
    for (const cand of pool) {
      if (path.some((p) => p.fingerprint === cand.fingerprint)) continue;
      if (!issued(cand, cur)) continue;
      const r = dfs([...path, cand]);
      if (r) return r;
    }
    return null;
  };
  const found = dfs([signer]);
  res.trusted = !!found;
  res.path = found ?? best;

  res.signerValidity = validityAt(signer.parts, input.at);
  for (const c of res.path.slice(1)) {
    const v = validityAt(c.parts, input.at);
    if (v !== 'valid' && res.caValidity === 'valid') res.caValidity = v;
    // An anchor is trusted as configured; intermediates must be CAs allowed to sign certificates.
    if (anchorIds.has(c.fingerprint) && c === res.path[res.path.length - 1]) continue;
    const bc = basicConstraints(c.parts);
    const ku = keyUsage(c.parts);
    if (!bc.ca || (ku && !ku.includes('keyCertSign')))
      res.issues.push({
        code: 'CHAIN_CONSTRAINTS_FAILURE',
        message: `Chứng thư trung gian không được phép cấp chứng thư: ${c.parts.subject.flat().find((a) => a.type === '2.5.4.3')?.value ?? ''}.`,
      });
  }
  const ku = keyUsage(signer.parts);
  if (input.usage === 'signature') {
    if (ku && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation'))
      res.issues.push({ code: 'SIG_CONSTRAINTS_FAILURE', message: 'Chứng thư của người ký không cho phép dùng để ký số (thiếu digitalSignature/nonRepudiation).' });
  } else if (!extKeyUsage(signer.parts).includes(OID.ekuTimeStamping)) {
    res.issues.push({ code: 'SIG_CONSTRAINTS_FAILURE', message: 'Chứng thư của máy chủ dấu thời gian không có mục đích cấp dấu thời gian.' });
  }
  return res;
}
