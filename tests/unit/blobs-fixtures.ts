// Builders for real attachment files used by the blobs tests: PDFs with Vietnamese text (pdf-lib + the bundled
// font), OOXML/ODF zips, minimal OLE2 compound files, images from ImageMagick. Generated, never checked in.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { PDFDocument } from 'pdf-lib';

export const VI_TITLE = 'Quyết định về việc giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2025';
export const VI_OFFICE = 'Ủy ban nhân dân xã Đồng Hóa';

const FONT_PATH = fileURLToPath(new URL('../../resources/fonts/LiberationSerif-Regular.ttf', import.meta.url));

// ---- PDF -------------------------------------------------------------------------------------------------------

/** One page per entry; each page's lines drawn top-down. `imageEveryPage` embeds that JPEG on every page. */
export async function makePdf(pages: string[][], opts: { imageEveryPage?: Uint8Array } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(FONT_PATH), { subset: true });
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 40, y: 800 - i * 15, size: 10, font }));
    if (opts.imageEveryPage) {
      const img = await doc.embedJpg(opts.imageEveryPage);
      page.drawImage(img, { x: 380, y: 40, width: 160, height: 120 });
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** ~5 MB, 100 pages of Vietnamese text with a scanned seal image on each page (what a signed decision looks like). */
export async function makeBigPdf(): Promise<Uint8Array> {
  const seal = imageBytes('jpg', ['-size', '400x300', '-seed', '7', 'plasma:fractal', '-quality', '90']);
  const pages = Array.from({ length: 100 }, (_, p) => Array.from({ length: 48 }, (_, l) => `Trang ${p + 1} dòng ${l + 1}: ${VI_OFFICE} ${VI_TITLE.toLowerCase()}`));
  return makePdf(pages, { imageEveryPage: seal });
}

// ---- images ----------------------------------------------------------------------------------------------------

/** ImageMagick output, e.g. imageBytes('png', ['-size', '8x8', 'xc:red']). */
export function imageBytes(format: 'png' | 'jpg' | 'gif', args: string[]): Uint8Array {
  return new Uint8Array(execFileSync('convert', [...args, `${format}:-`], { maxBuffer: 64 << 20 }));
}

// ---- OOXML / ODF -----------------------------------------------------------------------------------------------

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function zip(files: Record<string, string | Uint8Array>, stored: string[] = []): Uint8Array {
  const z: Zippable = {};
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? strToU8(content) : content;
    z[name] = stored.includes(name) ? [data, { level: 0 }] : data;
  }
  return zipSync(z, { level: 6 });
}

export function makeZip(files: Record<string, string | Uint8Array>): Uint8Array {
  return zip(files);
}

/** A Word document; `macro` makes it a .docm with word/vbaProject.bin. `bodyXml` replaces the generated body. */
export function makeDocx(paragraphs: string[], opts: { macro?: boolean; bodyXml?: string; header?: string } = {}): Uint8Array {
  const mainType = opts.macro ? 'application/vnd.ms-word.document.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
  const body = opts.bodyXml ?? paragraphs.map((p) => `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join('');
  const files: Record<string, string | Uint8Array> = {
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      (opts.macro ? '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' : '') +
      `<Override PartName="/word/document.xml" ContentType="${mainType}"/>` +
      (opts.header ? '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>' : '') +
      '</Types>',
    '_rels/.rels':
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
    'word/document.xml': `${XML_HEAD}<w:document ${W_NS}><w:body>${body}<w:sectPr/></w:body></w:document>`,
  };
  if (opts.header) {
    files['word/header1.xml'] = `${XML_HEAD}<w:hdr ${W_NS}><w:p><w:r><w:t>${escapeXml(opts.header)}</w:t></w:r></w:p></w:hdr>`;
  }
  if (opts.macro) files['word/vbaProject.bin'] = makeCfb([{ name: 'VBA', children: [{ name: 'dir' }] }, { name: 'PROJECT' }]);
  return zip(files);
}

/** A hand-built workbook using inline strings and numbers (what many exporters write instead of shared strings). */
export function makeInlineXlsx(rows: Array<Array<string | number>>, opts: { macro?: boolean } = {}): Uint8Array {
  const mainType = opts.macro ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
  const sheetRows = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">` +
        row
          .map((v, c) => {
            const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
            return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`;
          })
          .join('') +
        '</row>',
    )
    .join('');
  return zip({
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${mainType}"/>` +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
    'xl/workbook.xml':
      `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '</Relationships>',
    'xl/worksheets/sheet1.xml': `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  });
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';

function odf(mimetype: string, bodyXml: string, extra: Record<string, string> = {}): Uint8Array {
  // ODF requires "mimetype" first and stored uncompressed; fflate keeps insertion order.
  return zip(
    {
      mimetype,
      'META-INF/manifest.xml': `${XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`,
      'content.xml': `${XML_HEAD}<office:document-content ${ODF_NS} office:version="1.3"><office:body>${bodyXml}</office:body></office:document-content>`,
      ...extra,
    },
    ['mimetype'],
  );
}

export function makeOdt(paragraphs: string[], opts: { macro?: boolean } = {}): Uint8Array {
  const body = `<office:text>${paragraphs.map((p) => `<text:p text:style-name="P1">${escapeXml(p)}</text:p>`).join('\n')}</office:text>`;
  const extra: Record<string, string> = opts.macro
    ? {
        'Basic/script-lc.xml': '<library:libraries/>',
        'Basic/Standard/script-lb.xml': '<library:library/>',
        'Basic/Standard/Module1.xml': '<script:module script:name="Module1">Sub Main\nShell "calc"\nEnd Sub</script:module>',
      }
    : { 'Basic/script-lc.xml': '<library:libraries/>', 'Basic/Standard/script-lb.xml': '<library:library/>' };
  return odf('application/vnd.oasis.opendocument.text', body, extra);
}

export function makeOds(sheetName: string, rows: string[][]): Uint8Array {
  const cells = rows
    .map(
      (row) =>
        `<table:table-row>${row.map((c) => `<table:table-cell office:value-type="string"><text:p>${escapeXml(c)}</text:p></table:table-cell>`).join('')}` +
        '<table:table-cell table:number-columns-repeated="1020"/></table:table-row>',
    )
    .join('\n');
  return odf('application/vnd.oasis.opendocument.spreadsheet', `<office:spreadsheet><table:table table:name="${escapeXml(sheetName)}">${cells}</table:table></office:spreadsheet>`);
}

// ---- OLE2 compound file ----------------------------------------------------------------------------------------

export interface CfbNode {
  name: string;
  /** Present (even empty) for a storage; absent for a stream. */
  children?: CfbNode[];
}

const END_OF_CHAIN = 0xfffffffe;
const FREE_SECT = 0xffffffff;
const FAT_SECT = 0xfffffffd;

/**
 * A minimal but valid version-3 compound file: header, one FAT sector, the directory, and zero-length streams.
 * Enough for anything that reads the directory (our sniffer, `file`, olefile); stream contents are not needed.
 */
export function makeCfb(tree: CfbNode[], opts: { rootClsid?: Uint8Array } = {}): Uint8Array {
  type Flat = { name: string; type: 1 | 2 | 5; child: number; right: number; clsid?: Uint8Array };
  const flat: Flat[] = [{ name: 'Root Entry', type: 5, child: FREE_SECT, right: FREE_SECT, clsid: opts.rootClsid }];
  // Siblings form a degenerate (all-black, right-leaning) tree: legal, and readers must walk it anyway.
  const addLevel = (nodes: CfbNode[]): number => {
    let first = FREE_SECT;
    let prev = -1;
    for (const node of nodes) {
      const index = flat.length;
      flat.push({ name: node.name, type: node.children ? 1 : 2, child: FREE_SECT, right: FREE_SECT });
      if (node.children) flat[index].child = addLevel(node.children);
      if (prev >= 0) flat[prev].right = index;
      else first = index;
      prev = index;
    }
    return first;
  };
  flat[0].child = addLevel(tree);

  const dirSectors = Math.ceil(flat.length / 4);
  const totalSectors = 1 + dirSectors; // sector 0 = FAT, then directory
  const out = new Uint8Array(512 * (1 + totalSectors));
  const v = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  v.setUint16(0x18, 0x003e, true); // minor version
  v.setUint16(0x1a, 0x0003, true); // major version 3 (512-byte sectors)
  v.setUint16(0x1c, 0xfffe, true); // little-endian
  v.setUint16(0x1e, 9, true); // sector shift
  v.setUint16(0x20, 6, true); // mini sector shift
  v.setUint32(0x2c, 1, true); // FAT sectors
  v.setUint32(0x30, 1, true); // first directory sector
  v.setUint32(0x38, 4096, true); // mini stream cutoff
  v.setUint32(0x3c, END_OF_CHAIN, true); // no mini FAT
  v.setUint32(0x44, END_OF_CHAIN, true); // no DIFAT sectors
  v.setUint32(0x4c, 0, true); // FAT lives in sector 0
  for (let i = 1; i < 109; i++) v.setUint32(0x4c + i * 4, FREE_SECT, true);

  const fatOff = 512;
  for (let i = 0; i < 128; i++) v.setUint32(fatOff + i * 4, FREE_SECT, true);
  v.setUint32(fatOff, FAT_SECT, true);
  for (let s = 1; s <= dirSectors; s++) v.setUint32(fatOff + s * 4, s === dirSectors ? END_OF_CHAIN : s + 1, true);

  const dirOff = 1024;
  for (let i = 0; i < dirSectors * 4; i++) {
    const off = dirOff + i * 128;
    const e = flat[i];
    v.setUint32(off + 0x44, FREE_SECT, true);
    v.setUint32(off + 0x48, FREE_SECT, true);
    v.setUint32(off + 0x4c, FREE_SECT, true);
    if (!e) continue;
    for (let c = 0; c < e.name.length; c++) v.setUint16(off + c * 2, e.name.charCodeAt(c), true);
    v.setUint16(off + 0x40, (e.name.length + 1) * 2, true);
    out[off + 0x42] = e.type;
    out[off + 0x43] = 1; // black
    v.setUint32(off + 0x48, e.right, true);
    v.setUint32(off + 0x4c, e.child, true);
    if (e.clsid) out.set(e.clsid, off + 0x50);
    v.setUint32(off + 0x74, END_OF_CHAIN, true); // zero-length stream / empty mini stream
  }
  return out;
}

/** A .doc as far as the directory goes: WordDocument + 1Table (+ Macros/VBA when asked). */
export function makeDoc(opts: { macro?: boolean } = {}): Uint8Array {
  const nodes: CfbNode[] = [{ name: 'WordDocument' }, { name: '1Table' }, { name: '\u0005SummaryInformation' }];
  if (opts.macro) nodes.push({ name: 'Macros', children: [{ name: 'VBA', children: [{ name: 'dir' }, { name: '_VBA_PROJECT' }] }, { name: 'PROJECT' }] });
  return makeCfb(nodes);
}

export function makeXls(opts: { macro?: boolean } = {}): Uint8Array {
  const nodes: CfbNode[] = [{ name: 'Workbook' }, { name: '\u0005SummaryInformation' }];
  if (opts.macro) nodes.push({ name: '_VBA_PROJECT_CUR', children: [{ name: 'VBA', children: [{ name: 'dir' }] }, { name: 'PROJECT' }] });
  return makeCfb(nodes);
}

/** MSI root CLSID {000C1084-0000-0000-C000-000000000046} in file byte order. */
export const MSI_CLSID = Uint8Array.from([0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);

/** A minimal DOS/PE header: "MZ", e_lfanew -> "PE\0\0". */
export function makeMz(): Uint8Array {
  const b = new Uint8Array(256);
  b.set([0x4d, 0x5a], 0);
  new DataView(b.buffer).setUint32(0x3c, 0x80, true);
  b.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80);
  return b;
}

export const encodeUtf16le = (s: string, bom = true): Uint8Array => {
  const body = Buffer.from(s, 'utf16le');
  return bom ? new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body])) : new Uint8Array(body);
};

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
