// The benchmark document generator: determinism, NFC, office-hour arrivals, realistic distributions, NĐ 30 ký hiệu,
// field limits of Phụ lục VI, the legacy CSV/XLSX registers read back, and speed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  DOC_TYPES,
  HOME,
  LEGACY_REGISTER_HEADERS,
  LEGACY_XLSX_FIRST_DATA_ROW,
  LEGACY_XLSX_HEADER_ROW,
  createDocGenerator,
  legacyRegisterCsv,
  legacyRegisterRows,
  legacyRegisterXlsx,
  type GeneratedDoc,
} from '../bench/gen-vn-docs';
import { statutoryHolidays } from '../../src-shared/calendar';

const YEAR = 2026;
const VN = 7 * 3600_000;

function docs(seed: number, n: number, year = YEAR): GeneratedDoc[] {
  const g = createDocGenerator(seed, { total: n });
  const out: GeneratedDoc[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = g.document(i, year);
  return out;
}

// One shared sample of 100,000 (the distribution checks need that many to be stable), built on first use and
// dropped before the timing tests so its retained heap does not slow the garbage collector there.
let sampleCache: GeneratedDoc[] | null = null;
const sample = () => (sampleCache ??= docs(20260101, 100_000));

const share = (pred: (d: GeneratedDoc) => boolean, list = sample()) => list.filter(pred).length / list.length;

describe('determinism', () => {
  it('gives the same documents for the same seed, in any call order', () => {
    const a = createDocGenerator(7, { total: 10_000 });
    const b = createDocGenerator(7, { total: 10_000 });
    const seq = Array.from({ length: 2000 }, (_, i) => a.document(i, YEAR));
    for (let i = 1999; i >= 0; i -= 7) expect(b.document(i, YEAR)).toEqual(seq[i]);
    expect(a.document(1234, YEAR)).toEqual(seq[1234]);
    expect(a.arrivalAt(1500, YEAR)).toBe(seq[1500].arrivalAt);
    expect(createDocGenerator(7).personName(3)).toBe(createDocGenerator(7).personName(3));
  });

  it('gives different documents for a different seed or year', () => {
    const a = docs(1, 500);
    const b = docs(2, 500);
    const c = docs(1, 500, YEAR + 1);
    const differ = (x: GeneratedDoc[], y: GeneratedDoc[]) => x.filter((d, i) => JSON.stringify(d) !== JSON.stringify(y[i])).length;
    expect(differ(a, b)).toBeGreaterThan(490);
    expect(differ(a, c)).toBeGreaterThan(490);
    // The officials differ too: names are drawn from the seed.
    const signers = (l: GeneratedDoc[]) => new Set(l.map((d) => d.signerName));
    expect([...signers(a)].filter((n) => signers(b).has(n)).length).toBeLessThan(signers(a).size / 2);
  });
});

describe('text', () => {
  it('keeps every string in NFC', () => {
    for (const d of sample().slice(0, 30_000)) {
      for (const v of Object.values(d)) {
        if (typeof v === 'string' && v !== v.normalize('NFC')) throw new Error(`not NFC: ${v}`);
      }
    }
    for (const r of legacyRegisterRows(2000, YEAR, 5)) {
      for (const v of Object.values(r)) if (typeof v === 'string') expect(v).toBe(v.normalize('NFC'));
    }
  });

  it('has NFC source, so template literals are NFC too', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const src = fs.readFileSync(path.join(here, '../bench/gen-vn-docs.ts'), 'utf8');
    expect(src === src.normalize('NFC')).toBe(true);
  });

  it('respects the Phụ lục VI field lengths and plausible ranges', () => {
    const subjectLens: number[] = [];
    const bad: string[] = [];
    const check = (ok: boolean, what: string, d: GeneratedDoc) => {
      if (!ok && bad.length < 5) bad.push(`${what}: ${JSON.stringify(d)}`);
    };
    // Plain checks collected into one assertion: a million expect() calls would dominate the run time.
    for (const d of sample()) {
      check(d.issuerName.length <= 200, 'issuer', d);
      check(d.subject.length <= 500, 'subject', d);
      check(d.codeNumber.length <= 11, 'number', d);
      check(d.codeNotation.length <= 30, 'notation', d);
      check(d.signerName.length <= 50, 'signer name', d);
      check(d.signerPosition.length <= 100, 'signer position', d);
      check(d.typeName.length <= 100, 'type', d);
      check(d.pageCount >= 1 && d.pageCount <= 999, 'pages', d);
      check(d.copies >= 1, 'copies', d);
      check(d.bodyText === null || (d.bodyText.length >= 300 && d.bodyText.length <= 1500), 'body', d);
      check(d.notes === null || d.notes.length <= 500, 'notes', d);
      check(/^\d{4}-\d{2}-\d{2}$/.test(d.issuedDate), 'issued date', d);
      subjectLens.push(d.subject.length);
    }
    expect(bad).toEqual([]);
    subjectLens.sort((a, b) => a - b);
    const p = (q: number) => subjectLens[Math.floor(q * (subjectLens.length - 1))];
    expect(p(0.05)).toBeGreaterThanOrEqual(40);
    expect(p(0.95)).toBeLessThanOrEqual(250);
  });

  it('gives Vietnamese names and signature blocks with authority prefixes', () => {
    const family = new Set(['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ']);
    const common = share((d) => family.has(d.signerName.split(' ')[0]));
    expect(common).toBeGreaterThan(0.7);
    for (const d of sample().slice(0, 5000)) {
      expect(d.signerName.split(' ').length).toBeGreaterThanOrEqual(3);
      expect(d.signerPosition).toMatch(/^((TM|KT|TL|TUQ)\. [A-ZĐÀ-Ỹ ,]+ \/ )?[A-ZĐÀ-Ỹ ,-]+$/u);
    }
    expect(share((d) => d.signerPosition === 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH')).toBeGreaterThan(0.1);
    expect(share((d) => d.signerPosition.startsWith('TL. '))).toBeGreaterThan(0.003);
    expect(share((d) => d.signerPosition.startsWith('TM. '))).toBeGreaterThan(0.02);
  });

  it('draws subjects from a wide vocabulary of administrative topics', () => {
    const subjects = new Set(sample().map((d) => d.subject));
    expect(subjects.size).toBeGreaterThan(15_000);
    const text = sample()
      .slice(0, 20_000)
      .map((d) => d.subject)
      .join('\n');
    for (const w of [
      'phòng, chống thiên tai',
      'nông thôn mới',
      'cải cách hành chính',
      'chuyển đổi số',
      'đất đai',
      'an toàn thực phẩm',
      'phòng cháy, chữa cháy',
      'bầu cử',
      'nhập ngũ',
      'bảo hiểm y tế',
      'vốn đầu tư công',
      'tiêm',
      'môi trường',
      'năm học',
      'dân số',
      'hộ nghèo',
      `xã ${HOME.commune}`,
      `năm ${YEAR}`,
    ]) {
      expect(text, w).toContain(w);
    }
    const withBody = share((d) => d.bodyText !== null);
    expect(withBody).toBeGreaterThan(0.04);
    expect(withBody).toBeLessThan(0.06);
  });
});

describe('arrival times', () => {
  const list = docs(99, 20_000);
  const holidays = new Set(statutoryHolidays(YEAR).map((d) => d.date));

  it('fall in Vietnam office hours of working days of the year', () => {
    const bad: string[] = [];
    for (const d of list) {
      const t = new Date(d.arrivalAt + VN);
      const day = t.toISOString().slice(0, 10);
      const wd = t.getUTCDay();
      const min = t.getUTCHours() * 60 + t.getUTCMinutes();
      const morning = min >= 7 * 60 + 30 && min < 11 * 60 + 30;
      const afternoon = min >= 13 * 60 + 30 && min < 17 * 60;
      const ok =
        t.getUTCFullYear() === YEAR &&
        wd >= 1 &&
        wd <= 5 &&
        !holidays.has(day) &&
        (morning || afternoon) &&
        d.issuedDate <= day &&
        (d.handlingDueDate === null || d.handlingDueDate >= day);
      if (!ok) bad.push(`${t.toISOString()} issued ${d.issuedDate} due ${d.handlingDueDate}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('do not decrease with i and spread over the whole year', () => {
    let decreasing = 0;
    for (let i = 1; i < list.length; i++) if (list[i].arrivalAt < list[i - 1].arrivalAt) decreasing++;
    expect(decreasing).toBe(0);
    const first = new Date(list[0].arrivalAt + VN).toISOString().slice(0, 10);
    const last = new Date(list[list.length - 1].arrivalAt + VN).toISOString().slice(0, 10);
    expect(first <= `${YEAR}-01-06`).toBe(true);
    expect(last >= `${YEAR}-12-24`).toBe(true);
    const g = createDocGenerator(3, { total: 10 });
    expect(g.workingDays(YEAR).length).toBeGreaterThan(240);
    expect(g.workingDays(YEAR).length).toBeLessThan(255);
  });
});

describe('distributions', () => {
  it('has Công văn at about 45 % and the other common types after it', () => {
    const cv = share((d) => d.typeName === 'Công văn');
    expect(cv).toBeGreaterThan(0.4);
    expect(cv).toBeLessThan(0.52);
    for (const t of ['Kế hoạch', 'Báo cáo', 'Quyết định', 'Thông báo', 'Giấy mời']) {
      expect(
        share((d) => d.typeName === t),
        t,
      ).toBeGreaterThan(0.03);
    }
    for (const t of ['Tờ trình', 'Hướng dẫn', 'Công điện', 'Chỉ thị', 'Nghị quyết']) {
      const s = share((d) => d.typeName === t);
      expect(s, t).toBeGreaterThan(0.001);
      expect(s, t).toBeLessThan(0.06);
    }
    expect(new Set(sample().map((d) => d.typeName)).size).toBeGreaterThanOrEqual(27);
  });

  it('has urgency mostly Thường, then Khẩn, Thượng khẩn, Hỏa tốc, rarely Hỏa tốc hẹn giờ', () => {
    const u = [0, 1, 2, 3, 4].map((k) => share((d) => d.urgency === k));
    expect(u[0]).toBeGreaterThan(0.82);
    expect(u[0]).toBeLessThan(0.88);
    expect(u[1]).toBeGreaterThan(u[2]);
    expect(u[2]).toBeGreaterThan(u[3]);
    expect(u[3]).toBeGreaterThan(u[4]);
    expect(u[4]).toBeGreaterThan(0);
    expect(u[4]).toBeLessThan(0.005);
  });

  it('has a skewed issuer frequency led by the district committee', () => {
    const counts = new Map<string, number>();
    for (const d of sample()) counts.set(d.issuerName, (counts.get(d.issuerName) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    expect(top[0]).toBe(`Ủy ban nhân dân huyện ${HOME.district}`);
    expect(top[1] / sample().length).toBeGreaterThan(0.15);
    expect(top[1] / sample().length).toBeLessThan(0.3);
    const top10 = sorted.slice(0, 10).reduce((a, b) => a + b, 0) / sample().length;
    expect(top10).toBeGreaterThan(0.45);
    expect(counts.size).toBeGreaterThanOrEqual(300);
    expect(sorted[Math.floor(sorted.length / 2)] / sample().length).toBeLessThan(0.001); // a long tail
    expect(counts.has(HOME.orgName)).toBe(false); // the office does not receive its own letters
  });

  it('receives most documents through the axis, the rest on paper, by hand, e-mail or fax', () => {
    const hub = share((d) => d.receivedVia === 'hub');
    expect(hub).toBeGreaterThan(0.55);
    expect(hub).toBeLessThan(0.85);
    for (const v of ['paper', 'hand', 'email', 'fax'] as const)
      expect(
        share((d) => d.receivedVia === v),
        v,
      ).toBeGreaterThan(0);
    // Only bodies with an agency code are on the axis.
    expect(sample().some((d) => d.receivedVia === 'hub' && d.issuerCode === null)).toBe(false);
  });
});

describe('numbering (NĐ 30 Đ15, PL I II.3)', () => {
  const abbrOf = new Map(DOC_TYPES.map((t) => [t.name, t.abbr]));
  const typeAbbrs = DOC_TYPES.map((t) => t.abbr).filter(Boolean);
  const org = '[A-ZĐ0-9]+';

  it('builds ký hiệu per type: <type>-<org>, công văn <org>-<unit> without a type', () => {
    // One pattern per type, compiled once; failures collected so 100,000 documents stay quick.
    const cvShape = new RegExp(`^${org}(-[A-ZĐ0-9.]+)*$`, 'u');
    const shape = new Map(DOC_TYPES.filter((t) => t.abbr).map((t) => [t.name, new RegExp(`^(\\d{4}/)?${t.abbr}-${org}(-${org})*$`, 'u')]));
    const bad: string[] = [];
    let qppl = 0;
    for (const d of sample()) {
      const fail = (why: string) => bad.length < 5 && bad.push(`${why}: ${d.typeName} ${d.codeNumber}/${d.codeNotation}`);
      if (!abbrOf.has(d.typeName)) fail('unknown type');
      if (!/^[1-9]\d*$/.test(d.codeNumber)) fail('number');
      const re = shape.get(d.typeName);
      if (!re) {
        if (!cvShape.test(d.codeNotation)) fail('công văn shape');
        if (typeAbbrs.some((t) => d.codeNotation.startsWith(`${t}-`))) fail('công văn with a type abbreviation');
        continue;
      }
      const m = re.exec(d.codeNotation);
      if (!m) fail('shape');
      else if (m[1]) {
        qppl++;
        if (d.typeName !== 'Quyết định' || m[1] !== `${d.issuedDate.slice(0, 4)}/`) fail('QPPL');
      }
    }
    expect(bad).toEqual([]);
    expect(qppl).toBeGreaterThan(0);
    const ubnd = sample().filter((d) => d.issuerName === `Ủy ban nhân dân huyện ${HOME.district}`);
    expect(ubnd.some((d) => d.codeNotation === 'QĐ-UBND')).toBe(true);
    expect(ubnd.some((d) => d.codeNotation === 'KH-UBND')).toBe(true);
    expect(ubnd.some((d) => d.codeNotation === 'UBND-VP')).toBe(true);
    expect(sample().some((d) => d.codeNotation.startsWith('STC-'))).toBe(true);
  });

  it('uses QCVN 102 agency codes for some issuers and null for others, one code per issuer', () => {
    const g = createDocGenerator(1);
    const codes = g.issuers.map((i) => i.code).filter((c): c is string => c !== null);
    expect(codes.length).toBeGreaterThan(50);
    expect(g.issuers.length - codes.length).toBeGreaterThan(50);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/);
    expect(new Set(g.issuers.map((i) => i.name)).size).toBe(g.issuers.length);
    const codeOf = new Map(g.issuers.map((i) => [i.name, i.code]));
    for (const d of sample().slice(0, 5000)) expect(d.issuerCode).toBe(codeOf.get(d.issuerName));
  });

  it("lets each issuer's numbers grow through the year", () => {
    const series = new Map<string, GeneratedDoc[]>();
    for (const d of sample()) {
      const k = `${d.issuerName}|${d.codeNotation.replace(/^\d{4}\//, 'Q/')}`;
      const l = series.get(k);
      if (l) l.push(d);
      else series.set(k, [d]);
    }
    let checked = 0;
    for (const [k, all] of series) {
      // Numbering restarts on 01/01: documents issued last December carry last year's high numbers.
      const l = all.filter((d) => d.issuedDate.startsWith(String(YEAR)));
      if (l.length < 100) continue;
      checked++;
      l.sort((a, b) => (a.issuedDate < b.issuedDate ? -1 : a.issuedDate > b.issuedDate ? 1 : 0));
      const nums = l.map((d) => Number(d.codeNumber));
      const max = Math.max(...nums);
      let runMax = 0;
      for (const n of nums) {
        expect(n, k).toBeGreaterThanOrEqual(runMax - 0.03 * max - 3);
        runMax = Math.max(runMax, n);
      }
      expect(nums[nums.length - 1], k).toBeGreaterThan(nums[0]);
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('legacy registers (Phụ lục IV)', () => {
  const N_ROWS = 300;
  const rows = legacyRegisterRows(N_ROWS, YEAR, 11);

  it('has the 10 columns, consecutive số đến and dd/mm/yyyy dates in order', () => {
    expect(LEGACY_REGISTER_HEADERS).toHaveLength(10);
    expect(rows).toHaveLength(N_ROWS);
    const ymd = (s: string) => s.split('/').reverse().join('-');
    rows.forEach((r, i) => {
      expect(r.soDen).toBe(i + 1);
      expect(r.ngayDen).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(r.ngayVanBan).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(ymd(r.ngayVanBan) <= ymd(r.ngayDen)).toBe(true);
      expect(ymd(r.ngayChuyen) >= ymd(r.ngayDen)).toBe(true);
      expect(r.soKyHieu).toMatch(/^\d{2,}\/\S+$/);
      expect(r.kyNhan).toBe('');
      if (i) expect(ymd(r.ngayDen) >= ymd(rows[i - 1].ngayDen)).toBe(true);
    });
    expect(rows.some((r) => /^Quyết định /.test(r.tenLoaiTrichYeu))).toBe(true);
    expect(rows.some((r) => /^V\/v /.test(r.tenLoaiTrichYeu))).toBe(true);
  });

  it('writes a ;-separated UTF-8 CSV that reads back to the same rows', () => {
    const csv = legacyRegisterCsv(N_ROWS, YEAR, 11);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const bytes = new TextEncoder().encode(csv);
    const back = parse(Buffer.from(bytes), { delimiter: ';', bom: true, relax_column_count: false }) as string[][];
    expect(back[0]).toEqual([...LEGACY_REGISTER_HEADERS]);
    expect(back).toHaveLength(N_ROWS + 1);
    rows.forEach((r, i) => {
      expect(back[i + 1]).toEqual([r.ngayDen, String(r.soDen), r.tacGia, r.soKyHieu, r.ngayVanBan, r.tenLoaiTrichYeu, r.donViNhan, r.ngayChuyen, '', r.ghiChu]);
    });
  });

  it('writes an XLSX with the title block, headers, (1)…(10) and real date cells', async () => {
    const bytes = await legacyRegisterXlsx(N_ROWS, YEAR, 11);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe(HOME.orgName.toUpperCase());
    expect(ws.getCell('A2').value).toBe('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(ws.getCell('A3').value).toBe(`Năm ${YEAR}`);
    expect(ws.getCell('J1').isMerged).toBe(true);
    expect(ws.getCell('J2').master.address).toBe('A2');
    const header = ws.getRow(LEGACY_XLSX_HEADER_ROW);
    const numbering = ws.getRow(LEGACY_XLSX_HEADER_ROW + 1);
    for (let c = 1; c <= 10; c++) {
      expect(header.getCell(c).value).toBe(LEGACY_REGISTER_HEADERS[c - 1]);
      expect(numbering.getCell(c).value).toBe(`(${c})`);
    }
    rows.forEach((r, k) => {
      const row = ws.getRow(LEGACY_XLSX_FIRST_DATA_ROW + k);
      const date = row.getCell(1).value;
      expect(date).toBeInstanceOf(Date);
      const [d, m, y] = r.ngayDen.split('/').map(Number);
      expect((date as Date).getTime()).toBe(Date.UTC(y, m - 1, d));
      expect(row.getCell(1).numFmt).toBe('dd/mm/yyyy');
      expect(row.getCell(2).value).toBe(r.soDen);
      expect(row.getCell(3).value).toBe(r.tacGia);
      expect(row.getCell(4).value).toBe(r.soKyHieu);
      expect(row.getCell(6).value).toBe(r.tenLoaiTrichYeu);
      expect(row.getCell(7).value).toBe(r.donViNhan);
    });
    expect(ws.actualRowCount).toBe(LEGACY_XLSX_FIRST_DATA_ROW - 2 + N_ROWS);
  });
});

// The generator's speed is a figure, not a test: `npm run bench -- generator` (tests/bench/generator.ts).
