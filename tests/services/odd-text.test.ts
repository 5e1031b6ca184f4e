// Odd text at the boundary and in the exports (issue 7 item 13): controls, bidi overrides and noncharacters are
// cleaned from every field through dispatch, lone surrogates and controls in passwords are refused, and rows stored
// with such text before the fix still export to a well-formed XLSX and a PDF.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BinaryOut } from '../../src-shared/api/define';
import { makeCore, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';

let t: TestCore;
let office: Awaited<ReturnType<typeof clerkOffice>>;

beforeAll(async () => {
  t = makeCore();
  office = await clerkOffice(t);
});

afterAll(() => t.close());

describe('text fields through dispatch', () => {
  it('strips NUL, ESC, other controls, bidi overrides and U+FFFE/U+FFFF, and stores NFC', async () => {
    const doc = await t.ok(
      'incoming.register',
      docInput(office.registerId, {
        subject: 'Quyê\u0301t đi\u0323nh\u0000 về\u001b[31m việc\u202e gnp.exe\ufffe lập\uffff kế hoạch',
        signerName: 'Nguyễn\u0007 Văn\u0085Bình',
        notes: 'Dòng 1\r\nDòng 2\u0000\u000bDòng 3',
      }),
      office.clerkToken,
    );
    expect(doc.subject).toBe('Quyết định về[31m việc gnp.exe lập kế hoạch');
    expect(doc.signerName).toBe('Nguyễn Văn Bình');
    expect(doc.notes).toBe('Dòng 1\nDòng 2\nDòng 3');
    const row = t.core.services.raw.prepare('SELECT subject, notes FROM documents WHERE id = ?').get(doc.id) as { subject: string; notes: string };
    expect(row.subject).toBe(doc.subject);
    expect(row.notes).toBe(doc.notes);
  });

  it('refuses a lone surrogate with invalid_input and a Vietnamese field message', async () => {
    const r = await t.call('incoming.register', docInput(office.registerId, { subject: 'Kế hoạch \ud800 năm 2026' }), office.clerkToken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.fields).toEqual([{ path: 'subject', message: expect.stringMatching(/^Trường chứa ký tự không hợp lệ/) }]);
    }
  });

  it('cleans strings the schemas take as plain z.string() too (a saved search query)', async () => {
    const saved = await t.ok('searches.save', { name: 'Tìm\u0000 kiếm', query: 'quyê\u0301t\u0000 dinh\u202e' } as never, office.clerkToken);
    const row = t.core.services.raw.prepare('SELECT name, query FROM saved_searches WHERE id = ?').get(saved.id) as { name: string; query: string };
    expect(row).toEqual({ name: 'Tìm kiếm', query: 'quyết dinh' });
  });

  it('refuses, never strips, a control character in a new password', async () => {
    const r = await t.call('auth.changePassword', { currentPassword: 'VanThu#2026a', newPassword: 'VanThu#2026\u0000b' }, office.clerkToken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.fields?.[0]).toEqual({ path: 'newPassword', message: 'Mật khẩu chứa ký tự điều khiển không hợp lệ.' });
    }
  });
});

// Every XML part of the workbook must parse as XML 1.0 (saxes is strict about characters, as Excel is).
function assertWellFormedXlsx(bytes: Uint8Array): void {
  const dir = fs.mkdtempSync(path.join(t.dir, 'xlsx-'));
  const file = path.join(dir, 'export.xlsx');
  fs.writeFileSync(file, bytes);
  execFileSync('unzip', ['-tq', file]);
  execFileSync('unzip', ['-q', file, '-d', path.join(dir, 'x')]);
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(xml|rels)$/.test(e.name)) parts.push(p);
    }
  };
  walk(path.join(dir, 'x'));
  expect(parts.length).toBeGreaterThan(3);
  for (const p of parts) {
    const parser = new SaxesParser({ xmlns: false });
    parser.on('error', (e) => {
      throw new Error(`${path.relative(dir, p)}: ${e.message}`);
    });
    parser.write(fs.readFileSync(p, 'utf8')).close();
  }
}

describe('exports of rows stored before the boundary cleaned them', () => {
  it('produce a well-formed XLSX and a PDF', async () => {
    const doc = await t.ok('incoming.register', docInput(office.registerId, { subject: 'Văn bản cũ', codeNumber: '900' }), office.clerkToken);
    // Simulate old data: NUL, ESC, a CESU-encoded lone surrogate (ED A0 80 = invalid UTF-8), U+FFFE and U+FFFF.
    t.core.services.raw
      .prepare("UPDATE documents SET subject = CAST(X'56C4836E2062E1BAA36E00201B5B306D20EDA08020EFBFBE20EFBFBF2063C5A9' AS TEXT), issuer_name = ? WHERE id = ?")
      .run('Sở\u0001\u000c Nội\ud83d vụ\u202e', doc.id);
    const stored = t.core.services.raw.prepare('SELECT subject, issuer_name AS s FROM documents WHERE id = ?').get(doc.id) as { subject: string; s: string };
    // eslint-disable-next-line no-control-regex -- the stored NUL is what this test checks
    expect(stored.subject).toMatch(/\u0000/);

    const xlsx = (await t.ok('documents.export', { format: 'xlsx', filters: { direction: 'in' } } as never, office.clerkToken)) as BinaryOut;
    assertWellFormedXlsx(xlsx.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as never);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => void cells.push(String(c.value))));
    const subject = cells.find((c) => c.startsWith('Văn bản') && c.endsWith('cũ'));
    expect(subject).toBeDefined();
    // eslint-disable-next-line no-control-regex -- characters XML cannot hold
    expect(subject).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u);
    expect(cells.some((c) => c.startsWith('Sở') && c.includes('vụ') && !c.includes('\u202e'))).toBe(true);

    const pdf = (await t.ok('documents.export', { format: 'pdf', filters: { direction: 'in' } } as never, office.clerkToken)) as BinaryOut;
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const loaded = await PDFDocument.load(pdf.bytes);
    expect(loaded.getPageCount()).toBeGreaterThan(0);
  });
});
