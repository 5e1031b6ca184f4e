// The export package of a file (hồ sơ): unzipped and checked with real tools — unzip -t, every manifest hash,
// xmllint against the shipped XSD, pdfsig on the signed original, pdfinfo/pdftotext on ho-so.pdf — plus refusals
// (values over the standard's lengths), a damaged source, and memory while streaming 200 documents / 2,000 pages.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { writeExportPackage, safeName } from '../../src-main/records/export-package';
import type { ExportPackageInput, FileItemMeta, FileMeta, PackageFile } from '../../src-main/records/print-data';
import { fileXml } from '../../src-main/records/xml';
import { makePng } from '../helpers/signing-docs';
import { createPki, FONTS_DIR, pdfsig, run, signWithOpenssl, tempDir, type TestPki } from '../helpers/pdf-tools';

const RESOURCES = FONTS_DIR; // the checkout's resources/ (fonts, schemas)
const XSD = path.join(RESOURCES, 'schemas', 'ho-so.xsd');
const FONT = fs.readFileSync(path.join(RESOURCES, 'fonts', 'LiberationSerif-Regular.ttf'));
const EXPORTED_AT = Date.UTC(2026, 11, 7, 3, 30); // 10:30 on 07/12/2026 in Vietnam

let pki: TestPki;
let dir: string;

const rnd = (): number => Math.floor(Math.random() * 256);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A PDF whose pages say which document and page they are ("Văn bản 2 trang 3"). */
async function docPdf(label: string, pages: number, images: Uint8Array[] = []): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(FONT, { subset: true });
  const embedded = [];
  for (const png of images) embedded.push(await doc.embedPng(png));
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${label} trang ${i}`, { x: 50, y: 760, size: 14, font });
    const img = embedded[(i - 1) % Math.max(1, embedded.length)];
    if (img) page.drawImage(img, { x: 50, y: 300, width: 200, height: 200 });
  }
  return doc.save();
}

/**
 * Stand-in for the real cover + Mục lục renderer: one cover page, then 30 index lines a page, each printing the
 * document's page range — so its length depends on the item count and it records what it was given.
 */
function frontMatterRecorder() {
  const calls: FileItemMeta[][] = [];
  const render = async (items: FileItemMeta[]): Promise<Uint8Array> => {
    calls.push(items);
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(FONT, { subset: true });
    doc.addPage([595, 842]).drawText('BÌA HỒ SƠ', { x: 200, y: 600, size: 20, font });
    for (let at = 0; at < items.length; at += 30) {
      const page = doc.addPage([595, 842]);
      items.slice(at, at + 30).forEach((it, k) => {
        const range = it.pageFrom === null ? '-' : `${it.pageFrom}-${it.pageTo}`;
        page.drawText(`Mục ${it.ordinal}: trang ${range}`, { x: 50, y: 780 - k * 24, size: 11, font });
      });
    }
    return doc.save();
  };
  return { calls, render };
}

function fileMeta(over: Partial<FileMeta> = {}): FileMeta {
  return {
    id: 7,
    fileCode: 'H01.01.02.2026.01.TCCB',
    organId: 'H01.01.02',
    year: 2026,
    code: '01.TCCB',
    title: 'Hồ sơ về việc tuyển dụng công chức cấp xã năm 2026 & "bổ nhiệm" <đợt 1>',
    retentionLabel: '70 năm',
    retentionKind: 'years',
    retentionYears: 70,
    rightsLabel: 'Hạn chế',
    ownerName: 'Trần Thị Bích Ngọc',
    unitName: 'Văn phòng HĐND và UBND',
    language: 'Tiếng Việt',
    startDate: '2026-01-05',
    endDate: '2026-11-20',
    docTotal: 5,
    pageTotal: 11,
    description: 'Hồ sơ gồm quyết định, tờ trình và biên bản.',
    state: 'closed',
    ...over,
  };
}

function item(ordinal: number, over: Partial<FileItemMeta> = {}): FileItemMeta {
  return {
    ordinal,
    kind: 'out',
    typeName: 'Quyết định',
    codeNumber: String(ordinal * 10),
    codeNotation: 'QĐ-UBND',
    code: `${ordinal * 10}/QĐ-UBND`,
    issuedDate: `2026-0${Math.min(9, ordinal)}-15`,
    organName: 'Ủy ban nhân dân xã Đông Hòa',
    subject: `Về việc tuyển dụng công chức, văn bản ${ordinal}`,
    language: 'Tiếng Việt',
    pageAmount: 2,
    description: null,
    arrivalDate: null,
    arrivalNumber: null,
    signerPosition: 'Chủ tịch',
    signerName: 'Nguyễn Văn Ánh',
    priority: 0,
    pageFrom: null,
    pageTo: null,
    hidden: false,
    ...over,
  };
}

function pkgFile(ordinal: number, name: string, bytes: Uint8Array, mime: string): PackageFile {
  return { ordinal, name, hash: sha(bytes), size: bytes.length, mime, read: async () => bytes };
}

/** Runs the writer into a file on disk, as the blob store would receive it. */
async function exportTo(name: string, input: ExportPackageInput) {
  const out = path.join(dir, name);
  const fh = await fs.promises.open(out, 'w');
  let writes = 0;
  try {
    const result = await writeExportPackage(
      input,
      async (c) => {
        writes++;
        await fh.write(c);
      },
      { resourcesDir: RESOURCES },
    );
    return { result, zip: out, writes };
  } finally {
    await fh.close();
  }
}

function unzipTo(zip: string, name: string): string {
  const target = path.join(dir, name);
  expect(run('unzip', ['-t', zip])).toContain('No errors detected');
  run('unzip', ['-q', zip, '-d', target]);
  return target;
}

/** Every file listed in the package folder, relative, sorted. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

function xmllint(file: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: run('xmllint', ['--noout', '--schema', XSD, file]) };
  } catch (e) {
    return { ok: false, output: String((e as { stderr?: string }).stderr ?? e) };
  }
}

const pageText = (f: string, page: number): string => run('pdftotext', ['-f', String(page), '-l', String(page), f, '-']).replace(/\s+/g, '');
const squash = (s: string): string => s.replace(/\s+/g, '');

beforeAll(() => {
  pki = createPki();
  dir = tempDir('vanthu-export-');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (pki) fs.rmSync(pki.dir, { recursive: true, force: true });
});

describe('writeExportPackage', () => {
  it('writes the full layout: combined PDF with front matter, originals unchanged, XML valid against the XSD, manifest', async () => {
    const signed = signWithOpenssl(pki, await docPdf('Văn bản 1', 2));
    const incoming = await docPdf('Văn bản 2', 3);
    const second = await docPdf('Văn bản 2 phụ lục', 1);
    const docx = Buffer.from('PK\x03\x04 tờ trình dạng docx', 'utf8');
    const damaged = Buffer.from(await docPdf('Văn bản 4', 2)).subarray(0, 300);
    const secret = await docPdf('Văn bản mật', 1);
    const fifth = await docPdf('Văn bản 6', 2);

    const items = [
      item(1, { subject: 'Quyết định tuyển dụng (đã ký số)' }),
      item(2, { kind: 'in', typeName: 'Công văn', codeNotation: 'SNV-CCVC', organName: 'Sở Nội vụ tỉnh Hà Nam', arrivalDate: '2026-02-20', arrivalNumber: 345, priority: 1 }),
      item(3, { kind: 'other', typeName: 'Tờ trình', codeNumber: null, codeNotation: null, signerPosition: null, signerName: null }),
      item(4, { subject: 'Biên bản (tệp hỏng)' }),
      item(5, { hidden: true, subject: 'Không được thấy' }),
      item(6, { subject: 'Thông báo kết quả' }),
    ];
    const front = frontMatterRecorder();
    const input: ExportPackageInput = {
      org: { orgName: 'Ủy ban nhân dân xã Đông Hòa', parentOrgName: 'UBND huyện Kim Bảng', place: 'Đông Hòa', organId: 'H01.01.02' },
      file: fileMeta(),
      // Given out of order: the package follows DocOrdinal.
      items: [items[2]!, items[0]!, items[1]!, items[3]!, items[5]!, items[4]!],
      files: [
        pkgFile(1, 'QĐ 10/QĐ-UBND (đã ký).pdf', signed, 'application/pdf'),
        pkgFile(2, 'Công văn: Sở Nội vụ.pdf', incoming, 'application/pdf'),
        pkgFile(2, 'Phụ lục.pdf', second, 'application/pdf'),
        pkgFile(3, 'Tờ trình.docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
        pkgFile(4, 'Biên bản.pdf', damaged, 'application/pdf'),
        pkgFile(5, 'Mật.pdf', secret, 'application/pdf'),
        pkgFile(6, 'Thông báo.pdf', fifth, 'application/pdf'),
      ],
      frontMatter: front.render,
      exportedAt: EXPORTED_AT,
      exportedBy: 'Lê Văn Thư',
    };
    const { result, zip } = await exportTo('full.zip', input);

    // Front matter: cover + 1 index page; documents 1 (2 p), 2 (3+1 p), 6 (2 p) merged.
    expect(result).toEqual({
      documents: 6,
      pages: 2 + 2 + 4 + 2,
      notMerged: [
        { name: 'Tờ trình.docx', reason: expect.stringContaining('Không phải tệp PDF') },
        { name: 'Biên bản.pdf', reason: expect.stringContaining('tai-lieu') },
      ],
    });

    const root = unzipTo(zip, 'full');
    expect(fs.readdirSync(root)).toEqual(['H01.01.02.2026.01.TCCB']);
    const pkg = path.join(root, 'H01.01.02.2026.01.TCCB');
    expect(listFiles(pkg)).toEqual(
      [
        'README.txt',
        'ho-so.pdf',
        'manifest-sha256.txt',
        'metadata/ho-so.xml',
        'metadata/ho-so.xsd',
        'tai-lieu/001-QĐ 10_QĐ-UBND (đã ký).pdf',
        'tai-lieu/002-Công văn_ Sở Nội vụ.pdf',
        'tai-lieu/002-Phụ lục.pdf',
        'tai-lieu/003-Tờ trình.docx',
        'tai-lieu/004-Biên bản.pdf',
        'tai-lieu/006-Thông báo.pdf',
      ].sort(),
    );

    // Manifest: every other file, each hash right.
    const manifest = fs.readFileSync(path.join(pkg, 'manifest-sha256.txt'), 'utf8').trim().split('\n');
    const listed = manifest.map((l) => {
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(l);
      expect(m, l).not.toBeNull();
      expect(sha(fs.readFileSync(path.join(pkg, m![2]!))), m![2]).toBe(m![1]);
      return m![2]!;
    });
    expect(listed.sort()).toEqual(listFiles(pkg).filter((f) => f !== 'manifest-sha256.txt'));
    expect(run('sha256sum', ['-c', 'manifest-sha256.txt'], { cwd: pkg })).not.toMatch(/FAILED/);

    // Originals byte-identical; the signed one still verifies.
    expect(sha(fs.readFileSync(path.join(pkg, 'tai-lieu/001-QĐ 10_QĐ-UBND (đã ký).pdf')))).toBe(sha(signed));
    expect(sha(fs.readFileSync(path.join(pkg, 'tai-lieu/004-Biên bản.pdf')))).toBe(sha(damaged));
    expect(pdfsig(pki, path.join(pkg, 'tai-lieu/001-QĐ 10_QĐ-UBND (đã ký).pdf')).map((s) => s.valid)).toEqual([true]);

    // ho-so.pdf: front matter, then the documents in order; the hidden document's file is nowhere.
    const hoSo = path.join(pkg, 'ho-so.pdf');
    expect(run('qpdf', ['--check', hoSo])).toContain('No syntax or stream encoding errors');
    expect(run('pdfinfo', [hoSo])).toMatch(/Pages:\s+10\n/);
    expect(pageText(hoSo, 1)).toContain(squash('BÌA HỒ SƠ'));
    expect(pageText(hoSo, 3)).toContain(squash('Văn bản 1 trang 1'));
    expect(pageText(hoSo, 5)).toContain(squash('Văn bản 2 trang 1'));
    expect(pageText(hoSo, 8)).toContain(squash('Văn bản 2 phụ lục trang 1'));
    expect(pageText(hoSo, 9)).toContain(squash('Văn bản 6 trang 1'));
    expect(run('pdftotext', [hoSo, '-'])).not.toContain('mật');
    expect(pdfsig(pki, hoSo)).toEqual([]);

    // The front matter printed the final page ranges (after its own 2 pages).
    const last = front.calls.at(-1)!;
    expect(last.map((i) => [i.ordinal, i.pageFrom, i.pageTo])).toEqual([
      [1, 3, 4],
      [2, 5, 8],
      [3, null, null],
      [4, null, null],
      [5, null, null],
      [6, 9, 10],
    ]);
    expect(pageText(hoSo, 2)).toContain(squash('Mục 2: trang 5-8'));

    // XML: valid against the shipped XSD (also the copy in the package), the hidden document reduced to five tags.
    const xmlPath = path.join(pkg, 'metadata/ho-so.xml');
    expect(fs.readFileSync(path.join(pkg, 'metadata/ho-so.xsd'), 'utf8')).toBe(fs.readFileSync(XSD, 'utf8'));
    const lint = xmllint(xmlPath);
    expect(lint.output).toBe('');
    expect(lint.ok).toBe(true);
    const xml = fs.readFileSync(xmlPath, 'utf8');
    expect(xml).toContain('<Title>Hồ sơ về việc tuyển dụng công chức cấp xã năm 2026 &amp; &quot;bổ nhiệm&quot; &lt;đợt 1&gt;</Title>');
    expect(xml).toContain('exportedAt="2026-12-07T10:30:00+07:00"');
    const hiddenDoc = /<Document kind="out" hidden="true">([\s\S]*?)<\/Document>/.exec(xml)![1]!;
    expect([...hiddenDoc.matchAll(/^ {6}<(\w+)/gm)].map((m) => m[1])).toEqual(['FileCode', 'DocOrdinal', 'CodeNumber', 'CodeNotation', 'IssuedDate']);
    expect(xml).not.toContain('Không được thấy');
    expect(xml).toMatch(/<ArrivalDate>2026-02-20<\/ArrivalDate>\s*<ArrivalNumber>345<\/ArrivalNumber>/);
    expect(xml).toContain('<CombinedPdfPages from="5" to="8"/>');
    const signedEntry = /<File path="tai-lieu\/001-[^"]+" sha256="([0-9a-f]+)" size="(\d+)"[^>]*signed="true"\/>/.exec(xml);
    expect(signedEntry?.[1]).toBe(sha(signed));
    expect(xml).toContain(`<File path="ho-so.pdf" sha256="${sha(fs.readFileSync(hoSo))}"`);

    const readme = fs.readFileSync(path.join(pkg, 'README.txt'), 'utf8');
    expect(readme.startsWith('\ufeffGÓI XUẤT HỒ SƠ H01.01.02.2026.01.TCCB\r\n')).toBe(true);
    expect(readme).toContain('Biên bản.pdf');
  }, 60_000);

  it('refuses values over the standard before writing a byte, naming every field; the XSD rejects them too', async () => {
    const long = 'Trích yếu, '.repeat(46) + 'hết'; // 509 characters
    const input: ExportPackageInput = {
      org: { orgName: 'UBND xã', parentOrgName: null, place: null, organId: null },
      file: fileMeta({ title: 'T'.repeat(501) }),
      items: [item(1, { subject: long, codeNotation: 'QĐ-UBND-VP-TCCB-KHTC-NV-ĐT-XD-99' })],
      files: [],
      frontMatter: frontMatterRecorder().render,
      exportedAt: EXPORTED_AT,
      exportedBy: 'Lê Văn Thư',
    };
    let writes = 0;
    const err = await writeExportPackage(input, async () => void writes++, { resourcesDir: RESOURCES }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    const msg = (err as AppError).message;
    expect(msg).toContain('Tiêu đề hồ sơ (Title) dài 501 ký tự, vượt quá 500');
    expect(msg).toContain('Văn bản số thứ tự 1');
    expect(msg).toContain('Trích yếu (Subject) dài 509 ký tự');
    expect(msg).toContain('Ký hiệu văn bản (CodeNotation)');
    expect(writes).toBe(0);

    // The XSD carries the same limits: a valid XML with the title pushed to 501 characters fails xmllint.
    const ok = fileXml(fileMeta(), [item(1)], { exportedAt: EXPORTED_AT, exportedBy: 'Lê Văn Thư' });
    const okPath = path.join(dir, 'ok.xml');
    fs.writeFileSync(okPath, ok);
    expect(xmllint(okPath).ok).toBe(true);
    const bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(bad, ok.replace(/<Title>[^<]*<\/Title>/, `<Title>${'Đ'.repeat(501)}</Title>`));
    const lint = xmllint(bad);
    expect(lint.ok).toBe(false);
    expect(lint.output).toMatch(/Title.*(length|maxLength)/s);
    // 500 characters of Vietnamese (more bytes than characters) are still accepted.
    fs.writeFileSync(bad, ok.replace(/<Title>[^<]*<\/Title>/, `<Title>${'Đ'.repeat(500)}</Title>`));
    expect(xmllint(bad).ok).toBe(true);
  });

  it('a stored file whose bytes no longer match its hash stops the export (blob_corrupt)', async () => {
    const bytes = await docPdf('Văn bản 1', 1);
    const f = pkgFile(1, 'a.pdf', bytes, 'application/pdf');
    f.hash = sha(Buffer.from('khác'));
    const input: ExportPackageInput = {
      org: { orgName: 'UBND xã', parentOrgName: null, place: null, organId: null },
      file: fileMeta({ organId: null }),
      items: [item(1)],
      files: [f],
      frontMatter: frontMatterRecorder().render,
      exportedAt: EXPORTED_AT,
      exportedBy: 'Lê Văn Thư',
    };
    await expect(writeExportPackage(input, async () => {}, { resourcesDir: RESOURCES })).rejects.toMatchObject({ code: 'blob_corrupt' });
  });

  it('safe names: no path separators or reserved characters, NFC, bounded length keeping the extension', () => {
    expect(safeName('../..\\a:b*c?.pdf')).toBe('_.._a_b_c_.pdf');
    expect(safeName('Quy\u00ea\u0301t \u0111i\u0323nh.pdf')).toBe('Quyết định.pdf');
    const long = safeName(`${'Ư'.repeat(300)}.docx`);
    expect([...long].length).toBe(120);
    expect(long.endsWith('Ư.docx')).toBe(true);
    expect(safeName('...')).toBe('tep');
  });

  it('streams 200 documents / 2,000 pages with images with bounded memory', async () => {
    // Ten distinct ~100 KB pictures (random pixels do not compress), one per page: each document is ~1 MB, so the
    // combined PDF alone (~200 MB) would break the bound below if it were ever held whole, and the archive (~400 MB)
    // twice over.
    const images = Array.from({ length: 10 }, () => makePng(180, 180, () => [rnd(), rnd(), rnd(), 255]));
    const template = await docPdf('Văn bản mẫu', 10, images);
    const templateHash = sha(template);
    const items = Array.from({ length: 200 }, (_, i) => item(i + 1, { pageAmount: 10 }));
    const files: PackageFile[] = items.map((it) => ({
      ordinal: it.ordinal,
      name: `Văn bản ${it.ordinal}.pdf`,
      hash: templateHash,
      size: template.length,
      mime: 'application/pdf',
      // A fresh copy per read, as the blob store returns: memory must not grow with what was read before.
      read: async () => Buffer.from(template),
    }));
    const input: ExportPackageInput = {
      org: { orgName: 'UBND xã', parentOrgName: null, place: null, organId: 'H01.01.02' },
      file: fileMeta({ docTotal: 200, pageTotal: 2000 }),
      items,
      files,
      frontMatter: frontMatterRecorder().render,
      exportedAt: EXPORTED_AT,
      exportedBy: 'Lê Văn Thư',
    };

    const base = process.memoryUsage();
    let peakHeap = 0;
    let peakRss = 0;
    const sample = (): void => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers - (base.heapUsed + base.external + base.arrayBuffers));
      peakRss = Math.max(peakRss, m.rss - base.rss);
    };
    const out = path.join(dir, 'big.zip');
    const fh = await fs.promises.open(out, 'w');
    let bytes = 0;
    let writes = 0;
    const started = Date.now();
    const result = await writeExportPackage(
      input,
      async (c) => {
        bytes += c.length;
        if (++writes % 16 === 0) sample();
        await fh.write(c);
      },
      { resourcesDir: RESOURCES },
    );
    await fh.close();
    sample();
    const seconds = (Date.now() - started) / 1000;

    expect(result.pages).toBe(2000 + 1 + 7); // cover + ceil(200 / 30) index pages
    expect(result.notMerged).toEqual([]);
    // Two copies of ~200 MB (merged + originals) went through; memory stayed far below one of them.
    expect(template.length).toBeGreaterThan(2 ** 20 * 0.9);
    expect(bytes).toBeGreaterThan(2 * 200 * template.length * 0.95);
    expect(peakHeap).toBeLessThan(200 * 2 ** 20);
    expect(peakRss).toBeLessThan(200 * 2 ** 20);
    console.info(
      `200 documents: ${(bytes / 2 ** 20).toFixed(0)} MB in ${seconds.toFixed(1)} s, peak growth heap+buffers ${(peakHeap / 2 ** 20).toFixed(0)} MB, RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    );

    expect(run('unzip', ['-t', out])).toContain('No errors detected');
    const pdf = path.join(dir, 'big-ho-so.pdf');
    run('sh', ['-c', `unzip -p "${out}" "H01.01.02.2026.01.TCCB/ho-so.pdf" > "${pdf}"`]);
    expect(run('pdfinfo', [pdf])).toMatch(/Pages:\s+2008\n/);
    expect(pageText(pdf, 2008)).toContain(squash('Văn bản mẫu trang 10'));
  }, 60_000);
});
