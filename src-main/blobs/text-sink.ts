// Collects extracted text up to a character cap so that extractors can stop early on huge inputs.
// Also the final tidy-up (NFC, controls, blank runs) shared by every format.

export const MAX_TEXT_CHARS = 2_000_000;

export interface TextSink {
  push(s: string): void;
  readonly full: boolean;
  text(): string;
}

export function createTextSink(max = MAX_TEXT_CHARS): TextSink {
  const parts: string[] = [];
  let length = 0;
  // A little headroom: tidy() shrinks whitespace, and the exact cut happens there.
  const limit = max + Math.min(max, 65_536);
  return {
    push(s) {
      if (length >= limit || s.length === 0) return;
      parts.push(s);
      length += s.length;
    },
    get full() {
      return length >= limit;
    },
    text: () => parts.join(''),
  };
}

/** NFC, \n line ends, no control characters, no trailing blanks, at most one empty line in a row, capped. */
export function tidyText(raw: string, max = MAX_TEXT_CHARS): { text: string; truncated: boolean } {
  let t = raw
    .replace(/\r\n?|[\f\v\u2028\u2029\u0085]/g, '\n')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f\u00ad\ufeff\ufffe\uffff]/g, '')
    .normalize('NFC')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const truncated = t.length > max;
  if (truncated) {
    t = t.slice(0, max);
    // Never end on half a surrogate pair.
    const last = t.charCodeAt(t.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) t = t.slice(0, -1);
  }
  return { text: t, truncated };
}
