// Prefill accuracy on scanned-looking pages: generated NĐ 30 letters rendered to A4 images (three fonts, 12–14 pt,
// up to ±1.5° skew, speckle noise), read by the real `tesseract … -l vie+eng`, then by the field detector. The
// thresholds sit just under the accuracy measured on this set; set DOC_FIELDS_OCR_N for a larger run (report only).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDocumentFields } from '../../src-shared/vn/doc-fields';
import { LETTER_FONTS, generateLetters, letterAccuracy, renderLetterPng, type Letter, type LetterGuess } from '../helpers/letters';

const N = Number(process.env.DOC_FIELDS_OCR_N ?? 12);
const SEED = Number(process.env.DOC_FIELDS_OCR_SEED ?? 20260312);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ocr-letters-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function tesseract(png: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // One thread per process and two processes at a time: the 2-core budget of the suite.
    const p = spawn('tesseract', [png, 'stdout', '-l', 'vie+eng'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`tesseract ${code}: ${err}`))));
  });
}

/** Rendering varied by position: each font, three sizes, skew from -1.5° to +1.5°, no to heavy speckle. */
function variant(i: number) {
  return { font: LETTER_FONTS[i % LETTER_FONTS.length], pointSize: 12 + ((i >> 1) % 3), rotationDeg: (((i * 7) % 31) - 15) / 10, noise: (i % 4) * 0.8, seed: i + 1 };
}

function guess(text: string): LetterGuess {
  const d = detectDocumentFields(text);
  return {
    issuer: d.issuer?.value.name ?? null,
    codeNumber: d.codeNumber?.value ?? null,
    codeNotation: d.codeNotation?.value ?? null,
    place: d.place?.value ?? null,
    issuedDate: d.issuedDate?.value ?? null,
    docType: d.docType?.value.name ?? null,
    subject: d.subject?.value ?? null,
    signerPosition: d.signerPosition?.value ?? null,
    signerName: d.signerName?.value ?? null,
    deadline: d.handlingDueDate?.value ?? null,
  };
}

// Measured on this set (seed 20260312, 12 letters) and on 60 other letters (see the issue 12 report); a little under.
const THRESHOLDS = {
  codeNumber: 0.9,
  codeNotation: 0.9,
  issuedDate: 0.9,
  docType: 0.9,
  place: 0.8,
  issuer: 0.65,
  signerPosition: 0.8,
  deadline: 0.85,
  signerName: 0.5,
  subject: 0.45,
};

describe('prefill from OCR of rendered letters', () => {
  it(`reads the fields of ${N} scanned-looking letters with the accuracy measured for them`, { timeout: 120_000 }, async () => {
    const letters = generateLetters(N, SEED);
    const results: { truth: Letter['truth']; found: LetterGuess }[] = new Array(N);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < N; i = next++) {
        const file = path.join(dir, `letter-${i}.png`);
        fs.writeFileSync(file, await renderLetterPng(letters[i], variant(i)));
        results[i] = { truth: letters[i].truth, found: guess(await tesseract(file)) };
      }
    };
    await Promise.all([worker(), worker()]);
    const acc = letterAccuracy(results);
    console.log(`prefill accuracy over ${N} OCR'd letters:`, Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, k === 'n' ? v : Math.round(v * 1000) / 10])));
    if (N !== 12 || SEED !== 20260312) return; // a measuring run: the thresholds belong to the default set
    for (const [field, min] of Object.entries(THRESHOLDS)) expect([field, acc[field as keyof typeof THRESHOLDS]]).toEqual([field, expect.toSatisfy((v: number) => v >= min)]);
  });
});
