// The hub over HTTPS with a provincial CA that is not publicly trusted: the office connects once the CA file is set
// in its settings, and is told plainly (code tls) when it is not. Real TLS (openssl-made CA and server certificate,
// node:tls terminating in front of the real hub on PGlite), real HTTPS client.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, setupOffice, tempDir, type TestCore } from '../helpers/core';
import { startHubInProcess, type InProcessHub } from '../helpers/hub';

const CODE = '000.00.61.H35';
let hub: InProcessHub;
let front: tls.Server;
let url: string;
let dir: string;
let t: TestCore;
let adminToken: string;
let secret: string;

function makeCerts(d: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Truc lien thong tinh Ha Nam CA');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'hub.key', '-out', 'hub.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(d, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'hub.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'hub.pem', '-days', '2', '-extfile', 'san.ext');
}

beforeAll(async () => {
  dir = tempDir('vanthu-tls-');
  makeCerts(dir);
  hub = await startHubInProcess({ db: 'pglite' });
  secret = (await hub.addOffice(CODE, 'Ủy ban nhân dân xã Kim Bình')).secret;
  // TLS in front of the hub, as a province's reverse proxy would be.
  front = tls.createServer({ key: fs.readFileSync(path.join(dir, 'hub.key')), cert: fs.readFileSync(path.join(dir, 'hub.pem')) }, (s) => {
    const up = net.connect(hub.port, '127.0.0.1');
    s.pipe(up).pipe(s);
    s.on('error', () => up.destroy());
    up.on('error', () => s.destroy());
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
  t = makeCore();
  ({ adminToken } = await setupOffice(t));
}, 60_000);

afterAll(async () => {
  await t?.core.services.syncWorker.settled();
  t?.close();
  await new Promise<void>((r) => (front ? front.close(() => r()) : r()));
  await hub?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the hub over HTTPS', () => {
  it('refuses an unknown CA with a clear message, and connects with the CA file from the settings', async () => {
    await t.ok('sync.saveSettings', { enabled: true, hubUrl: url, officeCode: CODE, secret, caFile: null, intervalSec: 30 }, adminToken);
    const bad = await t.ok('sync.testConnection', {}, adminToken);
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('chứng thư TLS');
    const st = await t.ok('sync.now', {}, adminToken);
    expect(st.lastError?.code).toBe('tls');

    await t.ok('sync.saveSettings', { enabled: true, hubUrl: url, officeCode: CODE, secret: null, caFile: path.join(dir, 'ca.pem'), intervalSec: 30 }, adminToken);
    const good = await t.ok('sync.testConnection', {}, adminToken);
    expect(good).toMatchObject({ ok: true, officeName: 'Ủy ban nhân dân xã Kim Bình' });
    const ok = await t.ok('sync.now', {}, adminToken);
    expect(ok).toMatchObject({ online: true, lastError: null });
  });
});
