// The PKCS#11 token driver against a real SoftHSM2 (private SOFTHSM2_CONF): listing by label, Vietnamese certificate
// names, signing a digest verified by node:crypto, wrong PIN, the token pulled out, and the CKR → AppError mapping.
// SoftHSM 2.6 facts this file pins: a failed login sets CKF_USER_PIN_COUNT_LOW but it never sets FINAL_TRY or LOCKED.

import { createHash, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../../src-main/env';
import { assertCanSign, certificateInfoOf } from '../../src-main/signing/signer-cert';
import { discoverModules } from '../../src-main/signing/pkcs11-modules';
import { createPkcs11Provider, mapPkcs11Error, type Pkcs11Provider } from '../../src-main/signing/pkcs11-token';
import { createSoftHsm, makeLeafCert, makeTestCa, type SoftHsm, type TestCert } from '../helpers/softhsm';

const PIN_A = '123456';
const PIN_B = '654321';
const PIN_C = '111111';

const logLines: string[] = [];
const logger: Logger = {
  info: (m, d) => logLines.push(JSON.stringify({ m, ...d })),
  warn: (m, d) => logLines.push(JSON.stringify({ m, ...d })),
  error: (m, d) => logLines.push(JSON.stringify({ m, ...d })),
};

let dir: string;
let hsm: SoftHsm;
let anh: TestCert;
let binh: TestCert;
let noSign: TestCert;
let chi: TestCert;
let caDer: Uint8Array;
let provider: Pkcs11Provider;

const fp = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-token-'));
  const ca = makeTestCa(join(dir, 'ca'));
  caDer = ca.certDer;
  anh = makeLeafCert(ca, { cn: 'Nguyễn Văn Ánh', o: 'UBND xã Đông Hòa', l: 'Tỉnh Đắk Lắk' });
  binh = makeLeafCert(ca, { cn: 'Trần Thị Bình', o: 'UBND xã Đông Hòa' });
  noSign = makeLeafCert(ca, { cn: 'Lê Văn Cường', o: 'UBND xã Đông Hòa', keyUsage: 'keyEncipherment' });
  chi = makeLeafCert(ca, { cn: 'Phạm Thị Chi', o: 'UBND phường Hòa Bình' });
  hsm = createSoftHsm(join(dir, 'hsm'), [
    {
      label: 'Token Ánh',
      soPin: '12345678',
      pin: PIN_A,
      objects: [
        { id: '01', label: 'Chữ ký Ánh', keyPem: anh.keyPem, certDer: anh.certDer },
        { id: 'ca01', label: 'CA thử nghiệm', certDer: ca.certDer },
      ],
    },
    {
      label: 'Token Bình',
      soPin: '12345678',
      pin: PIN_B,
      objects: [
        { id: '02', label: 'Chữ ký Bình', keyPem: binh.keyPem, certDer: binh.certDer },
        { id: '03', label: 'Mã hóa', keyPem: noSign.keyPem, certDer: noSign.certDer },
      ],
    },
    { label: 'Token Chi', soPin: '12345678', pin: PIN_C, objects: [{ id: '04', label: 'Chữ ký Chi', keyPem: chi.keyPem, certDer: chi.certDer }] },
  ]);
  // Before the module is loaded: SoftHSM reads its configuration in C_Initialize.
  process.env.SOFTHSM2_CONF = hsm.confPath;
  const modules = discoverModules('linux', [], (p) => p === hsm.modulePath);
  provider = createPkcs11Provider({ modules, logger });
});

afterAll(() => {
  provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pkcs11-modules', () => {
  it('finds the known middlewares present, per OS, and keeps admin-chosen paths', () => {
    const present = new Set(['C:\\Windows\\System32\\eTPKCS11.dll', 'C:\\Windows\\SysWOW64\\vnptca_p11_v10.dll']);
    const win = discoverModules('win32', ['D:\\Token\\viettel-ca_v6.dll', 'D:\\Khác\\my_p11.dll'], (p) => present.has(p), { SystemRoot: 'C:\\Windows' });
    expect(win.map((m) => m.id)).toEqual(['safenet-etoken', 'vnpt-ca', 'custom-viettel-ca-v6', 'custom-my-p11']);
    expect(win[0]).toEqual({ id: 'safenet-etoken', path: 'C:\\Windows\\System32\\eTPKCS11.dll', name: 'SafeNet eToken (VGCA, Viettel-CA)' });
    expect(win[3].name).toBe('my_p11.dll');

    const linux = discoverModules('linux', ['/usr/lib/softhsm/libsofthsm2.so'], (p) => p === '/usr/lib/softhsm/libsofthsm2.so' || p === '/usr/lib/libcastle.so.1.0.0');
    expect(linux).toEqual([
      { id: 'feitian-epass2003', path: '/usr/lib/libcastle.so.1.0.0', name: 'Feitian ePass2003' },
      { id: 'softhsm2', path: '/usr/lib/softhsm/libsofthsm2.so', name: 'SoftHSM2 (token thử nghiệm)' },
    ]);
    expect(discoverModules('darwin', [], (p) => p === '/Library/OpenSC/lib/opensc-pkcs11.so')).toEqual([
      { id: 'opensc', path: '/Library/OpenSC/lib/opensc-pkcs11.so', name: 'OpenSC' },
    ]);
    expect(discoverModules('linux', [], () => false)).toEqual([]);
  });
});

describe('pkcs11-token on SoftHSM2', () => {
  it('lists tokens by label and serial (slot ids are not indexes) with their signing certificates', () => {
    const tokens = provider.listTokens();
    expect(tokens.map((t) => t.label).sort()).toEqual(['Token Bình', 'Token Chi', 'Token Ánh']);
    for (const t of tokens) {
      expect(t.id).toBe(`softhsm2:${t.serial}`);
      expect(t.serial).toMatch(/^[0-9a-f]{16}$/);
      expect(t.moduleName).toBe('SoftHSM2 (token thử nghiệm)');
      expect(t.manufacturer).toBe('SoftHSM project');
      expect([t.pinCountLow, t.pinFinalTry, t.pinLocked]).toEqual([false, false, false]);
    }
    const a = tokens.find((t) => t.label === 'Token Ánh')!;
    // The CA certificate on the token has no key: it is not offered for signing.
    expect(a.certificates).toHaveLength(1);
    const c = a.certificates[0];
    expect(c.subjectCN).toBe('Nguyễn Văn Ánh');
    expect(c.organisation).toBe('UBND xã Đông Hòa');
    expect(c.subject).toBe('CN=Nguyễn Văn Ánh,O=UBND xã Đông Hòa,L=Tỉnh Đắk Lắk,C=VN');
    expect(c.issuerCN).toBe('VănThư Test CA – Cơ quan chứng thực thử nghiệm');
    expect(c.keyId).toBe('01');
    expect(c.fingerprint).toBe(fp(anh.certDer));
    expect(c.serial).toBe(new X509Certificate(anh.certDer).serialNumber.toUpperCase().replace(/^0+/, ''));
    expect(c.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(c).toMatchObject({ kind: 'personal', keyAlgorithm: 'RSA', keyBits: 2048, isCA: false });
    expect(Buffer.from(c.der).equals(Buffer.from(anh.certDer))).toBe(true);
    const b = tokens.find((t) => t.label === 'Token Bình')!;
    expect(b.certificates.map((x) => [x.subjectCN, x.keyId, x.keyUsage.join(',')])).toEqual([
      ['Trần Thị Bình', '02', 'digitalSignature,nonRepudiation'],
      ['Lê Văn Cường', '03', 'keyEncipherment'],
    ]);
  });

  it('signs a SHA-256 digest (RSA PKCS#1 v1.5 over DigestInfo) that node:crypto verifies against the certificate', async () => {
    const a = provider.listTokens().find((t) => t.label === 'Token Ánh')!;
    const signer = await provider.openSigner({ tokenId: a.id, certFingerprint: fp(anh.certDer), pin: PIN_A });
    try {
      expect(signer.kind).toBe('pkcs11');
      expect(Buffer.from(signer.certificate).equals(Buffer.from(anh.certDer))).toBe(true);
      expect(signer.chain.map((d) => fp(d))).toEqual([fp(caDer)]);
      const data = Buffer.from('Quyết định số 12/QĐ-UBND về việc giao chỉ tiêu', 'utf8');
      const digest = createHash('sha256').update(data).digest();
      const sig = await signer.signDigest(new Uint8Array(digest));
      expect(sig.length).toBe(256);
      expect(verify('sha256', data, new X509Certificate(anh.certDer).publicKey, sig)).toBe(true);
      // Calls made together are queued on the one session, and each verifies.
      const many = await Promise.all(Array.from({ length: 20 }, (_, i) => signer.signDigest(createHash('sha256').update(`trang ${i}`).digest())));
      many.forEach((s, i) => expect(verify('sha256', Buffer.from(`trang ${i}`), new X509Certificate(anh.certDer).publicKey, s)).toBe(true));
      await expect(signer.signDigest(new Uint8Array(20))).rejects.toMatchObject({ code: 'invalid_input' });
      // A second signer on the same token would share the login and skip the PIN: refused while this one is open.
      await expect(provider.openSigner({ tokenId: a.id, certFingerprint: fp(anh.certDer), pin: 'sai' })).rejects.toMatchObject({ code: 'token_error' });
    } finally {
      signer.close();
    }
    await expect(signer.signDigest(new Uint8Array(32))).rejects.toMatchObject({ code: 'token_error' });
    signer.close(); // idempotent
    // The PIN never reaches the log.
    expect(logLines.join('\n')).not.toContain(PIN_A);
  });

  it('refuses a certificate that may not sign, before spending a PIN try', async () => {
    const b = provider.listTokens().find((t) => t.label === 'Token Bình')!;
    const e = await rejection(provider.openSigner({ tokenId: b.id, certFingerprint: fp(noSign.certDer), pin: 'không cần' }));
    expect(e.code).toBe('certificate_unusable');
    expect(e.details).toMatchObject({ reason: 'key_usage' });
    expect(provider.listTokens().find((t) => t.label === 'Token Bình')!.pinCountLow).toBe(false);
    const missing = await rejection(provider.openSigner({ tokenId: b.id, certFingerprint: fp(anh.certDer), pin: PIN_B }));
    expect(missing.code).toBe('certificate_unusable');
  });

  it('wrong PIN → pin_incorrect with the warning from the token flags; SoftHSM never locks; the right PIN still works', async () => {
    const b = provider.listTokens().find((t) => t.label === 'Token Bình')!;
    const first = await rejection(provider.openSigner({ tokenId: b.id, certFingerprint: fp(binh.certDer), pin: '000000' }));
    expect(first.code).toBe('pin_incorrect');
    // SoftHSM 2.6 raises CKF_USER_PIN_COUNT_LOW after any failed login (and clears it on success).
    expect(first.details).toMatchObject({ countLow: true, finalTry: false, ckr: 'CKR_PIN_INCORRECT' });
    expect(first.message).toBe('Mã PIN không đúng. Token sắp bị khóa: chỉ còn ít lần thử.');
    expect(provider.listTokens().find((t) => t.label === 'Token Bình')!.pinCountLow).toBe(true);
    for (let i = 0; i < 15; i++) {
      const e = await rejection(provider.openSigner({ tokenId: b.id, certFingerprint: fp(binh.certDer), pin: `99999${i}` }));
      expect(e.code).toBe('pin_incorrect'); // no counter in SoftHSM: never pin_locked, never final try
      expect(e.details?.finalTry).toBe(false);
    }
    expect(provider.listTokens().find((t) => t.label === 'Token Bình')!.pinLocked).toBe(false);
    const signer = await provider.openSigner({ tokenId: b.id, certFingerprint: fp(binh.certDer), pin: PIN_B });
    const sig = await signer.signDigest(createHash('sha256').update('x').digest());
    expect(verify('sha256', Buffer.from('x'), new X509Certificate(binh.certDer).publicKey, sig)).toBe(true);
    signer.close();
    expect(provider.listTokens().find((t) => t.label === 'Token Bình')!.pinCountLow).toBe(false);
    expect(logLines.join('\n')).not.toMatch(/99999\d|000000/);
  });

  it('a middleware that fails to load is skipped (logged), the others still list', () => {
    const before = logLines.length;
    const p = createPkcs11Provider({
      modules: [{ id: 'vnpt-ca', path: '/không/có/vnptca_p11_v10.so', name: 'VNPT-CA' }, ...discoverModules('linux', [], (x) => x === hsm.modulePath)],
      logger,
    });
    try {
      expect(p.listTokens().map((t) => t.moduleId)).toEqual(['softhsm2', 'softhsm2', 'softhsm2']);
      expect(logLines.slice(before).some((l) => l.includes('pkcs11.module_load_failed') && l.includes('vnptca_p11_v10.so'))).toBe(true);
    } finally {
      p.close(); // the SoftHSM module stays initialised for the main provider (shared, counted)
    }
    expect(provider.listTokens()).toHaveLength(3);
  });

  it('an unknown token id → token_absent', async () => {
    await expect(provider.openSigner({ tokenId: 'softhsm2:0000000000000000', certFingerprint: fp(anh.certDer), pin: PIN_A })).rejects.toMatchObject({ code: 'token_absent' });
    await expect(provider.openSigner({ tokenId: 'eTPKCS11:123', certFingerprint: fp(anh.certDer), pin: PIN_A })).rejects.toMatchObject({ code: 'token_absent' });
  });

  it('the token pulled out while a signer is open: the next signature fails with token_absent, the other tokens carry on', async () => {
    const c = provider.listTokens().find((t) => t.label === 'Token Chi')!;
    const signer = await provider.openSigner({ tokenId: c.id, certFingerprint: fp(chi.certDer), pin: PIN_C });
    await signer.signDigest(createHash('sha256').update('trước').digest());
    const pulled = join(dir, 'pulled-out');
    renameSync(hsm.tokenDirs['Token Chi'], pulled);
    try {
      // SoftHSM drops its objects: C_SignInit answers CKR_OBJECT_HANDLE_INVALID and C_GetTokenInfo CKR_GENERAL_ERROR
      // for that slot; the driver sees the token is gone and says token_absent.
      const e = await rejection(signer.signDigest(createHash('sha256').update('sau').digest()));
      expect(e.code).toBe('token_absent');
      expect(e.message).toContain('Hãy cắm token vào máy');
      signer.close();
      expect(
        provider
          .listTokens()
          .map((t) => t.label)
          .sort(),
      ).toEqual(['Token Bình', 'Token Ánh']);
      await expect(provider.openSigner({ tokenId: c.id, certFingerprint: fp(chi.certDer), pin: PIN_C })).rejects.toMatchObject({ code: 'token_absent' });
      const a = provider.listTokens().find((t) => t.label === 'Token Ánh')!;
      const other = await provider.openSigner({ tokenId: a.id, certFingerprint: fp(anh.certDer), pin: PIN_A });
      const sig = await other.signDigest(createHash('sha256').update('vẫn ký được').digest());
      expect(verify('sha256', Buffer.from('vẫn ký được'), new X509Certificate(anh.certDer).publicKey, sig)).toBe(true);
      other.close();
    } finally {
      renameSync(pulled, hsm.tokenDirs['Token Chi']);
    }
    // SoftHSM notices a re-inserted token only after C_Finalize/C_Initialize: a fresh provider sees it again.
    provider.close();
    provider = createPkcs11Provider({ modules: discoverModules('linux', [], (p) => p === hsm.modulePath), logger });
    expect(
      provider
        .listTokens()
        .map((t) => t.label)
        .sort(),
    ).toEqual(['Token Bình', 'Token Chi', 'Token Ánh']);
  });
});

describe('CKR → AppError mapping', () => {
  const err = (name: string) => new pkcs11js.Pkcs11Error(`${name}:${(pkcs11js as unknown as Record<string, number>)[name]}`);

  it('maps PIN, absence and other errors, with the tries warning from the flags', () => {
    expect(mapPkcs11Error(err('CKR_PIN_LOCKED'), { operation: 'login' })).toMatchObject({ code: 'pin_locked', details: { ckr: 'CKR_PIN_LOCKED' } });
    const last = mapPkcs11Error(err('CKR_PIN_INCORRECT'), { operation: 'login', pinFlags: { countLow: true, finalTry: true, locked: false } });
    expect(last.code).toBe('pin_incorrect');
    expect(last.message).toBe('Mã PIN không đúng. Đây là lần thử cuối: nhập sai lần nữa token sẽ bị khóa.');
    expect(last.details).toMatchObject({ countLow: true, finalTry: true });
    const plain = mapPkcs11Error(err('CKR_PIN_INCORRECT'), { operation: 'login', pinFlags: { countLow: false, finalTry: false, locked: false } });
    expect(plain.message).toBe('Mã PIN không đúng.');
    // Locked by this very failure (the flags read after it say so).
    expect(mapPkcs11Error(err('CKR_PIN_INCORRECT'), { operation: 'login', pinFlags: { countLow: true, finalTry: false, locked: true } }).code).toBe('pin_locked');
    for (const name of ['CKR_TOKEN_NOT_PRESENT', 'CKR_DEVICE_REMOVED', 'CKR_SESSION_HANDLE_INVALID', 'CKR_SLOT_ID_INVALID', 'CKR_TOKEN_NOT_RECOGNIZED']) {
      expect(mapPkcs11Error(err(name), { operation: 'sign' })).toMatchObject({ code: 'token_absent', details: { ckr: name } });
    }
    const other = mapPkcs11Error(err('CKR_DEVICE_ERROR'), { operation: 'sign' });
    expect(other).toMatchObject({ code: 'token_error', details: { ckr: 'CKR_DEVICE_ERROR', operation: 'sign' } });
    expect(other.message).toContain('Thiết bị ký số báo lỗi');
    expect(mapPkcs11Error(new Error('dlopen failed'), { operation: 'load' })).toMatchObject({ code: 'token_error', details: { native: 'dlopen failed' } });
  });
});

describe('certificate checks before signing', () => {
  it('expired, not yet valid or non-signing certificates are unusable; a valid signing certificate passes', () => {
    const info = certificateInfoOf(anh.certDer);
    expect(() => assertCanSign(info)).not.toThrow();
    const expired = (() => {
      try {
        assertCanSign(info, info.notAfter + 86_400_000);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(expired).toMatchObject({ code: 'certificate_unusable', details: { reason: 'expired' } });
    expect(expired?.message).toMatch(/^Chứng thư số đã hết hạn \(ngày \d{2}\/\d{2}\/\d{4}\)\.$/);
    expect(() => assertCanSign(info, info.notBefore - 86_400_000)).toThrow(/chưa có hiệu lực/);
    expect(() => assertCanSign(certificateInfoOf(noSign.certDer))).toThrow(/không cho phép dùng để ký/);
    expect(() => assertCanSign({ ...info, keyAlgorithm: 'EC' })).toThrow(/chỉ hỗ trợ RSA/);
    expect(certificateInfoOf(caDer)).toMatchObject({ isCA: true, keyUsage: ['keyCertSign', 'cRLSign'] });
    expect(certificateInfoOf(anh.certDer).extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4']);
  });
});
