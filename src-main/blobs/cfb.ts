// Reads the directory of an OLE2 compound file (old .doc/.xls/.msi): entry names, types and the root CLSID.
// Never reads stream contents and never trusts the file: every sector number and chain is bounds- and loop-checked.
// Kept hand-written on purpose: the `cfb` package (SheetJS, 1.2.2) reads every stream into memory, and on a directory
// tree that loops (see blobs-sniff.test.ts) it dies inside V8 with a fatal "invalid size" error that no try/catch
// stops, taking the whole app down. Sniffing needs only the directory, which these ~130 lines read safely.

export interface CfbEntry {
  name: string;
  type: 'storage' | 'stream' | 'root';
  /** Index of the parent storage in `entries`, -1 for the root. */
  parent: number;
}

export interface CfbDirectory {
  entries: CfbEntry[];
  /** Root storage CLSID as 32 lowercase hex digits in file byte order. */
  rootClsid: string;
}

export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

const MAX_SECTOR = 0xfffffffa; // above this are ENDOFCHAIN/FREESECT/FATSECT/DIFSECT markers
const NOSTREAM = 0xffffffff;
const MAX_DIR_ENTRIES = 100_000;

export function isCfb(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && CFB_MAGIC.every((b, i) => bytes[i] === b);
}

/** The directory, or null when the structure is damaged or hostile (out-of-range sectors, cycles). */
export function readCfbDirectory(bytes: Uint8Array): CfbDirectory | null {
  if (!isCfb(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorCount = Math.max(0, Math.ceil((bytes.length - sectorSize) / sectorSize));
  const sectorOffset = (sid: number): number => (sid + 1) * sectorSize;
  const u32 = (off: number): number => (off + 4 <= bytes.length ? view.getUint32(off, true) : NOSTREAM);

  const fat = readFat(view, bytes.length, sectorSize, sectorCount, sectorOffset, u32);
  if (!fat) return null;
  const dirSectors = followChain(fat, u32(0x30), sectorCount);
  if (!dirSectors) return null;

  const raw: Array<{ name: string; type: number; left: number; right: number; child: number; clsid: string }> = [];
  for (const sid of dirSectors) {
    const base = sectorOffset(sid);
    for (let off = base; off + 128 <= Math.min(base + sectorSize, bytes.length); off += 128) {
      if (raw.length >= MAX_DIR_ENTRIES) return null;
      const nameLen = Math.min(view.getUint16(off + 0x40, true), 64);
      const name = decodeUtf16(bytes.subarray(off, off + Math.max(0, nameLen - 2)));
      const clsid = Array.from(bytes.subarray(off + 0x50, off + 0x60), (b) => b.toString(16).padStart(2, '0')).join('');
      raw.push({
        name,
        type: bytes[off + 0x42],
        left: view.getUint32(off + 0x44, true),
        right: view.getUint32(off + 0x48, true),
        child: view.getUint32(off + 0x4c, true),
        clsid,
      });
    }
  }
  if (raw.length === 0 || raw[0].type !== 5) return null;

  // Walk the red-black trees from the root so that only reachable entries count (stale slots are ignored).
  const entries: CfbEntry[] = [{ name: raw[0].name, type: 'root', parent: -1 }];
  const seen = new Set<number>([0]);
  const queue: Array<{ tree: number; parent: number }> = [{ tree: raw[0].child, parent: 0 }];
  while (queue.length > 0) {
    const { tree, parent } = queue.pop()!;
    const stack = [tree];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === NOSTREAM) continue;
      if (id >= raw.length || seen.has(id)) return null;
      seen.add(id);
      const e = raw[id];
      if (e.type !== 1 && e.type !== 2) return null;
      const index = entries.length;
      entries.push({ name: e.name, type: e.type === 1 ? 'storage' : 'stream', parent });
      stack.push(e.left, e.right);
      if (e.type === 1) queue.push({ tree: e.child, parent: index });
    }
  }
  return { entries, rootClsid: raw[0].clsid };
}

function readFat(view: DataView, length: number, sectorSize: number, sectorCount: number, sectorOffset: (sid: number) => number, u32: (off: number) => number): Uint32Array | null {
  const fatSectorIds: number[] = [];
  const declaredFat = view.getUint32(0x2c, true);
  if (declaredFat > sectorCount) return null;
  for (let i = 0; i < 109 && fatSectorIds.length < declaredFat; i++) fatSectorIds.push(u32(0x4c + i * 4));
  // DIFAT chain for files with more than 109 FAT sectors (> ~7 MB with 512-byte sectors).
  let difat = view.getUint32(0x44, true);
  const perDifat = sectorSize / 4 - 1;
  const visited = new Set<number>();
  while (fatSectorIds.length < declaredFat && difat <= MAX_SECTOR) {
    if (difat >= sectorCount || visited.has(difat)) return null;
    visited.add(difat);
    const base = sectorOffset(difat);
    for (let i = 0; i < perDifat && fatSectorIds.length < declaredFat; i++) fatSectorIds.push(u32(base + i * 4));
    difat = u32(base + perDifat * 4);
  }
  const perFat = sectorSize / 4;
  const fat = new Uint32Array(fatSectorIds.length * perFat);
  fatSectorIds.forEach((sid, i) => {
    if (sid >= sectorCount) return;
    const base = sectorOffset(sid);
    for (let j = 0; j < perFat; j++) {
      const off = base + j * 4;
      fat[i * perFat + j] = off + 4 <= length ? view.getUint32(off, true) : NOSTREAM;
    }
  });
  return fat;
}

function followChain(fat: Uint32Array, start: number, sectorCount: number): number[] | null {
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let sid = start; sid <= MAX_SECTOR; sid = fat[sid] ?? NOSTREAM) {
    if (sid >= sectorCount || sid >= fat.length || seen.has(sid)) return null;
    seen.add(sid);
    chain.push(sid);
  }
  return chain;
}

function decodeUtf16(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
  return s;
}
