// The real parts every signing test stands on, under one temp folder: the Vietnamese test PKI, the local TSA (which
// also answers CRL and OCSP requests for the test CA), two SoftHSM2 tokens (the leader's personal certificate with
// the issuing CA beside it, the office's organisation certificate alone), and an NSS database trusting the test
// root for pdfsig. The caller sets SOFTHSM2_CONF (its own process, or the app server's environment).

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from './pki';
import { createSoftHsm, type SoftHsm } from './softhsm';
import { freePort, startTsa, type TestTsa } from './tsa-server';

export const LEADER_PIN = '246810';
export const ORG_PIN = '135790';

export interface SigningKit {
  dir: string;
  pki: TestPki;
  tsa: TestTsa;
  hsm: SoftHsm;
  nss: string;
  close(): Promise<void>;
}

export async function signingKit(prefix = 'vanthu-signing-'): Promise<SigningKit> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const port = await freePort();
  const pki = await createTestPki(path.join(dir, 'pki'), { crlBaseUrl: `http://127.0.0.1:${port}` });
  const tsa = await startTsa(pki);
  const hsm = createSoftHsm(path.join(dir, 'hsm'), [
    {
      label: 'Token Lãnh đạo',
      soPin: '11112222',
      pin: LEADER_PIN,
      // Tokens carry the issuing CA's certificate beside the signer's (the organisation's below does not: the chain
      // is then completed from the office's trust store).
      objects: [
        { id: '01', label: 'Nguyễn Văn Ánh', keyPem: pki.leaves.anh.keyPem, certDer: pki.leaves.anh.certDer },
        { id: 'c1', label: 'CA', certDer: pki.ca.certDer },
      ],
    },
    { label: 'Token Cơ quan', soPin: '33334444', pin: ORG_PIN, objects: [{ id: '0a', label: 'UBND xã Đông Hòa', keyPem: pki.leaves.org.keyPem, certDer: pki.leaves.org.certDer }] },
  ]);
  const nss = path.join(dir, 'nss');
  fs.mkdirSync(nss);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'C,C,C', '-i', path.join(pki.dir, 'root.pem')]);
  return {
    dir,
    pki,
    tsa,
    hsm,
    nss,
    async close() {
      await tsa.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * pdfsig with the NSS database that trusts the test root, asynchronously (the CRL/OCSP/TSA server runs in this very
 * process) and without its own OCSP lookups: in one pdfsig run the second signature's OCSP lookup against the
 * openssl responder always ends "Unknown issue with Certificate" (whatever the order or the certificate), so
 * revocation is left to our own verifier (CRL and OCSP, checked in the reports).
 */
export function pdfsig(kit: Pick<SigningKit, 'nss'>, file: string): Promise<string> {
  return new Promise((resolve) => execFile('pdfsig', ['-nssdir', `sql:${kit.nss}`, '-no-ocsp', file], { encoding: 'utf8' }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`)));
}
