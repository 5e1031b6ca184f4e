// One PDF's verification report: every signature and document timestamp the PDF engine finds (pdf/signatures.ts),
// each validated (validate.ts) against the given trust anchors and revocation cache. No database: the service
// gives its stored anchors and cache, the `vanthu pdf verify` command its own.

import crypto from 'node:crypto';
import { byteRangeDigest } from '../pdf/sign-field';
import { listSignatures } from '../pdf/signatures';
import type { VerificationReport } from './types';
import type { CrlCache as RevocationCache } from './revocation';
import { summarise, validateSignature } from './validate';

export async function verifyPdf(
  bytes: Uint8Array,
  o: { trustAnchors: Uint8Array[]; cache: RevocationCache; fetchImpl?: typeof fetch; online: boolean; now: number },
): Promise<VerificationReport> {
  const fields = listSignatures(bytes);
  const checks = [];
  for (const field of fields) {
    const computeDigest = (alg: 'sha1' | 'sha256' | 'sha384' | 'sha512') => byteRangeDigest(bytes, field.byteRange, alg);
    checks.push(
      await validateSignature({ field, computeDigest, trustAnchors: o.trustAnchors, revocation: { cache: o.cache, fetchImpl: o.fetchImpl, online: o.online }, now: o.now }),
    );
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  return summarise(
    checks,
    sha256,
    checks.every((c) => c.subIndication !== 'TRY_LATER'),
    o.now,
  );
}

/** A cache that lives as long as the process (the command line). */
export function memoryRevocationCache(): RevocationCache {
  const m = new Map<string, { der: Uint8Array; fetchedAt: number }>();
  return { get: (url) => m.get(url) ?? null, put: (url, der, fetchedAt) => void m.set(url, { der, fetchedAt }) };
}
