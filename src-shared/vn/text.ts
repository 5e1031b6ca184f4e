// Vietnamese text helpers: NFC normalisation, diacritic folding (including đ -> d) for search and account names.
// Pure and runtime-neutral. Folding works character by character so folded offsets map back to the original.

import { sanitizeText } from '../text-clean';

const MARKS = /\p{M}/gu;

/** TCVN 6909:2001 = Unicode NFC. Every stored Vietnamese string goes through this. */
export function nfc(s: string): string {
  return s.normalize('NFC');
}

/** NFC + trim + inner whitespace collapsed, without controls, bidi overrides or noncharacters (see text-clean.ts):
 *  the form in which names and titles are stored. */
export function cleanText(s: string): string {
  return sanitizeText(s).replace(/\s+/gu, ' ').trim();
}

const folded = new Map<string, string>();

// Folding runs over every indexed text (the bulk import folds ~500 characters per document): the per-character
// NFD + regex is cached, and ASCII takes a shortcut.
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80 && ch.length === 1) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  let f = folded.get(ch);
  if (f === undefined) {
    f = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').replace(MARKS, '').toLowerCase();
    if (folded.size < 20_000) folded.set(ch, f);
  }
  return f;
}

/** Lower case without diacritics, đ/Đ -> d: "Quyết định Đà Nẵng" -> "quyet dinh da nang". */
export function fold(s: string): string {
  // One pass of the regex engine over the string; only upper-case ASCII and non-ASCII characters call back.
  return s.normalize('NFC').replace(FOLDED_CHARS, foldChar);
}

// eslint-disable-next-line no-control-regex -- everything outside ASCII
const FOLDED_CHARS = /[A-Z]|[^\u0000-\u007f]/gu;

/**
 * Folds `s` (NFC) and returns, for every UTF-16 unit of the folded string, the index in `s` it came from.
 * Used to place highlights found in folded text back onto the original.
 */
export function foldWithMap(s: string): { folded: string; map: number[] } {
  const src = s.normalize('NFC');
  let folded = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of src) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) map.push(i);
    folded += f;
    i += ch.length;
  }
  map.push(src.length);
  return { folded, map };
}

/**
 * fold() that keeps the length: every UTF-16 unit maps to exactly one unit (a character whose folding would change
 * the length is only lower-cased, or kept). Offsets in the result are offsets in `s`, which must already be NFC.
 */
export function foldSameLength(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      out += s[i];
      continue;
    }
    const ch = s[i];
    const f = foldChar(ch);
    if (f.length === 1) out += f;
    else {
      const lower = ch.toLowerCase();
      out += lower.length === 1 ? lower : ch;
    }
  }
  return out;
}

/** Words of a search query, folded, with punctuation treated as separators (so "QĐ-UBND" -> ["qd","ubnd"]). */
export function queryTerms(q: string): string[] {
  return fold(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * Ranges [start, end) in `text` where any of `terms` (folded) starts a word, for highlighting.
 * Overlapping ranges are merged.
 */
export function highlightRanges(text: string, terms: string[]): Array<[number, number]> {
  if (!text || terms.length === 0) return [];
  const { folded, map } = foldWithMap(text);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      const prev = at === 0 ? '' : folded[at - 1];
      if (at === 0 || !/[\p{L}\p{N}]/u.test(prev)) ranges.push([map[at], map[at + term.length]]);
      from = at + 1;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** QN 6.2 account name: full name folded, letters and digits only: "Trần Văn A" -> "tranvana". */
export function accountBaseName(fullName: string): string {
  return fold(fullName).replace(/[^a-z0-9]/g, '');
}

/**
 * The first free account name for `fullName`: base, then base2, base3 ... (QN 6.2: the next namesake is `tranvana2`).
 * `taken` answers whether a name is already used.
 */
export function suggestAccountName(fullName: string, taken: (name: string) => boolean): string {
  const base = accountBaseName(fullName);
  if (!base) return '';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}${n}`;
    if (!taken(candidate)) return candidate;
  }
}
