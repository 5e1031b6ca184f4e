// Collects extracted text up to a character cap so that extractors can stop early on huge inputs.
// Also the final tidy-up (NFC, controls, blank runs) shared by every format.

import { sanitizeText } from '../../src-shared/text-clean';

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

/** NFC, \n line ends, no control characters or lone surrogates, no trailing blanks, at most one empty line in a row, capped. */
export function tidyText(raw: string, max = MAX_TEXT_CHARS): { text: string; truncated: boolean } {
  // sanitizeText: the same cleaning as every API text field (controls, bidi overrides, noncharacters, lone
  // surrogates, NFC); soft hyphens and BOMs are dropped as well, since they only break words for search.
  let t = sanitizeText(raw.replace(/[\u00ad\ufeff]/g, ''))
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
