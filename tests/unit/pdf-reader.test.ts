// The PDF reader and the incremental writer without external tools: the lexer, xref forms, recovery from broken
// files, hostile input (always AppError('pdf_unreadable') or a correct recovery, within a time bound).

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { openPdf } from '../../src-main/pdf/file';
import { addObject, beginUpdate, serialiseUpdate } from '../../src-main/pdf/incremental';
import { decodeTextString, dict, isDict, isStream, name, textString, type PdfDict } from '../../src-main/pdf/objects';
import { parseIndirectAt, parseValue } from '../../src-main/pdf/parse';
import { hybridFromXrefStream, pdfLibDocument } from '../helpers/pdf-tools';

const parse = (s: string) => parseValue({ b: Buffer.from(s, 'latin1'), pos: 0 });

function expectUnreadable(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('pdf_unreadable');
    return;
  }
  throw new Error('expected AppError(pdf_unreadable)');
}

describe('lexer and parser', () => {
  it('reads strings with escapes, nested parentheses, hex strings and names with #xx', () => {
    expect(Buffer.from((parse('(a\\(b\\) (c) \\101\\n\\\\)') as { bytes: Uint8Array }).bytes).toString('latin1')).toBe('a(b) (c) A\n\\');
    expect(Buffer.from((parse('<4E6F7 >') as { bytes: Uint8Array }).bytes).toString('latin1')).toBe('Nop');
    expect(parse('/A#20B')).toEqual({ kind: 'name', name: 'A B' });
    expect(parse('[1 0 R 2 -3.5 .5 true null]')).toEqual([{ kind: 'ref', num: 1, gen: 0 }, 2, -3.5, 0.5, true, null]);
  });

  it('skips comments and reads dictionaries', () => {
    const d = parse('<< /A 1 % comment >>\n /B [ (x) ] /C << /D /E >> >>') as PdfDict;
    expect(d.map.get('A')).toBe(1);
    expect((d.map.get('C') as PdfDict).map.get('D')).toEqual(name('E'));
  });

  it('round-trips Vietnamese text strings as UTF-16BE', () => {
    expect(decodeTextString(textString('Nguyễn Văn Ánh'))).toBe('Nguyễn Văn Ánh');
  });

  it('refuses deep nesting and reads streams with a wrong /Length by their endstream', () => {
    expectUnreadable(() => parse('['.repeat(5000)));
    expectUnreadable(() => parse('<<'.repeat(5000)));
    const o = parseIndirectAt(Buffer.from('5 0 obj\n<< /Length 999999999999 >>\nstream\nabc\nendstream\nendobj\n'), 0);
    expect(o && isStream(o.obj) && Buffer.from(o.obj.data).toString()).toBe('abc');
  });
});

describe('openPdf', () => {
  it('reads pdf-lib files with xref streams + object streams and with classic tables', async () => {
    for (const objStreams of [true, false]) {
      const pdf = openPdf(await pdfLibDocument(4, objStreams));
      expect(pdf.sections[0].form).toBe(objStreams ? 'stream' : 'table');
      expect(pdf.pages()).toHaveLength(4);
      expect(pdf.pages()[0].inherited.map.get('MediaBox')).toEqual([0, 0, 595, 842]);
      expect(pdf.revisions()).toHaveLength(1);
    }
  });

  it('appends an update in the same xref form and keeps the original as a prefix', async () => {
    for (const objStreams of [true, false]) {
      const orig = await pdfLibDocument(2, objStreams);
      const u = beginUpdate(openPdf(orig));
      const r = addObject(u, dict({ Test: textString('Ủy ban') }));
      const { pdf } = serialiseUpdate(u);
      expect(pdf.subarray(0, orig.length).equals(Buffer.from(orig))).toBe(true);
      const again = openPdf(pdf);
      expect(again.sections).toHaveLength(2);
      expect(again.sections[0].form).toBe(objStreams ? 'stream' : 'table');
      expect(decodeTextString((again.get(r.num) as PdfDict).map.get('Test') as never)).toBe('Ủy ban');
      expect(again.pages()).toHaveLength(2);
      expect(again.revisions().map((x) => x.eofEnd)).toEqual([orig.length, pdf.length - 1]);
      expect(again.asOf(orig.length).get(r.num)).toBeUndefined();
    }
  });

  it('tolerates junk before %PDF, a wrong startxref and shifted objects (reconstruction)', async () => {
    const orig = Buffer.from(await pdfLibDocument(3, false));
    const junk = openPdf(Buffer.concat([Buffer.from('JUNK!JUNK!\n'), orig]));
    expect(junk.pages()).toHaveLength(3);
    const s = orig.toString('latin1');
    const wrongStart = Buffer.from(s.replace(/startxref\s+\d+/, 'startxref\n12'), 'latin1');
    expect(openPdf(wrongStart).pages()).toHaveLength(3);
    const shifted = Buffer.from(s.replace('%PDF-1.7\n', '%PDF-1.7\n%' + ' '.repeat(40) + '\n'), 'latin1');
    const rebuilt = openPdf(shifted);
    expect(rebuilt.pages()).toHaveLength(3);
    // An update on a rebuilt file writes a complete xref, readable without the broken one.
    const u = beginUpdate(rebuilt);
    addObject(u, dict({ A: 1 }));
    const fixed = openPdf(serialiseUpdate(u).pdf);
    expect(fixed.reconstructed).toBe(false);
    expect(fixed.pages()).toHaveLength(3);
  });

  it('recovers object streams when the xref stream is broken', async () => {
    const orig = Buffer.from(await pdfLibDocument(3, true));
    const s = orig.toString('latin1');
    const broken = Buffer.from(s.replace(/startxref\s+\d+/, 'startxref\n99999999'), 'latin1');
    const pdf = openPdf(broken);
    expect(pdf.reconstructed).toBe(true);
    expect(pdf.pages()).toHaveLength(3);
    const u = beginUpdate(pdf);
    addObject(u, dict({ A: 1 }));
    const fixed = openPdf(serialiseUpdate(u).pdf);
    expect(fixed.reconstructed).toBe(false);
    expect(fixed.sections[0].form).toBe('stream');
    expect(fixed.pages()).toHaveLength(3);
  });

  it('keeps the newest sections when a /Prev is broken and finds older objects by scanning', async () => {
    const orig = await pdfLibDocument(3, false);
    const u = beginUpdate(openPdf(orig));
    const r = addObject(u, dict({ A: 1 }));
    const text = serialiseUpdate(u).pdf.toString('latin1');
    const broken = Buffer.from(text.replace(/\/Prev \d+/, '/Prev 7'), 'latin1');
    const pdf = openPdf(broken);
    expect(pdf.reconstructed).toBe(false);
    expect(pdf.sections).toHaveLength(1);
    expect(pdf.pages()).toHaveLength(3);
    expect(pdf.get(r.num)).toBeTruthy();
    expect(pdf.revisions().map((x) => x.eofEnd)).toEqual([orig.length, broken.length - 1]);
  });

  it('reads a hybrid file (classic table + /XRefStm) and appends a table section to it', async () => {
    const hybrid = hybridFromXrefStream(await pdfLibDocument(3, true));
    const pdf = openPdf(hybrid);
    expect(pdf.reconstructed).toBe(false);
    expect(pdf.sections[0].form).toBe('table');
    expect(pdf.pages()).toHaveLength(3);
    const u = beginUpdate(pdf);
    addObject(u, dict({ A: 1 }));
    const next = openPdf(serialiseUpdate(u).pdf);
    expect(next.sections.map((s) => s.form)).toEqual(['table', 'table']);
    expect(next.pages()).toHaveLength(3);
  });

  it('gives AppError(pdf_unreadable) or a recovery on hostile input, quickly', async () => {
    const orig = Buffer.from(await pdfLibDocument(3, true));
    const started = performance.now();
    expectUnreadable(() => openPdf(randomBytes(5000)));
    expectUnreadable(() => openPdf(Buffer.from('%PDF-1.7\n')));
    expectUnreadable(() => openPdf(new Uint8Array(0)));
    expectUnreadable(() => openPdf(Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20000)])));
    expectUnreadable(() => openPdf(Buffer.from('%PDF-1.4\n1 0 obj\n' + '['.repeat(100000) + '\nendobj\ntrailer\n<</Root 1 0 R>>\n')));
    for (let cut = 50; cut < orig.length; cut += Math.ceil(orig.length / 25)) {
      try {
        const p = openPdf(orig.subarray(0, cut));
        p.pages();
      } catch (e) {
        expect((e as AppError).code).toBe('pdf_unreadable');
      }
    }
    for (let i = 0; i < 30; i++) {
      const mutated = Buffer.from(orig);
      for (let j = 0; j < 20; j++) mutated[Math.floor(Math.random() * mutated.length)] = Math.floor(Math.random() * 256);
      try {
        const p = openPdf(mutated);
        for (const page of p.pages()) p.resolve(page.dict.map.get('Contents'));
      } catch (e) {
        expect((e as AppError).code).toBe('pdf_unreadable');
      }
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('walks a page tree with a cycle without hanging', () => {
    const body = [
      '%PDF-1.4',
      '1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj',
      '2 0 obj <</Type/Pages/Kids[3 0 R 2 0 R 4 0 R]/Count 2/MediaBox[0 0 100 100]>> endobj',
      '3 0 obj <</Type/Page/Parent 2 0 R>> endobj',
      '4 0 obj <</Type/Pages/Kids[2 0 R]>> endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
    ].join('\n');
    const pdf = openPdf(Buffer.from(body));
    expect(pdf.pages()).toHaveLength(1);
    expect(isDict(pdf.pages()[0].inherited)).toBe(true);
  });
});
