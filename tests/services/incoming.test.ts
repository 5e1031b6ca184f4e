import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { vnInstant, vnIso } from '../../src-shared/calendar/vn-time';
import { makePdf, makeDocx, makeMz } from '../unit/blobs-fixtures';
import { makeCore, STRONG_PASSWORD, testClock, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';

let t: TestCore;
afterEach(() => t?.close());

const HOUR = 3_600_000;

describe('registration and numbering', () => {
  it('gives consecutive numbers per register, records the arrival stamp and audits in the same transaction', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const a = await t.ok('incoming.register', docInput(o.registerId), o.clerkToken);
    const b = await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '126', subject: 'Kế hoạch phòng, chống thiên tai năm 2027' }), o.clerkToken);
    expect([a.arrivalNumber, b.arrivalNumber]).toEqual([1, 2]);
    expect(a.status).toBe('registered');
    expect(a.stamp).toMatchObject({ orgName: 'Ủy ban nhân dân xã Đồng Hóa', arrivalNumber: 1 });
    expect(a.typeName).toBe('Quyết định');
    expect(a.registeredBy).toBe('Lê Thị Văn Thư');
    const audit = t.core.services.raw.prepare("SELECT target_id FROM audit_log WHERE action = 'incoming.register' ORDER BY id").all();
    expect(audit).toEqual([{ target_id: String(a.id) }, { target_id: String(b.id) }]);
  });

  it('refuses secret documents with the reason and writes nothing', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const before = t.core.services.raw.prepare('SELECT count(*) n FROM documents').get();
    const r = await t.call('incoming.register', docInput(o.registerId, { secrecy: 'toi_mat' }), o.clerkToken);
    expect(r).toMatchObject({ ok: false, error: { code: 'secret_document', fields: [{ path: 'secrecy' }] } });
    if (!r.ok) expect(r.error.message).toMatch(/không được nhập văn bản mật/i);
    expect(t.core.services.raw.prepare('SELECT count(*) n FROM documents').get()).toEqual(before);
    expect((await t.ok('registers.list', { direction: 'in' }, o.clerkToken))[0].lastNumber).toBe(0);
  });

  it('validates fields in Vietnamese and keeps the register untouched on error', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const r = await t.call('incoming.register', docInput(o.registerId, { subject: '', issuedDate: '2026-02-30', urgency: 4 }), o.clerkToken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    const paths = r.error.fields!.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['subject', 'issuedDate']));
    expect(r.error.fields!.find((f) => f.path === 'issuedDate')!.message).toBe('Ngày không tồn tại.');
    const hoaToc = await t.call('incoming.register', docInput(o.registerId, { urgency: 4 }), o.clerkToken);
    expect(hoaToc).toMatchObject({ ok: false, error: { fields: [{ path: 'urgentDeadlineAt', message: 'Văn bản hỏa tốc hẹn giờ phải có giờ hẹn.' }] } });
    expect(await t.call('incoming.register', docInput(o.registerId), o.adminToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('numbers never repeat or skip when four threads of one process register at once, each on its own connection', async () => {
    // The handler is synchronous, so calls on one connection never overlap: real overlap needs threads, each with
    // its own better-sqlite3 connection to the same file. (numbering-processes.test.ts does the same across processes.)
    t = makeCore();
    const o = await clerkOffice(t);
    const username = (t.core.services.raw.prepare('SELECT username FROM users WHERE id = ?').get(o.clerkId) as { username: string }).username;
    const threads = 4;
    const perThread = 25;
    const start = new SharedArrayBuffer(4);
    const run = (w: number) =>
      new Promise<number[]>((resolve, reject) => {
        const worker = new Worker(new URL('../helpers/register-thread.mjs', import.meta.url), {
          workerData: { start, threads, dataDir: t.dir, username, password: STRONG_PASSWORD, registerId: o.registerId, count: perThread, tag: `t${w}`, now: t.clock.now() },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`thread ${w} exited with ${code}`)));
      });
    const results = await Promise.all(Array.from({ length: threads }, (_, w) => run(w)));
    expect(results.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: threads * perThread }, (_, i) => i + 1));
    // The writers did overlap: some thread's numbers are not one unbroken block.
    expect(results.some((nums) => nums[nums.length - 1] - nums[0] > perThread - 1)).toBe(true);
    const reg = (await t.ok('registers.list', { direction: 'in' }, o.clerkToken)).find((r) => r.id === o.registerId)!;
    expect(reg.lastNumber).toBe(threads * perThread);
  }, 60_000);

  it('voids with a reason: the number stays used and visible; the next document takes the next number', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const a = await t.ok('incoming.register', docInput(o.registerId), o.clerkToken);
    const voided = await t.ok('incoming.void', { id: a.id, reason: 'Vào sổ nhầm văn bản gửi phòng khác' }, o.clerkToken);
    expect(voided).toMatchObject({ status: 'voided', arrivalNumber: 1, voidReason: 'Vào sổ nhầm văn bản gửi phòng khác', voidedBy: 'Lê Thị Văn Thư' });
    expect(await t.call('incoming.void', { id: a.id, reason: 'lần hai' }, o.clerkToken)).toMatchObject({ ok: false, error: { code: 'already_voided' } });
    const b = await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '999' }), o.clerkToken);
    expect(b.arrivalNumber).toBe(2);
    const list = await t.ok('documents.list', { filters: { direction: 'in' } }, o.clerkToken);
    expect(list.items.map((i) => [i.arrivalNumber, i.status])).toEqual([
      [2, 'registered'],
      [1, 'voided'],
    ]);
  });

  it('creates next year’s registers from this year’s series on 1 January', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    await t.ok('registers.create', { direction: 'in', year: o.year, name: 'Sổ đơn thư', seriesKey: 'don-thu' }, o.adminToken);
    t.clock.set(vnInstant('2027-01-01', '00:30'));
    t.core.runJobs();
    const token = await o.fresh();
    const next = await t.ok('registers.list', { direction: 'in', year: 2027 }, token);
    expect(next.map((r) => r.seriesKey).sort()).toEqual(['chung', 'don-thu']);
    expect(next.every((r) => r.lastNumber === 0)).toBe(true);
    // A 2027 document cannot go into a 2026 register.
    t.clock.set(vnInstant('2027-01-04', '08:00'));
    const token2 = await o.fresh();
    const wrong = await t.call('incoming.register', docInput(o.registerId), token2);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'registerId' }] } });
    const right = await t.ok('incoming.register', docInput(next.find((r) => r.seriesKey === 'chung')!.id, { issuedDate: '2026-12-30' }), token2);
    expect(right).toMatchObject({ arrivalNumber: 1, year: 2027 });
  });
});

describe('arrival time rule (HN 10.2) and the 8-working-hour limit (PY 5.2)', () => {
  it('counts a document received on Friday evening from Monday morning', async () => {
    t = makeCore({ clock: testClock(vnInstant('2026-11-20', '18:05')) });
    const o = await clerkOffice(t);
    const d = await t.ok('incoming.receive', { receivedVia: 'paper', issuerName: 'Sở Tài chính tỉnh Hà Nam', subject: 'Về việc quyết toán ngân sách' }, o.clerkToken);
    expect(vnIso(d.receivedAt)).toBe('2026-11-20T18:05:00+07:00');
    expect(vnIso(d.arrivalAt)).toBe('2026-11-23T07:30:00+07:00');
    // 8 working hours: Monday 07:30-11:30, 13:30-17:00 (7.5 h) + 0.5 h on Tuesday.
    expect(vnIso(d.registrationDueAt)).toBe('2026-11-24T08:00:00+07:00');
    expect(d.status).toBe('pending');
    expect(d.arrivalNumber).toBeNull();
  });

  it('shows and prints the real arrival day of a document received on Saturday night, with the counting start labelled beside it', async () => {
    t = makeCore({ clock: testClock(vnInstant('2026-11-28', '21:21')) });
    const o = await clerkOffice(t);
    const d = await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '45', codeNotation: 'TB-UBND', subject: 'Thông báo khẩn về phòng chống bão' }), o.clerkToken);
    expect(vnIso(d.stamp.receivedAt)).toBe('2026-11-28T21:21:00+07:00');
    expect(vnIso(d.stamp.arrivalAt)).toBe('2026-11-30T07:30:00+07:00');
    const list = await t.ok('documents.list', {}, o.clerkToken);
    expect(vnIso(list.items[0].receivedAt)).toBe('2026-11-28T21:21:00+07:00');
    // The exported list: the real day, the counting start labelled.
    const xlsx = await t.ok('documents.export', { format: 'xlsx' }, o.clerkToken);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('28/11/2026 (tính hạn từ 30/11/2026)');
    // The printed book: Ngày đến 28/11/2026, and the note.
    const book = await t.ok('registers.printBook', { registerId: o.registerId, from: '2026-11-01', to: '2026-11-30' }, o.clerkToken);
    const { execFileSync } = await import('node:child_process');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(book.bytes) }).toString();
    const row = text.slice(text.indexOf('(10)'));
    expect(row).toMatch(/^\(10\)\s+28\/11\/2026\s+1\s/);
    // The note wraps in its narrow column: "Tính hạn từ" then the date on the next line.
    expect(row).toMatch(/Tính hạn từ\n[^]*\s30\/11\/2026\n/);
  });

  it('counts a document received in the lunch break from the afternoon period', async () => {
    t = makeCore({ clock: testClock(vnInstant('2026-11-18', '12:10')) });
    const o = await clerkOffice(t);
    const d = await t.ok('incoming.register', docInput(o.registerId), o.clerkToken);
    expect(vnIso(d.arrivalAt)).toBe('2026-11-18T13:30:00+07:00');
    expect(d.late).toBe(false);
  });

  it('skips Tết (the usual pattern, pre-filled and marked unconfirmed) when counting', async () => {
    t = makeCore({ clock: testClock(vnInstant('2026-02-13', '16:30')) });
    const o = await clerkOffice(t);
    const days = await t.ok('calendar.days', { year: 2026 }, o.clerkToken);
    const tet = days.days.filter((d) => d.date >= '2026-02-16' && d.date <= '2026-02-20');
    expect(tet).toHaveLength(5);
    expect(tet.every((d) => !d.confirmed && d.kind === 'holiday')).toBe(true);
    const d = await t.ok('incoming.receive', { receivedVia: 'hub', subject: 'Công điện về việc bảo đảm an ninh trật tự dịp Tết' }, o.clerkToken);
    expect(vnIso(d.arrivalAt)).toBe('2026-02-13T16:30:00+07:00');
    // 0.5 h on Friday 13/2, then nothing until Monday 23/2: 7.5 h fill that whole day.
    expect(vnIso(d.registrationDueAt)).toBe('2026-02-23T17:00:00+07:00');
    t.clock.set(vnInstant('2026-02-14', '09:00'));
    const saturday = await t.ok('incoming.receive', { receivedVia: 'email' }, await o.fresh());
    expect(vnIso(saturday.arrivalAt)).toBe('2026-02-23T07:30:00+07:00');
  });

  it('flags a registration made after the limit as late', async () => {
    t = makeCore({ clock: testClock(vnInstant('2026-11-16', '08:00')) });
    const o = await clerkOffice(t);
    const p = await t.ok('incoming.receive', { receivedVia: 'paper', issuerName: 'Công an huyện Kim Bảng' }, o.clerkToken);
    expect(vnIso(p.registrationDueAt)).toBe('2026-11-17T08:30:00+07:00');
    t.clock.set(vnInstant('2026-11-17', '09:00'));
    const token = await o.fresh();
    const d = await t.ok('incoming.register', docInput(o.registerId, { pendingId: p.id, issuedDate: '2026-11-10' }), token);
    expect(d).toMatchObject({ id: p.id, status: 'registered', arrivalNumber: 1, late: true });
    const onTime = await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '7', issuedDate: '2026-11-10' }), token);
    expect(onTime.late).toBe(false);
    const late = await t.ok('documents.list', { filters: { direction: 'in', late: true } }, token);
    expect(late.items.map((i) => i.id)).toEqual([p.id]);
  });

  it('answers calendar.addWorkingHours with the same arithmetic', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const r = await t.ok('calendar.addWorkingHours', { from: vnInstant('2026-11-20', '15:00'), hours: 8 }, o.clerkToken);
    // Friday 15:00-17:00 (2 h), Monday 07:30-11:30 (4 h), 13:30-15:30 (2 h).
    expect(vnIso(r.at)).toBe('2026-11-23T15:30:00+07:00');
  });
});

describe('duplicates and the paper copy of an electronic document (PY 5.5)', () => {
  it('warns on the same number, notation, date and issuer; the paper copy is attached instead', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const electronic = await t.ok('incoming.register', docInput(o.registerId, { receivedVia: 'hub' }), o.clerkToken);
    const again = await t.call(
      'incoming.register',
      docInput(o.registerId, { issuer: { agencyId: null, code: null, name: 'UBND huyện Kim Bảng, Ủy ban nhân dân huyện Kim Bảng' }, codeNumber: '0125' }),
      o.clerkToken,
    );
    // Different spellings of the issuer still match when one contains the other; a leading zero is ignored.
    expect(again).toMatchObject({ ok: false, error: { code: 'duplicate_document' } });
    const probe = await t.ok(
      'incoming.checkDuplicates',
      { issuer: { agencyId: null, code: null, name: 'Ủy ban nhân dân huyện Kim Bảng' }, codeNumber: '125', codeNotation: 'QĐ-UBND', issuedDate: '2026-11-18' },
      o.clerkToken,
    );
    expect(probe.candidates.map((c) => [c.id, c.reason])).toEqual([[electronic.id, 'same_code']]);

    const scan = await t.ok('blobs.put', { fileName: 'ban-giay.pdf', bytes: await makePdf([['Bản giấy quyết định 125/QĐ-UBND']]) }, o.clerkToken);
    const withPaper = await t.ok('incoming.attachFiles', { documentId: electronic.id, files: [{ hash: scan.hash, fileName: 'ban-giay.pdf', role: 'paper_copy' }] }, o.clerkToken);
    expect(withPaper.arrivalNumber).toBe(1);
    expect(withPaper.files.map((f) => f.role)).toEqual(['paper_copy']);
    expect((await t.ok('registers.list', { direction: 'in' }, o.clerkToken))[0].lastNumber).toBe(1);

    // A clerk who decides it is a different document may still register it.
    const forced = await t.ok('incoming.register', { ...docInput(o.registerId), allowDuplicate: true }, o.clerkToken);
    expect(forced.arrivalNumber).toBe(2);
  });

  it('edits a document and adds its files in one transaction with one audit row; a failure leaves both unchanged', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const raw = t.core.services.raw;
    const doc = await t.ok('incoming.register', docInput(o.registerId), o.clerkToken);
    const other = await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '200', subject: 'Kế hoạch tiêm chủng mở rộng năm 2027' }), o.clerkToken);
    const audits = () =>
      raw.prepare("SELECT action, details FROM audit_log WHERE target_type = 'document' AND target_id = ? ORDER BY id").all(String(doc.id)) as Array<{
        action: string;
        details: string;
      }>;
    const fileRows = () => raw.prepare('SELECT blob_hash, file_name, role FROM document_files WHERE document_id = ? ORDER BY id').all(doc.id);
    const scan = await t.ok('blobs.put', { fileName: 'ban-giay.pdf', bytes: await makePdf([['Bản giấy quyết định 125/QĐ-UBND']]) }, o.clerkToken);
    const annex = await t.ok('blobs.put', { fileName: 'phu-luc.pdf', bytes: await makePdf([['Phụ lục danh sách hộ nghèo']]) }, o.clerkToken);

    const edited = await t.ok(
      'incoming.update',
      {
        id: doc.id,
        ...docInput(o.registerId, { subject: 'Quyết định phê duyệt danh sách hộ nghèo (đã sửa)' }),
        files: [{ hash: scan.hash, fileName: 'ban-giay.pdf', role: 'paper_copy' }],
      },
      o.clerkToken,
    );
    expect(edited.subject).toBe('Quyết định phê duyệt danh sách hộ nghèo (đã sửa)');
    expect(edited.files.map((f) => [f.fileName, f.role])).toEqual([['ban-giay.pdf', 'paper_copy']]);
    const afterEdit = audits();
    expect(afterEdit.map((a) => a.action)).toEqual(['incoming.register', 'incoming.update']);
    expect(JSON.parse(afterEdit[1].details)).toEqual({
      changes: { subject: { from: doc.subject, to: 'Quyết định phê duyệt danh sách hộ nghèo (đã sửa)' } },
      files: 1,
    });
    const filesBefore = fileRows();
    const found = async (q: string) => (await t.ok('documents.search', { query: q }, o.clerkToken)).items.map((h) => h.item.id);

    // An unknown file: neither the fields nor the files change, and nothing is audited.
    const unknown = await t.call(
      'incoming.update',
      { id: doc.id, ...docInput(o.registerId, { subject: 'Không được lưu' }), files: [{ hash: 'f'.repeat(64), fileName: 'mat.pdf', role: 'attachment' }] },
      o.clerkToken,
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { missing: ['f'.repeat(64)] } } });
    // A refusal inside the transaction (the edit makes it a duplicate of another document): the same.
    const dup = await t.call(
      'incoming.update',
      { id: doc.id, ...docInput(o.registerId, { codeNumber: '200', subject: 'Không được lưu' }), files: [{ hash: annex.hash, fileName: 'phu-luc.pdf', role: 'attachment' }] },
      o.clerkToken,
    );
    expect(dup).toMatchObject({ ok: false, error: { code: 'duplicate_document', details: { candidates: [{ id: other.id }] } } });
    // A failure after the row and the files were written (the index update throws): both are rolled back.
    const documents = t.core.services.documents;
    const index = documents.index;
    documents.index = () => {
      throw new Error('index unavailable');
    };
    const failed = await t.call(
      'incoming.update',
      { id: doc.id, ...docInput(o.registerId, { subject: 'Không được lưu' }), files: [{ hash: annex.hash, fileName: 'phu-luc.pdf', role: 'attachment' }] },
      o.clerkToken,
    );
    documents.index = index;
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });

    const after = await t.ok('documents.get', { id: doc.id }, o.clerkToken);
    expect(after.subject).toBe('Quyết định phê duyệt danh sách hộ nghèo (đã sửa)');
    expect(after.codeNumber).toBe('125');
    expect(after.files.map((f) => f.fileName)).toEqual(['ban-giay.pdf']);
    expect(fileRows()).toEqual(filesBefore);
    expect(audits().filter((a) => a.action !== 'documents.get')).toEqual(afterEdit);
    expect(await found('khong duoc luu')).toEqual([]);
  });

  it('matches on the liên thông document identifier whatever the other fields say', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const docId = '000.00.12.H35,2026/11/18,125/QĐ-UBND';
    await t.ok('incoming.register', docInput(o.registerId, { edxmlDocumentId: docId }), o.clerkToken);
    const r = await t.call('incoming.register', docInput(o.registerId, { codeNumber: '999', issuedDate: null, edxmlDocumentId: docId }), o.clerkToken);
    expect(r).toMatchObject({ ok: false, error: { code: 'duplicate_document', details: { candidates: [{ reason: 'document_id' }] } } });
  });
});

describe('refusal (PY 5.6)', () => {
  it('records the reason, gives no number, and requires text for "other"', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const p = await t.ok('incoming.receive', { receivedVia: 'hand', issuerName: 'Trường Tiểu học Đồng Hóa', subject: 'Đơn đề nghị' }, o.clerkToken);
    const refused = await t.ok('incoming.refuse', { pendingId: p.id, reason: 'wrong_recipient' }, o.clerkToken);
    expect(refused).toMatchObject({ status: 'refused', arrivalNumber: null, refusalReason: 'wrong_recipient', refusedBy: 'Lê Thị Văn Thư' });
    const noText = await t.call('incoming.refuse', { reason: 'other', issuerName: 'Công ty TNHH A' }, o.clerkToken);
    expect(noText).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'reasonText' }] } });
    const direct = await t.ok('incoming.refuse', { reason: 'not_valid', issuerName: 'Công ty TNHH A', subject: 'Công văn không có chữ ký' }, o.clerkToken);
    expect(direct.status).toBe('refused');
    expect(await t.call('incoming.register', docInput(o.registerId, { pendingId: p.id }), o.clerkToken)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const refusedList = await t.ok('documents.list', { filters: { direction: 'in', status: 'refused' } }, o.clerkToken);
    expect(refusedList.items).toHaveLength(2);
    expect((await t.ok('registers.list', { direction: 'in' }, o.clerkToken))[0].lastNumber).toBe(0);
  });
});

describe('attachments', () => {
  it('refuses renamed executables, flags macros, enforces the size limit, and never serves a corrupted file', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const exe = await t.call('blobs.put', { fileName: 'hop-dong.pdf', bytes: makeMz() }, o.clerkToken);
    expect(exe).toMatchObject({ ok: false, error: { code: 'unsupported_file_type' } });
    const macro = await t.ok('blobs.put', { fileName: 'bao-cao.docx', bytes: makeDocx(['Báo cáo'], { macro: true }) }, o.clerkToken);
    expect(macro.macro).toBe(true);
    await t.ok('settings.update', { uploadLimitMb: 1 }, o.adminToken);
    const big = await t.call('blobs.put', { fileName: 'lon.pdf', bytes: new Uint8Array(1024 * 1024 + 1) }, o.clerkToken);
    expect(big).toMatchObject({ ok: false, error: { code: 'file_too_large' } });

    const pdf = await makePdf([['Quyết định về việc thành lập Tổ công tác']]);
    const put = await t.ok('blobs.put', { fileName: 'qd.pdf', bytes: pdf }, o.clerkToken);
    const back = await t.ok('blobs.get', { hash: put.hash }, o.clerkToken);
    expect(Buffer.from(back.bytes).equals(Buffer.from(pdf))).toBe(true);
    // Flip one byte on disk: the file is reported, never served.
    const fs = await import('node:fs');
    const file = t.core.services.blobs.store.pathOf(put.hash);
    fs.chmodSync(file, 0o644);
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(await t.call('blobs.get', { hash: put.hash }, o.clerkToken)).toMatchObject({ ok: false, error: { code: 'blob_corrupt' } });
    const unknownRef = await t.call('incoming.register', docInput(o.registerId, { files: [{ hash: 'a'.repeat(64), fileName: 'x.pdf', role: 'main' }] }), o.clerkToken);
    expect(unknownRef).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('access log (standards §3.9)', () => {
  it('records who opened a document, who viewed a file and who downloaded it, as different acts', async () => {
    t = makeCore();
    const o = await clerkOffice(t);
    const f = await t.ok('blobs.put', { fileName: 'qd.pdf', bytes: await makePdf([['Quyết định']]) }, o.clerkToken);
    const d = await t.ok('incoming.register', docInput(o.registerId, { files: [{ hash: f.hash, fileName: 'qd.pdf', role: 'main' }] }), o.clerkToken);
    await t.ok('documents.get', { id: d.id }, o.clerkToken);
    const viewed = await t.ok('blobs.view', { hash: f.hash }, o.clerkToken);
    await t.ok('blobs.get', { hash: f.hash }, o.clerkToken);
    expect(viewed.mime).toBe('application/pdf');
    const rows = t.core.services.raw
      .prepare("SELECT action, actor_id, target_type, target_id FROM audit_log WHERE action IN ('documents.get', 'blobs.get', 'blobs.view') ORDER BY id")
      .all();
    expect(rows).toEqual([
      { action: 'documents.get', actor_id: o.clerkId, target_type: 'document', target_id: String(d.id) },
      { action: 'blobs.view', actor_id: o.clerkId, target_type: 'blob', target_id: f.hash },
      { action: 'blobs.get', actor_id: o.clerkId, target_type: 'blob', target_id: f.hash },
    ]);
  });
});

describe('lists', () => {
  it('pages by keyset in both directions, jumps to a date, pins urgent unprocessed documents and flags overdue ones', async () => {
    t = makeCore({ clock: testClock(vnInstant('2026-03-02', '08:00')) });
    const o = await clerkOffice(t);
    const ids: number[] = [];
    let token = o.clerkToken;
    for (let i = 0; i < 12; i++) {
      t.clock.advance(24 * HOUR);
      token = await o.fresh();
      const d = await t.ok(
        'incoming.register',
        docInput(o.registerId, { codeNumber: String(i + 1), issuedDate: '2026-03-01', urgency: i === 3 ? 2 : 0, handlingDueDate: i === 1 ? '2026-03-05' : null }),
        token,
      );
      ids.push(d.id);
    }
    o.clerkToken = token;
    const p1 = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 5, withTotal: true }, o.clerkToken);
    expect(p1.total).toBe(12);
    expect(p1.items.map((i) => i.arrivalNumber)).toEqual([12, 11, 10, 9, 8]);
    expect(p1.prevCursor).toBeNull();
    expect(p1.pinned.map((i) => i.arrivalNumber)).toEqual([4]);
    const p2 = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 5, cursor: p1.nextCursor! }, o.clerkToken);
    expect(p2.items.map((i) => i.arrivalNumber)).toEqual([7, 6, 5, 4, 3]);
    const p3 = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 5, cursor: p2.nextCursor! }, o.clerkToken);
    expect(p3.items.map((i) => i.arrivalNumber)).toEqual([2, 1]);
    expect(p3.nextCursor).toBeNull();
    const back = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 5, cursor: p3.prevCursor! }, o.clerkToken);
    expect(back.items.map((i) => i.arrivalNumber)).toEqual([7, 6, 5, 4, 3]);
    expect(p3.items.find((i) => i.arrivalNumber === 2)!.overdue).toBe(true);
    const overdue = await t.ok('documents.list', { filters: { direction: 'in', overdue: true } }, o.clerkToken);
    expect(overdue.items.map((i) => i.arrivalNumber)).toEqual([2]);
    // Registered on Saturday 7/3 and Sunday 8/3, numbers 5 and 6 count from Monday 9/3 07:30.
    const jump = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 3, startDate: '2026-03-09' }, o.clerkToken);
    expect(jump.items.map((i) => i.arrivalNumber)).toEqual([7, 6, 5]);
    const sunday = await t.ok('documents.list', { filters: { direction: 'in' }, limit: 3, startDate: '2026-03-08' }, o.clerkToken);
    expect(sunday.items.map((i) => i.arrivalNumber)).toEqual([4, 3, 2]);
    const asc = await t.ok('documents.list', { filters: { direction: 'in' }, sort: 'arrival_asc', limit: 3 }, o.clerkToken);
    expect(asc.items.map((i) => i.arrivalNumber)).toEqual([1, 2, 3]);
    const bad = await t.call('documents.list', { filters: { direction: 'in' }, cursor: 'rác' }, o.clerkToken);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
