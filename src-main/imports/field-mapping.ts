// An importer's field vocabulary (target fields with labels and header synonyms) and the check of a column mapping
// against it. Shared by the register import (incoming-legacy.ts) and the agency directory (agency-directory.ts);
// each passes its own fields, here and to table-file.ts for finding the header.

import type { ImportMapping, ImportRowError } from '../../src-shared/api/imports';
import type { HeaderField } from './header-match';
import type { TableFile } from './table-file';

export interface ImportField extends HeaderField {
  label: string;
  required: boolean;
}

/** The mapping checked against the file: unknown columns, a column used twice, required fields left out. */
export function checkMapping(file: TableFile, mapping: ImportMapping, fields: ImportField[], errors: ImportRowError[]): Map<string, number> {
  const cols = new Map<string, number>();
  const byCol = new Map<number, string>();
  for (const f of fields) {
    const col = mapping[f.key];
    if (col === undefined || col === null) continue;
    if (!Number.isInteger(col) || col < 0 || col >= file.header.length) {
      errors.push({ row: 0, field: f.key, message: `Cột đã chọn cho "${f.label}" không có trong tệp.` });
      continue;
    }
    const other = byCol.get(col);
    if (other !== undefined) {
      errors.push({
        row: 0,
        field: f.key,
        message: `Cột "${file.header[col]}" đã được chọn cho "${fields.find((x) => x.key === other)?.label}", không thể dùng thêm cho "${f.label}".`,
      });
      continue;
    }
    byCol.set(col, f.key);
    cols.set(f.key, col);
  }
  for (const f of fields) {
    if (f.required && !cols.has(f.key) && !errors.some((e) => e.field === f.key)) {
      errors.push({ row: 0, field: f.key, message: `Chưa chọn cột cho "${f.label}" (bắt buộc).` });
    }
  }
  return cols;
}

/** A value quoted in a message, cut at 60 characters. */
export const short = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max)}…` : s);
