// Page preparation speed and size (issue 12 figures: 20 A4 pages → PDF in ≤ 2 s, grey page ≤ 120 KB at the max):
// real sharp on the bench's heaviest generated letters. Time is compared with mozjpeg encoding the same pixels in the
// same process, so a loaded machine slows both sides; the stored pages must still read as the scan they came from.

import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseGrey, hammingHex, preparePage } from '../../src-main/scanning/images';
import { generateLetters, LETTER_FONTS, renderLetterPng } from '../helpers/letters';
import { letterLines, renderPage } from '../helpers/scan-pages';

const KB = 1024;
// Letters 11 and 17 of the bench's set (seed 20261207, its rendering) are its heaviest pages, colour and grey.
const HEAVY = [11, 17];
let greyScans: Buffer[];
let colourScans: Buffer[];

beforeAll(async () => {
  const letters = generateLetters(20, 20261207);
  greyScans = await Promise.all(
    HEAVY.map((i) => renderLetterPng(letters[i], { font: LETTER_FONTS[i % LETTER_FONTS.length], pointSize: 13, rotationDeg: ((i % 5) - 2) * 0.4, noise: 1.5, seed: i })),
  );
  colourScans = await Promise.all(greyScans.map((g) => sharp(g).toColourspace('srgb').tint({ r: 250, g: 246, b: 232 }).png({ compressionLevel: 1 }).toBuffer()));
});

async function greyOf(image: Uint8Array): Promise<Buffer> {
  return sharp(image).toColourspace('b-w').raw().toBuffer();
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.length));
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

describe('preparePage speed and size', () => {
  it('keeps the heaviest bench letters within 300 KB in colour and 120 KB in grey at quality 75', async () => {
    for (const [i, scan] of colourScans.entries()) {
      const colour = await preparePage(scan, { mode: 'color', dpi: 200, jpegQuality: 75 });
      const grey = await preparePage(greyScans[i], { mode: 'gray', dpi: 200, jpegQuality: 75 });
      console.log(`letter ${HEAVY[i]}: colour ${(colour.image.length / KB).toFixed(1)} KB, grey ${(grey.image.length / KB).toFixed(1)} KB`);
      expect(colour.image.length).toBeLessThanOrEqual(300 * KB);
      expect(grey.image.length).toBeLessThanOrEqual(120 * KB);
      expect(await sharp(grey.image).metadata()).toMatchObject({ format: 'jpeg', channels: 1, width: 1654, height: 2339 });
    }
  });

  it('stores pages that read as the scan: same ink, the same hash within 2 bits, the text at ≥ 29 dB PSNR', async () => {
    for (const [i, scan] of greyScans.entries()) {
      const source = await greyOf(scan);
      for (const [mode, input] of [
        ['gray', scan],
        ['color', colourScans[i]],
      ] as const) {
        const page = await preparePage(input, { mode, dpi: 200, jpegQuality: 75 });
        const again = await preparePage(Buffer.from(page.image), { mode, dpi: 200, jpegQuality: 75 });
        // The tinted colour scan differs from the grey source only in its paper, which whitening removes.
        const stored = await greyOf(page.image);
        const quality = psnr(stored, source);
        console.log(`letter ${HEAVY[i]} ${mode}: ${quality.toFixed(1)} dB against the grey scan, ink ${page.inkRatio.toFixed(4)} → ${again.inkRatio.toFixed(4)}`);
        // Measured 31–33 dB grey (trellis trades PSNR for fewer faint artefacts, which OCR reads better), 42 dB colour.
        expect(quality).toBeGreaterThan(29);
        expect(again.inkRatio).toBeGreaterThan(page.inkRatio * 0.85);
        expect(again.inkRatio).toBeLessThan(page.inkRatio * 1.15);
        expect(hammingHex(again.dhash, page.dhash)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('turns grainy tinted paper pure white and leaves the ink as dark as it was', async () => {
    const scan = await renderPage({ lines: letterLines(), noise: 4, speckle: 30, seed: 7, paper: [238, 233, 218] });
    const before = await sharp(scan).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const page = await preparePage(scan, { mode: 'color', jpegQuality: 75 });
    const after = await sharp(page.image).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const a = analyseGrey(before.data, before.info.width, before.info.height);
    const b = analyseGrey(after.data, after.info.width, after.info.height);
    console.log(`paper ${a.paper} → ${b.paper}, ink ${a.inkRatio.toFixed(4)} → ${b.inkRatio.toFixed(4)}`);
    expect(a.paper).toBeLessThan(240);
    expect(b.paper).toBeGreaterThanOrEqual(250);
    expect(b.inkRatio).toBeGreaterThan(a.inkRatio * 0.9);
    expect(b.inkRatio).toBeLessThan(a.inkRatio * 1.1);
    // The darkest tenth of the page (the strokes) keeps its level: whitening moved the paper, not the ink.
    const darkest = (d: Buffer): number => Float64Array.from(d).sort()[Math.floor(d.length * 0.01)];
    expect(Math.abs(darkest(after.data) - darkest(before.data))).toBeLessThanOrEqual(12);
  });

  it('prepares a colour page in well under half the CPU of mozjpeg encoding the same pixels, 2 pages at a time', async () => {
    // mozjpeg alone (what preparation used before) on the decoded pages, the same pairs at once.
    const raws = await Promise.all(colourScans.map((s) => sharp(s).raw().toBuffer({ resolveWithObject: true })));
    const moz = process.cpuUsage();
    await Promise.all(
      raws.map(({ data, info }) =>
        sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
          .jpeg({ quality: 75, mozjpeg: true, chromaSubsampling: '4:2:0' })
          .toBuffer(),
      ),
    );
    const mozMs = cpuMs(moz);
    const ours = process.cpuUsage();
    await Promise.all(colourScans.map((s) => preparePage(s, { mode: 'color', dpi: 200, jpegQuality: 75 })));
    const oursMs = cpuMs(ours);
    console.log(`CPU for ${colourScans.length} colour pages: preparePage ${oursMs.toFixed(0)} ms (decode, analysis, whitening, JPEG), mozjpeg encode alone ${mozMs.toFixed(0)} ms`);
    expect(oursMs).toBeLessThan(mozMs * 0.6);
  });
});
