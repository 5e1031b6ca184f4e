// Outgoing documents through dispatch with a real core: drafting with versions, the review chain (lãnh đạo phòng →
// lãnh đạo cơ quan), numbering and issuing by the clerk (standards §3.2 formats, registers per year and kind),
// recall, delivery and reply tracking, paper rules, and who may do what.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vnInstant } from '../../src-shared/calendar/vn-time';
import { makeCore, type TestCore } from '../helpers/core';
import { docInput } from '../helpers/incoming';
import { approvedDraft, CONG_VAN, draftInput, issued, outgoingOffice, QUYET_DINH, type OutOffice } from '../helpers/outgoing';
import { makePdf } from '../unit/blobs-fixtures';

let t: TestCore;
let o: OutOffice;

beforeEach(async () => {
  t = makeCore();
  o = await outgoingOffice(t);
});
afterEach(() => t.close());

const code = async (method: Parameters<TestCore['call']>[0], input: unknown, token: string) => {
  const r = await t.call(method, input as never, token);
  return r.ok ? 'ok' : r.error.code;
};

const openTasks = (documentId: number) =>
  t.core.services.raw.prepare('SELECT kind, user_id AS userId, status FROM tasks WHERE document_id = ? ORDER BY id').all(documentId) as Array<{
    kind: string;
    userId: number;
    status: string;
  }>;

const notified = (userId: number) =>
  (t.core.services.raw.prepare('SELECT kind, document_id AS d FROM notifications WHERE user_id = ? ORDER BY id').all(userId) as Array<{ kind: string; d: number }>).map((n) => [
    n.kind,
    n.d,
  ]);

const events = (documentId: number) => t.core.services.raw.prepare('SELECT kind FROM document_events WHERE document_id = ? ORDER BY id').pluck().all(documentId) as string[];

describe('the whole cycle', () => {
  it('drafts, reviews through the unit head to the leader, and the clerk issues 01/UBND-VP, then 02', async () => {
    const pdf = (await t.ok('blobs.put', { fileName: 'bao-cao.pdf', bytes: await makePdf([['Báo cáo rà soát hộ nghèo thôn Yên Lạc']]) }, o.staff.token)).hash;
    const d = await t.ok('outgoing.createDraft', draftInput({ files: [{ hash: pdf, fileName: 'bao-cao.pdf', role: 'main', draftRole: 'main' }] }), o.staff.token);
    expect(d).toMatchObject({ status: 'draft', currentVersion: 1, drafterId: o.staff.id, draftingUnitId: o.vp, holder: 'Vũ Thị Chuyên', code: null, signed: false });
    expect(d.versions[0].files.map((f) => f.fileName)).toEqual(['bao-cao.pdf']);

    // Naming the leader does not skip the head of unit: the draft goes to him first.
    const s = await t.ok('outgoing.submit', { id: d.id, version: 1, reviewerId: o.leader.id, note: 'Kính trình anh xem.' }, o.staff.token);
    expect(s).toMatchObject({ status: 'review', holder: 'Đỗ Văn Trưởng' });
    expect(openTasks(d.id)).toEqual([{ kind: 'review', userId: o.head.id, status: 'open' }]);
    // The head of unit sees it only because it was presented to them; his inbox has it and he was notified.
    expect(notified(o.head.id)).toEqual([['review', d.id]]);

    await t.ok('outgoing.approve', { id: d.id, version: 1, forwardTo: o.leader.id, note: 'Đề nghị lãnh đạo ký.' }, o.head.token);
    const approved = await t.ok('outgoing.approve', { id: d.id, version: 1, note: 'Đồng ý ban hành.' }, o.leader.token);
    expect(approved.status).toBe('approved');
    expect(approved.review.map((r) => [r.reviewerName, r.decision])).toEqual([
      ['Đỗ Văn Trưởng', 'forwarded'],
      ['Hoàng Văn Chủ', 'approved'],
    ]);
    const issueTasks = openTasks(d.id).filter((x) => x.kind === 'issue');
    expect(issueTasks.map((x) => x.userId).sort()).toEqual([o.clerkId, o.clerk2.id].sort());

    const r = await t.ok('outgoing.issue', { id: d.id, version: 1 }, o.clerkToken);
    expect(r.number).toBe('01/UBND-VP');
    expect(r.document).toMatchObject({
      status: 'issued',
      code: '01/UBND-VP',
      codeNumber: '01',
      codeNotation: 'UBND-VP',
      issueNumber: 1,
      signed: false,
      issuedByName: 'Lê Thị Văn Thư',
    });
    expect(r.document.issuedDate).toBe('2026-11-20');
    // The other clerk's issue task ended; the issuing clerk's is done.
    expect(
      openTasks(d.id)
        .filter((x) => x.kind === 'issue')
        .map((x) => [x.userId, x.status]),
    ).toEqual(
      expect.arrayContaining([
        [o.clerkId, 'done'],
        [o.clerk2.id, 'cancelled'],
      ]),
    );
    expect(events(d.id)).toEqual(['draft_created', 'submitted', 'approved', 'approved', 'sent_to_issue', 'issued']);

    // One documents row, direction out: detail, list, search by subject and by the number.
    const doc = await t.ok('documents.get', { id: d.id }, o.clerkToken);
    expect(doc).toMatchObject({ status: 'issued', codeNumber: '01', codeNotation: 'UBND-VP', issuerName: 'Ủy ban nhân dân xã Đồng Hóa' });
    const list = await t.ok('documents.list', { filters: { direction: 'out' } }, o.clerkToken);
    expect(list.items.map((i) => i.id)).toEqual([d.id]);
    const hits = await t.ok('documents.search', { query: '01/UBND-VP', filters: { direction: 'out' } }, o.clerkToken);
    expect(hits.items.map((h) => h.item.id)).toEqual([d.id]);

    expect(notified(o.staff.id)).toEqual([
      ['approved', d.id],
      ['issue', d.id],
    ]);
    const second = await issued(t, o);
    expect(second.number).toBe('02/UBND-VP');
  });

  it('skips the unit-head step when the drafter heads the unit, and asks which leader when there are several', async () => {
    const d = await t.ok('outgoing.createDraft', draftInput(), o.head.token);
    const s = await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.head.token);
    expect(s.review.map((r) => r.reviewerId)).toEqual([o.leader.id]);

    const d2 = await t.ok('outgoing.createDraft', draftInput(), o.other.token);
    const { userWithRoles } = await import('../helpers/core');
    const deputy = await userWithRoles(t, o.adminToken, 'Trần Văn Phó', ['leader']);
    // Ngô Văn Ngoài has no unit: straight to a leader, who must be chosen now that there are two.
    expect(await code('outgoing.submit', { id: d2.id, version: 1 }, o.other.token)).toBe('invalid_input');
    const s2 = await t.ok('outgoing.submit', { id: d2.id, version: 1, reviewerId: o.leader.id }, o.other.token);
    expect(s2.holder).toBe('Hoàng Văn Chủ');
    // A leader's own draft goes to the other leader without asking.
    const d3 = await t.ok('outgoing.createDraft', draftInput(), deputy.token);
    expect((await t.ok('outgoing.submit', { id: d3.id, version: 1 }, deputy.token)).review.map((r) => r.reviewerId)).toEqual([o.leader.id]);
  });

  it('returns a draft to its drafter, who edits it into version 2 and submits again', async () => {
    const d = await t.ok('outgoing.createDraft', draftInput(), o.staff.token);
    await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.staff.token);
    const back = await t.ok('outgoing.return', { id: d.id, version: 1, reason: 'Bổ sung số liệu thôn Yên Lạc.' }, o.head.token);
    expect(back.status).toBe('draft');
    expect(back.review[0]).toMatchObject({ decision: 'returned', note: 'Bổ sung số liệu thôn Yên Lạc.' });
    expect(events(d.id)).toContain('draft_returned');
    const v2 = await t.ok(
      'outgoing.updateDraft',
      { id: d.id, baseVersion: 1, ...draftInput({ subject: 'V/v báo cáo kết quả rà soát hộ nghèo (bổ sung)', versionNote: 'Bổ sung số liệu' }) },
      o.staff.token,
    );
    expect(v2.currentVersion).toBe(2);
    expect(v2.versions.map((v) => [v.version, v.note])).toEqual([
      [1, null],
      [2, 'Bổ sung số liệu'],
    ]);
    const again = await t.ok('outgoing.submit', { id: d.id, version: 2 }, o.staff.token);
    expect(again.review.map((r) => [r.version, r.decision])).toEqual([
      [1, 'returned'],
      [2, 'pending'],
    ]);
  });
});

describe('versions and their files', () => {
  it('keeps each version’s files, readable by whoever sees the draft, while search and the document show the current one', async () => {
    const put = async (name: string, text: string) => (await t.ok('blobs.put', { fileName: name, bytes: await makePdf([[text]]) }, o.staff.token)).hash;
    const v1pdf = await put('du-thao-v1.pdf', 'Nội dung cũ về thôn Đồng Sơn');
    const v1doc = await put('du-thao-v1.pdf', 'Bản gốc chỉnh sửa được');
    const v2pdf = await put('du-thao-v2.pdf', 'Nội dung mới về thôn Yên Lạc');
    const d = await t.ok(
      'outgoing.createDraft',
      draftInput({
        files: [
          { hash: v1pdf, fileName: 'du-thao-v1.pdf', draftRole: 'main' },
          { hash: v1doc, fileName: 'du-thao-v1-goc.pdf', draftRole: 'original' },
        ],
      }),
      o.staff.token,
    );
    const v2 = await t.ok(
      'outgoing.updateDraft',
      { id: d.id, baseVersion: 1, ...draftInput({ files: [{ hash: v2pdf, fileName: 'du-thao-v2.pdf', draftRole: 'main' }] }) },
      o.staff.token,
    );
    expect(v2.versions.map((v) => v.files.map((f) => [f.fileName, f.draftRole]))).toEqual([
      [
        ['du-thao-v1.pdf', 'main'],
        ['du-thao-v1-goc.pdf', 'original'],
      ],
      [['du-thao-v2.pdf', 'main']],
    ]);
    expect((await t.ok('documents.get', { id: d.id }, o.staff.token)).files.map((f) => f.fileName)).toEqual(['du-thao-v2.pdf']);
    await t.ok('outgoing.submit', { id: d.id, version: 2 }, o.staff.token);
    // The reviewer compares with version 1: its files stay readable to him, not to someone the draft is not given to.
    expect(await code('blobs.view', { hash: v1pdf }, o.head.token)).toBe('ok');
    expect(await code('blobs.view', { hash: v1pdf }, o.other.token)).toBe('not_found');
    await t.core.idle();
    const search = async (q: string) => (await t.ok('documents.search', { query: q, filters: { direction: 'out', status: 'review' } }, o.head.token)).items.map((h) => h.item.id);
    expect(await search('yen lac')).toEqual([d.id]);
    expect(await search('dong son')).toEqual([]);
  });
});

describe('bad input and concurrency', () => {
  it('refuses an approval of a stale version, and an edit from an old base version', async () => {
    const d = await t.ok('outgoing.createDraft', draftInput(), o.staff.token);
    await t.ok('outgoing.updateDraft', { id: d.id, baseVersion: 1, ...draftInput({ versionNote: 'Sửa lỗi chính tả' }) }, o.staff.token);
    // Someone who opened version 1 saves over it: refused.
    expect(await code('outgoing.updateDraft', { id: d.id, baseVersion: 1, ...draftInput() }, o.staff.token)).toBe('stale_version');
    expect(await code('outgoing.submit', { id: d.id, version: 1 }, o.staff.token)).toBe('stale_version');
    await t.ok('outgoing.submit', { id: d.id, version: 2 }, o.staff.token);
    // The head read version 1 (before the fix): his approval is refused, the draft stays with him.
    expect(await code('outgoing.approve', { id: d.id, version: 1, forwardTo: o.leader.id }, o.head.token)).toBe('stale_version');
    expect(await code('outgoing.return', { id: d.id, version: 1, reason: 'Sai' }, o.head.token)).toBe('stale_version');
    await t.ok('outgoing.approve', { id: d.id, version: 2, forwardTo: o.leader.id }, o.head.token);
    expect(await code('outgoing.approve', { id: d.id, version: 1 }, o.leader.token)).toBe('stale_version');
    const ok = await t.ok('outgoing.approve', { id: d.id, version: 2 }, o.leader.token);
    expect(await code('outgoing.issue', { id: ok.id, version: 1 }, o.clerkToken)).toBe('stale_version');
    expect((await t.ok('outgoing.issue', { id: ok.id, version: 2 }, o.clerkToken)).number).toBe('01/UBND-VP');
  });

  it('only the drafter edits and submits; a draft under review is not edited', async () => {
    const d = await t.ok('outgoing.createDraft', draftInput(), o.staff.token);
    expect(await code('outgoing.updateDraft', { id: d.id, baseVersion: 1, ...draftInput() }, o.leader.token)).toBe('forbidden');
    expect(await code('outgoing.submit', { id: d.id, version: 1 }, o.clerkToken)).toBe('forbidden');
    await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.staff.token);
    expect(await code('outgoing.updateDraft', { id: d.id, baseVersion: 1, ...draftInput() }, o.staff.token)).toBe('invalid_state');
    // Not the current reviewer (the leader, before the head forwarded): refused.
    expect(await code('outgoing.approve', { id: d.id, version: 1 }, o.leader.token)).toBe('forbidden');
  });

  it('refuses a final approval by someone who is not a leader', async () => {
    const d = await t.ok('outgoing.createDraft', draftInput(), o.staff.token);
    await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.staff.token);
    const r = await t.call('outgoing.approve', { id: d.id, version: 1 }, o.head.token);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_state');
      expect(r.error.message).toMatch(/lãnh đạo/);
    }
    expect((await t.ok('outgoing.get', { id: d.id }, o.staff.token)).status).toBe('review');
  });

  it('lets only văn thư issue: staff and leaders are refused', async () => {
    const d = await approvedDraft(t, o);
    expect(await code('outgoing.issue', { id: d.id, version: 1 }, o.staff.token)).toBe('forbidden');
    expect(await code('outgoing.issue', { id: d.id, version: 1 }, o.leader.token)).toBe('forbidden');
    expect(await code('outgoing.issue', { id: d.id, version: 1 }, o.head.token)).toBe('forbidden');
    expect(await code('outgoing.setDelivery', { id: d.id, recipientId: d.recipients[0].id, status: 'sent' }, o.staff.token)).toBe('forbidden');
    // Not approved yet: the clerk cannot issue a draft either.
    const draft = await t.ok('outgoing.createDraft', draftInput(), o.staff.token);
    expect(await code('outgoing.issue', { id: draft.id, version: 1 }, o.clerkToken)).toBe('invalid_state');
  });

  it('two clerks issuing the same document: one number, the second is refused', async () => {
    const d = await approvedDraft(t, o);
    const [a, b] = await Promise.all([t.call('outgoing.issue', { id: d.id, version: 1 }, o.clerkToken), t.call('outgoing.issue', { id: d.id, version: 1 }, o.clerk2.token)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const failed = a.ok ? b : a;
    expect(!failed.ok && failed.error.code).toBe('invalid_state');
    const next = await issued(t, o);
    expect(next.number).toBe('02/UBND-VP');
  });
});

describe('numbering', () => {
  it('writes numbers below 10 with a leading zero and keeps one sequence for the administrative documents', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 10; i++) numbers.push((await issued(t, o, i === 4 ? { docTypeId: QUYET_DINH, subject: 'Quyết định về việc thành lập Tổ rà soát' } : {})).number);
    expect(numbers).toEqual(['01/UBND-VP', '02/UBND-VP', '03/UBND-VP', '04/UBND-VP', '05/QĐ-UBND', '06/UBND-VP', '07/UBND-VP', '08/UBND-VP', '09/UBND-VP', '10/UBND-VP']);
  });

  it('numbers a type in its own register once configured, and copies in the copies register', async () => {
    await issued(t, o);
    const year = 2026;
    const qd = await t.ok('registers.create', { direction: 'out', year, name: 'Sổ quyết định', seriesKey: 'quyet-dinh' }, o.adminToken);
    await t.ok('outgoing.configureRegister', { registerId: qd.id, kind: 'admin', docTypeIds: [QUYET_DINH] }, o.adminToken);
    expect((await issued(t, o, { docTypeId: QUYET_DINH, subject: 'Quyết định về việc khen thưởng' })).number).toBe('01/QĐ-UBND');
    expect((await issued(t, o, { docTypeId: QUYET_DINH, subject: 'Quyết định về việc kỷ luật' })).number).toBe('02/QĐ-UBND');
    expect((await issued(t, o)).number).toBe('02/UBND-VP');
    // A type is numbered in one register only.
    const dup = await t.ok('registers.create', { direction: 'out', year, name: 'Sổ khác', seriesKey: 'khac' }, o.adminToken);
    expect(await code('outgoing.configureRegister', { registerId: dup.id, kind: 'admin', docTypeIds: [QUYET_DINH] }, o.adminToken)).toBe('conflict');

    // The copy types are seeded (migration 0011): sao y, sao lục, trích sao.
    const sy = (await t.ok('doctypes.list', {}, o.adminToken)).find((x) => x.abbr === 'SY')!;
    expect(sy.name).toBe('Bản sao y');
    const noRegister = await approvedDraft(t, o, { docTypeId: sy.id, subject: 'Sao y Quyết định số 125/QĐ-UBND' });
    expect(await code('outgoing.issue', { id: noRegister.id, version: 1 }, o.clerkToken)).toBe('invalid_state');
    const copies = await t.ok('registers.create', { direction: 'out', year, name: 'Sổ bản sao', seriesKey: 'ban-sao' }, o.adminToken);
    await t.ok('outgoing.configureRegister', { registerId: copies.id, kind: 'copy', docTypeIds: [] }, o.adminToken);
    expect((await t.ok('outgoing.issue', { id: noRegister.id, version: 1 }, o.clerkToken)).number).toBe('01/SY-UBND');
    expect((await t.ok('outgoing.registers', { year }, o.clerkToken)).map((r) => [r.kind, r.docTypeIds])).toEqual([
      ['admin', []],
      ['admin', [QUYET_DINH]],
      ['admin', []],
      ['copy', []],
    ]);
  });

  it('numbers a QPPL type with the year, in its own sequence', async () => {
    const reg = await t.ok('registers.create', { direction: 'out', year: 2026, name: 'Sổ văn bản QPPL', seriesKey: 'qppl' }, o.adminToken);
    await t.ok('outgoing.configureRegister', { registerId: reg.id, kind: 'qppl', docTypeIds: [1] }, o.adminToken);
    expect((await issued(t, o, { docTypeId: 1, subject: 'Nghị quyết về phí, lệ phí' })).number).toBe('01/2026/NQ-UBND');
    expect(await code('outgoing.configureRegister', { registerId: reg.id, kind: 'qppl', docTypeIds: [] }, o.adminToken)).toBe('invalid_input');
  });

  it("restarts at 01 in a new year, in next year's register that carries the configuration over", async () => {
    const qd = await t.ok('registers.create', { direction: 'out', year: 2026, name: 'Sổ quyết định', seriesKey: 'quyet-dinh' }, o.adminToken);
    await t.ok('outgoing.configureRegister', { registerId: qd.id, kind: 'admin', docTypeIds: [QUYET_DINH] }, o.adminToken);
    await issued(t, o);
    expect((await issued(t, o)).number).toBe('02/UBND-VP');
    const pending = await approvedDraft(t, o);
    const pendingQd = await approvedDraft(t, o, { docTypeId: QUYET_DINH, subject: 'Quyết định về việc thành lập Ban chỉ đạo' });

    t.clock.set(vnInstant('2027-01-04', '08:00'));
    const clerk = await o.fresh();
    const r = await t.ok('outgoing.issue', { id: pending.id, version: 1 }, clerk);
    expect(r.number).toBe('01/UBND-VP');
    expect(r.document.year).toBe(2027);
    const regs2027 = await t.ok('registers.list', { direction: 'out', year: 2027 }, clerk);
    expect(regs2027.map((x) => x.seriesKey).sort()).toEqual(['chung', 'quyet-dinh']);
    expect(r.document.registerId).toBe(regs2027.find((x) => x.seriesKey === 'chung')!.id);
    const cfg = await t.ok('outgoing.registers', { year: 2027 }, clerk);
    expect(cfg.find((c) => c.registerId === regs2027.find((x) => x.seriesKey === 'quyet-dinh')!.id)).toMatchObject({ kind: 'admin', docTypeIds: [QUYET_DINH] });
    expect((await t.ok('outgoing.issue', { id: pendingQd.id, version: 1 }, clerk)).number).toBe('01/QĐ-UBND');
    // The same number in two years is two documents; within a year it never repeats.
    const nums = t.core.services.raw.prepare('SELECT register_id, issue_number FROM outgoing_documents WHERE issue_number IS NOT NULL').all() as unknown[];
    expect(new Set(nums.map((n) => JSON.stringify(n))).size).toBe(nums.length);
  });

  it('refuses a công văn whose drafting unit has no code, and an issue date in the future', async () => {
    const unit = (await t.ok('units.create', { name: 'Bộ phận một cửa', code: null, parentId: null }, o.adminToken)).id;
    const d = await approvedDraft(t, o, { draftingUnitId: unit });
    expect(await code('outgoing.issue', { id: d.id, version: 1 }, o.clerkToken)).toBe('invalid_state');
    expect(await code('outgoing.issue', { id: d.id, version: 1, issuedDate: '2026-12-01' }, o.clerkToken)).toBe('invalid_input');
    // Nothing was used up by the refusals.
    expect((await issued(t, o)).number).toBe('01/UBND-VP');
  });
});

describe('after issuing', () => {
  it('recall freezes the document and keeps its number used', async () => {
    const r = await issued(t, o);
    const doc = r.document;
    expect(await code('outgoing.recall', { id: doc.id, reason: 'Sai' }, o.staff.token)).toBe('forbidden');
    const rec = await t.ok('outgoing.recall', { id: doc.id, reason: 'Sai đối tượng áp dụng' }, o.clerkToken);
    expect(rec).toMatchObject({ status: 'recalled', recallReason: 'Sai đối tượng áp dụng', recalledByName: 'Lê Thị Văn Thư', code: '01/UBND-VP' });
    expect(events(doc.id)).toContain('recalled');
    expect(await code('outgoing.updateDraft', { id: doc.id, baseVersion: 1, ...draftInput() }, o.staff.token)).toBe('document_frozen');
    expect(await code('outgoing.setDelivery', { id: doc.id, recipientId: doc.recipients[0].id, status: 'sent' }, o.clerkToken)).toBe('document_frozen');
    expect(await code('outgoing.recall', { id: doc.id, reason: 'Lần nữa' }, o.leader.token)).toBe('document_frozen');
    expect(await code('outgoing.issue', { id: doc.id, version: 1 }, o.clerkToken)).toBe('document_frozen');
    // Its history is frozen too: no comment or progress note is added to a recalled document.
    expect(await code('workflow.comment', { documentId: doc.id, text: 'Ý kiến sau thu hồi' }, o.clerkToken)).toBe('document_frozen');
    expect((await t.ok('documents.get', { id: doc.id }, o.clerkToken)).status).toBe('recalled');
    expect((await issued(t, o)).number).toBe('02/UBND-VP');
  });

  it('tracks delivery per recipient; an internal unit has it at once and sees it', async () => {
    const dc = (await t.ok('units.create', { name: 'Phòng Địa chính', code: 'DC', parentId: null }, o.adminToken)).id;
    await t.ok(
      'users.update',
      { id: o.other.id, fullName: 'Ngô Văn Ngoài', position: null, email: null, phone: null, unitId: dc, headsUnit: false, roles: ['staff'] },
      o.adminToken,
    );
    const d = await approvedDraft(t, o, {
      recipients: [
        { kind: 'unit', unitId: dc, name: 'Phòng Địa chính' },
        { kind: 'text', name: 'Kho bạc Nhà nước huyện Kim Bảng' },
      ],
    });
    expect(await code('outgoing.get', { id: d.id }, o.other.token)).toBe('not_found');
    const r = await t.ok('outgoing.issue', { id: d.id, version: 1 }, o.clerkToken);
    expect(await code('outgoing.get', { id: d.id }, o.other.token)).toBe('ok');
    const [unit, kb] = r.document.recipients;
    expect(unit.delivery).toBe('arrived');
    expect(kb.delivery).toBe('pending');
    const after = await t.ok('outgoing.setDelivery', { id: r.document.id, recipientId: kb.id, status: 'sent' }, o.clerkToken);
    expect(after.recipients[1]).toMatchObject({ delivery: 'sent', deliveryAt: t.clock.now() });
    expect(await code('outgoing.setDelivery', { id: r.document.id, recipientId: 999_999, status: 'sent' }, o.clerkToken)).toBe('not_found');
  });

  it('links a reply both ways and flags an unanswered request past its due date', async () => {
    const inc = await t.ok('incoming.register', docInput(o.registerId, { subject: 'Công văn đề nghị báo cáo hộ nghèo' }), o.clerkToken);
    // The chuyên viên sees the incoming document once it is given to them (here: để biết).
    expect(await code('outgoing.createDraft', draftInput({ replyToId: inc.id }), o.staff.token)).toBe('not_found');
    await t.ok('documents.share', { id: inc.id, userIds: [o.staff.id], unitIds: [] }, o.clerkToken);
    const d = await t.ok('outgoing.createDraft', draftInput({ replyToId: inc.id, replyRequested: true, replyDueDate: '2026-11-25' }), o.staff.token);
    expect(d.replyTo).toMatchObject({ id: inc.id, code: '125/QĐ-UBND' });
    expect(t.core.services.outgoing.repliesTo(inc.id).map((x) => x.id)).toEqual([d.id]);
    expect(events(inc.id)).toContain('reply_linked');
    // Both ways in the routing view: the incoming one lists its reply, the reply names what it answers.
    expect((await t.ok('workflow.get', { documentId: inc.id }, o.staff.token)).replies.map((r) => r.id)).toEqual([d.id]);
    expect((await t.ok('workflow.get', { documentId: d.id }, o.staff.token)).replies.map((r) => r.id)).toEqual([inc.id]);

    await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.staff.token);
    await t.ok('outgoing.approve', { id: d.id, version: 1, forwardTo: o.leader.id }, o.head.token);
    await t.ok('outgoing.approve', { id: d.id, version: 1 }, o.leader.token);
    await t.ok('outgoing.issue', { id: d.id, version: 1 }, o.clerkToken);
    expect((await t.ok('outgoing.list', { replyOverdue: true }, o.clerkToken)).items).toEqual([]);

    t.clock.set(vnInstant('2026-11-26', '09:00'));
    const clerk = await o.fresh();
    const overdue = await t.ok('outgoing.list', { replyOverdue: true }, clerk);
    expect(overdue.items.map((i) => [i.id, i.replyOverdue])).toEqual([[d.id, true]]);
    expect((await t.ok('outgoing.get', { id: d.id }, clerk)).recipients[0].replyOverdue).toBe(true);

    const answer = await t.ok('incoming.register', docInput(o.registerId, { subject: 'Báo cáo kết quả', codeNumber: '201', issuedDate: '2026-11-26' }), clerk);
    t.core.services.raw.transaction(() => t.core.services.outgoing.linkReplyReceived(d.id, answer.id))();
    const got = await t.ok('outgoing.get', { id: d.id }, clerk);
    expect(got.recipients[0]).toMatchObject({ replyDocumentId: answer.id, replyOverdue: false });
    expect((await t.ok('outgoing.list', { replyOverdue: true }, clerk)).items).toEqual([]);
  });

  it('applies paper rules by recipient and type, unless the document goes without paper', async () => {
    await t.ok('outgoing.savePaperRule', { recipientText: 'kho bac', reason: 'Kho bạc yêu cầu bản giấy có dấu đỏ' }, o.adminToken);
    expect(await code('outgoing.savePaperRule', { reason: 'Không điều kiện' }, o.adminToken)).toBe('invalid_input');
    const d = await t.ok(
      'outgoing.createDraft',
      draftInput({
        recipients: [
          { kind: 'text', name: 'Kho bạc Nhà nước huyện Kim Bảng' },
          { kind: 'text', name: 'Phòng Tài chính - Kế hoạch' },
        ],
      }),
      o.staff.token,
    );
    expect(d.paperRequired).toBe(true);
    expect(d.recipients.map((r) => r.paper)).toEqual([true, false]);
    const noPaper = await t.ok(
      'outgoing.updateDraft',
      { id: d.id, baseVersion: 1, ...draftInput({ recipients: [{ kind: 'text', name: 'Kho bạc Nhà nước huyện Kim Bảng' }], noPaper: true }) },
      o.staff.token,
    );
    expect(noPaper.paperRequired).toBe(false);

    const rules = await t.ok('outgoing.savePaperRule', { docTypeId: QUYET_DINH, reason: 'Quyết định gửi kèm bản giấy' }, o.adminToken);
    expect(rules).toHaveLength(2);
    const qd = await t.ok('outgoing.createDraft', draftInput({ docTypeId: QUYET_DINH, recipients: [{ kind: 'text', name: 'Phòng Tài chính - Kế hoạch' }] }), o.staff.token);
    expect(qd.paperRequired).toBe(true);
    const left = await t.ok('outgoing.savePaperRule', { id: rules[1].id, reason: 'x', remove: true }, o.adminToken);
    expect(left.map((r) => r.id)).toEqual([rules[0].id]);
    expect(await code('outgoing.savePaperRule', { recipientText: 'x', reason: 'y' }, o.staff.token)).toBe('forbidden');
  });
});

describe('the printed register', () => {
  it('prints the Sổ đăng ký văn bản đi with its ten columns, recalled and restricted rows included by number', async () => {
    const a = await issued(t, o, { subject: 'V/v tổ chức Hội nghị tổng kết công tác năm', signerName: 'Hoàng Văn Chủ', copies: 3 });
    const b = await issued(t, o, { docTypeId: QUYET_DINH, subject: 'Quyết định về việc khen thưởng tập thể Thôn Yên Lạc' });
    await issued(t, o, { subject: 'V/v xử lý kỷ luật cán bộ thôn Bãi Sậy', restricted: true });
    await t.ok('outgoing.recall', { id: b.document.id, reason: 'Ban hành sai thẩm quyền' }, o.clerkToken);
    expect(await code('outgoing.printRegister', { registerId: o.registerId }, o.clerkToken)).toBe('invalid_input');
    const book = await t.ok('outgoing.printRegister', { registerId: a.document.registerId! }, o.adminToken);
    expect(book.mime).toBe('application/pdf');
    const { execFileSync } = await import('node:child_process');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(book.bytes) }).toString();
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    for (const label of ['Số, ký hiệu', 'Người ký', 'Ký nhận', 'Ghi chú']) expect(text).toContain(label);
    expect(text).toContain('01/UBND-VP');
    expect(text).toContain('02/QĐ-UBND');
    expect(text).toContain('03/UBND-VP');
    expect(text).toMatch(/Công văn v\/v tổ chức Hội nghị/);
    expect(text).toMatch(/Đã thu\s/);
    // The admin did not draft or review the restricted one: its number only.
    expect(text).toContain('(Văn bản hạn chế)');
    expect(text).not.toContain('Bãi Sậy');
  });
});

describe('seeing and listing', () => {
  it('shows a draft to its drafter and reviewers only, and lists mine with a cursor', async () => {
    const d = await t.ok('outgoing.createDraft', draftInput({ restricted: true }), o.staff.token);
    expect(await code('outgoing.get', { id: d.id }, o.other.token)).toBe('not_found');
    expect(await code('outgoing.get', { id: d.id }, o.leader.token)).toBe('not_found');
    await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.staff.token);
    expect(await code('outgoing.get', { id: d.id }, o.head.token)).toBe('ok');
    expect((await t.ok('outgoing.list', {}, o.other.token)).items).toEqual([]);

    for (let i = 0; i < 4; i++) await t.ok('outgoing.createDraft', draftInput({ subject: `Dự thảo số ${i}` }), o.staff.token);
    const p1 = await t.ok('outgoing.list', { mine: true, limit: 3 }, o.staff.token);
    expect(p1.total).toBe(5);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await t.ok('outgoing.list', { mine: true, limit: 3, cursor: p1.nextCursor! }, o.staff.token);
    const ids = [...p1.items, ...p2.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(5);
    expect(p2.nextCursor).toBeNull();
    // The head holds the restricted draft: it is "mine" for him too.
    expect((await t.ok('outgoing.list', { mine: true }, o.head.token)).items.map((i) => [i.id, i.holder])).toEqual([[d.id, 'Đỗ Văn Trưởng']]);
    expect((await t.ok('outgoing.list', { status: 'review' }, o.staff.token)).items.map((i) => i.id)).toEqual([d.id]);
  });

  it('keeps the review chain configurable, ending with a leader', async () => {
    expect((await t.ok('outgoing.reviewChain', {}, o.staff.token)).map((s) => s.who)).toEqual(['unit_head', 'leader']);
    expect(
      await code(
        'outgoing.saveReviewChain',
        {
          steps: [
            { who: 'leader', label: 'Lãnh đạo' },
            { who: 'unit_head', label: 'Phòng' },
          ],
        },
        o.adminToken,
      ),
    ).toBe('invalid_input');
    await t.ok('outgoing.saveReviewChain', { steps: [{ who: 'leader', label: 'Lãnh đạo cơ quan' }] }, o.adminToken);
    const d = await t.ok('outgoing.createDraft', draftInput(), o.staff.token);
    const s = await t.ok('outgoing.submit', { id: d.id, version: 1 }, o.staff.token);
    expect(s.review.map((r) => r.reviewerId)).toEqual([o.leader.id]);
    expect(CONG_VAN).toBe(d.docTypeId);
  });
});
