// ZIP container access for sniffing and text extraction, bounded against zip bombs (declared sizes are capped).
// Reads the central directory with fflate; never writes archives and never extracts to disk. Only the size caps
// are ours: fflate allocates what an entry declares, so the declaration is checked before anything is inflated.

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
