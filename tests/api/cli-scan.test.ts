// `vanthu scan prefill` as support staff run it on a letter: the real command in a child process (real tesseract),
// its Vietnamese output, the JSON form and the exit codes (0 read, 1 unreadable, 2 missing).

import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';
import { letterPng } from '../helpers/scan-letters';

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['src-main/bin/vanthu.mjs', 'scan', 'prefill', ...args], { encoding: 'utf8', maxBuffer: 16 << 20 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = tempDir('vanthu-cli-scan-');
  fs.writeFileSync(path.join(dir, 'letter.png'), letterPng(dir, 'letter-src'));
  fs.writeFileSync(path.join(dir, 'x.txt'), 'không phải ảnh');
  execFileSync('zip', ['-q', path.join(dir, 'fake.tif'), path.join(dir, 'x.txt')]);
});

describe('vanthu scan prefill', { timeout: 120_000 }, () => {
  it('prints the fields read from a letter image with their confidences and the OCR text', async () => {
    const r = await run([path.join(dir, 'letter.png')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nguồn chữ: nhận dạng chữ (OCR)');
    expect(r.out).toMatch(/Số: 123 \(độ tin cậy \d+%\)/);
    expect(r.out).toMatch(/Ký hiệu: UBND-VP \(độ tin cậy \d+%\)/);
    expect(r.out).toMatch(/Ngày văn bản: 2026-11-05 \(độ tin cậy \d+%\)/);
    expect(r.out).toContain('--- Nội dung đọc được ---');
    expect(r.out).toContain('bao tải cát');
  });

  it('gives the PrefillDto and the text as JSON', async () => {
    const r = await run([path.join(dir, 'letter.png'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.codeNumber.value).toBe('123');
    expect(j.issuedDate.value).toBe('2026-11-05');
    expect(j.pageCount).toBe(1);
    expect(j.text).toContain('Kim Bảng');
  });

  it('exits 1 with the code and reason for a file that is no PDF or image, 2 for a missing file', async () => {
    const bad = await run([path.join(dir, 'fake.tif')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^Lỗi unsupported_file_type: /);
    const missing = await run([path.join(dir, 'khong-co.pdf')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Không đọc được tệp');
  });
});
