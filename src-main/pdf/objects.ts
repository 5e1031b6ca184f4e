// The PDF object model (plain objects) and its serialisation to bytes, shared by the reader and the incremental writer.
// No file access and no parsing here: see parse.ts for reading objects.

export interface PdfName {
  kind: 'name';
  name: string;
}
export interface PdfString {
  kind: 'string';
  bytes: Uint8Array;
  hex: boolean;
}
export interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
export interface PdfDict {
  kind: 'dict';
  map: Map<string, PdfObject>;
}
/** A stream: its dictionary and its raw (still encoded) bytes, a view into the file when read from one. */
export interface PdfStream {
  kind: 'stream';
  dict: PdfDict;
  data: Uint8Array;
}
export type PdfArray = PdfObject[];
export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfArray;

export const name = (n: string): PdfName => ({ kind: 'name', name: n });
export const ref = (num: number, gen = 0): PdfRef => ({ kind: 'ref', num, gen });
export const str = (bytes: Uint8Array, hex = false): PdfString => ({ kind: 'string', bytes, hex });
export const dict = (entries: Record<string, PdfObject | undefined> = {}): PdfDict => {
  const map = new Map<string, PdfObject>();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) map.set(k, v);
  return { kind: 'dict', map };
};

export const isDict = (o: PdfObject | undefined): o is PdfDict => typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'dict';
export const isStream = (o: PdfObject | undefined): o is PdfStream => typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'stream';
export const isRef = (o: PdfObject | undefined): o is PdfRef => typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'ref';
export const isName = (o: PdfObject | undefined, n?: string): o is PdfName =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'name' && (n === undefined || o.name === n);
export const isString = (o: PdfObject | undefined): o is PdfString => typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'string';

/** The dictionary of a dict or a stream, else undefined. */
export function dictOf(o: PdfObject | undefined): PdfDict | undefined {
  if (isDict(o)) return o;
  if (isStream(o)) return o.dict;
  return undefined;
}

/** A PDF text string: PDFDocEncoding for ASCII-only text, else UTF-16BE with a BOM (Vietnamese). */
export function textString(text: string): PdfString {
  const s = text.normalize('NFC');
  if (/^[\x20-\x7e]*$/.test(s)) return str(Buffer.from(s, 'latin1'));
  const buf = Buffer.alloc(2 + s.length * 2);
  buf[0] = 0xfe;
  buf[1] = 0xff;
  for (let i = 0; i < s.length; i++) buf.writeUInt16BE(s.charCodeAt(i), 2 + i * 2);
  return str(buf);
}

/** Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding approximated by Latin-1). */
export function decodeTextString(s: PdfString): string {
  const b = s.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let out = '';
    for (let i = 2; i + 1 < b.length; i += 2) out += String.fromCharCode((b[i] << 8) | b[i + 1]);
    return out;
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
  return Buffer.from(b).toString('latin1');
}

// ---- serialisation ---------------------------------------------------------------------------------------------

const NAME_PLAIN = /^[!-~]$/;
const NAME_DELIM = '()<>[]{}/%#';

function serialiseName(n: string): string {
  let out = '/';
  for (const byte of Buffer.from(n, 'latin1')) {
    const ch = String.fromCharCode(byte);
    out += NAME_PLAIN.test(ch) && !NAME_DELIM.includes(ch) ? ch : '#' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

function serialiseNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function serialiseString(s: PdfString): string {
  if (s.hex) return '<' + Buffer.from(s.bytes).toString('hex') + '>';
  let out = '(';
  for (const byte of s.bytes) {
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte === 0x0d) out += '\\r';
    else out += String.fromCharCode(byte);
  }
  return out + ')';
}

/** Serialises a value as a Latin-1 ("binary") string; streams are handled by serialiseIndirect. */
export function serialise(o: PdfObject): string {
  if (o === null) return 'null';
  if (typeof o === 'boolean') return o ? 'true' : 'false';
  if (typeof o === 'number') return serialiseNumber(o);
  if (Array.isArray(o)) return '[' + o.map(serialise).join(' ') + ']';
  switch (o.kind) {
    case 'name':
      return serialiseName(o.name);
    case 'string':
      return serialiseString(o);
    case 'ref':
      return `${o.num} ${o.gen} R`;
    case 'dict': {
      let out = '<<';
      for (const [k, v] of o.map) out += serialiseName(k) + ' ' + serialise(v);
      return out + '>>';
    }
    case 'stream':
      throw new Error('A stream cannot be serialised inline');
  }
}

/** The bytes of `num gen obj … endobj`, with /Length set for streams. */
export function serialiseIndirect(num: number, gen: number, o: PdfObject): Buffer[] {
  if (!isStream(o)) return [Buffer.from(`${num} ${gen} obj\n${serialise(o)}\nendobj\n`, 'latin1')];
  const d: PdfDict = { kind: 'dict', map: new Map(o.dict.map) };
  d.map.set('Length', o.data.length);
  return [
    Buffer.from(`${num} ${gen} obj\n${serialise(d)}\nstream\n`, 'latin1'),
    Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength),
    Buffer.from('\nendstream\nendobj\n'),
  ];
}

/** Structural equality of two values (streams compare dictionaries and bytes). */
export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (depth > 200) return false;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameObject(v, b[i], depth + 1));
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'name':
      return a.name === (b as PdfName).name;
    case 'string':
      return Buffer.from(a.bytes).equals((b as PdfString).bytes);
    case 'ref':
      return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case 'dict':
      return sameDict(a, b as PdfDict, depth);
    case 'stream':
      return sameDict(a.dict, (b as PdfStream).dict, depth, true) && Buffer.from(a.data).equals((b as PdfStream).data);
  }
}

function sameDict(a: PdfDict, b: PdfDict, depth: number, ignoreLength = false): boolean {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) {
    if (ignoreLength && k === 'Length') continue;
    if (!sameObject(a.map.get(k), b.map.get(k), depth + 1)) return false;
  }
  return true;
}

/** Keys whose values differ between two dictionaries. */
export function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !sameObject(a.map.get(k), b.map.get(k)));
}
