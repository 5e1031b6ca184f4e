// Real-tool helpers for the PDF engine tests: a throwaway PKI (openssl, Vietnamese names), an NSS db trusting it,
// detached CMS with `openssl cms`, poppler's pdfsig, qpdf and LibreOffice producers. Every temp dir is removed by cleanup().

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { byteRangeDigest, embedSignature, prepareSignature, type PrepareOptions } from '../../src-main/pdf/sign-field';

export const FONTS_DIR = path.resolve(import.meta.dirname, '../../resources');

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: Buffer } = {}): string {
  return execFileSync(cmd, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

export function tempDir(prefix = 'vanthu-pdf-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestPki {
  dir: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  /** NSS db (sql:) trusting the test CA; also holds the leaf key under nickname `nick` for pdfsig -add-signature. */
  nssDir: string;
  nick: string;
}

const CA_SUBJ = '/C=VN/L=Đà Nẵng/O=Ban Cơ yếu Chính phủ (thử)/CN=CA Thử nghiệm Việt Nam';
const LEAF_SUBJ = '/C=VN/L=Đà Nẵng/O=UBND Phường Hải Châu/CN=Nguyễn Văn Ánh';

export function createPki(): TestPki {
  const dir = tempDir('vanthu-pki-');
  const p = (f: string): string => path.join(dir, f);
  fs.writeFileSync(p('ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n');
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-utf8',
    '-subj',
    CA_SUBJ,
    '-days',
    '30',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-subj', LEAF_SUBJ, '-keyout', p('key.pem'), '-out', p('leaf.csr')]);
  run('openssl', [
    'x509',
    '-req',
    '-in',
    p('leaf.csr'),
    '-CA',
    p('ca.pem'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    p('ext.cnf'),
    '-out',
    p('cert.pem'),
  ]);
  const nssDir = p('nss');
  fs.mkdirSync(nssDir);
  run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'ca', '-t', 'C,C,C', '-i', p('ca.pem')]);
  run('openssl', ['pkcs12', '-export', '-in', p('cert.pem'), '-inkey', p('key.pem'), '-name', 'other', '-passout', 'pass:x', '-out', p('leaf.p12')]);
  run('pk12util', ['-i', p('leaf.p12'), '-d', `sql:${nssDir}`, '-W', 'x', '-K', '']);
  return { dir, caPem: p('ca.pem'), certPem: p('cert.pem'), keyPem: p('key.pem'), nssDir, nick: 'other' };
}

/** A detached CMS over `content` made by `openssl cms` (SHA-256, signer cert + CA included). */
export function opensslCms(pki: TestPki, content: Uint8Array): Buffer {
  const dir = fs.mkdtempSync(path.join(pki.dir, 'cms-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.bin'), content);
    execFileSync('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-outform',
      'DER',
      '-md',
      'sha256',
      '-in',
      path.join(dir, 'in.bin'),
      '-signer',
      pki.certPem,
      '-inkey',
      pki.keyPem,
      '-certfile',
      pki.caPem,
      '-out',
      path.join(dir, 'out.der'),
    ]);
    return fs.readFileSync(path.join(dir, 'out.der'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The signed bytes of a byte range, concatenated (for openssl). */
export function rangeContent(pdf: Uint8Array, br: readonly number[]): Buffer {
  return Buffer.concat([pdf.subarray(br[0], br[0] + br[1]), pdf.subarray(br[2], br[2] + br[3])]);
}

/** Prepares, signs with openssl and embeds: a full signing round with our engine. */
export function signWithOpenssl(pki: TestPki, bytes: Uint8Array, opts: Partial<PrepareOptions> = {}): Buffer {
  const prepared = prepareSignature(bytes, {
    signingTime: Date.UTC(2026, 11, 6, 3, 4, 5),
    kind: 'pkcs7',
    name: 'Nguyễn Văn Ánh',
    reason: 'Phê duyệt',
    location: 'Đà Nẵng',
    ...opts,
  });
  const content = rangeContent(prepared.pdf, prepared.byteRange);
  const der = opensslCms(pki, content);
  if (!byteRangeDigest(prepared.pdf, prepared.byteRange).equals(createSha(content))) throw new Error('digest mismatch');
  return embedSignature(prepared, der);
}

function createSha(b: Uint8Array): Buffer {
  return execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: b });
}

export interface PdfsigResult {
  field: string;
  valid: boolean;
  total: boolean;
  text: string;
}

/** Runs pdfsig with the test NSS db and splits its report per signature. */
export function pdfsig(pki: TestPki, file: string): PdfsigResult[] {
  let out: string;
  try {
    out = run('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file]);
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  return out
    .split(/^Signature #\d+:/m)
    .slice(1)
    .map((text) => ({
      field: /Signature Field Name: (.*)/.exec(text)?.[1]?.trim() ?? '',
      valid: /Signature Validation: Signature is Valid/.test(text),
      total: /Total document signed/.test(text) && !/Not total document signed/.test(text),
      text,
    }));
}

/** Signs with poppler itself (another tool), using the leaf key in the NSS db. */
export function pdfsigAddSignature(pki: TestPki, input: string, output: string): void {
  run('pdfsig', ['-add-signature', '-nssdir', `sql:${pki.nssDir}`, '-nick', pki.nick, '-reason', 'Ký bởi poppler', input, output]);
}

export function qpdfObjectStreams(input: string, output: string): void {
  try {
    run('qpdf', ['--object-streams=generate', input, output]);
  } catch (e) {
    // qpdf exits 3 for warnings with a usable output.
    if ((e as { status?: number }).status !== 3) throw e;
  }
}

/** Converts UTF-8 text with LibreOffice Writer in a private profile (parallel runs must not share one). */
export function libreOfficePdf(dir: string, text: string): string {
  const src = path.join(dir, 'lo-source.txt');
  fs.writeFileSync(src, text);
  const profile = path.join(dir, 'lo-profile');
  run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--infilter=Text (encoded):UTF8,LF,,,', '--convert-to', 'pdf', '--outdir', dir, src]);
  const out = path.join(dir, 'lo-source.pdf');
  if (!fs.existsSync(out)) throw new Error('LibreOffice produced no PDF');
  return out;
}

/** A text PDF with Vietnamese lines made with pdf-lib: an official-letter head (Số: …, ngày … tháng … năm …). */
export async function pdfLibDocument(pages: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(path.join(FONTS_DIR, 'fonts', 'LiberationSerif-Regular.ttf')), { subset: true });
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    if (i === 0) {
      page.drawText('ỦY BAN NHÂN DÂN', { x: 60, y: 780, size: 13, font });
      page.drawText('Số:        /QĐ-UBND', { x: 60, y: 750, size: 13, font });
      page.drawText('Hải Châu, ngày      tháng      năm 2026', { x: 300, y: 750, size: 13, font });
    }
    page.drawText(`Trang ${i + 1}: Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc`, { x: 50, y: 700, size: 11, font });
  }
  return doc.save({ useObjectStreams });
}

/**
 * A Word-style hybrid file made from an xref-stream file: a classic table (object 0 only) whose trailer points at the
 * xref stream with /XRefStm, so readers that ignore /XRefStm find nothing and ours must merge it.
 */
export function hybridFromXrefStream(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes).toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text)?.[1];
  const size = /\/Size (\d+)/.exec(text.slice(startxref))?.[1];
  if (!Number.isFinite(startxref) || !root || !size) throw new Error('not an xref-stream file');
  const head = Buffer.from(bytes);
  const tableAt = head.length + 1;
  const tail = `\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<</Size ${size}/Root ${root}/XRefStm ${startxref}>>\nstartxref\n${tableAt}\n%%EOF\n`;
  return Buffer.concat([head, Buffer.from(tail, 'latin1')]);
}

/** A hand-made PDF with a correct classic xref: `objects[i]` is the body of object i + 1. */
export function handMadePdf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n\r\n`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
