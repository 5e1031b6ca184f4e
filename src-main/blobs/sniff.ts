// Decides what a file IS from its bytes (magic numbers, OLE2 directory, ZIP entries, text encoding), never from its
// name alone; refuses executables, scripts and unknown binaries. The name is only used to add notes and to refuse
// names Windows would execute. Pure inspection: no disk, no database.
// Beside `file-type` (used below to name an unknown binary): file-type decides from the first bytes and, for ZIP, from
// the first entries; it cannot tell .doc from .xls, find macros, MSI packages, programs inside an archive, PDF/RTF
// active content or a text's encoding, which is what this file is for. The few magic numbers checked here are the
// ones acted on, synchronously and from a file's head alone (sniffLarge). XML is read by src-shared/xml.ts.

import { attribute, parseXml, type XmlElement } from '../../src-shared/xml';
import { isCfb, readCfbDirectory } from './cfb';
import { scriptLabel } from './script-signs';
import { decodeTextBytes } from './text-decode';
import { listZip, looksLikeZip, readZipEntries, type ZipEntryInfo } from './zip';

export const FILE_KINDS = ['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'xls', 'xlsx', 'ods', 'csv', 'jpeg', 'png', 'gif', 'zip', 'rar'] as const;

export type FileKind = (typeof FILE_KINDS)[number];

export type SniffRefusal = 'empty' | 'executable' | 'script' | 'unknown';

export type SniffResult = { ok: true; kind: FileKind; mime: string; macro: boolean; notes: string[] } | { ok: false; reason: SniffRefusal; message: string };

const MIME: Record<FileKind, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
};

const MACRO_MIME: Partial<Record<FileKind, string>> = {
  docx: 'application/vnd.ms-word.document.macroEnabled.12',
  xlsx: 'application/vnd.ms-excel.sheet.macroEnabled.12',
};

/** Extensions that agree with each kind; anything else earns a note. The first is the canonical one. */
const EXTENSIONS: Record<FileKind, readonly string[]> = {
  pdf: ['pdf'],
  doc: ['doc', 'dot'],
  docx: ['docx', 'docm', 'dotx', 'dotm'],
  odt: ['odt', 'ott'],
  rtf: ['rtf'],
  txt: ['txt', 'text'],
  xls: ['xls', 'xlt'],
  xlsx: ['xlsx', 'xlsm', 'xltx', 'xltm'],
  ods: ['ods', 'ots'],
  csv: ['csv'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  gif: ['gif'],
  zip: ['zip'],
  rar: ['rar'],
};

const LABEL: Record<FileKind, string> = {
  pdf: 'PDF',
  doc: 'Word (.doc)',
  docx: 'Word (.docx)',
  odt: 'OpenDocument văn bản (.odt)',
  rtf: 'RTF',
  txt: 'văn bản thuần (.txt)',
  xls: 'Excel (.xls)',
  xlsx: 'Excel (.xlsx)',
  ods: 'OpenDocument bảng tính (.ods)',
  csv: 'CSV',
  jpeg: 'ảnh JPEG',
  png: 'ảnh PNG',
  gif: 'ảnh GIF',
  zip: 'tệp nén ZIP',
  rar: 'tệp nén RAR',
};

const MACRO_NOTE = 'Tệp có macro (mã lệnh tự động); không bật macro khi mở tệp nếu không rõ nguồn gốc.';
const PDF_ACTIVE_NOTE = 'Tệp PDF có mã lệnh tự động (JavaScript hoặc lệnh mở chương trình); chỉ mở bằng phần mềm đọc PDF tin cậy.';
const PDF_ENCRYPTED_NOTE = 'Tệp PDF được mã hóa hoặc đặt mật khẩu; có thể không tìm kiếm được nội dung.';
const RTF_OBJECT_NOTE = 'Tệp RTF có nhúng đối tượng (OLE) có thể chứa mã độc; chỉ mở khi rõ nguồn gốc.';
const RAR_NOTE = 'Không kiểm tra được nội dung bên trong tệp RAR; cần quét virus trước khi giải nén.';
const LEGACY_TEXT_NOTE = 'Tệp văn bản không dùng bảng mã Unicode (có thể là Windows-1258, TCVN3 hoặc VNI); nên chuyển sang Unicode.';

/** The extension a stored file should carry when handed back to a clerk (macro files keep their m-suffix so
 *  Office shows its macro warning). */
export function canonicalExtension(kind: FileKind, macro = false): string {
  if (macro && kind === 'docx') return 'docm';
  if (macro && kind === 'xlsx') return 'xlsm';
  return EXTENSIONS[kind][0];
}

// Names Windows (or a double-click elsewhere) would run, whatever the bytes inside.
const EXECUTABLE_EXTENSIONS = new Set([
  'exe',
  'com',
  'scr',
  'pif',
  'dll',
  'sys',
  'cpl',
  'ocx',
  'drv',
  'msi',
  'msp',
  'mst',
  'msix',
  'msixbundle',
  'appx',
  'appxbundle',
  'appref-ms',
  'application',
  'gadget',
  'lnk',
  'jar',
  'class',
  'apk',
  'xapk',
  'dex',
  'elf',
  'bin',
  'run',
  'deb',
  'rpm',
  'dmg',
  'pkg',
  'app',
  'iso',
  'img',
  'vhd',
  'vhdx',
  'chm',
  'hlp',
  'xll',
  'wll',
  'so',
  'dylib',
  'wasm',
]);
const SCRIPT_EXTENSIONS = new Set([
  'bat',
  'cmd',
  'ps1',
  'psm1',
  'psd1',
  'ps1xml',
  'psc1',
  'vbs',
  'vbe',
  'js',
  'jse',
  'mjs',
  'cjs',
  'wsf',
  'wsh',
  'wsc',
  'sct',
  'hta',
  'htm',
  'html',
  'xhtml',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'php',
  'phtml',
  'py',
  'pyw',
  'pl',
  'rb',
  'sh',
  'bash',
  'zsh',
  'ksh',
  'csh',
  'reg',
  'inf',
  'ins',
  'isp',
  'scf',
  'url',
  'website',
  'desktop',
  'settingcontent-ms',
  'library-ms',
  'searchconnector-ms',
  'xbap',
  'vb',
  'jnlp',
  'lua',
  'applescript',
  'command',
  'tool',
]);

const ALLOWED_LIST = 'PDF, Word (doc, docx), OpenDocument (odt, ods), RTF, văn bản thuần (txt), Excel (xls, xlsx), CSV, ' + 'ảnh JPEG/PNG/GIF, tệp nén ZIP/RAR';

export async function sniffFile(bytes: Uint8Array, fileName: string): Promise<SniffResult> {
  const name = displayName(fileName);
  const ext = extensionOf(fileName);
  const early = refuseEarly(bytes, name, ext);
  if (early) return early;
  const found = classifyBinary(bytes, name) ?? (await classifyText(bytes, name, ext));
  if (!found.ok) return found;
  return { ...found, notes: [...extensionNotes(found.kind, ext), ...found.notes] };
}

function refuseEarly(head: Uint8Array, name: string, ext: string): SniffResult | null {
  if (head.length === 0) return refuse('empty', `Tệp "${name}" rỗng (0 byte), không có nội dung để lưu.`);
  const exe = executableLabel(head);
  if (exe) return refuseExecutable(name, exe);
  if (EXECUTABLE_EXTENSIONS.has(ext)) return refuseExecutable(name, `đuôi .${ext}`);
  if (SCRIPT_EXTENSIONS.has(ext)) return refuseScript(name, `đuôi .${ext}`);
  return null;
}

/** How sniffLarge reaches a file too large to read whole: its head, a token scan, and the whole (last resort). */
export interface LargeFileAccess {
  head: Uint8Array;
  scan(tokens: readonly string[]): Promise<Set<string>>;
  whole(): Promise<Uint8Array>;
}

/** Bytes of a large text file whose head alone decides it is text (and which script, if any). */
export const LARGE_TEXT_HEAD = 4 << 20;

/**
 * sniffFile for a file on disk too large to hold in memory: decided from its head, with a streaming scan for what
 * must be looked for everywhere (PDF actions and encryption, RTF objects, NUL bytes in text). ZIP and OLE2 files
 * need their directory, so only those are read whole.
 */
export async function sniffLarge(file: LargeFileAccess, fileName: string): Promise<SniffResult> {
  const { head } = file;
  const name = displayName(fileName);
  const ext = extensionOf(fileName);
  const early = refuseEarly(head, name, ext);
  if (early) return early;
  let result: SniffResult;
  if (startsWith(head, ascii('%PDF-'))) {
    const seen = await file.scan(PDF_TOKENS);
    result = classifyPdf((t) => seen.has(t));
  } else if (startsWith(head, ascii('{\\rtf'))) {
    const seen = await file.scan(RTF_TOKENS);
    result = classifyRtf((t) => seen.has(t));
  } else if (isCfb(head) || looksLikeZip(head)) {
    return sniffFile(await file.whole(), fileName);
  } else {
    result = classifyBinary(head, name) ?? (await classifyLargeText(file, name, ext));
  }
  if (!result.ok) return result;
  return { ...result, notes: [...extensionNotes(result.kind, ext), ...result.notes] };
}

/**
 * The head of a text file cut where no character is split: after the last line feed (UTF-8 and 8-bit text), or at
 * an even length (UTF-16, where a 0x0A byte may be half of another character).
 */
export function cutTextHead(head: Uint8Array): Uint8Array {
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16) return head.subarray(0, head.length & ~1);
  const lf = head.lastIndexOf(0x0a);
  return lf > 0 ? head.subarray(0, lf + 1) : head;
}

async function classifyLargeText(file: LargeFileAccess, name: string, ext: string): Promise<SniffResult> {
  // Cut so a multi-byte character is never split (a split UTF-8 character would look like legacy 8-bit text).
  const head = cutTextHead(file.head.subarray(0, LARGE_TEXT_HEAD));
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  // NUL never occurs in 8-bit or UTF-8 text, wherever it is in the file.
  if (!utf16 && (await file.scan(['\u0000'])).size > 0) return refuseUnknownBinary(head, name);
  return classifyText(head, name, ext);
}

// ---- executables -----------------------------------------------------------------------------------------------

const MACHO = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
];

function executableLabel(b: Uint8Array): string | null {
  if (startsWith(b, [0x4d, 0x5a]) || startsWith(b, [0x5a, 0x4d])) return 'chương trình Windows EXE/DLL';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'chương trình Linux ELF';
  if (startsWith(b, [0xca, 0xfe, 0xba, 0xbe])) return 'chương trình Java hoặc macOS';
  if (MACHO.some((m) => startsWith(b, m))) return 'chương trình macOS';
  if (startsWith(b, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00])) return 'lối tắt Windows (.lnk)';
  if (startsWith(b, [0x00, 0x61, 0x73, 0x6d])) return 'WebAssembly';
  // "dex\n035\0" and "MSCF\0\0\0\0": the NULs keep ordinary text that happens to start alike out of it.
  if (startsWith(b, [0x64, 0x65, 0x78, 0x0a]) && b[7] === 0) return 'chương trình Android';
  if (startsWith(b, [0x4d, 0x53, 0x43, 0x46, 0, 0, 0, 0])) return 'gói cài đặt CAB';
  return null;
}

// ---- binary containers -----------------------------------------------------------------------------------------

type Found = { ok: true; kind: FileKind; mime: string; macro: boolean; notes: string[] };

function found(kind: FileKind, macro = false, notes: string[] = []): Found {
  return { ok: true, kind, mime: (macro && MACRO_MIME[kind]) || MIME[kind], macro, notes };
}

const RAR4 = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00];
const RAR5 = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00];

function classifyBinary(b: Uint8Array, name: string): SniffResult | null {
  if (startsWith(b, ascii('%PDF-'))) return classifyPdf((t) => indexOf(b, t) >= 0);
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return found('png');
  if (startsWith(b, [0xff, 0xd8, 0xff])) return found('jpeg');
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return found('gif');
  if (startsWith(b, RAR4) || startsWith(b, RAR5)) return found('rar', false, [RAR_NOTE]);
  if (startsWith(b, ascii('{\\rtf'))) return classifyRtf((t) => indexOf(b, t) >= 0);
  if (isCfb(b)) return classifyCfb(b, name);
  if (looksLikeZip(b)) return classifyZip(b, name);
  return null;
}

const PDF_ACTIVE_TOKENS = ['/JavaScript', '/JS ', '/JS(', '/JS<', '/Launch'];
const PDF_TOKENS = [...PDF_ACTIVE_TOKENS, '/Encrypt'];
const RTF_TOKENS = ['\\objdata', '\\objocx'];

/** Whether a latin1 token occurs in the file: searched in the bytes, or answered by a scan of a file on disk. */
type Has = (token: string) => boolean;

function classifyPdf(has: Has): Found {
  const notes: string[] = [];
  // Only what is visible without decompressing: actions inside object streams are not seen (caught by the viewer).
  const active = PDF_ACTIVE_TOKENS.some(has);
  if (active) notes.push(PDF_ACTIVE_NOTE);
  if (has('/Encrypt')) notes.push(PDF_ENCRYPTED_NOTE);
  return found('pdf', active, notes);
}

function classifyRtf(has: Has): Found {
  // Embedded OLE objects in RTF are the classic carrier of Office exploits; keep the file but warn.
  const embedded = RTF_TOKENS.some(has);
  return embedded ? found('rtf', true, [RTF_OBJECT_NOTE]) : found('rtf');
}

const MSI_CLSIDS = new Set([
  '84100c0000000000c000000000000046', // installer package {000C1084-…}
  '86100c0000000000c000000000000046', // patch {000C1086-…}
  '82100c0000000000c000000000000046', // transform {000C1082-…}
]);
const OLE_MACRO_NAMES = new Set(['_vba_project_cur', '_vba_project', 'macros', 'vba']);

function classifyCfb(b: Uint8Array, name: string): SniffResult {
  const dir = readCfbDirectory(b);
  if (!dir) return refuse('unknown', `Tệp "${name}" có dạng tệp Office cũ nhưng bị hỏng, không đọc được. ${RESEND}`);
  if (MSI_CLSIDS.has(dir.rootClsid) || dir.entries.some((e) => isMsiStreamName(e.name))) {
    return refuseExecutable(name, 'gói cài đặt Windows MSI');
  }
  const top = new Set(dir.entries.filter((e) => e.parent === 0).map((e) => e.name));
  const macro = dir.entries.some((e) => OLE_MACRO_NAMES.has(e.name.toLowerCase()));
  const notes = macro ? [MACRO_NOTE] : [];
  if (top.has('WordDocument')) return found('doc', macro, notes);
  if (top.has('Workbook') || top.has('Book')) return found('xls', macro, notes);
  if (top.has('EncryptedPackage') || top.has('EncryptionInfo')) {
    return refuse('unknown', `Tệp "${name}" là tệp Office được đặt mật khẩu; hệ thống không đọc được. Vui lòng gỡ mật khẩu rồi gửi lại.`);
  }
  return refuse('unknown', `Tệp "${name}" là tệp Office cũ nhưng không phải Word hay Excel (ví dụ PowerPoint, Outlook). ${ALLOWED}`);
}

// MSI tables are stored as streams whose names are packed into U+3800–U+4840.
function isMsiStreamName(n: string): boolean {
  const c = n.charCodeAt(0);
  return c >= 0x3800 && c <= 0x4840;
}

const OOXML = 'application/vnd.openxmlformats-officedocument.';
// Main-part content types (lower-cased) that make a package Word or Excel; the ms-* ones carry macros.
const OOXML_MAIN: Array<{ type: string; kind: FileKind; macro: boolean }> = [
  { type: `${OOXML}wordprocessingml.document.main+xml`, kind: 'docx', macro: false },
  { type: `${OOXML}wordprocessingml.template.main+xml`, kind: 'docx', macro: false },
  { type: 'application/vnd.ms-word.document.macroenabled.main+xml', kind: 'docx', macro: true },
  { type: 'application/vnd.ms-word.template.macroenabledtemplate.main+xml', kind: 'docx', macro: true },
  { type: `${OOXML}spreadsheetml.sheet.main+xml`, kind: 'xlsx', macro: false },
  { type: `${OOXML}spreadsheetml.template.main+xml`, kind: 'xlsx', macro: false },
  { type: 'application/vnd.ms-excel.sheet.macroenabled.main+xml', kind: 'xlsx', macro: true },
  { type: 'application/vnd.ms-excel.template.macroenabled.main+xml', kind: 'xlsx', macro: true },
];

const ODF_TYPES: Record<string, FileKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.text-template': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.spreadsheet-template': 'ods',
};

const SMALL_PART = { maxEach: 1 << 20, maxTotal: 2 << 20 };

function classifyZip(b: Uint8Array, name: string): SniffResult {
  const entries = listZip(b);
  const damaged = () => refuse('unknown', `Tệp "${name}" có dạng tệp nén nhưng bị hỏng, không đọc được. ${RESEND}`);
  if (!entries) return damaged();
  const names = new Set(entries.map((e) => e.name));
  let parts: Record<string, Uint8Array>;
  try {
    parts = readZipEntries(b, (n) => n === 'mimetype' || n === '[Content_Types].xml', SMALL_PART);
  } catch {
    return damaged();
  }
  if (parts['mimetype']) return classifyOdf(latin1(parts['mimetype']).trim(), entries, name);
  if (parts['[Content_Types].xml']) {
    let ooxml: SniffResult | null;
    try {
      ooxml = classifyOoxml(new TextDecoder().decode(parts['[Content_Types].xml']), entries, name);
    } catch {
      return damaged(); // a DOCTYPE or absurd nesting: no Office program writes that
    }
    if (ooxml) return ooxml;
  }
  if (names.has('AppxManifest.xml') || names.has('AppxMetadata/AppxBundleManifest.xml')) {
    return refuseExecutable(name, 'gói ứng dụng Windows');
  }
  const risky = entries.filter((e) => !e.name.endsWith('/') && isRiskyEntry(e.name)).map((e) => e.name);
  if (risky.length > 0) {
    const shown =
      risky
        .slice(0, 3)
        .map((n) => n.split(/[\\/]/).pop())
        .join(', ') + (risky.length > 3 ? ', …' : '');
    return refuse('executable', `Tệp nén "${name}" có chứa tệp chạy được hoặc mã lệnh (${shown}). ${SAFETY}`);
  }
  return found('zip', false, []);
}

function classifyOdf(mimetype: string, entries: ZipEntryInfo[], name: string): SniffResult {
  const kind = ODF_TYPES[mimetype];
  if (!kind) {
    if (mimetype.startsWith('application/vnd.oasis.opendocument.')) {
      return refuse('unknown', `Tệp "${name}" là tệp OpenDocument loại khác (trình chiếu, bản vẽ…). ${ALLOWED}`);
    }
    return refuse('unknown', `Tệp "${name}" là gói tệp không nhận ra (${mimetype.slice(0, 60)}). ${ALLOWED}`);
  }
  // LibreOffice writes empty Basic/ library indexes even without macros; only real modules or scripts count.
  const macro = entries.some(
    (e) => (/^Basic\/[^/]+\/[^/]+\.xml$/.test(e.name) && !/\/(script|dialog)-lb\.xml$/.test(e.name)) || (e.name.startsWith('Scripts/') && !e.name.endsWith('/')),
  );
  return found(kind, macro, macro ? [MACRO_NOTE] : []);
}

function classifyOoxml(contentTypes: string, entries: ZipEntryInfo[], name: string): SniffResult | null {
  const types = contentTypeList(contentTypes);
  const main = OOXML_MAIN.find((m) => types.includes(m.type));
  if (!main) {
    if (types.some((t) => /presentationml|ms-powerpoint|visio|xps|sheet\.binary/.test(t))) {
      const what = 'tệp Office loại khác (PowerPoint, Visio, Excel nhị phân…)';
      return refuse('unknown', `Tệp "${name}" là ${what}. ${ALLOWED}`);
    }
    return null;
  }
  const macro =
    main.macro || types.includes('application/vnd.ms-office.vbaproject') || entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name) || /^xl\/macrosheets\//i.test(e.name));
  return found(main.kind, macro, macro ? [MACRO_NOTE] : []);
}

/** Every ContentType of [Content_Types].xml, lower-cased; throws XmlError on a DOCTYPE (the caller refuses). */
function contentTypeList(xml: string): string[] {
  const types: string[] = [];
  const take = (el: XmlElement) => {
    const type = el.local === 'Default' || el.local === 'Override' ? attribute(el, 'ContentType') : undefined;
    if (type !== undefined) types.push(type.toLowerCase());
  };
  parseXml(xml, { open: take }, { maxChars: SMALL_PART.maxEach, recover: true });
  return types;
}

// Saved web pages and raw .bin/.img data are common in archives and nothing runs them from inside our app.
const HARMLESS_IN_ZIP = new Set(['bin', 'img', 'htm', 'html', 'xhtml', 'svg', 'svgz', 'url', 'desktop']);

function isRiskyEntry(entryName: string): boolean {
  const ext = extensionOf(entryName);
  return (EXECUTABLE_EXTENSIONS.has(ext) || SCRIPT_EXTENSIONS.has(ext)) && !HARMLESS_IN_ZIP.has(ext);
}

// ---- text ------------------------------------------------------------------------------------------------------

async function classifyText(b: Uint8Array, name: string, ext: string): Promise<SniffResult> {
  const decoded = decodeText(b);
  if (!decoded) return refuseUnknownBinary(b, name);
  const script = scriptLabel(decoded.text, ext);
  if (script) return refuseScript(name, script);
  return found(ext === 'csv' ? 'csv' : 'txt', false, decoded.legacy ? [LEGACY_TEXT_NOTE] : []);
}

/** Decoded text, or null when the bytes are not text. `legacy` marks 8-bit text that is not UTF-8. */
function decodeText(b: Uint8Array): { text: string; legacy: boolean } | null {
  const utf16 = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
  // NUL never occurs in 8-bit or UTF-8 text; in UTF-16 it does, so there it is checked after decoding.
  if (!utf16 && b.includes(0)) return null;
  const decoded = decodeTextBytes(b);
  if (!decoded || hasTooManyControls(decoded.text)) return null;
  return { text: decoded.text, legacy: decoded.encoding === 'windows-1258' };
}

// Text files carry \t \n \r \f, sometimes a stray \v, ESC or DOS EOF (\x1a); binary data is full of other controls.
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);

function hasTooManyControls(text: string): boolean {
  let bad = 0;
  const limit = Math.max(4, text.length / 2000);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = c < 0x20 ? !ALLOWED_CONTROLS.has(c) : c === 0x7f;
    if (control && (c === 0 || ++bad > limit)) return true;
  }
  return false;
}

// ---- unknown ---------------------------------------------------------------------------------------------------

// file-type names for formats that install or run code.
const FILE_TYPE_EXECUTABLE = new Set(['exe', 'elf', 'macho', 'class', 'wasm', 'dex', 'lnk', 'deb', 'rpm', 'apk', 'crx', 'xpi', 'msi', 'cab', 'swf', 'jar', 'dmg']);

async function refuseUnknownBinary(b: Uint8Array, name: string): Promise<SniffResult> {
  let detected: { ext: string; mime: string } | undefined;
  try {
    // Loaded only here: naming an unknown format is the rare path and file-type pulls in a stream stack.
    const { fileTypeFromBuffer } = await import('file-type');
    detected = await fileTypeFromBuffer(b.subarray(0, 1 << 20));
  } catch {
    detected = undefined;
  }
  if (detected && FILE_TYPE_EXECUTABLE.has(detected.ext)) return refuseExecutable(name, `.${detected.ext}`);
  const what = detected ? ` (nội dung là tệp .${detected.ext})` : '';
  return refuse('unknown', `Định dạng của tệp "${name}" không được phép hoặc không nhận ra${what}. ${ALLOWED}`);
}

// ---- helpers ---------------------------------------------------------------------------------------------------

const ALLOWED = `Các định dạng được nhận: ${ALLOWED_LIST}.`;
const RESEND = 'Vui lòng kiểm tra lại tệp hoặc đề nghị nơi gửi gửi lại.';
const SAFETY = 'Hệ thống không nhận loại tệp này để bảo đảm an toàn.';

function refuse(reason: SniffRefusal, message: string): SniffResult {
  return { ok: false, reason, message };
}

function refuseExecutable(name: string, what: string): SniffResult {
  return refuse('executable', `Tệp "${name}" là chương trình chạy được (${what}), không phải văn bản. ${SAFETY}`);
}

function refuseScript(name: string, what: string): SniffResult {
  return refuse('script', `Tệp "${name}" chứa mã lệnh có thể tự chạy trên máy tính (${what}). ${SAFETY} ` + 'Nếu đây là văn bản, hãy chuyển sang PDF hoặc Word rồi gửi lại.');
}

function extensionNotes(kind: FileKind, ext: string): string[] {
  if (EXTENSIONS[kind].includes(ext)) return [];
  if (!ext) return [`Tên tệp không có đuôi; theo nội dung, đây là ${LABEL[kind]}.`];
  return [`Tên tệp có đuôi .${ext} nhưng nội dung là ${LABEL[kind]}; hệ thống nhận theo nội dung.`];
}

/** Lower-case extension without the dot. Trailing dots and spaces are dropped as Windows drops them, so
 *  "hopdong.exe." still counts as .exe. */
export function extensionOf(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/[. ]+$/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0
    ? base
        .slice(dot + 1)
        .trim()
        .toLowerCase()
    : '';
}

const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// Bidi overrides are dropped so "hopdong\u202Efdp.exe" cannot pose as a PDF in our own message.
function displayName(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(BIDI_CONTROLS, '').normalize('NFC');
  return base.length > 80 ? `${base.slice(0, 77)}…` : base;
}

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

function indexOf(b: Uint8Array, needle: string): number {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(needle, 0, 'latin1');
}
