// Prefill accuracy on scanned-looking pages, through what ships: generated NĐ 30 letters rendered to A4 images (three
// fonts, 12–14 pt, up to ±1.5° skew, speckle noise), stored as the scan service stores them (preparePage, grey JPEG
// q75), turned into the OCR image (forOcr), read by NativeTesseract, then by the field detector. The thresholds sit
// just under the accuracy measured on this set; set DOC_FIELDS_OCR_N for a larger run (report only).
import { afterAll, describe, expect, it } from 'vitest';
import { NativeTesseract } from '../../src-main/ocr/native';
import { forOcr, preparePage } from '../../src-main/scanning/images';
import { detectDocumentFields } from '../../src-shared/vn/doc-fields';
import { LETTER_FONTS, generateLetters, guessOf, letterAccuracy, renderLetterPng, type Letter, type LetterGuess } from '../helpers/letters';

const N = Number(process.env.DOC_FIELDS_OCR_N ?? 12);
const SEED = Number(process.env.DOC_FIELDS_OCR_SEED ?? 20260312);
const driver = new NativeTesseract();
afterAll(() => driver.close());

/** The scan service's path for page 1: stored page → OCR image → tesseract (one thread per process). */
async function readPage(png: Buffer): Promise<string> {
  const page = await preparePage(png, { mode: 'gray', dpi: 200, jpegQuality: 75 });
  const input = await forOcr(page.image, 0, page.dpi);
  return (await driver.recognize(input.png, { dpi: page.dpi * input.scale })).text;
}

/** Rendering varied by position: each font, three sizes, skew from -1.5° to +1.5°, no to heavy speckle. */
function variant(i: number) {
  return { font: LETTER_FONTS[i % LETTER_FONTS.length], pointSize: 12 + ((i >> 1) % 3), rotationDeg: (((i * 7) % 31) - 15) / 10, noise: (i % 4) * 0.8, seed: i + 1 };
}

// Measured through the pipeline on this set (seed 20260312, 12 letters; one letter is 8.3 points), after the faster
// page preparation: số, ký hiệu, type, signer position and deadline 100 %, date 91.7 %, place 83.3 %, issuer and signer
// name 66.7 %, subject 58.3 %. The same input gives the same text from tesseract, so each threshold sits just under
// its figure. On 40 held-out letters (seed 4242) the former and the faster preparation differ by one or two letters
// either way on every field (số 100/97.5, ký hiệu 87.5/90, date 95/90 %): noise, not a trend.
const THRESHOLDS = {
  codeNumber: 0.9,
  codeNotation: 0.9,
  issuedDate: 0.9,
  docType: 0.9,
  signerPosition: 0.9,
  deadline: 0.9,
  issuer: 0.6,
  place: 0.8,
  signerName: 0.6,
  subject: 0.5,
};

describe('prefill from OCR of rendered letters', () => {
  it(`reads the fields of ${N} scanned-looking letters with the accuracy measured for them`, { timeout: 120_000 }, async () => {
    const letters = generateLetters(N, SEED);
    const results: { truth: Letter['truth']; found: LetterGuess }[] = new Array(N);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < N; i = next++) {
        results[i] = { truth: letters[i].truth, found: guessOf(detectDocumentFields(await readPage(await renderLetterPng(letters[i], variant(i))))) };
      }
    };
    await Promise.all([worker(), worker()]);
    const acc = letterAccuracy(results);
    console.log(`prefill accuracy over ${N} OCR'd letters:`, Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, k === 'n' ? v : Math.round(v * 1000) / 10])));
    if (N !== 12 || SEED !== 20260312) return; // a measuring run: the thresholds belong to the default set
    for (const [field, min] of Object.entries(THRESHOLDS)) expect([field, acc[field as keyof typeof THRESHOLDS]]).toEqual([field, expect.toSatisfy((v: number) => v >= min)]);
  });
});
