// The agency directory file (danh mục mã định danh: mã định danh, tên cơ quan, mã cơ quan cấp trên): its columns and
// the check of every row into records ready to save. Pure, like incoming-legacy.ts: table-file.ts reads the file.

import type { ImportRowError } from '../../src-shared/api/imports';
import { checkMapping, short, type ImportField } from './field-mapping';
import { matchColumns } from './header-match';
import { LIMITS } from './incoming-legacy';
import type { TableFile } from './table-file';

/** Columns of the agency directory file (danh mục mã định danh). */
export const AGENCY_FIELDS: ImportField[] = [
  {
    key: 'code',
    label: 'Mã định danh',
    required: false,
    synonyms: ['ma dinh danh', 'ma', 'ma co quan', 'ma don vi', 'ma dinh danh co quan', 'ma dinh danh dien tu', 'ma so'],
  },
  {
    key: 'name',
    label: 'Tên cơ quan',
    required: true,
    synonyms: ['ten co quan', 'ten', 'ten don vi', 'co quan', 'ten co quan to chuc', 'ten co quan don vi', 'don vi'],
  },
  {
    key: 'parentCode',
    label: 'Mã cơ quan cấp trên',
    required: false,
    synonyms: ['ma co quan cap tren', 'ma cap tren', 'ma dinh danh cap tren', 'ma don vi cap tren', 'cap tren', 'ma cha'],
  },
];

const AGENCY_CODE = /^[A-Z0-9]{1,13}(\.[A-Z0-9]+)*$/;
const AGENCY_CODE_MAX = 35;

export interface AgencyRecord {
  row: number;
  code: string | null;
  name: string;
  parentCode: string | null;
}

function agencyCode(value: string, label: string, row: number, field: string, errors: ImportRowError[]): string | null {
  if (!value) return null;
  const code = value.toUpperCase();
  if (code.length > AGENCY_CODE_MAX) {
    errors.push({ row, field, message: `${label} "${short(value)}" dài ${code.length} ký tự, vượt quá ${AGENCY_CODE_MAX} ký tự.` });
    return null;
  }
  if (!AGENCY_CODE.test(code)) {
    errors.push({
      row,
      field,
      message: `${label} "${short(value)}" không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và dấu chấm giữa các nhóm (ví dụ 000.00.00.H41 hoặc H41.02).`,
    });
    return null;
  }
  return code;
}

/** The agency directory file (mã định danh, tên cơ quan, mã cơ quan cấp trên): codes upper-cased and checked. */
export function parseAgencyFile(file: TableFile): { records: AgencyRecord[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const mapping = Object.fromEntries(matchColumns(file.header, AGENCY_FIELDS));
  const cols = checkMapping(file, mapping, AGENCY_FIELDS, errors);
  if (errors.length) return { records: [], errors };
  const label = (key: string) => AGENCY_FIELDS.find((f) => f.key === key)?.label ?? key;
  const seen = new Map<string, number>();
  const records: AgencyRecord[] = [];
  for (const { row, cells } of file.rows) {
    const before = errors.length;
    const get = (key: string) => {
      const c = cols.get(key);
      return c === undefined ? '' : (cells[c] ?? '');
    };
    const name = get('name');
    if (!name) errors.push({ row, field: 'name', message: 'Thiếu tên cơ quan.' });
    else if (name.length > LIMITS.issuerName) {
      errors.push({ row, field: 'name', message: `Tên cơ quan "${short(name)}" dài ${name.length} ký tự, vượt quá ${LIMITS.issuerName} ký tự.` });
    }
    const code = agencyCode(get('code'), label('code'), row, 'code', errors);
    const parentCode = agencyCode(get('parentCode'), label('parentCode'), row, 'parentCode', errors);
    if (code) {
      const first = seen.get(code);
      if (first !== undefined) errors.push({ row, field: 'code', message: `Mã định danh "${code}" trùng với dòng ${first}.` });
      else seen.set(code, row);
      if (parentCode === code) errors.push({ row, field: 'parentCode', message: `Mã cơ quan cấp trên "${parentCode}" trùng với mã của chính cơ quan.` });
    }
    if (errors.length === before) records.push({ row, code, name, parentCode });
  }
  return { records, errors };
}
