// Requests under background load (issue 8 item 4): while a 300-page PDF's text is extracted and a 200,000-row XLSX
// register is previewed for import, how fast `documents.list` and `auth.me` answer through dispatch; and registering
// one document with a 5 MB PDF with the text extraction on the core's thread (as before the jobs) and in a worker.
// Generated data: an office with VANTHU_BENCH_LOAD_DOCS (100,000) documents, cached in .bench-data/.

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv, packageRoot } from '../../src-main/env';
import { extractTextResult } from '../../src-main/blobs/extract-text';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/api';
import { vnParts } from '../../src-shared/calendar/vn-time';
import type { ImportRecord } from '../../src-main/incoming/service';
import { importRecordOf } from '../helpers/import-records';
import { createDocGenerator, legacyRegisterXlsx } from './gen-vn-docs';
import { benchDir, benchOffice, benchSession, stats } from './util';
import { report } from './index';

const DOCS = Number(process.env.VANTHU_BENCH_LOAD_DOCS ?? 100_000);
const XLSX_ROWS = Number(process.env.VANTHU_BENCH_LOAD_ROWS ?? 200_000);
const PDF_PAGES = 300;
const WORKERS = Number(process.env.VANTHU_BENCH_WORKERS ?? 2);
const YEAR = 2025;

function open(dir: string): Core {
  return createCore({ ...nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }), workerThreads: WORKERS });
}

async function prepare(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, 'ready'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const core = open(dir);
  const { clerkId: userId } = await benchOffice(core);
  const { raw, registers, incoming, docTypes } = core.services;
  const typeIds = new Map(docTypes.list(true).map((t) => [t.name, t.id]));
  const gen = createDocGenerator(2026, { total: DOCS });
  raw.transaction(() => registers.ensureYear('in', YEAR)).immediate();
  const reg = registers.list('in', YEAR)[0];
  for (let start = 0; start < DOCS; start += 25_000) {
    const records: ImportRecord[] = Array.from({ length: Math.min(25_000, DOCS - start) }, (_, k) => {
      const d = gen.document(start + k, YEAR);
      return importRecordOf(d, typeIds.get(d.typeName) ?? null);
    });
    raw.transaction(() => incoming.importRecords(reg.id, records, 'allocate', userId, '07:30')).immediate();
  }
  // The register the old book is previewed into: a fresh one, so the file's numbers are all free.
  raw.transaction(() => registers.ensureYear('in', YEAR - 1)).immediate();
  raw.exec('ANALYZE');
  core.close();
  fs.writeFileSync(path.join(dir, 'ready'), '');
}

/** A text PDF of `pages` pages (Vietnamese, 40 lines each), cached: the load's pdf.js side. */
async function manyPagePdf(dir: string, pages: number): Promise<Uint8Array> {
  const file = path.join(dir, `van-ban-${pages}-trang.pdf`);
  if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
  const { PDFDocument } = await import('pdf-lib');
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(path.join(packageRoot(), 'resources', 'fonts', 'LiberationSerif-Regular.ttf')), { subset: true });
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    for (let l = 0; l < 40; l++) {
      page.drawText(`Trang ${p + 1} dòng ${l + 1}: Ủy ban nhân dân xã Đồng Hóa quyết định phê duyệt kế hoạch phát triển kinh tế - xã hội`, {
        x: 40,
        y: 800 - l * 19,
        size: 10,
        font,
      });
    }
  }
  const bytes = await doc.save({ useObjectStreams: false });
  fs.writeFileSync(file, bytes);
  return bytes;
}

async function registerXlsx(dir: string, rows: number): Promise<Uint8Array> {
  const file = path.join(dir, `so-den-${rows}.xlsx`);
  if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
  const bytes = await legacyRegisterXlsx(rows, YEAR - 1, 11);
  fs.writeFileSync(file, bytes);
  return bytes;
}

/** ~5 MB: twenty text pages plus an attachment of incompressible bytes (as the incoming bench). */
async function fiveMbPdf(resourcesDir: string): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(path.join(resourcesDir, 'fonts', 'LiberationSerif-Regular.ttf')), { subset: true });
  for (let p = 0; p < 20; p++) doc.addPage([595, 842]).drawText(`Trang ${p + 1}: Quyết định về việc phê duyệt kế hoạch năm 2026`, { x: 50, y: 800, size: 12, font });
  await doc.attach(randomBytes(5 * 1024 * 1024), 'ban-quet.bin', { mimeType: 'application/octet-stream' });
  return doc.save({ useObjectStreams: false });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function loadBench(): Promise<void> {
  const dir = benchDir(`load-${DOCS}`);
  const t = Date.now();
  await prepare(dir);
  const pdf = await manyPagePdf(dir, PDF_PAGES);
  const xlsx = await registerXlsx(dir, XLSX_ROWS);
  process.stderr.write(`dữ liệu đo: ${dir} (${((Date.now() - t) / 1000).toFixed(0)} s để chuẩn bị)\n`);
  const core = open(dir);
  const { token } = await benchSession(core);
  const call = async <M extends MethodName>(m: M, input: InputOf<M>): Promise<OutputOf<M>> => {
    const r = await core.dispatch(m, input, { token, origin: 'ipc' });
    if (!r.ok) throw new Error(`${m}: ${JSON.stringify(r.error).slice(0, 500)}`);
    return r.value as OutputOf<M>;
  };
  await call('settings.update', { uploadLimitMb: 200 });
  const regs = core.services.registers.list('in', YEAR - 1);
  const count = (core.services.raw.prepare("SELECT count(*) AS n FROM documents WHERE status = 'registered'").get() as { n: number }).n;

  // One round of the two requests the office makes all the time: a page of the register (first page, a page at a
  // date, the next page by cursor) and the session check.
  const lists: number[] = [];
  const mes: number[] = [];
  let round = 0;
  async function sample(): Promise<void> {
    const t0 = performance.now();
    const page = await call('documents.list', { filters: { direction: 'in' }, limit: 50, ...(round % 3 === 1 ? { startDate: `${YEAR}-0${1 + (round % 9)}-15` } : {}) });
    lists.push(performance.now() - t0);
    if (round % 3 === 2 && page.nextCursor) {
      const t1 = performance.now();
      await call('documents.list', { filters: { direction: 'in' }, limit: 50, cursor: page.nextCursor });
      lists.push(performance.now() - t1);
    }
    const t2 = performance.now();
    await call('auth.me', {});
    mes.push(performance.now() - t2);
    round++;
  }

  // Idle first: the same requests with nothing in the background.
  for (let i = 0; i < 200; i++) await sample();
  const idleList = stats(lists.splice(0));
  const idleMe = stats(mes.splice(0));
  report({ suite: 'load', figure: 'documents.list, idle', value: idleList.p95, unit: 'ms (p95)', documents: count, ...idleList });
  report({ suite: 'load', figure: 'auth.me, idle', value: idleMe.p99, unit: 'ms (p99)', ...idleMe });

  // Under load: the PDF's text extraction (a job, in a worker) and the XLSX preview (parsed in a worker) together.
  const xlsxPut = await call('blobs.put', { fileName: `so-den-${XLSX_ROWS}.xlsx`, bytes: xlsx });
  await core.idle(); // the XLSX's own search text: not what is measured here
  const started = performance.now();
  // A trailer unique to this run: the same bytes would be a file already stored (and extracted) by an earlier run.
  const runPdf = new Uint8Array(pdf.length + 40);
  runPdf.set(pdf);
  runPdf.set(new TextEncoder().encode(`\n%load-${Date.now()}\n`), pdf.length);
  const pdfPut = await call('blobs.put', { fileName: `van-ban-${PDF_PAGES}-trang.pdf`, bytes: runPdf });
  let extractMs = 0;
  let previewMs = 0;
  const extraction = core.idle().then(() => (extractMs = performance.now() - started));
  const preview = call('import.preview', { hash: xlsxPut.hash, fileName: `so-den-${XLSX_ROWS}.xlsx`, registerId: regs[0].id, numbering: 'keep' }).then((p) => {
    previewMs = performance.now() - started;
    return p;
  });
  let done = false;
  void Promise.all([extraction, preview]).finally(() => (done = true));
  while (!done) {
    await sample();
    await sleep(2);
  }
  const p = await preview;
  const textChars = core.services.raw.prepare('SELECT text_chars FROM blobs WHERE hash = ?').pluck().get(pdfPut.hash) as number;
  const loadList = stats(lists.splice(0));
  const loadMe = stats(mes.splice(0));
  report({
    suite: 'load',
    figure: `documents.list while a ${PDF_PAGES}-page PDF is extracted and a ${XLSX_ROWS.toLocaleString('en')}-row XLSX is previewed`,
    value: loadList.p95,
    unit: 'ms (p95)',
    target: 'p95 <= 20',
    documents: count,
    workers: WORKERS,
    ...loadList,
  });
  report({ suite: 'load', figure: 'auth.me under the same load', value: loadMe.p99, unit: 'ms (p99)', target: 'p99 <= 50', ...loadMe });
  report({ suite: 'load', figure: `${PDF_PAGES}-page PDF text extraction (job in a worker)`, value: Math.round(extractMs), unit: 'ms', pdfBytes: pdf.length, textChars });
  report({
    suite: 'load',
    figure: `import.preview of a ${XLSX_ROWS.toLocaleString('en')}-row XLSX (parsed in a worker)`,
    value: Math.round(previewMs),
    unit: 'ms',
    xlsxBytes: xlsx.length,
    rows: p.totalRows,
  });

  // Registering with a 5 MB PDF, 12 times: the p95 of 336–616 ms against a p50 of ~50 ms. Each upload
  // queues its text extraction; first with pdf.js on the core's thread right after each registration (what the
  // promise loop did before the jobs), then with the jobs and the worker.
  const five = await fiveMbPdf(core.services.env.resourcesDir);
  const thisYear = Number(vnParts(Date.now()).date.slice(0, 4));
  core.services.raw.transaction(() => core.services.registers.ensureYear('in', thisYear)).immediate();
  const reg = core.services.registers.list('in', thisYear)[0];
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  for (const mode of ['core thread (before)', 'worker (jobs)'] as const) {
    const times: number[] = [];
    const puts: number[] = [];
    const registers: number[] = [];
    let busyAtStart = 0;
    const inThread: Array<Promise<unknown>> = [];
    for (let i = 0; i < 12; i++) {
      const bytes = new Uint8Array(five.length + 40);
      bytes.set(five);
      bytes.set(new TextEncoder().encode(`\n%bench-${mode.length}-${i}-${Date.now()}\n`), five.length);
      if (i >= 2 && core.services.workers.stats().busy) busyAtStart++;
      const t0 = performance.now();
      const b = await call('blobs.put', { fileName: `quyet-dinh-${i}.pdf`, bytes });
      const tPut = performance.now();
      await call('incoming.register', {
        registerId: reg.id,
        issuer: { agencyId: null, code: null, name: 'Ủy ban nhân dân huyện Kim Bảng' },
        codeNumber: String(80000 + i + (mode === 'worker (jobs)' ? 100 : 0)),
        codeNotation: 'QĐ-UBND',
        issuedDate: null,
        docTypeId: 2,
        subject: `Quyết định số ${80000 + i} về việc phê duyệt kế hoạch`,
        files: [{ hash: b.hash, fileName: `quyet-dinh-${i}.pdf`, role: 'main' }],
      });
      times.push(performance.now() - t0);
      puts.push(tPut - t0);
      registers.push(performance.now() - tPut);
      if (mode === 'core thread (before)') inThread.push(extractTextResult(bytes, 'pdf'));
    }
    await Promise.all(inThread);
    await core.idle();
    const r = stats(times.slice(2));
    report({
      suite: 'load',
      figure: `register one document with a 5 MB PDF, text extraction on the ${mode}`,
      value: r.p95,
      unit: 'ms (p95)',
      pdfBytes: five.length,
      ...r,
      put: stats(puts.slice(2)),
      register: stats(registers.slice(2)),
      workerBusyAtStart: busyAtStart,
    });
  }
  core.close();
}
