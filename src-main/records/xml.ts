// The file's metadata as XML for the export package (NĐ 30/2020 Phụ lục VI Phần II.I–III tags, standards §3.10),
// valid against resources/schemas/ho-so.xsd. Refuses (AppError) rather than truncates a value over the standard's
// length; reads nothing and writes nothing itself — the package writer (export-package.ts) places the text.

import fs from 'node:fs';
import path from 'node:path';
import { cleanValue } from '../../src-shared/edxml/encode';
import { isValidDate, vnIso } from '../../src-shared/calendar/vn-time';
import { AppError, type FieldIssue } from '../../src-shared/errors';
import type { FileItemMeta, FileMeta } from './print-data';

/** One file of the package as listed in <Files> (paths relative to the package folder). */
export interface XmlFileEntry {
  path: string;
  sha256: string;
  size: number;
  mime: string;
  /** DocOrdinal of the document it belongs to; absent for the combined PDF. */
  ordinal?: number;
  /** A digitally signed original, kept byte-identical. */
  signed?: boolean;
  /** What the file is, in words ("Hồ sơ ghép (PDF)", "Bản gốc"). */
  role: 'combined' | 'original';
}

export interface FileXmlOptions {
  exportedAt: number;
  exportedBy: string;
  /** Files of the package; hidden documents' files must not be passed. */
  files?: XmlFileEntry[];
}

export const HO_SO_XSD_FILE = 'ho-so.xsd';
export const HO_SO_XML_VERSION = '1.0';

/** The XSD shipped with the app (resources/schemas/ho-so.xsd), put next to the XML in every package. */
export function hoSoXsd(resourcesDir: string): string {
  return fs.readFileSync(path.join(resourcesDir, 'schemas', HO_SO_XSD_FILE), 'utf8');
}

/**
 * Maximum lengths of Phụ lục VI Phần II (S = characters, N = digits). The XSD carries the same numbers; a value
 * over them is refused here with the field named, so the clerk can correct it instead of receiving a package an
 * archive would reject, or one silently cut short.
 */
const LIMITS = {
  OrganId: { s: 13, label: 'Mã cơ quan (OrganId)' },
  FileNotation: { s: 20, label: 'Số và ký hiệu hồ sơ (FileNotation)' },
  Title: { s: 500, label: 'Tiêu đề hồ sơ (Title)' },
  Maintenance: { s: 100, label: 'Thời hạn bảo quản (Maintenance)' },
  Rights: { s: 30, label: 'Chế độ sử dụng (Rights)' },
  Creator: { s: 100, label: 'Người lập hồ sơ (Creator)' },
  FileLanguage: { s: 50, label: 'Ngôn ngữ của hồ sơ (Language)' },
  FileDescription: { s: 500, label: 'Chú giải của hồ sơ (Description)' },
  TypeName: { s: 100, label: 'Tên loại văn bản (TypeName)' },
  CodeNumber: { s: 11, label: 'Số văn bản (CodeNumber)' },
  CodeNotation: { s: 30, label: 'Ký hiệu văn bản (CodeNotation)' },
  OrganName: { s: 200, label: 'Cơ quan ban hành (OrganName)' },
  Subject: { s: 500, label: 'Trích yếu (Subject)' },
  DocLanguage: { s: 30, label: 'Ngôn ngữ của văn bản (Language)' },
  DocDescription: { s: 500, label: 'Ghi chú của văn bản (Description)' },
  Position: { s: 100, label: 'Chức vụ người ký (SignerInfo/Position)' },
  FullName: { s: 50, label: 'Họ tên người ký (SignerInfo/FullName)' },
} as const;

const NUMBERS = {
  FileCatalog: { max: 9999, min: 1, label: 'Năm hình thành hồ sơ (FileCatalog)' },
  DocTotal: { max: 999999, min: 0, label: 'Tổng số văn bản (DocTotal)' },
  PageTotal: { max: 999999, min: 0, label: 'Tổng số trang (PageTotal)' },
  DocOrdinal: { max: 999, min: 1, label: 'Số thứ tự văn bản trong hồ sơ (DocOrdinal)' },
  PageAmount: { max: 9999, min: 0, label: 'Số trang văn bản (PageAmount)' },
  ArrivalNumber: { max: 9_999_999_999, min: 1, label: 'Số đến (ArrivalNumber)' },
  Priority: { max: 9, min: 0, label: 'Mức độ khẩn (Priority)' },
} as const;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));

/** Collects every problem first, so one refusal names all fields to correct, not just the first. */
class Checker {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly where: (ordinal?: number) => string) {}

  text(key: keyof typeof LIMITS, value: string | null | undefined, path: string, o: { required?: boolean; ordinal?: number } = {}): string | null {
    const v = value == null ? '' : cleanValue(value);
    const { s, label } = LIMITS[key];
    if (v === '') {
      if (o.required) this.issues.push({ path, message: `${this.where(o.ordinal)}: chưa có ${label}.` });
      return null;
    }
    const length = [...v].length;
    if (length > s) this.issues.push({ path, message: `${this.where(o.ordinal)}: ${label} dài ${length} ký tự, vượt quá ${s} ký tự theo chuẩn dữ liệu.` });
    return v;
  }

  number(key: keyof typeof NUMBERS, value: number | null | undefined, path: string, ordinal?: number): number | null {
    if (value == null) return null;
    const { max, min, label } = NUMBERS[key];
    if (!Number.isInteger(value) || value < min || value > max)
      this.issues.push({ path, message: `${this.where(ordinal)}: ${label} là ${value}, ngoài giới hạn ${min}–${max} của chuẩn dữ liệu.` });
    return value;
  }

  date(value: string | null | undefined, path: string, label: string, ordinal?: number): string | null {
    if (value == null || value === '') return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value)) this.issues.push({ path, message: `${this.where(ordinal)}: ${label} "${value}" không phải ngày hợp lệ.` });
    return value;
  }
}

class Lines {
  readonly out: string[] = [];
  private depth = 0;
  leaf(tag: string, value: string | number | null): void {
    if (value === null) return;
    this.out.push(`${'  '.repeat(this.depth)}<${tag}>${typeof value === 'number' ? String(value) : esc(value)}</${tag}>`);
  }
  open(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}): void {
    let a = '';
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a += ` ${k}="${esc(String(v))}"`;
    this.out.push(`${'  '.repeat(this.depth)}<${tag}${a}>`);
    this.depth++;
  }
  empty(tag: string, attrs: Record<string, string | number | boolean | undefined>): void {
    let a = '';
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a += ` ${k}="${esc(String(v))}"`;
    this.out.push(`${'  '.repeat(this.depth)}<${tag}${a}/>`);
  }
  close(tag: string): void {
    this.depth--;
    this.out.push(`${'  '.repeat(this.depth)}</${tag}>`);
  }
}

/**
 * The XML of a file and its documents in DocOrdinal order. Hidden documents (the exporter may not see them) carry
 * only FileCode, DocOrdinal, CodeNumber, CodeNotation and IssuedDate. Throws AppError('invalid_input') naming every
 * field that breaks the standard's limits.
 */
export function fileXml(file: FileMeta, items: FileItemMeta[], o: FileXmlOptions): string {
  const c = new Checker((ordinal) => (ordinal === undefined ? `Hồ sơ ${file.code}` : `Văn bản số thứ tự ${ordinal} trong hồ sơ ${file.code}`));
  const organId = c.text('OrganId', file.organId, 'file.organId');
  const catalog = c.number('FileCatalog', file.year, 'file.year');
  const notation = c.text('FileNotation', file.code, 'file.code', { required: true });
  const fileCode = (x: Lines): void => {
    x.open('FileCode');
    x.leaf('OrganId', organId);
    x.leaf('FileCatalog', catalog);
    x.leaf('FileNotation', notation);
    x.close('FileCode');
  };

  const x = new Lines();
  x.open('HoSo', {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:noNamespaceSchemaLocation': HO_SO_XSD_FILE,
    version: HO_SO_XML_VERSION,
    exportedAt: vnIso(o.exportedAt),
    exportedBy: cleanValue(o.exportedBy),
  });
  x.open('FileInfo');
  fileCode(x);
  x.leaf('Title', c.text('Title', file.title, 'file.title', { required: true }));
  x.leaf('Maintenance', c.text('Maintenance', file.retentionLabel, 'file.retentionLabel', { required: true }));
  x.leaf('Rights', c.text('Rights', file.rightsLabel, 'file.rightsLabel', { required: true }));
  x.leaf('Creator', c.text('Creator', file.ownerName, 'file.ownerName', { required: true }));
  x.leaf('Language', c.text('FileLanguage', file.language, 'file.language', { required: true }));
  const start = c.date(file.startDate, 'file.startDate', 'Ngày bắt đầu (StartDate)');
  if (start === null) c.issues.push({ path: 'file.startDate', message: `Hồ sơ ${file.code}: chưa có ngày bắt đầu (StartDate).` });
  x.leaf('StartDate', start);
  x.leaf('EndDate', c.date(file.endDate, 'file.endDate', 'Ngày kết thúc (EndDate)'));
  x.leaf('DocTotal', c.number('DocTotal', file.docTotal, 'file.docTotal'));
  x.leaf('PageTotal', c.number('PageTotal', file.pageTotal, 'file.pageTotal'));
  x.leaf('Description', c.text('FileDescription', file.description, 'file.description'));
  x.close('FileInfo');

  x.open('Documents');
  items.forEach((it, i) => {
    const n = it.ordinal;
    const p = (f: string): string => `items.${i}.${f}`;
    x.open('Document', { kind: it.kind, hidden: it.hidden ? true : undefined });
    fileCode(x);
    x.leaf('DocOrdinal', c.number('DocOrdinal', n, p('ordinal'), n));
    if (it.hidden) {
      x.leaf('CodeNumber', c.text('CodeNumber', it.codeNumber, p('codeNumber'), { ordinal: n }));
      x.leaf('CodeNotation', c.text('CodeNotation', it.codeNotation, p('codeNotation'), { ordinal: n }));
      x.leaf('IssuedDate', c.date(it.issuedDate, p('issuedDate'), 'Ngày văn bản (IssuedDate)', n));
      x.close('Document');
      return;
    }
    x.leaf('TypeName', c.text('TypeName', it.typeName, p('typeName'), { ordinal: n }));
    x.leaf('CodeNumber', c.text('CodeNumber', it.codeNumber, p('codeNumber'), { ordinal: n }));
    x.leaf('CodeNotation', c.text('CodeNotation', it.codeNotation, p('codeNotation'), { ordinal: n }));
    x.leaf('IssuedDate', c.date(it.issuedDate, p('issuedDate'), 'Ngày văn bản (IssuedDate)', n));
    x.leaf('OrganName', c.text('OrganName', it.organName, p('organName'), { ordinal: n }));
    x.leaf('Subject', c.text('Subject', it.subject, p('subject'), { required: true, ordinal: n }));
    x.leaf('Language', c.text('DocLanguage', it.language, p('language'), { required: true, ordinal: n }));
    x.leaf('PageAmount', c.number('PageAmount', it.pageAmount, p('pageAmount'), n));
    x.leaf('Description', c.text('DocDescription', it.description, p('description'), { ordinal: n }));
    if (it.kind === 'in') {
      x.leaf('ArrivalDate', c.date(it.arrivalDate, p('arrivalDate'), 'Ngày đến (ArrivalDate)', n));
      x.leaf('ArrivalNumber', c.number('ArrivalNumber', it.arrivalNumber, p('arrivalNumber'), n));
    }
    const position = c.text('Position', it.signerPosition, p('signerPosition'), { ordinal: n });
    const fullName = c.text('FullName', it.signerName, p('signerName'), { ordinal: n });
    if (position !== null || fullName !== null) {
      x.open('SignerInfo');
      x.leaf('Position', position);
      x.leaf('FullName', fullName);
      x.close('SignerInfo');
    }
    x.leaf('Priority', c.number('Priority', it.priority, p('priority'), n));
    if (it.pageFrom !== null && it.pageTo !== null) x.empty('CombinedPdfPages', { from: it.pageFrom, to: it.pageTo });
    x.close('Document');
  });
  x.close('Documents');

  const files = o.files ?? [];
  if (files.length > 0) {
    x.open('Files');
    for (const f of files)
      x.empty('File', { path: f.path, sha256: f.sha256, size: f.size, mimeType: f.mime, role: f.role, docOrdinal: f.ordinal, signed: f.signed ? true : undefined });
    x.close('Files');
  }
  x.close('HoSo');

  if (c.issues.length > 0) {
    throw new AppError('invalid_input', `Chưa xuất được hồ sơ: thông tin chưa đúng chuẩn dữ liệu (NĐ 30/2020, Phụ lục VI). ${c.issues.map((i) => i.message).join(' ')}`, {
      fields: c.issues,
    });
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${x.out.join('\n')}\n`;
}
