// Matching spreadsheet header cells to import fields by folded, punctuation-free words. Pure: holds no field list of
// its own (callers pass theirs) and reads no files.

import { fold } from '../../src-shared/vn/text';

export interface HeaderField {
  key: string;
  /** Folded, punctuation-free header texts ("so ky hieu"); single words only ever match a whole cell. */
  synonyms: string[];
}

/** "Số, ký hiệu văn bản (4)" -> "so ky hieu van ban": folded words only, numbering marks dropped. */
export function headerKey(s: string): string {
  return fold(s)
    .replace(/\(\s*\d{1,2}\s*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * How well a header cell names a field: an exact synonym beats a synonym found inside a longer cell; a longer
 * synonym beats a shorter one. A single word ("loai") never matches inside a longer cell: "số" alone would claim
 * half of a register's columns.
 */
function strength(key: string, synonym: string): number {
  if (key === synonym) return 10_000 + synonym.length;
  if (!synonym.includes(' ') || !` ${key} `.includes(` ${synonym} `)) return 0;
  return Math.max(1, 5_000 + synonym.length * 10 - (key.length - synonym.length));
}

function bestStrength(key: string, synonyms: string[]): number {
  let best = 0;
  for (const syn of synonyms) best = Math.max(best, strength(key, syn));
  return best;
}

/**
 * Field key -> column index, each column used by one field at most: the strongest (field, column) pairs are taken
 * first, so "Tên loại và trích yếu nội dung" goes to the subject even though it also contains "tên loại".
 */
export function matchColumns(header: string[], fields: HeaderField[]): Map<string, number> {
  const keys = header.map(headerKey);
  const pairs: Array<{ field: number; col: number; s: number }> = [];
  fields.forEach((f, field) => {
    keys.forEach((key, col) => {
      if (!key) return;
      const s = bestStrength(key, f.synonyms);
      if (s > 0) pairs.push({ field, col, s });
    });
  });
  pairs.sort((a, b) => b.s - a.s || a.col - b.col || a.field - b.field);
  const out = new Map<string, number>();
  const usedCols = new Set<number>();
  for (const p of pairs) {
    const key = fields[p.field].key;
    if (out.has(key) || usedCols.has(p.col)) continue;
    out.set(key, p.col);
    usedCols.add(p.col);
  }
  return out;
}
