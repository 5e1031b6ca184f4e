// What text may be stored: NFC, nothing XML 1.0 or SQLite's UTF-8 cannot carry (C0/C1 controls, lone surrogates,
// noncharacters such as U+FFFE/U+FFFF), no invisible bidi overrides that make a name read other than it is.
// Pure and runtime-neutral: used at the API boundary (cleanInput, from dispatch), by the schema helpers, by the text
// taken from uploaded files, by legacy-import cells, and by the exports as a last guard (sanitizeText).

// Line separators other than LF become LF (Word's manual line break is VT, copied PDF text carries FF, U+2028).
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028\u2029]/g;

// C0 except TAB LF CR (VT/FF are handled above), DEL, C1, bidi embeddings/overrides/isolates, BMP noncharacters.
const STRIP_BMP = '\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef\\ufffe\\uffff';
// The last two code points of every supplementary plane are noncharacters too.
const STRIP_ASTRAL = Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}fffe}\\u{${(i + 1).toString(16)}ffff}`).join('');
const STRIP = new RegExp(`[${STRIP_BMP}${STRIP_ASTRAL}]`, 'gu');
const LONE_SURROGATE = /\p{Cs}/gu;
// One test for "anything to do besides NFC", so clean text (nearly all of it) costs a single scan.
const NEEDS_WORK = new RegExp(`[\\r\\v\\f\\u0085\\u2028\\u2029${STRIP_BMP}${STRIP_ASTRAL}]|\\p{Cs}`, 'u');

/**
 * Never fails: line breaks to LF, controls / bidi overrides / noncharacters dropped, lone surrogates become U+FFFD,
 * then NFC. For text read from files, legacy-import cells, and exports of rows stored before the boundary check.
 */
export function sanitizeText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s.normalize('NFC');
  return s.replace(LINE_BREAKS, '\n').replace(STRIP, '').replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
}

/** Why a string cannot be stored as it is (see textFault). */
export type TextFault = 'surrogate' | 'control';

/** 'surrogate' when `s` holds half a UTF-16 pair (no character at all: a broken client), else null. */
export function surrogateFault(s: string): TextFault | null {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

/** For secrets, which are never altered: any control, bidi override, noncharacter or lone surrogate is a fault. */
export function secretFault(s: string): TextFault | null {
  if (surrogateFault(s)) return 'surrogate';
  // eslint-disable-next-line no-control-regex -- a secret holding a control character is refused
  return /[\u0000-\u001f]/.test(s) || new RegExp(`[${STRIP_BMP}${STRIP_ASTRAL}]`, 'u').test(s) ? 'control' : null;
}

export const TEXT_FAULT_MESSAGE: Record<TextFault, string> = {
  surrogate: 'Trường chứa ký tự không hợp lệ (nửa cặp mã UTF-16), không lưu được. Vui lòng nhập lại.',
  control: 'Trường chứa ký tự điều khiển không hợp lệ.',
};

/** Keys whose values are secrets: checked, never cleaned (a silently altered password would not match later). */
const SECRET_KEY = /password/i;

export interface CleanIssue {
  path: string;
  message: string;
}

/**
 * The whole input of an API call with every string (and object key) cleaned by sanitizeText, or the fields that
 * cannot be: lone surrogates anywhere, and any control character in a password. Only plain objects and arrays are
 * walked; bytes (Uint8Array) and streams pass through untouched.
 */
export function cleanInput(input: unknown): { ok: true; value: unknown } | { ok: false; fields: CleanIssue[] } {
  const fields: CleanIssue[] = [];
  const walk = (v: unknown, path: string[], secret: boolean): unknown => {
    if (typeof v === 'string') {
      const fault = secret ? secretFault(v) : surrogateFault(v);
      if (fault) {
        fields.push({ path: path.join('.') || '(dữ liệu)', message: secret && fault === 'control' ? 'Mật khẩu chứa ký tự điều khiển không hợp lệ.' : TEXT_FAULT_MESSAGE[fault] });
        return v;
      }
      return secret ? v : sanitizeText(v);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)], secret));
    if (v !== null && typeof v === 'object') {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return v;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const keyFault = surrogateFault(k);
        if (keyFault) {
          fields.push({ path: [...path, '(tên trường)'].join('.'), message: TEXT_FAULT_MESSAGE[keyFault] });
          continue;
        }
        // defineProperty: a JSON key "__proto__" stays a plain key instead of replacing the prototype.
        Object.defineProperty(out, sanitizeText(k), { value: walk(x, [...path, k], secret || SECRET_KEY.test(k)), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  const value = walk(input, [], false);
  return fields.length ? { ok: false, fields } : { ok: true, value };
}

/** For XML writers (XLSX cells, sheet names): sanitizeText, the superset of what XML 1.0 refuses. */
export const xmlSafe = sanitizeText;
