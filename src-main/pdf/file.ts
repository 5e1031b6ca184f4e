// openPdf: a lazy reader over PDF bytes (objects parsed on demand and cached, object streams decoded on first use),
// with the catalog, the page tree, the revision list and the xref state "as of" an earlier revision.

import { decodeStream } from './decode';
import { dictOf, isDict, isName, isRef, isStream, type PdfDict, type PdfObject, type PdfRef } from './objects';
import { asBuffer, parseIndirectAt, parseValue, readInt, unreadable, type Lexer } from './parse';
import { headerOffset, readChain, readStartxref, reconstruct, type XrefEntry, type XrefSection } from './xref';

export interface Revision {
  /** The startxref value of this revision's xref section (-1 when the xref chain was unusable and %%EOF was scanned). */
  startxref: number;
  /** Offset just after `%%EOF` and its end-of-line: the length of the file as of this revision. */
  end: number;
  /** Offset just after `%%EOF` (without the end-of-line). */
  eofEnd: number;
}

export interface PageInfo {
  ref: PdfRef;
  dict: PdfDict;
  /** Inherited attributes resolved: Resources, MediaBox, CropBox, Rotate. */
  inherited: PdfDict;
}

export interface PdfFile {
  bytes: Uint8Array;
  /** Offset added to xref offsets (junk before %PDF). */
  base: number;
  /** Xref sections, newest first (empty when the table was reconstructed). */
  sections: XrefSection[];
  /** The merged object table (newest entry wins). */
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  reconstructed: boolean;
  /** Next free object number: max(/Size, highest number + 1). */
  size: number;
  get(num: number): PdfObject | undefined;
  resolve(o: PdfObject | undefined): PdfObject | undefined;
  resolveDict(o: PdfObject | undefined): PdfDict | undefined;
  catalog(): PdfDict;
  pages(): PageInfo[];
  revisions(): Revision[];
  /** The file as it was when it ended at `end` (a revision end). */
  asOf(end: number): PdfFile;
}

const MAX_PAGES = 100_000;
const MAX_REF_HOPS = 32;
const MAX_NESTED_LOADS = 32;

export function openPdf(bytes: Uint8Array): PdfFile {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) throw unreadable('Tệp PDF rỗng hoặc quá ngắn');
  const header = headerOffset(bytes);
  if (asBuffer(bytes).toString('latin1', header, header + 5) !== '%PDF-') throw unreadable('Không phải tệp PDF');
  const file = makeFile(bytes, readTable(bytes, header));
  file.catalog(); // fail early, as AppError, on a file whose catalog cannot be read
  return file;
}

interface Table {
  base: number;
  sections: XrefSection[];
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  reconstructed: boolean;
  /** The /Prev chain broke off: objects missing from the table are looked up by scanning. */
  partial: boolean;
}

function readTable(bytes: Uint8Array, header: number): Table {
  const sx = readStartxref(bytes);
  if (sx !== null) {
    for (const base of header > 0 ? [header, 0] : [0]) {
      try {
        const { sections, partial } = readChain(bytes, sx, base);
        const t = mergeSections(sections, base, partial);
        if (t.trailer.map.has('Root') && looksRight(bytes, t)) return t;
      } catch {
        // try the next base, then reconstruct
      }
    }
  }
  const r = reconstruct(bytes);
  return { base: 0, sections: [], entries: r.entries, trailer: r.trailer, reconstructed: true, partial: false };
}

function mergeSections(sections: XrefSection[], base: number, partial: boolean): Table {
  const entries = new Map<number, XrefEntry>();
  const trailer: PdfDict = { kind: 'dict', map: new Map() };
  for (const s of sections) {
    for (const [num, e] of s.entries) if (!entries.has(num)) entries.set(num, e);
    for (const k of ['Root', 'Info', 'ID', 'Size', 'Encrypt']) if (!trailer.map.has(k) && s.trailer.map.has(k)) trailer.map.set(k, s.trailer.map.get(k) ?? null);
  }
  return { base, sections, entries, trailer, reconstructed: false, partial };
}

/** Spot-checks that the root object is where the table says; a wrong base or stale offsets fail this. */
function looksRight(bytes: Uint8Array, t: Table): boolean {
  const root = t.trailer.map.get('Root');
  if (!isRef(root)) return false;
  const e = t.entries.get(root.num);
  if (!e) return t.partial;
  if (e.type !== 'n') return true;
  const o = parseIndirectAt(bytes, e.offset + t.base);
  return o !== null && o.num === root.num;
}

function makeFile(bytes: Uint8Array, t: Table): PdfFile {
  const cache = new Map<number, PdfObject>();
  const objStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> } | null>();
  const inProgress = new Set<number>();
  let scanned: Map<number, XrefEntry> | undefined;
  let pages: PageInfo[] | undefined;

  const lengthOf = (r: PdfRef): number | undefined => {
    const v = get(r.num);
    return typeof v === 'number' ? v : undefined;
  };

  const readAt = (num: number, offset: number): PdfObject | undefined => {
    try {
      const o = parseIndirectAt(bytes, offset, lengthOf);
      return o && o.num === num ? o.obj : undefined;
    } catch {
      return undefined;
    }
  };

  const fromScan = (num: number): PdfObject | undefined => {
    if (t.reconstructed) return undefined;
    scanned ??= reconstruct(bytes).entries;
    const e = scanned.get(num);
    return e?.type === 'n' ? readAt(num, e.offset) : undefined;
  };

  const objStream = (streamNum: number) => {
    if (!objStreams.has(streamNum)) {
      objStreams.set(streamNum, null);
      const s = get(streamNum);
      if (isStream(s)) {
        try {
          objStreams.set(streamNum, indexObjectStream(s.dict, decodeStream(s)));
        } catch {
          // left as null: its objects resolve to undefined
        }
      }
    }
    return objStreams.get(streamNum) ?? null;
  };

  const load = (num: number): PdfObject | undefined => {
    const e = t.entries.get(num);
    if (!e) return t.partial ? fromScan(num) : undefined;
    if (e.type === 'f') return undefined;
    if (e.type === 'n') return readAt(num, e.offset + t.base) ?? fromScan(num);
    const os = objStream(e.stream);
    const at = os?.offsets.get(num);
    if (!os || at === undefined) return fromScan(num);
    try {
      return parseValue({ b: os.data, pos: at });
    } catch {
      return undefined;
    }
  };

  // inProgress breaks cycles; the size bound stops hostile chains (a /Length in a stream whose /Length is in …).
  function get(num: number): PdfObject | undefined {
    if (cache.has(num)) return cache.get(num);
    if (inProgress.has(num) || inProgress.size >= MAX_NESTED_LOADS) return undefined;
    inProgress.add(num);
    try {
      const v = load(num);
      if (v !== undefined) cache.set(num, v);
      return v;
    } finally {
      inProgress.delete(num);
    }
  }

  const resolve = (o: PdfObject | undefined): PdfObject | undefined => {
    let v = o;
    for (let i = 0; i < MAX_REF_HOPS && isRef(v); i++) v = get(v.num);
    return isRef(v) ? undefined : v;
  };

  const sizeEntry = t.trailer.map.get('Size');
  let maxNum = 0;
  for (const n of t.entries.keys()) if (n > maxNum) maxNum = n;
  const size = Math.max(typeof sizeEntry === 'number' ? sizeEntry : 0, maxNum + 1);

  const file: PdfFile = {
    bytes,
    base: t.base,
    sections: t.sections,
    entries: t.entries,
    trailer: t.trailer,
    reconstructed: t.reconstructed,
    size,
    get,
    resolve,
    resolveDict: (o) => dictOf(resolve(o)),
    catalog: () => {
      const c = dictOf(resolve(t.trailer.map.get('Root')));
      if (!c) throw unreadable('Không đọc được danh mục (catalog) của PDF');
      return c;
    },
    pages: () => (pages ??= walkPages(file)),
    revisions: () => listRevisions(bytes, t),
    asOf: (end) => openPdf(bytes.subarray(0, end)),
  };
  return file;
}

function indexObjectStream(d: PdfDict, data: Uint8Array): { data: Uint8Array; offsets: Map<number, number> } {
  const n = d.map.get('N');
  const first = d.map.get('First');
  if (typeof n !== 'number' || typeof first !== 'number') throw unreadable('Luồng đối tượng hỏng');
  const offsets = new Map<number, number>();
  const lx: Lexer = { b: data, pos: 0 };
  for (let i = 0; i < n && i < 1_000_000; i++) {
    const num = readInt(lx);
    const off = readInt(lx);
    if (num === null || off === null) break;
    if (!offsets.has(num)) offsets.set(num, first + off);
  }
  return { data, offsets };
}

const INHERITED = ['Resources', 'MediaBox', 'CropBox', 'Rotate'];

function walkPages(file: PdfFile): PageInfo[] {
  const out: PageInfo[] = [];
  const seen = new Set<number>();
  const visit = (node: PdfObject | undefined, inherited: Map<string, PdfObject>, depth: number): void => {
    if (!isRef(node) || seen.has(node.num) || depth > 64 || out.length >= MAX_PAGES) return;
    seen.add(node.num);
    const d = file.resolveDict(node);
    if (!d) return;
    const inh = new Map(inherited);
    for (const k of INHERITED) if (d.map.has(k)) inh.set(k, d.map.get(k) ?? null);
    const kids = file.resolve(d.map.get('Kids'));
    if (isName(d.map.get('Type'), 'Pages') || (Array.isArray(kids) && !isName(d.map.get('Type'), 'Page'))) {
      if (Array.isArray(kids)) for (const k of kids) visit(k, inh, depth + 1);
      return;
    }
    out.push({ ref: node, dict: d, inherited: { kind: 'dict', map: inh } });
  };
  visit(file.catalog().map.get('Pages'), new Map(), 0);
  return out;
}

function listRevisions(bytes: Uint8Array, t: Table): Revision[] {
  const buf = asBuffer(bytes);
  const byEnd = new Map<number, Revision>();
  // Without a usable chain, every %%EOF marker is taken as a revision end (bounded).
  const starts =
    t.reconstructed || t.partial ? eofMarkers(buf).map((at) => ({ startxref: -1, from: at })) : t.sections.map((s) => ({ startxref: s.startxref, from: s.startxref + t.base }));
  for (const s of starts) {
    const at = buf.indexOf('%%EOF', s.from);
    if (at < 0) continue;
    const eofEnd = at + 5;
    let end = eofEnd;
    if (bytes[end] === 13) end++;
    if (bytes[end] === 10) end++;
    if (!byEnd.has(end)) byEnd.set(end, { startxref: s.startxref, end, eofEnd });
  }
  return [...byEnd.values()].sort((a, b) => a.end - b.end);
}

function eofMarkers(buf: Buffer): number[] {
  const out: number[] = [];
  for (let at = buf.indexOf('%%EOF'); at >= 0 && out.length < 10_000; at = buf.indexOf('%%EOF', at + 5)) out.push(at);
  return out;
}

/** Convenience for callers that hold a value which may be a ref: the dict it denotes, if any. */
export function dictAt(file: PdfFile, o: PdfObject | undefined): PdfDict | undefined {
  const v = file.resolve(o);
  return isDict(v) ? v : isStream(v) ? v.dict : undefined;
}
