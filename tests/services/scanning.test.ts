// The scanning service with its real parts: the SANE `test` scanner under a private config, tesseract with its
// Vietnamese data, sharp, the PDF assembly worker. Scan → tray → edit → "Tạo văn bản" → registration → search; PDFs
// kept byte-identical; scanned PDFs made searchable; duplicates; hostile files refused with nothing stored.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src-shared/api';
import type { ImportBatchDetail } from '../../src-shared/api/scanning';
import { makeCore, tempDir, userWithRoles, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { createPki, signWithOpenssl } from '../helpers/pdf-tools';
import { makeSaneConfig } from '../helpers/sane';
import { letterPng, scannedPdf } from '../helpers/scan-letters';

let t: TestCore;
let o: Awaited<ReturnType<typeof clerkOffice>>;
let work: string;
let saneDir: string;
// White paper: the colour test pattern is a dense page tesseract takes tens of seconds over, and says nothing here.
const PAPER = { picture: 'Solid white' } as const;
const events: EventEnvelope[] = [];

const countRows = (table: string) => (t.core.services.raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;
const trayFiles = () => {
  const root = path.join(t.dir, 'scan-tray');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A 1-bit grey PNG that claims width×height pixels: a few hundred kB that would decode to gigabytes. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grey
  const rows = zlib.deflateSync(Buffer.alloc((Math.ceil(width / 8) + 1) * 2000));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  work = tempDir('vanthu-scan-');
  saneDir = path.join(work, 'sane');
  const scannerEnv = makeSaneConfig(saneDir, PAPER);
  t = makeCore({ clock: { now: () => Date.now(), set() {}, advance() {} }, env: { scannerEnv, workerThreads: 2 } });
  o = await clerkOffice(t);
  t.core.events.subscribe((e) => void events.push(e));
}, 60_000);
afterAll(() => t?.close());

describe('scanning', { timeout: 120_000 }, () => {
  let scanned: ImportBatchDetail;

  it('scans an ADF colour batch of 3 and a grey batch into the tray, with thumbnails, OCR states and progress to the scanning clerk only', async () => {
    const list = await t.ok('scanner.list', { refresh: true }, o.clerkToken);
    expect(list.backend).toBe('sane');
    const dev = list.devices.find((d) => d.id.startsWith('test'));
    expect(dev).toBeTruthy();

    scanned = await t.ok('scanner.scan', { scanId: 'colour-1', deviceId: dev!.id, source: 'adf', mode: 'color', dpi: 75, maxPages: 3 }, o.clerkToken);
    expect(scanned.source).toBe('scanner');
    expect(scanned.pages.map((p) => [p.position, p.mode, p.startsDocument])).toEqual([
      [1, 'color', true],
      [2, 'color', false],
      [3, 'color', false],
    ]);
    const progress = events.filter((e) => e.name === 'scan.progress' && (e.data as { scanId: string }).scanId === 'colour-1');
    expect(progress.map((e) => (e.data as { state: string }).state)).toEqual(['scanning', 'scanning', 'scanning', 'done']);
    expect(progress.every((e) => e.to?.length === 1 && e.to[0] === o.clerkId)).toBe(true);

    const thumb = await t.ok('imports.pageImage', { pageId: scanned.pages[0].id, size: 'thumb' }, o.clerkToken);
    expect(thumb.mime).toBe('image/jpeg');
    const meta = await sharp(thumb.bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);

    const grey = await t.ok('scanner.scan', { deviceId: dev!.id, source: 'adf', mode: 'gray', dpi: 75, maxPages: 2 }, o.clerkToken);
    expect(grey.pages.map((p) => p.mode)).toEqual(['gray', 'gray']);
    expect(grey.id).not.toBe(scanned.id);

    // "Thêm trang": more paper into the same batch.
    const more = await t.ok('scanner.scan', { deviceId: dev!.id, source: 'flatbed', mode: 'color', dpi: 75, maxPages: 1, batchId: scanned.id }, o.clerkToken);
    expect(more.id).toBe(scanned.id);
    expect(more.pages).toHaveLength(4);

    await t.core.idle();
    const after = await t.ok('imports.get', { batchId: scanned.id }, o.clerkToken);
    expect(after.pages.every((p) => p.ocr === 'done')).toBe(true);
    expect(after.ocr).toEqual({ done: 4, total: 4, failed: 0 });
    expect(events.some((e) => e.name === 'ocr.progress' && (e.data as { batchId: number; done: number }).batchId === scanned.id && (e.data as { done: number }).done === 4)).toBe(
      true,
    );
    const status = await t.ok('ocr.status', {}, o.clerkToken);
    expect(status.engine).not.toBe('none');
    expect(status.languages).toContain('vie');
    expect(status.pending + status.running).toBe(0);
    scanned = after;
  });

  it('edits the tray, creates two searchable PDFs whose prefill reads the letter, and registration finds it by an OCR word', async () => {
    const letter = letterPng(work, 'letter');
    const withLetter = await t.ok('imports.upload', { fileName: 'cong-van.png', bytes: letter, batchId: scanned.id }, o.clerkToken);
    const ids = withLetter.pages.map((p) => p.id); // 4 scanned + the letter
    const letterId = ids[4];
    // Letter first; scanned page 2 deleted; a new document starts at the third page; one page turned.
    const edited = await t.ok(
      'imports.editPages',
      {
        batchId: scanned.id,
        pages: [
          { id: letterId, rotation: 0, startsDocument: true },
          { id: ids[0], rotation: 90, startsDocument: false },
          { id: ids[2], rotation: 0, startsDocument: true },
          { id: ids[3], rotation: 0, startsDocument: false },
        ],
      },
      o.clerkToken,
    );
    expect(edited.pages.map((p) => p.id)).toEqual([letterId, ids[0], ids[2], ids[3]]);
    expect(edited.documentCount).toBe(2);
    expect(edited.pages[1].rotation).toBe(90);
    expect(['pending', 'running']).toContain(edited.pages[1].ocr); // turned after it was read: read again
    expect(fs.existsSync(path.join(t.dir, 'scan-tray', String(scanned.id), `${ids[1]}.jpg`))).toBe(false);

    const { documents } = await t.ok('imports.createDocument', { batchId: scanned.id, ocrWaitMs: 60_000 }, o.clerkToken);
    expect(documents.map((d) => d.file.pageCount)).toEqual([2, 2]);
    const files = documents.map((d, i) => {
      const f = path.join(work, `created-${i}.pdf`);
      fs.writeFileSync(f, t.core.services.blobs.store.pathOf(d.file.hash) ? fs.readFileSync(t.core.services.blobs.store.pathOf(d.file.hash)) : '');
      return f;
    });
    for (const f of files) {
      const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+2/);
      expect(info).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
      expect(Number(/PDF version:\s+1\.(\d)/.exec(info)![1])).toBeGreaterThanOrEqual(4);
    }
    expect(documents[0].file.fileName).toMatch(/^Van-ban-quet-\d{4}-\d{2}-\d{2}-1\.pdf$/);
    // The invisible text layer: pdftotext reads the letter's words.
    expect(execFileSync('pdftotext', [files[0], '-'], { encoding: 'utf8' })).toContain('bao tải cát');

    const p = documents[0].prefill;
    expect(p.codeNumber?.value).toBe('123');
    expect(p.codeNotation?.value).toBe('UBND-VP');
    expect(p.issuedDate?.value).toBe('2026-11-05');
    expect(p.pageCount).toBe(2);
    expect(documents[0].text).toContain('Kim Bảng');

    const done = await t.ok('imports.get', { batchId: scanned.id }, o.clerkToken);
    expect(done.state).toBe('done');
    expect(done.created).toHaveLength(2);

    // Registered with the created file: linked, and the tray kept until the second one is registered too.
    const doc1 = await t.ok(
      'incoming.register',
      docInput(o.registerId, {
        subject: 'Kiểm tra đê điều',
        codeNumber: p.codeNumber!.value,
        codeNotation: p.codeNotation!.value,
        issuedDate: p.issuedDate!.value,
        files: [{ hash: documents[0].file.hash, fileName: documents[0].file.fileName, role: 'main' }],
      }),
      o.clerkToken,
    );
    await t.core.idle();
    const found = await t.ok('documents.search', { query: 'bao tải cát' }, o.clerkToken);
    expect(found.items.map((h) => h.item.id)).toContain(doc1.id);
    expect(fs.existsSync(path.join(t.dir, 'scan-tray', String(scanned.id)))).toBe(true);

    await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '9', files: [{ hash: documents[1].file.hash, fileName: 'b.pdf', role: 'main' }] }), o.clerkToken);
    await t.core.idle();
    const linked = await t.ok('imports.get', { batchId: scanned.id }, o.clerkToken);
    expect(linked.documentIds).toHaveLength(2);
    expect(linked.created[0].documentId).toBe(doc1.id);
    expect(fs.existsSync(path.join(t.dir, 'scan-tray', String(scanned.id)))).toBe(false);
  });

  it('keeps an imported signed PDF byte-identical through import, creation and registration', async () => {
    const { pdfLibDocument } = await import('../helpers/pdf-tools');
    const signed = signWithOpenssl(createPki(), await pdfLibDocument(1, false));
    const before = sha(signed);
    const batch = await t.ok('imports.upload', { fileName: 'ky-so.pdf', bytes: new Uint8Array(signed) }, o.clerkToken);
    expect(batch.file).toMatchObject({ hash: before, signed: true, hasText: true, pageCount: 1 });
    const { documents } = await t.ok('imports.createDocument', { batchId: batch.id }, o.clerkToken);
    expect(documents[0].file.hash).toBe(before);
    expect(documents[0].file.signed).toBe(true);
    const doc = await t.ok('incoming.register', docInput(o.registerId, { codeNumber: '77', files: [{ hash: before, fileName: 'ky-so.pdf', role: 'main' }] }), o.clerkToken);
    const back = await t.ok('blobs.get', { hash: before }, o.clerkToken);
    expect(sha(back.bytes)).toBe(before);
    expect(doc.id).toBeGreaterThan(0);
  });

  it('makes a scanned PDF without text searchable by OCR of its pictures, without touching its bytes', async () => {
    const pdf = await scannedPdf(work, ['Biên bản kiểm tra', 'Xã Đồng Hóa đã nhận máy bơm nước dã chiến']);
    const batch = await t.ok('imports.upload', { fileName: 'quet.pdf', bytes: pdf }, o.clerkToken);
    expect(batch.file).toMatchObject({ signed: false, hasText: false });
    const { documents } = await t.ok('imports.createDocument', { batchId: batch.id }, o.clerkToken);
    expect(documents[0].text).toContain('máy bơm');
    const doc = await t.ok(
      'incoming.register',
      docInput(o.registerId, { codeNumber: '78', files: [{ hash: batch.file!.hash, fileName: 'quet.pdf', role: 'main' }] }),
      o.clerkToken,
    );
    await t.core.idle();
    const found = await t.ok('documents.search', { query: 'máy bơm nước dã chiến' }, o.clerkToken);
    expect(found.items.map((h) => h.item.id)).toContain(doc.id);
    expect(sha(await t.core.services.blobs.read(batch.file!.hash))).toBe(sha(pdf));
  });

  it('warns when the same file or the same page image comes in again', async () => {
    const page = letterPng(work, 'dup', ['Thông báo lịch tiếp công dân', 'tháng 12 năm 2026']);
    const first = await t.ok('imports.upload', { fileName: 'a.png', bytes: page }, o.clerkToken);
    expect(first.duplicates).toEqual([]);
    const second = await t.ok('imports.upload', { fileName: 'b.png', bytes: page }, o.clerkToken);
    expect(second.duplicates).toHaveLength(1);
    expect(second.duplicates[0]).toMatchObject({ kind: 'page', pageId: second.pages[0].id, batchId: first.id });
    expect(second.duplicates[0].message).toMatch(/^Trang 1 giống trang 1 của lô quét ngày \d{2}\/\d{2}\/\d{4}\.$/);

    const pdf = await scannedPdf(work, ['Tờ trình số 5', 'đề nghị cấp kinh phí']);
    await t.ok('imports.upload', { fileName: 'to-trinh.pdf', bytes: pdf }, o.clerkToken);
    const again = await t.ok('imports.upload', { fileName: 'to-trinh (2).pdf', bytes: pdf }, o.clerkToken);
    expect(again.duplicates.map((d) => d.kind)).toEqual(['file']);
    expect(again.duplicates[0].message).toMatch(/đã được nhập vào khay ngày/);
    for (const b of [first, second, again]) await t.ok('imports.discard', { batchId: b.id }, o.clerkToken);
  });

  it('refuses hostile files with a clear message and stores nothing', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const zip = execFileSync('sh', ['-c', `cd ${work} && echo hello > x.txt && rm -f x.zip && zip -q x.zip x.txt && cat x.zip`]);
    const bomb = pngBomb(30000, 30000);
    const cases: Array<[string, Uint8Array]> = [
      ['cat-ngang.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 3))],
      ['khong-phai-anh.tif', zip],
    ];
    cases.push(['bom.png', bomb]);
    // Earlier tests' background work (tray clean-up of discarded batches) settled first: only this test's effect counts.
    await t.core.idle();
    const before = { batches: countRows('scan_batches'), blobs: countRows('blobs'), tray: trayFiles().length };
    for (const [name, bytes] of cases) {
      const r = await t.call('imports.upload', { fileName: name, bytes }, o.clerkToken);
      expect(r.ok, name).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('unsupported_file_type');
      expect(r.error.message).toContain(name);
    }
    // Over the office's upload limit (1 MB here): refused before it is read whole.
    await t.ok('settings.update', { uploadLimitMb: 1 }, o.adminToken);
    try {
      const big = await t.call('imports.upload', { fileName: 'qua-lon.png', bytes: new Uint8Array(1024 * 1024 + 1) }, o.clerkToken);
      expect(!big.ok && big.error.code).toBe('file_too_large');
    } finally {
      await t.ok('settings.update', { uploadLimitMb: 50 }, o.adminToken);
    }
    await t.core.idle();
    expect({ batches: countRows('scan_batches'), blobs: countRows('blobs'), tray: trayFiles().length }).toEqual(before);
  });

  it('tells a jam or an empty feeder: pages already scanned are kept with a notice, none at all is an error; one device scans one request at a time', async () => {
    try {
      makeSaneConfig(saneDir, { ...PAPER, status: 'SANE_STATUS_JAMMED' });
      const jam = await t.call('scanner.scan', { deviceId: 'test:0', source: 'adf', mode: 'gray', dpi: 75, maxPages: 2 }, o.clerkToken);
      expect(!jam.ok && jam.error.code).toBe('scanner_jammed');
      makeSaneConfig(saneDir, { ...PAPER, status: 'SANE_STATUS_NO_DOCS' });
      const empty = await t.call('scanner.scan', { deviceId: 'test:0', source: 'adf', mode: 'gray', dpi: 75, maxPages: 2 }, o.clerkToken);
      expect(!empty.ok && empty.error.code).toBe('scanner_empty');
      expect(!empty.ok && empty.error.message).toMatch(/giấy/);
    } finally {
      makeSaneConfig(saneDir, PAPER);
    }
    // Two requests for one device: the second is told the scanner is busy, the first goes on.
    const input = { deviceId: 'test:0', source: 'flatbed', mode: 'gray', dpi: 75, maxPages: 1 } as const;
    const [a, b] = await Promise.all([t.call('scanner.scan', input, o.clerkToken), t.call('scanner.scan', input, o.clerkToken)]);
    expect(a.ok).toBe(true);
    expect(!b.ok && b.error.code).toBe('scanner_busy');
    if (a.ok) await t.ok('imports.discard', { batchId: a.value.id }, o.clerkToken);
  });

  it('scanning is for clerks; batches are the office’s: another clerk sees and may finish them', async () => {
    const staff = await userWithRoles(t, o.adminToken, 'Trần Văn Chuyên', ['staff']);
    const denied = await t.call('scanner.scan', { deviceId: 'test:0', maxPages: 1 }, staff.token);
    expect(!denied.ok && denied.error.code).toBe('forbidden');
    const other = await userWithRoles(t, o.adminToken, 'Phạm Thị Văn Thư Hai', ['clerk']);
    const mine = await t.ok('imports.upload', { fileName: 'trang.png', bytes: letterPng(work, 'other', ['Giấy mời họp']) }, o.clerkToken);
    const seen = await t.ok('imports.list', { state: 'open' }, other.token);
    expect(seen.items.map((b) => b.id)).toContain(mine.id);
    expect((await t.ok('imports.discard', { batchId: mine.id }, other.token)).discarded).toBe(true);
    // No page image nor OCR text in the audit trail of these calls.
    const rows = t.core.services.raw.prepare(`SELECT details FROM audit_log WHERE action LIKE 'imports.%' OR action LIKE 'scanner.%'`).pluck().all() as string[];
    expect(rows.length).toBeGreaterThan(0);
    for (const d of rows) {
      expect(d ?? '').not.toContain('bao tải');
      expect((d ?? '').length).toBeLessThan(4000);
    }
  });
  it('refuses a watched folder that would move files that are not scans away', async () => {
    const save = (patch: Record<string, unknown>) => t.call('imports.saveSettings', patch, o.adminToken);
    const refused = async (patch: Record<string, unknown>, field: string) => {
      const r = await save(patch);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.fields?.[0]?.path).toBe(field);
      }
    };
    await refused({ watchFolder: t.dir }, 'watchFolder'); // the data folder itself
    await refused({ watchFolder: path.dirname(t.dir) }, 'watchFolder'); // a folder holding it
    await refused({ watchFolder: path.join(work, 'khong-co') }, 'watchFolder');
    const inbox = path.join(work, 'may-quet');
    fs.mkdirSync(inbox, { recursive: true });
    await refused({ watchFolder: inbox, processedFolder: inbox }, 'processedFolder');
    const ok = await t.ok('imports.saveSettings', { watchFolder: inbox }, o.adminToken);
    expect(ok.watchFolder).toBe(inbox);
    expect(fs.existsSync(path.join(inbox, 'da-nhap')) && fs.existsSync(path.join(inbox, 'loi'))).toBe(true);
    await t.ok('imports.saveSettings', { watchFolder: null }, o.adminToken);
  });
});
