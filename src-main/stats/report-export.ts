// A generic report (src-shared/api/reports.ts) as the table the XLSX and PDF exports draw: the same columns and the
// same cells as the screen, from the same computed Report — nothing is recomputed here.

import type { Report } from '../../src-shared/api/reports';
import type { TableExportInput } from '../reports/table-export';

export function reportTable(r: Report, opts: { printedAt: number; printedBy: string; orgName: string | null }): TableExportInput {
  return {
    title: r.title,
    subtitle: r.subtitle,
    columns: r.columns.map((c) => ({ key: c.key, label: c.label, width: c.width, align: c.align })),
    rows: r.rows,
    printedAt: opts.printedAt,
    printedBy: opts.printedBy,
    orgName: opts.orgName,
    landscape: r.landscape,
    notes: r.notes,
  };
}

/** File names without diacritics: bao-cao-giai-quyet-van-ban-den-2026-01-01-2026-06-30.xlsx */
export const REPORT_FILE_STEMS: Record<Report['kind'], string> = {
  handlingIn: 'bao-cao-giai-quyet-van-ban-den',
  handlingOut: 'bao-cao-van-ban-di',
  exchange: 'thong-ke-van-ban-dien-tu',
  accounts: 'bao-cao-tai-khoan-mau-04',
};
