import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { extractText, extractTextResult, MAX_TEXT_CHARS } from '../../src-main/blobs/extract-text';
import { readZipEntries } from '../../src-main/blobs/zip';
import { encodeUtf16le, imageBytes, makeBigPdf, makeDoc, makeDocx, makeInlineXlsx, makeOds, makeOdt, makePdf, makeXls, makeZip, utf8, VI_OFFICE, VI_TITLE } from './blobs-fixtures';

const isNfc = (s: string) => s === s.normalize('NFC');

describe('extract: PDF (pdf.js legacy build, no worker)', () => {
  let consoleCalls: unknown[][];
  beforeAll(() => {
    consoleCalls = [];
    for (const m of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleCalls.push([m, ...args]));
    }
  });
  afterEach(() => {
    expect(consoleCalls).toEqual([]); // normal files must not print anything
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('gets Vietnamese text out correctly (NFC, diacritics intact), one line per text line', async () => {
    const pdf = await makePdf([[VI_OFFICE.toUpperCase(), 'Số: 12/QĐ-UBND', VI_TITLE]]);
    const text = await extractText(pdf, 'pdf');
    expect(text.split('\n')).toEqual([VI_OFFICE.toUpperCase(), 'Số: 12/QĐ-UBND', VI_TITLE]);
    expect(isNfc(text)).toBe(true);
  });

  it('keeps page order and separates pages', async () => {
    const pdf = await makePdf([['Trang một: Đồng Hóa'], ['Trang hai: Ủy ban'], ['Trang ba: Quyết định']]);
    expect(await extractText(pdf, 'pdf')).toBe('Trang một: Đồng Hóa\n\nTrang hai: Ủy ban\n\nTrang ba: Quyết định');
  });

  it('reads every page of a ~5 MB, 100-page PDF', async () => {
    const pdf = await makeBigPdf();
    expect(pdf.byteLength).toBeGreaterThan(4_500_000);
    const copy = pdf.slice();
    const r = await extractTextResult(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), 'pdf');
    expect(r.error).toBeUndefined();
    expect(r.text).toContain(`Trang 1 dòng 1: ${VI_OFFICE}`);
    expect(r.text).toContain(`Trang 100 dòng 48: ${VI_OFFICE} ${VI_TITLE.toLowerCase()}`);
    expect(r.text.split('\n').filter((l) => l.startsWith('Trang ')).length).toBe(4800);
    expect(Buffer.from(pdf).equals(Buffer.from(copy))).toBe(true); // the caller's bytes are not detached
  });

  it('returns what it can from a truncated PDF and never throws', async () => {
    const pdf = await makePdf([[VI_TITLE], [VI_OFFICE]]);
    for (const cut of [pdf.subarray(0, 200), pdf.subarray(0, Math.floor(pdf.length * 0.6)), utf8('%PDF-1.7\nrác')]) {
      const r = await extractTextResult(cut, 'pdf');
      expect(typeof r.text).toBe('string');
    }
    const garbage = await extractTextResult(utf8('%PDF-1.4\n' + 'x'.repeat(500)), 'pdf');
    expect(garbage.text).toBe('');
    expect(garbage.error).toBeTruthy();
  });

  // Ghostscript is installed by tests/system-deps.mjs, so this runs everywhere npm test runs.
  it('reports a password-protected PDF instead of throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vanthu-pdf-'));
    try {
      writeFileSync(join(dir, 'in.pdf'), await makePdf([[VI_TITLE]]));
      execFileSync(
        'gs',
        ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=pdfwrite', '-sOwnerPassword=chu', '-sUserPassword=mo', `-sOutputFile=${join(dir, 'out.pdf')}`, join(dir, 'in.pdf')],
        { stdio: 'ignore' },
      );
      // A Node Buffer, as the blob store returns it.
      const r = await extractTextResult(readFileSync(join(dir, 'out.pdf')), 'pdf');
      expect(r.text).toBe('');
      expect(r.error).toBe('pdf is password-protected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('extract: DOCX', () => {
  it('paragraphs become lines; tabs, breaks and entities survive; headers follow the body', async () => {
    const body =
      `<w:p><w:r><w:t>${VI_OFFICE.toUpperCase()}</w:t></w:r></w:p>` +
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' +
      '<w:r><w:t>Số:</w:t></w:r><w:r><w:tab/><w:t>12/QĐ-UBND</w:t></w:r></w:p>' +
      '<w:p><w:r><w:t xml:space="preserve">Quyết định </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>về việc</w:t></w:r>' +
      '<w:r><w:br/><w:t>Tài &amp; chính &lt;2025&gt;</w:t></w:r></w:p>';
    const text = await extractText(makeDocx([], { bodyXml: body, header: 'Mẫu số 1' }), 'docx');
    expect(text).toBe(`${VI_OFFICE.toUpperCase()}\nSố:\t12/QĐ-UBND\nQuyết định về việc\nTài & chính <2025>\n\nMẫu số 1`);
  });

  it('skips deleted revisions, field codes and the duplicate fallback of alternate content', async () => {
    const body =
      '<w:p><w:del><w:r><w:delText>đã xóa</w:delText></w:r></w:del><w:ins><w:r><w:t>thêm mới</w:t></w:r></w:ins></w:p>' +
      '<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>Trang 1</w:t></w:r></w:p>' +
      '<w:p><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">' +
      '<mc:Choice Requires="wps"><w:r><w:t>Hộp chữ</w:t></w:r></mc:Choice>' +
      '<mc:Fallback><w:r><w:t>Hộp chữ</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>';
    expect(await extractText(makeDocx([], { bodyXml: body }), 'docx')).toBe('thêm mới\nTrang 1\nHộp chữ');
  });

  it('the two-column heading table of an administrative document comes out one cell per line', async () => {
    const cell = (t: string) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
    const body =
      `<w:tbl><w:tr>${cell('ỦY BAN NHÂN DÂN')}${cell('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')}</w:tr>` +
      `<w:tr>${cell('XÃ ĐỒNG HÓA')}${cell('Độc lập - Tự do - Hạnh phúc')}</w:tr></w:tbl>` +
      `<w:p><w:r><w:t>QUYẾT ĐỊNH</w:t></w:r></w:p>`;
    expect(await extractText(makeDocx([], { bodyXml: body }), 'docx')).toBe(
      'ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ ĐỒNG HÓA\nĐộc lập - Tự do - Hạnh phúc\nQUYẾT ĐỊNH',
    );
  });

  it('normalises decomposed (NFD) Vietnamese to NFC', async () => {
    const text = await extractText(makeDocx([VI_TITLE.normalize('NFD')]), 'docx');
    expect(text).toBe(VI_TITLE);
    expect(isNfc(text)).toBe(true);
  });

  it('reads the text of a macro-enabled document too', async () => {
    expect(await extractText(makeDocx([VI_OFFICE], { macro: true }), 'docx')).toBe(VI_OFFICE);
  });

  it('gives "" with an error for a damaged archive', async () => {
    const docx = makeDocx([VI_TITLE]);
    const r = await extractTextResult(docx.subarray(0, docx.length - 30), 'docx');
    expect(r).toMatchObject({ text: '', truncated: false });
    expect(r.error).toBeTruthy();
    expect((await extractTextResult(makeZip({ 'a.txt': 'x' }), 'docx')).error).toMatch(/document\.xml/);
  });

  it('refuses a part with a DOCTYPE (entity bomb, external entity) with an error, expanding nothing', async () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const lol = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">';
    const bomb = makeZip({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': `<?xml version="1.0"?><!DOCTYPE w:document [${lol}<!ENTITY x SYSTEM "file:///etc/hostname">]><w:document ${W}><w:body><w:p><w:r><w:t>&c;&x;</w:t></w:r></w:p></w:body></w:document>`,
    });
    const r = await extractTextResult(bomb, 'docx');
    expect(r).toMatchObject({ text: '', truncated: false });
    expect(r.error).toMatch(/XmlError: .*DOCTYPE/);
    // The same in a workbook's shared strings and an ODF content.xml.
    const xlsx = makeInlineXlsx([['x']]);
    const parts = readZipEntries(xlsx, () => true, { maxEach: 1 << 20, maxTotal: 1 << 20 });
    parts['xl/sharedStrings.xml'] = utf8(`<!DOCTYPE sst [${lol}]><sst><si><t>&c;</t></si></sst>`);
    expect((await extractTextResult(makeZip(parts), 'xlsx')).error).toMatch(/DOCTYPE/);
    const odt = makeZip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': `<!DOCTYPE d [${lol}]><d><body><p>&c;</p></body></d>` });
    expect(await extractTextResult(odt, 'odt')).toMatchObject({ text: '', error: expect.stringMatching(/DOCTYPE/) });
  });

  it('stops at absurd nesting with an error, keeping the text before it, in bounded time', async () => {
    const deep = '<w:tbl><w:tr><w:tc>'.repeat(50_000);
    const docx = makeDocx([], { bodyXml: `<w:p><w:r><w:t>${VI_TITLE}</w:t></w:r></w:p>${deep}` });
    const started = Date.now();
    const r = await extractTextResult(docx, 'docx');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.text).toBe(VI_TITLE);
    expect(r.error).toMatch(/deeper than/);
  });

  it('keeps the text of a damaged part on both sides of the damage', async () => {
    const docx = makeDocx([], { bodyXml: `<w:p><w:r><w:t>trước</w:t></w:r></w:p><w:p><w:r><w:t>a < b &nbsp; c</w:t></w:r></w:p><w:p><w:r><w:t>sau</w:t></w:r></w:p>` });
    const r = await extractTextResult(docx, 'docx');
    expect(r.error).toBeUndefined();
    expect(r.text.split('\n')).toEqual(['trước', 'a b &nbsp; c', 'sau']); // the stray "<" is dropped, as before
  });
});

describe('extract: XLSX', () => {
  it('shared strings, numbers and sheet names from a workbook written by ExcelJS', async () => {
    const wb = new ExcelJS.Workbook();
    const s1 = wb.addWorksheet('Sổ đến');
    s1.addRow(['Số đến', 'Ngày', 'Trích yếu']);
    s1.addRow([1, '02/01/2025', VI_TITLE]);
    s1.addRow([2, '03/01/2025', VI_TITLE]); // repeated string: one shared-string entry
    wb.addWorksheet('Ghi chú').addRow([VI_OFFICE]);
    const text = await extractText(new Uint8Array(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(text).toBe(`Sổ đến\nSố đến\tNgày\tTrích yếu\n1\t02/01/2025\t${VI_TITLE}\n2\t03/01/2025\t${VI_TITLE}\n\nGhi chú\n${VI_OFFICE}`);
  });

  it('inline strings', async () => {
    const text = await extractText(
      makeInlineXlsx([
        ['Họ và tên', 'Số tiền'],
        ['Nguyễn Thị Hoà', 1500000],
      ]),
      'xlsx',
    );
    expect(text).toBe('Danh sách\nHọ và tên\tSố tiền\nNguyễn Thị Hoà\t1500000');
  });
});

describe('extract: OpenDocument', () => {
  it('ODT paragraphs, spaces and tabs; comments left out', async () => {
    const odt = makeOdt([VI_OFFICE, VI_TITLE]);
    expect(await extractText(odt, 'odt')).toBe(`${VI_OFFICE}\n${VI_TITLE}`);
  });

  it('ODS rows and cells, sheet name first, repeated empty cells add nothing', async () => {
    const ods = makeOds('Thống kê', [
      ['Thôn', 'Số hộ'],
      ['Đông', '120'],
      ['Tây', '95'],
    ]);
    expect(await extractText(ods, 'ods')).toBe('Thống kê\nThôn\tSố hộ\nĐông\t120\nTây\t95');
  });
});

describe('extract: plain text', () => {
  const letter = `${VI_OFFICE}\r\n${VI_TITLE}\r\n`;

  it('UTF-8, UTF-8 with BOM, UTF-16 LE with BOM', async () => {
    const expected = `${VI_OFFICE}\n${VI_TITLE}`;
    expect(await extractText(utf8(letter), 'txt')).toBe(expected);
    expect(await extractText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(letter)]), 'txt')).toBe(expected);
    expect(await extractText(encodeUtf16le(letter), 'csv')).toBe(expected);
  });

  it('falls back to Windows-1258 for legacy files and composes its combining tone marks', async () => {
    // "Quyết định" in CP1258: ê (0xEA) + combining acute (0xEC); đ (0xF0); i + combining dot below (0xF2).
    const cp1258 = Uint8Array.from([0x51, 0x75, 0x79, 0xea, 0xec, 0x74, 0x20, 0xf0, 0x69, 0xf2, 0x6e, 0x68]);
    const text = await extractText(cp1258, 'txt');
    expect(text).toBe('Quyết định');
    expect(isNfc(text)).toBe(true);
  });

  it('caps very long text and says so', async () => {
    const big = utf8('Đồng Hóa '.repeat(300_000));
    const r = await extractTextResult(big, 'txt');
    expect(r.text.length).toBe(MAX_TEXT_CHARS);
    expect(r.truncated).toBe(true);
    const small = await extractTextResult(big, 'txt', { maxChars: 1000 });
    expect(small.text.length).toBeLessThanOrEqual(1000);
    expect(small.truncated).toBe(true);
  });
});

describe('extract: RTF', () => {
  it('\\uN with fallback characters, paragraphs and tabs, skipped tables and metadata', async () => {
    const rtf =
      '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}' +
      '{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Riched20;}{\\info{\\title Bi mat}}' +
      '\\uc1\\pard \\u7910?y ban nh\\u226?n d\\u226?n x\\u227? \\u272?\\u7891?ng H\\u243?a\\par\n' +
      'S\\u7889?:\\tab 12/Q\\u272?-UBND\\par\n' +
      '{\\field{\\*\\fldinst PAGE}{\\fldrslt 1}}\\par\n' +
      'Ngo\\u7863?c \\{nh\\u7885?n\\} \\\\ h\\u7871?t}';
    expect(await extractText(utf8(rtf), 'rtf')).toBe(`${VI_OFFICE}\nSố:\t12/QĐ-UBND\n1\nNgoặc {nhọn} \\ hết`);
  });

  it("decodes \\'xx with the declared code page and a Vietnamese font charset", async () => {
    // \ansicpg1258 spells tones as combining marks: "Hòa bình" = Ho + grave (0xCC) + a, bi + grave + nh.
    // Font f1 declares \fcharset163 (Vietnamese) inside a Western document.
    const byAnsi = "{\\rtf1\\ansi\\ansicpg1258 Ho\\'cca bi\\'ccnh}";
    expect(await extractText(utf8(byAnsi), 'rtf')).toBe('Hòa bình');
    const byFont = '{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset163 Times New Roman;}}' + "\\f0 caf\\'e9 \\f1 \\'f0\\'ea\\'ecm}";
    expect(await extractText(utf8(byFont), 'rtf')).toBe('café đếm');
  });

  it('two-byte \\uc fallbacks and binary data are skipped', async () => {
    const rtf = "{\\rtf1\\uc2 \\u7843\\'61\\'3f\\bin4 \x01\x02\x03\x04 xong}";
    expect(await extractText(utf8(rtf), 'rtf')).toBe('ả xong');
  });

  it('never throws on a broken RTF', async () => {
    const r = await extractTextResult(utf8("{\\rtf1 {{{\\'zz\\u \\bin99999999"), 'rtf');
    expect(typeof r.text).toBe('string');
  });

  it('drops what is nested absurdly deep instead of stacking a state per group', async () => {
    const n = 2_000_000;
    const r = await extractTextResult(utf8(`{\\rtf1 before ${'{'.repeat(n)}deep${'}'.repeat(n)} after\\par}`), 'rtf');
    expect(r).toEqual({ text: 'before  after', truncated: false });
    // Nesting a real document could have is read as before, and the state of the outer group comes back after it.
    const ok = await extractTextResult(utf8(`{\\rtf1 a ${'{'.repeat(900)}b${'}'.repeat(900)} c{\\*\\x ${'{'.repeat(1500)}d${'}'.repeat(1500)}}e}`), 'rtf');
    expect(ok.text).toBe('a b ce');
  });
});

describe('extract: kinds without text', () => {
  it('images, old binary Office files and archives give ""', async () => {
    expect(await extractText(imageBytes('png', ['-size', '4x4', 'xc:red']), 'png')).toBe('');
    expect(await extractText(imageBytes('jpg', ['-size', '4x4', 'xc:red']), 'jpeg')).toBe('');
    expect(await extractText(makeDoc(), 'doc')).toBe('');
    expect(await extractText(makeXls(), 'xls')).toBe('');
    expect(await extractText(makeZip({ 'a.txt': VI_TITLE }), 'zip')).toBe('');
  });
});

describe('zip limits', () => {
  it('skips entries whose declared size is over the limit instead of inflating them', () => {
    const z = makeZip({ 'small.xml': '<a/>', 'big.xml': 'x'.repeat(100_000) });
    const parts = readZipEntries(z, () => true, { maxEach: 10_000, maxTotal: 20_000 });
    expect(Object.keys(parts)).toEqual(['small.xml']);
  });
});
