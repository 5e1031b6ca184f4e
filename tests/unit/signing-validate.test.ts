// validateSignature / summarise against the Vietnamese test PKI: CRLs fetched from the local server (the TSA serves
// /ca.crl), offline behaviour with the caller's CRL cache, timestamps as proof of existence, document timestamps,
// and garbage that must become FORMAT_FAILURE without throwing. Fields are hand-made (no PDF needed).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPadesCms } from '../../src-main/signing/cms-build';
import { parseSignedData } from '../../src-main/signing/cms-parse';
import type { HashName } from '../../src-main/signing/der';
import type { CrlCache } from '../../src-main/signing/revocation';
import { requestTimestamp } from '../../src-main/signing/tsp';
import type { PdfSignatureField } from '../../src-main/signing/types';
import { summarise, validateSignature, type ValidateInput } from '../../src-main/signing/validate';
import { createTestPki, regenerateCrl, testSigner, type TestCert, type TestPki } from '../helpers/pki';
import { freePort, startTsa, type TestTsa } from '../helpers/tsa-server';

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const doc = Buffer.from('%PDF-1.7 … Quyết định về việc công nhận xã Đông Hòa đạt chuẩn nông thôn mới …', 'utf8');
const digestOf =
  (bytes: Uint8Array) =>
  (alg: HashName): Uint8Array =>
    new Uint8Array(createHash(alg).update(bytes).digest());

let dir: string;
let pki: TestPki;
let tsa: TestTsa;
const YEAR = 365 * 24 * 3600_000;

function memoryCache(): CrlCache & { map: Map<string, { der: Uint8Array; fetchedAt: number }> } {
  const map = new Map<string, { der: Uint8Array; fetchedAt: number }>();
  return { map, get: (u) => map.get(u) ?? null, put: (u, der, fetchedAt) => void map.set(u, { der, fetchedAt }) };
}

function field(contents: Uint8Array, over: Partial<PdfSignatureField> = {}): PdfSignatureField {
  return {
    fieldName: 'Signature1',
    subFilter: 'ETSI.CAdES.detached',
    isDocTimestamp: false,
    byteRange: [0, 100, 200, 50],
    contents,
    claimedTime: Date.now(),
    name: null,
    reason: null,
    location: 'Đông Hòa',
    page: 1,
    structureErrors: [],
    revisionEnd: 250,
    coversWholeFile: true,
    changesAfter: { laterRevisions: 0, allowedOnly: true, changes: [] },
    ...over,
  };
}

function input(f: PdfSignatureField, over: Partial<ValidateInput> = {}): ValidateInput {
  return {
    field: f,
    computeDigest: digestOf(doc),
    trustAnchors: [pki.root.certDer],
    intermediates: [],
    revocation: { cache: memoryCache(), online: true, timeoutMs: 3000 },
    now: Date.now(),
    ...over,
  };
}

/** The messageDigest a CMS signed (to validate it without knowing which bytes were hashed). */
function parseSignedDataDigest(cms: Uint8Array): Uint8Array | null {
  const md = parseSignedData(cms).signers[0].signedAttrs.find((a) => a.type === '1.2.840.113549.1.9.4');
  return md ? md.values[0].subarray(2) : null;
}

const sign = (leaf: TestCert, withTs = false) =>
  buildPadesCms({
    digest: sha256(doc),
    signer: testSigner(pki, leaf),
    allowUnusableCertificate: true,
    timestamp: withTs ? (sig) => requestTimestamp(tsa.url, sha256(sig), { timeoutMs: 5000 }) : undefined,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-validate-'));
  const port = await freePort();
  pki = await createTestPki(dir, { crlBaseUrl: `http://127.0.0.1:${port}` });
  tsa = await startTsa(pki);
});

afterAll(async () => {
  await tsa?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('validateSignature', () => {
  it('a good B-B signature checked online → TOTAL_PASSED, CRL fetched from the local server and cached', async () => {
    const cms = await sign(pki.leaves.anh);
    const inp = input(field(cms));
    const crlsBefore = tsa.stats.crls;
    const t0 = performance.now();
    const c = await validateSignature(inp);
    const ms = performance.now() - t0;
    expect(c).toMatchObject({
      indication: 'TOTAL_PASSED',
      subIndication: null,
      integrity: 'ok',
      signatureValid: true,
      chainTrusted: true,
      revocation: 'good',
      digestAlgorithm: 'SHA-256',
    });
    expect(c.signer?.subjectCN).toBe('Nguyễn Văn Ánh');
    expect(c.chain.map((x) => x.subjectCN)).toEqual(['Nguyễn Văn Ánh', 'CA thử nghiệm phục vụ cơ quan Nhà nước', 'Gốc thử nghiệm Chuyên dùng Chính phủ']);
    expect(c.message).toContain('hợp lệ');
    expect(tsa.stats.crls).toBe(crlsBefore + 1);
    expect((inp.revocation.cache as ReturnType<typeof memoryCache>).map.size).toBe(1);
    expect(ms).toBeLessThan(2000);
    // Second run with the same cache: no new download.
    await validateSignature(inp);
    expect(tsa.stats.crls).toBe(crlsBefore + 1);
    const report = summarise([c], 'ab'.repeat(32), true, inp.now);
    expect(report.overall).toBe('TOTAL_PASSED');
    expect(report.summary).toBe('Văn bản có 1 chữ ký số, tất cả đều hợp lệ.');
  });

  it('RSA 3072/4096 and the organisation certificate pass', async () => {
    for (const leaf of [pki.leaves.rsa3072, pki.leaves.rsa4096, pki.leaves.org]) {
      const c = await validateSignature(input(field(await sign(leaf))));
      expect(c.indication, leaf.name).toBe('TOTAL_PASSED');
    }
    const org = await validateSignature(input(field(await sign(pki.leaves.org))));
    expect(org.signer?.kind).toBe('organisation');
  });

  it('tampered document → TOTAL_FAILED/HASH_FAILURE', async () => {
    const c = await validateSignature(input(field(await sign(pki.leaves.anh)), { computeDigest: digestOf(Buffer.concat([doc, Buffer.from(' ')])) }));
    expect(c).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE', integrity: 'failed' });
    expect(c.message).toBe('Nội dung văn bản đã bị thay đổi sau khi ký — chữ ký không còn giá trị; hãy đề nghị nơi gửi gửi lại bản gốc.');
  });

  it('altered signature value → TOTAL_FAILED/SIG_CRYPTO_FAILURE', async () => {
    const cms = Buffer.from(await sign(pki.leaves.anh));
    const sig = parseSignedData(cms).signers[0].signature;
    const at = cms.indexOf(Buffer.from(sig));
    cms[at + sig.length - 1] ^= 0x01;
    const c = await validateSignature(input(field(cms)));
    expect(c).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE', signatureValid: false, integrity: 'ok' });
  });

  it('revoked signer: with a timestamp after the revocation → TOTAL_FAILED/REVOKED; without → REVOKED_NO_POE', async () => {
    const bt = await validateSignature(input(field(await sign(pki.leaves.revoked, true))));
    expect(bt).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED', revocation: 'revoked' });
    expect(bt.timestampTime).not.toBeNull();
    expect(bt.revocationDetail).toContain('keyCompromise');
    const bb = await validateSignature(input(field(await sign(pki.leaves.revoked))));
    expect(bb).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE', revocation: 'revoked' });
  });

  it('expired signer without a timestamp → INDETERMINATE/OUT_OF_BOUNDS_NO_POE', async () => {
    const c = await validateSignature(input(field(await sign(pki.leaves.expired))));
    expect(c).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE', chainTrusted: true });
  });

  it('signer expired at validation time but timestamped inside its validity → TOTAL_PASSED', async () => {
    const cms = await sign(pki.leaves.anh, true);
    // A CRL issued after the timestamp is fresh enough for that proof of existence, even once its nextUpdate passed.
    tsa.setCrl(await regenerateCrl(pki));
    const later = Date.now() + 3 * YEAR; // leaf (2 years) expired; CA and root still valid
    const c = await validateSignature(input(field(cms), { now: later }));
    expect(c.indication, c.notes.join('\n')).toBe('TOTAL_PASSED');
    expect(c.timestampAuthority).toContain('Máy chủ dấu thời gian thử nghiệm');
    expect(c.notes.some((n) => n.includes('đã hết hạn'))).toBe(true);
    // Without the timestamp the same validation time gives OUT_OF_BOUNDS_NO_POE.
    const c2 = await validateSignature(input(field(await sign(pki.leaves.anh)), { now: later }));
    expect(c2.subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
  });

  it('not yet valid at validation time → INDETERMINATE/NOT_YET_VALID', async () => {
    const c = await validateSignature(input(field(await sign(pki.leaves.anh)), { now: Date.now() - YEAR }));
    expect(c).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NOT_YET_VALID' });
  });

  it('unknown root → INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const c = await validateSignature(input(field(await sign(pki.leaves.anh)), { trustAnchors: [pki.leaves.tsa.certDer] }));
    expect(c).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', chainTrusted: false });
    expect(c.message).toContain('quản trị cần nhập chứng thư gốc của tổ chức cấp');
    // The CA given as a stored intermediate and the root as anchor: CMS without the CA still chains.
    const bare = await buildPadesCms({ digest: sha256(doc), signer: { ...testSigner(pki, pki.leaves.anh), chain: [] } });
    expect((await validateSignature(input(field(bare)))).subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    expect((await validateSignature(input(field(bare), { intermediates: [pki.ca.certDer] }))).indication).toBe('TOTAL_PASSED');
  });

  it('offline with no cached CRL → TRY_LATER; with a cached CRL → passes; server down → TRY_LATER', async () => {
    const cms = await sign(pki.leaves.anh);
    const cache = memoryCache();
    const off = await validateSignature(input(field(cms), { revocation: { cache, online: false } }));
    expect(off).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER', revocation: 'unknown' });
    expect(off.message).toBe('Chưa kiểm tra được thu hồi vì đang ngoại tuyến — sẽ kiểm tra lại khi có mạng.');
    const report = summarise([off], '00', false, Date.now());
    expect(report.overall).toBe('INDETERMINATE');
    expect(report.summary).toContain('ngoại tuyến');

    cache.put(`${pki.crlBaseUrl}/ca.crl`, pki.crlDer, Date.now());
    const cached = await validateSignature(input(field(cms), { revocation: { cache, online: false } }));
    expect(cached).toMatchObject({ indication: 'TOTAL_PASSED', revocation: 'good' });

    tsa.setMode('refuse');
    try {
      const down = await validateSignature(input(field(cms), { revocation: { cache: memoryCache(), online: true, timeoutMs: 2000 } }));
      expect(down.subIndication).toBe('TRY_LATER');
    } finally {
      tsa.setMode('ok');
    }
  });

  it('OCSP (AIA) answers when the CRL cannot be fetched; its answer is cached for offline use', async () => {
    tsa.setCrl(null); // CRL URL answers 404
    try {
      const cache = memoryCache();
      const before = tsa.stats.ocsp;
      const c = await validateSignature(input(field(await sign(pki.leaves.anh)), { revocation: { cache, online: true, timeoutMs: 3000 } }));
      expect(c, c.notes.join('\n')).toMatchObject({ indication: 'TOTAL_PASSED', revocation: 'good' });
      expect(c.revocationDetail).toContain('OCSP');
      expect(tsa.stats.ocsp).toBe(before + 1);
      const offline = await validateSignature(input(field(await sign(pki.leaves.anh)), { revocation: { cache, online: false } }));
      expect(offline).toMatchObject({ indication: 'TOTAL_PASSED', revocation: 'good' });
      const revoked = await validateSignature(input(field(await sign(pki.leaves.revoked)), { revocation: { cache, online: true, timeoutMs: 3000 } }));
      expect(revoked).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE', revocation: 'revoked' });
      expect(revoked.revocationDetail).toContain('OCSP');
    } finally {
      tsa.setCrl(pki.crlDer);
    }
  });

  it('a CRL signed by someone else is not trusted', async () => {
    const cache = memoryCache();
    const url = `${pki.crlBaseUrl}/ca.crl`;
    const fake = new Uint8Array(pki.crlDer);
    fake[fake.length - 5] ^= 0xff; // break its signature
    cache.put(url, fake, Date.now());
    const c = await validateSignature(input(field(await sign(pki.leaves.anh)), { revocation: { cache, online: false } }));
    expect(c.subIndication).toBe('TRY_LATER');
  });

  it('signer certificate without digitalSignature/nonRepudiation → INDETERMINATE/SIG_CONSTRAINTS_FAILURE', async () => {
    const c = await validateSignature(input(field(await sign(pki.leaves.noSign))));
    expect(c).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE' });
    expect(c.message).toContain('không được phép dùng để ký');
  });

  it('document changed after signing (not only allowed additions) → INDETERMINATE/SIG_CONSTRAINTS_FAILURE', async () => {
    const changes = { laterRevisions: 1, allowedOnly: false, changes: ['Thay đổi nội dung trang 2'] };
    const c = await validateSignature(input(field(await sign(pki.leaves.anh), { changesAfter: changes, coversWholeFile: false })));
    expect(c).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE', integrity: 'ok', signatureValid: true });
    expect(c.message).toContain('đã bị sửa nội dung sau khi ký');
    expect(c.notes).toContain('Sửa sau khi ký: Thay đổi nội dung trang 2');
    const allowed = await validateSignature(
      input(field(await sign(pki.leaves.anh), { changesAfter: { laterRevisions: 1, allowedOnly: true, changes: ['Thêm chữ ký số (trường Signature2)'] } })),
    );
    expect(allowed.indication).toBe('TOTAL_PASSED');
  });

  it('garbage, truncated or structurally broken signatures → TOTAL_FAILED/FORMAT_FAILURE without throwing', async () => {
    const good = await sign(pki.leaves.anh);
    const samples = [new Uint8Array(0), new Uint8Array([0x30, 0x80]), Buffer.from('không phải chữ ký'), good.subarray(0, good.length - 40), new Uint8Array(2000).fill(0x30)];
    for (const s of samples) {
      const c = await validateSignature(input(field(s)));
      expect(c).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
    }
    const broken = await validateSignature(input(field(good, { structureErrors: ['ByteRange không bắt đầu từ 0'] })));
    expect(broken.subIndication).toBe('FORMAT_FAILURE');
    expect(broken.notes).toContain('ByteRange không bắt đầu từ 0');
    const dts = await validateSignature(input(field(Buffer.from('rác'), { isDocTimestamp: true, subFilter: 'ETSI.RFC3161' })));
    expect(dts).toMatchObject({ kind: 'doc-timestamp', indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  });

  it('contents whose trailing zero bytes were stripped with the padding still verify; zero padding is ignored', async () => {
    // Find a CMS whose DER ends in 0x00 (the signature value's last byte), as a PDF engine stripping padding would cut it.
    let cms = await sign(pki.leaves.anh);
    for (let i = 0; i < 2000 && cms[cms.length - 1] !== 0; i++)
      cms = await buildPadesCms({ digest: sha256(Buffer.concat([doc, Buffer.from(String(i))])), signer: testSigner(pki, pki.leaves.anh) });
    expect(cms[cms.length - 1]).toBe(0);
    let end = cms.length;
    while (end > 0 && cms[end - 1] === 0) end--;
    const signed = parseSignedDataDigest(cms)!;
    const c = await validateSignature(input(field(cms.subarray(0, end)), { computeDigest: () => signed }));
    expect(c).toMatchObject({ indication: 'TOTAL_PASSED', signatureValid: true });
    const padded = Buffer.concat([cms, Buffer.alloc(4096)]);
    const p = await validateSignature(input(field(padded), { computeDigest: () => signed }));
    expect(p).toMatchObject({ indication: 'TOTAL_PASSED' });
  });

  it('document timestamp (ETSI.RFC3161): valid, then over other bytes → HASH_FAILURE', async () => {
    const token = await requestTimestamp(tsa.url, sha256(doc), { timeoutMs: 5000 });
    const f = field(token, { fieldName: 'Signature2', isDocTimestamp: true, subFilter: 'ETSI.RFC3161', claimedTime: null });
    const c = await validateSignature(input(f));
    expect(c, c.notes.join('\n')).toMatchObject({ kind: 'doc-timestamp', indication: 'TOTAL_PASSED', integrity: 'ok', chainTrusted: true, revocation: 'good' });
    expect(c.signer?.subjectCN).toBe('Máy chủ dấu thời gian thử nghiệm');
    expect(c.timestampTime).toBeGreaterThan(Date.now() - 60_000);
    const bad = await validateSignature(input(f, { computeDigest: digestOf(Buffer.from('khác')) }));
    expect(bad).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });

    const sig = await validateSignature(input(field(await sign(pki.leaves.anh))));
    const report = summarise([sig, c, bad], '11', true, Date.now());
    expect(report.overall).toBe('TOTAL_FAILED');
    expect(report.summary).toBe('Văn bản có 1 chữ ký số và 2 dấu thời gian, trong đó 1 không hợp lệ — không dùng văn bản này khi chưa xác minh lại với nơi gửi.');
    expect(summarise([], '11', true, Date.now())).toMatchObject({ overall: 'UNSIGNED', summary: 'Văn bản không có chữ ký số.' });
  });
});
