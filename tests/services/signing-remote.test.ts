// Remote signing (ký số từ xa) through dispatch with the real parts: a local CSC v1 server whose key is the leader's
// in SoftHSM2 (test PKI with Vietnamese names, CRL served by the local TSA), the admin's provider with its secret
// sealed at rest, the leader's linked credential, and the durable 'signing.remote' job waiting for the "phone":
// approve → new signed version (TOTAL_PASSED); refuse and timeout → recorded, document unchanged; core closed while
// waiting → a new core on the same data dir asks again and signs after the approval. Waits on conditions only.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src-shared/api';
import { discoverModules } from '../../src-main/signing/pkcs11-modules';
import { createPkcs11Provider, type Pkcs11Provider, type Pkcs11Signer } from '../../src-main/signing/pkcs11-token';
import { makeCore, tempDir, testClock, type TestCore } from '../helpers/core';
import { startCscServer, type CscTestServer } from '../helpers/csc-server';
import { approvedDraft, outgoingOffice, type OutOffice } from '../helpers/outgoing';
import { createTestPki, type TestPki } from '../helpers/pki';
import { officialLetter, signaturePng } from '../helpers/signing-docs';
import { createSoftHsm } from '../helpers/softhsm';
import { freePort, startTsa, type TestTsa } from '../helpers/tsa-server';

const SECRET = 'bí-mật-MySign-7f3a9c';
const FILE_NAME = 'Công văn báo cáo hộ nghèo xã Đông Hòa.pdf';

let dir: string;
let pki: TestPki;
let tsa: TestTsa;
let hsmProvider: Pkcs11Provider;
let hsmSigner: Pkcs11Signer;
let server: CscTestServer;
let t: TestCore;
let o: OutOffice;
let providerId: number;
const events: EventEnvelope[] = [];
let unsubscribe: () => void = () => {};

function listen(core: TestCore): void {
  unsubscribe();
  unsubscribe = core.core.events.subscribe((e) => events.push(e));
}

function progress(requestId: string): Array<EventEnvelope<'signing.remoteProgress'>> {
  return events.filter(
    (e): e is EventEnvelope<'signing.remoteProgress'> => e.name === 'signing.remoteProgress' && (e as EventEnvelope<'signing.remoteProgress'>).data.requestId === requestId,
  );
}

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function draft(subject: string) {
  const hash = (await t.ok('blobs.put', { fileName: 'cong-van.pdf', bytes: await officialLetter({ signerName: 'Hoàng Văn Chủ', pages: 1 }) }, o.staff.token)).hash;
  return approvedDraft(t, o, { subject, signerUserId: o.leader.id, files: [{ hash, fileName: FILE_NAME, draftRole: 'main' }] });
}

async function finalState(requestId: string) {
  await until(() => progress(requestId).some((e) => e.data.state !== 'waiting'), `the outcome of ${requestId}`);
  return t.ok('signing.remoteStatus', { requestId }, o.leader.token);
}

beforeAll(async () => {
  dir = tempDir('vanthu-remote-');
  const port = await freePort();
  pki = await createTestPki(path.join(dir, 'pki'), { crlBaseUrl: `http://127.0.0.1:${port}` });
  tsa = await startTsa(pki);
  const hsm = createSoftHsm(path.join(dir, 'hsm'), [
    {
      label: 'Máy chủ ký từ xa',
      soPin: '11112222',
      pin: '246810',
      objects: [
        { id: '01', label: 'Nguyễn Văn Ánh', keyPem: pki.leaves.anh.keyPem, certDer: pki.leaves.anh.certDer },
        { id: 'c1', label: 'CA', certDer: pki.ca.certDer },
      ],
    },
  ]);
  process.env.SOFTHSM2_CONF = hsm.confPath;
  hsmProvider = createPkcs11Provider({ modules: discoverModules('linux', [], (p) => p === hsm.modulePath), logger: { info() {}, warn() {}, error() {} } });
  const [token] = hsmProvider.listTokens();
  const { createHash } = await import('node:crypto');
  hsmSigner = await hsmProvider.openSigner({ tokenId: token.id, certFingerprint: createHash('sha256').update(pki.leaves.anh.certDer).digest('hex'), pin: '246810' });
  server = await startCscServer({ signer: hsmSigner, userId: 'hoang.van.chu', clientId: 'vanthu-desktop', clientSecret: SECRET });

  t = makeCore({ dir: path.join(dir, 'data'), clock: testClock(Date.now()) });
  listen(t);
  o = await outgoingOffice(t);
  await t.ok('signing.saveSettings', { modulePaths: [], tsaUrl: tsa.url, sealPosition: 'overlap-left' }, o.adminToken);
  await t.ok('signing.trustAdd', { certificate: pki.root.certPem }, o.adminToken);
  await t.ok('signing.setImage', { kind: 'signature', hash: (await t.ok('blobs.put', { fileName: 'chu-ky.png', bytes: signaturePng() }, o.leader.token)).hash }, o.leader.token);
}, 120_000);

afterAll(async () => {
  unsubscribe();
  t?.close();
  await server?.close();
  hsmSigner?.close();
  hsmProvider?.close();
  await tsa?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('remote signing (CSC v1)', () => {
  it('admin configures a provider; the secret is write-only, sealed at rest, and never in an API answer', async () => {
    const forbidden = await t.call('signing.saveRemoteProvider', { name: 'x', kind: 'csc', baseUrl: server.url, clientId: null, timeoutSeconds: 60 }, o.leader.token);
    expect(forbidden.ok ? 'ok' : forbidden.error.code).toBe('forbidden');
    const p = await t.ok(
      'signing.saveRemoteProvider',
      { name: 'Viettel MySign (thử nghiệm)', kind: 'csc', baseUrl: server.url, clientId: 'vanthu-desktop', clientSecret: SECRET, timeoutSeconds: 60 },
      o.adminToken,
    );
    providerId = p.id;
    expect(p).toMatchObject({ name: 'Viettel MySign (thử nghiệm)', hasSecret: true, timeoutSeconds: 60 });
    // Editing without a secret keeps it.
    const edited = await t.ok(
      'signing.saveRemoteProvider',
      { id: p.id, name: p.name, kind: 'csc', baseUrl: server.url, clientId: 'vanthu-desktop', timeoutSeconds: 60 },
      o.adminToken,
    );
    expect(edited.hasSecret).toBe(true);
    // A failed call with a secret (unknown provider) is audited with the secret masked.
    const missing = await t.call(
      'signing.saveRemoteProvider',
      { id: 999, name: 'x', kind: 'csc', baseUrl: server.url, clientId: null, clientSecret: SECRET, timeoutSeconds: 60 },
      o.adminToken,
    );
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not_found');
    const list = await t.ok('signing.remoteProviders', {}, o.leader.token);
    const audit = await t.ok('audit.list', {}, o.adminToken);
    for (const out of [p, edited, list, audit]) expect(JSON.stringify(out)).not.toContain(SECRET);
    t.core.services.raw.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of fs.readdirSync(t.dir).filter((n) => n.startsWith('vanthu.db'))) {
      const bytes = fs.readFileSync(path.join(t.dir, f));
      expect(bytes.includes(Buffer.from(SECRET, 'utf8')), f).toBe(false);
    }
    const keyFile = fs.statSync(path.join(t.dir, 'remote-signing.key'));
    expect(keyFile.mode & 0o777).toBe(0o600);
  });

  it('the leader links a credential from the provider, with its certificate', async () => {
    const none = await t.ok('signing.remoteCredentials', { providerId, providerUserId: 'ai.do.khac' }, o.leader.token);
    expect(none).toEqual([]);
    const creds = await t.ok('signing.remoteCredentials', { providerId, providerUserId: 'hoang.van.chu' }, o.leader.token);
    expect(creds).toHaveLength(1);
    expect(creds[0]).toMatchObject({ credentialId: server.credentialId, usable: true });
    expect(creds[0].certificate?.subjectCN).toBe('Nguyễn Văn Ánh');
    const link = await t.ok('signing.saveRemoteLink', { link: { providerId, providerUserId: 'hoang.van.chu', credentialId: server.credentialId } }, o.leader.token);
    expect(link).toMatchObject({ providerName: 'Viettel MySign (thử nghiệm)', subject: 'Nguyễn Văn Ánh' });
    expect(await t.ok('signing.remoteLink', {}, o.leader.token)).toEqual(link);
  });

  it('approve on the phone → a new signed version, TOTAL_PASSED, countdown shown, user notified', async () => {
    const d = await draft('V/v báo cáo kết quả rà soát hộ nghèo năm 2026');
    const req = await t.ok('signing.signPersonalRemote', { outgoingId: d.id, version: d.currentVersion }, o.leader.token);
    expect(req.expiresAt).toBeGreaterThan(Date.now());
    // A second request for the same document while the first waits is refused.
    const again = await t.call('signing.signPersonalRemote', { outgoingId: d.id, version: d.currentVersion }, o.leader.token);
    expect(again.ok ? 'ok' : again.error.code).toBe('conflict');
    await server.waitForPending(1);
    const waiting = progress(req.requestId);
    expect(waiting[0]?.data).toMatchObject({ state: 'waiting', documentId: d.id });
    expect(waiting[0]?.to).toEqual([o.leader.id]);
    expect((await t.ok('signing.remoteStatus', { requestId: req.requestId }, o.leader.token)).state).toBe('waiting');
    // Only the hash leaves the PC, with the Vietnamese file name as the description on the phone.
    const last = server.authorizeRequests[server.authorizeRequests.length - 1];
    expect(last.hash).toHaveLength(1);
    expect(Buffer.from(last.hash[0], 'base64')).toHaveLength(32);
    expect(last.description).toContain(FILE_NAME);
    server.approve();
    const st = await finalState(req.requestId);
    expect(st.state).toBe('signed');
    const doc = await t.ok('outgoing.get', { id: d.id }, o.leader.token);
    expect(doc.currentVersion).toBe(d.currentVersion + 1);
    const main = doc.versions.find((v) => v.version === doc.currentVersion)!.files.find((f) => f.draftRole === 'main')!;
    expect(main.hash).toBe(st.hash);
    expect(main.fileName).toBe(FILE_NAME);
    const report = await t.ok('signing.verify', { hash: st.hash! }, o.leader.token);
    expect(report.overall).toBe('TOTAL_PASSED');
    expect(report.signatures[0].signer?.subjectCN).toBe('Nguyễn Văn Ánh');
    // Cross-checked by poppler's pdfsig with an NSS database trusting the test root.
    const nss = path.join(dir, 'nss');
    fs.mkdirSync(nss, { recursive: true });
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'C,C,C', '-i', path.join(pki.dir, 'root.pem')]);
    const file = path.join(dir, 'remote-signed.pdf');
    fs.writeFileSync(file, await t.core.services.blobs.read(st.hash!));
    const out = await new Promise<string>((resolve) =>
      execFile('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', file], { encoding: 'utf8' }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`)),
    );
    expect(out).toContain('Signature is Valid');
    expect(out, out).toContain('Certificate is Trusted');
    expect(out).toContain('Nguyễn Văn Ánh');
    expect(events.some((e) => e.name === 'notification.created' && e.to?.[0] === o.leader.id && (e as EventEnvelope<'notification.created'>).data.text.includes(FILE_NAME))).toBe(
      true,
    );
    const other = await t.call('signing.remoteStatus', { requestId: req.requestId }, o.head.token);
    expect(other.ok ? 'ok' : other.error.code).not.toBe('ok');
  });

  it('refusal on the phone → recorded as refused, the document unchanged', async () => {
    const d = await draft('V/v từ chối ký thử');
    const req = await t.ok('signing.signPersonalRemote', { outgoingId: d.id, version: d.currentVersion }, o.leader.token);
    await server.waitForPending(1);
    server.refuse();
    const st = await finalState(req.requestId);
    expect(st.state).toBe('refused');
    expect(st.message).toContain('từ chối');
    expect((await t.ok('outgoing.get', { id: d.id }, o.leader.token)).currentVersion).toBe(d.currentVersion);
  });

  it('no answer before the provider timeout → expired, the document unchanged', async () => {
    await t.ok(
      'signing.saveRemoteProvider',
      { id: providerId, name: 'Viettel MySign (thử nghiệm)', kind: 'csc', baseUrl: server.url, clientId: 'vanthu-desktop', timeoutSeconds: 5 },
      o.adminToken,
    );
    const d = await draft('V/v hết thời gian chờ');
    const req = await t.ok('signing.signPersonalRemote', { outgoingId: d.id, version: d.currentVersion }, o.leader.token);
    await server.waitForPending(1);
    const st = await finalState(req.requestId);
    expect(st.state).toBe('expired');
    const ticks = progress(req.requestId).filter((e) => e.data.state === 'waiting');
    expect(ticks.length).toBeGreaterThanOrEqual(3); // about one a second
    expect((await t.ok('outgoing.get', { id: d.id }, o.leader.token)).currentVersion).toBe(d.currentVersion);
    // The provider sees the abandoned request go (the next test must not find it waiting).
    await until(() => server.pending() === 0, 'the expired request dropped at the provider');
    await t.ok(
      'signing.saveRemoteProvider',
      { id: providerId, name: 'Viettel MySign (thử nghiệm)', kind: 'csc', baseUrl: server.url, clientId: 'vanthu-desktop', timeoutSeconds: 60 },
      o.adminToken,
    );
  }, 30_000);

  it('the app restarts while the phone waits: the new core asks again and signs after the approval', async () => {
    const d = await draft('V/v khởi động lại khi đang chờ ký');
    const req = await t.ok('signing.signPersonalRemote', { outgoingId: d.id, version: d.currentVersion }, o.leader.token);
    await server.waitForPending(1);
    const asked = server.authorizeRequests.length;
    const clock = t.clock;
    unsubscribe();
    t.close();
    await until(() => server.pending() === 0, 'the server to see the request dropped');
    t = makeCore({ dir: t.dir, clock });
    listen(t);
    void t.core.idle(); // the jobs runner after start-up (timers are off in tests)
    await until(() => server.authorizeRequests.length > asked && server.pending() === 1, 'the request asked again');
    expect((await t.ok('signing.remoteStatus', { requestId: req.requestId }, o.leader.token)).state).toBe('waiting');
    server.approve();
    const st = await finalState(req.requestId);
    expect(st.state).toBe('signed');
    expect((await t.ok('outgoing.get', { id: d.id }, o.leader.token)).currentVersion).toBe(d.currentVersion + 1);
    expect((await t.ok('signing.verify', { hash: st.hash! }, o.leader.token)).overall).toBe('TOTAL_PASSED');
  }, 60_000);
});
