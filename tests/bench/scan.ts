// Scanning figures (issue 12): 20 scanned A4 pages at 200 dpi → PDF (time, KB per colour and grey page), OCR
// throughput of our pipeline beside the plain `tesseract` command on the same pages, and the prefill accuracy per
// field on generated Vietnamese letters read by our pipeline. Pages are generated letters with paper tint and dust,
// the way a scanner hands them over (PNG); measures only, never fails.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { detectDocumentFields } from '../../src-shared/vn/doc-fields';
import { NativeTesseract } from '../../src-main/ocr/native';
import { ocrThreads } from '../../src-main/ocr';
import { assemblePdf } from '../../src-main/scanning/pdf-assemble';
import { forOcr, preparePage } from '../../src-main/scanning/images';
import type { AssemblePage, PreparedPage } from '../../src-main/scanning/types';
import { generateLetters, guessOf, LETTER_FIELDS, LETTER_FONTS, letterAccuracy, renderLetterPng } from '../helpers/letters';
import { stats } from './util';
import { report } from './index';

const RESOURCES = path.resolve(import.meta.dirname, '../../resources');
const PAGES = 20;
const OCR_PAGES = 8;
const ACCURACY_LETTERS = Number(process.env.BENCH_SCAN_LETTERS ?? 40);

/** A colour scan of a letter: cream paper, a faint blue stamp-like tint, the renderer's dust. */
async function colourScan(png: Buffer): Promise<Buffer> {
  return sharp(png).toColourspace('srgb').tint({ r: 250, g: 246, b: 232 }).png({ compressionLevel: 1 }).toBuffer();
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

function runTesseract(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('tesseract', [file, 'stdout', '-l', 'vie+eng'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`tesseract exit ${code}`))));
  });
}

export async function scanBench(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-scan-'));
  try {
    const letters = generateLetters(Math.max(PAGES, ACCURACY_LETTERS), 20261207);
    const greyScans = await Promise.all(
      letters
        .slice(0, PAGES)
        .map((l, i) => renderLetterPng(l, { font: LETTER_FONTS[i % LETTER_FONTS.length], pointSize: 13, rotationDeg: ((i % 5) - 2) * 0.4, noise: 1.5, seed: i })),
    );
    const colourScans = await Promise.all(greyScans.map(colourScan));

    // ---- 20 pages → PDF -------------------------------------------------------------------------------------
    for (const [mode, scans] of [
      ['color', colourScans],
      ['gray', greyScans],
    ] as const) {
      const samples: number[] = [];
      const assembleOnly: number[] = [];
      let prepared: PreparedPage[] = [];
      let pdfBytes = 0;
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        // As the service does: as many pages at once as there are cores (each holds ~24 MB while in flight).
        prepared = await pool(scans, os.availableParallelism(), (s) => preparePage(s, { mode, dpi: 200, jpegQuality: 75 }));
        const t1 = performance.now();
        const pages: AssemblePage[] = prepared.map((p) => ({
          image: p.image,
          format: p.format,
          width: p.width,
          height: p.height,
          dpi: p.dpi,
          rotation: 0,
          mode: p.mode,
          ocr: null,
        }));
        const pdf = await assemblePdf(pages, { resourcesDir: RESOURCES, title: 'Bench' });
        const t2 = performance.now();
        samples.push(t2 - t0);
        assembleOnly.push(t2 - t1);
        pdfBytes = pdf.byteLength;
      }
      const s = stats(samples);
      report({ suite: 'scan', figure: `${PAGES} A4 pages 200 dpi ${mode} (scanner PNG) → PDF`, value: s.p50, unit: 'ms', p95: s.p95, n: s.n, pages: PAGES, target: '≤ 2000 ms' });
      const a = stats(assembleOnly);
      report({ suite: 'scan', figure: `${PAGES} stored ${mode} pages → PDF (assembly only)`, value: a.p50, unit: 'ms', p95: a.p95, n: a.n, pages: PAGES });
      const kb = prepared.map((p) => p.image.byteLength / 1024).sort((x, y) => x - y);
      report({
        suite: 'scan',
        figure: `${mode} page size (200 dpi A4, JPEG q75)`,
        value: Math.round(kb.reduce((x, y) => x + y, 0) / kb.length),
        unit: 'KB',
        max: Math.round(kb[kb.length - 1]!),
        pdfKB: Math.round(pdfBytes / 1024),
        pages: PAGES,
        target: mode === 'color' ? '≤ 300 KB' : '≤ 120 KB',
      });
    }

    // ---- OCR throughput ---------------------------------------------------------------------------------------
    const ocrScans = greyScans.slice(0, OCR_PAGES);
    const files = ocrScans.map((b, i) => {
      const f = path.join(tmp, `page-${i}.png`);
      fs.writeFileSync(f, b);
      return f;
    });
    const cores = os.availableParallelism();
    const minutes = (ms: number) => ms / 60_000;
    let t = performance.now();
    for (const f of files) await runTesseract(f, process.env);
    const plainSeq = OCR_PAGES / minutes(performance.now() - t);
    report({
      suite: 'scan',
      figure: 'OCR plain tesseract, one page after another (default threads)',
      value: Math.round(plainSeq * 10) / 10,
      unit: 'pages/min',
      pages: OCR_PAGES,
      cores,
    });
    t = performance.now();
    await pool(files, cores, (f) => runTesseract(f, { ...process.env, OMP_THREAD_LIMIT: '1' }));
    const plainPar = OCR_PAGES / minutes(performance.now() - t);
    report({ suite: 'scan', figure: `OCR plain tesseract, ${cores} at a time (1 thread each)`, value: Math.round(plainPar * 10) / 10, unit: 'pages/min', pages: OCR_PAGES, cores });

    // Our pipeline as the service runs it: the stored page (JPEG) → forOcr (300 dpi grey) → NativeTesseract, at the
    // service's bounded concurrency.
    const stored = await Promise.all(ocrScans.map((s) => preparePage(s, { mode: 'gray', dpi: 200, jpegQuality: 75 })));
    const driver = new NativeTesseract();
    t = performance.now();
    const texts = await pool(stored, ocrThreads(), async (p) => {
      const input = await forOcr(p.image, 0, p.dpi);
      return (await driver.recognize(input.png, { dpi: p.dpi * input.scale })).text;
    });
    const ours = OCR_PAGES / minutes(performance.now() - t);
    report({
      suite: 'scan',
      figure: `OCR VănThư pipeline (${ocrThreads()} at a time, JPEG q75 → forOcr 300 dpi)`,
      value: Math.round(ours * 10) / 10,
      unit: 'pages/min',
      pages: OCR_PAGES,
      cores,
      ratioToPlainSequential: Math.round((ours / plainSeq) * 100) / 100,
      ratioToPlainParallel: Math.round((ours / plainPar) * 100) / 100,
      target: '≥ 0.9 of plain tesseract',
      chars: texts.reduce((n, x) => n + x.length, 0),
    });

    // ---- prefill accuracy on generated letters ------------------------------------------------------------------
    const sample = letters.slice(0, ACCURACY_LETTERS);
    const results = await pool(sample, cores, async (l) => {
      const i = sample.indexOf(l);
      const png = await renderLetterPng(l, {
        font: LETTER_FONTS[i % LETTER_FONTS.length],
        pointSize: 12 + (i % 3),
        rotationDeg: ((i * 7) % 31) / 10 - 1.5,
        noise: (i % 5) * 0.6,
        seed: 1000 + i,
      });
      const page = await preparePage(png, { mode: 'gray', dpi: 200, jpegQuality: 75 });
      const input = await forOcr(page.image, 0, page.dpi);
      const text = (await driver.recognize(input.png, { dpi: page.dpi * input.scale })).text;
      return { truth: l.truth, found: guessOf(detectDocumentFields(text)) };
    });
    await driver.close();
    const acc = letterAccuracy(results);
    for (const f of LETTER_FIELDS) {
      report({
        suite: 'scan',
        figure: `prefill accuracy: ${f}`,
        value: Math.round(acc[f] * 1000) / 10,
        unit: '%',
        letters: acc.n,
        target: ['codeNumber', 'codeNotation', 'issuedDate'].includes(f) ? '≥ 95 %' : undefined,
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
