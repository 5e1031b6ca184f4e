// The incremental-update builder: new and replaced objects appended after the original bytes (kept as an exact prefix)
// with an xref section in the same form as the file's last one. Earlier bytes are never modified.

import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { AppError } from '../../src-shared/errors';
import type { PdfFile } from './file';
import { dict, isString, name, ref, serialise, serialiseIndirect, str, type PdfDict, type PdfObject, type PdfRef } from './objects';
import type { XrefEntry } from './xref';

export interface Update {
  file: PdfFile;
  nextNum: number;
  objects: Map<number, { gen: number; obj: PdfObject }>;
}

export interface Serialised {
  pdf: Buffer;
  /** Absolute offset of each written object, by number. */
  offsets: Map<number, number>;
}

export function beginUpdate(file: PdfFile): Update {
  if (file.trailer.map.has('Encrypt')) throw new AppError('pdf_unreadable', 'PDF được mã hóa: không thể ký hay đóng dấu');
  return { file, nextNum: file.size, objects: new Map() };
}

/** A fresh object number (from /Size upwards). */
export function allocate(u: Update): PdfRef {
  return ref(u.nextNum++, 0);
}

/** Adds a new object and returns its reference. */
export function addObject(u: Update, obj: PdfObject): PdfRef {
  const r = allocate(u);
  u.objects.set(r.num, { gen: 0, obj });
  return r;
}

/** Replaces (or fills an allocated) object, keeping the generation of the existing one. */
export function setObject(u: Update, r: PdfRef, obj: PdfObject): void {
  const e = u.file.entries.get(r.num);
  const gen = e?.type === 'n' ? e.gen : (u.objects.get(r.num)?.gen ?? 0);
  u.objects.set(r.num, { gen, obj });
}

/** The current value of an object inside this update (a pending replacement wins over the file). */
export function current(u: Update, o: PdfObject | undefined): PdfObject | undefined {
  let v = o;
  for (let i = 0; i < 32 && v && typeof v === 'object' && !Array.isArray(v) && v.kind === 'ref'; i++) {
    const pending = u.objects.get(v.num);
    v = pending ? pending.obj : u.file.get(v.num);
  }
  return v;
}

export function serialiseUpdate(u: Update): Serialised {
  const { file } = u;
  const chunks: Buffer[] = [Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength)];
  let pos = file.bytes.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    pos += b.length;
  };
  const last = file.bytes[file.bytes.length - 1];
  if (last !== 10 && last !== 13) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  const written = new Map<number, XrefEntry>();
  for (const [num, { gen, obj }] of [...u.objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(num, pos);
    written.set(num, { type: 'n', offset: pos - file.base, gen });
    for (const b of serialiseIndirect(num, gen, obj)) push(b);
  }
  const table = xrefEntries(file, written);
  const useTable = file.reconstructed ? ![...table.values()].some((e) => e.type === 'c') : file.sections[0]?.form !== 'stream';
  const xrefAt = pos - file.base;
  if (useTable) {
    push(Buffer.from(tableSection(table) + `trailer\n${serialise(trailerDict(u, u.nextNum))}\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  } else {
    const self = allocate(u);
    offsets.set(self.num, pos);
    table.set(self.num, { type: 'n', offset: xrefAt, gen: 0 });
    for (const b of serialiseIndirect(self.num, 0, xrefStream(u, table))) push(b);
    push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`));
  }
  return { pdf: Buffer.concat(chunks, pos), offsets };
}

/** The entries of the new section: the written objects, or everything when the file's own xref was unusable. */
function xrefEntries(file: PdfFile, written: Map<number, XrefEntry>): Map<number, XrefEntry> {
  if (!file.reconstructed) return written;
  const all = new Map<number, XrefEntry>();
  for (const [num, e] of file.entries) if (e.type !== 'f') all.set(num, e);
  for (const [num, e] of written) all.set(num, e);
  return all;
}

function runs(nums: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of nums) {
    const lastRun = out[out.length - 1];
    if (lastRun && lastRun[0] + lastRun[1] === n) lastRun[1]++;
    else out.push([n, 1]);
  }
  return out;
}

function tableSection(entries: Map<number, XrefEntry>): string {
  const nums = [...entries.keys()].sort((a, b) => a - b);
  let out = 'xref\n';
  if (nums[0] !== 0) out += '0 1\n0000000000 65535 f\r\n';
  for (const [first, count] of runs(nums)) {
    out += `${first} ${count}\n`;
    for (let n = first; n < first + count; n++) {
      const e = entries.get(n);
      out += e?.type === 'n' ? `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n` : '0000000000 65535 f\r\n';
    }
  }
  return out;
}

function trailerDict(u: Update, size: number): PdfDict {
  const t = u.file.trailer.map;
  const oldId = t.get('ID');
  const first = Array.isArray(oldId) && isString(oldId[0]) ? oldId[0] : str(randomBytes(16), true);
  const prev = u.file.sections[0]?.startxref;
  return dict({
    Size: Math.max(size, u.file.size),
    Root: t.get('Root') ?? undefined,
    Info: t.get('Info') ?? undefined,
    Prev: u.file.reconstructed ? undefined : prev,
    ID: [first, str(randomBytes(16), true)],
  });
}

function xrefStream(u: Update, entries: Map<number, XrefEntry>): PdfObject {
  const nums = [...entries.keys()].sort((a, b) => a - b);
  let maxField = 0;
  for (const e of entries.values()) maxField = Math.max(maxField, e.type === 'n' ? e.offset : e.type === 'c' ? e.stream : 0);
  const w2 = Math.max(4, Math.ceil(Math.log2(maxField + 1) / 8));
  const row = 1 + w2 + 2;
  const data = Buffer.alloc(nums.length * row);
  nums.forEach((n, i) => {
    const e = entries.get(n) as XrefEntry;
    const at = i * row;
    data[at] = e.type === 'n' ? 1 : e.type === 'c' ? 2 : 0;
    data.writeUIntBE(e.type === 'n' ? e.offset : e.type === 'c' ? e.stream : 0, at + 1, w2);
    data.writeUInt16BE(e.type === 'n' ? e.gen : e.type === 'c' ? e.index : 0, at + 1 + w2);
  });
  const d = trailerDict(u, u.nextNum);
  d.map.set('Type', name('XRef'));
  d.map.set('W', [1, w2, 2]);
  d.map.set('Index', runs(nums).flat());
  d.map.set('Filter', name('FlateDecode'));
  return { kind: 'stream', dict: d, data: deflateSync(data) };
}
