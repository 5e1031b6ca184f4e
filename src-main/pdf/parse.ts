// A bounded lexer/parser for PDF objects over a Uint8Array: values, indirect objects and stream spans (views, no copies).
// It never loops without consuming input and throws AppError('pdf_unreadable') on malformed or too-deep input.

import { AppError } from '../../src-shared/errors';
import type { PdfDict, PdfObject, PdfRef } from './objects';

export const MAX_DEPTH = 100;

export interface Lexer {
  b: Uint8Array;
  pos: number;
}

export function unreadable(message: string): AppError {
  return new AppError('pdf_unreadable', message);
}

export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export const isWs = (c: number): boolean => WS[c] === 1;
const isRegular = (c: number): boolean => WS[c] === 0 && DELIM[c] === 0;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

export function skipWs(lx: Lexer): void {
  const b = lx.b;
  while (lx.pos < b.length) {
    const c = b[lx.pos];
    if (WS[c]) lx.pos++;
    else if (c === 0x25) {
      while (lx.pos < b.length && b[lx.pos] !== 10 && b[lx.pos] !== 13) lx.pos++;
    } else break;
  }
}

/** Reads a run of regular characters (a keyword or a number) without interpreting it. */
export function readToken(lx: Lexer): string {
  skipWs(lx);
  const start = lx.pos;
  while (lx.pos < lx.b.length && isRegular(lx.b[lx.pos])) lx.pos++;
  return latin1(lx.b, start, lx.pos);
}

function latin1(b: Uint8Array, start: number, end: number): string {
  return asBuffer(b).toString('latin1', start, end);
}

/** Reads an unsigned integer at the current position (after whitespace), or null without moving. */
export function readInt(lx: Lexer): number | null {
  skipWs(lx);
  const start = lx.pos;
  let n = 0;
  while (lx.pos < lx.b.length && isDigit(lx.b[lx.pos]) && lx.pos - start < 16) n = n * 10 + lx.b[lx.pos++] - 0x30;
  if (lx.pos === start || (lx.pos < lx.b.length && isRegular(lx.b[lx.pos]))) {
    lx.pos = start;
    return null;
  }
  return n;
}

function readNumber(lx: Lexer): number {
  const tok = readToken(lx);
  const n = Number(tok);
  if (Number.isFinite(n)) return n;
  // Tolerate what real producers write: "--5", "5.", "-.5e" … take the leading numeric part.
  const m = /^[+-]*(\d*\.?\d*)/.exec(tok);
  const v = Number(m?.[1] || '0');
  return tok.replace(/^\++/, '').startsWith('-') ? -v : v;
}

function readName(lx: Lexer): string {
  const b = lx.b;
  lx.pos++; // '/'
  const out: number[] = [];
  while (lx.pos < b.length && isRegular(b[lx.pos])) {
    const c = b[lx.pos++];
    if (c === 0x23) {
      const hex = latin1(b, lx.pos, lx.pos + 2);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        lx.pos += 2;
        continue;
      }
    }
    out.push(c);
  }
  return Buffer.from(out).toString('latin1');
}

const ESCAPES: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };

function readLiteralString(lx: Lexer): Uint8Array {
  const b = lx.b;
  lx.pos++; // '('
  const out: number[] = [];
  let depth = 1;
  while (lx.pos < b.length) {
    let c = b[lx.pos++];
    if (c === 0x5c) {
      if (lx.pos >= b.length) break;
      c = b[lx.pos++];
      if (ESCAPES[c] !== undefined) out.push(ESCAPES[c]);
      else if (c >= 0x30 && c <= 0x37) {
        let v = c - 0x30;
        for (let i = 0; i < 2 && lx.pos < b.length && b[lx.pos] >= 0x30 && b[lx.pos] <= 0x37; i++) v = v * 8 + b[lx.pos++] - 0x30;
        out.push(v & 0xff);
      } else if (c === 13) {
        if (b[lx.pos] === 10) lx.pos++;
      } else if (c !== 10) out.push(c);
      continue;
    }
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return Uint8Array.from(out);
    if (c === 13) {
      if (b[lx.pos] === 10) lx.pos++;
      c = 10;
    }
    out.push(c);
  }
  throw unreadable('Chuỗi không kết thúc');
}

function readHexString(lx: Lexer): Uint8Array {
  const b = lx.b;
  lx.pos++; // '<'
  const end = asBuffer(b).indexOf(0x3e, lx.pos);
  if (end < 0) throw unreadable('Chuỗi hex không kết thúc');
  let hex = latin1(b, lx.pos, end).replace(/[^0-9a-fA-F]/g, '');
  if (hex.length % 2) hex += '0';
  lx.pos = end + 1;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Parses one value at the lexer position. `n g R` becomes a ref. */
export function parseValue(lx: Lexer, depth = 0): PdfObject {
  if (depth > MAX_DEPTH) throw unreadable('Đối tượng lồng nhau quá sâu');
  skipWs(lx);
  const b = lx.b;
  if (lx.pos >= b.length) throw unreadable('Hết dữ liệu khi đọc đối tượng');
  const c = b[lx.pos];
  if (c === 0x2f) return { kind: 'name', name: readName(lx) };
  if (c === 0x28) return { kind: 'string', bytes: readLiteralString(lx), hex: false };
  if (c === 0x3c) {
    if (b[lx.pos + 1] === 0x3c) return parseDictBody(lx, depth);
    return { kind: 'string', bytes: readHexString(lx), hex: true };
  }
  if (c === 0x5b) return parseArrayBody(lx, depth);
  if (isDigit(c)) return parseNumberOrRef(lx);
  if (c === 0x2b || c === 0x2d || c === 0x2e) return readNumber(lx);
  const save = lx.pos;
  const tok = readToken(lx);
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok === 'null') return null;
  lx.pos = save;
  throw unreadable(`Ký hiệu không hợp lệ tại ${save}`);
}

function parseNumberOrRef(lx: Lexer): PdfObject {
  const save = lx.pos;
  const num = readInt(lx);
  if (num !== null) {
    const afterNum = lx.pos;
    const gen = readInt(lx);
    if (gen !== null) {
      skipWs(lx);
      if (lx.b[lx.pos] === 0x52 && (lx.pos + 1 >= lx.b.length || !isRegular(lx.b[lx.pos + 1]))) {
        lx.pos++;
        return { kind: 'ref', num, gen } satisfies PdfRef;
      }
    }
    lx.pos = afterNum;
    return num;
  }
  lx.pos = save;
  return readNumber(lx);
}

function parseArrayBody(lx: Lexer, depth: number): PdfObject[] {
  lx.pos++; // '['
  const out: PdfObject[] = [];
  for (;;) {
    skipWs(lx);
    if (lx.pos >= lx.b.length) throw unreadable('Mảng không kết thúc');
    if (lx.b[lx.pos] === 0x5d) {
      lx.pos++;
      return out;
    }
    out.push(parseValue(lx, depth + 1));
  }
}

function parseDictBody(lx: Lexer, depth: number): PdfDict {
  lx.pos += 2; // '<<'
  const map = new Map<string, PdfObject>();
  for (;;) {
    skipWs(lx);
    if (lx.pos >= lx.b.length) throw unreadable('Từ điển không kết thúc');
    const c = lx.b[lx.pos];
    if (c === 0x3e && lx.b[lx.pos + 1] === 0x3e) {
      lx.pos += 2;
      return { kind: 'dict', map };
    }
    if (c !== 0x2f) {
      // A stray token inside a dictionary: skip it rather than give up (seen in damaged files).
      const before = lx.pos;
      parseValue(lx, depth + 1);
      if (lx.pos === before) lx.pos++;
      continue;
    }
    const key = readName(lx);
    skipWs(lx);
    if (lx.b[lx.pos] === 0x3e && lx.b[lx.pos + 1] === 0x3e) {
      map.set(key, null);
      continue;
    }
    map.set(key, parseValue(lx, depth + 1));
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  obj: PdfObject;
  /** Offset just after `endobj` (or after the value when `endobj` is missing). */
  end: number;
}

/** Resolves an indirect /Length of a stream; undefined when it cannot be known. */
export type LengthResolver = (r: PdfRef) => number | undefined;

const ENDSTREAM = Buffer.from('endstream');

/** Parses `num gen obj value [stream…endstream] endobj` at `offset`; returns null if no object header is there. */
export function parseIndirectAt(b: Uint8Array, offset: number, resolveLength?: LengthResolver): IndirectObject | null {
  if (offset < 0 || offset >= b.length) return null;
  const lx: Lexer = { b, pos: offset };
  const num = readInt(lx);
  const gen = num === null ? null : readInt(lx);
  if (num === null || gen === null || readToken(lx) !== 'obj') return null;
  let obj = parseValue(lx);
  const save = lx.pos;
  const kw = readToken(lx);
  if (kw === 'stream' && typeof obj === 'object' && obj !== null && !Array.isArray(obj) && obj.kind === 'dict') {
    obj = { kind: 'stream', dict: obj, data: readStreamData(lx, obj, resolveLength) };
  } else lx.pos = save;
  const save2 = lx.pos;
  if (readToken(lx) !== 'endobj') lx.pos = save2;
  return { num, gen, obj, end: lx.pos };
}

function readStreamData(lx: Lexer, d: PdfDict, resolveLength?: LengthResolver): Uint8Array {
  const b = lx.b;
  if (b[lx.pos] === 13) lx.pos++;
  if (b[lx.pos] === 10) lx.pos++;
  const start = lx.pos;
  const lenObj = d.map.get('Length');
  let len: number | undefined;
  if (typeof lenObj === 'number') len = lenObj;
  else if (lenObj && typeof lenObj === 'object' && !Array.isArray(lenObj) && lenObj.kind === 'ref' && resolveLength) len = resolveLength(lenObj);
  if (len !== undefined && Number.isInteger(len) && len >= 0 && start + len <= b.length && endstreamFollows(b, start + len)) {
    lx.pos = start + len;
    readToken(lx); // endstream
    return b.subarray(start, start + len);
  }
  // Missing or wrong /Length (including hostile huge values): find the keyword instead.
  const at = asBuffer(b).indexOf(ENDSTREAM, start);
  if (at < 0) throw unreadable('Luồng không có endstream');
  let end = at;
  if (end > start && b[end - 1] === 10) end--;
  if (end > start && b[end - 1] === 13) end--;
  lx.pos = at + ENDSTREAM.length;
  return b.subarray(start, end);
}

function endstreamFollows(b: Uint8Array, at: number): boolean {
  let p = at;
  while (p < b.length && p < at + 4 && isWs(b[p])) p++;
  return asBuffer(b).toString('latin1', p, p + 9) === 'endstream';
}
