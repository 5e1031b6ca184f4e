// Records and archive through dispatch with a real core: the yearly Danh mục hồ sơ and its codes, files opened from
// it, documents in date order, closing checks, per-file access with a leader's approval, transfer to the office
// archive, and disposal that removes content only when nothing alive still uses it.

import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src-shared/api';
import type { FilePlanDto } from '../../src-shared/api/records';
import { makeCore, type TestCore } from '../helpers/core';
import { docInput } from '../helpers/incoming';
import { issued, outgoingOffice, type OutOffice } from '../helpers/outgoing';
import { makePdf } from '../unit/blobs-fixtures';

let t: TestCore;
let o: OutOffice;
let R: Record<string, number>;

beforeEach(async () => {
  t = makeCore();
  o = await outgoingOffice(t);
  R = Object.fromEntries((await t.ok('retention.list', { all: true }, o.clerkToken)).map((r) => [r.label, r.id]));
});
afterEach(() => t.close());

const code = async (method: Parameters<TestCore['call']>[0], input: unknown, token: string) => {
  const r = await t.call(method, input as never, token);
  return r.ok ? 'ok' : r.error.code;
};
const failure = async (method: Parameters<TestCore['call']>[0], input: unknown, token: string) => {
  const r = await t.call(method, input as never, token);
  if (r.ok) throw new Error(`${method} succeeded`);
  return r.error;
};

const PLAN: InputOf<'fileplan.save'>['headings'] = [
  {
    abbr: 'TCCB',
    title: 'Tổ chức - Cán bộ',
    lines: [{ title: 'Hồ sơ tuyển dụng công chức năm 2026', retentionId: 0 }],
    children: [{ title: 'Thi đua - khen thưởng', lines: [{ title: 'Hồ sơ khen thưởng năm 2026', retentionId: 0 }] }],
  },
  {
    abbr: 'VP',
    title: 'Văn phòng',
    lines: [
      { title: 'Tập lưu văn bản đi năm 2026', retentionId: 0 },
      { title: 'Hồ sơ hội nghị tiếp xúc cử tri', retentionId: 0 },
    ],
  },
];
const plan = () =>
  PLAN.map((h) => ({
    ...h,
    lines: (h.lines ?? []).map((l, i) => ({ ...l, retentionId: i === 0 ? R['Vĩnh viễn'] : R['10 năm'] })),
    children: (h.children ?? []).map((c) => ({ ...c, lines: (c.lines ?? []).map((l) => ({ ...l, retentionId: R['20 năm'] })) })),
  }));
const codes = (p: FilePlanDto) => p.headings.flatMap((h) => [...h.lines, ...h.children.flatMap((c) => c.lines)].map((l) => `${h.numeral} ${l.code}`));

async function registerIn(over: Partial<InputOf<'incoming.register'>> = {}) {
  return t.ok('incoming.register', docInput(o.registerId, over), o.clerkToken);
}

async function issuedPlan(year = 2026) {
  await t.ok('fileplan.save', { year, version: 0, grouping: 'field', numbering: 'continuous', headings: plan() }, o.clerkToken);
  const p = await t.ok('fileplan.get', { year }, o.clerkToken);
  await t.ok('fileplan.approve', { year, version: p.version }, o.leader.token);
  return t.ok('fileplan.issue', { year }, o.clerkToken);
}

describe('Danh mục hồ sơ', () => {
  it('numbers files over the whole list or per đề mục lớn, counts the footer, and refuses a stale save', async () => {
    const p = await t.ok('fileplan.save', { year: 2026, version: 0, grouping: 'field', numbering: 'continuous', headings: plan() }, o.clerkToken);
    expect(p.status).toBe('draft');
    expect(codes(p)).toEqual(['I 01.TCCB', 'I 02.TCCB', 'II 03.VP', 'II 04.VP']);
    expect(p.headings[0].children[0].numeral).toBe('1');
    expect(p.counts).toEqual({ total: 4, permanent: 2, limited: 2 });

    const per = await t.ok('fileplan.save', { year: 2026, version: p.version, grouping: 'field', numbering: 'per_heading', headings: plan() }, o.clerkToken);
    expect(codes(per)).toEqual(['I 01.TCCB', 'I 02.TCCB', 'II 01.VP', 'II 02.VP']);
    // A second editor still holding the first version does not overwrite the second.
    expect(await code('fileplan.save', { year: 2026, version: p.version, grouping: 'field', numbering: 'continuous', headings: plan() }, o.clerkToken)).toBe('conflict');
    // Staff may not edit the list, a clerk may not approve it.
    expect(await code('fileplan.save', { year: 2026, version: per.version, grouping: 'field', numbering: 'continuous', headings: plan() }, o.staff.token)).toBe('forbidden');
    expect(await code('fileplan.approve', { year: 2026, version: per.version }, o.clerkToken)).toBe('forbidden');
  });

  it('is approved by a leader, issued, frozen until reopened, printed, and copied to the next year', async () => {
    const p = await issuedPlan();
    expect(p).toMatchObject({ status: 'issued', approvedBy: 'Hoàng Văn Chủ' });
    expect(await code('fileplan.save', { year: 2026, version: p.version, grouping: 'field', numbering: 'continuous', headings: plan() }, o.clerkToken)).toBe('invalid_state');

    const pdf = await t.ok('fileplan.print', { year: 2026 }, o.clerkToken);
    expect(pdf.mime).toBe('application/pdf');
    expect(
      Buffer.from(pdf.bytes as Uint8Array)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const next = await t.ok('fileplan.copyFrom', { year: 2027, fromYear: 2026 }, o.clerkToken);
    expect(next.status).toBe('draft');
    // The year in a title moves on with the list.
    expect(next.headings.flatMap((h) => h.lines.map((l) => l.title))).toEqual([
      'Hồ sơ tuyển dụng công chức năm 2027',
      'Tập lưu văn bản đi năm 2027',
      'Hồ sơ hội nghị tiếp xúc cử tri',
    ]);
    expect(codes(next)).toEqual(codes(p));

    const reopened = await t.ok('fileplan.reopen', { year: 2026, reason: 'Bổ sung hồ sơ phát sinh.' }, o.leader.token);
    expect(reopened.status).toBe('draft');
  });
  it('reads a Danh mục from Excel into the editor (nothing saved) and saves it as the office checked it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh mục');
    ws.addRows([
      ['DANH MỤC HỒ SƠ CỦA ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA NĂM 2027'],
      ['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Người lập hồ sơ', 'Ghi chú'],
      ['I', 'TỔ CHỨC - CÁN BỘ (TCCB)'],
      ['01.TCCB', 'Hồ sơ tuyển dụng công chức', 'Vĩnh viễn', 'Công chức Văn phòng - Thống kê'],
      ['02.TCCB', 'Hồ sơ nâng lương', '20 năm'],
      ['II', 'VĂN PHÒNG (VP)'],
      ['03.VP', 'Tập lưu công văn đi', '10 năm'],
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await t.ok('fileplan.importXlsx', { fileName: 'danh-muc-2027.xlsx', bytes }, o.clerkToken);
    expect(read.lineCount).toBe(3);
    expect(read.headings.map((h) => h.abbr)).toEqual(['TCCB', 'VP']);
    expect((await t.ok('fileplan.get', { year: 2027 }, o.clerkToken)).id).toBeNull();
    const saved = await t.ok('fileplan.save', { year: 2027, version: 0, grouping: 'field', numbering: 'continuous', headings: read.headings }, o.clerkToken);
    expect(codes(saved)).toEqual(['I 01.TCCB', 'I 02.TCCB', 'II 03.VP']);
    expect(saved.headings[0].lines.map((l) => [l.retentionLabel, l.keeper])).toEqual([
      ['Vĩnh viễn', 'Công chức Văn phòng - Thống kê'],
      ['20 năm', null],
    ]);
    // Not a spreadsheet: refused with a reason, nothing else touched.
    const bad = await failure('fileplan.importXlsx', { fileName: 'x.xlsx', bytes: new TextEncoder().encode('không phải Excel') }, o.clerkToken);
    expect([bad.code, bad.message]).toEqual(['invalid_input', expect.stringMatching(/bảng tính|Excel/)]);
  });
});

describe('files', () => {
  it('opens a file from a Danh mục line, orders documents by date, and puts one document in two files without copying', async () => {
    const p = await issuedPlan();
    const line = p.headings[1].lines[1];
    const f = await t.ok('files.open', { year: 2026, planLineId: line.id, startDate: '2026-01-05' }, o.clerkToken);
    expect(f).toMatchObject({ code: '04.VP', title: 'Hồ sơ hội nghị tiếp xúc cử tri', retentionLabel: '10 năm', state: 'open', fileCode: '000.00.12.H35.2026.04.VP' });
    // Số và ký hiệu is unique in the year.
    expect(await code('files.open', { year: 2026, code: '04.VP', title: 'Khác', retentionId: R['05 năm'], startDate: '2026-01-05' }, o.clerkToken)).toBe('file_code_taken');

    const late = await registerIn({ codeNumber: '300', issuedDate: '2026-11-10', subject: 'Thông báo lịch tiếp xúc cử tri' });
    const early = await registerIn({ codeNumber: '12', issuedDate: '2026-03-02', subject: 'Kế hoạch tiếp xúc cử tri' });
    const out = (await issued(t, o, { subject: 'V/v báo cáo kết quả tiếp xúc cử tri' })).document;
    for (const id of [late.id, early.id, out.id]) await t.ok('files.addDocument', { fileId: f.id, documentId: id }, o.clerkToken);
    const other = (await t.ok('blobs.put', { fileName: 'bien-ban.pdf', bytes: await makePdf([['Biên bản hội nghị']]) }, o.clerkToken)).hash;
    await t.ok(
      'files.addDocument',
      { fileId: f.id, other: { blobHash: other, fileName: 'bien-ban.pdf', subject: 'Biên bản hội nghị tiếp xúc cử tri', issuedDate: '2026-06-15', pageCount: 2 } },
      o.clerkToken,
    );

    const d = await t.ok('files.get', { id: f.id }, o.clerkToken);
    expect(d.items.map((i) => [i.ordinal, i.kind, i.issuedDate])).toEqual([
      [1, 'in', '2026-03-02'],
      [2, 'other', '2026-06-15'],
      [3, 'in', '2026-11-10'],
      [4, 'out', out.issuedDate],
    ]);
    expect(d.docTotal).toBe(4);
    expect(d.pageTotal).toBe(3 + 2 + 3 + (out.pageCount ?? 0));
    expect(await code('files.addDocument', { fileId: f.id, documentId: early.id }, o.clerkToken)).toBe('conflict');

    // The arrival stamp's "Lưu hồ sơ số" shows the file code.
    expect((await t.ok('documents.get', { id: early.id }, o.clerkToken)).stamp.fileCode).toBe('04.VP');

    // The same document in a staff member's own file: one row in documents, two items, both files list it.
    const mine = await t.ok('files.open', { year: 2026, code: '90.VP', title: 'Hồ sơ theo dõi ý kiến cử tri', retentionId: R['05 năm'], startDate: '2026-03-01' }, o.staff.token);
    expect(mine.ownerName).toBe('Vũ Thị Chuyên');
    await t.ok('files.addDocument', { fileId: mine.id, documentId: out.id }, o.staff.token);
    expect((await t.ok('files.forDocument', { documentId: out.id }, o.clerkToken)).map((x) => x.code).sort()).toEqual(['04.VP', '90.VP']);
    expect(t.core.services.raw.prepare('SELECT count(*) FROM documents WHERE id = ?').pluck().get(out.id)).toBe(1);
    // Files are found without diacritics, by code or title words; the statistics count files and documents per keeper.
    expect((await t.ok('files.list', { query: 'hoi nghi cu tri' }, o.clerkToken)).items.map((x) => x.code)).toEqual(['04.VP']);
    expect((await t.ok('files.list', { query: '90.vp' }, o.staff.token)).items.map((x) => x.code)).toEqual(['90.VP']);
    expect((await t.ok('files.list', { mine: true }, o.staff.token)).total).toBe(1);
    expect((await t.ok('files.list', {}, o.other.token)).total).toBe(0);
    expect((await t.ok('files.stats', { year: 2026 }, o.leader.token)).map((r) => [r.name, r.open, r.documents])).toEqual([
      ['Lê Thị Văn Thư', 1, 4],
      ['Vũ Thị Chuyên', 1, 1],
    ]);
    // Exported as one ZIP in the store: the combined PDF, the XML, and the originals of what has a file.
    const ex = await t.ok('files.export', { id: f.id }, o.clerkToken);
    expect(ex).toMatchObject({ fileName: '000.00.12.H35.2026.04.VP.zip', documents: 4 });
    const zip = unzipSync(new Uint8Array((await t.ok('blobs.get', { hash: ex.hash }, o.clerkToken)).bytes as Uint8Array));
    const names = Object.keys(zip).map((n) => n.replace(/^[^/]+\//, ''));
    expect(names).toEqual(expect.arrayContaining(['ho-so.pdf', 'metadata/ho-so.xml', 'metadata/ho-so.xsd', 'manifest-sha256.txt', 'README.txt', 'tai-lieu/002-bien-ban.pdf']));
    const xml = strFromU8(Object.entries(zip).find(([n]) => n.endsWith('ho-so.xml'))![1]);
    expect(xml).toContain('<FileNotation>04.VP</FileNotation>');
    expect(xml.match(/<DocOrdinal>/g)).toHaveLength(4);
    // A staff member without documents.export may not export.
    expect(await code('files.export', { id: f.id }, o.staff.token)).toBe('forbidden');
    // Removing renumbers.
    const removed = await t.ok('files.removeItem', { fileId: f.id, itemId: d.items[1].id }, o.clerkToken);
    expect(removed.items.map((i) => i.ordinal)).toEqual([1, 2, 3]);
    // The history names the person and the item, by number and date only.
    expect(removed.history.slice(0, 2).map((h) => [h.actor, h.text])).toEqual([
      ['Lê Thị Văn Thư', 'Bỏ văn bản khỏi hồ sơ: số 2 trong hồ sơ, bien-ban.pdf ngày 15/06/2026'],
      ['Lê Thị Văn Thư', 'Xuất hồ sơ'],
    ]);
    expect(removed.history.find((h) => h.text.startsWith('Đưa văn bản vào hồ sơ: số 1 trong hồ sơ, 12/QĐ-UBND ngày 02/03/2026'))).toBeTruthy();
  });

  it('keeps DocOrdinal in date order whatever order documents are filed in, and after removals', async () => {
    const f = await t.ok('files.open', { year: 2026, code: '20.VP', title: 'Hồ sơ thứ tự', retentionId: R['10 năm'], startDate: '2026-01-01' }, o.clerkToken);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 30; i++) {
      const day = `2026-${String(1 + Math.floor(rnd() * 3)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 5)).padStart(2, '0')}`;
      const d = await registerIn({ codeNumber: String(100 + i), issuedDate: day });
      await t.ok('files.addDocument', { fileId: f.id, documentId: d.id }, o.clerkToken);
      if (i % 7 === 6) {
        const cur = await t.ok('files.get', { id: f.id }, o.clerkToken);
        await t.ok('files.removeItem', { fileId: f.id, itemId: cur.items[Math.floor(rnd() * cur.items.length)].id }, o.clerkToken);
      }
    }
    const d = await t.ok('files.get', { id: f.id }, o.clerkToken);
    expect(d.items.map((i) => i.ordinal)).toEqual(d.items.map((_, k) => k + 1));
    const byDate = [...d.items].sort((x, y) => (x.issuedDate! < y.issuedDate! ? -1 : x.issuedDate! > y.issuedDate! ? 1 : x.id - y.id));
    expect(d.items.map((i) => i.id)).toEqual(byDate.map((i) => i.id));
    expect(d.docTotal).toBe(26);
    expect(d.pageTotal).toBe(26 * 3);
  });

  it('refuses to close with the reasons listed, then closes, re-assesses the retention and fixes the transfer date', async () => {
    const f = await t.ok('files.open', { year: 2026, code: '05.VP', title: 'Hồ sơ chương trình mục tiêu', retentionId: R['05 năm'], startDate: '2026-02-01' }, o.clerkToken);
    const close = { id: f.id, retentionId: R['10 năm'], title: 'Hồ sơ chương trình mục tiêu quốc gia', code: '05.VP' };
    let e = await failure('files.close', close, o.clerkToken);
    expect(e.code).toBe('file_not_ready');
    expect((e.details as { problems: Array<{ text: string }> }).problems.map((p) => p.text)).toEqual(['Hồ sơ chưa có văn bản nào.']);

    const draft = await t.ok(
      'outgoing.createDraft',
      { docTypeId: 18, subject: 'V/v triển khai chương trình', recipients: [{ kind: 'text', name: 'Các thôn' }], keepLine: 'Lưu: VT.' },
      o.clerkToken,
    );
    const a = await t.ok('files.addDocument', { fileId: f.id, documentId: draft.id }, o.clerkToken);
    expect(a.warning).toBe('Dự thảo chưa ban hành.');
    // The same letter registered twice (the paper copy and the electronic one).
    const one = await registerIn({ issuedDate: '2026-04-01' });
    const two = await registerIn({ issuedDate: '2026-04-01', allowDuplicate: true });
    for (const id of [one.id, two.id]) await t.ok('files.addDocument', { fileId: f.id, documentId: id }, o.clerkToken);
    const pdf = (await t.ok('blobs.put', { fileName: 'ke-hoach.pdf', bytes: await makePdf([['Kế hoạch']]) }, o.clerkToken)).hash;
    const other = { blobHash: pdf, fileName: 'ke-hoach.pdf', subject: 'Kế hoạch thực hiện', issuedDate: '2026-05-01', pageCount: 1 };
    await t.ok('files.addDocument', { fileId: f.id, other }, o.clerkToken);
    expect(await code('files.addDocument', { fileId: f.id, other: { ...other, subject: 'Bản chụp lại' } }, o.clerkToken)).toBe('conflict');
    e = await failure('files.close', close, o.clerkToken);
    const problems = (e.details as { problems: Array<{ text: string; itemId: number | null }> }).problems;
    expect(problems.map((p) => p.text)).toEqual([expect.stringContaining('là dự thảo chưa ban hành'), 'Văn bản số 1 và số 2 trùng nhau: hãy bỏ bớt một bản.']);
    const d = await t.ok('files.get', { id: f.id }, o.clerkToken);
    for (const i of d.items.filter((x) => x.kind === 'out' || x.documentId === two.id)) await t.ok('files.removeItem', { fileId: f.id, itemId: i.id }, o.clerkToken);

    const closed = await t.ok('files.close', close, o.clerkToken);
    expect(closed).toMatchObject({ state: 'closed', title: close.title, retentionLabel: '10 năm', endDate: '2026-05-01', transferDueDate: '2027-05-01', expiresAfterYear: 2036 });
    // Closed: only the archive edits it, and may reopen it.
    expect(await code('files.update', { id: f.id, code: '05.VP', title: 'X', retentionId: R['10 năm'], startDate: '2026-02-01' }, o.staff.token)).toBe('not_found');
    expect((await t.ok('files.reopen', { id: f.id, reason: 'Bổ sung văn bản.' }, o.clerk2.token)).state).toBe('open');
    expect(await code('files.reopen', { id: f.id, reason: 'x' }, o.staff.token)).toBe('forbidden');
  });

  it("closes a staff member's file and then he no longer changes it", async () => {
    const f = await t.ok('files.open', { year: 2026, code: '15.VP', title: 'Hồ sơ cá nhân', retentionId: R['05 năm'], startDate: '2026-02-01' }, o.staff.token);
    const pdf = (await t.ok('blobs.put', { fileName: 'to-trinh.pdf', bytes: await makePdf([['Tờ trình']]) }, o.staff.token)).hash;
    const other = { blobHash: pdf, fileName: 'to-trinh.pdf', subject: 'Tờ trình', issuedDate: '2026-03-01', pageCount: 1 };
    await t.ok('files.addDocument', { fileId: f.id, other }, o.staff.token);
    // A file uploaded by someone else is not his to file.
    const theirs = (await t.ok('blobs.put', { fileName: 'mat.pdf', bytes: await makePdf([['Mật']]) }, o.clerkToken)).hash;
    expect(await code('files.addDocument', { fileId: f.id, other: { ...other, blobHash: theirs } }, o.staff.token)).toBe('not_found');
    await t.ok('files.close', { id: f.id, retentionId: R['05 năm'], title: f.title, code: '15.VP' }, o.staff.token);
    expect(await code('files.removeItem', { fileId: f.id, itemId: 1 }, o.staff.token)).toBe('file_closed');
    expect(
      await code('files.open', { year: 2026, code: '16.VP', title: 'Cho người khác', retentionId: R['05 năm'], startDate: '2026-02-01', ownerId: o.other.id }, o.staff.token),
    ).toBe('forbidden');
  });

  it('keeps a staff file to its keeper; a restricted grant waits for a leader, then the file and its documents are readable', async () => {
    const f = await t.ok(
      'files.open',
      { year: 2026, code: '06.VP', title: 'Hồ sơ giải quyết khiếu nại', retentionId: R['10 năm'], startDate: '2026-02-01', rights: 'restricted' },
      o.staff.token,
    );
    const doc = await registerIn({ subject: 'Đơn khiếu nại về đất đai' });
    // The keeper files only what he may read.
    expect(await code('files.addDocument', { fileId: f.id, documentId: doc.id }, o.staff.token)).toBe('not_found');
    await t.ok('files.addDocument', { fileId: f.id, documentId: doc.id }, o.clerkToken);

    expect(await code('files.get', { id: f.id }, o.other.token)).toBe('not_found');
    expect(await code('documents.get', { id: doc.id }, o.other.token)).toBe('not_found');
    const set = await t.ok('files.setAccess', { id: f.id, rights: 'restricted', userIds: [o.other.id] }, o.staff.token);
    expect(set.access.map((g) => [g.userName, g.state])).toEqual([['Ngô Văn Ngoài', 'pending']]);
    expect(await code('files.get', { id: f.id }, o.other.token)).toBe('not_found');
    expect((await t.ok('files.pendingAccess', {}, o.leader.token)).map((x) => x.id)).toEqual([f.id]);
    expect(await code('files.approveAccess', { id: f.id, approve: true }, o.staff.token)).toBe('forbidden');

    await t.ok('files.approveAccess', { id: f.id, approve: true }, o.leader.token);
    expect((await t.ok('files.get', { id: f.id }, o.other.token)).items.map((i) => i.documentId)).toEqual([doc.id]);
    expect((await t.ok('documents.get', { id: doc.id }, o.other.token)).id).toBe(doc.id);
    // He reads, he does not edit.
    expect(await code('files.update', { id: f.id, code: '06.VP', title: 'Đổi', retentionId: R['10 năm'], startDate: '2026-02-01' }, o.other.token)).toBe('forbidden');
    // Revoking (restricting further) is immediate.
    await t.ok('files.setAccess', { id: f.id, rights: 'restricted', userIds: [] }, o.staff.token);
    expect(await code('files.get', { id: f.id }, o.other.token)).toBe('not_found');
    expect(await code('documents.get', { id: doc.id }, o.other.token)).toBe('not_found');
  });
});

describe('archive', () => {
  async function closedFile(codeText: string, retention: string, docs: number[], endDate: string) {
    const year = Number(endDate.slice(0, 4));
    const f = await t.ok('files.open', { year, code: codeText, title: `Hồ sơ ${codeText}`, retentionId: R[retention], startDate: `${year}-01-02` }, o.clerkToken);
    for (const id of docs) await t.ok('files.addDocument', { fileId: f.id, documentId: id }, o.clerkToken);
    return t.ok('files.close', { id: f.id, retentionId: R[retention], title: f.title, code: codeText, endDate }, o.clerkToken);
  }

  it('tells the keeper and the archive a month before the transfer, once, receives the files and freezes them', async () => {
    // Today is 20/11/2026: a file ended on 10/12/2025 is due on 10/12/2026.
    const doc = await registerIn();
    const f = await closedFile('07.VP', '10 năm', [doc.id], '2025-12-10');
    const short = await closedFile('08.VP', '02 năm', [doc.id], '2025-12-10');
    const later = await closedFile('09.VP', '10 năm', [doc.id], '2026-02-10');
    expect([f.transferDueDate, short.transferDueDate, later.transferDueDate]).toEqual(['2026-12-10', null, '2027-02-10']);

    t.core.runJobs();
    const alerts = t.core.services.raw.prepare(`SELECT user_id AS u, text FROM notifications WHERE kind = 'reminder' AND text LIKE '%VP%'`).all() as Array<{
      u: number;
      text: string;
    }>;
    expect(alerts.map((a) => a.u).sort()).toEqual([o.clerkId, o.clerk2.id].sort());
    expect(alerts[0].text).toBe('Hồ sơ 07.VP "Hồ sơ 07.VP" sắp đến hạn nộp lưu (10/12/2026).');
    t.core.runJobs();
    expect(t.core.services.raw.prepare(`SELECT count(*) FROM notifications WHERE text LIKE '%VP%'`).pluck().get()).toBe(2);

    expect((await t.ok('files.list', { due: 'transfer' }, o.clerkToken)).items.map((x) => x.id)).toEqual([f.id]);
    const forms = await t.ok('archive.transferForms', { fileIds: [f.id], deliveredBy: 'Lê Thị Văn Thư' }, o.clerkToken);
    expect(
      Buffer.from(forms.bytes as Uint8Array)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await code('archive.transfer', { fileIds: [f.id], deliveredBy: 'Lê Thị Văn Thư', notes: null }, o.staff.token)).toBe('forbidden');
    const tr = await t.ok('archive.transfer', { fileIds: [f.id], deliveredBy: 'Lê Thị Văn Thư', deliveringUnit: 'Văn phòng', notes: null }, o.clerkToken);
    expect(tr).toMatchObject({ number: 1, year: 2026, fileCount: 1, documentCount: 1, fileIds: [f.id] });
    const archived = await t.ok('files.get', { id: f.id }, o.clerkToken);
    expect(archived.state).toBe('archived');
    expect(await code('files.removeItem', { fileId: f.id, itemId: archived.items[0].id }, o.clerkToken)).toBe('file_closed');
    expect(await code('files.reopen', { id: f.id, reason: 'x' }, o.clerkToken)).toBe('invalid_state');
    // Transferring twice is refused with the file named.
    const e = await failure('archive.transfer', { fileIds: [f.id], deliveredBy: 'X', notes: null }, o.clerkToken);
    expect(e.code).toBe('invalid_state');
    expect(e.message).toContain('07.VP');
    expect((await t.ok('archive.transfers', {}, o.clerkToken)).map((x) => x.number)).toEqual([1]);
  });

  it('destroys only expired files, keeps what a live file still uses, answers content_disposed and purges the bytes', async () => {
    const a = (await t.ok('blobs.put', { fileName: 'a.pdf', bytes: await makePdf([['Văn bản chỉ trong hồ sơ hết hạn']]) }, o.clerkToken)).hash;
    const b = (await t.ok('blobs.put', { fileName: 'b.pdf', bytes: await makePdf([['Văn bản còn trong hồ sơ khác']]) }, o.clerkToken)).hash;
    const onlyHere = await registerIn({ codeNumber: '1', files: [{ hash: a, fileName: 'a.pdf', role: 'main' }] });
    const shared = await registerIn({ codeNumber: '2', files: [{ hash: b, fileName: 'b.pdf', role: 'main' }] });
    // Ended in 2023, kept 02 năm: kept to the end of 2025, so it may go in 2026. The 10-year one may not.
    const f = await closedFile('01.VP', '02 năm', [onlyHere.id, shared.id], '2023-06-30');
    // The photocopy kept beside it is the very file of a document still kept elsewhere: its bytes stay.
    await t.ok('files.addDocument', { fileId: f.id, other: { blobHash: b, fileName: 'b.pdf', subject: 'Bản sao', issuedDate: '2023-06-01', pageCount: 1 } }, o.clerkToken);
    // A file kept only as an item of the expired file, but also attached to a work schedule entry: its bytes stay too.
    const c = (await t.ok('blobs.put', { fileName: 'c.pdf', bytes: await makePdf([['Giấy mời họp']]) }, o.clerkToken)).hash;
    await t.ok('files.addDocument', { fileId: f.id, other: { blobHash: c, fileName: 'c.pdf', subject: 'Giấy mời', issuedDate: '2023-06-02', pageCount: 1 } }, o.clerkToken);
    await t.ok(
      'schedule.save',
      {
        owner: { kind: 'office' },
        weekStart: '2026-11-16',
        date: '2026-11-20',
        slot: 'morning',
        content: 'Họp tổng kết',
        participants: [],
        files: [{ hash: c, fileName: 'c.pdf' }],
      },
      o.clerkToken,
    );
    const young = await closedFile('02.VP', '02 năm', [shared.id], '2024-06-30');
    await closedFile('03.VP', '10 năm', [shared.id], '2023-06-30');
    expect([f.expiresAfterYear, young.expiresAfterYear]).toEqual([2025, 2026]);

    const decision = { fileIds: [f.id], decisionNumber: '15/QĐ-UBND', decisionDate: '2026-11-15', signerName: 'Hoàng Văn Chủ', signerPosition: 'Chủ tịch', notes: null };
    const early = await failure('archive.dispose', { ...decision, fileIds: [f.id, young.id] }, o.clerkToken);
    expect(early.code).toBe('retention_not_ended');
    expect(early.message).toContain('02.VP: còn thời hạn bảo quản đến hết năm 2026');
    expect(await code('archive.dispose', { ...decision, decisionDate: '2026-12-01' }, o.clerkToken)).toBe('invalid_input');

    // The text of its file is searchable until the decision.
    await t.core.services.jobs.kick();
    const found = async () => (await t.ok('documents.search', { query: 'chỉ trong hồ sơ hết hạn' }, o.clerkToken)).items.map((h) => h.item.id);
    expect(await found()).toEqual([onlyHere.id]);
    expect((await t.ok('files.list', { due: 'expired' }, o.clerkToken)).items.map((x) => x.id)).toEqual([f.id]);
    expect(await code('archive.dispose', decision, o.leader.token)).toBe('forbidden');
    const d = await t.ok('archive.dispose', decision, o.clerkToken);
    expect(d).toMatchObject({ fileCount: 1, blobsRemoved: 1, blobsKept: 2, fileIds: [f.id] });
    expect((await t.ok('files.get', { id: f.id }, o.clerkToken)).state).toBe('disposed');

    const gone = await failure('blobs.get', { hash: a }, o.clerkToken);
    expect(gone.code).toBe('content_disposed');
    expect(gone.message).toContain('15/QĐ-UBND');
    expect((await t.ok('blobs.get', { hash: b }, o.clerkToken)).bytes).toBeTruthy();
    expect(await found()).toEqual([]);
    // The bytes leave the disk in the background; the other files' document is untouched.
    await t.core.services.jobs.kick();
    const onDisk = (h: string) => fs.existsSync(path.join(t.core.services.blobs.store.dir, h.slice(0, 2), h.slice(2, 4), h));
    expect(onDisk(a)).toBe(false);
    expect(onDisk(b)).toBe(true);
    expect(onDisk(c)).toBe(true);
    expect((await t.ok('archive.disposals', {}, o.clerkToken)).map((x) => x.decisionNumber)).toEqual(['15/QĐ-UBND']);
    expect(await code('files.setAccess', { id: f.id, rights: 'open', userIds: [] }, o.clerkToken)).toBe('file_closed');
  });

  it('never disposes permanent or conditional files', async () => {
    const doc = await registerIn();
    const p = await closedFile('11.VP', 'Vĩnh viễn', [doc.id], '2001-06-30');
    const c = await closedFile('12.VP', 'Đến khi văn bản hết hiệu lực', [doc.id], '2001-06-30');
    const e = await failure(
      'archive.dispose',
      { fileIds: [p.id, c.id], decisionNumber: '1/QĐ', decisionDate: '2026-11-01', signerName: 'A', signerPosition: 'B', notes: null },
      o.clerkToken,
    );
    expect(e.code).toBe('retention_not_ended');
    expect((e.details as { problems: string[] }).problems).toEqual([
      '11.VP: bảo quản vĩnh viễn',
      expect.stringContaining('12.VP: thời hạn "Đến khi văn bản hết hiệu lực" theo điều kiện'),
    ]);
  });
});
