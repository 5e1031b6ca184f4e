// Text out of zipped XML office files: DOCX (word/*.xml), XLSX (shared strings, inline strings, cell values) and
// ODF (content.xml). The XML itself is read by src-shared/xml.ts (saxes, DOCTYPE refused, size and depth capped);
// what is left here is only which elements carry text. Throws on a damaged archive, a part with a DOCTYPE or one
// over the limits; extract-text.ts catches and keeps the text found before.

import { attribute, parseXml, type XmlHandlers } from '../../src-shared/xml';
import { readZipEntries } from './zip';
import type { TextSink } from './text-sink';

const PART_LIMITS = { maxEach: 128 << 20, maxTotal: 256 << 20 };

// ---- XML -------------------------------------------------------------------------------------------------------

// Office parts are read in recover mode: a damaged part still gives the text before and after its damage, as Word
// and LibreOffice do. Deeper nesting than this is no real document (tables in tables stay far below it).
const XML_OPTIONS = { maxChars: PART_LIMITS.maxEach, maxDepth: 1024, recover: true } as const;

/** Calls back for elements and text; stops early when `stop()` turns true. Throws XmlError on a DOCTYPE or a limit. */
function scanXml(xml: string, h: XmlHandlers, stop: () => boolean): void {
  parseXml(xml, h, { ...XML_OPTIONS, stop });
}

function xmlString(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  return new TextDecoder('utf-8').decode(b);
}

// ---- DOCX ------------------------------------------------------------------------------------------------------

export function extractDocx(bytes: Uint8Array, sink: TextSink): void {
  const isPart = (n: string) => n === 'word/document.xml' || /^word\/(footnotes|endnotes|header\d*|footer\d*)\.xml$/.test(n);
  const parts = readZipEntries(bytes, isPart, PART_LIMITS);
  if (!parts['word/document.xml']) throw new Error('docx without word/document.xml');
  // Body first, then notes, then running headers and footers.
  const rank = (n: string) => (n === 'word/document.xml' ? 0 : /notes/.test(n) ? 1 : 2);
  const names = Object.keys(parts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
  for (const name of names) {
    if (sink.full) return;
    wordXmlText(xmlString(parts[name]), sink);
    sink.push('\n');
  }
}

function wordXmlText(xml: string, sink: TextSink): void {
  let inText = 0;
  let inRun = 0;
  let skip = 0; // inside mc:Fallback (duplicate of the mc:Choice content) or deleted/field-code text
  scanXml(
    xml,
    {
      open({ local, selfClosing }) {
        if (local === 'Fallback' || local === 'delText' || local === 'instrText') {
          if (!selfClosing) skip++;
          return;
        }
        if (skip) return;
        if (local === 'r') inRun += selfClosing ? 0 : 1;
        else if (local === 't') inText += selfClosing ? 0 : 1;
        else if (inRun > 0 && local === 'tab') sink.push('\t');
        else if (inRun > 0 && (local === 'br' || local === 'cr')) sink.push('\n');
        else if (inRun > 0 && local === 'noBreakHyphen') sink.push('-');
      },
      close(_name, local) {
        if (local === 'Fallback' || local === 'delText' || local === 'instrText') {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (local === 'r') inRun = Math.max(0, inRun - 1);
        else if (local === 't') inText = Math.max(0, inText - 1);
        else if (local === 'p') sink.push('\n'); // table cells hold paragraphs, so cells come out one per line
      },
      text(s) {
        if (inText > 0 && !skip) sink.push(s);
      },
    },
    () => sink.full,
  );
}

// ---- XLSX ------------------------------------------------------------------------------------------------------

export function extractXlsx(bytes: Uint8Array, sink: TextSink): void {
  const isPart = (n: string) => n === 'xl/sharedStrings.xml' || n === 'xl/workbook.xml' || n === 'xl/_rels/workbook.xml.rels' || /^xl\/worksheets\/[^/]+\.xml$/.test(n);
  const parts = readZipEntries(bytes, isPart, PART_LIMITS);
  if (!parts['xl/workbook.xml']) throw new Error('xlsx without xl/workbook.xml');
  const shared = parts['xl/sharedStrings.xml'] ? sharedStrings(xmlString(parts['xl/sharedStrings.xml'])) : [];
  for (const sheet of sheetOrder(parts)) {
    if (sink.full) return;
    if (sheet.name) sink.push(`${sheet.name}\n`);
    const xml = parts[sheet.path];
    if (xml) sheetText(xmlString(xml), shared, sink);
    sink.push('\n');
  }
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = 0; // <rPh> holds furigana-style reading aids, not cell text
  scanXml(
    xml,
    {
      open({ local, selfClosing }) {
        if (local === 'si') current = selfClosing ? (out.push(''), null) : [];
        else if (local === 'rPh' && !selfClosing) inPhonetic++;
        else if (local === 't' && !selfClosing) inText = true;
      },
      close(_name, local) {
        if (local === 'si' && current) {
          out.push(current.join(''));
          current = null;
        } else if (local === 'rPh') inPhonetic = Math.max(0, inPhonetic - 1);
        else if (local === 't') inText = false;
      },
      text(s) {
        if (current && inText && !inPhonetic) current.push(s);
      },
    },
    () => false,
  );
  return out;
}

function sheetOrder(parts: Record<string, Uint8Array>): Array<{ name: string; path: string }> {
  const targets = new Map<string, string>();
  const rels = parts['xl/_rels/workbook.xml.rels'];
  if (rels) {
    scanXml(
      xmlString(rels),
      {
        open(el) {
          if (el.local !== 'Relationship') return;
          const id = attribute(el, 'Id');
          const target = attribute(el, 'Target');
          if (id && target) targets.set(id, resolveXlTarget(target));
        },
      },
      () => false,
    );
  }
  const sheets: Array<{ name: string; path: string }> = [];
  scanXml(
    xmlString(parts['xl/workbook.xml']),
    {
      open(el) {
        if (el.local !== 'sheet') return;
        const path = targets.get(attribute(el, 'id') ?? '');
        if (path) sheets.push({ name: attribute(el, 'name') ?? '', path });
      },
    },
    () => false,
  );
  if (sheets.length > 0) return sheets;
  // No usable relationships: fall back to file order sheet1, sheet2, …
  return Object.keys(parts)
    .filter((n) => n.startsWith('xl/worksheets/'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((path) => ({ name: '', path }));
}

function resolveXlTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = ['xl'];
  for (const s of target.split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

function sheetText(xml: string, shared: string[], sink: TextSink): void {
  let type = '';
  let inCell = false;
  let inValue = false;
  let inInline = 0;
  let inText = false;
  let value = '';
  let cellsInRow = 0;
  scanXml(
    xml,
    {
      open(el) {
        const { local, selfClosing } = el;
        if (local === 'c') {
          type = attribute(el, 't') ?? 'n';
          inCell = !selfClosing;
          value = '';
        } else if (!inCell) return;
        else if (local === 'v') inValue = !selfClosing;
        else if (local === 'is') inInline += selfClosing ? 0 : 1;
        else if (local === 't' && inInline) inText = !selfClosing;
      },
      close(_name, local) {
        if (local === 'row') {
          if (cellsInRow > 0) sink.push('\n');
          cellsInRow = 0;
        } else if (local === 'c' && inCell) {
          inCell = false;
          const text = cellText(type, value, shared);
          if (text) {
            sink.push(cellsInRow > 0 ? `\t${text}` : text);
            cellsInRow++;
          }
        } else if (local === 'v') inValue = false;
        else if (local === 'is') inInline = Math.max(0, inInline - 1);
        else if (local === 't') inText = false;
      },
      text(s) {
        if (inCell && (inValue || (inInline && inText))) value += s;
      },
    },
    () => sink.full,
  );
}

function cellText(type: string, value: string, shared: string[]): string {
  switch (type) {
    case 's':
      return shared[Number.parseInt(value, 10)] ?? '';
    case 'b': // TRUE/FALSE and error codes (#N/A) carry nothing to search for
    case 'e':
      return '';
    default:
      return value.trim();
  }
}

// ---- ODF -------------------------------------------------------------------------------------------------------

export function extractOdf(bytes: Uint8Array, sink: TextSink): void {
  const parts = readZipEntries(bytes, (n) => n === 'content.xml', PART_LIMITS);
  if (!parts['content.xml']) throw new Error('OpenDocument without content.xml');
  odfText(xmlString(parts['content.xml']), sink);
}

function odfText(xml: string, sink: TextSink): void {
  let inBody = false;
  let skip = 0; // tracked deletions and comments are not part of the document text
  let paraDepth = 0; // text outside <text:p>/<text:h> is only indentation between elements
  let cellDepth = 0;
  let cellHasText = false;
  let cellParaEnded = false; // a second paragraph in the same cell is joined with a space
  let rowCells = 0;
  scanXml(
    xml,
    {
      open(el) {
        const { local, selfClosing } = el;
        if (local === 'body') inBody = !selfClosing;
        if (!inBody) return;
        if (local === 'tracked-changes' || local === 'annotation') {
          if (!selfClosing) skip++;
          return;
        }
        if (skip) return;
        if (local === 'table' && !selfClosing) {
          const name = attribute(el, 'name');
          if (name) sink.push(`${name}\n`);
        } else if (local === 'table-row') rowCells = 0;
        else if (local === 'table-cell' || local === 'covered-table-cell') {
          if (selfClosing) return;
          cellDepth++;
          cellHasText = false;
          cellParaEnded = false;
        } else if ((local === 'p' || local === 'h') && !selfClosing) paraDepth++;
        else if (local === 'tab') sink.push('\t');
        else if (local === 's') sink.push(' '.repeat(Math.min(Number(attribute(el, 'c') ?? 1) || 1, 100)));
        else if (local === 'line-break') sink.push('\n');
      },
      close(_name, local) {
        if (local === 'body') inBody = false;
        if (!inBody) return;
        if (local === 'tracked-changes' || local === 'annotation') {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (local === 'p' || local === 'h') {
          paraDepth = Math.max(0, paraDepth - 1);
          if (cellDepth > 0) cellParaEnded = cellHasText;
          else sink.push('\n');
        } else if (local === 'table-cell' || local === 'covered-table-cell') cellDepth = Math.max(0, cellDepth - 1);
        else if (local === 'table-row' && rowCells > 0) sink.push('\n');
      },
      text(s) {
        if (!inBody || skip || paraDepth === 0) return;
        if (cellDepth > 0 && !cellHasText) {
          // Separate cells by a tab only between cells that have text: repeated empty cells add nothing.
          if (rowCells > 0) sink.push('\t');
          cellHasText = true;
          rowCells++;
        } else if (cellDepth > 0 && cellParaEnded) {
          sink.push(' ');
          cellParaEnded = false;
        }
        sink.push(s);
      },
    },
    () => sink.full,
  );
}
