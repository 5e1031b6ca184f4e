// Per-document access (src-main/documents/access.ts): who registered it, who it is given to, their unit's head, the
// role-wide readers (lãnh đạo, văn thư, quản trị) — and "hạn chế", which takes the role-wide reading away. The core
// enforces it on every path; a staff member with no link to a document learns nothing of it by any method.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, type MethodName } from '../../src-shared/api';
import { fold } from '../../src-shared/vn/text';
import { makeCore, userWithRoles, type TestCore } from '../helpers/core';
import { importRecordOf } from '../helpers/import-records';
import { clerkOffice, docInput } from '../helpers/incoming';
import { makePdf } from '../unit/blobs-fixtures';

const OPEN_SUBJECT = 'Công văn về việc bồi thường giải phóng mặt bằng khu Bãi Sậy';
const OPEN_FILE_TEXT = 'Phương án chi trả cho hộ ông Đinh Xuân Quyết thôn Yên Lạc';
const SECRET_SUBJECT = 'Quyết định kỷ luật cán bộ Trần Văn Khoa vì vi phạm quy chế';
const SECRET_FILE_TEXT = 'Biên bản họp Hội đồng kỷ luật ngày mười hai';

/** Every way the words of a text could show in an answer: as written, folded, or by a few of its words. */
function mentions(haystack: string, text: string): boolean {
  const h = fold(haystack).replace(/\s+/g, ' ');
  const words = fold(text).split(/\s+/);
  return h.includes(fold(text)) || [words.slice(2, 5).join(' '), words.slice(-3).join(' ')].some((w) => h.includes(w));
}

interface Office {
  t: TestCore;
  o: Awaited<ReturnType<typeof clerkOffice>>;
  clerk2: string;
  leader: string;
  head: { token: string; id: number };
  staff1: { token: string; id: number };
  outsider: { token: string; id: number };
  unitP: number;
  open: { id: number; hash: string };
  secret: { id: number; hash: string };
}

async function office(t: TestCore): Promise<Office> {
  const o = await clerkOffice(t);
  const unitP = (await t.ok('units.create', { name: 'Phòng Tư pháp - Hộ tịch', code: 'TP', parentId: null }, o.adminToken)).id;
  const unitQ = (await t.ok('units.create', { name: 'Phòng Địa chính', code: 'DC', parentId: null }, o.adminToken)).id;
  const clerk2 = (await userWithRoles(t, o.adminToken, 'Phạm Thị Lưu', ['clerk'])).token;
  const leader = (await userWithRoles(t, o.adminToken, 'Hoàng Văn Chủ', ['leader'])).token;
  const head = await userWithRoles(t, o.adminToken, 'Đỗ Văn Trưởng', ['staff']);
  const staff1 = await userWithRoles(t, o.adminToken, 'Vũ Thị Chuyên', ['staff']);
  const outsider = await userWithRoles(t, o.adminToken, 'Ngô Văn Ngoài', ['staff']);
  const place = async (id: number, unitId: number, headsUnit: boolean, fullName: string) =>
    t.ok('users.update', { id, fullName, position: null, email: null, phone: null, unitId, headsUnit, roles: ['staff'] }, o.adminToken);
  await place(head.id, unitP, true, 'Đỗ Văn Trưởng');
  await place(staff1.id, unitP, false, 'Vũ Thị Chuyên');
  await place(outsider.id, unitQ, false, 'Ngô Văn Ngoài');

  const file = async (name: string, text: string) => (await t.ok('blobs.put', { fileName: name, bytes: await makePdf([[text]]) }, o.clerkToken)).hash;
  const openHash = await file('boi-thuong.pdf', OPEN_FILE_TEXT);
  const secretHash = await file('ky-luat.pdf', SECRET_FILE_TEXT);
  const openDoc = await t.ok(
    'incoming.register',
    docInput(o.registerId, { subject: OPEN_SUBJECT, codeNumber: '41', files: [{ hash: openHash, fileName: 'boi-thuong.pdf', role: 'main' }] }),
    o.clerkToken,
  );
  const secretDoc = await t.ok(
    'incoming.register',
    docInput(o.registerId, {
      subject: SECRET_SUBJECT,
      codeNumber: '42',
      codeNotation: 'QĐ-UBND',
      restricted: true,
      files: [{ hash: secretHash, fileName: 'ky-luat.pdf', role: 'main' }],
    }),
    o.clerkToken,
  );
  await t.core.idle();
  return { t, o, clerk2, leader, head, staff1, outsider, unitP, open: { id: openDoc.id, hash: openHash }, secret: { id: secretDoc.id, hash: secretHash } };
}

/** What a reader sees of the two documents through list, count, search (subject and file text) and detail. */
async function sees(f: Office, token: string) {
  const { t } = f;
  const list = await t.ok('documents.list', { filters: { direction: 'in' }, withTotal: true }, token);
  const ids = new Set([...list.items, ...list.pinned].map((i) => i.id));
  const count = (await t.ok('documents.count', { filters: { direction: 'in' } }, token)).total;
  const search = async (q: string) => (await t.ok('documents.search', { query: q, filters: { direction: 'in' } }, token)).items.map((h) => h.item.id);
  const got = async (id: number) => (await t.call('documents.get', { id }, token)).ok;
  const file = async (hash: string) => (await t.call('blobs.view', { hash }, token)).ok;
  return {
    open: {
      list: ids.has(f.open.id),
      search: (await search('giai phong mat bang bai say')).includes(f.open.id),
      text: (await search('dinh xuan quyet yen lac')).includes(f.open.id),
      get: await got(f.open.id),
      file: await file(f.open.hash),
    },
    secret: {
      list: ids.has(f.secret.id),
      search: (await search('ky luat tran van khoa')).includes(f.secret.id),
      text: (await search('hoi dong ky luat muoi hai')).includes(f.secret.id),
      get: await got(f.secret.id),
      file: await file(f.secret.hash),
    },
    count,
    total: list.total,
  };
}

const ALL = { list: true, search: true, text: true, get: true, file: true };
const NONE = { list: false, search: false, text: false, get: false, file: false };

describe('per-document access', () => {
  let t: TestCore;
  let f: Office;
  beforeEach(async () => {
    t = makeCore();
    f = await office(t);
  });
  afterEach(() => t.close());

  it('lets the role-wide readers see every unrestricted document, and a restricted one only its registrant', async () => {
    expect(await sees(f, f.o.clerkToken)).toEqual({ open: ALL, secret: ALL, count: 2, total: 2 });
    expect(await sees(f, f.clerk2)).toEqual({ open: ALL, secret: NONE, count: 1, total: 1 });
    expect(await sees(f, f.leader)).toEqual({ open: ALL, secret: NONE, count: 1, total: 1 });
    expect(await sees(f, f.o.adminToken)).toEqual({ open: ALL, secret: NONE, count: 1, total: 1 });
    const detail = await t.ok('documents.get', { id: f.secret.id }, f.o.clerkToken);
    expect(detail.restricted).toBe(true);
  });

  it('shows a staff member only what is given to them, their unit head what is given to the unit or its people', async () => {
    for (const who of [f.staff1, f.head, f.outsider]) expect(await sees(f, who.token)).toEqual({ open: NONE, secret: NONE, count: 0, total: 0 });

    const links = await t.ok('documents.share', { id: f.open.id, userIds: [f.staff1.id] }, f.o.clerkToken);
    expect(links.map((l) => [l.kind, l.userName])).toEqual([['info', 'Vũ Thị Chuyên']]);
    expect(await sees(f, f.staff1.token)).toEqual({ open: ALL, secret: NONE, count: 1, total: 1 });
    // The head of her unit follows her work; a staff member of another unit still sees nothing.
    expect(await sees(f, f.head.token)).toEqual({ open: ALL, secret: NONE, count: 1, total: 1 });
    expect(await sees(f, f.outsider.token)).toEqual({ open: NONE, secret: NONE, count: 0, total: 0 });

    // A unit below hers counts for the head too: a document given to someone of "Tổ hộ tịch" under her unit.
    const sub = (await t.ok('units.create', { name: 'Tổ hộ tịch', code: 'HT', parentId: f.unitP }, f.o.adminToken)).id;
    const clerkOfSub = await userWithRoles(t, f.o.adminToken, 'Trịnh Văn Tổ', ['staff']);
    await t.ok(
      'users.update',
      { id: clerkOfSub.id, fullName: 'Trịnh Văn Tổ', position: null, email: null, phone: null, unitId: sub, headsUnit: false, roles: ['staff'] },
      f.o.adminToken,
    );
    const third = await t.ok('incoming.register', docInput(f.o.registerId, { subject: 'Về việc cấp bản sao trích lục khai sinh', codeNumber: '77' }), f.o.clerkToken);
    await t.ok('documents.share', { id: third.id, userIds: [clerkOfSub.id] }, f.o.clerkToken);
    expect((await t.call('documents.get', { id: third.id }, f.head.token)).ok).toBe(true);
    expect((await t.call('documents.get', { id: third.id }, f.staff1.token)).ok).toBe(false);

    // Work given to a unit reaches its head, who passes it on, not its people.
    t.core.services.raw.transaction(() => t.core.services.access.grant(f.secret.id, 'lead', { userIds: [], unitIds: [f.unitP] }, f.o.clerkId, t.clock.now())).immediate();
    expect((await sees(f, f.head.token)).secret).toEqual(ALL);
    expect((await sees(f, f.staff1.token)).secret).toEqual(NONE);
    // Sent to a unit "để biết", for information: everyone in it sees it; another unit and the other clerk do not.
    await t.ok('documents.share', { id: f.secret.id, unitIds: [f.unitP] }, f.o.clerkToken);
    expect((await sees(f, f.staff1.token)).secret).toEqual(ALL);
    expect((await sees(f, f.outsider.token)).secret).toEqual(NONE);
    expect((await sees(f, f.clerk2)).secret).toEqual(NONE);

    // Taken back: she no longer sees it, and neither does the head through her.
    const mine = links.find((l) => l.userId === f.staff1.id)!;
    await t.ok('documents.unshare', { id: f.open.id, linkId: mine.id }, f.o.clerkToken);
    expect((await sees(f, f.staff1.token)).open).toEqual(NONE);
    expect((await sees(f, f.head.token)).open).toEqual(NONE);
    // Only "để biết" links are taken back here; routing's own links are not.
    const lead = (await t.ok('documents.access', { id: f.secret.id }, f.o.clerkToken)).find((l) => l.kind === 'lead')!;
    expect((await t.call('documents.unshare', { id: f.secret.id, linkId: lead.id }, f.o.clerkToken)).ok).toBe(false);
  });

  it('answers "not found" for a document or file one may not see, exactly as for one that does not exist', async () => {
    const hidden = await t.call('documents.get', { id: f.open.id }, f.outsider.token);
    const absent = await t.call('documents.get', { id: 999_999 }, f.outsider.token);
    expect(hidden).toEqual(absent);
    expect(hidden.ok).toBe(false);
    const hiddenFile = await t.call('blobs.get', { hash: f.open.hash }, f.outsider.token);
    const absentFile = await t.call('blobs.get', { hash: 'f'.repeat(64) }, f.outsider.token);
    expect(hiddenFile).toEqual(absentFile);
    expect((await t.call('blobs.open', { hash: f.open.hash, fileName: 'x.pdf' }, f.outsider.token)).ok).toBe(false);
    // Nor can one without the right give it away, or a clerk act on a restricted document she may not see.
    expect((await t.call('documents.share', { id: f.open.id, userIds: [f.outsider.id] }, f.outsider.token)).ok).toBe(false);
    const voided = await t.call('incoming.void', { id: f.secret.id, reason: 'Vào sổ nhầm' }, f.clerk2);
    expect(voided.ok ? null : voided.error.code).toBe('not_found');
    // An uploader reads back her own upload before it is attached; nobody else does.
    const own = await t.ok('blobs.put', { fileName: 'nhap.pdf', bytes: await makePdf([['Bản nháp của chuyên viên']]) }, f.outsider.token);
    expect((await t.call('blobs.view', { hash: own.hash }, f.outsider.token)).ok).toBe(true);
    expect((await t.call('blobs.view', { hash: own.hash }, f.staff1.token)).ok).toBe(false);
  });

  it('lets a staff member with no link learn nothing of a document by any method of the API', async () => {
    const token = f.outsider.token;
    // Every method, with inputs naming the documents, their files and words of their subjects and file texts.
    const probe = {
      id: f.open.id,
      documentId: f.open.id,
      pendingId: f.open.id,
      registerId: f.o.registerId,
      hash: f.open.hash,
      fileName: 'boi-thuong.pdf',
      query: 'bai say',
      filters: { direction: 'in' },
      format: 'xlsx',
      direction: 'in',
      year: f.o.year,
      limit: 50,
    };
    const answers: string[] = [];
    for (const method of Object.keys(api) as MethodName[]) {
      if (method === 'auth.logout' || method === 'auth.changePassword') continue;
      for (const over of [{}, { id: f.secret.id, documentId: f.secret.id, hash: f.secret.hash, query: 'ky luat' }]) {
        const r = await t.call(method, { ...probe, ...over } as never, token);
        answers.push(`${method} ${JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))}`);
      }
    }
    const all = answers.join('\n');
    expect(all).toContain('documents.list');
    for (const text of [OPEN_SUBJECT, OPEN_FILE_TEXT, SECRET_SUBJECT, SECRET_FILE_TEXT]) expect(mentions(all, text)).toBe(false);
  });

  it('keeps a restricted document out of a leader’s exports, prints only its number in the book, and out of the audit trail', async () => {
    const xlsx = await t.ok('documents.export', { query: '', filters: { direction: 'in' }, format: 'xlsx' }, f.leader);
    const sheet = Object.entries(unzipSync(xlsx.bytes))
      .filter(([n]) => n.endsWith('.xml'))
      .map(([, b]) => strFromU8(b))
      .join('\n');
    expect(mentions(sheet, OPEN_SUBJECT)).toBe(true);
    expect(mentions(sheet, SECRET_SUBJECT)).toBe(false);

    const book = await t.ok('registers.printBook', { registerId: f.o.registerId }, f.leader);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-access-'));
    fs.writeFileSync(path.join(dir, 'so.pdf'), book.bytes);
    const text = execFileSync('pdftotext', [path.join(dir, 'so.pdf'), '-'], { encoding: 'utf8' });
    expect(mentions(text, OPEN_SUBJECT)).toBe(true);
    expect(text).toContain('(Văn bản hạn chế)');
    expect(mentions(text, SECRET_SUBJECT)).toBe(false);

    // The other clerk is still warned that the number exists, without its subject.
    const dup = await t.ok(
      'incoming.checkDuplicates',
      { issuer: { agencyId: null, code: null, name: 'Ủy ban nhân dân huyện Kim Bảng' }, codeNumber: '42', codeNotation: 'QĐ-UBND', issuedDate: '2026-11-18' },
      f.clerk2,
    );
    expect(dup.candidates.map((c) => [c.id, c.subject])).toEqual([[f.secret.id, '(Văn bản hạn chế)']]);

    await t.ok(
      'incoming.update',
      { ...docInput(f.o.registerId, { subject: `${SECRET_SUBJECT} (sửa)`, codeNumber: '42', restricted: true }), id: f.secret.id } as never,
      f.o.clerkToken,
    );
    const audit = await t.ok('audit.list', { limit: 200 }, f.o.adminToken);
    const trail = JSON.stringify(audit.items);
    expect(trail).toContain('incoming.register');
    expect(mentions(trail, SECRET_SUBJECT)).toBe(false);
    expect(mentions(trail, OPEN_SUBJECT)).toBe(true);
  });
});

describe('search among a reader’s own documents', () => {
  it('finds the same documents in the same order as the index, for the queries clerks type', async () => {
    const t = makeCore();
    try {
      const o = await clerkOffice(t);
      const staff = await userWithRoles(t, o.adminToken, 'Vũ Thị Chuyên', ['staff']);
      const { createDocGenerator } = await import('../bench/gen-vn-docs');
      const gen = createDocGenerator(17, { total: 1200 });
      const records = Array.from({ length: 1200 }, (_, i) => importRecordOf(gen.document(i, o.year)));
      const s = t.core.services;
      s.raw.transaction(() => s.incoming.importRecords(o.registerId, records, 'allocate', o.clerkId, '07:30')).immediate();
      // A few with files, so that the third tier (words only in the files) has members.
      const texts = ['Kế hoạch tiêm chủng mở rộng tại trạm y tế xã', 'Báo cáo kết quả giải ngân vốn nông thôn mới', 'Danh sách hộ nghèo thôn Yên Lạc năm 2026'];
      for (const [i, text] of texts.entries()) {
        const hash = (await t.ok('blobs.put', { fileName: `tep-${i}.pdf`, bytes: await makePdf([[text]]) }, o.clerkToken)).hash;
        await t.ok(
          'incoming.register',
          docInput(o.registerId, { subject: `Công văn số ${i} về việc khác`, codeNumber: String(900 + i), files: [{ hash, fileName: `tep-${i}.pdf`, role: 'main' }] }),
          o.clerkToken,
        );
      }
      await t.core.idle();
      const all = s.raw.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
      s.raw
        .transaction(() => {
          for (const id of all.filter((_, i) => i % 2 === 0 || i >= all.length - 3)) s.access.grant(id, 'info', { userIds: [staff.id], unitIds: [] }, o.clerkId, t.clock.now());
        })
        .immediate();
      const viewer = s.access.viewer(staff.id);
      const queries = [
        'quyet dinh',
        'ke hoach',
        'ubnd huyen kim bang',
        'hd',
        'tram y te',
        'bao cao ket qua',
        'dinh quyet',
        'so tai chinh',
        'ke hoach OR bao cao',
        'ke hoach -tiem',
        'quyet dinh NOT ngheo',
        '7',
        '07',
        'quy dinh',
        'yen lac',
        'giai ngan von',
        'xyzxyz khong co',
        'UBND',
        'cong van so',
      ];
      let compared = 0;
      for (const query of queries) {
        for (const page of [
          { limit: 20, offset: 0 },
          { limit: 20, offset: 20 },
        ]) {
          const input = { query, filters: { direction: 'in' as const }, ...page };
          const viaIndex = s.documents.search(input, '2026-11-20', viewer, { smallSetMax: 0 });
          const viaReading = s.documents.search(input, '2026-11-20', viewer);
          expect({ query, page, ids: viaReading.items.map((h) => h.item.id), total: viaReading.total }).toEqual({
            query,
            page,
            ids: viaIndex.items.map((h) => h.item.id),
            total: viaIndex.total,
          });
          expect(viaReading.items.map((h) => h.snippet)).toEqual(viaIndex.items.map((h) => h.snippet));
          compared += viaIndex.items.length;
        }
      }
      expect(compared).toBeGreaterThan(200);
    } finally {
      t.close();
    }
  });
});
