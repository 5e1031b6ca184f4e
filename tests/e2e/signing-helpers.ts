// Set-up for the signing e2e tests (issue 10): the shared signing kit (tests/helpers/signing-kit.ts: test PKI, TSA,
// SoftHSM2 tokens, NSS database for pdfsig) plus the files a user picks in the browser (root PEM, issuing CA DER,
// signature and seal PNGs, the official letter PDF, which prints the e2e leader's name in its signing block, where
// his signature image goes).

import fs from 'node:fs';
import path from 'node:path';
import { signingKit as baseKit, type SigningKit as BaseKit } from '../helpers/signing-kit';
import { officialLetter, sealPng, signaturePng } from '../helpers/signing-docs';

export { LEADER_PIN, ORG_PIN, pdfsig } from '../helpers/signing-kit';

export interface SigningKit extends BaseKit {
  files: { rootPem: string; caDer: string; signaturePng: string; sealPng: string; letterPdf: string };
}

export async function signingKit(): Promise<SigningKit> {
  const kit = await baseKit('vanthu-e2e-signing-');
  const { dir, pki } = kit;
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
  return { ...kit, files };
}
