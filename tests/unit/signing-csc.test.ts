// Remote signing over CSC API v1 against a local CSC server whose key is in SoftHSM2: credentials, chain, a signature
// verified by node:crypto, refusal, timeout with countdown, the service restarting while the user confirms, UTF-8 text.
// Waits on conditions (a pending request on the server), never on fixed delays.

import { createHash, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { createCscClient, type CscClient } from '../../src-main/signing/csc-client';
import { createCscSigner } from '../../src-main/signing/csc-signer';
import { discoverModules } from '../../src-main/signing/pkcs11-modules';
import { createPkcs11Provider, type Pkcs11Provider, type Pkcs11Signer } from '../../src-main/signing/pkcs11-token';
import { startCscServer, type CscTestServer } from '../helpers/csc-server';
import { createSoftHsm, makeLeafCert, makeTestCa, type TestCert } from '../helpers/softhsm';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
let dir: string;
let leaf: TestCert;
let caDer: Uint8Array;
let provider: Pkcs11Provider;
let hsmSigner: Pkcs11Signer;
let server: CscTestServer;
let client: CscClient;

const fp = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
const sha = (s: string) => new Uint8Array(createHash('sha256').update(s, 'utf8').digest());

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-csc-'));
  const ca = makeTestCa(join(dir, 'ca'));
  caDer = ca.certDer;
  leaf = makeLeafCert(ca, { cn: 'Nguyễn Văn Ánh', o: 'UBND xã Đông Hòa' });
  const hsm = createSoftHsm(join(dir, 'hsm'), [
    {
      label: 'Máy chủ ký từ xa',
      soPin: '12345678',
      pin: '246810',
      objects: [
        { id: '0a', label: 'Khóa ký', keyPem: leaf.keyPem, certDer: leaf.certDer },
        { id: 'ca', label: 'CA', certDer: ca.certDer },
      ],
    },
  ]);
  process.env.SOFTHSM2_CONF = hsm.confPath;
  provider = createPkcs11Provider({ modules: discoverModules('linux', [], (p) => p === hsm.modulePath), logger: quiet });
  const [token] = provider.listTokens();
  hsmSigner = await provider.openSigner({ tokenId: token.id, certFingerprint: fp(leaf.certDer), pin: '246810' });
  server = await startCscServer({ signer: hsmSigner, userId: 'nguyen.van.anh', clientId: 'vanthu-desktop', clientSecret: 'bí-mật-thử' });
  client = createCscClient({ baseUrl: server.url, clientId: 'vanthu-desktop', clientSecret: 'bí-mật-thử', timeoutMs: 5_000 });
});

afterAll(async () => {
  await server?.close();
  hsmSigner?.close();
  provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CSC v1 client', () => {
  it('reads info, lists credentials (per user) and the credential with its chain', async () => {
    const info = await client.info();
    expect(info).toMatchObject({ specs: '1.0.4.0', name: 'VănThư CSC thử nghiệm', description: 'Dịch vụ ký số từ xa dùng cho kiểm thử' });
    expect(await client.listCredentials('nguyen.van.anh')).toEqual([server.credentialId]);
    expect(await client.listCredentials('ai.do.khac')).toEqual([]);
    expect(server.counts['oauth2/token']).toBe(1); // one client-credentials token, reused
    const cred = await client.credentialInfo(server.credentialId);
    expect(cred).toMatchObject({ keyStatus: 'enabled', keyLen: 2048, authMode: 'oauth2code', scal: '2', description: 'Chứng thư số ký từ xa thử nghiệm' });
    expect(cred.certificates.map(fp)).toEqual([fp(leaf.certDer), fp(caDer)]);
  });

  it('signs a digest end to end (authorize on the phone, then signHash); node:crypto verifies it; only the hash is sent', async () => {
    const signer = await createCscSigner(client, server.credentialId);
    expect(signer.kind).toBe('csc');
    expect(signer.certificateInfo.subjectCN).toBe('Nguyễn Văn Ánh');
    expect(signer.chain.map(fp)).toEqual([fp(caDer)]);
    const data = 'Công văn số 45/UBND-VP về việc tổ chức họp dân';
    const before = { a: server.counts['credentials/authorize'] ?? 0, s: server.counts['signatures/signHash'] ?? 0 };
    const signing = signer.signDigest(sha(data));
    await server.waitForPending();
    expect(server.authorizeRequests.at(-1)).toMatchObject({ numSignatures: 1, hash: [Buffer.from(sha(data)).toString('base64')] });
    server.approve();
    const sig = await signing;
    expect(verify('sha256', Buffer.from(data, 'utf8'), new X509Certificate(leaf.certDer).publicKey, sig)).toBe(true);
    expect(server.counts['credentials/authorize']).toBe(before.a + 1);
    expect(server.counts['signatures/signHash']).toBe(before.s + 1);
  });

  it('auto-approve mode answers at once; a Vietnamese description reaches the service intact (UTF-8 JSON)', async () => {
    server.autoApprove = true;
    try {
      const signer = await createCscSigner(client, server.credentialId);
      const description = 'Ký: Quyết định số 15/QĐ-UBND phê duyệt kế hoạch – xã Đông Hòa “Đợt 1”.pdf';
      const sig = await signer.signDigestWith(sha('x'), { description });
      expect(sig.length).toBe(256);
      expect(server.authorizeRequests.at(-1)?.description).toBe(description);
      // Decomposed input (as some file systems give names) is sent composed.
      await signer.signDigestWith(sha('y'), { description: 'Tờ trình Hòa.pdf'.normalize('NFD') });
      expect(server.authorizeRequests.at(-1)?.description).toBe('Tờ trình Hòa.pdf');
    } finally {
      server.autoApprove = false;
    }
  });

  it('the user refuses on the phone → remote_sign_refused', async () => {
    const signer = await createCscSigner(client, server.credentialId);
    const signing = rejection(signer.signDigest(sha('từ chối')));
    await server.waitForPending();
    server.refuse();
    const e = await signing;
    expect(e.code).toBe('remote_sign_refused');
    expect(e.message).toBe('Yêu cầu ký đã bị từ chối trên điện thoại; văn bản chưa được ký.');
    expect(e.details).toMatchObject({ error: 'access_denied', error_description: 'Người dùng đã từ chối yêu cầu ký trên điện thoại' });
  });

  it('no confirmation in time → remote_sign_timeout, with a countdown about every second', async () => {
    const seen: number[] = [];
    const started = Date.now();
    const e = await rejection(client.authorize(server.credentialId, [sha('chờ')], { timeoutMs: 2_600, onWaiting: (ms) => seen.push(ms) }));
    expect(e.code).toBe('remote_sign_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]).toBeGreaterThan(2_500);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThan(seen[i - 1]);
    // The server no longer holds the abandoned request.
    await expect.poll(() => server.pending()).toBe(0);
  });

  it('the service restarts while the user is confirming: the client asks again and succeeds once approved', async () => {
    const signer = await createCscSigner(client, server.credentialId);
    const port = server.port;
    const before = server.counts['credentials/authorize'] ?? 0;
    const signing = signer.signDigestWith(sha('khởi động lại'), { timeoutMs: 20_000 });
    await server.waitForPending();
    await server.stop();
    await server.restart();
    expect(server.port).toBe(port);
    await server.waitForPending();
    server.approve();
    const sig = await signing;
    expect(verify('sha256', Buffer.from('khởi động lại', 'utf8'), new X509Certificate(leaf.certDer).publicKey, sig)).toBe(true);
    expect(server.counts['credentials/authorize']).toBeGreaterThanOrEqual(before + 2);
  });

  it('cancelling while waiting → remote_sign_error (cancelled), and the server drops the request', async () => {
    const ctl = new AbortController();
    const waiting = rejection(client.authorize(server.credentialId, [sha('hủy')], { timeoutMs: 20_000, signal: ctl.signal }));
    await server.waitForPending();
    ctl.abort();
    const e = await waiting;
    expect(e).toMatchObject({ code: 'remote_sign_error', details: { reason: 'cancelled' } });
    await expect.poll(() => server.pending()).toBe(0);
  });

  it("other provider errors → remote_sign_error carrying the provider's error_description; OAuth token refreshed after a 401", async () => {
    server.failNext('credentials/info', 400, { error: 'invalid_request', error_description: 'Chứng thư số đã bị tạm dừng' });
    const e = await rejection(createCscSigner(client, server.credentialId));
    expect(e.code).toBe('remote_sign_error');
    expect(e.details).toMatchObject({ method: 'credentials/info', status: 400, error_description: 'Chứng thư số đã bị tạm dừng' });

    server.failNext('signatures/signHash', 500, { error: 'server_error', error_description: 'HSM không phản hồi' });
    server.autoApprove = true;
    try {
      const signer = await createCscSigner(client, server.credentialId);
      await expect(signer.signDigest(sha('z'))).rejects.toMatchObject({ code: 'remote_sign_error', details: { error_description: 'HSM không phản hồi' } });
      const tokensBefore = server.counts['oauth2/token'];
      server.revokeTokens();
      expect((await signer.signDigest(sha('z'))).length).toBe(256);
      expect(server.counts['oauth2/token']).toBe(tokensBefore + 1);
    } finally {
      server.autoApprove = false;
    }

    const wrongSecret = createCscClient({ baseUrl: server.url, clientId: 'vanthu-desktop', clientSecret: 'sai', timeoutMs: 5_000 });
    await expect(wrongSecret.listCredentials()).rejects.toMatchObject({ code: 'remote_sign_error', details: { error: 'invalid_client' } });
    const nowhere = createCscClient({ baseUrl: 'http://127.0.0.1:9/csc/v1', timeoutMs: 2_000 });
    await expect(nowhere.info()).rejects.toMatchObject({ code: 'remote_sign_error', details: { reason: 'network' } });
  });

  it('a signature that does not match the certificate is never returned', async () => {
    const other = makeLeafCert(makeTestCa(join(dir, 'ca2')), { cn: 'Người khác' });
    const { createRemoteSigner } = await import('../../src-main/signing/csc-signer');
    const liar = await createRemoteSigner({
      provider: 'test',
      credentialId: 'x',
      credential: async () => ({ certificate: other.certDer, chain: [] }),
      signDigests: async (d) => [await hsmSigner.signDigest(d[0])],
    });
    await expect(liar.signDigest(sha('giả'))).rejects.toMatchObject({ code: 'remote_sign_error', details: { reason: 'signature_mismatch' } });
  });
});
