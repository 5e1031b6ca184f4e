// Cross-reference reading: startxref, classic tables, xref streams, hybrid /XRefStm, /Prev chains, and a bounded
// reconstruction by scanning `n g obj` when the xref is broken. Offsets here are absolute positions in the bytes.

import { decodeStream } from './decode';
import { dictOf, isDict, isName, isStream, type PdfDict } from './objects';
import { asBuffer, parseIndirectAt, parseValue, readInt, readToken, skipWs, unreadable, type Lexer } from './parse';

export type XrefEntry = { type: 'n'; offset: number; gen: number } | { type: 'c'; stream: number; index: number } | { type: 'f' };

export interface XrefSection {
  /** The startxref value pointing at this section, as written in the file (relative to `base`). */
  startxref: number;
  form: 'table' | 'stream';
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Object number of the xref stream itself (streams only). */
  streamNum?: number;
}

const MAX_SECTIONS = 2000;
const MAX_ENTRIES = 10_000_000;

/** The startxref value at the end of the file, or null. */
export function readStartxref(b: Uint8Array): number | null {
  const buf = asBuffer(b);
  const at = buf.lastIndexOf('startxref', Math.max(0, b.length - 1));
  if (at < 0) return null;
  const lx: Lexer = { b, pos: at + 9 };
  return readInt(lx);
}

/** Offset of `%PDF-` when a producer left junk before it (xref offsets then often count from there). */
export function headerOffset(b: Uint8Array): number {
  const at = asBuffer(b).subarray(0, Math.min(b.length, 1024)).indexOf('%PDF-');
  return at > 0 ? at : 0;
}

/** Reads the section at `pos` (absolute); throws when there is no valid section there. */
export function readSection(b: Uint8Array, pos: number, startxref: number): XrefSection {
  const lx: Lexer = { b, pos };
  skipWs(lx);
  if (asBuffer(b).toString('latin1', lx.pos, lx.pos + 4) === 'xref') return readTable(lx, startxref);
  const obj = parseIndirectAt(b, pos);
  if (!obj || !isStream(obj.obj) || !isName(obj.obj.dict.map.get('Type'), 'XRef')) throw unreadable(`Không có bảng xref tại ${pos}`);
  return { startxref, form: 'stream', entries: readXrefStreamEntries(obj.obj.dict, decodeStream(obj.obj)), trailer: obj.obj.dict, streamNum: obj.num };
}

function readTable(lx: Lexer, startxref: number): XrefSection {
  lx.pos += 4;
  const entries = new Map<number, XrefEntry>();
  for (let guard = 0; guard < MAX_ENTRIES; guard++) {
    const save = lx.pos;
    const first = readInt(lx);
    const count = first === null ? null : readInt(lx);
    if (first === null || count === null) {
      lx.pos = save;
      break;
    }
    for (let i = 0; i < count; i++) {
      const offset = readInt(lx);
      const gen = readInt(lx);
      const kind = readToken(lx);
      if (offset === null || gen === null || (kind !== 'n' && kind !== 'f')) throw unreadable('Bảng xref hỏng');
      if (!entries.has(first + i)) entries.set(first + i, kind === 'n' ? { type: 'n', offset, gen } : { type: 'f' });
    }
  }
  if (readToken(lx) !== 'trailer') throw unreadable('Thiếu trailer');
  const trailer = parseValue(lx);
  if (!isDict(trailer)) throw unreadable('Trailer không phải từ điển');
  return { startxref, form: 'table', entries, trailer };
}

function readXrefStreamEntries(d: PdfDict, data: Uint8Array): Map<number, XrefEntry> {
  const w = d.map.get('W');
  if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) throw unreadable('/W không hợp lệ');
  const widths = w as number[];
  const rowLen = widths[0] + widths[1] + widths[2];
  const size = d.map.get('Size');
  const idx = d.map.get('Index');
  const index = Array.isArray(idx) ? (idx.filter((x) => typeof x === 'number') as number[]) : [0, typeof size === 'number' ? size : 0];
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (let s = 0; s + 1 < index.length; s += 2) {
    for (let i = 0; i < index[s + 1] && pos + rowLen <= data.length; i++, pos += rowLen) {
      const type = widths[0] === 0 ? 1 : field(data, pos, widths[0]);
      const f2 = field(data, pos + widths[0], widths[1]);
      const f3 = field(data, pos + widths[0] + widths[1], widths[2]);
      const num = index[s] + i;
      if (entries.has(num)) continue;
      if (type === 1) entries.set(num, { type: 'n', offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 'c', stream: f2, index: f3 });
      else if (type === 0) entries.set(num, { type: 'f' });
    }
  }
  return entries;
}

function field(data: Uint8Array, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + data[pos + i];
  return v;
}

/**
 * Follows startxref and the /Prev chain (newest first); merges a hybrid file's /XRefStm into its table section.
 * A broken /Prev ends the chain with `partial` set (objects missing from the table are then found by scanning).
 */
export function readChain(b: Uint8Array, startxref: number, base: number): { sections: XrefSection[]; partial: boolean } {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | null = startxref;
  while (next !== null && !seen.has(next) && sections.length < MAX_SECTIONS) {
    seen.add(next);
    let section: XrefSection;
    try {
      section = readSection(b, next + base, next);
    } catch (e) {
      if (sections.length === 0) throw e;
      return { sections, partial: true };
    }
    mergeXrefStm(b, section, base);
    sections.push(section);
    const prev = section.trailer.map.get('Prev');
    next = typeof prev === 'number' && Number.isInteger(prev) && prev >= 0 ? prev : null;
  }
  return { sections, partial: next !== null };
}

function mergeXrefStm(b: Uint8Array, section: XrefSection, base: number): void {
  const stm = section.trailer.map.get('XRefStm');
  if (section.form !== 'table' || typeof stm !== 'number') return;
  try {
    const hybrid = readSection(b, stm + base, stm);
    for (const [num, e] of hybrid.entries) {
      const mine = section.entries.get(num);
      if (!mine || mine.type === 'f') section.entries.set(num, e);
    }
  } catch {
    // A broken /XRefStm only loses the compressed objects; the table is still usable.
  }
}

export interface Reconstruction {
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
}

/** Rebuilds an object table by scanning for `n g obj` (later definitions win) and finds a trailer or the catalog. */
export function reconstruct(b: Uint8Array): Reconstruction {
  const buf = asBuffer(b);
  const entries = new Map<number, XrefEntry>();
  let at = buf.indexOf('obj');
  while (at >= 0) {
    const hit = objectHeaderBefore(b, at);
    if (hit && (at + 3 >= b.length || !/[A-Za-z0-9]/.test(String.fromCharCode(b[at + 3])))) entries.set(hit.num, { type: 'n', offset: hit.start, gen: hit.gen });
    at = buf.indexOf('obj', at + 3);
  }
  addObjectStreamEntries(b, entries);
  const trailer = findTrailer(b, entries);
  return { entries, trailer };
}

function objectHeaderBefore(b: Uint8Array, objAt: number): { num: number; gen: number; start: number } | null {
  let p = objAt - 1;
  const ws = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0;
  const digits = (): number | null => {
    const end = p + 1;
    while (p >= 0 && b[p] >= 0x30 && b[p] <= 0x39 && end - p < 11) p--;
    return p + 1 < end ? Number(asBuffer(b).toString('latin1', p + 1, end)) : null;
  };
  if (p < 0 || !ws(b[p])) return null;
  while (p >= 0 && ws(b[p])) p--;
  const gen = digits();
  if (gen === null || p < 0 || !ws(b[p])) return null;
  while (p >= 0 && ws(b[p])) p--;
  const num = digits();
  if (num === null || num <= 0 || (p >= 0 && b[p] >= 0x30 && b[p] <= 0x39)) return null;
  return { num, gen, start: p + 1 };
}

function addObjectStreamEntries(b: Uint8Array, entries: Map<number, XrefEntry>): void {
  const inStreams = new Map<number, XrefEntry>();
  let count = 0;
  for (const [num, e] of entries) {
    if (e.type !== 'n' || count > 100_000) continue;
    const head = asBuffer(b).toString('latin1', e.offset, Math.min(b.length, e.offset + 300));
    if (!head.includes('/ObjStm')) continue;
    count++;
    try {
      const o = parseIndirectAt(b, e.offset);
      if (!o || !isStream(o.obj)) continue;
      const data = decodeStream(o.obj);
      const n = o.obj.dict.map.get('N');
      const lx: Lexer = { b: data, pos: 0 };
      for (let i = 0; typeof n === 'number' && i < n; i++) {
        const objNum = readInt(lx);
        if (readInt(lx) === null || objNum === null) break;
        if (!inStreams.has(objNum)) inStreams.set(objNum, { type: 'c', stream: num, index: i });
      }
    } catch {
      // skip a damaged object stream
    }
  }
  for (const [num, e] of inStreams) if (!entries.has(num)) entries.set(num, e);
}

function findTrailer(b: Uint8Array, entries: Map<number, XrefEntry>): PdfDict {
  const buf = asBuffer(b);
  let at = buf.lastIndexOf('trailer');
  for (let tries = 0; at >= 0 && tries < 50; tries++) {
    try {
      const t = parseValue({ b, pos: at + 7 });
      if (isDict(t) && t.map.has('Root')) return t;
    } catch {
      // try an earlier one
    }
    at = at > 0 ? buf.lastIndexOf('trailer', at - 1) : -1;
  }
  // An xref stream dictionary also carries /Root.
  for (const [, e] of entries) {
    if (e.type !== 'n') continue;
    const head = buf.toString('latin1', e.offset, Math.min(b.length, e.offset + 400));
    if (!head.includes('/XRef') && !head.includes('/Catalog')) continue;
    try {
      const o = parseIndirectAt(b, e.offset);
      const d = o ? dictOf(o.obj) : undefined;
      if (d && isName(d.map.get('Type'), 'XRef') && d.map.has('Root')) return d;
      if (o && d && isName(d.map.get('Type'), 'Catalog')) return { kind: 'dict', map: new Map([['Root', { kind: 'ref', num: o.num, gen: o.gen }]]) };
    } catch {
      // keep looking
    }
  }
  throw unreadable('Không tìm thấy trailer hay danh mục (catalog)');
}
