// Signature preparation as an incremental update: /Sig dictionary with fixed-width /ByteRange and a /Contents hex
// placeholder, the field + widget, AcroForm and /Annots; then the byte-range digest and embedding the CMS DER.

import { createHash } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { graftAppearance, type RenderedAppearance } from './appearance';
import { openPdf } from './file';
import { addObject, allocate, beginUpdate, serialiseUpdate, setObject, type Update } from './incremental';
import { dict, name, str, textString, type PdfObject, type PdfRef } from './objects';
import { addField, appendAnnot, fieldNames, pageRef } from './structure';

export type SignatureKind = 'cades' | 'pkcs7' | 'timestamp';

export interface PrepareOptions {
  /** The claimed signing time (epoch ms), written as /M in Vietnam time (+07'00'). */
  signingTime: number;
  /** 'cades' (ETSI.CAdES.detached, default), 'pkcs7' (adbe.pkcs7.detached), 'timestamp' (/DocTimeStamp, ETSI.RFC3161). */
  kind?: SignatureKind;
  /** Bytes reserved for the DER in /Contents (the hex placeholder is twice as long). Default 16384. */
  reservedBytes?: number;
  fieldName?: string;
  name?: string;
  reason?: string;
  location?: string;
  /** Visible signature: 1-based page, rect [x1 y1 x2 y2] in PDF user space, and its drawn appearance. */
  visible?: { page: number; rect: [number, number, number, number]; appearance: RenderedAppearance };
}

export interface PreparedSignature {
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** Offset of '<' of the /Contents hex string, and just after its '>'. */
  contentsStart: number;
  contentsEnd: number;
  fieldName: string;
}

const BR_PLACEHOLDER = [0, 1111111111, 2222222222, 3333333333];
const BR_TEXT = '/ByteRange [0 1111111111 2222222222 3333333333]';

/** PDF date in Vietnam time: D:YYYYMMDDHHmmSS+07'00'. */
export function pdfDate(instant: number): string {
  const d = new Date(instant + 7 * 3600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+07'00'`;
}

function uniqueFieldName(taken: Set<string>, wanted?: string): string {
  if (wanted) {
    if (taken.has(wanted)) throw new AppError('invalid_input', `Trường chữ ký "${wanted}" đã có trong tệp`);
    return wanted;
  }
  for (let i = 1; ; i++) if (!taken.has(`Signature${i}`)) return `Signature${i}`;
}

function sigDict(opts: PrepareOptions, reserved: number): PdfObject {
  const kind = opts.kind ?? 'cades';
  const d = dict({
    Type: name(kind === 'timestamp' ? 'DocTimeStamp' : 'Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name(kind === 'timestamp' ? 'ETSI.RFC3161' : kind === 'pkcs7' ? 'adbe.pkcs7.detached' : 'ETSI.CAdES.detached'),
    ByteRange: BR_PLACEHOLDER,
  });
  if (kind !== 'timestamp') {
    d.map.set('M', str(Buffer.from(pdfDate(opts.signingTime), 'latin1')));
    if (opts.name) d.map.set('Name', textString(opts.name));
    if (opts.reason) d.map.set('Reason', textString(opts.reason));
    if (opts.location) d.map.set('Location', textString(opts.location));
  }
  d.map.set('Contents', str(Buffer.alloc(reserved), true));
  return d;
}

function addWidget(u: Update, opts: PrepareOptions, field: string, sig: PdfRef): PdfRef {
  const page = pageRef(u.file, opts.visible?.page ?? 1);
  const ap = opts.visible
    ? graftAppearance(u, opts.visible.appearance)
    : addObject(u, { kind: 'stream', dict: dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 0, 0] }), data: new Uint8Array(0) });
  const widget = allocate(u);
  setObject(
    u,
    widget,
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Sig'),
      T: textString(field),
      V: sig,
      F: 132, // Print | Locked
      P: page,
      Rect: opts.visible?.rect ?? [0, 0, 0, 0],
      AP: dict({ N: ap }),
    }),
  );
  appendAnnot(u, page, widget);
  addField(u, widget, true);
  return widget;
}

/** Appends the signature field and a placeholder; the result's byte range is final, /Contents still zeros. */
export function prepareSignature(bytes: Uint8Array, opts: PrepareOptions): PreparedSignature {
  const reserved = opts.reservedBytes ?? 16384;
  if (!Number.isInteger(reserved) || reserved < 64 || reserved > 4 * 1024 * 1024) throw new AppError('invalid_input', 'Kích thước dành cho chữ ký không hợp lệ');
  const file = openPdf(bytes);
  const u = beginUpdate(file);
  const fieldName = uniqueFieldName(fieldNames(file), opts.fieldName);
  const sig = addObject(u, sigDict(opts, reserved));
  addWidget(u, opts, fieldName, sig);
  const { pdf, offsets } = serialiseUpdate(u);
  const at = offsets.get(sig.num) as number;
  const brAt = pdf.indexOf(BR_TEXT, at, 'latin1');
  const contentsStart = pdf.indexOf('/Contents <', at, 'latin1') + 10;
  if (brAt < 0 || contentsStart < 10) throw new AppError('internal', 'Không tìm thấy chỗ đặt chữ ký');
  const contentsEnd = contentsStart + 2 * reserved + 2;
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, pdf.length - contentsEnd];
  const text = `/ByteRange [${byteRange.join(' ')}]`.padEnd(BR_TEXT.length, ' ');
  pdf.write(text, brAt, 'latin1');
  return { pdf, byteRange, contentsStart, contentsEnd, fieldName };
}

/** Digest of the signed bytes (the two ranges), hashed in place without copying. */
export function byteRangeDigest(pdf: Uint8Array, byteRange: readonly number[], alg = 'sha256'): Buffer {
  const [a, b, c, d] = byteRange;
  if (a < 0 || b < 0 || c < a + b || a + b > pdf.length || c + d > pdf.length) throw new AppError('pdf_unreadable', 'Vùng ký nằm ngoài tệp');
  return createHash(alg)
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
}

/** Writes the CMS (or timestamp token) DER into the placeholder, in place; returns the finished PDF. */
export function embedSignature(prepared: PreparedSignature, der: Uint8Array): Buffer {
  const capacity = prepared.contentsEnd - prepared.contentsStart - 2;
  const hex = Buffer.from(der).toString('hex');
  if (hex.length > capacity) throw new AppError('signing_failed', `Chữ ký (${der.length} byte) lớn hơn chỗ dành sẵn (${capacity / 2} byte)`);
  prepared.pdf.write(hex, prepared.contentsStart + 1, 'latin1');
  return prepared.pdf;
}
