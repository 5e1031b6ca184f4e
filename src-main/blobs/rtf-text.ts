// Plain text out of RTF: drops control words and non-text destinations, decodes \'xx bytes with the code page in
// force (font charset, else \ansicpg) and \uN with its \ucN fallback. Never interprets embedded objects.
// Kept hand-written on purpose: no maintained npm package turns general RTF into text. rtf-parser builds the whole
// document tree in memory (on iconv-lite 0.4 and readable-stream 2), rtf.js renders HTML through a browser DOM, and
// rtf-stream-parser only unwraps RTF that encapsulates text or HTML (Outlook). This is one pass with bounded state.

import type { TextSink } from './text-sink';

interface GroupState {
  skip: boolean;
  uc: number;
  font: number;
  inFontTable: boolean;
}

// Destinations whose content is not document text (tables, metadata, pictures, field instructions).
const SKIP_DESTINATIONS = new Set([
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'fldinst',
  'listtable',
  'listoverridetable',
  'revtbl',
  'rsidtbl',
  'filetbl',
  'nonshppict',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'xmlnstbl',
  'generator',
  'mmathPr',
  'pgdsctbl',
  'objdata',
  'objclass',
  'xe',
  'tc',
  'bkmkstart',
  'bkmkend',
  'listtext',
  'template',
  'userprops',
  'docvar',
  'wgrffmtfilter',
  'passwordhash',
  'protusertbl',
  'operator',
  'author',
  'title',
  'comment',
]);

// No real document nests groups more than a few dozen deep; a hostile one could nest millions.
const MAX_GROUP_DEPTH = 1000;

const NEWLINE_WORDS = new Set(['par', 'line', 'sect', 'page', 'row']);
const SYMBOL_WORDS: Record<string, string> = {
  tab: '\t',
  cell: '\t',
  emdash: '—',
  endash: '–',
  bullet: '•',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  emspace: ' ',
  enspace: ' ',
  qmspace: ' ',
  zwj: '\u200d',
  zwnj: '\u200c',
};

// Windows font charset (\fcharsetN) -> code page.
const CHARSET_CODEPAGE: Record<number, number> = {
  77: 10000,
  128: 932,
  129: 949,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
};

const CODEPAGE_LABEL: Record<number, string> = {
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  10000: 'macintosh',
  20866: 'koi8-r',
};

export function extractRtf(bytes: Uint8Array, sink: TextSink): void {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let ansiCodepage = 1252;
  const fontCodepage = new Map<number, number>();
  let fontBeingDefined = -1;

  let state: GroupState = { skip: false, uc: 1, font: -1, inFontTable: false };
  const stack: GroupState[] = [];
  let pendingBytes: number[] = [];
  let pendingCodepage = 0;
  let fallbackToSkip = 0; // \uN is followed by uc "ANSI fallback" characters that must not be printed twice
  let groupJustOpened = false;
  // Groups nested deeper than MAX_GROUP_DEPTH are counted, not stacked, and their content is dropped.
  let excessDepth = 0;
  let stateBeforeExcess = state;

  const codepageNow = (): number => {
    const fontCp = fontCodepage.get(state.font);
    return fontCp ?? ansiCodepage;
  };
  const flushBytes = () => {
    if (pendingBytes.length === 0) return;
    if (!state.skip) sink.push(decodeCodepage(Uint8Array.from(pendingBytes), pendingCodepage));
    pendingBytes = [];
  };
  const emit = (t: string) => {
    flushBytes();
    if (!state.skip && !state.inFontTable) sink.push(t);
  };

  let i = 0;
  const n = s.length;
  while (i < n) {
    if ((i & 0xffff) === 0 && sink.full) break;
    const ch = s[i];
    if (ch === '{') {
      flushBytes();
      if (stack.length < MAX_GROUP_DEPTH) stack.push(state);
      else if (excessDepth++ === 0) stateBeforeExcess = state;
      state = { ...state, skip: state.skip || excessDepth > 0 };
      fallbackToSkip = 0;
      groupJustOpened = true;
      i++;
      continue;
    }
    if (ch === '}') {
      flushBytes();
      if (excessDepth > 0) state = --excessDepth === 0 ? stateBeforeExcess : state;
      else {
        if (state.inFontTable && !(stack.at(-1)?.inFontTable ?? false)) fontBeingDefined = -1;
        state = stack.pop() ?? state;
      }
      fallbackToSkip = 0;
      groupJustOpened = false;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i++;
      continue;
    }
    if (ch !== '\\') {
      // A run of plain characters up to the next special one.
      let j = i;
      while (j < n && !'\\{}\r\n'.includes(s[j])) j++;
      let run = s.slice(i, j);
      if (fallbackToSkip > 0) {
        const cut = Math.min(fallbackToSkip, run.length);
        fallbackToSkip -= cut;
        run = run.slice(cut);
      }
      if (state.inFontTable) {
        // Font names end with ';' — nothing here is document text.
      } else if (run) emit(/^[\x20-\x7e]*$/.test(run) ? run : decodeCodepage(latin1Bytes(run), codepageNow()));
      groupJustOpened = false;
      i = j;
      continue;
    }

    // Backslash: control symbol or control word.
    const next = s[i + 1] ?? '';
    if (next === "'") {
      const byte = Number.parseInt(s.slice(i + 2, i + 4), 16);
      i += 4;
      groupJustOpened = false;
      if (fallbackToSkip > 0) {
        fallbackToSkip--;
        continue;
      }
      if (Number.isNaN(byte) || state.inFontTable) continue;
      const cp = codepageNow();
      if (pendingBytes.length > 0 && pendingCodepage !== cp) flushBytes();
      pendingCodepage = cp;
      pendingBytes.push(byte);
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      i += 2;
      const wasGroupStart = groupJustOpened;
      groupJustOpened = false;
      if (next === '*') {
        // {\*\dest …}: an optional destination a plain reader is told to skip.
        if (wasGroupStart) state.skip = true;
        continue;
      }
      if (fallbackToSkip > 0) {
        fallbackToSkip--;
        continue;
      }
      if (next === '\\' || next === '{' || next === '}') emit(next);
      else if (next === '~') emit('\u00a0');
      else if (next === '_') emit('-');
      else if (next === '\r' || next === '\n') emit('\n');
      continue;
    }
    const m = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(s.slice(i + 1, i + 46));
    if (!m) {
      i++;
      continue;
    }
    i += 1 + m[0].length;
    const word = m[1];
    const param = m[2] === undefined ? undefined : Number.parseInt(m[2], 10);
    const wasGroupStart = groupJustOpened;
    groupJustOpened = false;

    if (word === 'bin') {
      flushBytes();
      i += Math.max(0, param ?? 0); // raw binary data follows
      continue;
    }
    if (word === 'u' && param !== undefined) {
      flushBytes();
      emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      fallbackToSkip = state.uc;
      continue;
    }
    if (fallbackToSkip > 0) {
      // A control word inside the fallback counts as one fallback character.
      fallbackToSkip--;
      continue;
    }
    if (word === 'uc') state.uc = Math.max(0, param ?? 1);
    else if (word === 'ansicpg' && param) ansiCodepage = param;
    else if (word === 'fonttbl') {
      flushBytes();
      state.inFontTable = true;
    } else if (word === 'f' && param !== undefined) {
      if (state.inFontTable) fontBeingDefined = param;
      else {
        flushBytes();
        state.font = param;
      }
    } else if (word === 'fcharset' && state.inFontTable && fontBeingDefined >= 0 && param !== undefined) {
      const cp = param === 0 || param === 1 ? undefined : CHARSET_CODEPAGE[param];
      if (cp) fontCodepage.set(fontBeingDefined, cp);
    } else if (word === 'cpg' && state.inFontTable && fontBeingDefined >= 0 && param) {
      fontCodepage.set(fontBeingDefined, param);
    } else if (SKIP_DESTINATIONS.has(word) && wasGroupStart) {
      flushBytes();
      state.skip = true;
    } else if (NEWLINE_WORDS.has(word)) emit('\n');
    else if (word in SYMBOL_WORDS) emit(SYMBOL_WORDS[word]);
  }
  flushBytes();
}

const decoders = new Map<number, InstanceType<typeof TextDecoder>>();

function decodeCodepage(b: Uint8Array, codepage: number): string {
  let d = decoders.get(codepage);
  if (!d) {
    const label = CODEPAGE_LABEL[codepage] ?? `windows-${codepage}`;
    try {
      d = new TextDecoder(label);
    } catch {
      d = new TextDecoder('windows-1252'); // a code page the runtime does not know: keep Latin letters at least
    }
    decoders.set(codepage, d);
  }
  return d.decode(b);
}

function latin1Bytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}
