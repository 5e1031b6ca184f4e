// Reads the registration fields of a Vietnamese administrative document (NĐ 30/2020 Phụ lục I layout) from the text of
// its first page: OCR output (noisy, columns interleaved, diacritics lost) or the text of an electronic file.
// Pure and runtime-neutral; never throws on any input and stays linear in the text size (structure is read from a
// bounded head and tail of the text). Values are suggestions with a confidence for the clerk to confirm.

import { foldSameLength } from './text';

/** A value read from the text, for the clerk to confirm: how sure (0–1), and the line it came from. */
export interface Suggested<T> {
  value: T;
  confidence: number;
  source: string;
}

/** PrefillDto (src-shared/api/scanning.ts) without pageCount, with names instead of directory ids. */
export interface DetectedFields {
  /** The issuing body as printed ("SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN XÃ THANH SƠN"); code = its mã định danh when printed.
   *  The parent body line, when there is one, is in `source` ("UBND TỈNH HÀ NAM / SỞ NỘI VỤ"). */
  issuer: Suggested<{ name: string; code: string | null }> | null;
  codeNumber: Suggested<string> | null;
  codeNotation: Suggested<string> | null;
  place: Suggested<string> | null;
  /** YYYY-MM-DD. */
  issuedDate: Suggested<string> | null;
  docType: Suggested<{ name: string; abbr: string | null }> | null;
  subject: Suggested<string> | null;
  /** Signature-block lines joined with " / " ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). */
  signerPosition: Suggested<string> | null;
  signerName: Suggested<string> | null;
  /** YYYY-MM-DD the text asks a report or reply by. */
  handlingDueDate: Suggested<string> | null;
  replyRequested: Suggested<boolean> | null;
}

export interface DetectOptions {
  /** YYYY-MM-DD: completes a year-less deadline when the document's own date cannot be read. */
  today?: string;
}

/** NĐ 30/2020 Phụ lục III (and the copy forms): name and abbreviation; công văn and thư công have none. */
export const ADMIN_DOC_TYPES: readonly { name: string; abbr: string | null }[] = [
  { name: 'Nghị quyết', abbr: 'NQ' },
  { name: 'Quyết định', abbr: 'QĐ' },
  { name: 'Chỉ thị', abbr: 'CT' },
  { name: 'Quy chế', abbr: 'QC' },
  { name: 'Quy định', abbr: 'QyĐ' },
  { name: 'Thông cáo', abbr: 'TC' },
  { name: 'Thông báo', abbr: 'TB' },
  { name: 'Hướng dẫn', abbr: 'HD' },
  { name: 'Chương trình', abbr: 'CTr' },
  { name: 'Kế hoạch', abbr: 'KH' },
  { name: 'Phương án', abbr: 'PA' },
  { name: 'Đề án', abbr: 'ĐA' },
  { name: 'Dự án', abbr: 'DA' },
  { name: 'Báo cáo', abbr: 'BC' },
  { name: 'Biên bản', abbr: 'BB' },
  { name: 'Tờ trình', abbr: 'TTr' },
  { name: 'Hợp đồng', abbr: 'HĐ' },
  { name: 'Công văn', abbr: null },
  { name: 'Công điện', abbr: 'CĐ' },
  { name: 'Bản ghi nhớ', abbr: 'BGN' },
  { name: 'Bản thỏa thuận', abbr: 'BTT' },
  { name: 'Giấy ủy quyền', abbr: 'GUQ' },
  { name: 'Giấy mời', abbr: 'GM' },
  { name: 'Giấy giới thiệu', abbr: 'GGT' },
  { name: 'Giấy nghỉ phép', abbr: 'GNP' },
  { name: 'Phiếu gửi', abbr: 'PG' },
  { name: 'Phiếu chuyển', abbr: 'PC' },
  { name: 'Phiếu báo', abbr: 'PB' },
  { name: 'Thư công', abbr: null },
  { name: 'Bản sao y', abbr: 'SY' },
  { name: 'Bản trích sao', abbr: 'TrS' },
  { name: 'Bản sao lục', abbr: 'SL' },
];

// Structure is read from this much of the text; page 1 of a letter is 2–5k characters.
const HEAD_CHARS = 40_000;
const TAIL_CHARS = 20_000;
const DEADLINE_CHARS = 120_000;

const pad2 = (n: number) => String(n).padStart(2, '0');
const round2 = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;

// ---- small text helpers ----------------------------------------------------------------------------------------

/** Folded (no marks, đ -> d, lower case), same length as the input so offsets carry over. */
const f = (s: string) => foldSameLength(s);

/** OCR junk at the ends of a line: rules, bars, stray quotes and dots. */
function trimJunk(s: string): string {
  return s.replace(/^[\s.,:;'"`‘’“”|_~\-–—•·*=!¦»«(){}[\]ˆ©]+/u, '').replace(/[\s,:;'"`‘’“”|_~\-–—•·*=!¦»«(){}[\]ˆ©]+$/u, '');
}

/** Text without diacritics where Vietnamese would have some: the reader lost them (OCR), worth a lower confidence. */
function lostMarks(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters.length < 4) return false;
  return !/[^\x20-\x7e]/u.test(s);
}

function upperShare(s: string): number {
  let up = 0;
  let all = 0;
  for (const ch of s) {
    if (!/\p{L}/u.test(ch)) continue;
    all++;
    if (ch !== ch.toLowerCase() && ch === ch.toUpperCase()) up++;
  }
  return all ? up / all : 0;
}

const isUpperLine = (s: string) => upperShare(s) >= 0.7 && /\p{L}{2}/u.test(s);

/** Digits read as letters by OCR (O/o/Q/D for 0, l/I/|/! for 1) inside a place where only digits belong. */
function repairDigits(s: string): { value: string; repaired: boolean } {
  const value = s
    .replace(/[OoQD]/g, '0')
    .replace(/[lI|!i]/g, '1')
    .replace(/[Ss]/g, '5')
    .replace(/B/g, '8');
  return { value, repaired: value !== s };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A valid calendar date (1945–2100) as YYYY-MM-DD, or null: 30/02 and month 13 are not dates. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1945 || y > 2100 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

// "ngày 05 tháng 3 năm 2024" as OCR leaves it: marks gone, "ngà", "thảng", and specks read as stray dots, colons,
// commas, dashes or quotes in any gap ("ngày:22", "năm.2026"); a gap never holds a letter or a digit.
const GAP = String.raw`[\s,.:;'\`‘’-]{0,4}`;
const DATE_WORDS = new RegExp(String.raw`ng[a-z]{0,2}${GAP}([0-9oli]{1,2})${GAP}th[a-z]{1,2}g${GAP}([0-9oli]{1,2})${GAP}n[a-z]m${GAP}([0-9oli]{4})`);

/**
 * A Vietnamese date in any of the written forms — "ngày 05 tháng 3 năm 2024" (diacritics optional), "05/03/2024",
 * "5-3-2024", "05.03.2024" — as YYYY-MM-DD; null when there is none or it is not a real date.
 */
export function parseVnDate(s: string): string | null {
  const t = f(s.normalize('NFC'));
  const w = DATE_WORDS.exec(t);
  if (w) {
    const [d, m, y] = [w[1], w[2], w[3]].map((g) => Number(repairDigits(g).value));
    return isoDate(y, m, d);
  }
  const n = /(?:^|[^\d])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)/.exec(t);
  if (n) return isoDate(Number(n[3]), Number(n[2]), Number(n[1]));
  return null;
}

// ---- the number and notation (Số: 45/2024/QĐ-UBND) -----------------------------------------------------------

// The official abbreviations that are not all upper case, and letters OCR gives for Đ.
const MIXED_ABBR: Record<string, string> = { TTR: 'TTr', QYĐ: 'QyĐ', CTR: 'CTr', TRS: 'TrS' };
// Tờ trình's TTr is often read as ITr, 1Tr or TIr; no other abbreviation looks like it.
const OCR_ABBR: Record<string, string> = { ITR: 'TTr', '1TR': 'TTr', LTR: 'TTr', TIR: 'TTr', T1R: 'TTr', TLR: 'TTr' };
// Types whose abbreviation only exists with Đ: QD read without the bar is certainly QĐ (HD/DA are real types, left).
const BAR_LOST: Record<string, string> = { QD: 'QĐ', CD: 'CĐ', QYD: 'QyĐ', HDND: 'HĐND' };

// The bodies' parts of a ký hiệu that every office uses; the rest come from the issuer's initials (barsFromInitials).
const COMMON_BODY_CODES = new Set(['UBND', 'HĐND']);
const TYPE_ABBRS = new Set(ADMIN_DOC_TYPES.flatMap((t) => (t.abbr ? [t.abbr.toLocaleUpperCase('vi')] : [])));

/** "TBUBND" -> ["TB", "UBND"]: the hyphen between a type abbreviation and a common body code was not read. */
function splitLostHyphen(group: string): string[] {
  const u = group.toLocaleUpperCase('vi');
  for (const body of COMMON_BODY_CODES) {
    const type = u.slice(0, -body.length);
    if (u.length > body.length && u.endsWith(body) && (TYPE_ABBRS.has(type) || BAR_LOST[type])) return [group.slice(0, -body.length), group.slice(-body.length)];
  }
  return [group];
}

interface CodeHit {
  number: string;
  notation: string;
  repairs: number;
}

/** Parses what follows "Số:" — "45/2024/QĐ-UBND", "123 / UBND - VP", "1O5/UBND-VP", party style "45-CV/HU". */
export function parseDocCode(rest: string): CodeHit | null {
  const s = rest
    .slice(0, 80)
    .replace(/[Ðđ]/g, (c) => (c === 'đ' ? 'Đ' : 'Đ'))
    .replace(/[–—]/g, '-')
    .replace(/\s*([/-])\s*/g, '$1');
  let repairs = 0;
  let m = /^([0-9OoQDIl|!]{1,6})([/-])([\p{L}\p{N}](?:[\p{L}\p{N}/-]|\.(?=\p{Lu}))*)/u.exec(s);
  if (!m) {
    // The slash lost or read as a letter ("78TB-UBND", "2327ITTr-UBND"): digits run straight into a notation. Only a
    // notation that has its own hyphen (or a dot where the hyphen was) is taken, so "12 tháng" or "3A" never are.
    const glued = /^(\d{1,5})\s?[Il|!]?(\p{Lu}[\p{L}]{0,5}[-.]\p{Lu}(?:[\p{L}\p{N}/-]|\.(?=\p{Lu}))*)/u.exec(s);
    if (!glued) return null;
    m = [glued[0], glued[1], '/', glued[2]] as unknown as RegExpExecArray;
    repairs++;
  }
  const num = repairDigits(m[1]);
  if (!/\d/.test(m[1]) || num.value.length > 11) return null;
  if (num.repaired) repairs++;
  const sep = m[2];
  // A dot between two upper-case groups is a hyphen a speck or the font turned into a dot ("TB.UBND").
  let body = m[3].replace(/(?<=\p{Lu})\.(?=\p{Lu})/gu, () => (repairs++, '-')).replace(/[-/.]+$/, '');
  if (sep === '-' && !body.includes('/')) return null;
  const parts = body.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    if (/^[0-9OoIl]{4}$/.test(part) && /\d{2}/.test(part)) {
      const y = repairDigits(part);
      if (y.repaired) repairs++;
      out.push(y.value);
      continue;
    }
    // A group in lower case is the place of the date line glued on by OCR ("UBND - Nghệ An"), not the notation.
    const groups: string[] = [];
    for (const g of part.split('-').filter(Boolean)) {
      if (groups.length && upperShare(g) < 0.6 && !MIXED_ABBR[g.toLocaleUpperCase('vi')]) break;
      groups.push(g);
    }
    const split = groups.flatMap(splitLostHyphen);
    repairs += split.length - groups.length;
    const fixed = split.map((g) => {
      let u = g.toLocaleUpperCase('vi');
      if (BAR_LOST[u] || OCR_ABBR[u]) {
        repairs++;
        u = BAR_LOST[u] ?? OCR_ABBR[u];
      }
      return MIXED_ABBR[u] ?? u;
    });
    out.push(fixed.join('-'));
    if (groups.length < part.split('-').filter(Boolean).length) break;
  }
  body = out.join('/');
  if (!/\p{L}{2}/u.test(body) || body.length > 30) return null;
  return { number: num.value, notation: body, repairs };
}

// ---- lines -----------------------------------------------------------------------------------------------------

interface Line {
  /** Index in the page's lines. */
  i: number;
  raw: string;
  /** trimJunk(raw). */
  text: string;
  /** f(text). */
  folded: string;
  /** raw without the junk at its start and the bars and quotes at its end (keeps a wrapped line's final comma). */
  body: string;
}

function toLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i].replace(/[\t\u00a0\u2000-\u200b]/g, ' ').replace(/ {2,}/g, ' ');
    const t = trimJunk(r);
    if (!t) continue;
    const body = r.replace(/^[\s.,:;'"`|_~\-–—•·*=!¦»«]+/u, '').replace(/[\s'"`|_~•·*=!¦»«]+$/u, '');
    out.push({ i, raw: r.trim(), text: t, folded: f(t), body: body || t });
  }
  return out;
}

// The motto on the right of the header; the issuing body is what is left of a line once it is cut away.
const MOTTO_PARTS = [/c[o0]ng\s*h[o0]a\b/, /\bxa\s*h[o0]i\s*ch/, /\bchu\s*ngh[il1]a\b/, /\bd[o0]c\s*l[a]p\b/, /\bh[a]nh\s*ph[u]c\b/, /\btu\s*d[o0]\s*[-.–]/];

function mottoStart(folded: string): number {
  let at = -1;
  for (const re of MOTTO_PARTS) {
    const m = re.exec(folded);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  return at;
}

// "Số:" as OCR leaves it: "So", "S6", "Sa", "$ố", "§ố", "Ssố", or "S:" with the vowel lost (then only before a colon).
const LABEL = /(?:^|[^\p{L}\p{N}])([s$§]s?[o0e6a]|[s$§](?=\s*[:;]))\s*[:;.,]?\s*(?=[0-9oqdil|!])/gu;
const PLACE_DATE = new RegExp(String.raw`\bng[a-z]{0,2}${GAP}[0-9oli]{1,2}${GAP}th[a-z]{1,2}g${GAP}[0-9oli]{1,2}${GAP}n[a-z]m${GAP}[0-9oli]{4}`);

const BODY_STARTS = ['can cu', 'kinh gui', 'thuc hien', 'theo de nghi', 'xet de nghi', 'de thuc hien', 'nham ', 'ngay ', 'hom nay', 'dieu 1', 'quyet dinh:'];

// ---- the whole page --------------------------------------------------------------------------------------------

/** Reads the registration fields from the text of page 1. Never throws; fields it cannot find are null. */
export function detectDocumentFields(text: string, opts: DetectOptions = {}): DetectedFields {
  const empty: DetectedFields = {
    issuer: null,
    codeNumber: null,
    codeNotation: null,
    place: null,
    issuedDate: null,
    docType: null,
    subject: null,
    signerPosition: null,
    signerName: null,
    handlingDueDate: null,
    replyRequested: null,
  };
  if (typeof text !== 'string' || !text.trim()) return empty;
  try {
    return detect(text, opts, empty);
  } catch {
    // A heuristic that trips over strange input must not cost the clerk the scan: nothing is suggested instead.
    return empty;
  }
}

function detect(input: string, opts: DetectOptions, out: DetectedFields): DetectedFields {
  const all = input.normalize('NFC').replace(/\r\n?/g, '\n');
  const head = all.length > HEAD_CHARS + TAIL_CHARS ? all.slice(0, HEAD_CHARS) : all;
  const tail = all.length > HEAD_CHARS + TAIL_CHARS ? all.slice(-TAIL_CHARS) : all;
  const lines = toLines(head);
  const top = lines.slice(0, 30);

  // 1. Số và ký hiệu: the labelled code in the header; its line marks where the issuing body's block ends.
  let codeLine: Line | null = null;
  let codeEnd = 0;
  for (let k = 0; k < lines.length && k < 60; k++) {
    const ln = lines[k];
    LABEL.lastIndex = 0;
    for (let m = LABEL.exec(ln.folded); m; m = LABEL.exec(ln.folded)) {
      const labelAt = ln.folded.indexOf(m[1], m.index);
      const atLineStart = labelAt <= 2;
      const capital = /[S$§]/u.test(ln.text[labelAt]);
      if (!atLineStart && !capital) continue;
      const restAt = m.index + m[0].length;
      // "… Nghị định số 30/2020/NĐ-CP": a document cited in the body, not this one's number.
      if (/(nghi dinh|quyet dinh|thong tu|ke hoach|cong van|luat|bao cao|thong bao|chi thi|nghi quyet|theo)[\s.,:]*$/.test(ln.folded.slice(Math.max(0, labelAt - 24), labelAt)))
        continue;
      const hit = parseDocCode(ln.text.slice(restAt));
      if (!hit) continue;
      let conf = 0.97 - hit.repairs * 0.12;
      if (!atLineStart) conf -= 0.05;
      if (k > 12) conf -= 0.35;
      if (m[1] !== 'so') conf -= 0.08;
      out.codeNumber = { value: hit.number, confidence: round2(conf), source: ln.text };
      out.codeNotation = { value: hit.notation, confidence: round2(conf - (hit.notation.includes('-') ? 0 : 0.15)), source: ln.text };
      codeLine = ln;
      codeEnd = restAt;
      break;
    }
    if (codeLine) break;
  }
  if (!codeLine) {
    // OCR may drop the label: a bare code of the right shape near the top is still worth suggesting.
    for (const ln of top.slice(0, 12)) {
      const m = /(?:^|\s)(\d{1,5}\s*\/\s*(?:\d{4}\s*\/\s*)?[A-ZĐ][A-Za-zĐ]*(?:\s*-\s*[A-ZĐ][A-Za-zĐ0-9]*)+)/u.exec(ln.text);
      const hit = m && parseDocCode(m[1]);
      if (!m || !hit) continue;
      out.codeNumber = { value: hit.number, confidence: round2(0.6 - hit.repairs * 0.1), source: ln.text };
      out.codeNotation = { value: hit.notation, confidence: round2(0.6 - hit.repairs * 0.1), source: ln.text };
      codeLine = ln;
      codeEnd = m.index + m[0].length;
      break;
    }
  }

  // 2. Place and date: "<Địa danh>, ngày 05 tháng 3 năm 2024" in the header (not the dates cited in the body).
  let dateLine: Line | null = null;
  for (let k = 0; k < top.length; k++) {
    const ln = top[k];
    const m = PLACE_DATE.exec(ln.folded);
    if (!m) continue;
    // On the code's own line the "Số:" label is this letter's, not a cited document's: look only past the code.
    const before = ln.folded.slice(Math.max(0, m.index - 40, ln === codeLine ? codeEnd : 0), m.index);
    if (/(can cu|luat|nghi dinh|quyet dinh|so\s*[:\d])[^,]*$/.test(before) && !/,\s*$/.test(before)) continue;
    const iso = parseVnDate(ln.folded.slice(m.index, m.index + m[0].length));
    if (!iso) continue;
    const withComma = /,\s*$/.test(ln.folded.slice(0, m.index));
    const digitsRepaired = /[oli]/.test(m[0].replace(/^ng[a-z]*|th[a-z]{1,2}g|n[a-z]m/g, ''));
    let conf = withComma ? 0.96 : 0.75;
    if (digitsRepaired) conf -= 0.12;
    if (k > 15) conf -= 0.2;
    out.issuedDate = { value: iso, confidence: round2(conf), source: ln.text };
    dateLine = ln;
    // The place: the capitalised words just before the comma, after whatever the left column put on the line.
    let start = 0;
    if (codeLine === ln) start = Math.min(codeEnd, m.index);
    const left = ln.text.slice(start, m.index).replace(/[,.\s]+$/u, '');
    const words = left.split(/\s+/u);
    const got: string[] = [];
    for (let w = words.length - 1; w >= 0 && got.length < 5; w--) {
      const word = words[w].replace(/^[^\p{L}]+/u, '');
      if (!word || !/^\p{Lu}[\p{L}'’.-]*$/u.test(word) || /\p{Lu}{2,}/u.test(word.replace(/^TP\.?$/u, 'Tp'))) {
        if (/^(phố|pho)$/u.test(word) && got.length) {
          got.unshift(word);
          continue;
        }
        break;
      }
      got.unshift(word);
      if (words[w] !== word) break;
    }
    if (got.length) {
      const place = got.join(' ');
      out.place = { value: place, confidence: round2((withComma ? 0.9 : 0.6) - (lostMarks(place) ? 0.15 : 0)), source: ln.text };
    }
    break;
  }

  // 3. The issuing body: upper-case lines above the code (or date), once the motto is cut off the right.
  const headerStop = codeLine ? lines.indexOf(codeLine) : dateLine ? lines.indexOf(dateLine) : Math.min(4, lines.length);
  const bodyLines: { text: string; cut: boolean; line: Line }[] = [];
  for (const ln of lines.slice(0, Math.max(0, headerStop) + 1).slice(-8)) {
    let t = ln.text;
    let cut = false;
    const ms = mottoStart(ln.folded);
    if (ms >= 0) {
      t = t.slice(0, ms);
      cut = true;
    }
    if (ln === codeLine) {
      LABEL.lastIndex = 0;
      const lm = LABEL.exec(ln.folded);
      t = lm ? t.slice(0, lm.index) : '';
    }
    if (ln === dateLine) t = '';
    t = trimJunk(t).replace(/[^\p{L}\p{N})]+$/u, '');
    if (t.length < 2 || !isUpperLine(t) || /^\d/.test(t)) continue;
    if (/^(v\s*[/|l1]\s*v|k[ií]nh g)/iu.test(f(t))) continue;
    bodyLines.push({ text: t.replace(/\s+/g, ' '), cut, line: ln });
  }
  if (bodyLines.length) {
    const texts = bodyLines.map((b) => repairHeaderWords(b.text));
    const repaired = texts.some((t, k) => t !== bodyLines[k].text);
    let n = texts.length - 1;
    // "ỦY BAN NHÂN DÂN / XÃ THANH SƠN" is one name on two lines; "UBND TỈNH HÀ NAM / SỞ NỘI VỤ" is parent and body.
    while (n > 0 && /^(xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)\s/u.test(f(texts[n]))) n--;
    let name = texts.slice(n).join(' ');
    if (out.place && !lostMarks(out.place.value)) name = restoreFromPlace(name, out.place.value);
    let conf = 0.9;
    if (bodyLines.some((b) => b.cut)) conf -= 0.1;
    if (repaired || lostMarks(name)) conf -= 0.15;
    if (!codeLine) conf -= 0.2;
    const code = /\b(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})\b/.exec(head.slice(0, 6000));
    out.issuer = { value: { name, code: code ? code[1] : null }, confidence: round2(conf), source: texts.join(' / ') };
    if (out.codeNotation) {
      const withBars = repairFromInitials(out.codeNotation.value, texts);
      if (withBars !== out.codeNotation.value) out.codeNotation = { ...out.codeNotation, value: withBars, confidence: round2(out.codeNotation.confidence - 0.05) };
    }
    // A place read without its marks takes them back from the body's name ("Ha Tinh" under "TỈNH HÀ TĨNH").
    if (out.place && lostMarks(out.place.value)) {
      const fixed = placeFromName(name, out.place.value);
      if (fixed) out.place = { ...out.place, value: fixed, confidence: round2(out.place.confidence + 0.05) };
    }
    // A place cut short by OCR noise ("Nam" for "Quảng Nam") is completed from the header when it ends a locality there.
    if (out.place) {
      const fp = f(out.place.value);
      const full = localities(texts).find((l) => f(l).endsWith(` ${fp}`));
      if (full) out.place = { ...out.place, value: titleWords(full), confidence: 0.6 };
      // The same name in the upright header and in the italic date line with other marks ("Bác Giang" under "TỈNH
      // BẮC GIANG"): the header's upper case is read better, so its marks are taken.
      const marks = (x: string) => [...x].filter((ch) => /\p{L}/u.test(ch) && f(ch) !== ch.toLowerCase()).length;
      const place = out.place.value;
      const same = full ? null : localities(texts).find((l) => f(l) === fp && isUpperLine(l) && marks(l) >= marks(place));
      if (same && titleWords(same) !== place) out.place = { ...out.place, value: titleWords(same), confidence: round2(out.place.confidence - 0.1) };
    }
  }

  // 4. Type name and trích yếu.
  const afterHeader = Math.max(codeLine ? lines.indexOf(codeLine) : -1, dateLine ? lines.indexOf(dateLine) : -1);
  let typeLine: Line | null = null;
  let typeIdx = -1;
  for (let k = Math.max(0, afterHeader - 2); k < lines.length && k < afterHeader + 10; k++) {
    const ln = lines[k];
    if (ln === codeLine || ln === dateLine) continue;
    const key = ln.folded
      .replace(/[^a-z ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const type = ADMIN_DOC_TYPES.find((t) => f(t.name) === key);
    if (!type || (!isUpperLine(ln.text) && ln.text !== type.name)) continue;
    const fromCode = out.codeNotation && notationType(out.codeNotation.value);
    let conf = 0.92;
    if (lostMarks(ln.text) || ln.text.length > key.length + 2) conf -= 0.1;
    if (fromCode && fromCode.abbr === type.abbr) conf += 0.06;
    else if (fromCode) conf -= 0.2;
    out.docType = { value: { name: type.name, abbr: type.abbr }, confidence: round2(conf), source: ln.text };
    typeLine = ln;
    typeIdx = k;
    break;
  }
  let vv: Line | null = null;
  let vvIdx = -1;
  const vvEnd = typeIdx >= 0 ? typeIdx : Math.min(lines.length, Math.max(afterHeader, 0) + 8);
  for (let k = Math.max(0, headerStop); k < vvEnd; k++) {
    const ln = lines[k];
    if (/^v\s*[/|l1i]\s*v[\s.:]/u.test(ln.folded) || (/^ve viec\s/u.test(ln.folded) && !typeLine)) {
      vv = ln;
      vvIdx = k;
      break;
    }
  }
  if (typeLine) {
    const parts = collectSubject(lines, typeIdx + 1, false);
    if (parts.length) {
      const s = cleanSubject(parts.map((p) => p.body).join(' '));
      out.subject = { value: s, confidence: round2(subjectConfidence(s) - (parts.length > 2 ? 0.1 : 0)), source: parts.map((p) => p.text).join(' ') };
    }
  } else if (vv) {
    const parts = [vv, ...collectSubject(lines, vvIdx + 1, true)];
    let s = cleanSubject(parts.map((p) => p.body).join(' '));
    s = s.replace(/^v\s*[/|l1i]\s*v[\s.:]+/iu, 'V/v ');
    out.subject = { value: s, confidence: round2(subjectConfidence(s) - 0.05), source: parts.map((p) => p.text).join(' ') };
  }
  if (!out.docType) {
    const fromCode = out.codeNotation && notationType(out.codeNotation.value);
    if (vv && !fromCode) out.docType = { value: { name: 'Công văn', abbr: null }, confidence: 0.85, source: vv.text };
    else if (fromCode) out.docType = { value: fromCode, confidence: 0.6, source: out.codeNotation?.source ?? '' };
  }

  // 5. Signature block (bottom right; the "Nơi nhận" list on its left is not the signer).
  readSigner(toLines(tail), out);

  // 6a. A deadline or a request for a reply anywhere in the text.
  readDeadline(all.slice(0, DEADLINE_CHARS), out, opts);
  return out;
}

/**
 * "PGDDT" under "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" -> "PGDĐT", "KHLĐTBXH" -> "KH-LĐTBXH": the body's part of a ký hiệu is
 * made of the initials of its name (NĐ 30 Phụ lục VI), so a group that spells a run of those initials with D where
 * the name has Đ lost the bar, and a type abbreviation glued to such a run lost its hyphen. Nothing else is changed.
 */
function repairFromInitials(notation: string, names: string[]): string {
  const initials = names.map((n) =>
    n
      .split(/[\s,-]+/u)
      .filter((w) => /^\p{L}/u.test(w) && f(w) !== 'va')
      .map((w) => w[0].toLocaleUpperCase('vi'))
      .join(''),
  );
  const run = (g: string): string | null => {
    if (g.length < 2) return null;
    for (const ini of initials) {
      const at = f(ini).indexOf(f(g));
      if (at >= 0) return [...g].map((ch, k) => (ch === 'D' && ini[at + k] === 'Đ' ? 'Đ' : ch)).join('');
    }
    return null;
  };
  return notation
    .split('/')
    .map((part) =>
      part
        .split('-')
        .map((g, k, all) => {
          // A type's abbreviation is never the body's part ("HD" is Hướng dẫn even under "XÃ HẢI ĐƯỜNG").
          if (!/^\p{Lu}+$/u.test(g) || TYPE_ABBRS.has(g) || BAR_LOST[g]) return g;
          const whole = run(g);
          if (whole) return whole;
          if (all.length > 1 || k > 0) return g;
          for (let cut = 1; cut <= 3 && cut < g.length - 1; cut++) {
            const type = g.slice(0, cut);
            const rest = run(g.slice(cut));
            if (rest && (TYPE_ABBRS.has(type) || BAR_LOST[type])) return `${BAR_LOST[type] ?? type}-${rest}`;
          }
          return g;
        })
        .join('-'),
    )
    .join('/');
}

function notationType(notation: string): { name: string; abbr: string | null } | null {
  const last = notation.split('/').pop() ?? '';
  const first = last.split('-')[0];
  const t = ADMIN_DOC_TYPES.find((d) => d.abbr === first);
  return t && last.includes('-') ? { name: t.name, abbr: t.abbr } : null;
}

function collectSubject(lines: Line[], from: number, continuationOnly: boolean): Line[] {
  const out: Line[] = [];
  for (let k = from; k < lines.length && out.length < 4; k++) {
    const ln = lines[k];
    const starts = out.length === 0 && !continuationOnly ? /^(can cu|kinh gui)/.test(ln.folded) : BODY_STARTS.some((b) => ln.folded.startsWith(b));
    if (starts || mottoStart(ln.folded) >= 0 || PLACE_DATE.test(ln.folded)) break;
    if (/^[\s\-_–—=.*]+$/u.test(ln.raw)) break;
    const lowerStart = /^[\p{Ll}\d(]/u.test(ln.text);
    if (out.length === 0 && !continuationOnly) {
      if (isUpperLine(ln.text) && ln.text.length > 12) break;
      out.push(ln);
      continue;
    }
    if (!lowerStart || ln.text.length > 90) break;
    // A blank line (a paragraph break in OCR output) ends a trích yếu only when the next line does not continue it.
    out.push(ln);
  }
  return out;
}

function cleanSubject(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;.])/g, '$1')
    .replace(/[\s.;:,|_'"`\-–—]+$/u, '')
    .trim();
}

function subjectConfidence(s: string): number {
  let c = 0.85;
  if (lostMarks(s)) c -= 0.2;
  if (/[|_~»«¦]/u.test(s)) c -= 0.15;
  if (s.length < 8) c -= 0.3;
  return c;
}

// Header words whose marks OCR drops or garbles most ("UY BAN NHAN DAN", "BẠN", "TINH"): the same letters without
// marks are these words and nothing else in a header.
const HEADER_WORDS: [RegExp, string][] = [
  [/\buy[\s-]*ban[\s-]*nhan[\s-]*dan\b/, 'ỦY BAN NHÂN DÂN'],
  [/\bhoi[\s-]*dong[\s-]*nhan[\s-]*dan\b/, 'HỘI ĐỒNG NHÂN DÂN'],
  [/\bthanh pho\b/, 'THÀNH PHỐ'],
  [/\bthi tran\b/, 'THỊ TRẤN'],
  [/\bthi xa\b/, 'THỊ XÃ'],
  [/(?<=^|\bubnd )tinh\b(?= \S)/, 'TỈNH'],
  [/(?<=^|\bubnd )huyen\b(?= \S)/, 'HUYỆN'],
  [/^xa\b(?= \S)/, 'XÃ'],
  [/^phuong\b(?= \S)/, 'PHƯỜNG'],
];

// Specialised bodies of a province (sở, NĐ 24/2014) and a district (phòng, NĐ 37/2014) as printed in headers: a name
// read without or with wrong marks is put back when its letters match one of them.
const BODY_NAMES = [
  'NỘI VỤ',
  'TƯ PHÁP',
  'KẾ HOẠCH VÀ ĐẦU TƯ',
  'TÀI CHÍNH',
  'CÔNG THƯƠNG',
  'NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN',
  'NÔNG NGHIỆP VÀ MÔI TRƯỜNG',
  'GIAO THÔNG VẬN TẢI',
  'XÂY DỰNG',
  'TÀI NGUYÊN VÀ MÔI TRƯỜNG',
  'THÔNG TIN VÀ TRUYỀN THÔNG',
  'LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI',
  'VĂN HÓA, THỂ THAO VÀ DU LỊCH',
  'KHOA HỌC VÀ CÔNG NGHỆ',
  'GIÁO DỤC VÀ ĐÀO TẠO',
  'Y TẾ',
  'DÂN TỘC VÀ TÔN GIÁO',
  'NGOẠI VỤ',
  'TÀI CHÍNH - KẾ HOẠCH',
  'VĂN HÓA VÀ THÔNG TIN',
  'VĂN HÓA, KHOA HỌC VÀ THÔNG TIN',
  'KINH TẾ VÀ HẠ TẦNG',
  'KINH TẾ',
  'QUẢN LÝ ĐÔ THỊ',
  'DÂN TỘC',
  'VĂN HÓA - XÃ HỘI',
  'KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ',
];
const letterKey = (s: string) => f(s).replace(/[^a-z]/g, '');
const BODY_BY_KEY = new Map(BODY_NAMES.map((n) => [letterKey(n), n] as const));

function repairHeaderWords(line: string): string {
  let s = line;
  for (const [re, canon] of HEADER_WORDS) {
    const m = re.exec(f(s));
    if (!m) continue;
    s = s.slice(0, m.index) + canon + s.slice(m.index + m[0].length);
  }
  const body = /^(so|phong)\s+(.+)$/u.exec(f(s));
  if (body) {
    const canon = BODY_BY_KEY.get(letterKey(body[2]));
    if (canon) s = `${body[1] === 'so' ? 'SỞ' : 'PHÒNG'} ${canon}`;
  }
  return s.replace(/[^\p{L}\p{N})]+$/u, '');
}

/** The localities named in the header ("KIM BẢNG" of "UBND HUYỆN KIM BẢNG"), where a truncated place can be completed. */
function localities(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const m = /\b(tinh|huyen|xa|phuong|thi tran|thi xa|thanh pho|quan)\s+(\S.*)$/u.exec(f(l));
    if (m) out.push(l.slice(m.index + m[0].length - m[2].length));
  }
  return out;
}

const titleWords = (s: string) =>
  s
    .toLocaleLowerCase('vi')
    .split(' ')
    .map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1))
    .join(' ');

/** "TỈNH HA TINH" with the place "Hà Tĩnh" -> "TỈNH HÀ TĨNH": the same words, marks taken from the place. */
function restoreFromPlace(name: string, place: string): string {
  const fp = f(place);
  const fn = f(name);
  const at = fn.lastIndexOf(fp);
  if (at < 0 || at + fp.length !== fn.length) return name;
  const orig = name.slice(at);
  if (f(orig) !== orig.toLowerCase()) return name;
  return name.slice(0, at) + place.toLocaleUpperCase('vi');
}

/** The place written as in the body's name when only the marks differ ("Ha Tinh" and "TỈNH HÀ TĨNH" -> "Hà Tĩnh"). */
function placeFromName(name: string, place: string): string | null {
  const fp = f(place);
  const fn = f(name);
  const at = fn.lastIndexOf(fp);
  if (at < 0 || (at > 0 && fn[at - 1] !== ' ')) return null;
  const orig = name.slice(at, at + place.length);
  if (lostMarks(orig)) return null;
  return titleWords(orig);
}

// ---- signer ----------------------------------------------------------------------------------------------------

const TITLES = [
  'PHÓ CHỦ TỊCH',
  'CHỦ TỊCH',
  'PHÓ GIÁM ĐỐC',
  'GIÁM ĐỐC',
  'PHÓ TRƯỞNG PHÒNG',
  'TRƯỞNG PHÒNG',
  'PHÓ CHÁNH VĂN PHÒNG',
  'CHÁNH VĂN PHÒNG',
  'PHÓ TRƯỞNG BAN',
  'TRƯỞNG BAN',
  'PHÓ BÍ THƯ',
  'BÍ THƯ',
  'CHỦ NHIỆM',
  'PHÓ CHỦ NHIỆM',
  'CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ',
  'VĂN PHÒNG - THỐNG KÊ',
  'ỦY BAN NHÂN DÂN',
  'ỦY BAN BẦU CỬ',
  'HỘI ĐỒNG NHÂN DÂN',
  'THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN',
  'BAN CHỈ ĐẠO',
  'BAN CHỈ HUY',
  'BAN THƯỜNG TRỰC',
  'BAN THƯỜNG VỤ',
  'HỘI ĐỒNG',
  'CỤC TRƯỞNG',
  'CHI CỤC TRƯỞNG',
  'HIỆU TRƯỞNG',
  'THỦ TRƯỞNG',
  'TỔNG GIÁM ĐỐC',
  'CHÁNH THANH TRA',
  'TRƯỞNG CÔNG AN',
  'CHỈ HUY TRƯỞNG',
];
const TITLE_BY_FOLD = new Map(TITLES.map((t) => [f(t).replace(/[^a-z]/g, ''), t] as const));
const PREFIX_CANON: Record<string, string> = { tm: 'TM.', kt: 'KT.', tl: 'TL.', tuq: 'TUQ.', q: 'Q.' };

const SURNAMES = new Set(
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh mai truong lam doan luong cao ha quach thai ta tong kieu la chu luu ton van khuat giang dao trieu nong lo lai'.split(
    ' ',
  ),
);

/** A position phrase (optionally after TM./KT./TL./TUQ./Q.) in canonical form, or null when it is not one. */
function matchPosition(run: string): { value: string; repaired: boolean } | null {
  const fr = f(run);
  const p = /^(tm|kt|tl|tuq|q)\s*([.:,;]?)\s*/.exec(fr);
  let prefix = '';
  let rest = run;
  let repaired = false;
  if (p && (p[2] || p[0].length > p[1].length)) {
    prefix = PREFIX_CANON[p[1]];
    if (!run.startsWith(prefix)) repaired = true;
    rest = run.slice(p[0].length);
  }
  const canon = TITLE_BY_FOLD.get(f(rest).replace(/[^a-z]/g, ''));
  if (canon) {
    if (canon !== rest.replace(/\s+/g, ' ').replace(/[.,;:]+$/u, '')) repaired = true;
    return { value: prefix ? `${prefix} ${canon}` : canon, repaired };
  }
  if (prefix && p?.[2] && rest.length >= 4 && /\p{Lu}{3}/u.test(rest)) return { value: `${prefix} ${rest.replace(/[.,;:]+$/u, '')}`, repaired: true };
  return null;
}

/** The position part of a line: the upper-case run at its right (the recipients list shares the line in OCR output). */
function positionIn(text: string): { value: string; repaired: boolean } | null {
  const tokens = text.split(/\s+/u).filter(Boolean);
  let end = tokens.length;
  while (end > 0 && !/\p{L}/u.test(tokens[end - 1])) end--;
  let start = end;
  for (let k = end - 1; k >= 0; k--) {
    const tok = tokens[k];
    if (/^[-–]$/u.test(tok)) {
      if (k < end - 1) {
        start = k;
        continue;
      }
      break;
    }
    const tk = tok.replace(/^[^\p{L}]+|[^\p{L}.:,;]+$/gu, '');
    if (!tk || upperShare(tk) < 0.8) break;
    start = k;
    if (/^[^\p{L}]/u.test(tok)) break;
  }
  const run = tokens.slice(start, end);
  // Junk read into the run's left ("TC GIÁM ĐỐC", "PCT: CÔNG CHỨC …") is dropped a word at a time.
  for (let drop = 0; drop < run.length && drop <= 3; drop++) {
    const text = run
      .slice(drop)
      .join(' ')
      .replace(/^[^\p{L}]+|[^\p{L}.]+$/gu, '');
    if (!text) continue;
    const m = matchPosition(text);
    if (m) return drop ? { value: m.value, repaired: true } : m;
  }
  return null;
}

// Family names and middle names whose letters belong to one spelling only: put back when OCR loses or garbles the marks.
// Given names are left as read ("Hai" may be Hải or Hài).
const SURNAME_CANON = new Map(
  [
    'Nguyễn',
    'Trần',
    'Lê',
    'Phạm',
    'Hoàng',
    'Huỳnh',
    'Vũ',
    'Võ',
    'Đặng',
    'Bùi',
    'Đỗ',
    'Hồ',
    'Ngô',
    'Dương',
    'Lý',
    'Đinh',
    'Trịnh',
    'Trương',
    'Đoàn',
    'Lương',
    'Quách',
    'Đào',
    'Triệu',
  ].map((n) => [f(n), n] as const),
);
const MIDDLE_CANON = new Map(['Văn', 'Thị', 'Đức', 'Hữu', 'Xuân', 'Công', 'Ngọc', 'Hồng', 'Thế', 'Bá', 'Đình'].map((n) => [f(n), n] as const));

function restoreName(name: string): string {
  const words = name.split(' ');
  return words.map((w, k) => (k === 0 ? (SURNAME_CANON.get(f(w)) ?? w) : k < words.length - 1 && !/[^\x20-\x7e]/u.test(w) ? (MIDDLE_CANON.get(f(w)) ?? w) : w)).join(' ');
}

function nameIn(text: string): { value: string; known: boolean } | null {
  const words = text.split(/[\s.]+/u).map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
  let best: { value: string; known: boolean } | null = null;
  for (let a = 0; a < words.length; a++) {
    if (!/^\p{Lu}\p{Ll}+$/u.test(words[a]) && !/^\p{Lu}$/u.test(words[a])) continue;
    let b = a;
    while (b + 1 < words.length && b - a < 4 && /^\p{Lu}\p{Ll}*$/u.test(words[b + 1])) b++;
    if (b - a < 1) continue;
    const known = SURNAMES.has(f(words[a]));
    const bad = /^(nhu|luu|cac|noi|thuong|chu|uy|ban|so|phong|gui|kinh)$/u.test(f(words[a]));
    if (bad) continue;
    const cand = { value: restoreName(words.slice(a, b + 1).join(' ')), known };
    if (!best || (known && !best.known)) best = cand;
    a = b;
  }
  return best;
}

function readSigner(lines: Line[], out: DetectedFields): void {
  const from = Math.max(0, lines.length - 40);
  const found: { line: Line; k: number; value: string; repaired: boolean }[] = [];
  for (let k = from; k < lines.length; k++) {
    const ln = lines[k];
    // The left list ("- Như trên; - Lưu: VT.") and the signer block share lines in OCR: read each line from the right.
    const pos = positionIn(ln.text);
    if (pos) found.push({ line: ln, k, ...pos });
  }
  if (!found.length) return;
  // The signature block is the last run of position lines (a few lines apart at most).
  let first = found.length - 1;
  while (first > 0 && found[first].k - found[first - 1].k <= 3 && found.length - first < 4) first--;
  const block = found.slice(first);
  const position = block.map((b) => b.value).join(' / ');
  const repaired = block.some((b) => b.repaired);
  out.signerPosition = {
    value: position,
    confidence: round2(0.9 - (repaired ? 0.1 : 0) - (block.length === 1 && !/\./.test(position) ? 0.1 : 0)),
    source: block.map((b) => b.line.text).join(' / '),
  };
  const last = block[block.length - 1].k;
  for (let k = last + 1; k < lines.length && k <= last + 10; k++) {
    const nm = nameIn(lines[k].text);
    if (!nm) continue;
    let conf = nm.known ? 0.9 : 0.6;
    if (lostMarks(nm.value) || nm.value !== lines[k].text.match(/\p{L}.*\p{L}/u)?.[0]) conf -= 0.15;
    out.signerName = { value: nm.value, confidence: round2(conf), source: lines[k].text };
    if (nm.known) break;
  }
}

// ---- deadline --------------------------------------------------------------------------------------------------

const DEADLINE_TRIGGER = /(truoc|cham nhat|han chot|han cuoi|khong qua|thoi han)(?=[\s:,])/g;
const ASK = /(bao cao|gui ve|gui van ban|gui so lieu|tra loi|phan hoi|gop y|dang ky|cung cap|tong hop|de nghi|yeu cau)/;

function readDeadline(text: string, out: DetectedFields, opts: DetectOptions): void {
  const flat = text.replace(/\s+/g, ' ');
  const folded = f(flat);
  const issued = out.issuedDate?.value ?? null;
  const ref = issued ?? (opts.today && /^\d{4}-\d{2}-\d{2}$/.test(opts.today) ? opts.today : null);
  DEADLINE_TRIGGER.lastIndex = 0;
  for (let m = DEADLINE_TRIGGER.exec(folded); m; m = DEADLINE_TRIGGER.exec(folded)) {
    const windowText = folded.slice(m.index + m[0].length, m.index + m[0].length + 48);
    const w = /^[^;!?]{0,28}?ngay\s*[,.:]?\s*([0-9]{1,2})\s*(?:\/|-|\.|th[a-z]ng)\s*([0-9]{1,2})(?:\s*(?:\/|-|\.|\s*n[a-z]m)\s*([0-9]{4}))?/.exec(windowText);
    const bare = w ?? (/^(?:han chot|han cuoi|thoi han)/.test(m[1]) ? /^\s*(?:la|:)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?/.exec(windowText) : null);
    if (!bare) continue;
    const d = Number(bare[1]);
    const mo = Number(bare[2]);
    let y = bare[3] ? Number(bare[3]) : null;
    let conf = 0.88;
    if (y === null) {
      if (!ref) continue;
      y = Number(ref.slice(0, 4));
      const cand = isoDate(y, mo, d);
      if (cand && cand < ref) y++;
      conf = 0.72;
    }
    const iso = isoDate(y, mo, d);
    if (!iso) continue;
    if (issued && iso < issued) continue;
    // The sentence it sits in says whether a reply or report is asked for.
    const sStart = Math.max(0, folded.lastIndexOf('. ', m.index) + 1, m.index - 220);
    const sentence = folded.slice(sStart, m.index + m[0].length + 48);
    const asks = ASK.test(sentence);
    const source = flat.slice(sStart, Math.min(flat.length, m.index + m[0].length + bare.index + bare[0].length)).trim();
    out.handlingDueDate = { value: iso, confidence: round2(asks ? conf : conf - 0.2), source };
    if (asks) out.replyRequested = { value: true, confidence: round2(conf - 0.05), source };
    return;
  }
  // No date, but the letter still asks for an answer ("đề nghị … báo cáo kết quả về …").
  const ask = /de nghi[^.;]{0,120}?(bao cao|tra loi|gop y|cung cap|gui ve)/.exec(folded);
  if (ask) {
    const source = flat.slice(ask.index, ask.index + ask[0].length);
    out.replyRequested = { value: true, confidence: 0.55, source };
  }
}
