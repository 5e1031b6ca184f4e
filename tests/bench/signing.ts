// Signing figures (issue 10): our overhead for signing a 20-page text PDF (≤ 30 ms) and a ~50 MB PDF (≤ 600 ms),
// invisible and visible, through the signing service's signPdf (prepareSignature, byte-range digest, PAdES CMS,
// embedding) with a node:crypto HashSigner whose own signDigest time is measured and subtracted (a token's time is
// not ours); for visible signatures the placement and the appearance (personalPlacement: find the signer's name with
// pdf.js, renderAppearance) count as ours. The number/date stamping of an official letter on its own. Verifying a
// signed 100-page PDF with two signatures (personal, stamp, organisation, as the issue flow does) against ≤ 50 ms,
// with its CRL cached and offline as a normal office is, beside pdfsig on the same file (spawn time included).
// Generated PDFs and JPEGs are cached in .bench-data/signing; the test PKI and the NSS database are made every run.

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv, packageRoot } from '../../src-main/env';
import { organisationSeal, personalPlacement, stampNumberAndDate } from '../../src-main/signing/issue-flow';
import { memoryRevocationCache, verifyPdf } from '../../src-main/signing/verify-pdf';
import type { HashSigner } from '../../src-main/signing/types';
import { createTestPki, testSigner, type TestPki } from '../helpers/pki';
import { officialLetter, sealPng, signaturePng } from '../helpers/signing-docs';
import { benchDir, stats } from './util';
import { report } from './index';

const SIGNER = 'Hoàng Văn Chủ';
const RESOURCES = path.join(packageRoot(), 'resources');
/** Never contacted (verification runs offline); only named in the certificates' CRL DP and OCSP AIA. */
const CRL_BASE = 'http://127.0.0.1:9';
const SMALL_RUNS = Number(process.env.VANTHU_BENCH_SIGN_RUNS ?? 200);
const BIG_RUNS = Number(process.env.VANTHU_BENCH_SIGN_BIG_RUNS ?? 20);
const VERIFY_RUNS = Number(process.env.VANTHU_BENCH_VERIFY_RUNS ?? 50);
const BIG_MB = 50;

const load = () => ({ loadAvg: Math.round(os.loadavg()[0] * 10) / 10, cpus: os.cpus().length });
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

async function cached(dir: string, file: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const f = path.join(dir, file);
  if (fs.existsSync(f)) return new Uint8Array(fs.readFileSync(f));
  const bytes = await make();
  fs.writeFileSync(`${f}.tmp`, bytes);
  fs.renameSync(`${f}.tmp`, f);
  return bytes;
}

/** ~50 MB: A4 pages each with a full-page photo-like JPEG (ImageMagick plasma, made once) and a Vietnamese caption. */
async function bigPdf(dir: string): Promise<Uint8Array> {
  const jpegs: Uint8Array[] = [];
  for (let i = 0; i < 4; i++) {
    const f = path.join(dir, `plasma-${i}.jpg`);
    if (!fs.existsSync(f)) execFileSync('convert', ['-size', '2400x3200', `plasma:`, '-quality', '92', f]);
    jpegs.push(new Uint8Array(fs.readFileSync(f)));
  }
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(path.join(RESOURCES, 'fonts', 'LiberationSerif-Regular.ttf')), { subset: true });
  let size = 0;
  for (let p = 0; size < BIG_MB * 1048576; p++) {
    const jpg = jpegs[p % jpegs.length];
    const img = await doc.embedJpg(jpg);
    size += jpg.length;
    const page = doc.addPage([595.28, 841.89]);
    page.drawImage(img, { x: 40, y: 120, width: 515, height: 687 });
    page.drawText(`Ảnh hiện trạng công trình số ${p + 1} - Ủy ban nhân dân xã Đông Hòa`, { x: 60, y: 90, size: 12, font });
  }
  const last = doc.getPage(doc.getPageCount() - 1);
  last.drawText('TM. ỦY BAN NHÂN DÂN', { x: 350, y: 60, size: 13, font });
  last.drawText(SIGNER, { x: 370, y: 30, size: 13, font });
  return doc.save();
}

/** A signer over the test key whose signDigest time is added up (it is the token's, not ours). */
function timedSigner(inner: HashSigner): { signer: HashSigner; took: () => number; reset: () => void } {
  let spent = 0;
  return {
    signer: {
      certificate: inner.certificate,
      chain: inner.chain,
      signDigest: async (d) => {
        const t0 = performance.now();
        const s = await inner.signDigest(d);
        spent += performance.now() - t0;
        return s;
      },
    },
    took: () => spent,
    reset: () => void (spent = 0),
  };
}

function openCore(dir: string): Core {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const core = createCore(nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }));
  // No TSA: a timestamp's network time is not ours either (and B-T comes later when the TSA is unreachable).
  core.services.signing.saveSettings({ modulePaths: [], tsaUrl: null, sealPosition: 'overlap-left' });
  return core;
}

async function signFigures(core: Core, pki: TestPki, name: string, bytes: Uint8Array, runs: number, target: string): Promise<void> {
  const t = timedSigner(testSigner(pki, pki.leaves.anh));
  const image = signaturePng();
  for (const visible of [false, true]) {
    const overhead: number[] = [];
    const token: number[] = [];
    const placing: number[] = [];
    let out = 0;
    // Two untimed runs first: module loading, JIT, the font cache.
    for (let i = -2; i < runs; i++) {
      t.reset();
      const at = Date.now();
      const t0 = performance.now();
      const placed = visible ? await personalPlacement(bytes, { signerName: SIGNER, image, certName: 'Nguyễn Văn Ánh', at, resourcesDir: RESOURCES }) : undefined;
      const t1 = performance.now();
      const r = await core.services.signing.signPdf(bytes, t.signer, { at, reason: 'Ký duyệt văn bản', location: 'Đông Hòa', name: 'Nguyễn Văn Ánh', visible: placed });
      const total = performance.now() - t0;
      if (i < 0) continue;
      placing.push(t1 - t0);
      overhead.push(total - t.took());
      token.push(t.took());
      out = r.pdf.length;
    }
    const s = stats(overhead);
    report({
      suite: 'signing',
      figure: `sign ${name}, ${visible ? 'visible (placement + appearance)' : 'invisible'}: our overhead`,
      ...s,
      value: s.p95,
      unit: 'ms',
      target,
      inputBytes: bytes.length,
      inputMB: mb(bytes.length),
      outputBytes: out,
      pages: (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount(),
      signDigestP50: stats(token).p50,
      ...(visible ? { placementAppearanceP50: stats(placing).p50, placementAppearanceP95: stats(placing).p95 } : {}),
      key: 'RSA 2048 (node:crypto privateEncrypt, subtracted)',
      ...load(),
    });
  }
}

async function stampFigure(): Promise<void> {
  const letter = await officialLetter({ signerName: SIGNER });
  const took: number[] = [];
  for (let i = -2; i < SMALL_RUNS; i++) {
    const t0 = performance.now();
    await stampNumberAndDate(letter, { code: `${i + 100}/UBND-VP`, codeNumber: String(i + 100), issuedDate: '2026-12-07', resourcesDir: RESOURCES });
    if (i >= 0) took.push(performance.now() - t0);
  }
  const s = stats(took);
  report({
    suite: 'signing',
    figure: 'number/date stamping (official letter, pdf.js finds the blanks)',
    ...s,
    value: s.p95,
    unit: 'ms',
    inputBytes: letter.length,
    pages: 1,
    ...load(),
  });
}

/** Personal signature, number and date, organisation signature: the issue flow on a 100-page letter. */
async function twiceSigned(core: Core, pki: TestPki): Promise<Uint8Array> {
  const letter = await officialLetter({ signerName: SIGNER, pages: 100 });
  const at = Date.now();
  const personal = await core.services.signing.signPdf(letter, testSigner(pki, pki.leaves.anh), {
    at,
    reason: 'Ký duyệt văn bản',
    location: 'Đông Hòa',
    name: 'Nguyễn Văn Ánh',
    visible: await personalPlacement(letter, { signerName: SIGNER, image: signaturePng(), certName: 'Nguyễn Văn Ánh', at, resourcesDir: RESOURCES }),
  });
  const stamped = await stampNumberAndDate(personal.pdf, { code: '15/UBND-VP', codeNumber: '15', issuedDate: '2026-12-07', resourcesDir: RESOURCES });
  const seal = await organisationSeal(stamped, { seal: sealPng(), position: 'overlap-left', orgName: 'Ủy ban nhân dân xã Đông Hòa', at, resourcesDir: RESOURCES });
  const org = await core.services.signing.signPdf(stamped, testSigner(pki, pki.leaves.org), {
    at,
    reason: 'Ban hành văn bản số 15/UBND-VP',
    location: 'Đông Hòa',
    name: 'Ủy ban nhân dân xã Đông Hòa',
    visible: seal,
  });
  return org.pdf;
}

function spawnTimed(cmd: string, args: string[]): Promise<{ ms: number; out: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => execFile(cmd, args, { encoding: 'utf8' }, (_e, stdout, stderr) => resolve({ ms: performance.now() - t0, out: `${stdout}${stderr}` })));
}

async function verifyFigures(core: Core, pki: TestPki, dir: string): Promise<void> {
  const bytes = await twiceSigned(core, pki);
  const file = path.join(dir, 'signed-100-pages.pdf');
  fs.writeFileSync(file, bytes);
  // A normal office: the CA's CRL fetched earlier and kept (the service's revocation cache), verification offline.
  const cache = memoryRevocationCache();
  cache.put(`${CRL_BASE}/ca.crl`, pki.crlDer, Date.now());
  const opts = { trustAnchors: [pki.root.certDer], cache, online: false, now: Date.now() };
  const first = await verifyPdf(bytes, opts);
  if (first.overall !== 'TOTAL_PASSED' || first.signatures.length !== 2) throw new Error(`verifyPdf: ${JSON.stringify(first).slice(0, 2000)}`);
  const ours: number[] = [];
  for (let i = 0; i < VERIFY_RUNS; i++) {
    const t0 = performance.now();
    await verifyPdf(bytes, opts);
    ours.push(performance.now() - t0);
  }
  const nss = path.join(dir, 'nss');
  fs.rmSync(nss, { recursive: true, force: true });
  fs.mkdirSync(nss);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'goc-thu-nghiem', '-t', 'C,C,C', '-i', pki.root.certPath]);
  const tools: Array<[string, string[], RegExp]> = [
    ['pdfsig -nocert', ['-nocert', file], /Signature is Valid[\s\S]*Signature is Valid/],
    ['pdfsig -nssdir (root trusted) -no-ocsp', ['-nssdir', `sql:${nss}`, '-no-ocsp', file], /Certificate is Trusted[\s\S]*Certificate is Trusted/],
  ];
  const base = { suite: 'signing', unit: 'ms', inputBytes: bytes.length, inputMB: mb(bytes.length), pages: 100, signatures: 2 };
  const s = stats(ours);
  report({
    ...base,
    figure: 'verify signed 100-page PDF (2 signatures), verifyPdf in process',
    ...s,
    value: s.p95,
    target: '≤ 50 ms',
    overall: first.overall,
    revocation: 'CRL cached in memory, offline',
    ...load(),
  });
  for (const [label, args, ok] of tools) {
    const took: number[] = [];
    let out = '';
    for (let i = -1; i < VERIFY_RUNS; i++) {
      const r = await spawnTimed('pdfsig', args);
      if (i >= 0) took.push(r.ms);
      out = r.out;
    }
    const p = stats(took);
    report({ ...base, figure: `verify signed 100-page PDF (2 signatures), ${label}`, ...p, value: p.p95, includes: 'process spawn', valid: ok.test(out), ...load() });
  }
}

export async function signingBench(): Promise<void> {
  const dir = benchDir('signing');
  const pkiDir = path.join(dir, 'pki');
  fs.rmSync(pkiDir, { recursive: true, force: true });
  const pki = await createTestPki(pkiDir, { crlBaseUrl: CRL_BASE });
  const core = openCore(path.join(dir, 'core'));
  try {
    const small = await cached(dir, 'letter-20-pages.pdf', () => officialLetter({ signerName: SIGNER, pages: 20 }));
    await signFigures(core, pki, '20-page text PDF', small, SMALL_RUNS, '≤ 30 ms');
    const big = await cached(dir, `images-${BIG_MB}mb.pdf`, () => bigPdf(dir));
    await signFigures(core, pki, `${mb(big.length)} MB image PDF`, big, BIG_RUNS, '≤ 600 ms');
    await stampFigure();
    await verifyFigures(core, pki, dir);
  } finally {
    core.close();
  }
}
