// Shared test data and poppler wrappers for the report tests. Not a test file itself (no .test.ts suffix).
// Generated rows are deterministic: same count, same bytes.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingRegisterBookInput, IncomingRegisterBookRow } from '../../src-main/reports/incoming-register-book';
import type { OutgoingBookData, OutgoingBookRow } from '../../src-main/reports/outgoing-register-book';
import type { TrackingBookData, TrackingRow } from '../../src-main/reports/incoming-tracking-book';
import type { HandlingSlipData } from '../../src-main/reports/incoming-handling-slip';

export const RESOURCES_DIR = fileURLToPath(new URL('../../resources', import.meta.url));

/** 09:05 on 15/03/2025 in Vietnam = 02:05 UTC. */
export const PRINTED_AT = Date.UTC(2025, 2, 15, 2, 5);
export const PRINTED_BY = 'Nguyễn Thị Lan';
export const PRINT_MARK = 'In từ VănThư lúc 09:05 15/03/2025 — Nguyễn Thị Lan';

export const LONG_SUBJECT =
  'về việc phê duyệt kế hoạch tổ chức các hoạt động kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam, mừng Xuân ' +
  'Ất Tỵ năm 2025 và triển khai nhiệm vụ phát triển kinh tế – xã hội, bảo đảm quốc phòng, an ninh trên địa bàn ' +
  'xã Đồng Hóa, huyện Kim Bảng, tỉnh Hà Nam';

const ISSUERS = [
  'Ủy ban nhân dân huyện Kim Bảng',
  'Sở Nội vụ tỉnh Hà Nam',
  'Phòng Tài chính – Kế hoạch huyện',
  'Ủy ban nhân dân xã Đồng Hóa',
  'Công an huyện Kim Bảng',
  'Bảo hiểm xã hội huyện',
];
const TYPES: Array<[string | null, string]> = [
  ['Quyết định', 'QĐ-UBND'],
  ['Công văn', 'UBND-VP'],
  ['Kế hoạch', 'KH-UBND'],
  ['Thông báo', 'TB-SNV'],
  ['Giấy mời', 'GM-UBND'],
  [null, 'BC-CAH'],
];
const SUBJECTS = [
  'về việc phê duyệt dự toán ngân sách năm 2025',
  'V/v hướng dẫn thực hiện cải cách hành chính, chuyển đổi số',
  'Tổ chức hội nghị tổng kết công tác dân số – kế hoạch hóa gia đình',
  'về việc kiểm tra công tác phòng cháy, chữa cháy tại các thôn, xóm',
  'Mời dự họp giao ban khối Văn hóa – Xã hội quý I',
  'Báo cáo tình hình an ninh trật tự tháng 02 trên địa bàn, đề xuất giải pháp bảo đảm an toàn giao thông dịp lễ hội',
];
const RECIPIENTS = ['Chủ tịch UBND xã', 'Văn phòng – Thống kê', 'Công chức Tư pháp – Hộ tịch', 'Địa chính – Xây dựng', null];

function isoDate(year: number, dayOfYear: number): string {
  const d = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return d.toISOString().slice(0, 10);
}

export function makeRows(count: number, year = 2025): IncomingRegisterBookRow[] {
  const rows: IncomingRegisterBookRow[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor((i * 360) / Math.max(count, 1));
    const [typeName, suffix] = TYPES[i % TYPES.length];
    rows.push({
      arrivalDate: isoDate(year, day),
      arrivalNumber: i + 1,
      issuer: ISSUERS[i % ISSUERS.length],
      codeNotation: i % 11 === 5 ? null : `${((i * 7) % 400) + 1}/${suffix}`,
      documentDate: i % 13 === 3 ? null : isoDate(year, Math.max(day - 2, 0)),
      typeName,
      subject: SUBJECTS[i % SUBJECTS.length],
      recipient: RECIPIENTS[i % RECIPIENTS.length],
      transferDate: i % 4 === 3 ? null : isoDate(year, day + 1),
      notes: i % 9 === 4 ? 'Bản chính gửi kèm' : null,
      voided: false,
      voidReason: null,
    });
  }
  return rows;
}

export function makeBook(rows: IncomingRegisterBookRow[]): IncomingRegisterBookInput {
  return {
    org: { name: 'Ủy ban nhân dân xã Đồng Hóa', parentName: 'Ủy ban nhân dân huyện Kim Bảng' },
    register: { name: 'Sổ văn bản đến', year: 2025, volume: '01' },
    period: { from: '2025-01-01', to: '2025-12-31' },
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
    rows,
  };
}

/** The ten rows most tests look at: named, a long subject, a voided number, a code that must wrap. */
export function sampleRows(): IncomingRegisterBookRow[] {
  const rows = makeRows(10);
  rows[0] = {
    ...rows[0],
    issuer: 'Ủy ban nhân dân xã Đồng Hóa',
    codeNotation: '12/QĐ-UBND',
    typeName: 'Quyết định',
    subject: 'về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm 2025',
    recipient: 'Phó Chủ tịch UBND xã phụ trách Văn hóa – Xã hội',
  };
  rows[2] = { ...rows[2], typeName: 'Kế hoạch', subject: LONG_SUBJECT };
  rows[4] = { ...rows[4], voided: true, voidReason: 'Đăng ký trùng với số 4', notes: null };
  rows[6] = { ...rows[6], codeNotation: '1234/2025/QĐ-UBNDHUYỆNKIMBẢNG' };
  return rows;
}

// --- poppler -----------------------------------------------------------------------------------------------------

export function writeTemp(bytes: Uint8Array, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-reports-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });

export const pdfText = (path: string, page?: number): string =>
  run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', '-enc', 'UTF-8', path, '-']);

/** Text in content-stream order with all whitespace collapsed: a wrapped cell reads back as one phrase. */
export const flatText = (path: string, page?: number): string =>
  run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-raw', '-enc', 'UTF-8', path, '-'])
    .replace(/\s+/g, ' ')
    .trim();

export const pdfInfo = (path: string): string => run('pdfinfo', [path]);
export const pdfFonts = (path: string): string => run('pdffonts', [path]);

export function pageCount(path: string): number {
  return Number(/Pages:\s+(\d+)/.exec(pdfInfo(path))?.[1]);
}

/** "W x H" in points for every page (pdfinfo prints one line per page when given a range). */
export function pageSizes(path: string): string[] {
  const out = run('pdfinfo', ['-f', '1', '-l', String(pageCount(path)), path]);
  return [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+ x [\d.]+)/g)].map((m) => m[1]);
}

export interface Word {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  text: string;
}

/** Every word with its box (PDF points, y from the top), from `pdftotext -bbox`. */
export function pdfWords(path: string): Word[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-']);
  const words: Word[] = [];
  let page = 0;
  const re = /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    if (m[0].startsWith('<page')) {
      page += 1;
      continue;
    }
    words.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: decode(m[4]) });
  }
  return words;
}

function decode(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}

// --- outgoing register, tracking book, handling slip ------------------------------------------------------------

const SIGNERS = ['Trần Văn Hùng', 'Nguyễn Thị Hồng Nhung', null];
const OUT_RECIPIENTS = ['UBND huyện Kim Bảng; Phòng Nội vụ huyện', 'Các thôn, xóm trên địa bàn xã', 'Như Điều 3'];
const PROGRESS = ['Đang giải quyết', 'Đã giải quyết ngày 20/03/2025', 'Quá hạn 3 ngày', 'Chưa giao'];

/** Outgoing rows numbered 01, 02, …: "05/QĐ-UBND"-style codes, deterministic. */
export function makeOutgoingRows(count: number, year = 2025): OutgoingBookRow[] {
  const rows: OutgoingBookRow[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor((i * 360) / Math.max(count, 1));
    const [typeName, suffix] = TYPES[i % TYPES.length];
    rows.push({
      code: `${String(i + 1).padStart(2, '0')}/${suffix}`,
      issuedDate: isoDate(year, day),
      typeAndSubject: typeName ? `${typeName} ${SUBJECTS[i % SUBJECTS.length]}` : SUBJECTS[i % SUBJECTS.length],
      signerName: SIGNERS[i % SIGNERS.length],
      recipients: OUT_RECIPIENTS[i % OUT_RECIPIENTS.length],
      keepers: i % 5 === 2 ? null : 'Lưu: VT, VP',
      copies: i % 7 === 6 ? null : (i % 9) + 1,
      transferDate: i % 4 === 3 ? null : isoDate(year, day + 1),
      notes: i % 9 === 4 ? 'Gửi qua trục liên thông' : null,
    });
  }
  return rows;
}

export function makeOutgoingBook(rows: OutgoingBookRow[]): OutgoingBookData {
  return {
    orgName: 'Ủy ban nhân dân xã Đồng Hóa',
    parentOrgName: 'Ủy ban nhân dân huyện Kim Bảng',
    registerName: 'Sổ văn bản đi',
    year: 2025,
    from: null,
    to: null,
    rows,
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}

export function makeTrackingRows(count: number, year = 2025): TrackingRow[] {
  const rows: TrackingRow[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor((i * 360) / Math.max(count, 1));
    const [typeName, suffix] = TYPES[i % TYPES.length];
    rows.push({
      arrivalNumber: i + 1,
      typeName,
      code: i % 11 === 5 ? null : `${((i * 7) % 400) + 1}/${suffix}`,
      issuedDate: i % 13 === 3 ? null : isoDate(year, Math.max(day - 2, 0)),
      issuerName: ISSUERS[i % ISSUERS.length],
      subject: SUBJECTS[i % SUBJECTS.length],
      recipients: RECIPIENTS[i % RECIPIENTS.length] ?? 'Văn phòng – Thống kê',
      dueDate: i % 3 === 2 ? null : isoDate(year, day + 10),
      progress: PROGRESS[i % PROGRESS.length],
      replyCode: i % 4 === 1 ? `${i + 1}/UBND-VP` : null,
      notes: i % 9 === 4 ? 'Báo cáo định kỳ' : null,
    });
  }
  return rows;
}

export function makeTrackingBook(rows: TrackingRow[]): TrackingBookData {
  return {
    orgName: 'Ủy ban nhân dân xã Đồng Hóa',
    parentOrgName: 'Ủy ban nhân dân huyện Kim Bảng',
    from: '2025-01-01',
    to: '2025-06-30',
    unitName: 'Văn phòng – Thống kê',
    rows,
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}

/** 08:30 on 14/03/2025 in Vietnam. */
export const SLIP_ARRIVAL_AT = Date.UTC(2025, 2, 14, 1, 30);

export function makeSlip(): HandlingSlipData {
  return {
    orgName: 'Ủy ban nhân dân xã Đồng Hóa',
    parentOrgName: 'Ủy ban nhân dân huyện Kim Bảng',
    document: {
      typeName: 'Công văn',
      code: '125/UBND-VP',
      issuedDate: '2025-03-10',
      issuerName: 'Ủy ban nhân dân huyện Kim Bảng',
      subject: LONG_SUBJECT,
      arrivalNumber: 42,
      arrivalAt: SLIP_ARRIVAL_AT,
      urgency: 1,
    },
    office: [
      {
        byName: 'Trần Văn Hùng',
        byPosition: 'Chủ tịch UBND xã',
        // 00:15 on 15/03 in Vietnam = 17:15 UTC on 14/03: a formatter in UTC would print the wrong day.
        at: Date.UTC(2025, 2, 14, 17, 15),
        text: 'Giao Văn phòng chủ trì, phối hợp Công an xã triển khai, báo cáo kết quả trước ngày 30/3.',
        assignments: [
          { role: 'lead', name: 'Văn phòng – Thống kê', dueDate: '2025-03-30', note: null },
          { role: 'cooperate', name: 'Công an xã', dueDate: '2025-03-28', note: 'phần an ninh mạng' },
          { role: 'info', name: 'Phó Chủ tịch UBND xã', dueDate: null, note: null },
        ],
      },
    ],
    unit: [
      {
        byName: 'Phạm Thị Thu',
        byPosition: 'Chánh Văn phòng',
        at: Date.UTC(2025, 2, 15, 2, 0),
        text: null,
        assignments: [{ role: 'lead', name: 'Lê Thị Mai', dueDate: '2025-03-25', note: 'dự thảo kế hoạch' }],
      },
    ],
    proposals: [{ byName: 'Lê Thị Mai', at: Date.UTC(2025, 2, 16, 3, 45), text: 'Đề xuất dự thảo kế hoạch của xã, trình lãnh đạo ký ban hành.' }],
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}
