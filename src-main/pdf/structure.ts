// Edits of the document structure inside an incremental update: append an annotation to a page's /Annots, append a
// field to the AcroForm, collect existing field names. Replaces the smallest object that holds the changed array.

import { AppError } from '../../src-shared/errors';
import type { PdfFile } from './file';
import { current, setObject, type Update } from './incremental';
import { decodeTextString, dictOf, isDict, isRef, isString, type PdfDict, type PdfObject, type PdfRef } from './objects';

const copyDict = (d: PdfDict | undefined): PdfDict => ({ kind: 'dict', map: new Map(d?.map ?? []) });

/** The page reference of a 1-based page number, or AppError('invalid_input'). */
export function pageRef(file: PdfFile, page: number): PdfRef {
  const pages = file.pages();
  if (pages.length === 0) throw new AppError('pdf_unreadable', 'Không đọc được cây trang của PDF');
  const p = pages[page - 1];
  if (!p) throw new AppError('invalid_input', `Không có trang ${page} (tệp có ${pages.length} trang)`);
  return p.ref;
}

/** Appends `item` to the array at `key` of the object `holder` (a ref): replaces the array object if it is indirect. */
function appendToArray(u: Update, holder: PdfRef, key: string, item: PdfObject): void {
  const d = dictOf(current(u, holder));
  const existing = d?.map.get(key);
  if (isRef(existing)) {
    const arr = current(u, existing);
    setObject(u, existing, [...(Array.isArray(arr) ? arr : []), item]);
    return;
  }
  const copy = copyDict(d);
  copy.map.set(key, [...(Array.isArray(existing) ? existing : []), item]);
  setObject(u, holder, copy);
}

export function appendAnnot(u: Update, page: PdfRef, annot: PdfRef): void {
  appendToArray(u, page, 'Annots', annot);
}

/** Adds a field to the AcroForm (created when missing) and sets /SigFlags 3 when `signature`. */
export function addField(u: Update, field: PdfRef, signature: boolean): void {
  const root = u.file.trailer.map.get('Root');
  if (!isRef(root)) throw new AppError('pdf_unreadable', 'Trailer không trỏ tới danh mục');
  const catalog = dictOf(current(u, root));
  const acroEntry = catalog?.map.get('AcroForm');
  if (isRef(acroEntry) && isDict(current(u, acroEntry))) {
    appendToArray(u, acroEntry, 'Fields', field);
    if (signature) setSigFlags(u, acroEntry);
    return;
  }
  const acro = copyDict(isDict(acroEntry) ? acroEntry : undefined);
  const fields = acro.map.get('Fields');
  if (isRef(fields)) {
    const arr = current(u, fields);
    setObject(u, fields, [...(Array.isArray(arr) ? arr : []), field]);
  } else acro.map.set('Fields', [...(Array.isArray(fields) ? fields : []), field]);
  if (signature) acro.map.set('SigFlags', 3);
  const cat = copyDict(catalog);
  cat.map.set('AcroForm', acro);
  setObject(u, root, cat);
}

function setSigFlags(u: Update, acroRef: PdfRef): void {
  const acro = dictOf(current(u, acroRef));
  if (acro?.map.get('SigFlags') === 3) return;
  const copy = copyDict(acro);
  copy.map.set('SigFlags', 3);
  setObject(u, acroRef, copy);
}

/** Fully qualified names of all fields in the AcroForm (kids included), bounded against cycles. */
export function fieldNames(file: PdfFile): Set<string> {
  const out = new Set<string>();
  const acro = file.resolveDict(file.catalog().map.get('AcroForm'));
  const fields = file.resolve(acro?.map.get('Fields'));
  const seen = new Set<number>();
  const visit = (f: PdfObject, prefix: string, depth: number): void => {
    if (depth > 32 || (isRef(f) && seen.has(f.num))) return;
    if (isRef(f)) seen.add(f.num);
    const d = file.resolveDict(f);
    if (!d) return;
    const t = d.map.get('T');
    const full = isString(t) ? (prefix ? `${prefix}.` : '') + decodeTextString(t) : prefix;
    if (full) out.add(full);
    const kids = file.resolve(d.map.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) visit(k, full, depth + 1);
  };
  if (Array.isArray(fields)) for (const f of fields) visit(f, '', 0);
  return out;
}
