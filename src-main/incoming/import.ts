// Import of old registers kept in Excel/CSV: read the file, map columns, validate every row, and either insert all
// rows in one transaction with numbering and search indexing, or nothing with the list of every rejected row.

import type { ImportPreview, ImportResult, ImportRowError } from '../../src-shared/api/incoming';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap } from '../api/context';

export interface ImportRequest {
  hash: string;
  fileName: string;
  registerId: number;
  mapping?: Record<string, number | undefined>;
  numbering: 'keep' | 'allocate';
  sheet?: string;
}

// Loops, not Math.min(...xs): spreading 200,000 numbers overflows the call stack.
const minOf = (xs: number[]) => xs.reduce((m, x) => (x < m ? x : m), Number.POSITIVE_INFINITY);
const maxOf = (xs: number[]) => xs.reduce((m, x) => (x > m ? x : m), Number.NEGATIVE_INFINITY);

async function analyse(ctx: CallCtx, req: ImportRequest) {
  const reg = ctx.s.registers.row(req.registerId);
  if (reg.direction !== 'in') throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: 'Đây không phải sổ văn bản đến.' }] });
  const bytes = await ctx.s.blobs.read(req.hash);
  const { readTableFile } = await import('../imports/table-file');
  const { IMPORT_FIELDS, normalizeLegacyRows, suggestMapping } = await import('../imports/incoming-legacy');
  const file = await readTableFile(bytes, req.fileName, { sheet: req.sheet });
  const mapping = req.mapping ?? suggestMapping(file.header);
  const { records, errors } = normalizeLegacyRows(file, mapping, { year: reg.year, docTypes: ctx.s.docTypes.list(true) });
  const all: ImportRowError[] = [...errors];
  if (req.numbering === 'keep') {
    const missing = records.filter((r) => r.arrivalNumber == null);
    for (const r of missing) all.push({ row: r.row, field: 'arrivalNumber', message: 'Thiếu số đến (đã chọn giữ nguyên số đến của sổ cũ).' });
    const numbers = records.map((r) => r.arrivalNumber).filter((n): n is number => n != null);
    if (numbers.length) {
      const used = new Set(
        (ctx.s.raw
          .prepare(`SELECT arrival_number AS n FROM documents WHERE register_id = ? AND arrival_number BETWEEN ? AND ?`)
          .all(reg.id, minOf(numbers), maxOf(numbers)) as Array<{ n: number }>).map((r) => r.n),
      );
      for (const r of records) {
        if (r.arrivalNumber != null && used.has(r.arrivalNumber)) {
          all.push({ row: r.row, field: 'arrivalNumber', message: `Số đến ${r.arrivalNumber} đã có trong sổ "${reg.name}".` });
        }
      }
    }
  }
  all.sort((a, b) => a.row - b.row);
  return { reg, file, mapping, records, errors: all, fields: IMPORT_FIELDS };
}

export async function importPreview(ctx: CallCtx, req: ImportRequest): Promise<ImportPreview> {
  const a = await analyse(ctx, req);
  const valid = new Set(a.records.map((r) => r.row));
  for (const e of a.errors) valid.delete(e.row);
  let numbers: ImportPreview['numbers'] = null;
  if (a.records.length) {
    if (req.numbering === 'keep') {
      const ns = a.records.map((r) => r.arrivalNumber ?? 0).filter((n) => n > 0);
      numbers = ns.length ? { from: minOf(ns), to: maxOf(ns) } : null;
    } else numbers = { from: a.reg.lastNumber + 1, to: a.reg.lastNumber + a.records.length };
  }
  return {
    fileName: req.fileName,
    sheetName: a.file.sheetName,
    columns: a.file.header,
    fields: [...a.fields].sort((x, y) => Number(y.required) - Number(x.required)).map((f) => ({ key: f.key, label: f.label, required: f.required })),
    mapping: a.mapping,
    sample: a.file.rows.slice(0, 10).map((r) => r.cells),
    totalRows: a.file.rows.length,
    validRows: valid.size,
    errors: a.errors.slice(0, 1000),
    numbers,
  };
}

export async function importCommit(ctx: CallCtx, req: ImportRequest): Promise<ImportResult> {
  const started = performance.now();
  const me = ctx.user();
  const a = await analyse(ctx, req);
  if (a.errors.length) {
    const rows = new Set(a.errors.map((e) => e.row)).size;
    throw new AppError('import_rejected', `Tệp có ${rows} dòng không hợp lệ (${a.errors.length} lỗi); chưa nhập dòng nào. Sửa tệp rồi nhập lại.`, {
      details: { errors: a.errors, totalRows: a.file.rows.length },
    });
  }
  if (!a.records.length) throw new AppError('import_rejected', 'Tệp không có dòng dữ liệu nào.');
  const firstPeriod = ctx.s.settings.get('workingHours').periods[0]?.start ?? '07:30';
  const numbers = ctx.write(
    () => ctx.s.incoming.importRecords(a.reg.id, a.records, req.numbering, me.userId, firstPeriod),
    (n) => ({ action: 'import.commit', targetType: 'register', targetId: a.reg.id, details: { fileName: req.fileName, hash: req.hash, rows: a.records.length, numbering: req.numbering, numbers: n } }),
  );
  return { imported: a.records.length, numbers, registerId: a.reg.id, tookMs: Math.round(performance.now() - started) };
}

export const importHandlers: HandlerMap<'import.preview' | 'import.commit'> = {
  'import.preview': (ctx, input) => importPreview(ctx, input),
  'import.commit': (ctx, input) => importCommit(ctx, input),
};
