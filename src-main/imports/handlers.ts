// Import of old registers kept in Excel/CSV: read the file, map columns, validate every row, and either insert all
// rows in one transaction with numbering and search indexing, or nothing with the list of every rejected row.
// Each commit is recorded as an import batch in that same transaction: the same file is not imported into a
// register twice unless the clerk confirms, and a retried commit (the answer lost on the way) gets the first answer.

import { createHash } from 'node:crypto';
import type { ImportBatchInfo, ImportPreview, ImportResult, ImportRowError, importsApi } from '../../src-shared/api/imports';
import { vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap } from '../api/context';
import { IMPORT_FIELDS } from './incoming-legacy';

type Methods = Extract<keyof typeof importsApi, `import.${string}`>;

export interface ImportRequest {
  hash: string;
  fileName: string;
  registerId: number;
  mapping?: Record<string, number | undefined>;
  numbering: 'keep' | 'allocate';
  sheet?: string;
  encoding?: 'auto' | 'unicode' | 'tcvn3' | 'vni';
  allowReimport?: boolean;
}

/** Preview cells are cut here: a preview shows what a column holds, never a whole oversized cell. */
export const PREVIEW_CELL_CHARS = 200;
const PREVIEW_ROWS = 10;

// Loops, not Math.min(...xs): spreading 200,000 numbers overflows the call stack.
const minOf = (xs: number[]) => xs.reduce((m, x) => (x < m ? x : m), Number.POSITIVE_INFINITY);
const maxOf = (xs: number[]) => xs.reduce((m, x) => (x > m ? x : m), Number.NEGATIVE_INFINITY);

const previewCell = (c: string) => (c.length > PREVIEW_CELL_CHARS ? `${c.slice(0, PREVIEW_CELL_CHARS - 1)}…` : c);

/** What identifies one commit request: a retry of the same request carries the same key. */
function requestKey(req: ImportRequest): string {
  const mapping = req.mapping
    ? Object.fromEntries(
        Object.entries(req.mapping)
          .filter(([, v]) => v !== undefined && v !== null)
          .sort(([a], [b]) => a.localeCompare(b)),
      )
    : null;
  const what = [req.hash, req.registerId, mapping, req.numbering, req.sheet ?? null, req.encoding ?? 'auto'];
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

interface BatchRow {
  id: number;
  file_name: string;
  request_key: string;
  row_count: number;
  first_number: number | null;
  last_number: number | null;
  imported_at: number;
  imported_by_name: string | null;
}

function batchesOf(ctx: CallCtx, registerId: number, hash: string): BatchRow[] {
  return ctx.s.raw
    .prepare(
      `SELECT b.id, b.file_name, b.request_key, b.row_count, b.first_number, b.last_number, b.imported_at, u.full_name AS imported_by_name
         FROM import_batches b LEFT JOIN users u ON u.id = b.imported_by
        WHERE b.register_id = ? AND b.file_hash = ? ORDER BY b.id`,
    )
    .all(registerId, hash) as BatchRow[];
}

function batchInfo(b: BatchRow): ImportBatchInfo {
  return {
    id: b.id,
    fileName: b.file_name,
    importedAt: b.imported_at,
    importedBy: b.imported_by_name ?? 'không rõ',
    rowCount: b.row_count,
    numbers: b.first_number != null && b.last_number != null ? { from: b.first_number, to: b.last_number } : null,
  };
}

function replayOf(b: BatchRow, registerId: number, started: number): ImportResult {
  const info = batchInfo(b);
  return { imported: info.rowCount, numbers: info.numbers, registerId, tookMs: Math.round(performance.now() - started), batchId: b.id, replayed: true };
}

function alreadyImported(b: BatchRow, registerName: string): AppError {
  const when = vnParts(b.imported_at);
  const [y, m, d] = when.date.split('-');
  const hhmm = `${String(Math.floor(when.minute / 60)).padStart(2, '0')}:${String(when.minute % 60).padStart(2, '0')}`;
  const info = batchInfo(b);
  return new AppError(
    'conflict',
    `Tệp này đã được nhập vào sổ "${registerName}" lúc ${hhmm} ngày ${d}/${m}/${y} bởi ${info.importedBy} ` +
      `(${info.rowCount.toLocaleString('vi-VN')} văn bản${info.numbers ? `, số đến ${info.numbers.from}–${info.numbers.to}` : ''}). ` +
      'Chưa nhập lại dòng nào. Nếu đúng là cần nhập thêm một lần nữa, hãy xác nhận nhập lại.',
    { details: { previousImport: info } },
  );
}

/** The uploaded file, or a 404 the clerk can act on (an unknown hash is the client's mistake, not a damaged store). */
async function fileBytes(ctx: CallCtx, req: ImportRequest): Promise<Buffer> {
  try {
    ctx.s.blobs.info(req.hash);
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') {
      throw new AppError('not_found', `Không tìm thấy tệp "${req.fileName}" đã tải lên. Hãy chọn và tải tệp lên lại.`);
    }
    throw e;
  }
  return ctx.s.blobs.read(req.hash);
}

/**
 * Reads and checks the file in a worker thread (a 200,000-row XLSX takes seconds to parse: the other requests of
 * the office are served meanwhile), then checks what needs the database here. `full` brings every record back
 * (commit); a preview gets only row and arrival numbers.
 */
async function analyse(ctx: CallCtx, req: ImportRequest, full: boolean) {
  const reg = ctx.s.registers.row(req.registerId);
  if (reg.direction !== 'in') throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: 'Đây không phải sổ văn bản đến.' }] });
  const bytes = await fileBytes(ctx, req);
  const docTypes = ctx.s.docTypes.list(true).map((t) => ({ id: t.id, name: t.name, abbr: t.abbr }));
  const file = await ctx.s.workers.run(
    'import.read',
    {
      bytes,
      fileName: req.fileName,
      sheet: req.sheet,
      encoding: req.encoding ?? 'auto',
      mapping: req.mapping,
      year: reg.year,
      docTypes,
      today: ctx.today(),
      numbering: req.numbering,
      full,
      sampleRows: PREVIEW_ROWS,
    },
    { urgent: true },
  );
  const all: ImportRowError[] = [...file.errors];
  if (req.numbering === 'keep') {
    const numbers: number[] = [];
    file.recordNumbers.forEach((n, i) => {
      if (Number.isNaN(n)) all.push({ row: file.recordRows[i], field: 'arrivalNumber', message: 'Thiếu số đến (đã chọn giữ nguyên số đến của sổ cũ).' });
      else numbers.push(n);
    });
    if (numbers.length) {
      const used = new Set(
        (
          ctx.s.raw
            .prepare(`SELECT arrival_number AS n FROM documents WHERE register_id = ? AND arrival_number BETWEEN ? AND ?`)
            .all(reg.id, minOf(numbers), maxOf(numbers)) as Array<{ n: number }>
        ).map((r) => r.n),
      );
      file.recordNumbers.forEach((n, i) => {
        if (!Number.isNaN(n) && used.has(n)) all.push({ row: file.recordRows[i], field: 'arrivalNumber', message: `Số đến ${n} đã có trong sổ "${reg.name}".` });
      });
    }
  }
  all.sort((a, b) => a.row - b.row);
  return { reg, file, mapping: file.mapping, errors: all, fields: IMPORT_FIELDS };
}

export async function importPreview(ctx: CallCtx, req: ImportRequest): Promise<ImportPreview> {
  const a = await analyse(ctx, req, false);
  const valid = new Set(a.file.recordRows);
  for (const e of a.errors) valid.delete(e.row);
  const count = a.file.recordRows.length;
  let numbers: ImportPreview['numbers'] = null;
  if (count) {
    if (req.numbering === 'keep') {
      const ns = [...a.file.recordNumbers].filter((n) => n > 0);
      numbers = ns.length ? { from: minOf(ns), to: maxOf(ns) } : null;
    } else numbers = { from: a.reg.lastNumber + 1, to: a.reg.lastNumber + count };
  }
  return {
    fileName: req.fileName,
    sheetName: a.file.sheetName,
    columns: a.file.header.map(previewCell),
    fields: [...a.fields].sort((x, y) => Number(y.required) - Number(x.required)).map((f) => ({ key: f.key, label: f.label, required: f.required })),
    mapping: a.mapping,
    sample: a.file.sample.map((cells) => cells.map(previewCell)),
    encoding: a.file.encoding,
    previousImports: batchesOf(ctx, a.reg.id, req.hash).map(batchInfo),
    totalRows: a.file.totalRows,
    validRows: valid.size,
    errors: a.errors.slice(0, 1000),
    numbers,
  };
}

export async function importCommit(ctx: CallCtx, req: ImportRequest): Promise<ImportResult> {
  const started = performance.now();
  const me = ctx.user();
  const key = requestKey(req);
  const reg = ctx.s.registers.row(req.registerId);
  // A retry of a commit already made (its answer lost): the first answer again, before any reading or checking.
  const earlier = batchesOf(ctx, reg.id, req.hash);
  const same = earlier.find((b) => b.request_key === key);
  if (same && !req.allowReimport) return replayOf(same, reg.id, started);
  if (earlier.length && !req.allowReimport) throw alreadyImported(earlier[earlier.length - 1], reg.name);
  const a = await analyse(ctx, req, true);
  const records = a.file.records ?? [];
  if (a.errors.length) {
    const rows = new Set(a.errors.map((e) => e.row)).size;
    throw new AppError('import_rejected', `Tệp có ${rows} dòng không hợp lệ (${a.errors.length} lỗi); chưa nhập dòng nào. Sửa tệp rồi nhập lại.`, {
      details: { errors: a.errors, totalRows: a.file.totalRows },
    });
  }
  if (!records.length) throw new AppError('import_rejected', 'Tệp không có dòng dữ liệu nào.');
  const firstPeriod = ctx.s.settings.get('workingHours').periods[0]?.start ?? '07:30';
  const insertBatch = ctx.s.raw.prepare(
    `INSERT INTO import_batches (register_id, file_hash, file_name, request_key, numbering, row_count, first_number, last_number, imported_by, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const out = ctx.write(
    () => {
      // Checked again inside the transaction: two commits of one file racing each other do not both import.
      const now = batchesOf(ctx, a.reg.id, req.hash);
      if (now.length > earlier.length) {
        const first = now.find((b) => b.request_key === key);
        if (first && !req.allowReimport) return { replay: first, numbers: null, batchId: first.id };
        throw alreadyImported(now[now.length - 1], a.reg.name);
      }
      const numbers = ctx.s.incoming.importRecords(a.reg.id, records, req.numbering, me.userId, firstPeriod);
      const batchId = Number(
        insertBatch.run(a.reg.id, req.hash, req.fileName, key, req.numbering, records.length, numbers?.from ?? null, numbers?.to ?? null, me.userId, ctx.now()).lastInsertRowid,
      );
      return { replay: null, numbers, batchId };
    },
    (r) => ({
      action: 'import.commit',
      targetType: 'register',
      targetId: a.reg.id,
      details: r.replay
        ? { fileName: req.fileName, hash: req.hash, replayOf: r.batchId }
        : {
            fileName: req.fileName,
            hash: req.hash,
            rows: records.length,
            numbering: req.numbering,
            numbers: r.numbers,
            batchId: r.batchId,
            encoding: a.file.encoding.used,
            reimport: earlier.length > 0,
          },
    }),
  );
  if (out.replay) return replayOf(out.replay, a.reg.id, started);
  return { imported: records.length, numbers: out.numbers, registerId: a.reg.id, tookMs: Math.round(performance.now() - started), batchId: out.batchId, replayed: false };
}

export const importHandlers: HandlerMap<Methods> = {
  'import.preview': (ctx, input) => importPreview(ctx, input),
  'import.commit': (ctx, input) => importCommit(ctx, input),
};
