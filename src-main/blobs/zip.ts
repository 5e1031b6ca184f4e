// ZIP container access for sniffing and text extraction, bounded against zip bombs (declared sizes are capped).
// Reads the central directory with fflate and never extracts to disk. Only the size caps are ours: fflate allocates
// what an entry declares, so the declaration is checked before anything is inflated. `reorderZip` rewrites an archive
// with its entries in another physical order, copying each compressed entry as it is (nothing is inflated).

import { unzipSync } from 'fflate';

export interface ZipEntryInfo {
  name: string;
  /** Declared uncompressed size. */
  size: number;
  compression: number;
}

export const ZIP_MAGIC = [0x50, 0x4b] as const;

export function looksLikeZip(bytes: Uint8Array): boolean {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  const b2 = bytes[2];
  const b3 = bytes[3];
  return (b2 === 3 && b3 === 4) || (b2 === 5 && b3 === 6) || (b2 === 7 && b3 === 8);
}

/** Every entry in the central directory, or null when the archive cannot be read. */
export function listZip(bytes: Uint8Array): ZipEntryInfo[] | null {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.originalSize, compression: f.compression });
        return false;
      },
    });
  } catch {
    return null;
  }
  return entries;
}

/**
 * Inflates the wanted entries. Entries whose declared size exceeds `maxEach`, or that would take the total past
 * `maxTotal`, are skipped rather than inflated: fflate allocates the declared size, so the declaration is the cap.
 * Throws when the archive or a wanted entry is damaged.
 */
export function readZipEntries(bytes: Uint8Array, want: (name: string) => boolean, limits: { maxEach: number; maxTotal: number }): Record<string, Uint8Array> {
  let total = 0;
  return unzipSync(bytes, {
    filter: (f) => {
      if (!want(f.name) || (f.compression !== 0 && f.compression !== 8)) return false;
      if (f.originalSize > limits.maxEach || total + f.originalSize > limits.maxTotal) return false;
      total += f.originalSize;
      return true;
    },
  });
}

interface RawEntry {
  name: Uint8Array;
  /** The central directory record, from its signature to the end of its comment. */
  central: Uint8Array;
  localOffset: number;
  compressedSize: number;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;

/** The central directory records in stored order, or null for an archive this reader does not rewrite (ZIP64, multi-disk, damaged). */
function centralRecords(bytes: Uint8Array): RawEntry[] | null {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (u16(bytes, eocd + 4) !== 0 || count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) return null;
  const out: RawEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(bytes, at) !== 0x02014b50) return null;
    const nameLen = u16(bytes, at + 28);
    const end = at + 46 + nameLen + u16(bytes, at + 30) + u16(bytes, at + 32);
    const compressedSize = u32(bytes, at + 20);
    const localOffset = u32(bytes, at + 42);
    if (end > eocd || compressedSize === 0xffffffff || u32(bytes, at + 24) === 0xffffffff || localOffset === 0xffffffff) return null;
    out.push({ name: bytes.subarray(at + 46, at + 46 + nameLen), central: bytes.subarray(at, end), localOffset, compressedSize });
    at = end;
  }
  return out;
}

/**
 * The archive with its entries physically in the order `rank` gives (lower first; equal ranks keep their order),
 * for readers that stream an archive front to back and need some parts before others. Each entry's compressed bytes
 * are copied unchanged under a fresh local header that carries the sizes and CRC from the central directory (so no
 * trailing data descriptor). Returns the input itself when it is already in order, or cannot be rewritten safely
 * (ZIP64, spanned or damaged archives); the reader then sees exactly what it would have seen.
 */
export function reorderZip(bytes: Uint8Array, rank: (name: string) => number): Uint8Array {
  const records = centralRecords(bytes);
  if (!records) return bytes;
  const decoder = new TextDecoder();
  const physical = [...records].sort((a, b) => a.localOffset - b.localOffset);
  const ranked = physical.map((r, i) => ({ r, i, k: rank(decoder.decode(r.name)) })).sort((a, b) => a.k - b.k || a.i - b.i);
  if (ranked.every((x, i) => x.i === i)) return bytes;
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { r } of ranked) {
    const lo = r.localOffset;
    if (lo + 30 > bytes.length || u32(bytes, lo) !== 0x04034b50) return bytes;
    const dataStart = lo + 30 + u16(bytes, lo + 26) + u16(bytes, lo + 28);
    if (dataStart + r.compressedSize > bytes.length) return bytes;
    const c = r.central;
    const header = new Uint8Array(30 + r.name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    header.set(c.subarray(6, 10), 4); // version needed, flags
    view.setUint16(6, u16(c, 8) & ~0x0008, true); // sizes are in this header now, not in a descriptor
    header.set(c.subarray(10, 28), 8); // method, time, date, CRC, compressed and uncompressed sizes
    view.setUint16(26, r.name.length, true);
    view.setUint16(28, 0, true);
    header.set(r.name, 30);
    const rec = new Uint8Array(c);
    const recView = new DataView(rec.buffer);
    recView.setUint16(8, u16(c, 8) & ~0x0008, true);
    recView.setUint32(42, offset, true);
    chunks.push(header, bytes.subarray(dataStart, dataStart + r.compressedSize));
    central.push(rec);
    offset += header.length + r.compressedSize;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  if (offset + cdSize > 0xffffffff) return bytes;
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const part of [...chunks, ...central, eocd]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
