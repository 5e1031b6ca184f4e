// Base64 for edXML attachments (ContentTransferEncoded) over Uint8Array, runtime-neutral (no Buffer, no atob):
// table-driven so a 30 MB file encodes/decodes in tens of milliseconds. Never guesses: a bad character is an error.

import { EdxmlError } from './types';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = new Uint8Array(64);
// 255 = not base64; 254 = whitespace (skipped: senders wrap lines at 76 or 64 columns); 253 = '='.
const DEC = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  ENC[i] = ALPHABET.charCodeAt(i);
  DEC[ALPHABET.charCodeAt(i)] = i;
}
for (const c of [9, 10, 13, 32]) DEC[c] = 254;
DEC[61] = 253;

type TextDecoderLike = { decode(bytes: Uint8Array): string };
const asciiDecoder = (): TextDecoderLike => new (globalThis as unknown as { TextDecoder: new (label: string) => TextDecoderLike }).TextDecoder('utf-8');

/** Base64 of the bytes, one line, with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (const end = n - (n % 3); i < end; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENC[v >>> 18]!;
    out[o++] = ENC[(v >>> 12) & 63]!;
    out[o++] = ENC[(v >>> 6) & 63]!;
    out[o++] = ENC[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out[o] = ENC[v >>> 18]!;
    out[o + 1] = ENC[(v >>> 12) & 63]!;
    out[o + 2] = 61;
    out[o + 3] = 61;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out[o] = ENC[v >>> 18]!;
    out[o + 1] = ENC[(v >>> 12) & 63]!;
    out[o + 2] = ENC[(v >>> 6) & 63]!;
    out[o + 3] = 61;
  }
  // The output is pure ASCII: decoding it as UTF-8 is the engines' fast path (no per-character string building).
  return asciiDecoder().decode(out);
}

function bad(path: string, why: string): EdxmlError {
  return new EdxmlError('attachment', `Nội dung tệp đính kèm không phải base64 hợp lệ (${why}) tại ${path}.`, path);
}

/**
 * Checks base64 text and, unless `countOnly`, decodes it. Whitespace anywhere is skipped; padding may be omitted;
 * any other character, a '=' before the end, or a dangling 6-bit group is refused (EdxmlError 'attachment').
 * Returns the decoded bytes (empty when countOnly) and the decoded size.
 */
export function decodeBase64(text: string, path = 'ContentTransferEncoded', countOnly = false): { bytes: Uint8Array; size: number } {
  const len = text.length;
  const out = countOnly ? null : new Uint8Array(Math.floor((len * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let k = 0; // sextets in acc
  let pad = 0;
  for (let i = 0; i < len; i++) {
    // Fast path: four alphabet characters in a row (nearly all of a body, between line breaks) become three bytes
    // at once. Any of whitespace, '=', a bad or non-Latin-1 character has a bit of 0xC0 set and leaves it.
    if (k === 0 && pad === 0) {
      while (i + 4 <= len) {
        const c0 = text.charCodeAt(i);
        const c1 = text.charCodeAt(i + 1);
        const c2 = text.charCodeAt(i + 2);
        const c3 = text.charCodeAt(i + 3);
        if ((c0 | c1 | c2 | c3) > 255) break;
        const a = DEC[c0]!;
        const b = DEC[c1]!;
        const c = DEC[c2]!;
        const d = DEC[c3]!;
        if ((a | b | c | d) & 0xc0) break;
        if (out) {
          out[o] = (a << 2) | (b >> 4);
          out[o + 1] = ((b & 15) << 4) | (c >> 2);
          out[o + 2] = ((c & 3) << 6) | d;
        }
        o += 3;
        i += 4;
      }
      if (i >= len) break;
    }
    const c = text.charCodeAt(i);
    const d = c < 256 ? DEC[c]! : 255;
    if (d < 64) {
      if (pad) throw bad(path, `có ký tự sau dấu "=" ở vị trí ${i + 1}`);
      acc = (acc << 6) | d;
      if (++k === 4) {
        if (out) {
          out[o] = acc >>> 16;
          out[o + 1] = (acc >>> 8) & 255;
          out[o + 2] = acc & 255;
        }
        o += 3;
        acc = 0;
        k = 0;
      }
    } else if (d === 254) {
      continue;
    } else if (d === 253) {
      pad++;
      if (k < 2 || k + pad > 4) throw bad(path, `dấu "=" sai chỗ ở vị trí ${i + 1}`);
    } else {
      const shown = c < 32 || c === 127 ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : `"${text[i]}"`;
      throw bad(path, `ký tự ${shown} ở vị trí ${i + 1}`);
    }
  }
  if (k === 1) throw bad(path, 'độ dài không đúng, thiếu dữ liệu ở cuối');
  if (k === 2 || k === 3) {
    if (pad && k + pad !== 4) throw bad(path, 'thiếu dấu "=" ở cuối');
    acc <<= 6 * (4 - k);
    if (out) {
      out[o] = acc >>> 16;
      if (k === 3) out[o + 1] = (acc >>> 8) & 255;
    }
    o += k - 1;
  }
  return { bytes: out ? out.subarray(0, o) : new Uint8Array(0), size: o };
}
