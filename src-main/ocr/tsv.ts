// Tesseract's TSV output (the same from the `tesseract` program and from tesseract.js) → OcrPageResult: words with
// boxes and line numbers, the page text with a line break per line and a blank line per paragraph, NFC.

import type { OcrPageResult, OcrWord } from './driver';

export function parseTesseractTsv(tsv: string, fallbackSize?: { width: number; height: number }): OcrPageResult {
  const words: OcrWord[] = [];
  let width = fallbackSize?.width ?? 0;
  let height = fallbackSize?.height ?? 0;
  for (const row of tsv.split(/\r?\n/)) {
    const f = row.split('\t');
    if (f.length < 11) continue;
    const level = Number(f[0]);
    if (!Number.isInteger(level)) continue; // the header line
    const [block, par, line] = [Number(f[2]), Number(f[3]), Number(f[4])];
    const [x, y, w, h] = [Number(f[6]), Number(f[7]), Number(f[8]), Number(f[9])];
    if (level === 1) {
      if (w > 0 && h > 0) {
        width = w;
        height = h;
      }
      continue;
    }
    if (level !== 5) continue;
    // The text column is the last; a word never contains a tab, but be safe if it did.
    const text = f.slice(11).join('\t').normalize('NFC').trim();
    if (!text) continue;
    const conf = Number(f[10]);
    words.push({
      text,
      confidence: Number.isFinite(conf) && conf >= 0 ? Math.min(1, conf / 100) : 0,
      x,
      y,
      w,
      h,
      line: block * 1e6 + par * 1e3 + line,
    });
  }
  return { text: pageText(words), words, confidence: words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0, width, height };
}

/** Lines in reading order (Tesseract's own order), a blank line whenever the paragraph (block·1e6 + par·1e3) changes. */
export function pageText(words: OcrWord[]): string {
  let out = '';
  let prevLine = -1;
  for (const w of words) {
    if (w.line !== prevLine) {
      if (prevLine >= 0) out += Math.floor(w.line / 1e3) !== Math.floor(prevLine / 1e3) ? '\n\n' : '\n';
      prevLine = w.line;
    } else out += ' ';
    out += w.text;
  }
  return out;
}
