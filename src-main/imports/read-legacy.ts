// The part of an old-register import that needs no database: read the spreadsheet, map its columns and check every
// row. Runs in a worker thread (src-main/jobs/worker.ts), so a 200,000-row XLSX never holds up the core's requests;
// what it returns is kept small for a preview (row numbers and arrival numbers as typed arrays, the first rows only).

import type { ImportMapping, ImportRowError } from '../../src-shared/api/imports';
import type { TextEncodingChoice } from './legacy-encoding';
import { IMPORT_FIELDS, normalizeLegacyRows, suggestMapping, type DocTypeRef, type LegacyRecord } from './incoming-legacy';
import { readTableFile, type TableEncoding } from './table-file';

export interface LegacyReadInput {
  bytes: Uint8Array;
  fileName: string;
  sheet?: string;
  encoding: TextEncodingChoice;
  mapping?: ImportMapping;
  year: number;
  docTypes: DocTypeRef[];
  today: string;
  numbering: 'keep' | 'allocate';
  /** Commit: every record. Preview: only their row and arrival numbers. */
  full: boolean;
  sampleRows: number;
}

export interface LegacyReadResult {
  sheetName: string | null;
  header: string[];
  sample: string[][];
  totalRows: number;
  encoding: TableEncoding;
  mapping: ImportMapping;
  errors: ImportRowError[];
  /** Row of each record, and its arrival number (NaN when none). */
  recordRows: Int32Array;
  recordNumbers: Float64Array;
  records: LegacyRecord[] | null;
}

export async function readLegacyFile(input: LegacyReadInput): Promise<LegacyReadResult> {
  const file = await readTableFile(input.bytes, input.fileName, { sheet: input.sheet, encoding: input.encoding, headerFields: [IMPORT_FIELDS] });
  const mapping = input.mapping ?? suggestMapping(file.header);
  const { records, errors } = normalizeLegacyRows(file, mapping, { year: input.year, docTypes: input.docTypes, today: input.today, numbering: input.numbering });
  const recordRows = new Int32Array(records.length);
  const recordNumbers = new Float64Array(records.length);
  records.forEach((r, i) => {
    recordRows[i] = r.row;
    recordNumbers[i] = r.arrivalNumber ?? Number.NaN;
  });
  return {
    sheetName: file.sheetName,
    header: file.header,
    sample: file.rows.slice(0, input.sampleRows).map((r) => r.cells),
    totalRows: file.rows.length,
    encoding: file.encoding,
    mapping,
    errors,
    recordRows,
    recordNumbers,
    records: input.full ? records : null,
  };
}
