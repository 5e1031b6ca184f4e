// Contract for the agency directory (danh mục cơ quan): search, list, edit and import from CSV/XLSX.
// Mirrors src-main/agencies/.

import { z } from 'zod';
import { id, method, optText, text } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface AgencyDto {
  id: number;
  /** Mã định danh; null for bodies without a code. */
  code: string | null;
  name: string;
  parentCode: string | null;
  active: boolean;
}

// ---- methods ---------------------------------------------------------------------------------------------------

export const agenciesApi = {
  'agencies.search': method<AgencyDto[]>()({
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).default(10) }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Tìm cơ quan trong danh mục (gõ không dấu được).',
  }),
  'agencies.list': method<{ items: AgencyDto[]; total: number }>()({
    input: z
      .object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) })
      .default({ limit: 100, offset: 0 }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Danh mục cơ quan.',
  }),
  'agencies.save': method<AgencyDto>()({
    input: z.object({
      id: id.optional(),
      code: optText(35).pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9]{1,13}(\.[A-Za-z0-9]+)*$/, 'Mã định danh chỉ gồm chữ, số và dấu chấm giữa các nhóm.')
          .nullable(),
      ),
      name: text(200),
      parentCode: optText(35).pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9]{1,13}(\.[A-Za-z0-9]+)*$/, 'Mã cơ quan cấp trên chỉ gồm chữ, số và dấu chấm giữa các nhóm.')
          .nullable(),
      ),
      active: z.boolean().default(true),
    }),
    access: 'session',
    permission: 'agencies.manage',
    mutates: true,
    summary: 'Thêm, sửa cơ quan trong danh mục.',
  }),
  'agencies.import': method<{ added: number; updated: number; total: number }>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), fileName: text(255) }),
    access: 'session',
    permission: 'agencies.manage',
    mutates: true,
    summary: 'Nhập danh mục cơ quan từ tệp CSV/XLSX.',
  }),
} as const;
