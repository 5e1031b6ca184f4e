// Concatenates PDFs into one new PDF written as a stream: sources are loaded one at a time, the objects reachable
// from their pages are copied (renumbered, still encoded) and written at once; only object offsets are kept.
// Never modifies a source; a source that cannot be read is skipped and reported, never fatal for the whole output.

import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { openPdf, type PdfFile } from './file';
import { dict, isDict, isName, isRef, isStream, name, ref, serialise, serialiseIndirect, str, textString, type PdfDict, type PdfObject, type PdfRef } from './objects';

export interface ConcatSource {
  /** The bookmark of this source in the combined PDF. */
  title: string;
  load(): Promise<Uint8Array>;
}

export type ConcatSourceResult = { pages: number } | { error: string };

export interface ConcatResult {
  pages: number;
  perSource: ConcatSourceResult[];
}

/** A4 portrait, for the rare page that has no MediaBox anywhere up its tree (required by the format). */
const DEFAULT_MEDIABOX = [0, 0, 595.28, 841.89];
/** Writes are gathered into chunks of about this size, so the consumer is not called once per object. */
const CHUNK = 256 * 1024;
/** Annotation flags of a kept signature appearance: Print | ReadOnly | Locked. */
const STAMP_FLAGS = 4 | 64 | 128;

/**
 * Opens a PDF for merging: refuses (AppError pdf_unreadable, Vietnamese message) encrypted files and files without
 * pages, so callers can count pages before writing anything.
 */
export function openForMerge(bytes: Uint8Array): PdfFile {
  const file = openPdf(bytes);
  if (file.trailer.map.has('Encrypt')) throw new AppError('pdf_unreadable', 'PDF được mã hóa (có mật khẩu) nên không ghép được');
  if (file.pages().length === 0) throw new AppError('pdf_unreadable', 'Không đọc được trang nào của PDF');
  return file;
}

/** Pages of a PDF as openForMerge sees them (the same count concatPdfs will copy). */
export function countMergePages(bytes: Uint8Array): number {
  return openForMerge(bytes).pages().length;
}

export function reasonOf(e: unknown): string {
  if (e instanceof AppError) return e.message;
  return `Không đọc được tệp PDF (${e instanceof Error ? e.message : String(e)})`;
}

/** The output: byte position, offsets of every object number, and chunked writes that await the consumer. */
class Out {
  pos = 0;
  private readonly offsets: number[] = [0];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  constructor(private readonly sink: (chunk: Uint8Array) => Promise<void>) {}

  allocate(): number {
    this.offsets.push(-1);
    return this.offsets.length - 1;
  }

  get size(): number {
    return this.offsets.length;
  }

  async put(b: Buffer): Promise<void> {
    this.pending.push(b);
    this.pendingBytes += b.length;
    this.pos += b.length;
    if (this.pendingBytes >= CHUNK) await this.flush();
  }

  async object(num: number, o: PdfObject): Promise<void> {
    this.offsets[num] = this.pos;
    for (const b of serialiseIndirect(num, 0, o)) await this.put(b);
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.sink(chunk);
  }

  /** Numbers allocated but never written (a source that failed half way): they become null objects. */
  holes(): number[] {
    const out: number[] = [];
    for (let i = 1; i < this.offsets.length; i++) if (this.offsets[i] === -1) out.push(i);
    return out;
  }

  xref(): string {
    let s = `xref\n0 ${this.offsets.length}\n0000000000 65535 f\r\n`;
    for (let i = 1; i < this.offsets.length; i++) s += `${String(this.offsets[i]).padStart(10, '0')} 00000 n\r\n`;
    return s;
  }
}

/**
 * Writes the pages of every readable source, in order, as one PDF: a flat page tree, one bookmark per source
 * (its title, pointing at its first page), a classic xref table. Resolves when the last byte has been written.
 */
export async function concatPdfs(sources: ConcatSource[], write: (chunk: Uint8Array) => Promise<void>): Promise<ConcatResult> {
  const out = new Out(write);
  const catalogNum = out.allocate();
  const pagesNum = out.allocate();
  const outlinesNum = out.allocate();
  await out.put(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));

  const kids: PdfRef[] = [];
  const bookmarks: Array<{ num: number; title: string; first: PdfRef }> = [];
  const perSource: ConcatSourceResult[] = [];

  for (const source of sources) {
    let file: PdfFile;
    try {
      file = openForMerge(await source.load());
    } catch (e) {
      perSource.push({ error: reasonOf(e) });
      continue;
    }
    try {
      const pages = await copyPages(file, out, ref(pagesNum));
      kids.push(...pages);
      bookmarks.push({ num: out.allocate(), title: source.title, first: pages[0]! });
      perSource.push({ pages: pages.length });
    } catch (e) {
      // Objects already written stay as unreferenced objects; the pages of this source are simply not listed.
      perSource.push({ error: reasonOf(e) });
    }
  }

  for (const h of out.holes()) await out.object(h, null);
  await out.object(pagesNum, dict({ Type: name('Pages'), Kids: kids, Count: kids.length }));
  for (const [i, b] of bookmarks.entries()) {
    await out.object(
      b.num,
      dict({
        Title: textString(b.title),
        Parent: ref(outlinesNum),
        Prev: i > 0 ? ref(bookmarks[i - 1]!.num) : undefined,
        Next: i + 1 < bookmarks.length ? ref(bookmarks[i + 1]!.num) : undefined,
        Dest: [b.first, name('Fit')],
      }),
    );
  }
  const outlines = dict({ Type: name('Outlines'), Count: bookmarks.length });
  if (bookmarks.length > 0) {
    outlines.map.set('First', ref(bookmarks[0]!.num));
    outlines.map.set('Last', ref(bookmarks[bookmarks.length - 1]!.num));
  }
  await out.object(outlinesNum, outlines);
  await out.object(catalogNum, dict({ Type: name('Catalog'), Pages: ref(pagesNum), Outlines: ref(outlinesNum), PageMode: name(bookmarks.length > 0 ? 'UseOutlines' : 'UseNone') }));

  const xrefAt = out.pos;
  const id = str(randomBytes(16), true);
  const trailer = serialise(dict({ Size: out.size, Root: ref(catalogNum), ID: [id, id] }));
  await out.put(Buffer.from(`${out.xref()}trailer\n${trailer}\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  await out.flush();
  return { pages: kids.length, perSource };
}

/** Is this annotation the widget of a signature field (merged with it or a kid of it)? */
function isSignatureWidget(file: PdfFile, annot: PdfDict): boolean {
  if (!isName(annot.map.get('Subtype'), 'Widget')) return false;
  for (let d: PdfDict | undefined = annot, depth = 0; d && depth < 8; d = file.resolveDict(d.map.get('Parent')), depth++) {
    if (isName(d.map.get('FT'), 'Sig')) return true;
  }
  return false;
}

/**
 * A visible signature's picture (signature image, seal) kept as a plain stamp annotation with the same appearance:
 * the combined PDF reads like the original, but carries no signature field that would claim a signature it no
 * longer has (merging rewrites the bytes; the signed original is in the package unchanged). Null when invisible.
 */
function signatureAppearance(file: PdfFile, annot: PdfDict): PdfDict | null {
  const rect = file.resolve(annot.map.get('Rect'));
  const ap = file.resolveDict(annot.map.get('AP'));
  const n = ap?.map.get('N');
  const flags = file.resolve(annot.map.get('F'));
  if (!Array.isArray(rect) || rect.length !== 4 || !rect.every((x) => typeof x === 'number')) return null;
  const [x1, y1, x2, y2] = rect as number[];
  if (Math.abs(x2 - x1) < 1 || Math.abs(y2 - y1) < 1 || !isRef(n) || !isStream(file.get(n.num))) return null;
  if (typeof flags === 'number' && (flags & 2) !== 0) return null; // Hidden
  return dict({
    Type: name('Annot'),
    Subtype: name('Stamp'),
    Rect: rect,
    F: STAMP_FLAGS,
    Contents: textString('Hình ảnh chữ ký số (chữ ký số được giữ nguyên ở bản gốc trong thư mục tai-lieu)'),
    AP: dict({ N: n }),
  });
}

/** Copies every page of `file` with the objects it reaches; returns the new page references in order. */
async function copyPages(file: PdfFile, out: Out, parent: PdfRef): Promise<PdfRef[]> {
  const map = new Map<number, number>();
  const queue: number[] = [];
  const pageNums = new Set(file.pages().map((p) => p.ref.num));

  // Links into the old tree (its Pages nodes, the old catalog) become null: the new file has its own tree, and
  // following them would drag every other object of the source along.
  const outside = (num: number): boolean => {
    if (pageNums.has(num)) return false;
    const d = isDict(file.get(num)) ? (file.get(num) as PdfDict) : undefined;
    return d !== undefined && (isName(d.map.get('Type'), 'Pages') || isName(d.map.get('Type'), 'Catalog'));
  };
  const target = (r: PdfRef): PdfObject => {
    let n = map.get(r.num);
    if (n === undefined) {
      if (outside(r.num)) return null;
      n = out.allocate();
      map.set(r.num, n);
      if (!pageNums.has(r.num)) queue.push(r.num);
    }
    return ref(n);
  };
  const remap = (o: PdfObject, depth = 0): PdfObject => {
    if (depth > 100 || o === null || typeof o !== 'object') return o;
    if (Array.isArray(o)) return o.map((v) => remap(v, depth + 1));
    switch (o.kind) {
      case 'ref':
        return target(o);
      case 'dict':
        return remapDict(o, depth);
      case 'stream': {
        const d = remapDict(o.dict, depth, 'Length'); // serialiseIndirect writes the real length
        return { kind: 'stream', dict: d, data: o.data };
      }
      default:
        return o;
    }
  };
  const remapDict = (d: PdfDict, depth: number, skip?: string): PdfDict => {
    const m = new Map<string, PdfObject>();
    for (const [k, v] of d.map) if (k !== skip) m.set(k, remap(v, depth + 1));
    return { kind: 'dict', map: m };
  };
  const drain = async (): Promise<void> => {
    for (let old = queue.shift(); old !== undefined; old = queue.shift()) {
      const o = file.get(old);
      await out.object(map.get(old)!, o === undefined ? null : remap(o));
    }
  };

  const refs: PdfRef[] = [];
  for (const page of file.pages()) {
    const d = new Map<string, PdfObject>();
    for (const [k, v] of page.dict.map) if (k !== 'Parent' && k !== 'Annots' && k !== 'B') d.set(k, v);
    for (const [k, v] of page.inherited.map) d.set(k, v);
    if (!d.has('MediaBox')) d.set('MediaBox', DEFAULT_MEDIABOX);
    if (!d.has('Resources')) d.set('Resources', dict());
    d.set('Type', name('Page'));

    const annots = file.resolve(page.dict.map.get('Annots'));
    const kept: PdfObject[] = [];
    if (Array.isArray(annots)) {
      for (const a of annots.slice(0, 10_000)) {
        const ad = file.resolveDict(a);
        if (!ad) continue;
        if (!isSignatureWidget(file, ad)) kept.push(remap(a));
        else {
          const stamp = signatureAppearance(file, ad);
          if (stamp) {
            const n = out.allocate();
            stamp.map.set('P', target(page.ref));
            await out.object(n, remap(stamp));
            kept.push(ref(n));
          }
        }
      }
    }
    const body = remapDict({ kind: 'dict', map: d }, 0);
    if (kept.length > 0) body.map.set('Annots', kept);
    body.map.set('Parent', parent);
    const pageRef = target(page.ref) as PdfRef;
    await out.object(pageRef.num, body);
    refs.push(pageRef);
    await drain();
  }
  return refs;
}
