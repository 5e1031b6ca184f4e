// Text extraction figures: a large DOCX (40,000 formatted paragraphs, ~22 MB of document.xml) and a large XLSX written
// by ExcelJS (60,000 rows × 7 columns), through the public extractTextResult, with the default text cap (what the
// search index gets) and without it (the whole file read). Issue 8, item 7: the XML is read by saxes since then.

import ExcelJS from 'exceljs';
import { extractTextResult } from '../../src-main/blobs/extract-text';
import type { FileKind } from '../../src-main/blobs/sniff';
import { makeDocx } from '../unit/blobs-fixtures';
import { report } from './index';
import { stats } from './util';

const RUNS = 7;

function paragraph(i: number): string {
  const font = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>';
  return (
    '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6"><w:pPr><w:spacing w:before="120" w:after="120"/><w:jc w:val="both"/></w:pPr>' +
    `<w:r><w:rPr>${font}<w:b/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Điều ${i}. </w:t></w:r>` +
    `<w:r><w:rPr>${font}<w:sz w:val="28"/></w:rPr><w:t>Ủy ban nhân dân xã quyết định giao nhiệm vụ cho các phòng &amp; ban chuyên môn thực hiện kế hoạch năm 2026.</w:t></w:r>` +
    `<w:r><w:tab/><w:t>Số: ${i}/QĐ-UBND</w:t></w:r></w:p>`
  );
}

async function bigXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sổ công văn đến');
  for (let r = 0; r < 60_000; r++) {
    ws.addRow([r, `CV-${r}`, `Đơn vị gửi số ${r % 300}`, `Về việc triển khai nhiệm vụ ${r}`, 12345.5 + r, new Date(Date.UTC(2026, 0, 1 + (r % 365))), 'Đã xử lý']);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function measure(name: string, bytes: Uint8Array, kind: FileKind): Promise<void> {
  for (const [cap, maxChars] of [
    ['default cap (2,000,000 chars)', undefined],
    ['no cap', 50_000_000],
  ] as const) {
    const samples: number[] = [];
    const cpu: number[] = [];
    let chars = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await extractTextResult(bytes, kind, maxChars ? { maxChars } : {});
      const c = process.cpuUsage(c0);
      samples.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
      if (r.error) throw new Error(`${name}: ${r.error}`);
      chars = r.text.length;
    }
    const s = stats(samples);
    // CPU time as well: on a shared, loaded machine it moves far less than the wall clock.
    const cpuP50 = Math.round(stats(cpu).p50);
    report({ suite: 'extract', figure: `extract ${name}, ${cap}`, value: Math.round(s.p50), unit: 'ms', cpuP50, bytes: bytes.length, chars, ...s });
  }
}

export async function extractBench(): Promise<void> {
  const docx = makeDocx([], { bodyXml: Array.from({ length: 40_000 }, (_, i) => paragraph(i)).join('') });
  await measure('DOCX 40,000 paragraphs', docx, 'docx');
  await measure('XLSX 60,000 rows', await bigXlsx(), 'xlsx');
}
