// The OCR drivers on a rendered Vietnamese letter: the native `tesseract` program (exact lines, word boxes where the
// words were drawn, cancel kills the process), tesseract.js reading offline in a child process where any network
// use fails and is logged, and the engine choice of createOcrDriver.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/errors';
import type { OcrPageResult } from '../../src-main/ocr/driver';
import { createOcrDriver } from '../../src-main/ocr/index';
import { NativeTesseract } from '../../src-main/ocr/native';
import { WasmTesseract, localLangPath } from '../../src-main/ocr/wasm';
import { forOcr, preparePage } from '../../src-main/scanning/images';
import { RESOURCES, letterLines, renderPage } from '../helpers/scan-pages';

const QUOC_HIEU = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const ROOT = path.resolve(import.meta.dirname, '../..');
let ocrPng: Uint8Array;
let headerPng: Uint8Array;
let scale: number;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ocr-'));
  const page = await preparePage(await renderPage({ lines: letterLines(), noise: 4, speckle: 30, seed: 3 }), { jpegQuality: 80 });
  ({ png: ocrPng, scale } = await forOcr(page.image, 0, page.dpi));
  // The header and số lines only: enough for tesseract.js, which is slower.
  headerPng = new Uint8Array(await sharp(ocrPng).extract({ left: 0, top: 200, width: 2481, height: 700 }).png().toBuffer());
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function lines(r: OcrPageResult): string[] {
  return r.text.split('\n').map((l) => l.trim());
}

function expectVietnameseLetter(r: OcrPageResult): void {
  expect(r.text).toContain(QUOC_HIEU);
  expect(r.text).toContain('Độc lập - Tự do - Hạnh phúc');
  expect(r.text).toMatch(/Số: 123\/UBND-VP/);
  expect(r.text).toBe(r.text.normalize('NFC'));
  expect(r.confidence).toBeGreaterThan(0.8);
  // The quốc hiệu's words are one line, in reading order.
  const words = r.words.filter((w) => QUOC_HIEU.split(' ').includes(w.text));
  const line = words.find((w) => w.text === 'CỘNG')?.line;
  expect(words.filter((w) => w.line === line).map((w) => w.text)).toEqual(QUOC_HIEU.split(' '));
  for (const w of r.words) {
    expect(w.x >= 0 && w.y >= 0 && w.x + w.w <= r.width && w.y + w.h <= r.height).toBe(true);
    expect(w.confidence).toBeGreaterThanOrEqual(0);
    expect(w.confidence).toBeLessThanOrEqual(1);
  }
}

describe('NativeTesseract', () => {
  it('reports its version and Vietnamese/English data', async () => {
    const driver = await NativeTesseract.detect();
    expect(driver).not.toBeNull();
    const info = await driver!.info();
    expect(info.engine).toBe('native');
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(info.languages).toEqual(expect.arrayContaining(['vie', 'eng']));
  });

  it('reads a rendered Vietnamese letter exactly, with word boxes where the words were drawn', async () => {
    const driver = new NativeTesseract();
    const r = await driver.recognize(ocrPng, { dpi: 300 });
    expectVietnameseLetter(r);
    // Every word of the line exactly; a speck of the page's noise may come before it as a stray mark.
    expect(lines(r).some((l) => l.endsWith('Về việc bổ nhiệm cán bộ lãnh đạo'))).toBe(true);
    expect({ width: r.width, height: r.height }).toEqual({ width: 2481, height: 3509 });
    // letterLines puts "Số: …" at x = 260, y = 180 + 3 line heights on the 200 dpi page; the OCR image is 1.5× that.
    const so = r.words.find((w) => w.text === 'Số:');
    expect(so).toBeDefined();
    const lh = Math.round((13 / 72) * 200 * 1.9);
    expect(Math.abs(so!.x / scale - 260)).toBeLessThan(15);
    expect(Math.abs(so!.y / scale - (180 + lh * 3))).toBeLessThan(25);
    // Paragraphs are separated by a blank line.
    expect(r.text).toMatch(/\n\n/);
  });

  it('kills the tesseract process when the page is cancelled', async () => {
    const driver = new NativeTesseract();
    const ctl = new AbortController();
    const reading = driver.recognize(ocrPng, { signal: ctl.signal });
    await vi.waitFor(() => expect(driver.activePids).toHaveLength(1), { timeout: 10_000, interval: 5 });
    const [pid] = driver.activePids;
    expect(() => process.kill(pid, 0)).not.toThrow();
    ctl.abort();
    const err = await reading.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(driver.activePids).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    // An already cancelled page does not start a process at all.
    await expect(driver.recognize(ocrPng, { signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says so in Vietnamese when the program is missing or the picture is not one', async () => {
    expect(await NativeTesseract.detect({ binary: path.join(tmp, 'khong-co-tesseract') })).toBeNull();
    const missing = await new NativeTesseract({ binary: path.join(tmp, 'khong-co-tesseract') }).recognize(ocrPng).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: 'ocr_unavailable', message: expect.stringMatching(/Không tìm thấy chương trình nhận dạng chữ/) });
    const broken = await new NativeTesseract().recognize(new TextEncoder().encode('không phải ảnh')).catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: 'ocr_failed', message: expect.stringMatching(/Không nhận dạng được chữ/) });
    await expect(new NativeTesseract().recognize(ocrPng, { languages: ['vie; rm -rf /'] })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('WasmTesseract', () => {
  it('finds its language data in local files only', async () => {
    const dir = await localLangPath(RESOURCES, ['vie', 'eng'], path.join(tmp, 'tessdata'));
    expect(dir).not.toMatch(/^[a-z]+:\/\//i);
    for (const l of ['vie', 'eng']) expect(fs.statSync(path.join(dir, `${l}.traineddata.gz`)).size).toBeGreaterThan(500_000);
    // resources/tessdata, when electron-builder put it there, wins over the npm packages.
    const shipped = path.join(tmp, 'res');
    fs.mkdirSync(path.join(shipped, 'tessdata'), { recursive: true });
    for (const l of ['vie', 'eng']) fs.copyFileSync(path.join(dir, `${l}.traineddata.gz`), path.join(shipped, 'tessdata', `${l}.traineddata.gz`));
    expect(await localLangPath(shipped, ['vie', 'eng'])).toBe(path.join(shipped, 'tessdata'));
    await expect(localLangPath(shipped, ['xyz'])).rejects.toMatchObject({ code: 'ocr_unavailable' });
  });

  it('reads Vietnamese with no network at all (a child process where any connection fails and is logged)', () => {
    const log = path.join(tmp, 'network.log');
    const preload = path.join(ROOT, 'tests/helpers/no-network.cjs');
    // The harness can fail: a fetch under it is refused and logged.
    const probe = "try { fetch('https://cdn.jsdelivr.net/') } catch {} try { require('node:https').get('https://cdn.jsdelivr.net/') } catch {}";
    execFileSync(process.execPath, ['--require', preload, '-e', probe], { env: { ...process.env, NO_NETWORK_LOG: log } });
    expect(fs.readFileSync(log, 'utf8')).toMatch(/^main fetch https:\/\/cdn\.jsdelivr\.net\/\nmain tcp /);
    fs.rmSync(log);

    const image = path.join(tmp, 'header.png');
    fs.writeFileSync(image, headerPng);
    const out = execFileSync(
      process.execPath,
      ['--require', preload, '--import', 'tsx', path.join(ROOT, 'tests/helpers/ocr-wasm-child.ts'), image, RESOURCES, path.join(tmp, 'staging')],
      {
        cwd: ROOT,
        env: { ...process.env, NO_NETWORK_LOG: log },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
    const { info, langPath, result } = JSON.parse(out) as { info: { engine: string; version: string }; langPath: string; result: OcrPageResult };
    expect(info).toMatchObject({ engine: 'wasm', version: '7.0.0' });
    expect(fs.statSync(langPath).isDirectory()).toBe(true);
    expect(result.text).toContain(QUOC_HIEU);
    expect(result.text).toMatch(/Số: 123\/UBND-VP/);
    expect(result.words.find((w) => w.text === 'CỘNG')).toMatchObject({ line: expect.any(Number), w: expect.any(Number) });
  });

  it('cancels by ending its worker, and the next page gets a new one', async () => {
    const driver = new WasmTesseract({ resourcesDir: RESOURCES, stagingDir: path.join(tmp, 'staging2') });
    try {
      const ctl = new AbortController();
      const first = driver.recognize(headerPng, { signal: ctl.signal });
      ctl.abort();
      await expect(first).rejects.toMatchObject({ name: 'AbortError' });
      const r = await driver.recognize(headerPng, { dpi: 300 });
      expect(r.text).toContain(QUOC_HIEU);
    } finally {
      await driver.close();
    }
  });
});

describe('createOcrDriver', () => {
  it('uses the native program when present, tesseract.js when asked or when the program is missing', async () => {
    const stagingDir = path.join(tmp, 'staging3');
    expect(await createOcrDriver({ resourcesDir: RESOURCES, stagingDir })).toBeInstanceOf(NativeTesseract);
    expect(await createOcrDriver({ resourcesDir: RESOURCES, stagingDir, prefer: 'wasm' })).toBeInstanceOf(WasmTesseract);
    expect(await createOcrDriver({ resourcesDir: RESOURCES, stagingDir, tesseractPath: path.join(tmp, 'khong-co') })).toBeInstanceOf(WasmTesseract);
  });
});
