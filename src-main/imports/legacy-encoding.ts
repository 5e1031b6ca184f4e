// Vietnamese text typed with pre-Unicode fonts: TCVN3 (TCVN 5712:1993, the ABC ".Vn…" fonts) and VNI-Windows
// ("VNI-…" fonts). Such text reaches us as Windows-1252 characters (an XLSX cell, or a CSV's bytes read as CP1252);
// this module converts it to Unicode NFC, guesses which encoding a sample is in, and spots text that still looks
// garbled. Pure: no files, no database.

export type LegacyEncoding = 'tcvn3' | 'vni';
export type TextEncodingChoice = 'auto' | 'unicode' | LegacyEncoding;

/** Windows-1252's characters for bytes 0x80–0x9F (bytes it leaves undefined map to the C1 control of that value). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** The byte a Windows-1252 character stands for; -1 for characters outside the code page. */
export function cp1252Byte(ch: number): number {
  if (ch < 0x80 || (ch >= 0xa0 && ch <= 0xff)) return ch;
  const i = CP1252_HIGH.indexOf(ch);
  return i < 0 ? -1 : 0x80 + i;
}

/** Bytes as Windows-1252 characters (the text an old Excel shows for a TCVN3/VNI cell). */
export function cp1252Text(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const part = bytes.subarray(i, i + 8192);
    const codes: number[] = new Array(part.length);
    for (let k = 0; k < part.length; k++) {
      const b = part[k];
      codes[k] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
    }
    s += String.fromCharCode(...codes);
  }
  return s;
}

// ---- TCVN3 -------------------------------------------------------------------------------------------------------

/**
 * TCVN 5712:1993 (VN1, of which the ABC fonts' VN3 is the lower-case part): byte -> letter. Lower-case letters and
 * Ă Â Ê Ô Ơ Ư Đ sit in 0xA1–0xFF; upper-case letters with a tone in 0x80–0x9F, a few in 0xA0–0xFF and, for
 * Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ, in the C0 control range. 0xB0–0xB4 are the five tone marks alone.
 */
const TCVN3_BYTES: Record<number, string> = {
  0x01: 'Ú',
  0x02: 'Ụ',
  0x04: 'Ừ',
  0x05: 'Ử',
  0x06: 'Ữ',
  0x11: 'Ứ',
  0x12: 'Ự',
  0x13: 'Ỳ',
  0x14: 'Ỷ',
  0x15: 'Ỹ',
  0x16: 'Ý',
  0x17: 'Ỵ',
  0x80: 'À',
  0x81: 'Ả',
  0x82: 'Ã',
  0x83: 'Á',
  0x84: 'Ạ',
  0x85: 'Ặ',
  0x86: 'Ậ',
  0x87: 'È',
  0x88: 'Ẻ',
  0x89: 'Ẽ',
  0x8a: 'É',
  0x8b: 'Ẹ',
  0x8c: 'Ệ',
  0x8d: 'Ì',
  0x8e: 'Ỉ',
  0x8f: 'Ĩ',
  0x90: 'Í',
  0x91: 'Ị',
  0x92: 'Ò',
  0x93: 'Ỏ',
  0x94: 'Õ',
  0x95: 'Ó',
  0x96: 'Ọ',
  0x97: 'Ộ',
  0x98: 'Ờ',
  0x99: 'Ở',
  0x9a: 'Ỡ',
  0x9b: 'Ớ',
  0x9c: 'Ợ',
  0x9d: 'Ù',
  0x9e: 'Ủ',
  0x9f: 'Ũ',
  0xa1: 'Ă',
  0xa2: 'Â',
  0xa3: 'Ê',
  0xa4: 'Ô',
  0xa5: 'Ơ',
  0xa6: 'Ư',
  0xa7: 'Đ',
  0xa8: 'ă',
  0xa9: 'â',
  0xaa: 'ê',
  0xab: 'ô',
  0xac: 'ơ',
  0xad: 'ư',
  0xae: 'đ',
  0xaf: 'Ằ',
  0xb0: '\u0300',
  0xb1: '\u0309',
  0xb2: '\u0303',
  0xb3: '\u0301',
  0xb4: '\u0323',
  0xb5: 'à',
  0xb6: 'ả',
  0xb7: 'ã',
  0xb8: 'á',
  0xb9: 'ạ',
  0xba: 'Ẳ',
  0xbb: 'ằ',
  0xbc: 'ẳ',
  0xbd: 'ẵ',
  0xbe: 'ắ',
  0xbf: 'Ẵ',
  0xc0: 'Ắ',
  0xc1: 'Ầ',
  0xc2: 'Ẩ',
  0xc3: 'Ẫ',
  0xc4: 'Ấ',
  0xc5: 'Ề',
  0xc6: 'ặ',
  0xc7: 'ầ',
  0xc8: 'ẩ',
  0xc9: 'ẫ',
  0xca: 'ấ',
  0xcb: 'ậ',
  0xcc: 'è',
  0xcd: 'Ể',
  0xce: 'ẻ',
  0xcf: 'ẽ',
  0xd0: 'é',
  0xd1: 'ẹ',
  0xd2: 'ề',
  0xd3: 'ể',
  0xd4: 'ễ',
  0xd5: 'ế',
  0xd6: 'ệ',
  0xd7: 'ì',
  0xd8: 'ỉ',
  0xd9: 'Ễ',
  0xda: 'Ế',
  0xdb: 'Ồ',
  0xdc: 'ĩ',
  0xdd: 'í',
  0xde: 'ị',
  0xdf: 'ò',
  0xe0: 'Ổ',
  0xe1: 'ỏ',
  0xe2: 'õ',
  0xe3: 'ó',
  0xe4: 'ọ',
  0xe5: 'ồ',
  0xe6: 'ổ',
  0xe7: 'ỗ',
  0xe8: 'ố',
  0xe9: 'ộ',
  0xea: 'ờ',
  0xeb: 'ở',
  0xec: 'ỡ',
  0xed: 'ớ',
  0xee: 'ợ',
  0xef: 'ù',
  0xf0: 'Ỗ',
  0xf1: 'ủ',
  0xf2: 'ũ',
  0xf3: 'ú',
  0xf4: 'ụ',
  0xf5: 'ừ',
  0xf6: 'ử',
  0xf7: 'ữ',
  0xf8: 'ứ',
  0xf9: 'ự',
  0xfa: 'ỳ',
  0xfb: 'ỷ',
  0xfc: 'ỹ',
  0xfd: 'ý',
  0xfe: 'ỵ',
  0xff: 'Ố',
};

/** Windows-1252 character -> Unicode letter, for text typed in a TCVN3 font. */
const TCVN3_CHARS = new Map<string, string>();
for (const [b, letter] of Object.entries(TCVN3_BYTES)) {
  const byte = Number(b);
  const ch = byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : byte;
  TCVN3_CHARS.set(String.fromCharCode(ch), letter);
}

export function tcvn3ToUnicode(s: string): string {
  let out = '';
  for (const ch of s) out += TCVN3_CHARS.get(ch) ?? ch;
  return out.normalize('NFC');
}

/** Unicode -> TCVN3 as Windows-1252 characters (for tests and fixtures); letters without a code are kept. */
export function unicodeToTcvn3(s: string): string {
  const back = new Map<string, string>();
  for (const [ch, letter] of TCVN3_CHARS) if (letter.length === 1 && !/[\u0300-\u0323]/.test(letter)) back.set(letter, ch);
  let out = '';
  for (const ch of s.normalize('NFC')) out += back.get(ch) ?? ch;
  return out;
}

// ---- VNI ---------------------------------------------------------------------------------------------------------

// VNI-Windows writes a letter as its base letter followed by mark characters; the marks' case follows the letter.
// Tones: ù sắc, ø huyền, û hỏi, õ ngã, ï nặng. Circumflex (â) with a tone: á à å ã ä; breve (ê) with a tone: é è ú ü ë.
// ô = ơ, ö = ư, ñ = đ are single characters; so are the i's (í ì æ ó ò) and ỵ (î).
const TONES = ['', 'ù', 'ø', 'û', 'õ', 'ï']; // none, sắc, huyền, hỏi, ngã, nặng
const CIRC = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const BREVE = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const COMBINING = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

/** VNI spelling (lower case) -> Unicode letter (lower case), every one of the 67 letters with diacritics. */
const VNI_LOWER = new Map<string, string>();
function addVni(vni: string, base: string) {
  VNI_LOWER.set(vni, base.normalize('NFC'));
}
for (let t = 1; t < 6; t++) {
  for (const v of ['a', 'e', 'o', 'u', 'y']) if (!(v === 'y' && t === 5)) addVni(v + TONES[t], v + COMBINING[t]);
  addVni('ô' + TONES[t], 'ơ' + COMBINING[t]);
  addVni('ö' + TONES[t], 'ư' + COMBINING[t]);
}
addVni('î', 'ỵ');
addVni('í', 'í');
addVni('ì', 'ì');
addVni('æ', 'ỉ');
addVni('ó', 'ĩ');
addVni('ò', 'ị');
for (let t = 0; t < 6; t++) {
  addVni('a' + CIRC[t], 'â' + COMBINING[t]);
  addVni('e' + CIRC[t], 'ê' + COMBINING[t]);
  addVni('o' + CIRC[t], 'ô' + COMBINING[t]);
  addVni('a' + BREVE[t], 'ă' + COMBINING[t]);
}
addVni('ô', 'ơ');
addVni('ö', 'ư');
addVni('ñ', 'đ');

const VNI_MARKS = new Set([...TONES.slice(1), ...CIRC, ...BREVE]);

export function vniToUnicode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    const next = s[i + 1];
    if (next !== undefined && VNI_MARKS.has(next.toLowerCase())) {
      const two = VNI_LOWER.get(lower + next.toLowerCase());
      if (two) {
        out += upper ? two.toUpperCase() : two;
        i++;
        continue;
      }
    }
    const one = VNI_LOWER.get(lower);
    out += one ? (upper ? one.toUpperCase() : one) : ch;
  }
  return out.normalize('NFC');
}

/** Unicode -> VNI (for tests and fixtures); the marks take the letter's case, as VNI fonts expect. */
export function unicodeToVni(s: string): string {
  const back = new Map<string, string>();
  for (const [vni, letter] of VNI_LOWER) {
    back.set(letter, vni);
    back.set(letter.toUpperCase(), vni.toUpperCase());
  }
  let out = '';
  for (const ch of s.normalize('NFC')) out += back.get(ch) ?? ch;
  return out;
}

// ---- detection and plausibility --------------------------------------------------------------------------------

export const VIETNAMESE_LETTERS = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ';
const VN_LETTER = new Set([...VIETNAMESE_LETTERS, ...VIETNAMESE_LETTERS.toUpperCase()]);

/** Letters only Unicode Vietnamese text has: no TCVN3 or VNI text read as CP1252 contains any of them. */
const UNICODE_ONLY = /[ăắằẳẵặấầẩẫậếềểễệỉịỏọốồổỗộơớờởỡợủụưứừửữựỳỷỹỵđĂẮẰẲẴẶẤẦẨẪẬẾỀỂỄỆỈỊỎỌỐỒỔỖỘƠỚỜỞỠỢỦỤƯỨỪỬỮỰỲỶỸỴĐẠạẢảẺẻẼẽẸẹĨĩŨũ]/;

/**
 * Characters that do not belong in Vietnamese words: Latin-1 letters and signs Vietnamese never uses (the marks of
 * TCVN3/VNI text read as Unicode), C0/C1 controls, U+FFFD. °, « and » are left out: "30°C" and «…» are real text.
 */
const ODD =
  // eslint-disable-next-line no-control-regex -- C0 controls are part of what marks mis-decoded text
  /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u0080-\u009f\u00a1-\u00aa\u00ac-\u00af\u00b1-\u00ba\u00bc-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff\ufffd\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122]/;

/** Signs (not letters): odd only when glued to a letter. × and ÷ too: "3×4 m" is real text, "v×" is TCVN3's "vì". */
const isSign = (c: number) => (c >= 0xa1 && c <= 0xbf) || c === 0xd7 || c === 0xf7 || c === 0x2030 || c === 0x2122;

/** A character that makes a cell look garbled (see ODD), or null. Only a sign next to a letter counts as a sign. */
export function oddCharacter(s: string): string | null {
  // «, » and ° inside a word ("c«ng", TCVN3's ô) are letters of an old font, not quotes or degrees.
  const inside = /\p{L}([«»°])\p{L}/u.exec(s);
  if (inside) return inside[1];
  const m = ODD.exec(s);
  if (!m) return null;
  const ch = m[0];
  const code = ch.charCodeAt(0);
  // Signs such as §, ±, ¼, ©, ®, ‰ alone between spaces are plausible text ("Điều 5 §2", "© 2020"); a sign glued to
  // letters ("nh©n", "UÛy") is not. Letters and controls count wherever they are.
  if (isSign(code)) {
    const re = new RegExp(ODD.source, 'g');
    let x: RegExpExecArray | null;
    while ((x = re.exec(s))) {
      if (!isSign(x[0].charCodeAt(0))) return x[0];
      if (/\p{L}/u.test(s[x.index - 1] ?? '') || /\p{L}/u.test(s[x.index + 1] ?? '')) return x[0];
    }
    return null;
  }
  return ch;
}

/** How Vietnamese a text looks: +1 per plausible word with a non-ASCII letter, -2 per garbled word. */
export function plausibility(text: string): number {
  let score = 0;
  for (const w of text.split(/[\s,.;:!?()[\]{}"'/\\|+=*&%$#@~`^<>-]+/)) {
    // eslint-disable-next-line no-control-regex -- plain ASCII words, by range
    if (!w || /^[\x00-\x7f]*$/.test(w)) continue;
    if (oddCharacter(w)) {
      score -= 2;
      continue;
    }
    const letters = [...w].filter((c) => /\p{L}/u.test(c));
    if (!letters.every((c) => c.charCodeAt(0) < 0x80 || VN_LETTER.has(c))) {
      score -= 2;
      continue;
    }
    // One tone per syllable; a doubled vowel such as "aâ" or "oô" is a VNI letter read as two.
    const tones = (w.normalize('NFD').match(/[\u0300\u0301\u0303\u0309\u0323]/g) ?? []).length;
    const folded = w
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    if (tones > 1 || /aa|ee|ii|yy/.test(folded)) score -= 1;
    else score += 1;
  }
  return score;
}

/** Whether a text already has letters only Unicode can hold: such a cell is never converted. */
export function isUnicodeVietnamese(s: string): boolean {
  return UNICODE_ONLY.test(s);
}

/** A TCVN3/VNI cell in Unicode; cells already holding Unicode-only letters (a header typed later) are kept. */
export function convertLegacy(text: string, encoding: LegacyEncoding): string {
  // eslint-disable-next-line no-control-regex -- TCVN3 keeps upper-case letters in C0 slots
  if (!/[\u0080-\uffff\u0001-\u0008\u0011-\u0017]/.test(text) || UNICODE_ONLY.test(text)) return text;
  return encoding === 'tcvn3' ? tcvn3ToUnicode(text) : vniToUnicode(text);
}

/**
 * The encoding cells of a file are typed in. Cells with a letter only Unicode has are Unicode and are left out; of
 * the rest, the reading (as is, TCVN3, VNI) that looks most Vietnamese wins, as is when none does clearly better.
 */
export function detectLegacyEncoding(cells: string | string[]): 'unicode' | LegacyEncoding {
  const legacyLooking = (Array.isArray(cells) ? cells : cells.split(/\r?\n/)).filter(
    // eslint-disable-next-line no-control-regex -- TCVN3 keeps upper-case letters in C0 slots
    (c) => /[\u0080-\uffff\u0001-\u0008\u0011-\u0017]/.test(c) && !UNICODE_ONLY.test(c),
  );
  if (!legacyLooking.length) return 'unicode';
  const sample = legacyLooking.join('\n');
  const asIs = plausibility(sample);
  const tcvn = plausibility(tcvn3ToUnicode(sample));
  const vni = plausibility(vniToUnicode(sample));
  if (tcvn > asIs && tcvn >= vni) return 'tcvn3';
  if (vni > asIs && vni > tcvn) return 'vni';
  return 'unicode';
}
