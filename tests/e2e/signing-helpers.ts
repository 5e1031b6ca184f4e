// Set-up for the signing e2e test (issue 10): the Vietnamese test PKI, the local TSA (which also answers CRL and
// OCSP requests for the test CA), two SoftHSM2 tokens (the leader's personal certificate, the office's organisation
// certificate), an NSS database trusting the test root for pdfsig, and the files a user picks in the browser (root
// PEM, issuing CA DER, signature and seal PNGs, the official letter PDF, which prints the e2e leader's name in its
// signing block, where his signature image goes). All under one temp folder.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from '../helpers/pki';
import { officialLetter, sealPng, signaturePng } from '../helpers/signing-docs';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { freePort, startTsa, type TestTsa } from '../helpers/tsa-server';

export const LEADER_PIN = '246810';
export const ORG_PIN = '135790';

export interface SigningKit {
  dir: string;
  pki: TestPki;
  tsa: TestTsa;
  hsm: SoftHsm;
  nss: string;
  files: { rootPem: string; caDer: string; signaturePng: string; sealPng: string; letterPdf: string };
  close(): Promise<void>;
}

export async function signingKit(): Promise<SigningKit> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-signing-'));
  const port = await freePort();
  const pki = await createTestPki(path.join(dir, 'pki'), { crlBaseUrl: `http://127.0.0.1:${port}` });
  const tsa = await startTsa(pki);
  const hsm = createSoftHsm(path.join(dir, 'hsm'), [
    {
      label: 'Token Lãnh đạo',
      soPin: '11112222',
      pin: LEADER_PIN,
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

  const upload = path.join(dir, 'upload');
  fs.mkdirSync(upload);
  const write = (name: string, bytes: Uint8Array | string) => {
    const f = path.join(upload, name);
    fs.writeFileSync(f, bytes);
    return f;
  };
  const files = {
    rootPem: write('goc-thu-nghiem.pem', pki.root.certPem),
    caDer: write('ca-thu-nghiem.cer', pki.ca.certDer),
    signaturePng: write('chu-ky-nguyen-van-anh.png', signaturePng()),
    sealPng: write('con-dau-ubnd.png', sealPng()),
    letterPdf: write('cong-van-ho-ngheo.pdf', await officialLetter({ signerName: 'Nguyễn Văn Chủ', pages: 1 })),
  };
  return {
    dir,
    pki,
    tsa,
    hsm,
    nss,
    files,
    async close() {
      await tsa.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** pdfsig against the NSS database trusting the test root, without its own OCSP lookups (see tests/services/signing.test.ts). */
export function pdfsig(kit: SigningKit, file: string): Promise<string> {
  return new Promise((resolve) => execFile('pdfsig', ['-nssdir', `sql:${kit.nss}`, '-no-ocsp', file], { encoding: 'utf8' }, (_e, stdout, stderr) => resolve(`${stdout}${stderr}`)));
}
