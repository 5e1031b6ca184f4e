// Validation of one PDF signature or document timestamp to an ETSI EN 319 102-1 indication (TOTAL_PASSED /
// INDETERMINATE / TOTAL_FAILED + sub-indication) with a Vietnamese sentence and notes. It combines cms-verify, tsp,
// chain and revocation; it never throws on bad signatures (only on a broken caller contract).
import { certificateInfo } from './cert-info';
import { verifyCms, type CmsTimestampResult } from './cms-verify';
import { buildChain, type ChainResult } from './chain';
import { fitToDeclaredLength, type HashName } from './der';
import { message, type MessageKey } from './messages';
import { checkRevocation, type CrlCache, type RevocationResult } from './revocation';
import { parseTimestampToken, verifyTimestampToken } from './tsp';
import type { CertificateInfo, MainIndication, PdfSignatureField, SignatureCheck, SubIndication } from './types';

export { summarise } from './messages';

export interface ValidateInput {
  field: PdfSignatureField;
  /** Hash of the signed byte ranges with the given algorithm. */
  computeDigest: (alg: HashName) => Uint8Array;
  trustAnchors: Uint8Array[];
  intermediates?: Uint8Array[];
  revocation: { cache: CrlCache; fetchImpl?: typeof fetch; online: boolean; timeoutMs?: number };
  now: number;
}

const HASH_LABEL: Record<string, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const fmt = (t: number) => new Date(t + 7 * 3600_000).toISOString().replace(/^(\d+)-(\d+)-(\d+)T(\d+:\d+:\d+).*$/, '$4 $3/$2/$1');

interface Verdict {
  indication: MainIndication;
  sub: SubIndication | null;
  key: MessageKey;
}

const FAIL = (sub: SubIndication): Verdict => ({ indication: 'TOTAL_FAILED', sub, key: sub });
const INDET = (sub: SubIndication, key: MessageKey = sub): Verdict => ({ indication: 'INDETERMINATE', sub, key });

function infoOrNull(der: Uint8Array | null): CertificateInfo | null {
  if (!der) return null;
  try {
    return certificateInfo(der);
  } catch {
    return null;
  }
}

interface SignerEvaluation {
  verdict: Verdict | null;
  chain: ChainResult;
  revocation: RevocationResult | null;
}

/** Trust, validity, usage, key strength and revocation of a signer certificate, given the best proof of existence. */
async function evaluateSigner(
  input: ValidateInput,
  signerCert: Uint8Array,
  certs: Uint8Array[],
  usage: 'signature' | 'timestamp',
  poe: number | null,
  notes: string[],
): Promise<SignerEvaluation> {
  const chain = buildChain({ signer: signerCert, certs, intermediates: input.intermediates, trustAnchors: input.trustAnchors, at: input.now, usage });
  if (!chain.trusted) {
    notes.push('Không dựng được chuỗi chứng thư tới một chứng thư gốc được tin cậy.');
    return { verdict: INDET('NO_CERTIFICATE_CHAIN_FOUND'), chain, revocation: null };
  }
  const chainIssue = chain.issues.find((i) => i.code === 'CHAIN_CONSTRAINTS_FAILURE');
  if (chainIssue) {
    notes.push(chainIssue.message);
    return { verdict: INDET('CHAIN_CONSTRAINTS_FAILURE'), chain, revocation: null };
  }
  // Validity: at the validation time, or, when expired since, at a trusted proof-of-existence time.
  const within = (t: number) => chain.path.every((c) => t >= c.parts.notBefore && t <= c.parts.notAfter);
  const signerParts = chain.path[0].parts;
  if (chain.signerValidity === 'not-yet-valid' || (poe !== null && poe < signerParts.notBefore)) {
    notes.push(`Chứng thư chỉ có hiệu lực từ ${fmt(signerParts.notBefore)}.`);
    return { verdict: INDET('NOT_YET_VALID'), chain, revocation: null };
  }
  if (chain.signerValidity === 'expired' || chain.caValidity !== 'valid') {
    if (poe === null || !within(poe)) {
      notes.push(
        chain.signerValidity === 'expired'
          ? `Chứng thư hết hạn lúc ${fmt(signerParts.notAfter)}; không có dấu thời gian trong thời hạn hiệu lực.`
          : 'Chứng thư của tổ chức cấp đã hết hạn hoặc chưa có hiệu lực; không có dấu thời gian trong thời hạn hiệu lực.',
      );
      return { verdict: INDET('OUT_OF_BOUNDS_NO_POE'), chain, revocation: null };
    }
    notes.push(`Chứng thư đã hết hạn (${fmt(signerParts.notAfter)}) nhưng dấu thời gian chứng minh chữ ký có trước đó.`);
  }

  // Revocation of every non-anchor certificate on the path, signer first.
  let signerRev: RevocationResult | null = null;
  let verdict: Verdict | null = null;
  for (let i = 0; i < chain.path.length - 1; i++) {
    const rev = await checkRevocation({
      cert: chain.path[i].der,
      issuer: chain.path[i + 1].der,
      cache: input.revocation.cache,
      fetchImpl: input.revocation.fetchImpl,
      online: input.revocation.online,
      now: input.now,
      poeTime: poe,
      timeoutMs: input.revocation.timeoutMs,
    });
    if (i === 0) signerRev = rev;
    if (i > 0 && rev.status === 'unknown' && rev.reason === 'no-distribution-point') continue; // intermediates often carry none
    if (i === 0 || rev.status !== 'good') notes.push(i === 0 ? rev.detail : `Tổ chức cấp: ${rev.detail}`);
    if (verdict) continue;
    if (rev.status === 'revoked') {
      const at = rev.revokedAt ?? 0;
      if (poe !== null && poe < at) {
        notes.push(`Dấu thời gian (${fmt(poe)}) có trước thời điểm thu hồi: chữ ký vẫn có giá trị.`);
        continue;
      }
      verdict = poe !== null ? FAIL('REVOKED') : INDET(i === 0 ? 'REVOKED_NO_POE' : 'REVOKED_CA_NO_POE');
    } else if (rev.status === 'unknown') {
      verdict = rev.reason === 'offline' ? INDET('TRY_LATER') : INDET('TRY_LATER', 'REVOCATION_UNAVAILABLE');
    }
  }
  if (verdict && verdict.sub !== 'TRY_LATER') return { verdict, chain, revocation: signerRev };

  const usageIssue = chain.issues.find((i) => i.code === 'SIG_CONSTRAINTS_FAILURE');
  if (usageIssue) {
    notes.push(usageIssue.message);
    return { verdict: INDET('SIG_CONSTRAINTS_FAILURE'), chain, revocation: signerRev };
  }
  const info = infoOrNull(signerCert);
  if (info && info.keyAlgorithm === 'RSA' && info.keyBits < 2048) {
    notes.push(`Khóa RSA của người ký chỉ ${info.keyBits} bit (cần từ 2048 bit).`);
    return { verdict: INDET('CRYPTO_CONSTRAINTS_FAILURE_NO_POE'), chain, revocation: signerRev };
  }
  return { verdict, chain, revocation: signerRev };
}

function baseCheck(field: PdfSignatureField): SignatureCheck {
  return {
    fieldName: field.fieldName,
    kind: field.isDocTimestamp ? 'doc-timestamp' : 'signature',
    subFilter: field.subFilter,
    indication: 'INDETERMINATE',
    subIndication: null,
    message: '',
    signer: null,
    timestampTime: null,
    timestampAuthority: null,
    claimedTime: field.claimedTime,
    digestAlgorithm: '',
    integrity: 'unknown',
    signatureValid: false,
    chain: [],
    chainTrusted: false,
    revocation: 'not-checked',
    revocationDetail: null,
    coversWholeFile: field.coversWholeFile,
    changesAfter: field.changesAfter,
    notes: [],
  };
}

function finish(check: SignatureCheck, v: Verdict | null, field: PdfSignatureField): SignatureCheck {
  let verdict = v;
  if (field.changesAfter && !field.changesAfter.allowedOnly) {
    check.notes.push(...field.changesAfter.changes.map((c) => `Sửa sau khi ký: ${c}`));
    // Content changed after signing matters more than an offline revocation check.
    if (!verdict || verdict.sub === 'TRY_LATER') verdict = INDET('SIG_CONSTRAINTS_FAILURE', 'CHANGED_AFTER');
  }
  if (!verdict) verdict = { indication: 'TOTAL_PASSED', sub: null, key: check.kind === 'doc-timestamp' ? 'PASSED_DOC_TIMESTAMP' : 'PASSED' };
  check.indication = verdict.indication;
  check.subIndication = verdict.sub;
  check.message = message(verdict.key);
  check.notes = check.notes.map((n) => n.normalize('NFC'));
  return check;
}

function applyEvaluation(check: SignatureCheck, ev: SignerEvaluation): void {
  check.chain = ev.chain.path.map((c) => infoOrNull(c.der)).filter((x): x is CertificateInfo => !!x);
  check.chainTrusted = ev.chain.trusted;
  if (ev.revocation) {
    check.revocation = ev.revocation.status;
    check.revocationDetail = ev.revocation.detail;
  }
}

async function validateDocTimestamp(input: ValidateInput, check: SignatureCheck): Promise<SignatureCheck> {
  const { field } = input;
  const token = fitToDeclaredLength(field.contents);
  let info;
  try {
    info = parseTimestampToken(token);
  } catch (e) {
    check.notes.push(`Dấu thời gian sai định dạng: ${(e as Error).message}.`);
    return finish(check, FAIL('FORMAT_FAILURE'), field);
  }
  check.digestAlgorithm = HASH_LABEL[info.hashAlgorithm] ?? info.hashAlgorithm;
  check.timestampTime = info.genTime;
  check.timestampAuthority = info.tsaName || null;
  const tc = verifyTimestampToken(token, (alg) => input.computeDigest(alg));
  check.signer = infoOrNull(tc.tsaCert);
  check.integrity = tc.imprintMatches ? 'ok' : 'failed';
  check.signatureValid = tc.signatureValid;
  check.notes.push(`Thời điểm đóng dấu: ${fmt(info.genTime)}.`);
  if (!tc.tsaCert) return finish(check, INDET('NO_SIGNING_CERTIFICATE_FOUND'), field);
  if (!tc.imprintMatches) return finish(check, FAIL('HASH_FAILURE'), field);
  if (!tc.signatureValid) return finish(check, FAIL('SIG_CRYPTO_FAILURE'), field);
  if (!tc.essCertMatch) return finish(check, INDET('NO_SIGNING_CERTIFICATE_FOUND'), field);
  if (info.hashAlgorithm === 'sha1') {
    check.notes.push('Dấu thời gian dùng SHA-1.');
    return finish(check, INDET('CRYPTO_CONSTRAINTS_FAILURE_NO_POE'), field);
  }
  const ev = await evaluateSigner(input, tc.tsaCert, info.certs, 'timestamp', null, check.notes);
  applyEvaluation(check, ev);
  return finish(check, ev.verdict, field);
}

/** Validate one signature (or document timestamp) of a PDF. */
export async function validateSignature(input: ValidateInput): Promise<SignatureCheck> {
  const { field } = input;
  const check = baseCheck(field);
  if (field.structureErrors.length) {
    check.notes.push(...field.structureErrors);
    return finish(check, FAIL('FORMAT_FAILURE'), field);
  }
  if (field.isDocTimestamp) return validateDocTimestamp(input, check);

  const v = verifyCms(field.contents, input.computeDigest);
  const ins = v.inspection;
  check.digestAlgorithm = ins.digestAlgorithm ? (HASH_LABEL[ins.digestAlgorithm] ?? ins.digestAlgorithm) : '';
  check.signer = infoOrNull(v.signerCert);
  if (!ins.signedData || !ins.signerInfo || !ins.ok) {
    check.notes.push(...ins.problems);
    return finish(check, FAIL('FORMAT_FAILURE'), field);
  }
  if (ins.signingTime !== null) check.notes.push(`Thời điểm ký người ký khai trong chữ ký: ${fmt(ins.signingTime)}.`);
  if (!v.signerCert) return finish(check, INDET('NO_SIGNING_CERTIFICATE_FOUND'), field);
  check.integrity = v.integrity === null ? 'unknown' : v.integrity ? 'ok' : 'failed';
  check.signatureValid = v.signatureValid;
  if (v.integrity === false) return finish(check, FAIL('HASH_FAILURE'), field);
  if (!v.signatureValid) {
    check.notes.push(...ins.problems);
    return finish(check, FAIL('SIG_CRYPTO_FAILURE'), field);
  }
  if (v.essCertMatch === false) {
    check.notes.push('Thuộc tính chứng thư ký (ESS) không khớp với chứng thư kèm theo.');
    return finish(check, INDET('NO_SIGNING_CERTIFICATE_FOUND'), field);
  }
  if (v.essCertMatch === null && field.subFilter === 'ETSI.CAdES.detached') check.notes.push('Thiếu thuộc tính chứng thư ký (signing-certificate-v2) mà PAdES yêu cầu.');

  // Signature timestamps: the earliest valid one whose TSA is trusted is the proof of existence.
  let poe: number | null = null;
  const goodTs: CmsTimestampResult[] = [];
  for (const ts of v.timestamps) {
    if (!ts.valid || !ts.tsaCert || ts.genTime === null) {
      check.notes.push(`Dấu thời gian của chữ ký không hợp lệ: ${ts.problems.join(' ')}`);
      continue;
    }
    const tsaChain = buildChain({
      signer: ts.tsaCert,
      certs: [...ts.certs, ...v.certs],
      intermediates: input.intermediates,
      trustAnchors: input.trustAnchors,
      at: ts.genTime,
      usage: 'timestamp',
    });
    if (!tsaChain.trusted || tsaChain.issues.length || tsaChain.signerValidity !== 'valid') {
      check.notes.push(`Dấu thời gian lúc ${fmt(ts.genTime)} do máy chủ không được tin cậy cấp (${ts.tsaName}).`);
      continue;
    }
    goodTs.push(ts);
  }
  goodTs.sort((a, b) => a.genTime! - b.genTime!);
  if (goodTs[0]) {
    poe = goodTs[0].genTime;
    check.timestampTime = poe;
    check.timestampAuthority = goodTs[0].tsaName || null;
    check.notes.push(`Dấu thời gian hợp lệ lúc ${fmt(poe!)} (${goodTs[0].tsaName}).`);
  }
  if (field.claimedTime !== null && poe === null) check.notes.push(`Thời điểm ký ghi trong văn bản (chưa được xác thực): ${fmt(field.claimedTime)}.`);

  if (ins.digestAlgorithm === 'sha1') {
    check.notes.push('Chữ ký dùng thuật toán băm SHA-1.');
    const ev = await evaluateSigner(input, v.signerCert, v.certs, 'signature', poe, check.notes);
    applyEvaluation(check, ev);
    // Path and revocation failures come first (ETSI order); an offline TRY_LATER must not hide the weak hash.
    return finish(check, ev.verdict && ev.verdict.sub !== 'TRY_LATER' ? ev.verdict : INDET('CRYPTO_CONSTRAINTS_FAILURE_NO_POE'), field);
  }
  const ev = await evaluateSigner(input, v.signerCert, v.certs, 'signature', poe, check.notes);
  applyEvaluation(check, ev);
  return finish(check, ev.verdict, field);
}
