// listSignatures: the signatures of a PDF before any cryptography — field, byte range, /Contents, claimed time, page,
// structure problems, and what later incremental updates changed (compared structurally with the signed revision).

import type { PdfChangeSummary, PdfSignatureField } from '../signing/types';
import { openPdf, type PdfFile } from './file';
import { changedKeys, decodeTextString, dictOf, isName, isRef, isStream, isString, sameObject, type PdfDict, type PdfObject } from './objects';

interface FoundSig {
  fieldName: string;
  sig: PdfDict;
  widget: PdfDict | undefined;
  widgetNum: number | undefined;
}

export function listSignatures(bytes: Uint8Array): PdfSignatureField[] {
  const file = openPdf(bytes);
  const pageIndex = new Map<number, number>();
  file.pages().forEach((p, i) => pageIndex.set(p.ref.num, i + 1));
  const found = findSignatures(file, pageIndex);
  const ends = file.revisions();
  return found.map((f) => describe(file, f, pageIndex, ends));
}

// ---- finding signature dictionaries ---------------------------------------------------------------------------------

function findSignatures(file: PdfFile, pageIndex: Map<number, number>): FoundSig[] {
  const out: FoundSig[] = [];
  const seenSig = new Set<PdfDict>();
  const seenField = new Set<number>();
  const acro = file.resolveDict(file.catalog().map.get('AcroForm'));
  const fields = file.resolve(acro?.map.get('Fields'));
  const visit = (f: PdfObject, prefix: string, inheritedFt: PdfObject | undefined, depth: number): void => {
    if (depth > 32 || !isRef(f) || seenField.has(f.num)) return;
    seenField.add(f.num);
    const d = file.resolveDict(f);
    if (!d) return;
    const t = d.map.get('T');
    const full = isString(t) ? (prefix ? `${prefix}.` : '') + decodeTextString(t) : prefix;
    const ft = d.map.get('FT') ?? inheritedFt;
    const kids = file.resolve(d.map.get('Kids'));
    const sig = file.resolveDict(d.map.get('V'));
    if (isName(ft, 'Sig') && sig && !seenSig.has(sig)) {
      seenSig.add(sig);
      const widgetRef = isName(d.map.get('Subtype'), 'Widget') ? f : Array.isArray(kids) ? kids.find(isRef) : undefined;
      out.push({ fieldName: full, sig, widget: file.resolveDict(widgetRef), widgetNum: isRef(widgetRef) ? widgetRef.num : undefined });
    }
    if (Array.isArray(kids)) for (const k of kids) visit(k, full, ft, depth + 1);
  };
  if (Array.isArray(fields)) for (const f of fields) visit(f, '', undefined, 0);
  findOrphans(file, pageIndex, seenSig, out);
  return out;
}

/** Signature widgets reachable from pages but missing from the AcroForm (damaged or hand-made files). */
function findOrphans(file: PdfFile, _pageIndex: Map<number, number>, seenSig: Set<PdfDict>, out: FoundSig[]): void {
  for (const p of file.pages()) {
    const annots = file.resolve(p.dict.map.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (const a of annots.slice(0, 10_000)) {
      const d = file.resolveDict(a);
      if (!d || !isName(d.map.get('Subtype'), 'Widget')) continue;
      const sig = file.resolveDict(d.map.get('V'));
      if (!sig || seenSig.has(sig) || !(isName(sig.map.get('Type'), 'Sig') || isName(sig.map.get('Type'), 'DocTimeStamp') || sig.map.has('ByteRange'))) continue;
      seenSig.add(sig);
      out.push({ fieldName: '', sig, widget: d, widgetNum: isRef(a) ? a.num : undefined });
    }
  }
}

// ---- describing one signature -------------------------------------------------------------------------------------

function text(d: PdfDict, key: string): string | null {
  const v = d.map.get(key);
  return isString(v) ? decodeTextString(v).normalize('NFC') : null;
}

/** Parses a PDF date (D:YYYYMMDDHHmmSSOHH'mm') to epoch ms. */
export function parsePdfDate(s: string): number | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(s.trim());
  if (!m) return null;
  const [y, mo = '01', d = '01', h = '00', mi = '00', se = '00'] = m.slice(1, 7) as string[];
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  if (m[7] === '+' || m[7] === '-') t -= (m[7] === '+' ? 1 : -1) * ((+(m[8] ?? 0) * 60 + +(m[9] ?? 0)) * 60_000);
  return Number.isFinite(t) ? t : null;
}

/** The DER inside /Contents: its exact length from the DER header, else with trailing zero padding removed. */
function derOf(b: Uint8Array): Uint8Array {
  if (b[0] === 0x30 && b.length > 2) {
    const l = b[1];
    let len = l;
    let head = 2;
    if (l & 0x80) {
      const n = l & 0x7f;
      len = 0;
      for (let i = 0; i < n && i < 4; i++) len = len * 256 + b[2 + i];
      head = 2 + n;
    }
    if (head + len <= b.length) return b.subarray(0, head + len);
  }
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
}

function byteRangeOf(sig: PdfDict, errors: string[]): [number, number, number, number] {
  const br = sig.map.get('ByteRange');
  if (Array.isArray(br) && br.length === 4 && br.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) return br as [number, number, number, number];
  errors.push('/ByteRange không hợp lệ');
  return [0, 0, 0, 0];
}

function checkStructure(bytes: Uint8Array, br: number[], contents: Uint8Array, revisionEnds: Set<number>, errors: string[]): void {
  if (br[0] !== 0) errors.push('Vùng ký không bắt đầu từ đầu tệp');
  if (br[1] > bytes.length || br[2] + br[3] > bytes.length || br[2] < br[1]) {
    errors.push('Vùng ký nằm ngoài tệp');
    return;
  }
  const gap = Buffer.from(bytes.buffer, bytes.byteOffset + br[1], br[2] - br[1]);
  const inner = gap.toString('latin1', 1, gap.length - 1);
  if (gap[0] !== 0x3c || gap[gap.length - 1] !== 0x3e || !/^[0-9a-fA-F]*$/.test(inner) || !Buffer.from(inner, 'hex').equals(contents)) {
    errors.push('Khoảng trống giữa hai vùng ký không đúng là /Contents');
  }
  if (!revisionEnds.has(br[2] + br[3])) errors.push('Vùng ký không kết thúc tại ranh giới một phiên bản');
}

function describe(file: PdfFile, f: FoundSig, pageIndex: Map<number, number>, revisions: ReturnType<PdfFile['revisions']>): PdfSignatureField {
  const errors: string[] = [];
  const br = byteRangeOf(f.sig, errors);
  const raw = f.sig.map.get('Contents');
  const contentsBytes = isString(raw) ? raw.bytes : new Uint8Array(0);
  if (!isString(raw)) errors.push('Thiếu /Contents');
  const ends = new Set(revisions.flatMap((r) => [r.end, r.eofEnd]));
  ends.add(file.bytes.length);
  if (errors.length === 0) checkStructure(file.bytes, br, contentsBytes, ends, errors);
  const revisionEnd = br[2] + br[3];
  const m = text(f.sig, 'M');
  const sub = f.sig.map.get('SubFilter');
  return {
    fieldName: f.fieldName,
    subFilter: isName(sub) ? sub.name : '',
    isDocTimestamp: isName(f.sig.map.get('Type'), 'DocTimeStamp'),
    byteRange: br,
    contents: derOf(contentsBytes),
    claimedTime: m ? parsePdfDate(m) : null,
    name: text(f.sig, 'Name'),
    reason: text(f.sig, 'Reason'),
    location: text(f.sig, 'Location'),
    page: widgetPage(file, f, pageIndex),
    structureErrors: errors,
    revisionEnd,
    coversWholeFile: revisionEnd === file.bytes.length,
    changesAfter: errors.some((e) => e.includes('ngoài tệp')) ? unknownChanges() : changesAfter(file, revisionEnd, revisions, pageIndex),
  };
}

function widgetPage(file: PdfFile, f: FoundSig, pageIndex: Map<number, number>): number | null {
  if (!f.widget) return null;
  const rect = file.resolve(f.widget.map.get('Rect'));
  if (Array.isArray(rect) && rect.length === 4 && rect.every((x) => typeof x === 'number')) {
    const [x1, y1, x2, y2] = rect as number[];
    if (x1 === x2 || y1 === y2) return null;
  }
  const p = f.widget.map.get('P');
  if (isRef(p) && pageIndex.has(p.num)) return pageIndex.get(p.num) ?? null;
  if (f.widgetNum === undefined) return null;
  const pages = file.pages();
  for (let i = 0; i < pages.length; i++) {
    const annots = file.resolve(pages[i].dict.map.get('Annots'));
    if (Array.isArray(annots) && annots.some((a) => isRef(a) && a.num === f.widgetNum)) return i + 1;
  }
  return null;
}

function unknownChanges(): PdfChangeSummary {
  return { laterRevisions: 0, allowedOnly: false, changes: ['Không xác định được phần được ký'] };
}

// ---- what changed after the signed revision -------------------------------------------------------------------------

const ALLOWED_CATALOG_KEYS = new Set(['AcroForm', 'DSS']);
const ALLOWED_ACROFORM_KEYS = new Set(['Fields', 'SigFlags']);
const ALLOWED_PAGE_KEYS = new Set(['Annots']);

interface Ctx {
  old: PdfFile;
  now: PdfFile;
  rootNum: number;
  acroNum: number | undefined;
  fieldsNum: number | undefined;
  /** Page object number → 1-based page (pages are not reordered by allowed updates: a /Pages change is flagged). */
  pages: Map<number, number>;
  /** Old content stream number → page and /Annots array number → page, built on first need (a second page walk). */
  pageParts: { contents: Map<number, number>; annotArrays: Map<number, number> } | undefined;
  changes: string[];
  allowed: boolean;
}

export function changesAfter(file: PdfFile, revisionEnd: number, revisions = file.revisions(), pageIndex?: Map<number, number>): PdfChangeSummary {
  const later = revisions.filter((r) => r.end > revisionEnd && r.eofEnd > revisionEnd).length;
  if (revisionEnd >= file.bytes.length || later === 0) return { laterRevisions: 0, allowedOnly: true, changes: [] };
  let old: PdfFile;
  try {
    old = file.asOf(revisionEnd);
  } catch {
    return { laterRevisions: later, allowedOnly: false, changes: ['Không đọc được phiên bản đã ký'] };
  }
  const ctx = makeCtx(old, file, pageIndex ?? new Map(file.pages().map((p, i) => [p.ref.num, i + 1])));
  for (const num of changedNumbers(file, revisionEnd)) compareObject(ctx, num);
  return { laterRevisions: later, allowedOnly: ctx.allowed, changes: [...new Set(ctx.changes)] };
}

function makeCtx(old: PdfFile, now: PdfFile, pages: Map<number, number>): Ctx {
  const root = now.trailer.map.get('Root');
  const acro = old.catalog().map.get('AcroForm');
  const acroDict = old.resolveDict(acro);
  const fields = acroDict?.map.get('Fields');
  return {
    old,
    now,
    rootNum: isRef(root) ? root.num : -1,
    acroNum: isRef(acro) ? acro.num : undefined,
    fieldsNum: isRef(fields) ? fields.num : undefined,
    pages,
    pageParts: undefined,
    changes: [],
    allowed: true,
  };
}

function pageParts(ctx: Ctx): NonNullable<Ctx['pageParts']> {
  if (ctx.pageParts) return ctx.pageParts;
  const parts = { contents: new Map<number, number>(), annotArrays: new Map<number, number>() };
  ctx.old.pages().forEach((p, i) => {
    const c = p.dict.map.get('Contents');
    const list = isRef(c) ? [c, ...asArray(ctx.old.resolve(c))] : Array.isArray(c) ? c : [];
    for (const x of list) if (isRef(x)) parts.contents.set(x.num, i + 1);
    const a = p.dict.map.get('Annots');
    if (isRef(a)) parts.annotArrays.set(a.num, i + 1);
  });
  return (ctx.pageParts = parts);
}

const asArray = (o: PdfObject | undefined): PdfObject[] => (Array.isArray(o) ? o : []);

/** Object numbers written by the sections appended after `revisionEnd` (everything when the xref was rebuilt). */
function changedNumbers(file: PdfFile, revisionEnd: number): number[] {
  if (file.reconstructed) return [...file.entries.keys()];
  const nums = new Set<number>();
  for (const s of file.sections) if (s.startxref + file.base >= revisionEnd) for (const n of s.entries.keys()) nums.add(n);
  return [...nums].sort((a, b) => a - b);
}

function flag(ctx: Ctx, line: string): void {
  ctx.allowed = false;
  ctx.changes.push(line);
}

function compareObject(ctx: Ctx, num: number): void {
  const before = ctx.old.get(num);
  const after = ctx.now.get(num);
  if (after === undefined && before === undefined) return;
  if (isStream(after) && (isName(after.dict.map.get('Type'), 'XRef') || isName(after.dict.map.get('Type'), 'ObjStm'))) return;
  if (before === undefined) return describeAddition(ctx, after);
  if (after === undefined) return flag(ctx, `Xóa đối tượng ${num}`);
  if (sameObject(before, after)) return;
  if (num === ctx.rootNum) return compareKeys(ctx, before, after, ALLOWED_CATALOG_KEYS, 'Thay đổi danh mục tài liệu');
  if (num === ctx.acroNum) return compareKeys(ctx, before, after, ALLOWED_ACROFORM_KEYS, 'Thay đổi biểu mẫu (AcroForm)');
  if (num === ctx.fieldsNum) return appendOnly(ctx, before, after, 'Xóa trường khỏi biểu mẫu');
  const page = ctx.pages.get(num);
  if (page !== undefined) {
    compareKeys(ctx, before, after, ALLOWED_PAGE_KEYS, `Thay đổi nội dung trang ${page}`);
    const keep = asArray(ctx.old.resolve(dictOf(before)?.map.get('Annots')));
    const now = asArray(ctx.now.resolve(dictOf(after)?.map.get('Annots')));
    return appendOnly(ctx, keep, now, `Xóa chú thích trên trang ${page}`);
  }
  const annotsPage = pageParts(ctx).annotArrays.get(num);
  if (annotsPage !== undefined) return appendOnly(ctx, before, after, `Xóa chú thích trên trang ${annotsPage}`);
  const contentPage = pageParts(ctx).contents.get(num);
  flag(ctx, contentPage !== undefined ? `Thay đổi nội dung trang ${contentPage}` : `Thay đổi đối tượng ${num}`);
}

function compareKeys(ctx: Ctx, before: PdfObject, after: PdfObject, allowed: Set<string>, line: string): void {
  const a = dictOf(before);
  const b = dictOf(after);
  if (!a || !b || isStream(before) !== isStream(after)) return flag(ctx, line);
  const keys = changedKeys(a, b).filter((k) => !allowed.has(k));
  if (keys.length) flag(ctx, `${line} (${keys.map((k) => '/' + k).join(', ')})`);
  if (allowed.has('AcroForm')) compareAcroForms(ctx, ctx.old.resolveDict(a.map.get('AcroForm')), ctx.now.resolveDict(b.map.get('AcroForm')));
  if (allowed.has('Fields')) compareAcroForms(ctx, a, b);
}

/** An AcroForm may gain fields and /SigFlags; anything else (a new /DA, /XFA, a dropped field) is a change. */
function compareAcroForms(ctx: Ctx, a: PdfDict | undefined, b: PdfDict | undefined): void {
  if (!a) return;
  if (!b) return flag(ctx, 'Xóa biểu mẫu (AcroForm)');
  appendOnly(ctx, asArray(ctx.old.resolve(a.map.get('Fields'))), asArray(ctx.now.resolve(b.map.get('Fields'))), 'Xóa trường khỏi biểu mẫu');
  const extra = changedKeys(a, b).filter((k) => !ALLOWED_ACROFORM_KEYS.has(k));
  if (extra.length) flag(ctx, `Thay đổi biểu mẫu (AcroForm) (${extra.map((k) => '/' + k).join(', ')})`);
}

/** Every element of the old array is still in the new one (additions only). */
function appendOnly(ctx: Ctx, before: PdfObject, after: PdfObject, line: string): void {
  const a = asArray(before);
  const b = asArray(after);
  if (!a.every((x) => b.some((y) => sameObject(x, y)))) flag(ctx, line);
}

function describeAddition(ctx: Ctx, obj: PdfObject | undefined): void {
  const d = dictOf(obj);
  if (!d) return;
  const type = d.map.get('Type');
  const sub = d.map.get('Subtype');
  if (isName(type, 'DocTimeStamp')) return void ctx.changes.push('Thêm dấu thời gian tài liệu');
  if (isName(type, 'DSS') || d.map.has('VRI') || (d.map.has('Certs') && d.map.has('OCSPs'))) return void ctx.changes.push('Thêm dữ liệu kiểm tra chữ ký (DSS)');
  if (!isName(sub)) return;
  const p = d.map.get('P');
  const page = isRef(p) ? ctx.pages.get(p.num) : undefined;
  const where = page !== undefined ? ` trên trang ${page}` : '';
  if (sub.name === 'Widget' && isName(d.map.get('FT'), 'Sig')) {
    const t = d.map.get('T');
    const v = ctx.now.resolveDict(d.map.get('V'));
    if (v && isName(v.map.get('Type'), 'DocTimeStamp')) return void ctx.changes.push('Thêm dấu thời gian tài liệu');
    return void ctx.changes.push(`Thêm chữ ký số (trường ${isString(t) ? decodeTextString(t) : '?'})`);
  }
  if (sub.name === 'Stamp') return void ctx.changes.push(`Thêm dấu số/ngày${where}`);
  if (sub.name === 'FreeText' || sub.name === 'Text' || sub.name === 'Widget') return void ctx.changes.push(`Thêm chú thích (${sub.name})${where}`);
}
