import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { makeDocx, makePdf } from '../unit/blobs-fixtures';
import { makeCore, STRONG_PASSWORD, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { importRecordOf } from '../helpers/import-records';

let t: TestCore;
let o: Awaited<ReturnType<typeof clerkOffice>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = makeCore();
  o = await clerkOffice(t);
  const reg = (over: Parameters<typeof docInput>[1]) => t.ok('incoming.register', docInput(o.registerId, over), o.clerkToken);
  ids.qd = (await reg({ codeNumber: '15', codeNotation: 'QĐ-UBND', subject: 'Quyết định về việc thành lập Ban Chỉ đạo chuyển đổi số xã Đồng Hóa' })).id;
  ids.dn = (
    await reg({
      codeNumber: '220',
      codeNotation: 'SXD-QLN',
      docTypeId: 18,
      issuer: { agencyId: null, code: null, name: 'Sở Xây dựng thành phố Đà Nẵng' },
      subject: 'Về việc hướng dẫn quản lý nhà ở',
    })
  ).id;
  ids.kh = (
    await reg({ codeNumber: '31', codeNotation: 'KH-UBND', docTypeId: 10, subject: 'Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026', notes: 'Độc lập - Tự do' })
  ).id;
  const pdf = await t.ok(
    'blobs.put',
    { fileName: 'phu-luc.pdf', bytes: await makePdf([['Danh sách hộ gia đình được hỗ trợ sửa chữa nhà ở sau bão số 3', 'Thôn Đọi Tam, thôn Nguyễn Trung']]) },
    o.clerkToken,
  );
  ids.body = (
    await reg({
      codeNumber: '77',
      codeNotation: 'UBND-VP',
      docTypeId: 18,
      subject: 'Về việc hỗ trợ các hộ bị thiệt hại',
      files: [{ hash: pdf.hash, fileName: 'phu-luc.pdf', role: 'attachment' }],
    })
  ).id;
  const docx = await t.ok(
    'blobs.put',
    { fileName: 'bao-cao.docx', bytes: makeDocx(['Báo cáo tình hình giải ngân vốn đầu tư công', 'Công trình đường trục xã Đồng Hóa']) },
    o.clerkToken,
  );
  ids.docx = (
    await reg({ codeNumber: '8', codeNotation: 'BC-UBND', docTypeId: 14, subject: 'Báo cáo tháng 11', files: [{ hash: docx.hash, fileName: 'bao-cao.docx', role: 'main' }] })
  ).id;
  await t.core.idle();
});

afterAll(() => t?.close());

const search = (query: string, extra: Record<string, unknown> = {}) => t.ok('documents.search', { query, ...extra }, o.clerkToken);

describe('search without diacritics', () => {
  it('finds "Quyết định" from "quyet dinh" and "Đà Nẵng" from "da nang"', async () => {
    expect((await search('quyet dinh')).items.map((h) => h.item.id)).toContain(ids.qd);
    expect((await search('da nang')).items.map((h) => h.item.id)).toEqual([ids.dn]);
    expect((await search('Đà Nẵng')).items.map((h) => h.item.id)).toEqual([ids.dn]);
    expect((await search('ĐÀ NẴNG')).items.map((h) => h.item.id)).toEqual([ids.dn]);
    expect((await search('doc lap')).items.map((h) => h.item.id)).toEqual([ids.kh]);
    expect((await search('qđ')).items.map((h) => h.item.id)).toContain(ids.qd);
  });

  it('matches word prefixes and several words in any order', async () => {
    expect((await search('chuyen doi so')).items.map((h) => h.item.id)).toEqual([ids.qd]);
    expect((await search('so doi chuyen')).items.map((h) => h.item.id)).toEqual([ids.qd]);
    expect((await search('thien ta')).items.map((h) => h.item.id)).toEqual([ids.kh]);
    expect((await search('xa dong hoa ban chi')).items.map((h) => h.item.id)).toEqual([ids.qd]);
    expect((await search('khong co tu nay')).items).toEqual([]);
  });

  it('finds a document by its number and notation', async () => {
    expect((await search('15/QĐ-UBND')).items[0].item.id).toBe(ids.qd);
    expect((await search('220')).items.map((h) => h.item.id)).toEqual([ids.dn]);
  });

  it('searches the text of attached files and shows where it matched', async () => {
    const r = await search('sua chua nha o bao so 3');
    expect(r.items.map((h) => h.item.id)).toEqual([ids.body]);
    const snippet = r.items[0].snippet!;
    expect(snippet.fileName).toBe('phu-luc.pdf');
    expect(snippet.text).toContain('sửa chữa nhà ở sau bão số 3');
    const marked = snippet.ranges.map(([a, b]) => snippet.text.slice(a, b));
    expect(marked).toEqual(expect.arrayContaining(['sửa', 'chữa', 'nhà', 'bão']));
    expect((await search('giai ngan von dau tu cong')).items.map((h) => h.item.id)).toEqual([ids.docx]);
  });

  it('ranks a match in the metadata above a match only in a file', async () => {
    const r = await search('nha o');
    expect(r.items.map((h) => h.item.id)).toEqual([ids.dn, ids.body]);
    expect(r.total).toBe(2);
  });

  it('returns highlight ranges on the original (accented) text', async () => {
    const r = await search('quyet dinh chuyen doi');
    const hit = r.items.find((h) => h.item.id === ids.qd)!;
    const subject = hit.highlights.find((h) => h.field === 'subject')!;
    expect(subject.ranges.map(([a, b]) => hit.item.subject.slice(a, b))).toEqual(['Quyết', 'định', 'chuyển', 'đổi']);
  });

  it('combines the query with filters and pages through results', async () => {
    expect((await search('ubnd', { filters: { direction: 'in', docTypeId: 10 } })).items.map((h) => h.item.id)).toEqual([ids.kh]);
    const all = await search('ubnd', { limit: 2 });
    const next = await search('ubnd', { limit: 2, offset: 2 });
    // The page says "more than 2"; the exact number is asked for separately.
    expect(all).toMatchObject({ total: 2, totalExact: false });
    expect(next).toMatchObject({ total: 4, totalExact: true });
    expect(await t.ok('documents.searchTotal', { query: 'ubnd' }, o.clerkToken)).toEqual({ total: 4, totalExact: true });
    expect(new Set([...all.items, ...next.items].map((h) => h.item.id)).size).toBe(4);
  });

  it('keeps search working after an edit and drops voided words nowhere', async () => {
    await t.ok(
      'incoming.update',
      { id: ids.kh, ...docInput(o.registerId, { codeNumber: '31', codeNotation: 'KH-UBND', docTypeId: 10, subject: 'Kế hoạch phòng chống bão lũ năm 2026' }) },
      o.clerkToken,
    );
    expect((await search('thien tai')).items).toEqual([]);
    expect((await search('bao lu')).items.map((h) => h.item.id)).toEqual([ids.kh]);
  });
});

describe('saved searches and exports', () => {
  it('saves a search per user', async () => {
    const s = await t.ok('searches.save', { name: 'Thiên tai', query: 'thien tai', filters: { direction: 'in', urgentOnly: true } }, o.clerkToken);
    expect((await t.ok('searches.list', {}, o.clerkToken)).map((x) => x.name)).toEqual(['Thiên tai']);
    expect(await t.ok('searches.list', {}, o.adminToken)).toEqual([]);
    expect(await t.call('searches.delete', { id: s.id }, o.adminToken)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await t.ok('searches.delete', { id: s.id }, o.clerkToken);
    expect(await t.ok('searches.list', {}, o.clerkToken)).toEqual([]);
  });

  it('exports results to XLSX and PDF with the Vietnamese text intact', async () => {
    const xlsx = await t.ok('documents.export', { query: 'ubnd', format: 'xlsx' }, o.clerkToken);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0].getSheetValues());
    expect(text).toContain('Quyết định về việc thành lập Ban Chỉ đạo chuyển đổi số xã Đồng Hóa');
    const pdf = await t.ok('documents.export', { query: 'ubnd', format: 'pdf' }, o.clerkToken);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-export-'));
    fs.writeFileSync(path.join(dir, 'x.pdf'), pdf.bytes);
    const pdfText = execFileSync('pdftotext', ['-layout', path.join(dir, 'x.pdf'), '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('KẾT QUẢ TÌM KIẾM VĂN BẢN ĐẾN');
    expect(pdfText).toContain('Đồng Hóa');
    expect(t.core.services.raw.prepare("SELECT count(*) n FROM audit_log WHERE action = 'documents.export'").get()).toEqual({ n: 2 });
  });

  it('prints the register book with the ten columns, voided numbers included', async () => {
    await t.ok('incoming.void', { id: ids.dn, reason: 'Vào sổ nhầm' }, o.clerkToken);
    const book = await t.ok('registers.printBook', { registerId: o.registerId }, o.clerkToken);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-book-'));
    const file = path.join(dir, 'so.pdf');
    fs.writeFileSync(file, book.bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.2/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(text).toMatch(/Đã hủy số:\s+Vào sổ nhầm/);
    expect(text).toContain('Công văn về việc hướng dẫn');
    expect(text).toContain('15/QĐ-UBND');
    // Rasterised with poppler, the table page is really drawn (not a blank page with a text layer).
    execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', '2', '-l', '2', file, path.join(dir, 'p')]);
    const pgm = fs.readFileSync(
      path.join(
        dir,
        fs.readdirSync(dir).find((f) => f.endsWith('.pgm'))!,
      ),
    );
    const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 30).toString('latin1'))!.map(Number);
    const pixels = pgm.subarray(pgm.length - w * h);
    const dark = pixels.filter((v) => v < 128).length;
    expect(w).toBeGreaterThan(h);
    expect(dark / pixels.length).toBeGreaterThan(0.01);
    // Header cells wrap inside their columns: compare with any whitespace between words.
    for (const col of [
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung',
      'Đơn vị hoặc người nhận',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ]) {
      expect(text).toMatch(new RegExp(col.split(' ').join('\\s+')));
    }
  });
});

describe('prefix fallback, counts and the issuer filter', () => {
  it('finds words typed unfinished anywhere in the query ("quy din" -> "Quyết định")', async () => {
    const r = await search('quy din thanh lap');
    expect(r.items.map((h) => h.item.id)).toContain(ids.qd);
  });

  it('counts a list separately from its page', async () => {
    const page = await t.ok('documents.list', { filters: { direction: 'in' }, withTotal: true }, o.clerkToken);
    const c = await t.ok('documents.count', { filters: { direction: 'in' } }, o.clerkToken);
    expect(c.total).toBe(page.total);
    const danang = await t.ok('documents.list', { filters: { direction: 'in', issuer: 'da nang' } }, o.clerkToken);
    expect(danang.items.map((i) => i.id)).toEqual([ids.dn]);
    expect((await t.ok('documents.count', { filters: { direction: 'in', issuer: 'da nang' } }, o.clerkToken)).total).toBe(1);
  });
});

describe('issuer filter paths', () => {
  it('gives the same documents whether answered from the index (rare issuer) or by scanning (common issuer)', async () => {
    const { filterWhere, LIST_FROM } = await import('../../src-main/documents/query');
    const { accessSql } = await import('../../src-main/documents/access');
    const { createSearchIndex } = await import('../../src-main/documents/search-index');
    const { queryTerms } = await import('../../src-shared/vn/text');
    const { createDocGenerator } = await import('../bench/gen-vn-docs');
    const t2 = makeCore();
    try {
      const o2 = await clerkOffice(t2);
      const gen = createDocGenerator(9, { total: 3500 });
      const records = Array.from({ length: 3500 }, (_, i) => importRecordOf(gen.document(i, o2.year)));
      const raw = t2.core.services.raw;
      raw.transaction(() => t2.core.services.incoming.importRecords(o2.registerId, records, 'allocate', o2.clerkId, '07:30')).immediate();
      for (const issuer of ['kim bang', 'so tai chinh ha nam', 'cong an', 'bao hiem xa hoi']) {
        const ids = (viaFts: boolean) => {
          const issuerMatch = viaFts ? createSearchIndex(raw).issuerMatch(queryTerms(issuer)) : null;
          const w = filterWhere({ direction: 'in', issuer }, '2026-11-20', accessSql({ userId: o2.clerkId, wide: true, headOf: [] }), { issuerMatch });
          return (raw.prepare(`SELECT d.id FROM ${LIST_FROM} WHERE ${w.clauses.join(' AND ')} ORDER BY d.id`).all(w.params) as Array<{ id: number }>).map((r) => r.id);
        };
        const a = ids(true);
        expect(a.length).toBeGreaterThan(0);
        expect(ids(false)).toEqual(a);
      }
    } finally {
      t2.close();
    }
  });
});

describe('numbers as typed on paper, OR and NOT, odd queries (issue 7)', () => {
  let s: TestCore;
  let so: Awaited<ReturnType<typeof clerkOffice>>;
  const found = async (query: string) => (await s.ok('documents.search', { query }, so.clerkToken)).items.map((h) => h.item.id);
  const doc: Record<string, number> = {};

  beforeAll(async () => {
    s = makeCore();
    so = await clerkOffice(s);
    const reg = async (over: Parameters<typeof docInput>[1]) => (await s.ok('incoming.register', docInput(so.registerId, over), so.clerkToken)).id;
    doc.kh7 = await reg({ codeNumber: '7', codeNotation: 'KH-UBND', docTypeId: 10, subject: 'Kế hoạch tổ chức hội nghị tổng kết năm' });
    doc.tb07 = await reg({ codeNumber: '07', codeNotation: 'TB-UBND', docTypeId: 7, subject: 'Thông báo lịch họp giao ban tháng 12' });
    doc.kh17 = await reg({ codeNumber: '17', codeNotation: 'KH-UBND', docTypeId: 10, subject: 'Kế hoạch phân bổ ngân sách xã năm 2027' });
    doc.cv = await reg({ codeNumber: '245', codeNotation: 'UBND-TCKT', docTypeId: 18, subject: 'Về việc phân bổ ngân sách huyện năm 2027' });
    // Some old registers pad numbers to three digits.
    doc.vp012 = await reg({ codeNumber: '012', codeNotation: 'UBND-VP', docTypeId: 18, subject: 'Về việc trực Tết Nguyên đán' });
  });
  afterAll(() => s?.close());

  it('finds number 7, shown as 07/KH-UBND, by 7/KH-UBND, KH-UBND 7, 07/KH-UBND and kh ubnd 07', async () => {
    for (const q of ['7/KH-UBND', 'KH-UBND 7', '07/KH-UBND', 'kh ubnd 07', 'kh-ubnd 7 hoi nghi']) expect(await found(q), q).toEqual([doc.kh7]);
    // Stored with its zero, found without it, and the other way round.
    expect(await found('7/TB-UBND')).toEqual([doc.tb07]);
    expect(await found('07/tb')).toEqual([doc.tb07]);
    // 17 is not 7.
    expect(await found('17/KH-UBND')).toEqual([doc.kh17]);
    expect(await found('12/UBND-VP')).toEqual([doc.vp012]);
    expect(await found('012/UBND-VP')).toEqual([doc.vp012]);
  });

  it('highlights the written number when the clerk typed it without the zero', async () => {
    const r = await s.ok('documents.search', { query: '7/KH-UBND' }, so.clerkToken);
    expect(r.items[0].highlights.find((h) => h.field === 'code')?.ranges[0]).toEqual([0, 2]);
    expect(r.items[0].snippet).toBeNull();
  });

  it('understands OR, NOT and -word', async () => {
    expect((await found('hoi nghi OR giao ban')).sort()).toEqual([doc.kh7, doc.tb07].sort());
    expect((await found('tet OR hoi nghi tong ket')).sort()).toEqual([doc.kh7, doc.vp012].sort());
    expect(await found('hoi nghi OR giao ban -thong')).toEqual([doc.kh7]);
    expect(await found('ngan sach -tckt')).toEqual([doc.kh17]);
    expect(await found('ngan sach NOT TCKT')).toEqual([doc.kh17]);
    expect(await found('ngan sach -xa')).toEqual([doc.cv]);
    // Lower-case "or"/"not" are ordinary words.
    expect(await found('ngan sach or')).toEqual([]);
    const r = await s.ok('documents.search', { query: 'ngan sach -tckt' }, so.clerkToken);
    expect(r.total).toBe(1);
    expect(r.terms).toEqual(['ngan', 'sach']);
  });

  it('answers a query with nothing to look for with no words, and refuses an over-long one in Vietnamese', async () => {
    for (const q of ['', '   ', '-huyen', '!!! ---', 'NOT OR']) {
      const r = await s.ok('documents.search', { query: q }, so.clerkToken);
      expect(r, q).toMatchObject({ items: [], total: 0, terms: [] });
    }
    const long = await s.call('documents.search', { query: 'a'.repeat(301) }, so.clerkToken);
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'query', message: expect.stringContaining('300 ký tự') }] } });
  });

  it('fills the index again at start when an older version left it incomplete (index level 2, migration 0023)', async () => {
    // As the migration leaves it: the index emptied, user_version below 2.
    const raw = s.core.services.raw;
    raw.prepare('DELETE FROM documents_fts').run();
    raw.pragma('user_version = 1');
    expect(await found('12/UBND-VP')).toEqual([]);
    s.close();
    s = makeCore({ dir: s.dir });
    so.clerkToken = (await s.ok('auth.login', { username: so.clerkUsername, password: STRONG_PASSWORD })).token;
    expect(await found('12/UBND-VP')).toEqual([doc.vp012]);
    expect(await found('ngan sach -tckt')).toEqual([doc.kh17]);
    expect(s.core.services.raw.pragma('user_version', { simple: true })).toBe(2);
  });
});
