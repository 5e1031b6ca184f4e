// Importing old registers (Excel/CSV) and the agency directory through the core: preview, all-or-nothing commit,
// numbering (kept or allocated), the search index, and the report of every rejected row.

import { afterEach, describe, expect, it } from 'vitest';
import { legacyRegisterCsv, legacyRegisterXlsx } from '../bench/gen-vn-docs';
import { makeCore, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';

let t: TestCore;
afterEach(() => t?.close());

async function upload(token: string, fileName: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return t.ok('blobs.put', { fileName, bytes }, token);
}

describe('legacy register import', () => {
  it('previews with a suggested mapping, then imports every row with new numbers and makes them searchable', async () => {
    t = makeCore();
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
    t = makeCore();
    const o = await clerkOffice(t);
    const csv = legacyRegisterCsv(25, 2026, 3);
    const f = await upload(o.clerkToken, 'so-cu.csv', csv);
    const r = await t.ok('import.commit', { hash: f.hash, fileName: 'so-cu.csv', registerId: o.registerId, numbering: 'keep' }, o.clerkToken);
    expect(r.numbers).toEqual({ from: 1, to: 25 });
    const again = await t.call('import.commit', { hash: f.hash, fileName: 'so-cu.csv', registerId: o.registerId, numbering: 'keep' }, o.clerkToken);
    expect(again).toMatchObject({ ok: false, error: { code: 'import_rejected' } });
    if (!again.ok) {
      const errors = again.error.details!.errors as Array<{ row: number; message: string }>;
      expect(errors).toHaveLength(25);
      expect(errors[0].message).toMatch(/Số đến 1 đã có trong sổ/);
    }
    expect((await t.ok('documents.list', { filters: { direction: 'in' }, withTotal: true }, o.clerkToken)).total).toBe(25);
  });

  it('imports nothing when any row is bad, and reports every bad row with its spreadsheet row number', async () => {
    t = makeCore();
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
    t = makeCore();
    const o = await clerkOffice(t);
    const f = await upload(o.clerkToken, 'so-2025.csv', legacyRegisterCsv(5, 2025, 1));
    const preview = await t.ok('import.preview', { hash: f.hash, fileName: 'so-2025.csv', registerId: o.registerId, numbering: 'allocate' }, o.clerkToken);
    expect(preview.validRows).toBe(0);
    expect(preview.errors[0].message).toMatch(/2026/);
  });
});

describe('agency directory', () => {
  it('imports a CSV all-or-nothing and finds agencies by typing without diacritics', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const good = 'Mã định danh;Tên cơ quan;Mã cơ quan cấp trên\n000.00.00.H23;Ủy ban nhân dân tỉnh Hà Nam;\n000.00.04.H23;Sở Tài chính tỉnh Hà Nam;000.00.00.H23\n;Trường Tiểu học Đồng Hóa;\n';
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
