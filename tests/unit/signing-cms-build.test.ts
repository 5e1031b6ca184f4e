// PAdES CMS built by cms-build.ts, checked independently by `openssl cms -verify` and poppler's pdfsig against the
// Vietnamese test PKI, plus B-T with a token from the local openssl TSA, and the TSP client's failure modes.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateInfo, parseCertificate } from '../../src-main/signing/cert-info';
import { buildPadesCms } from '../../src-main/signing/cms-build';
import { parseSignedData } from '../../src-main/signing/cms-parse';
import { OID } from '../../src-main/signing/der';
import { parseTimestampToken, requestTimestamp, verifyTimestampToken } from '../../src-main/signing/tsp';
import { AppError } from '../../src-shared/errors';
import { createTestPki, testSigner, type TestCert, type TestPki } from '../helpers/pki';
import { startTsa, type TestTsa } from '../helpers/tsa-server';

const run = promisify(execFile);
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

let dir: string;
let pki: TestPki;
let tsa: TestTsa;
const data = Buffer.from('%PDF-1.7\nNội dung văn bản: Quyết định số 12/QĐ-UBND của UBND xã Đông Hòa.\n', 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-cms-'));
  pki = await createTestPki(dir);
  tsa = await startTsa(pki);
  writeFileSync(join(dir, 'data.bin'), data);
});

afterAll(async () => {
  await tsa?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A one-page PDF with a signature field whose /Contents placeholder is filled with a CMS from buildPadesCms, as the
 *  PDF engine will do; only for cross-checking with poppler's pdfsig (the PDF engine itself lives in src-main/pdf/). */
async function signedPdf(signerLeaf: TestCert, timestamp: boolean): Promise<Buffer> {
  const placeholder = '0'.repeat(2 * 16384);
  const parts = [
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n',
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>\nendobj\n',
    '4 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /T (Signature1) /F 132 /P 3 0 R /V 5 0 R >>\nendobj\n',
    `5 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 ********** ********** **********] /Contents <${placeholder}> /M (D:20261206230000+07'00') >>\nendobj\n`,
  ];
  let body = '';
  const offsets: number[] = [];
  for (const p of parts) {
    if (p.includes(' obj')) offsets.push(Buffer.byteLength(body, 'latin1'));
    body += p;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const pdf = Buffer.from(body, 'latin1');
  const start = pdf.indexOf('/Contents <') + '/Contents '.length;
  const end = start + placeholder.length + 2;
  const range = `[0 ${start} ${end} ${pdf.length - end}]`.padEnd('[0 ********** ********** **********]'.length, ' ');
  pdf.write(range, pdf.indexOf('[0 **********'), 'latin1');
  const digest = sha256(Buffer.concat([pdf.subarray(0, start), pdf.subarray(end)]));
  const cms = await buildPadesCms({
    digest,
    signer: testSigner(pki, signerLeaf),
    timestamp: timestamp ? (sig) => requestTimestamp(tsa.url, sha256(sig), { timeoutMs: 5000 }) : undefined,
  });
  pdf.write(Buffer.from(cms).toString('hex').toUpperCase(), start + 1, 'latin1');
  return pdf;
}

async function opensslVerify(cms: Uint8Array, name: string): Promise<string> {
  const f = join(dir, `${name}.p7s`);
  writeFileSync(f, cms);
  const { stderr } = await run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    f,
    '-content',
    join(dir, 'data.bin'),
    '-CAfile',
    pki.caFilePath,
    '-purpose',
    'any',
    '-out',
    '/dev/null',
  ]);
  return stderr;
}

describe('buildPadesCms', () => {
  it.each(['anh', 'rsa3072', 'rsa4096'] as const)('signs with the %s key and openssl cms -verify accepts it', async (leafName) => {
    const leaf: TestCert = pki.leaves[leafName];
    const t0 = performance.now();
    const cms = await buildPadesCms({ digest: sha256(data), signer: testSigner(pki, leaf) });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
    expect(await opensslVerify(cms, leafName)).toContain('Verification successful');

    const sd = parseSignedData(cms);
    expect(sd.eContent).toBeNull(); // detached
    expect(sd.digestAlgorithms).toEqual([OID.sha256]);
    expect(sd.signers).toHaveLength(1);
    const si = sd.signers[0];
    expect(si.signatureAlgorithm).toBe(OID.sha256WithRSA);
    expect(si.signedAttrs.map((a) => a.type).sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(si.signedAttrs.some((a) => a.type === OID.signingTime)).toBe(false);
    expect(si.unsignedAttrs).toEqual([]);
    // The issuer in the SignerInfo is the certificate's issuer byte for byte (Vietnamese UTF8String).
    const p = parseCertificate(leaf.certDer);
    expect(si.sid.kind).toBe('issuerSerial');
    if (si.sid.kind === 'issuerSerial') {
      expect(Buffer.from(si.sid.issuerRaw).equals(Buffer.from(p.issuerRaw))).toBe(true);
      expect(si.sid.serialHex).toBe(p.serialHex);
    }
    expect(Buffer.from(p.issuerRaw).includes(Buffer.from('CA thử nghiệm phục vụ cơ quan Nhà nước', 'utf8'))).toBe(true);
    expect(sd.certificates.map((c) => certificateInfo(c).subjectCN)).toEqual([certificateInfo(leaf.certDer).subjectCN, 'CA thử nghiệm phục vụ cơ quan Nhà nước']);
  });

  it('poppler pdfsig (NSS) accepts the signature in a PDF, with the Vietnamese signer and a trusted chain', async () => {
    const nss = join(dir, 'nss');
    mkdirSync(nss, { recursive: true });
    await run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    await run('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'goc-thu-nghiem', '-t', 'C,C,C', '-i', pki.root.certPath]);
    for (const [leaf, ts] of [
      [pki.leaves.anh, false],
      [pki.leaves.rsa4096, true],
    ] as const) {
      const f = join(dir, `${leaf.name}.pdf`);
      writeFileSync(f, await signedPdf(leaf, ts));
      const { stdout } = await run('pdfsig', ['-nssdir', `sql:${nss}`, f]);
      expect(stdout, stdout).toContain('Signature Validation: Signature is Valid.');
      expect(stdout).toContain('Certificate Validation: Certificate is Trusted.');
      expect(stdout).toContain(`Signer Certificate Common Name: ${certificateInfo(leaf.certDer).subjectCN}`);
      expect(stdout).toContain('Total document signed');
    }
  });

  it('fails when the openssl check is given other content (the independent check is not vacuous)', async () => {
    const cms = await buildPadesCms({ digest: sha256(Buffer.from('khác')), signer: testSigner(pki, pki.leaves.anh) });
    await expect(opensslVerify(cms, 'other')).rejects.toThrow();
  });

  it('rejects a signer whose signature does not match its certificate', async () => {
    const wrong = { ...testSigner(pki, pki.leaves.org), certificate: pki.leaves.anh.certDer };
    await expect(buildPadesCms({ digest: sha256(data), signer: wrong })).rejects.toMatchObject({ code: 'signing_failed' });
  });

  it('refuses expired, not yet valid and encryption-only certificates before asking the signer', async () => {
    let asked = 0;
    const counting = (leaf: TestCert) => ({ ...testSigner(pki, leaf), signDigest: async () => (asked++, new Uint8Array(256)) });
    await expect(buildPadesCms({ digest: sha256(data), signer: counting(pki.leaves.expired) })).rejects.toMatchObject({ code: 'certificate_unusable' });
    await expect(buildPadesCms({ digest: sha256(data), signer: counting(pki.leaves.noSign) })).rejects.toMatchObject({ code: 'certificate_unusable' });
    await expect(buildPadesCms({ digest: sha256(data), signer: counting(pki.leaves.anh), at: Date.now() - 365 * 24 * 3600_000 })).rejects.toMatchObject({
      code: 'certificate_unusable',
    });
    expect(asked).toBe(0);
  });

  it('B-T: embeds a token from the local TSA over the signature value', async () => {
    const before = Date.now();
    const cms = await buildPadesCms({
      digest: sha256(data),
      signer: testSigner(pki, pki.leaves.org),
      timestamp: (sig) => requestTimestamp(tsa.url, sha256(sig), { timeoutMs: 5000 }),
    });
    expect(await opensslVerify(cms, 'bt')).toContain('Verification successful');
    const si = parseSignedData(cms).signers[0];
    const tst = si.unsignedAttrs.find((a) => a.type === OID.signatureTimeStampToken);
    expect(tst?.values).toHaveLength(1);
    const token = tst!.values[0];
    const check = verifyTimestampToken(token, sha256(si.signature));
    expect(check).toMatchObject({ valid: true, signatureValid: true, imprintMatches: true, essCertMatch: true });
    const info = parseTimestampToken(token);
    expect(info.genTime).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(info.genTime).toBeLessThanOrEqual(Date.now() + 1000);
    expect(certificateInfo(info.tsaCert!).subjectCN).toBe('Máy chủ dấu thời gian thử nghiệm');
    expect(info.tsaName).toContain('Máy chủ dấu thời gian thử nghiệm');
    // The token checked against another imprint fails.
    expect(verifyTimestampToken(token, sha256(Buffer.from('x'))).imprintMatches).toBe(false);
    // openssl agrees the token is a valid reply for that data.
    const tf = join(dir, 'token.der');
    writeFileSync(tf, token);
    writeFileSync(join(dir, 'sig.bin'), si.signature);
    const { stdout } = await run('openssl', ['ts', '-verify', '-token_in', '-in', tf, '-data', join(dir, 'sig.bin'), '-CAfile', pki.caFilePath]);
    expect(stdout).toContain('Verification: OK');
  });

  it('TSA refusing, hanging, answering garbage or absent → timestamp_unavailable', async () => {
    const digest = sha256(data);
    try {
      tsa.setMode('refuse');
      await expect(requestTimestamp(tsa.url, digest, { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'timestamp_unavailable' });
      tsa.setMode('garbage');
      await expect(requestTimestamp(tsa.url, digest, { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'timestamp_unavailable' });
      tsa.setMode('hang');
      const t0 = Date.now();
      const err = await requestTimestamp(tsa.url, digest, { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('timestamp_unavailable');
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      tsa.setMode('ok');
    }
    await expect(requestTimestamp('http://127.0.0.1:9/tsa', digest, { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'timestamp_unavailable' });
    // With the TSA down, building B-T fails with the same code (the caller decides whether to fall back to B-B).
    tsa.setMode('refuse');
    try {
      await expect(
        buildPadesCms({ digest, signer: testSigner(pki, pki.leaves.anh), timestamp: (sig) => requestTimestamp(tsa.url, sha256(sig), { timeoutMs: 2000 }) }),
      ).rejects.toMatchObject({
        code: 'timestamp_unavailable',
      });
    } finally {
      tsa.setMode('ok');
    }
  });

  it('a nonce or imprint the TSA did not echo is refused', async () => {
    const good = await requestTimestamp(tsa.url, sha256(data), { timeoutMs: 5000 });
    // Replay an old reply (other nonce) through a fetch stub.
    const replay: typeof fetch = async () =>
      new Response(Buffer.concat([Buffer.from([0x30, 0x82, ((good.length + 5) >> 8) & 0xff, (good.length + 5) & 0xff, 0x30, 0x03, 0x02, 0x01, 0x00]), good]), { status: 200 });
    await expect(requestTimestamp(tsa.url, sha256(data), { timeoutMs: 5000, fetchImpl: replay })).rejects.toMatchObject({ code: 'timestamp_unavailable' });
  });
});
