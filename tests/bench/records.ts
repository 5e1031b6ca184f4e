// Records figures (issue 13): adding a document to a file that already holds up to 2,000 and opening (files.get)
// a file of 2,000 documents, through dispatch, against p95 ≤ 20 ms; and exporting a file of 200 documents / 2,000
// pages (scanned-like pages: text and a picture) to its ZIP against ≤ 15 s, with the peak RSS growth during the
// export (≤ 200 MB: the package is streamed). VANTHU_BENCH_RECORDS_DOCS shrinks the first for a quick try.

import fs from 'node:fs';
import { createCore, type Core } from '../../src-main/core';
import { consoleLogger, nodeEnv } from '../../src-main/env';
import { todayVn } from '../../src-shared/calendar/vn-time';
import { imageBytes, makePdf } from '../unit/blobs-fixtures';
import { benchDir, benchOffice, stats } from './util';
import { report } from './index';

const DOCS = Number(process.env.VANTHU_BENCH_RECORDS_DOCS ?? 2000);
const EXPORT_DOCS = 200;
const PAGES_PER_DOC = 10;

function open(dir: string): Core {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return createCore(nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }));
}

async function call<T>(core: Core, token: string, method: string, input: unknown): Promise<T> {
  const w = await core.dispatch(method, input, { token, origin: 'cli' });
  if (!w.ok) throw new Error(`${method}: ${JSON.stringify(w.error)}`);
  return w.value as T;
}

/** Registered incoming documents written straight into the tables (their registration is another bench's figure). */
function documents(core: Core, n: number, files?: Array<{ hash: string; pages: number }>): number[] {
  const { raw, registers } = core.services;
  const now = Date.now();
  const year = Number(todayVn(now).slice(0, 4));
  raw.transaction(() => registers.ensureYear('in', year)).immediate();
  const registerId = registers.list('in', year)[0].id;
  const start = (raw.prepare('SELECT coalesce(max(arrival_number), 0) FROM documents WHERE register_id = ?').pluck().get(registerId) as number) + 1;
  const ids: number[] = [];
  raw
    .transaction(() => {
      const add = raw.prepare(
        `INSERT INTO documents (direction, status, register_id, year, arrival_number, issuer_name, issuer_search, code_number, code_notation, issued_date, subject,
            page_count, urgency, received_at, arrival_at, registration_due_at, registered_at, received_via, created_at, updated_at)
         VALUES ('in', 'registered', ?, ?, ?, 'Ủy ban nhân dân huyện Kim Bảng', 'uy ban nhan dan huyen kim bang', ?, 'UBND-VP', ?, ?, ?, 0, ?, ?, ?, ?, 'paper', ?, ?)`,
      );
      const file = raw.prepare(`INSERT INTO document_files (document_id, blob_hash, file_name, role, position, added_at) VALUES (?, ?, ?, 'main', 0, ?)`);
      for (let i = 0; i < n; i++) {
        const day = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
        const id = Number(
          add.run(registerId, year, start + i, String(i + 1), day, `Văn bản số ${i + 1} về công tác chuyên môn`, files?.[i]?.pages ?? 2, now, now, now, now, now, now)
            .lastInsertRowid,
        );
        if (files?.[i]) file.run(id, files[i].hash, `van-ban-${i + 1}.pdf`, now);
        ids.push(id);
      }
    })
    .immediate();
  return ids;
}

async function addAndList(): Promise<void> {
  const core = open(benchDir('records-add'));
  try {
    const { clerkId } = await benchOffice(core);
    const token = core.services.sessions.create(clerkId, 'cli');
    const year = Number(todayVn(Date.now()).slice(0, 4));
    const ret = (await call<Array<{ id: number; label: string }>>(core, token, 'retention.list', {})).find((r) => r.label === '10 năm')!.id;
    const f = await call<{ id: number }>(core, token, 'files.open', { year, code: '01.VP', title: 'Hồ sơ bench', retentionId: ret, startDate: `${year}-01-01` });
    const ids = documents(core, DOCS);
    const add: number[] = [];
    for (const id of ids) {
      const t0 = performance.now();
      await call(core, token, 'files.addDocument', { fileId: f.id, documentId: id });
      add.push(performance.now() - t0);
    }
    // The last tenth: adding into a file that already holds 1,800–2,000 documents.
    const late = add.slice(Math.floor(add.length * 0.9));
    report({
      suite: 'records',
      figure: 'add a document to a file (1,800–2,000 in it)',
      ...stats(late),
      value: stats(late).p95,
      unit: 'ms',
      target: 'p95 ≤ 20 ms',
      documents: DOCS,
    });
    report({ suite: 'records', figure: 'add a document to a file (all adds)', ...stats(add), value: stats(add).p95, unit: 'ms', documents: DOCS });
    const get: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      const d = await call<{ items: unknown[] }>(core, token, 'files.get', { id: f.id });
      get.push(performance.now() - t0);
      if (d.items.length !== DOCS) throw new Error(`files.get returned ${d.items.length}`);
    }
    report({ suite: 'records', figure: 'open a file of documents (files.get)', ...stats(get), value: stats(get).p95, unit: 'ms', target: 'p95 ≤ 20 ms', documents: DOCS });
    const list: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      await call(core, token, 'files.list', { query: i % 2 ? 'ho so bench' : undefined });
      list.push(performance.now() - t0);
    }
    report({ suite: 'records', figure: 'list files (files.list, with and without a search)', ...stats(list), value: stats(list).p95, unit: 'ms' });
  } finally {
    core.close();
  }
}

async function exportFile(): Promise<void> {
  const core = open(benchDir('records-export'));
  try {
    const { clerkId } = await benchOffice(core);
    const token = core.services.sessions.create(clerkId, 'cli');
    const year = Number(todayVn(Date.now()).slice(0, 4));
    const picture = imageBytes('jpg', ['-size', '600x450', '-seed', '3', 'plasma:fractal', '-quality', '75']);
    const t0 = performance.now();
    const files: Array<{ hash: string; pages: number }> = [];
    for (let d = 0; d < EXPORT_DOCS; d++) {
      const pages = Array.from({ length: PAGES_PER_DOC }, (_, p) => [`Văn bản ${d + 1}, trang ${p + 1}`, 'Ủy ban nhân dân xã Đồng Hóa báo cáo kết quả thực hiện nhiệm vụ.']);
      const bytes = await makePdf(pages, { imageEveryPage: picture });
      const put = await call<{ hash: string }>(core, token, 'blobs.put', { fileName: `van-ban-${d + 1}.pdf`, bytes });
      files.push({ hash: put.hash, pages: PAGES_PER_DOC });
    }
    const ids = documents(core, EXPORT_DOCS, files);
    const ret = (await call<Array<{ id: number; label: string }>>(core, token, 'retention.list', {})).find((r) => r.label === '10 năm')!.id;
    const f = await call<{ id: number }>(core, token, 'files.open', { year, code: '02.VP', title: 'Hồ sơ xuất thử', retentionId: ret, startDate: `${year}-01-01` });
    for (const id of ids) await call(core, token, 'files.addDocument', { fileId: f.id, documentId: id });
    const sourceBytes = files.length ? fs.statSync(core.services.blobs.store.pathOf(files[0].hash)).size * files.length : 0;
    report({
      suite: 'records',
      figure: 'generate the export file',
      value: Math.round(performance.now() - t0),
      unit: 'ms',
      documents: EXPORT_DOCS,
      pages: EXPORT_DOCS * PAGES_PER_DOC,
      sourceMB: Math.round(sourceBytes / 1e6),
    });

    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t1 = performance.now();
    const r = await call<{ size: number; pages: number; documents: number }>(core, token, 'files.export', { id: f.id });
    const ms = performance.now() - t1;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    report({
      suite: 'records',
      figure: 'export a file (ZIP: PDF, XML, originals)',
      value: Math.round(ms),
      unit: 'ms',
      target: '≤ 15,000 ms',
      documents: r.documents,
      pages: r.pages,
      zipMB: Math.round(r.size / 1e6),
    });
    report({ suite: 'records', figure: 'export: peak RSS growth', value: Math.round((peak - base) / 1e6), unit: 'MB', target: '≤ 200 MB', documents: r.documents, pages: r.pages });
  } finally {
    core.close();
  }
}

export async function recordsBench(): Promise<void> {
  await addAndList();
  await exportFile();
}
