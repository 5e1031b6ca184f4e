// Số và ký hiệu of an outgoing document (standards §3.2, NĐ 30 Đ15 and PL I II.3) and which outgoing register
// numbers a type. Pure: no database, no clock; the service allocates the number and calls these.
//
// Formats (formatCode adds the leading zero below 10 when shown):
//   administrative, type with an abbreviation  05/QĐ-UBND     <type abbr>-<office abbr>
//   công văn, thư công (type without one)      12/UBND-VP     <office abbr>-<drafting unit code>
//   copies (SY, TrS, SL; one sequence)         03/SY-UBND     <copy abbr>-<office abbr>
//   QPPL (own sequence per type)               05/2026/QĐ-UBND  number/year/<type abbr>-<office abbr> (Luật ban
//                                              hành VBQPPL); stored like splitCode reads it: number "05", notation
//                                              "2026/QĐ-UBND".
// Type abbreviations are written as the type table has them (NĐ 30 PL III: "TTr", "CTr", "QyĐ" keep their lower
// case letters); the office abbreviation and the unit code are upper-cased, with no spaces.

import type { OutRegisterKind } from '../../src-shared/api/outgoing';
import { AppError } from '../../src-shared/errors';

/** Copy abbreviations (PL I Phần II.II.1c): a type with one of these is numbered in the copies register. */
export const COPY_ABBRS = ['SY', 'TRS', 'SL'];

export const isCopyType = (abbr: string | null): boolean => !!abbr && COPY_ABBRS.includes(abbr.trim().toUpperCase());

const upper = (s: string) => s.normalize('NFC').replace(/\s+/g, '').toLocaleUpperCase('vi');
const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

/** The stored number: the sequence with its leading zero (NĐ 30: numbers below 10 are written 01 … 09). */
export function issueNumberText(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export interface NotationInput {
  kind: OutRegisterKind;
  typeAbbr: string | null;
  orgAbbr: string;
  unitCode: string | null;
  year: number;
}

/** The ký hiệu after the number's slash. Throws invalid_state when a part it needs is not configured. */
export function notationOf(v: NotationInput): string {
  const org = upper(v.orgAbbr);
  if (!org) throw new AppError('invalid_state', 'Cơ quan chưa có tên viết tắt: quản trị cần khai báo trong thông tin cơ quan trước khi cấp số.');
  const abbr = v.typeAbbr ? clean(v.typeAbbr) : '';
  if (v.kind === 'copy') {
    if (!abbr) throw new AppError('invalid_state', 'Bản sao phải có loại với chữ viết tắt (SY, TrS, SL).');
    return `${abbr}-${org}`;
  }
  if (v.kind === 'qppl') {
    if (!abbr) throw new AppError('invalid_state', 'Văn bản quy phạm pháp luật phải có loại với chữ viết tắt.');
    return `${v.year}/${abbr}-${org}`;
  }
  if (abbr) return `${abbr}-${org}`;
  const unit = v.unitCode ? upper(v.unitCode) : '';
  if (!unit) {
    throw new AppError('invalid_state', 'Công văn cần mã viết tắt của đơn vị soạn thảo (ví dụ VP): chọn đơn vị soạn thảo có mã, hoặc nhờ quản trị khai báo mã đơn vị.', {
      fields: [{ path: 'draftingUnitId', message: 'Đơn vị soạn thảo chưa có mã viết tắt.' }],
    });
  }
  return `${org}-${unit}`;
}

export interface RegisterChoice {
  id: number;
  kind: OutRegisterKind;
  docTypeIds: number[];
  isDefault: boolean;
  active: boolean;
}

/**
 * The register that numbers a type in a year: the one whose list names the type; else, for a copy type, the
 * copies register that lists no types; else the administrative register that lists none (the catch-all; the
 * default one first). null when none fits (the admin has to configure one).
 */
export function registerFor<R extends RegisterChoice>(regs: R[], docTypeId: number, typeAbbr: string | null): R | null {
  const active = regs.filter((r) => r.active);
  const named = active.find((r) => r.docTypeIds.includes(docTypeId));
  if (named) return named;
  const catchAll = (kind: OutRegisterKind): R | null =>
    active.filter((r) => r.kind === kind && r.docTypeIds.length === 0).sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.id - b.id)[0] ?? null;
  if (isCopyType(typeAbbr)) return catchAll('copy');
  return catchAll('admin');
}
