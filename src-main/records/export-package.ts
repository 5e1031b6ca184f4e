// The export package of one file (hồ sơ) as a streamed ZIP: combined PDF (front matter + documents in order),
// originals byte for byte, XML + XSD, README and a SHA-256 manifest (standards §3.9 function 4). Never holds more
// than one stored file in memory and never builds the archive in memory; it does not query anything (print-data.ts).

import { createHash } from 'node:crypto';
import path from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate';
import { formatVnDate, formatVnDateTime } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { packageRoot } from '../env';
import { concatPdfs, countMergePages, reasonOf, type ConcatSource } from '../pdf/concat';
import { listSignatures } from '../pdf/signatures';
import type { ExportPackageInput, ExportPackageResult, FileItemMeta, PackageFile } from './print-data';
import { fileXml, hoSoXsd, HO_SO_XSD_FILE, type XmlFileEntry } from './xml';

export interface ExportPackageOptions {
  /** Where resources/schemas/ho-so.xsd is: the host's env.resourcesDir (packaged apps keep it outside the code). */
  resourcesDir?: string;
}

export const PACKAGE_PATHS = {
  combinedPdf: 'ho-so.pdf',
  originals: 'tai-lieu',
  xml: 'metadata/ho-so.xml',
  xsd: `metadata/${HO_SO_XSD_FILE}`,
  readme: 'README.txt',
  manifest: 'manifest-sha256.txt',
} as const;

/** Originals are pushed into the archive in slices of this size, so the consumer sees steady, bounded writes. */
const SLICE = 1 << 20;
/** The front matter's page count and the page numbers it prints depend on each other: a few rounds settle it. */
const FRONT_MATTER_ROUNDS = 5;

/** fflate writes classic ZIP (no ZIP64): sizes and offsets past 4 GiB would be silently wrong, so stop before. */
const ZIP32_LIMIT = 0xffff_ffff;

/** Formats already compressed: stored as they are (deflating them again costs time and saves nothing). */
const STORED = /^(application\/pdf|image\/(jpeg|png|gif|webp)|application\/(zip|x-zip-compressed|vnd\.openxmlformats-officedocument\..*|vnd\.oasis\.opendocument\..*))$/;

const isPdf = (f: PackageFile): boolean => f.mime === 'application/pdf' || /\.pdf$/i.test(f.name);

/** A file or folder name that every system can write: NFC, no path or reserved characters, bounded length. */
export function safeName(name: string, max = 120): string {
  let s = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if ([...s].length > max) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s =
      [...s.slice(0, s.length - ext.length)]
        .slice(0, max - ext.length)
        .join('')
        .trimEnd() + ext;
  }
  return s || 'tep';
}

/** fflate pushes its output synchronously; this queue hands it to `write` one chunk at a time (backpressure). */
class ZipWriter {
  private readonly zip: Zip;
  private queue: Uint8Array[] = [];
  private failure: Error | null = null;
  private written = 0;
  readonly entries: Array<{ path: string; sha256: string; size: number }> = [];

  constructor(
    private readonly write: (chunk: Uint8Array) => Promise<void>,
    private readonly mtime: number,
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else if (chunk.length > 0) this.queue.push(chunk);
    });
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.queue.length > 0) {
      const next = this.queue;
      this.queue = [];
      for (const c of next) {
        this.written += c.length;
        if (this.written > ZIP32_LIMIT) throw new AppError('file_too_large', 'Gói xuất hồ sơ vượt quá 4 GB (giới hạn của tệp ZIP); chưa xuất được hồ sơ này.');
        await this.write(c);
      }
    }
  }

  /** Adds one entry whose bytes `produce` pushes; returns its SHA-256 and size (hashed as it streams). */
  async entry(path: string, stored: boolean, produce: (push: (chunk: Uint8Array) => Promise<void>) => Promise<void>): Promise<{ sha256: string; size: number }> {
    const file: ZipInputFile & { push(chunk: Uint8Array, final?: boolean): void } = stored ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    file.mtime = this.mtime;
    // Made on "Unix" with a plain file mode: Info-ZIP's unzip reads names of entries made on "MS-DOS" (fflate's
    // default) as code page 437 even when the UTF-8 flag is set, which garbles Vietnamese names. Windows Explorer
    // and 7-Zip follow the UTF-8 flag either way.
    file.os = 3;
    file.attrs = 0o100644 * 0x10000;
    this.zip.add(file);
    const hash = createHash('sha256');
    let size = 0;
    await produce(async (chunk) => {
      if (chunk.length === 0) return;
      hash.update(chunk);
      size += chunk.length;
      file.push(chunk, false);
      await this.drain();
    });
    file.push(new Uint8Array(0), true);
    await this.drain();
    const out = { path, sha256: hash.digest('hex'), size };
    this.entries.push(out);
    return out;
  }

  async text(path: string, text: string): Promise<{ sha256: string; size: number }> {
    return this.entry(path, false, async (push) => push(Buffer.from(text, 'utf8')));
  }

  async end(): Promise<void> {
    this.zip.end();
    await this.drain();
  }
}

/** Reads a stored file and checks it is still the bytes it was stored as (content-addressed). */
async function readChecked(f: PackageFile): Promise<Uint8Array> {
  const bytes = await f.read();
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== f.hash.toLowerCase()) throw new AppError('blob_corrupt', `Tệp "${f.name}" của văn bản số thứ tự ${f.ordinal} đã bị thay đổi hoặc hỏng; chưa xuất được hồ sơ.`);
  return bytes;
}

/** Whether a PDF carries signature fields (a damaged one that cannot be parsed for them counts as unsigned). */
function hasSignatures(bytes: Uint8Array): boolean {
  try {
    return listSignatures(bytes).length > 0;
  } catch {
    return false;
  }
}

/**
 * Pages a PDF adds to ho-so.pdf, proven by copying it once into nowhere: a file that opens but breaks while its
 * pages are copied is caught here, before the front matter prints page numbers that would count it.
 */
async function mergeablePages(bytes: Uint8Array): Promise<number> {
  const r = await concatPdfs([{ title: '', load: async () => bytes }], async () => {});
  const first = r.perSource[0]!;
  if ('error' in first) throw new AppError('pdf_unreadable', first.error);
  return first.pages;
}

interface Planned {
  file: PackageFile;
  /** Path inside the package folder. */
  path: string;
  /** Pages it adds to ho-so.pdf, or null when it is not merged. */
  pages: number | null;
  /** A PDF carrying signatures: said in the XML (the original goes in unchanged like every other). */
  signed: boolean;
}

/** Items with their page range inside ho-so.pdf, documents starting after `frontPages` pages. */
function withPages(items: FileItemMeta[], plan: Planned[], frontPages: number): FileItemMeta[] {
  let next = frontPages + 1;
  return items.map((it) => {
    const pages = plan.filter((p) => p.file.ordinal === it.ordinal && p.pages !== null).reduce((n, p) => n + (p.pages ?? 0), 0);
    if (it.hidden || pages === 0) return { ...it, pageFrom: null, pageTo: null };
    const from = next;
    next += pages;
    return { ...it, pageFrom: from, pageTo: next - 1 };
  });
}

/**
 * Writes the package as a ZIP through `write` (awaited: a slow consumer slows the writer, nothing piles up).
 * Order of work: check the metadata (refuse before writing anything), count the pages of every PDF, render the
 * front matter for the final page numbers, then stream ho-so.pdf, the originals, the XML, XSD, README, manifest.
 */
export async function writeExportPackage(input: ExportPackageInput, write: (chunk: Uint8Array) => Promise<void>, opts: ExportPackageOptions = {}): Promise<ExportPackageResult> {
  const items = [...input.items].sort((a, b) => a.ordinal - b.ordinal);
  fileXml(input.file, items, { exportedAt: input.exportedAt, exportedBy: input.exportedBy });
  // Without a host-given directory, the checkout's resources/ (CLI, tests); the app passes env.resourcesDir.
  const xsd = hoSoXsd(opts.resourcesDir ?? path.join(packageRoot(), 'resources'));

  // Files of documents the exporter may not see are left out altogether, whatever the caller passed.
  const hidden = new Set(items.filter((i) => i.hidden).map((i) => i.ordinal));
  const order = new Map(items.map((it, i) => [it.ordinal, i]));
  const files = input.files.filter((f) => !hidden.has(f.ordinal)).sort((a, b) => (order.get(a.ordinal) ?? 1e9) - (order.get(b.ordinal) ?? 1e9));

  const notMerged: ExportPackageResult['notMerged'] = [];
  const used = new Set<string>();
  const plan: Planned[] = [];
  for (const f of files) {
    let base = `${String(f.ordinal).padStart(3, '0')}-${safeName(f.name)}`;
    for (let k = 2; used.has(base.toLowerCase()); k++) base = `${String(f.ordinal).padStart(3, '0')}-${k}-${safeName(f.name)}`;
    used.add(base.toLowerCase());
    let pages: number | null = null;
    let signed = false;
    if (!isPdf(f)) notMerged.push({ name: f.name, reason: 'Không phải tệp PDF: chỉ có bản gốc trong thư mục tai-lieu.' });
    else {
      try {
        const bytes = await readChecked(f);
        signed = hasSignatures(bytes);
        pages = await mergeablePages(bytes);
      } catch (e) {
        if (e instanceof AppError && e.code === 'blob_corrupt') throw e;
        notMerged.push({ name: f.name, reason: `${reasonOf(e)} (chỉ có bản gốc trong thư mục tai-lieu).` });
      }
    }
    plan.push({ file: f, path: `${PACKAGE_PATHS.originals}/${base}`, pages, signed });
  }

  // The front matter prints page numbers that depend on its own length.
  let frontPages = 1;
  let front: Uint8Array | null = null;
  let finalItems = withPages(items, plan, frontPages);
  for (let round = 0; round < FRONT_MATTER_ROUNDS && front === null; round++) {
    const rendered = await input.frontMatter(finalItems);
    const n = countMergePages(rendered);
    if (n === frontPages) front = rendered;
    else {
      frontPages = n;
      finalItems = withPages(items, plan, frontPages);
    }
  }
  if (front === null) throw new Error(`Front matter page count did not settle after ${FRONT_MATTER_ROUNDS} rounds`);

  const top = safeName(input.file.fileCode);
  const zip = new ZipWriter(write, input.exportedAt);
  const byOrdinal = new Map(items.map((it) => [it.ordinal, it]));

  const sources: ConcatSource[] = [{ title: 'Bìa hồ sơ và mục lục văn bản', load: async () => front }];
  const merged = plan.filter((p) => p.pages !== null);
  for (const p of merged) {
    const it = byOrdinal.get(p.file.ordinal);
    const sameDoc = merged.filter((q) => q.file.ordinal === p.file.ordinal);
    const part = sameDoc.length > 1 ? ` (tệp ${sameDoc.indexOf(p) + 1}/${sameDoc.length})` : '';
    const head = [it?.typeName, it?.code].filter(Boolean).join(' ');
    const title = `${p.file.ordinal}. ${head ? `${head} — ` : ''}${it?.subject ?? p.file.name}${part}`;
    sources.push({ title: title.length > 200 ? `${title.slice(0, 199)}…` : title, load: () => readChecked(p.file) });
  }
  let concat: Awaited<ReturnType<typeof concatPdfs>> | undefined;
  const pdf = await zip.entry(`${top}/${PACKAGE_PATHS.combinedPdf}`, true, async (push) => {
    concat = await concatPdfs(sources, push);
  });
  // The page numbers in the front matter and the XML were computed from the first reading: they must still hold.
  concat!.perSource.forEach((r, i) => {
    const expected = i === 0 ? frontPages : merged[i - 1]!.pages;
    if (!('pages' in r) || r.pages !== expected) throw new Error(`Source ${i} of ho-so.pdf changed between counting and merging`);
  });

  const xmlFiles: XmlFileEntry[] = [{ path: PACKAGE_PATHS.combinedPdf, sha256: pdf.sha256, size: pdf.size, mime: 'application/pdf', role: 'combined' }];
  for (const p of plan) {
    const bytes = await readChecked(p.file);
    const out = await zip.entry(`${top}/${p.path}`, STORED.test(p.file.mime) || isPdf(p.file), async (push) => {
      for (let at = 0; at < bytes.length; at += SLICE) await push(bytes.subarray(at, Math.min(bytes.length, at + SLICE)));
    });
    xmlFiles.push({ path: p.path, sha256: out.sha256, size: out.size, mime: p.file.mime, ordinal: p.file.ordinal, signed: p.signed, role: 'original' });
  }

  await zip.text(`${top}/${PACKAGE_PATHS.xml}`, fileXml(input.file, finalItems, { exportedAt: input.exportedAt, exportedBy: input.exportedBy, files: xmlFiles }));
  await zip.text(`${top}/${PACKAGE_PATHS.xsd}`, xsd);
  await zip.text(`${top}/${PACKAGE_PATHS.readme}`, readme(input, top, plan, notMerged, concat!.pages, frontPages));
  const manifest = zip.entries.map((e) => `${e.sha256}  ${e.path.slice(top.length + 1)}`).join('\n') + '\n';
  await zip.text(`${top}/${PACKAGE_PATHS.manifest}`, manifest);
  await zip.end();

  return { documents: items.length, pages: concat!.pages, notMerged };
}

/** README.txt in Vietnamese, CRLF and a BOM so Notepad on an office PC shows it right. */
function readme(input: ExportPackageInput, top: string, plan: Planned[], notMerged: ExportPackageResult['notMerged'], pages: number, frontPages: number): string {
  const f = input.file;
  const period = f.endDate ? `${formatVnDate(f.startDate)} – ${formatVnDate(f.endDate)}` : `từ ${formatVnDate(f.startDate)} (hồ sơ chưa kết thúc)`;
  const lines = [
    `GÓI XUẤT HỒ SƠ ${f.fileCode}`,
    '',
    `Tiêu đề hồ sơ: ${f.title}`,
    `Số và ký hiệu hồ sơ: ${f.code} — năm ${f.year}`,
    `Thời gian: ${period}`,
    `Thời hạn bảo quản: ${f.retentionLabel}. Chế độ sử dụng: ${f.rightsLabel}. Người lập hồ sơ: ${f.ownerName}.`,
    `Cơ quan: ${input.org.orgName}`,
    `Xuất lúc ${formatVnDateTime(input.exportedAt)} bởi ${input.exportedBy}, bằng phần mềm VănThư.`,
    '',
    'NỘI DUNG GÓI',
    '',
    `${PACKAGE_PATHS.combinedPdf}`,
    `    Toàn bộ hồ sơ trong một tệp PDF (${pages} trang): ${frontPages} trang bìa và Mục lục văn bản trong hồ sơ, rồi các`,
    '    văn bản theo số thứ tự trong hồ sơ (thứ tự thời gian). Mỗi văn bản có một dấu trang (bookmark).',
    '    Tệp này được ghép lại nên không còn chữ ký số; chữ ký số còn nguyên ở bản gốc trong thư mục tai-lieu.',
    '',
    `${PACKAGE_PATHS.originals}/`,
    '    Bản gốc của từng tệp, giữ nguyên từng byte (văn bản đã ký số vẫn kiểm tra được chữ ký).',
    '    Tên tệp bắt đầu bằng số thứ tự văn bản trong hồ sơ (001, 002 …).',
    '',
    `${PACKAGE_PATHS.xml}`,
    '    Thông tin hồ sơ và từng văn bản theo chuẩn dữ liệu đầu vào của Nghị định 30/2020/NĐ-CP, Phụ lục VI',
    '    (FileCode, Title, Maintenance …; DocOrdinal, CodeNumber, Subject …), kèm danh sách tệp và mã SHA-256.',
    `${PACKAGE_PATHS.xsd}`,
    '    Lược đồ XML (XSD) để kiểm tra tệp ho-so.xml.',
    '',
    `${PACKAGE_PATHS.manifest}`,
    '    Mã băm SHA-256 của mọi tệp khác trong gói, mỗi dòng "mã băm  đường dẫn".',
    '    Kiểm tra trên Linux: sha256sum -c manifest-sha256.txt (chạy trong thư mục này);',
    '    trên Windows: certutil -hashfile <tệp> SHA256 rồi so với dòng tương ứng.',
  ];
  const docs = plan.length;
  lines.push('', `Số văn bản trong hồ sơ: ${input.items.length}; số tệp gốc trong thư mục tai-lieu: ${docs}.`);
  const hiddenCount = input.items.filter((i) => i.hidden).length;
  if (hiddenCount > 0) lines.push(`${hiddenCount} văn bản người xuất không có quyền xem: chỉ có số, ký hiệu và ngày, không kèm tệp.`);
  if (notMerged.length > 0) {
    lines.push('', 'TỆP KHÔNG GHÉP ĐƯỢC VÀO ho-so.pdf (vẫn có bản gốc trong thư mục tai-lieu):');
    for (const n of notMerged) lines.push(`  - ${n.name}: ${n.reason}`);
  }
  lines.push('', `Thư mục gốc của gói: ${top}`);
  return '\ufeff' + lines.map((l) => l.normalize('NFC')).join('\r\n') + '\r\n';
}
