// Contract for importing old registers kept in Excel/CSV (import.*): preview with column mapping, then commit.
// Mirrors src-main/imports/ (the handlers are src-main/imports/handlers.ts).

import { z } from 'zod';
import { id, method, text } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface ImportMapping {
  /** Target field -> column index in the file (0-based); absent = not imported. */
  [field: string]: number | undefined;
}

export interface ImportRowError {
  /** Row number as the person sees it in the spreadsheet (header = 1). */
  row: number;
  field: string | null;
  message: string;
}

/** How the text of an imported file is encoded: Unicode, or typed with the old TCVN3 (ABC) or VNI fonts. */
export type ImportTextEncoding = 'unicode' | 'tcvn3' | 'vni';

/** An earlier commit of the same file into the same register. */
export interface ImportBatchInfo {
  id: number;
  fileName: string;
  importedAt: number;
  importedBy: string;
  rowCount: number;
  numbers: { from: number; to: number } | null;
}

export interface ImportPreview {
  fileName: string;
  sheetName: string | null;
  columns: string[];
  /** Target fields and their Vietnamese labels, required first. */
  fields: Array<{ key: string; label: string; required: boolean }>;
  mapping: ImportMapping;
  /** The first rows; a cell longer than 200 characters is cut and ends with "…". */
  sample: string[][];
  /** The text encoding found in the file, the one applied (the clerk's choice or the found one), and, for CSV, how its bytes were read. */
  encoding: { detected: ImportTextEncoding; used: ImportTextEncoding; bytes: string | null };
  /** Earlier imports of this very file into this register: committing again needs allowReimport. */
  previousImports: ImportBatchInfo[];
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
  /** Numbers that would be given: first and last. */
  numbers: { from: number; to: number } | null;
}

export interface ImportResult {
  imported: number;
  numbers: { from: number; to: number } | null;
  registerId: number;
  tookMs: number;
  batchId: number;
  /** True when this answers a retry of a commit already made (same file, register and choices): nothing new was imported. */
  replayed: boolean;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

const importMapping = z.record(z.string(), z.number().int().min(0).max(200).optional());

const importInput = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'Mã tệp không hợp lệ.'),
  fileName: text(255),
  registerId: id,
  mapping: importMapping.optional(),
  /** keep: use the numbers in the file; allocate: give new numbers in file order. */
  numbering: z.enum(['keep', 'allocate']).default('allocate'),
  sheet: z.string().max(100).optional(),
  /** auto: detect TCVN3/VNI text and convert it to Unicode; unicode/tcvn3/vni: the clerk's override. */
  encoding: z.enum(['auto', 'unicode', 'tcvn3', 'vni']).default('auto'),
  /** The clerk confirmed importing a file that was already imported into this register. */
  allowReimport: z.boolean().default(false),
});

// ---- methods ---------------------------------------------------------------------------------------------------

export const importsApi = {
  'import.preview': method<ImportPreview>()({
    input: importInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Xem trước dữ liệu nhập từ sổ cũ (Excel, CSV).',
  }),
  'import.commit': method<ImportResult>()({
    input: importInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Nhập sổ văn bản đến cũ (toàn bộ hoặc không dòng nào).',
  }),
} as const;
