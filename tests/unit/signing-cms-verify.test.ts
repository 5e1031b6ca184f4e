// inspectCms / verifyCms on CMS made by an independent producer (openssl cms -sign): RSA PKCS#1 v1.5 and PSS,
// ECDSA, no signed attributes, subjectKeyIdentifier signer ids, SHA-1 and adbe.pkcs7.sha1 (attached digest),
// plus certificate reading details (string types, RFC 4514, kinds).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateInfo, certificateKind, nameToString, parseCertificate } from '../../src-main/signing/cert-info';
import { inspectCms, verifyCms } from '../../src-main/signing/cms-verify';
import { buildChain } from '../../src-main/signing/chain';
import { decode, dirString, tlv, OID, type HashName } from '../../src-main/signing/der';
import { validateSignature } from '../../src-main/signing/validate';
import { createTestPki, type TestPki } from '../helpers/pki';

const run = promisify(execFile);
const data = Buffer.from('Kính gửi: UBND huyện Krông Pắc. Đề nghị phê duyệt kế hoạch năm 2027.', 'utf8');
const digestOf =
  (b: Uint8Array) =>
  (alg: HashName): Uint8Array =>
    new Uint8Array(createHash(alg).update(b).digest());

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-cmsv-'));
  pki = await createTestPki(dir);
  writeFileSync(join(dir, 'data.bin'), data);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function opensslSign(name: string, args: string[], signer = pki.leaves.anh, input = 'data.bin'): Promise<Uint8Array> {
  const out = join(dir, `${name}.p7s`);
  await run(
    'openssl',
    ['cms', '-sign', '-binary', '-in', input, '-signer', signer.certPath, '-inkey', signer.keyPath, '-certfile', pki.ca.certPath, '-outform', 'DER', '-out', out, ...args],
    { cwd: dir },
  );
  return new Uint8Array(readFileSync(out));
}

describe('verifyCms on openssl-made CMS', () => {
  it('RSA PKCS#1 v1.5 with signed attributes: signer found by issuer+serial, signing-time read', async () => {
    const cms = await opensslSign('plain', ['-md', 'sha256']);
    const ins = inspectCms(cms);
    expect(ins.ok).toBe(true);
    expect(ins.digestAlgorithm).toBe('sha256');
    expect(ins.signingTime).toBeGreaterThan(Date.now() - 60_000);
    expect(ins.contentType).toBe(OID.data);
    expect(certificateInfo(ins.signerCert!).subjectCN).toBe('Nguyễn Văn Ánh');
    const v = verifyCms(cms, digestOf(data));
    expect(v).toMatchObject({ integrity: true, signatureValid: true });
    expect(verifyCms(cms, digestOf(Buffer.from('khác'))).integrity).toBe(false);
  });

  it('RSA-PSS', async () => {
    const cms = await opensslSign('pss', ['-md', 'sha256', '-keyopt', 'rsa_padding_mode:pss']);
    expect(inspectCms(cms).scheme?.kind).toBe('rsa-pss');
    expect(verifyCms(cms, digestOf(data))).toMatchObject({ integrity: true, signatureValid: true });
  });

  it('ECDSA P-256', async () => {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-utf8',
        '-subj',
        '/C=VN/O=UBND phường Tân Lợi/CN=Hoàng Thị Lệ',
        '-keyout',
        'ec.key',
        '-out',
        'ec.pem',
        '-days',
        '30',
      ],
      {
        cwd: dir,
      },
    );
    const ec = { ...pki.leaves.anh, certPath: join(dir, 'ec.pem'), keyPath: join(dir, 'ec.key') };
    const cms = await opensslSign('ec', ['-md', 'sha256'], ec);
    const ins = inspectCms(cms);
    expect(ins.scheme?.kind).toBe('ecdsa');
    expect(certificateInfo(ins.signerCert!)).toMatchObject({ keyAlgorithm: 'EC', keyBits: 256, subjectCN: 'Hoàng Thị Lệ', organisation: 'UBND phường Tân Lợi' });
    expect(verifyCms(cms, digestOf(data))).toMatchObject({ integrity: true, signatureValid: true });
  });

  it('no signed attributes: the signature over the content digest is checked', async () => {
    const cms = await opensslSign('noattr', ['-md', 'sha256', '-noattr']);
    expect(inspectCms(cms).hasSignedAttrs).toBe(false);
    expect(verifyCms(cms, digestOf(data))).toMatchObject({ integrity: true, signatureValid: true });
    expect(verifyCms(cms, digestOf(Buffer.from('khác')))).toMatchObject({ integrity: false, signatureValid: false });
  });

  it('signer identified by subjectKeyIdentifier', async () => {
    const cms = await opensslSign('keyid', ['-md', 'sha256', '-keyid']);
    const ins = inspectCms(cms);
    expect(ins.signerInfo?.sid.kind).toBe('ski');
    expect(certificateInfo(ins.signerCert!).subjectCN).toBe('Nguyễn Văn Ánh');
    expect(verifyCms(cms, digestOf(data)).signatureValid).toBe(true);
  });

  it('adbe.pkcs7.sha1 (attached SHA-1 of the ranges) verifies and is reported as weak crypto', async () => {
    writeFileSync(join(dir, 'sha1.bin'), createHash('sha1').update(data).digest());
    const cms = await opensslSign('sha1', ['-md', 'sha1', '-nodetach'], pki.leaves.anh, 'sha1.bin');
    expect(verifyCms(cms, digestOf(data))).toMatchObject({ integrity: true, signatureValid: true });
    expect(verifyCms(cms, digestOf(Buffer.from('x'))).integrity).toBe(false);
    const c = await validateSignature({
      field: {
        fieldName: 'Sig',
        subFilter: 'adbe.pkcs7.sha1',
        isDocTimestamp: false,
        byteRange: [0, 1, 2, 3],
        contents: cms,
        claimedTime: null,
        name: null,
        reason: null,
        location: null,
        page: null,
        structureErrors: [],
        revisionEnd: 5,
        coversWholeFile: true,
        changesAfter: { laterRevisions: 0, allowedOnly: true, changes: [] },
      },
      computeDigest: digestOf(data),
      trustAnchors: [pki.root.certDer],
      revocation: { cache: { get: () => null, put: () => undefined }, online: false },
      now: Date.now(),
    });
    expect(c).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE', digestAlgorithm: 'SHA-1' });
  });

  it('BER indefinite-length CMS (openssl -stream), also with its end-of-contents zeros stripped', async () => {
    const cms = await opensslSign('stream', ['-md', 'sha256', '-stream']);
    expect(cms[1]).toBe(0x80);
    expect(verifyCms(cms, digestOf(data))).toMatchObject({ integrity: true, signatureValid: true });
    let end = cms.length;
    while (cms[end - 1] === 0) end--;
    expect(end).toBeLessThan(cms.length);
    expect(verifyCms(cms.subarray(0, end), digestOf(data))).toMatchObject({ integrity: true, signatureValid: true });
  });

  it('inspectCms never throws on garbage', () => {
    for (const g of [new Uint8Array(0), Buffer.from('30030201', 'hex'), Buffer.from([0x30, 0x82, 0xff, 0xff]), new Uint8Array(100).fill(0xa0)]) {
      const ins = inspectCms(g);
      expect(ins.ok).toBe(false);
      expect(ins.problems.length).toBeGreaterThan(0);
      expect(verifyCms(g, digestOf(data))).toMatchObject({ integrity: null, signatureValid: false });
    }
  });
});

describe('certificate reading', () => {
  it('Vietnamese names are byte-exact and RFC 4514 strings NFC', () => {
    const info = certificateInfo(pki.leaves.anh.certDer);
    expect(info).toMatchObject({
      subjectCN: 'Nguyễn Văn Ánh',
      organisation: 'UBND xã Đông Hòa',
      subject: 'CN=Nguyễn Văn Ánh,O=UBND xã Đông Hòa,L=Đắk Lắk,C=VN',
      issuer: 'CN=CA thử nghiệm phục vụ cơ quan Nhà nước,O=Ban Cơ yếu thử nghiệm,C=VN',
      issuerCN: 'CA thử nghiệm phục vụ cơ quan Nhà nước',
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extKeyUsage: ['1.3.6.1.5.5.7.3.4', '1.3.6.1.4.1.311.10.3.12'],
      kind: 'personal',
      keyAlgorithm: 'RSA',
      keyBits: 2048,
      isCA: false,
    });
    expect(info.subject).toBe(info.subject.normalize('NFC'));
    expect(info.fingerprint).toBe(createHash('sha256').update(pki.leaves.anh.certDer).digest('hex'));
    expect(info.serial).toMatch(/^[0-9A-F]+$/);
    expect(info.serial).toBe(parseCertificate(pki.leaves.anh.certDer).serialHex);
    expect(certificateInfo(pki.ca.certDer)).toMatchObject({ isCA: true, keyUsage: ['keyCertSign', 'cRLSign'] });
    expect(certificateInfo(pki.leaves.tsa.certDer).extKeyUsage).toEqual([OID.ekuTimeStamping]);
    expect(certificateInfo(pki.leaves.rsa4096.certDer).keyBits).toBe(4096);
    // Same view as node's own X509 parser.
    expect(() => certificateInfo(Buffer.from('rác'))).toThrow();
  });

  it('BMPString, T61String, UTF-8 inside T61 and escaping', () => {
    const bmp = Buffer.from('Phường Đông Hòa', 'utf16le').swap16();
    expect(dirString(decode(tlv(0x1e, bmp)))).toBe('Phường Đông Hòa');
    expect(dirString(decode(tlv(0x14, Buffer.from('Caf\xe9', 'latin1'))))).toBe('Café');
    expect(dirString(decode(tlv(0x14, Buffer.from('Đắk Lắk', 'utf8'))))).toBe('Đắk Lắk');
    // NFD input comes out NFC.
    expect(dirString(decode(tlv(0x0c, Buffer.from('Hòa'.normalize('NFD'), 'utf8'))))).toBe('Hòa'.normalize('NFC'));
    expect(nameToString([[{ type: '2.5.4.6', value: 'VN' }], [{ type: '2.5.4.3', value: 'Sở Tư pháp, tỉnh Đắk Lắk' }]])).toBe('CN=Sở Tư pháp\\, tỉnh Đắk Lắk,C=VN');
  });

  it('organisation vs personal', () => {
    expect(certificateKind('UBND xã Đông Hòa', 'UBND xã Đông Hòa')).toBe('organisation');
    expect(certificateKind('Ủy ban nhân dân huyện Krông Pắc', '')).toBe('organisation');
    expect(certificateKind('Sở Nội vụ tỉnh Đắk Lắk', 'UBND tỉnh Đắk Lắk')).toBe('organisation');
    expect(certificateKind('Văn phòng HĐND và UBND', 'UBND huyện')).toBe('organisation');
    expect(certificateKind('Nguyễn Văn Ánh', 'UBND xã Đông Hòa')).toBe('personal');
    expect(certificateKind('Bùi Thị Sở', '')).toBe('personal');
    expect(certificateKind('Banh Văn Tú', '')).toBe('personal');
  });

  it('chain building checks signatures, CA flags and validity', () => {
    const ok = buildChain({ signer: pki.leaves.anh.certDer, certs: [pki.ca.certDer], trustAnchors: [pki.root.certDer], at: Date.now(), usage: 'signature' });
    expect(ok).toMatchObject({ trusted: true, issues: [], signerValidity: 'valid', caValidity: 'valid' });
    expect(ok.path).toHaveLength(3);
    // A leaf is not allowed as an issuer even if it is in the pool: nothing it "issued" verifies anyway.
    const noCa = buildChain({ signer: pki.leaves.anh.certDer, certs: [pki.leaves.org.certDer], trustAnchors: [pki.root.certDer], at: Date.now(), usage: 'signature' });
    expect(noCa.trusted).toBe(false);
    const tsa = buildChain({ signer: pki.leaves.tsa.certDer, certs: [pki.ca.certDer], trustAnchors: [pki.root.certDer], at: Date.now(), usage: 'timestamp' });
    expect(tsa.issues).toEqual([]);
    const notTsa = buildChain({ signer: pki.leaves.anh.certDer, certs: [pki.ca.certDer], trustAnchors: [pki.root.certDer], at: Date.now(), usage: 'timestamp' });
    expect(notTsa.issues.map((i) => i.code)).toEqual(['SIG_CONSTRAINTS_FAILURE']);
    expect(buildChain({ signer: pki.leaves.expired.certDer, certs: [pki.ca.certDer], trustAnchors: [pki.root.certDer], at: Date.now(), usage: 'signature' }).signerValidity).toBe(
      'expired',
    );
  });

  it('test PKI ships a p12 per leaf that openssl can open', async () => {
    const { stdout } = await run('openssl', ['pkcs12', '-in', pki.leaves.org.p12Path, '-passin', `pass:${pki.p12Password}`, '-nokeys', '-clcerts']);
    expect(stdout).toContain('BEGIN CERTIFICATE');
  });
});
