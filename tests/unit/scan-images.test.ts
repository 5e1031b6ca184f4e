// Page imaging with real sharp on generated scans: the size figures of issue 12 (200 dpi A4 colour ≤ 300 KB, grey
// ≤ 120 KB), every input format a scanner or folder gives, blank-page suggestion under dust and show-through, the
// perceptual hash (same page rescanned ≤ 6 bits, other letters far), refusals, thumbnails, rotation, OCR input.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { BLANK_INK_RATIO, forOcr, hammingHex, pageImaging, preparePage, rotate, splitImageFile, thumbnail } from '../../src-main/scanning/images';
import { SAMPLE_LETTER, letterLines, renderPage } from '../helpers/scan-pages';

const KB = 1024;
let letter: Buffer;
let tmp: string;

beforeAll(async () => {
  letter = await renderPage({ lines: letterLines(), noise: 4, speckle: 30, seed: 3 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-scan-img-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function rawOf(png: Buffer, channels: 1 | 3): Promise<Buffer> {
  const p = sharp(png);
  return (channels === 1 ? p.greyscale() : p.removeAlpha()).raw().toBuffer();
}

function pnm(kind: 'P4' | 'P5' | 'P6', width: number, height: number, raw: Buffer): Buffer {
  let body = raw;
  if (kind === 'P4') {
    const rowBytes = Math.ceil(width / 8);
    body = Buffer.alloc(rowBytes * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (raw[y * width + x] < 128) body[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
  }
  return Buffer.concat([Buffer.from(`${kind}\n# SANE data follows\n${width} ${height}\n${kind === 'P4' ? '' : '255\n'}`, 'latin1'), body]);
}

async function expectRefused(p: Promise<unknown>): Promise<void> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('unsupported_file_type');
  expect((err as AppError).message).toMatch(/Tệp/);
}

describe('preparePage', () => {
  it('keeps a 200 dpi A4 colour letter under 300 KB and a grey one under 120 KB, at A4 pixel size and the file’s dpi', async () => {
    const colour = await preparePage(letter, { mode: 'color', jpegQuality: 80 });
    const grey = await preparePage(letter, { mode: 'gray', jpegQuality: 80 });
    console.log(`page sizes at quality 80: colour ${(colour.image.length / KB).toFixed(0)} KB, grey ${(grey.image.length / KB).toFixed(0)} KB`);
    expect(colour).toMatchObject({ format: 'jpeg', width: 1654, height: 2339, dpi: 200, mode: 'color', blank: false });
    expect(colour.image.length).toBeLessThanOrEqual(300 * KB);
    expect(grey.image.length).toBeLessThanOrEqual(120 * KB);
    expect(grey.image.length).toBeLessThan(colour.image.length);
    const gm = await sharp(grey.image).metadata();
    expect(gm).toMatchObject({ format: 'jpeg', channels: 1, width: 1654, height: 2339 });
    const cm = await sharp(colour.image).metadata();
    expect(cm).toMatchObject({ format: 'jpeg', channels: 3, chromaSubsampling: '4:2:0' });
  });

  it('makes a black-and-white page a 1-bit PNG that still shows the text black on white', async () => {
    const bw = await preparePage(letter, { mode: 'bw', jpegQuality: 80 });
    expect(bw.format).toBe('png');
    const m = await sharp(bw.image).metadata();
    expect(m).toMatchObject({ format: 'png', bitsPerSample: 1, channels: 1, width: 1654, height: 2339 });
    expect(bw.image.length).toBeLessThan(60 * KB);
    // Same ink share as the colour analysis: the threshold neither lost the strokes nor blackened the paper.
    const again = await preparePage(Buffer.from(bw.image), { jpegQuality: 80 });
    expect(again.mode).toBe('bw');
    expect(again.inkRatio).toBeGreaterThan(bw.inkRatio * 0.6);
    expect(again.inkRatio).toBeLessThan(bw.inkRatio * 1.6);
  });

  it('reads PNM (P4, P5, P6), 16-bit and 1-bit PNG, TIFF, BMP, JPEG and GIF pages, picking the mode from the picture', async () => {
    const small = await sharp(letter).resize({ width: 600 }).png().toBuffer();
    const { width, height } = await sharp(small).metadata();
    const w = width ?? 0;
    const h = height ?? 0;
    const grey = await rawOf(small, 1);
    const rgb = await rawOf(small, 3);
    const write = (name: string, b: Buffer): string => {
      const p = path.join(tmp, name);
      fs.writeFileSync(p, b);
      return p;
    };
    const png16 = await sharp(small).toColourspace('rgb16').png().toBuffer();
    const png1 = (await preparePage(small, { mode: 'bw', jpegQuality: 80 })).image;
    const tiff = await sharp(small).toColourspace('b-w').tiff().toBuffer();
    const jpeg = await sharp(small).jpeg({ quality: 90 }).toBuffer();
    const gif = await sharp(small).gif().toBuffer();
    const bmpPath = path.join(tmp, 'page.bmp');
    execFileSync('convert', [write('src.png', small), '-type', 'TrueColor', `BMP3:${bmpPath}`]);
    const cases: Array<[string, Uint8Array | string, string]> = [
      ['P6', pnm('P6', w, h, rgb), 'color'],
      ['P5', pnm('P5', w, h, grey), 'gray'],
      ['P4', pnm('P4', w, h, grey), 'bw'],
      ['png16', png16, 'color'],
      ['png1', Buffer.from(png1), 'bw'],
      ['tiff', write('page.tif', tiff), 'gray'],
      ['bmp', bmpPath, 'color'],
      ['jpeg', jpeg, 'color'],
      ['gif', gif, 'color'],
    ];
    const ref = await preparePage(small, { jpegQuality: 80 });
    for (const [label, input, mode] of cases) {
      const page = await preparePage(input, { jpegQuality: 80, dpi: 75 });
      expect({ label, mode: page.mode, width: page.width, height: page.height }).toEqual({ label, mode, width: w, height: h });
      expect(page.format).toBe(mode === 'bw' ? 'png' : 'jpeg');
      // The same picture gives the same page: same hash (within rescans' tolerance) and about the same ink.
      expect({ label, distance: hammingHex(page.dhash, ref.dhash) <= 6 }).toEqual({ label, distance: true });
      expect(page.inkRatio).toBeGreaterThan(ref.inkRatio * 0.5);
      expect(page.inkRatio).toBeLessThan(ref.inkRatio * 2);
    }
  });

  it('takes the dpi from the file, else from the scan request, else 200', async () => {
    const small = await sharp(letter).resize({ width: 400 }).png().toBuffer();
    expect((await preparePage(await sharp(small).withMetadata({ density: 300 }).png().toBuffer(), { jpegQuality: 70, dpi: 150 })).dpi).toBe(300);
    const { data, info } = await sharp(small).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const noDensity = pnm('P6', info.width, info.height, data);
    expect((await preparePage(noDensity, { jpegQuality: 70, dpi: 150 })).dpi).toBe(150);
    expect((await preparePage(noDensity, { jpegQuality: 70 })).dpi).toBe(200);
  });

  it('suggests blank for a dusty page with faint show-through, never for a page with one short line', async () => {
    const blank = await renderPage({ noise: 5, speckle: 200, seed: 4, showThrough: letterLines(), paper: [236, 234, 226] });
    const oneLine = await renderPage({ noise: 5, speckle: 200, seed: 5, lines: [{ text: 'Trang này để trống.', y: 1100, x: 700 }], paper: [236, 234, 226] });
    const b = await preparePage(blank, { jpegQuality: 75 });
    const o = await preparePage(oneLine, { jpegQuality: 75 });
    console.log(
      `ink ratio: dusty blank ${b.inkRatio.toFixed(6)}, one line ${o.inkRatio.toFixed(6)}, letter ${(await preparePage(letter, { jpegQuality: 75 })).inkRatio.toFixed(4)} (threshold ${BLANK_INK_RATIO})`,
    );
    expect(b.blank).toBe(true);
    expect(o.blank).toBe(false);
    // Margins both ways, so the threshold is not balanced on a knife edge.
    expect(b.inkRatio).toBeLessThan(BLANK_INK_RATIO / 2);
    expect(o.inkRatio).toBeGreaterThan(BLANK_INK_RATIO * 2);
    // A scanner's dark edge shadow is outside the page the ratio looks at.
    const shadowed = await sharp(blank)
      .composite([{ input: { create: { width: 30, height: 2339, channels: 3, background: '#202020' } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    expect((await preparePage(shadowed, { jpegQuality: 75 })).blank).toBe(true);
  });

  it('hashes a rescanned page within 6 bits and different letters far apart', async () => {
    const base = await preparePage(letter, { jpegQuality: 80 });
    const rescans = [
      await renderPage({ lines: letterLines(), noise: 7, speckle: 60, seed: 9 }),
      await renderPage({ lines: letterLines(), noise: 4, seed: 10, skew: 1 }),
      await renderPage({ lines: letterLines(), noise: 4, seed: 11, skew: -1, grey: true }),
    ];
    const distances: number[] = [];
    for (const [i, r] of rescans.entries()) {
      const p = await preparePage(r, { jpegQuality: i === 0 ? 50 : 90 });
      distances.push(hammingHex(p.dhash, base.dhash));
    }
    const others = [
      letterLines({
        ...SAMPLE_LETTER,
        type: 'QUYẾT ĐỊNH',
        subject: 'Về việc thành lập Tổ công tác',
        body: Array(12).fill('Điều 1. Thành lập Tổ công tác rà soát thủ tục hành chính của xã gồm các ông, bà.'),
      }),
      letterLines(
        { ...SAMPLE_LETTER, type: 'THÔNG BÁO', subject: 'Lịch tiếp công dân tháng 3', body: Array(6).fill('Lãnh đạo xã tiếp công dân vào sáng thứ Năm hằng tuần.') },
        { size: 12, top: 120 },
      ),
    ];
    const far: number[] = [];
    for (const [i, lines] of others.entries())
      far.push(hammingHex((await preparePage(await renderPage({ lines, noise: 4, seed: 20 + i }), { jpegQuality: 80 })).dhash, base.dhash));
    console.log(`dhash distances: rescans ${distances.join(', ')}; other letters ${far.join(', ')}`);
    for (const d of distances) expect(d).toBeLessThanOrEqual(6);
    for (const d of far) expect(d).toBeGreaterThan(10);
    expect(base.dhash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses what is not a page picture: text, a truncated PNG, a decompression bomb', async () => {
    await expectRefused(preparePage(new TextEncoder().encode('Đây không phải là ảnh'), { jpegQuality: 75 }));
    await expectRefused(preparePage(letter.subarray(0, letter.length / 3), { jpegQuality: 75 }));
    // A PNG header claiming 40000 × 40000 pixels (1.6 Gpx) with almost no data.
    const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
    bomb.writeUInt32BE(40_000, 16);
    bomb.writeUInt32BE(40_000, 20);
    bomb.writeUInt32BE(crc(bomb.subarray(12, 29)), 29);
    await expectRefused(preparePage(bomb, { jpegQuality: 75 }));
    await expectRefused(splitImageFile(bomb));
    await expectRefused(splitImageFile(new TextEncoder().encode('%PDF-1.7 không phải ảnh')));
    await expectRefused(preparePage(Buffer.from('P6\n99999 99999\n255\n', 'latin1'), { jpegQuality: 75 }));
  });
});

function crc(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

describe('splitImageFile, thumbnail, rotate, forOcr', () => {
  it('splits a 3-page TIFF and an animated GIF into PNG pages in order; a single image gives one', async () => {
    const pages = await Promise.all([0, 1, 2].map((i) => renderPage({ width: 400, height: 560, lines: [{ text: `Trang ${i + 1}`, y: 40 + i * 150, x: 40, size: 20 }] })));
    const files = pages.map((p, i) => {
      const f = path.join(tmp, `p${i}.png`);
      fs.writeFileSync(f, p);
      return f;
    });
    execFileSync('convert', [...files, path.join(tmp, 'multi.tif')]);
    execFileSync('convert', ['-delay', '50', ...files, path.join(tmp, 'multi.gif')]);
    for (const name of ['multi.tif', 'multi.gif']) {
      const split = await splitImageFile(fs.readFileSync(path.join(tmp, name)));
      expect(split).toHaveLength(3);
      for (const [i, png] of split.entries()) {
        expect((await sharp(png).metadata()).format).toBe('png');
        // Page i has its text at a different height: the ink lands in the right band.
        const prepared = await preparePage(png, { jpegQuality: 80 });
        const ref = await preparePage(pages[i], { jpegQuality: 80 });
        expect(hammingHex(prepared.dhash, ref.dhash)).toBeLessThanOrEqual(6);
      }
    }
    expect(await splitImageFile(pages[0])).toHaveLength(1);
  });

  it('makes a small rotated thumbnail, rotates keeping the format (1-bit stays 1-bit), and gives OCR a 300 dpi grey PNG', async () => {
    const colour = await preparePage(letter, { jpegQuality: 80 });
    const bw = await preparePage(letter, { mode: 'bw', jpegQuality: 80 });
    const thumb = await sharp(await thumbnail(colour.image, 90)).metadata();
    expect(thumb).toMatchObject({ format: 'jpeg', width: 320, height: Math.round((320 * 1654) / 2339) });
    expect((await sharp(await thumbnail(colour.image, 0, 200)).metadata()).height).toBe(200);

    const turned = await sharp(await rotate(colour.image, 90)).metadata();
    expect(turned).toMatchObject({ format: 'jpeg', width: 2339, height: 1654 });
    const turnedBw = await rotate(bw.image, 270);
    expect(await sharp(turnedBw).metadata()).toMatchObject({ format: 'png', bitsPerSample: 1, width: 2339, height: 1654 });
    // Turned back, the same picture: rotation lost nothing.
    const back = await pageImaging.rotate(turnedBw, 90);
    const [a, b] = await Promise.all([sharp(back).raw().toBuffer(), sharp(bw.image).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
    expect(await rotate(colour.image, 0)).toEqual(colour.image);

    const ocr = await forOcr(colour.image, 90, 200);
    expect(ocr.scale).toBeCloseTo(1.5, 3);
    expect(await sharp(ocr.png).metadata()).toMatchObject({ format: 'png', channels: 1, width: Math.round(2339 * 1.5) });
    const ocr300 = await forOcr(colour.image, 0, 300);
    expect(ocr300.scale).toBe(1);
  });
});
