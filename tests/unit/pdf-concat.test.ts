// Concatenating PDFs from several producers (pdf-lib with and without object streams, qpdf object streams,
// LibreOffice, a signed PDF) into one streamed PDF, checked with qpdf, pdfinfo, pdftotext, pdfsig and pdftoppm;
// unreadable sources (damaged, encrypted, not a PDF) are reported and skipped.

import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppearanceFonts, renderAppearance } from '../../src-main/pdf/appearance';
import { concatPdfs, countMergePages, type ConcatSource } from '../../src-main/pdf/concat';
import { makePng } from '../helpers/signing-docs';
import { createPki, handMadePdf, FONTS_DIR, libreOfficePdf, pdfsig, qpdfObjectStreams, run, signWithOpenssl, tempDir, type TestPki } from '../helpers/pdf-tools';

/** A 4×4 PNG of solid rgb(204, 0, 0). */
const RED_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4w8AARwzEcQBYgwzBem1TxwAAAABJRU5ErkJggg==', 'base64');

const rnd = (): number => Math.floor(Math.random() * 256);

let pki: TestPki;
let dir: string;
const src: Record<string, Uint8Array> = {};

/** Pages whose text names the source and the page ("Nguồn A trang 2"), so the merged order can be read back. */
async function marked(label: string, pages: number, useObjectStreams: boolean, size: [number, number] = [595, 842], png?: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(path.join(FONTS_DIR, 'fonts', 'LiberationSerif-Regular.ttf')), { subset: true });
  const image = png ? await doc.embedPng(png) : undefined;
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage(size);
    page.drawText(`Nguồn ${label} trang ${i}`, { x: 50, y: size[1] - 80, size: 14, font });
    if (image) page.drawImage(image, { x: 50, y: 300, width: 140, height: 140 });
  }
  return doc.save({ useObjectStreams });
}

const file = (name: string, bytes: Uint8Array): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
};

async function concatToFile(name: string, sources: ConcatSource[]) {
  const chunks: Buffer[] = [];
  const result = await concatPdfs(sources, async (c) => {
    chunks.push(Buffer.from(c));
  });
  return { result, path: file(name, Buffer.concat(chunks)), chunks: chunks.length };
}

/** The text of one page without white space (LibreOffice's kerning makes pdftotext split words). */
const pageText = (f: string, page: number): string => run('pdftotext', ['-f', String(page), '-l', String(page), f, '-']).replace(/\s+/g, '');
const squash = (s: string): string => s.replace(/\s+/g, '');
const source = (title: string, bytes: Uint8Array): ConcatSource => ({ title, load: async () => bytes });

beforeAll(async () => {
  pki = createPki();
  dir = tempDir('vanthu-concat-');
  src.A = await marked('A', 3, true);
  src.B = await marked('B', 2, false, [842, 595]);
  qpdfObjectStreams(file('c-in.pdf', await marked('C', 2, false)), path.join(dir, 'c.pdf'));
  src.C = fs.readFileSync(path.join(dir, 'c.pdf'));
  src.I = await marked(
    'I',
    2,
    true,
    [595, 842],
    makePng(140, 140, () => [rnd(), rnd(), rnd(), 255]),
  );
  src.D = fs.readFileSync(libreOfficePdf(dir, 'Nguồn D trang 1\nỦy ban nhân dân xã Đông Hòa\n'));
  const fonts = loadAppearanceFonts(FONTS_DIR);
  const ap = await renderAppearance(
    {
      width: 200,
      height: 50,
      items: [
        { kind: 'text', text: 'Ký bởi: Nguyễn Văn Ánh', x: 4, y: 32, size: 10 },
        { kind: 'image', png: RED_PNG, x: 160, y: 10, w: 30, h: 30 },
      ],
    },
    fonts,
  );
  src.S = signWithOpenssl(pki, await marked('S', 2, true), { visible: { page: 2, rect: [300, 100, 500, 150], appearance: ap } });
  // Encrypted by qpdf (user password "x"): readable by nobody without the password.
  run('qpdf', ['--encrypt', 'x', 'x', '256', '--', file('e-in.pdf', await marked('E', 1, false)), path.join(dir, 'e.pdf')]);
  src.E = fs.readFileSync(path.join(dir, 'e.pdf'));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (pki) fs.rmSync(pki.dir, { recursive: true, force: true });
});

describe('concatPdfs', () => {
  it('merges five producers in order with one bookmark each; the output passes qpdf --check and pdfinfo', async () => {
    const { result, path: out } = await concatToFile('all.pdf', [
      source('Văn bản A — xref stream', src.A),
      source('Văn bản B — bảng xref, trang ngang', src.B),
      source('Văn bản C — qpdf object streams', src.C),
      source('Văn bản D — LibreOffice', src.D),
      source('Văn bản S — đã ký số', src.S),
    ]);
    expect(result.perSource).toEqual([{ pages: 3 }, { pages: 2 }, { pages: 2 }, { pages: 1 }, { pages: 2 }]);
    expect(result.pages).toBe(10);
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');
    expect(run('pdfinfo', [out])).toMatch(/Pages:\s+10\n/);

    const expected = ['A trang 1', 'A trang 2', 'A trang 3', 'B trang 1', 'B trang 2', 'C trang 1', 'C trang 2', 'D trang 1', 'S trang 1', 'S trang 2'];
    expected.forEach((t, i) => expect(pageText(out, i + 1)).toContain(squash(`Nguồn ${t}`)));
    expect(pageText(out, 8)).toContain(squash('Ủy ban nhân dân xã Đông Hòa'));

    // Page sizes survive (B is landscape), including those inherited from the source's page tree.
    const sizes = run('pdfinfo', ['-f', '1', '-l', '10', out]);
    expect(sizes).toMatch(/Page\s+4 size:\s+842 x 595 pts/);
    expect(sizes).toMatch(/Page\s+1 size:\s+595 x 842 pts/);

    const outlines = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', out])) as { outlines: Array<{ title: string; destpageposfrom1: number }> };
    expect(outlines.outlines.map((o) => [o.title, o.destpageposfrom1])).toEqual([
      ['Văn bản A — xref stream', 1],
      ['Văn bản B — bảng xref, trang ngang', 4],
      ['Văn bản C — qpdf object streams', 6],
      ['Văn bản D — LibreOffice', 8],
      ['Văn bản S — đã ký số', 9],
    ]);
  });

  it('page attributes inherited from the source page tree (MediaBox, Rotate, Resources) are carried onto the page', async () => {
    const stream = 'BT /F1 12 Tf 20 200 Td (Trang thua ke) Tj ET';
    const inherited = handMadePdf([
      '<</Type/Catalog/Pages 2 0 R>>',
      '<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 300 400]/Rotate 90/Resources<</Font<</F1 5 0 R>>>>>>',
      '<</Type/Page/Parent 2 0 R/Contents 4 0 R>>',
      `<</Length ${stream.length}>>stream\n${stream}\nendstream`,
      '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
    ]);
    const { result, path: out } = await concatToFile('inherited.pdf', [source('A', src.A), source('Kế thừa', inherited)]);
    expect(result.perSource).toEqual([{ pages: 3 }, { pages: 1 }]);
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');
    const info = run('pdfinfo', ['-f', '4', '-l', '4', out]);
    expect(info).toMatch(/Page\s+4 size:\s+300 x 400 pts/);
    expect(info).toMatch(/Page\s+4 rot:\s+90/);
    expect(pageText(out, 4)).toContain('Trangthuake');
  });

  it('a signed source: its pages are copied without the signature field, its picture stays on the page', async () => {
    expect(pdfsig(pki, file('s.pdf', src.S)).map((s) => s.valid)).toEqual([true]);
    const { result, path: out } = await concatToFile('signed.pdf', [source('Đã ký', src.S)]);
    expect(result.perSource).toEqual([{ pages: 2 }]);
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');
    expect(pdfsig(pki, out)).toEqual([]);
    expect(Buffer.from(fs.readFileSync(out)).includes('/Sig')).toBe(false);
    expect(pageText(out, 2)).toContain(squash('Ký bởi: Nguyễn Văn Ánh'));
    // The red image of the appearance (x 460–490, y 110–140 from the bottom) is still drawn on page 2.
    const crop = path.join(dir, 'crop');
    run('pdftoppm', ['-r', '72', '-f', '2', '-l', '2', '-x', '470', '-y', String(842 - 130), '-W', '4', '-H', '4', '-singlefile', out, crop]);
    const ppm = fs.readFileSync(crop + '.ppm');
    const px = ppm.subarray(ppm.length - 48);
    for (let i = 0; i < px.length; i += 3) expect([px[i], px[i + 1], px[i + 2]]).toEqual([204, 0, 0]);
  });

  it('damaged, encrypted and non-PDF sources are reported and skipped; the rest is merged', async () => {
    const damaged = Buffer.from(src.A).subarray(0, 400);
    const { result, path: out } = await concatToFile('mixed.pdf', [
      source('Hỏng', damaged),
      source('A', src.A),
      source('Mã hóa', src.E),
      source('Không phải PDF', Buffer.from('PK\x03\x04 đây là tệp docx giả', 'utf8')),
      { title: 'Không đọc được', load: () => Promise.reject(new Error('mất kết nối ổ đĩa')) },
      source('B', src.B),
    ]);
    expect(result.pages).toBe(5);
    const [hong, a, ma, khong, doc, b] = result.perSource;
    expect(a).toEqual({ pages: 3 });
    expect(b).toEqual({ pages: 2 });
    for (const r of [hong, ma, khong, doc]) expect(r).toHaveProperty('error');
    expect((ma as { error: string }).error).toContain('mã hóa');
    expect((khong as { error: string }).error).toContain('Không phải tệp PDF');
    expect((doc as { error: string }).error).toContain('mất kết nối ổ đĩa');
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');
    expect(pageText(out, 4)).toContain(squash('Nguồn B trang 1'));
    expect(() => countMergePages(src.E)).toThrow(/mã hóa/);
    expect(countMergePages(src.C)).toBe(2);
  });

  it('no readable source still gives a valid (empty) PDF, and output arrives in several chunks for a large input', async () => {
    const { result, path: out } = await concatToFile('empty.pdf', [source('Hỏng', Buffer.from('%PDF-1.7 rác'))]);
    expect(result).toMatchObject({ pages: 0 });
    expect(run('qpdf', ['--check', out])).toContain('No syntax or stream encoding errors');

    const many = Array.from({ length: 40 }, (_, i) => source(`Bản ${i + 1}`, src.I));
    const big = await concatToFile('many.pdf', many);
    expect(big.result.pages).toBe(80);
    // About 60 KB of picture per source: the 2.4 MB output is handed over in 256 KB chunks, not at the end in one piece.
    expect(big.chunks).toBeGreaterThan(1);
    expect(run('pdfinfo', [big.path])).toMatch(/Pages:\s+80\n/);
    expect(pageText(big.path, 80)).toContain(squash('Nguồn I trang 2'));
  });
});
