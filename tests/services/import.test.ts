// Importing old registers (Excel/CSV) and the agency directory through the core: preview, all-or-nothing commit,
// numbering (kept or allocated), the search index, and the report of every rejected row.

import { afterEach, describe, expect, it } from 'vitest';
import { legacyRegisterCsv, legacyRegisterXlsx } from '../bench/gen-vn-docs';
import { makeCore, testClock, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';

let t: TestCore;
afterEach(() => t?.close());

/** The generated registers cover the whole year: import them once the year is over (arrival dates cannot be ahead). */
const yearEnd = () => makeCore({ clock: testClock(Date.UTC(2026, 11, 31, 2, 0)) });

async function upload(token: string, fileName: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return t.ok('blobs.put', { fileName, bytes }, token);
}

describe('legacy register import', () => {
  it('previews with a suggested mapping, then imports every row with new numbers and makes them searchable', async () => {
    t = yearEnd();
    const o = await clerkOffice(t);
    await t.ok('incoming.register', docInput(o.registerId), o.clerkToken);
    const xlsx = await legacyRegisterXlsx(40, 2026, 11);
    const f = await upload(o.clerkToken, 'so-den-2026.xlsx', xlsx);
    const preview = await t.ok('import.preview', { hash: f.hash, fileName: 'so-den-2026.xlsx', registerId: o.registerId, numbering: 'allocate' }, o.clerkToken);
    expect(preview.totalRows).toBe(40);
    expect(preview.errors).toEqual([]);
    expect(preview.validRows).toBe(40);
    expect(preview.numbers).toEqual({ from: 2, to: 41 });
    for (const k of ['arrivalDate', 'issuerName', 'subject']) expect(preview.mapping[k]).toBeTypeOf('number');

    const r = await t.ok('import.commit', { hash: f.hash, fileName: 'so-den-2026.xlsx', registerId: o.registerId, numbering: 'allocate' }, o.clerkToken);
    expect(r).toMatchObject({ imported: 40, numbers: { from: 2, to: 41 } });
    const list = await t.ok('documents.list', { filters: { direction: 'in' }, withTotal: true, limit: 5 }, o.clerkToken);
    expect(list.total).toBe(41);
    // Imported documents were handled long ago: they are not pinned as urgent and unprocessed.
    expect(list.pinned.every((d) => d.arrivalNumber === 1 || d.handlingStatus !== 'new')).toBe(true);
    const any = await t.ok('documents.get', { id: list.items.find((i) => i.arrivalNumber !== 1)!.id }, o.clerkToken);
    const word = any.subject.split(' ').slice(0, 3).join(' ');
    expect((await t.ok('documents.search', { query: word }, o.clerkToken)).items.map((h) => h.item.id)).toContain(any.id);
    expect((await t.ok('registers.list', { direction: 'in' }, o.clerkToken)).find((x) => x.id === o.registerId)!.lastNumber).toBe(41);
    // The next registration continues after the imported numbers.
    expect((await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '1234' }), o.clerkToken)).arrivalNumber).toBe(42);
  });

  it('keeps the old numbers when asked, and refuses numbers already used', async () => {
    t = yearEnd();
    const o = await clerkOffice(t);
    const csv = legacyRegisterCsv(25, 2026, 3);
    const f = await upload(o.clerkToken, 'so-cu.csv', csv);
    const r = await t.ok('import.commit', { hash: f.hash, fileName: 'so-cu.csv', registerId: o.registerId, numbering: 'keep' }, o.clerkToken);
    expect(r.numbers).toEqual({ from: 1, to: 25 });
    // The same request again is a retry: the first answer, nothing doubled.
    const retry = await t.ok('import.commit', { hash: f.hash, fileName: 'so-cu.csv', registerId: o.registerId, numbering: 'keep' }, o.clerkToken);
    expect(retry).toMatchObject({ replayed: true, imported: 25, numbers: { from: 1, to: 25 }, batchId: r.batchId });
    // Confirmed as a second import, the numbers already used stop it.
    const again = await t.call('import.commit', { hash: f.hash, fileName: 'so-cu.csv', registerId: o.registerId, numbering: 'keep', allowReimport: true }, o.clerkToken);
    expect(again).toMatchObject({ ok: false, error: { code: 'import_rejected' } });
    if (!again.ok) {
      const errors = again.error.details!.errors as Array<{ row: number; message: string }>;
      expect(errors).toHaveLength(25);
      expect(errors[0].message).toMatch(/Số đến 1 đã có trong sổ/);
    }
    expect((await t.ok('documents.list', { filters: { direction: 'in' }, withTotal: true }, o.clerkToken)).total).toBe(25);
  });

  it('imports nothing when any row is bad, and reports every bad row with its spreadsheet row number', async () => {
    t = yearEnd();
    const o = await clerkOffice(t);
    const lines = legacyRegisterCsv(10, 2026, 5).split('\r\n');
    // Row 3 of the sheet (second data row): an impossible date; row 6: no subject; row 9: a secret document.
    const cells = (i: number) => lines[i].split(';');
    const bad = [...lines];
    const r3 = cells(2);
    r3[0] = '31/02/2026';
    bad[2] = r3.join(';');
    const r6 = cells(5);
    r6[5] = '';
    bad[5] = r6.join(';');
    const r9 = cells(8);
    r9[9] = 'Mật';
    bad[8] = r9.join(';');
    const f = await upload(o.clerkToken, 'so-loi.csv', bad.join('\r\n'));
    const preview = await t.ok('import.preview', { hash: f.hash, fileName: 'so-loi.csv', registerId: o.registerId, numbering: 'allocate' }, o.clerkToken);
    expect(preview.validRows).toBe(7);
    expect([...new Set(preview.errors.map((e) => e.row))]).toEqual([3, 6, 9]);
    const r = await t.call('import.commit', { hash: f.hash, fileName: 'so-loi.csv', registerId: o.registerId, numbering: 'allocate' }, o.clerkToken);
    expect(r).toMatchObject({ ok: false, error: { code: 'import_rejected' } });
    if (!r.ok) expect(r.error.message).toMatch(/3 dòng không hợp lệ/);
    expect(t.core.services.raw.prepare('SELECT count(*) n FROM documents').get()).toEqual({ n: 0 });
    expect((await t.ok('registers.list', { direction: 'in' }, o.clerkToken))[0].lastNumber).toBe(0);
  });

  it('refuses rows of another year than the register', async () => {
    t = yearEnd();
    const o = await clerkOffice(t);
    const f = await upload(o.clerkToken, 'so-2025.csv', legacyRegisterCsv(5, 2025, 1));
    const preview = await t.ok('import.preview', { hash: f.hash, fileName: 'so-2025.csv', registerId: o.registerId, numbering: 'allocate' }, o.clerkToken);
    expect(preview.validRows).toBe(0);
    expect(preview.errors[0].message).toMatch(/2026/);
  });
});

describe('legacy register import: issue 7', () => {
  const HEADER = 'Ngày đến;Số đến;Tác giả;Số, ký hiệu;Trích yếu nội dung';
  const csv = (rows: string[]) => [HEADER, ...rows].join('\r\n');
  const req = (hash: string, fileName: string, registerId: number, over: Record<string, unknown> = {}) => ({
    hash,
    fileName,
    registerId,
    numbering: 'allocate' as const,
    ...over,
  });

  it('answers an unknown file with 404 not_found and a Vietnamese message, for preview and commit', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    for (const method of ['import.preview', 'import.commit'] as const) {
      const r = await t.call(method, req('a'.repeat(64), 'so-cu.xlsx', o.registerId), o.clerkToken);
      expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
      if (!r.ok) expect(r.error.message).toBe('Không tìm thấy tệp "so-cu.xlsx" đã tải lên. Hãy chọn và tải tệp lên lại.');
    }
    const { httpStatusFor } = await import('../../src-shared/errors');
    expect(httpStatusFor('not_found')).toBe(404);
  });

  it('refuses a future arrival date, and keeps the old numbers as "số đến cũ", shown and searchable', async () => {
    t = makeCore(); // today is 20/11/2026
    const o = await clerkOffice(t);
    const future = await upload(o.clerkToken, 'tuong-lai.csv', csv(['19/11/2026;7;UBND huyện;12/QĐ-UBND;Về việc A', '23/11/2026;8;UBND huyện;13/QĐ-UBND;Về việc B']));
    const p = await t.ok('import.preview', req(future.hash, 'tuong-lai.csv', o.registerId), o.clerkToken);
    expect(p.errors).toEqual([{ row: 3, field: 'arrivalDate', message: 'Ngày đến "23/11/2026" là ngày trong tương lai (hôm nay là 20/11/2026); sổ cũ chỉ ghi văn bản đã đến.' }]);

    const f = await upload(
      o.clerkToken,
      'so-cu.csv',
      csv(['03/02/2026;157;Huyện ủy Kim Bảng;45-CV/HU;Về việc tổ chức hội nghị', '04/02/2026;158a;UBND huyện;07/KH-UBND;Về kế hoạch B']),
    );
    const r = await t.ok('import.commit', req(f.hash, 'so-cu.csv', o.registerId), o.clerkToken);
    expect(r).toMatchObject({ imported: 2, numbers: { from: 1, to: 2 }, replayed: false });
    const list = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 10 }, o.clerkToken);
    const first = await t.ok('documents.get', { id: list.items.find((d) => d.arrivalNumber === 1)!.id }, o.clerkToken);
    expect(first).toMatchObject({ oldArrivalNumber: '157', codeNumber: '45', codeNotation: 'CV/HU' });
    const hits = await t.ok('documents.search', { query: '158a' }, o.clerkToken);
    expect(hits.items.map((h) => h.item.arrivalNumber)).toEqual([2]);
    expect((await t.ok('documents.search', { query: '157' }, o.clerkToken)).items.map((h) => h.item.id)).toContain(first.id);
    // Editing the document re-indexes it: the old number stays on it and stays findable.
    const second = list.items.find((d) => d.arrivalNumber === 2)!.id;
    const edited = await t.ok('incoming.update', { id: second, ...docInput(o.registerId, { subject: 'Về kế hoạch B (đã sửa)' }) }, o.clerkToken);
    expect(edited.oldArrivalNumber).toBe('158a');
    expect((await t.ok('documents.search', { query: '158a' }, o.clerkToken)).items.map((h) => h.item.id)).toEqual([second]);
  });

  it('recognises a file already imported: refused with when and by whom, a retry answered as before, a confirmed re-import done', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const f = await upload(o.clerkToken, 'so-den.csv', csv(['05/01/2026;1;UBND huyện;12/QĐ-UBND;Về việc A', '06/01/2026;2;Sở Nội vụ;45/SNV-VP;Về việc B']));
    const first = await t.ok('import.commit', req(f.hash, 'so-den.csv', o.registerId), o.clerkToken);
    expect(first).toMatchObject({ imported: 2, replayed: false });
    const count = () => (t.core.services.raw.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;

    // The client lost the answer and sends the same request again: the same answer, nothing doubled.
    const retry = await t.ok('import.commit', req(f.hash, 'so-den.csv', o.registerId), o.clerkToken);
    expect(retry).toMatchObject({ imported: 2, numbers: first.numbers, batchId: first.batchId, replayed: true });
    expect(count()).toBe(2);

    // The same file with another choice (here another mapping) is a second import: refused, naming the first one.
    const preview = await t.ok('import.preview', req(f.hash, 'so-den (1).csv', o.registerId), o.clerkToken);
    expect(preview.previousImports).toEqual([
      { id: first.batchId, fileName: 'so-den.csv', importedAt: t.clock.now(), importedBy: 'Lê Thị Văn Thư', rowCount: 2, numbers: { from: 1, to: 2 } },
    ]);
    const other = { ...preview.mapping, code: undefined };
    const refused = await t.call('import.commit', req(f.hash, 'so-den (1).csv', o.registerId, { mapping: other }), o.clerkToken);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/^Tệp này đã được nhập vào sổ ".+" lúc 09:00 ngày 20\/11\/2026 bởi Lê Thị Văn Thư \(2 văn bản, số đến 1–2\)/);
    expect(count()).toBe(2);

    // Confirmed: imported again, recorded as a second batch.
    const again = await t.ok('import.commit', req(f.hash, 'so-den (1).csv', o.registerId, { mapping: other, allowReimport: true }), o.clerkToken);
    expect(again).toMatchObject({ imported: 2, numbers: { from: 3, to: 4 }, replayed: false });
    expect(count()).toBe(4);
    const batches = t.core.services.raw.prepare('SELECT register_id, file_hash, row_count, imported_by FROM import_batches ORDER BY id').all();
    expect(batches).toEqual([
      { register_id: o.registerId, file_hash: f.hash, row_count: 2, imported_by: o.clerkId },
      { register_id: o.registerId, file_hash: f.hash, row_count: 2, imported_by: o.clerkId },
    ]);
  });

  it('imports a TCVN3 file as Unicode, shows the encoding, and refuses the garbled text when told to take it as is', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const { unicodeToTcvn3, cp1252Byte } = await import('../../src-main/imports/legacy-encoding');
    const text = csv([
      '05/01/2026;1;Ủy ban nhân dân huyện Kim Bảng;12/QĐ-UBND;Về việc rà soát hộ nghèo',
      '06/01/2026;2;Sở Tài chính tỉnh Hà Nam;45/STC-NS;Hướng dẫn quyết toán ngân sách',
    ]);
    const bytes = Uint8Array.from([...unicodeToTcvn3(text)].map((c) => cp1252Byte(c.charCodeAt(0))));
    const f = await upload(o.clerkToken, 'so-tcvn3.csv', bytes);
    const p = await t.ok('import.preview', req(f.hash, 'so-tcvn3.csv', o.registerId), o.clerkToken);
    expect(p.encoding).toEqual({ detected: 'tcvn3', used: 'tcvn3', bytes: 'windows-1252' });
    expect(p.errors).toEqual([]);
    expect(p.sample[0][2]).toBe('Ủy ban nhân dân huyện Kim Bảng');

    // Taken as Unicode (the clerk's override, with the columns as mapped before): every row flagged, nothing imported.
    const asIs = await t.ok('import.preview', req(f.hash, 'so-tcvn3.csv', o.registerId, { encoding: 'unicode', mapping: p.mapping }), o.clerkToken);
    expect(asIs.encoding).toMatchObject({ detected: 'tcvn3', used: 'unicode' });
    expect(asIs.validRows).toBe(0);
    expect(asIs.errors.find((e) => e.row === 2 && e.field === 'issuerName')?.message).toMatch(/có ký tự lạ/);
    const refused = await t.call('import.commit', req(f.hash, 'so-tcvn3.csv', o.registerId, { encoding: 'unicode', mapping: p.mapping }), o.clerkToken);
    expect(refused).toMatchObject({ ok: false, error: { code: 'import_rejected' } });
    expect(t.core.services.raw.prepare('SELECT count(*) n FROM documents').get()).toEqual({ n: 0 });

    await t.ok('import.commit', req(f.hash, 'so-tcvn3.csv', o.registerId), o.clerkToken);
    const hits = await t.ok('documents.search', { query: 'kim bang' }, o.clerkToken);
    expect(hits.items.map((h) => h.item.issuerName)).toEqual(['Ủy ban nhân dân huyện Kim Bảng']);
  });

  it('cuts long cells in the preview', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const long = `Về việc ${'rất dài '.repeat(400)}`;
    const f = await upload(o.clerkToken, 'dai.csv', csv([`05/01/2026;1;UBND huyện;12/QĐ-UBND;${long}`]));
    const p = await t.ok('import.preview', req(f.hash, 'dai.csv', o.registerId), o.clerkToken);
    expect(p.sample[0][4]).toHaveLength(200);
    expect(p.sample[0][4].endsWith('…')).toBe(true);
    expect(p.errors[0].message).toMatch(/vượt quá 500 ký tự/);
  });

  it('answers a 45 MB single-field CSV preview with an error at once, beside the upload’s text extraction, with under 200 MB more memory', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const big = new Uint8Array(45 * 1024 * 1024 + 200);
    const headText = new TextEncoder().encode(`${HEADER}\r\n05/01/2026;1;UBND huyện;12/QĐ-UBND;"`);
    big.fill(0x61); // 'a'
    big.set(headText, 0);
    big.set(new TextEncoder().encode('"\r\n'), big.length - 3);
    const put = await t.call('blobs.put', { fileName: 'lon.csv', bytes: big }, o.clerkToken);
    if (!put.ok) throw new Error(`upload refused: ${put.error.code} ${put.error.message}`);
    // The upload's own text extraction (for search) runs beside the preview, as it does for a clerk: it reads only
    // the head of a large plain-text file.
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    const started = performance.now();
    const r = await t.call('import.preview', req(put.value.hash, 'lon.csv', o.registerId), o.clerkToken);
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(r).toMatchObject({ ok: false, error: { code: 'import_rejected' } });
    if (!r.ok) expect(r.error.message).toMatch(/^Dòng 2 của tệp CSV dài hơn 256 KB/);
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(`45 MB single-field CSV preview: ${Math.round(ms)} ms, RSS growth ${growthMb.toFixed(0)} MB`);
    // The figure (≤ 1 s) is measured on an idle machine and reported; here a bound that catches the old ~11 s stall
    // without depending on how busy the machine is.
    expect(ms).toBeLessThanOrEqual(5000);
    expect(growthMb).toBeLessThanOrEqual(200);
    await t.core.idle();
  }, 60_000);
});

describe('agency directory', () => {
  it('imports a CSV all-or-nothing and finds agencies by typing without diacritics', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const good =
      'Mã định danh;Tên cơ quan;Mã cơ quan cấp trên\n000.00.00.H23;Ủy ban nhân dân tỉnh Hà Nam;\n000.00.04.H23;Sở Tài chính tỉnh Hà Nam;000.00.00.H23\n;Trường Tiểu học Đồng Hóa;\n';
    const f = await upload(o.clerkToken, 'co-quan.csv', good);
    expect(await t.ok('agencies.import', { hash: f.hash, fileName: 'co-quan.csv' }, o.clerkToken)).toEqual({ added: 3, updated: 0, total: 3 });
    const found = await t.ok('agencies.search', { query: 'so tai chinh ha nam' }, o.clerkToken);
    expect(found.map((a) => a.code)).toEqual(['000.00.04.H23']);
    expect((await t.ok('agencies.search', { query: '000.00.00.H23' }, o.clerkToken))[0].name).toBe('Ủy ban nhân dân tỉnh Hà Nam');
    expect((await t.ok('agencies.list', { query: 'so tai ha nam' }, o.clerkToken)).total).toBe(1);

    const bad = 'Mã định danh;Tên cơ quan\n000.00.04.H23;Sở Tài chính (đổi tên)\nmã sai!;Cơ quan X\n';
    const b = await upload(o.clerkToken, 'co-quan-loi.csv', bad);
    const r = await t.call('agencies.import', { hash: b.hash, fileName: 'co-quan-loi.csv' }, o.clerkToken);
    expect(r).toMatchObject({ ok: false, error: { code: 'import_rejected' } });
    // Nothing changed, not even the valid first row.
    expect((await t.ok('agencies.search', { query: 'so tai chinh' }, o.clerkToken))[0].name).toBe('Sở Tài chính tỉnh Hà Nam');

    // Registering with an agency from the directory takes its name and code.
    const a = found[0];
    const d = await t.ok('incoming.register', docInput(o.registerId, { issuer: { agencyId: a.id, code: null, name: 'gõ tắt' } }), o.clerkToken);
    expect(d).toMatchObject({ issuerName: 'Sở Tài chính tỉnh Hà Nam', issuerCode: '000.00.04.H23', issuerAgencyId: a.id });
  });
});

describe('registers', () => {
  it('carries over every series on 1 January even when one was created ahead', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    await t.ok('registers.create', { direction: 'in', year: 2026, name: 'Sổ đơn thư', seriesKey: 'don-thu' }, o.adminToken);
    await t.ok('registers.create', { direction: 'in', year: 2027, name: 'Sổ đơn thư', seriesKey: 'don-thu' }, o.adminToken);
    t.core.services.raw.transaction(() => t.core.services.registers.ensureYear('in', 2027)).immediate();
    const next = await t.ok('registers.list', { direction: 'in', year: 2027 }, o.adminToken);
    expect(next.map((r) => r.seriesKey).sort()).toEqual(['chung', 'don-thu']);
    expect(next.filter((r) => r.isDefault).map((r) => r.seriesKey)).toEqual(['chung']);
  });
});
