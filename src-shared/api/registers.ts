// Contract for registers (sổ văn bản): one per direction, year and series, with the printed register book.
// Mirrors src-main/registers/.

import { z } from 'zod';
import { id, isoDate, method, optText, text, type BinaryOut } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface RegisterDto {
  id: number;
  direction: 'in' | 'out';
  year: number;
  /** Identifies the same register across years ("chung", "don-thu"); next year's copy keeps it. */
  seriesKey: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  active: boolean;
  lastNumber: number;
}

// ---- methods ---------------------------------------------------------------------------------------------------

export const registersApi = {
  'registers.list': method<RegisterDto[]>()({
    input: z.object({ direction: z.enum(['in', 'out']).optional(), year: z.number().int().optional() }).default({}),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Danh sách sổ văn bản.',
  }),
  'registers.create': method<RegisterDto>()({
    input: z.object({
      direction: z.enum(['in', 'out']),
      year: z.number().int().min(2000).max(2200),
      seriesKey: z
        .string()
        .regex(/^[a-z0-9-]{1,40}$/, 'Mã sổ gồm chữ thường không dấu, chữ số, gạch nối.')
        .optional(),
      name: text(200),
      description: optText(500),
      isDefault: z.boolean().default(false),
    }),
    access: 'session',
    permission: 'registers.manage',
    mutates: true,
    summary: 'Tạo sổ văn bản.',
  }),
  'registers.update': method<RegisterDto>()({
    input: z.object({ id, name: text(200), description: optText(500), isDefault: z.boolean(), active: z.boolean() }),
    access: 'session',
    permission: 'registers.manage',
    mutates: true,
    summary: 'Sửa sổ văn bản.',
  }),
  'registers.printBook': method<BinaryOut>()({
    input: z.object({ registerId: id, from: isoDate.optional(), to: isoDate.optional() }),
    access: 'session',
    permission: 'documents.export',
    mutates: true,
    binary: 'output',
    summary: 'In sổ đăng ký văn bản đến (PDF).',
  }),
} as const;
