// Where and how signatures and stamps appear on an official document (standards §3.8): the signer's image at the
// signing block (found from the signer's name), the number and date written into the blanks after "Số:" and
// "ngày … tháng … năm", the seal overlapping a third of the personal signature on its left, and the text mark
// (số/ký hiệu + ISO 8601 time) top-right of page 1 of separate attachments. Pure layout: no token, no database.

import { vnIso, formatVnDateTime } from '../../src-shared/calendar/vn-time';
import { loadAppearanceFonts, renderAppearance, type AppearanceFonts, type AppearanceItem, type RenderedAppearance } from '../pdf/appearance';
import { openPdf } from '../pdf/file';
import { findNumberDateFields, findTextLine } from '../pdf/find-text';
import { addStamps, type StampSpec } from '../pdf/stamp';
import { lastSignatureWidget, signatureWidgets } from '../pdf/widgets';

export type Rect = [number, number, number, number];
export interface Visible {
  page: number;
  rect: Rect;
  appearance: RenderedAppearance;
}

const BLUE: [number, number, number] = [0.05, 0.15, 0.6];
/** A round seal is about 35–40 mm across; drawn at actual size (standards §3.8). */
const SEAL_PT = 105;
/** The signer's image: at most this box, keeping the PNG's proportions. */
const SIGNATURE_MAX: [number, number] = [130, 62];

let fontsCache: { dir: string; fonts: AppearanceFonts } | null = null;
function fonts(resourcesDir: string): AppearanceFonts {
  if (fontsCache?.dir !== resourcesDir) fontsCache = { dir: resourcesDir, fonts: loadAppearanceFonts(resourcesDir) };
  return fontsCache.fonts;
}

/** PNG pixel size from its IHDR (width, height), or null for something else. */
export function pngSize(png: Uint8Array): [number, number] | null {
  if (png.length < 24 || png[0] !== 0x89 || png[1] !== 0x50) return null;
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [v.getUint32(16), v.getUint32(20)];
}

function fit(size: [number, number] | null, max: [number, number]): [number, number] {
  if (!size || !size[0] || !size[1]) return max;
  const k = Math.min(max[0] / size[0], max[1] / size[1]);
  return [size[0] * k, size[1] * k];
}

function pageBox(bytes: Uint8Array, page: number): Rect {
  const p = openPdf(bytes).pages()[page - 1];
  const box = p?.inherited.map.get('CropBox') ?? p?.inherited.map.get('MediaBox');
  if (Array.isArray(box) && box.length === 4 && box.every((n) => typeof n === 'number')) return box as Rect;
  return [0, 0, 595.28, 841.89];
}

/** Rough advance width of Times-like text: enough to size a stamp's box (the text itself is drawn by pdf-lib). */
function textWidth(text: string, size: number, bold = false): number {
  return [...text].reduce((w, ch) => w + (/[\s]/.test(ch) ? 0.25 : /[0-9/.\-:]/.test(ch) ? 0.5 : /[A-ZĐ]/.test(ch) ? 0.68 : 0.5), 0) * size * (bold ? 1.05 : 1) + 2;
}

async function textBox(lines: Array<{ text: string; size: number; bold?: boolean; color?: [number, number, number] }>, resourcesDir: string, pad = 2) {
  const width = Math.max(...lines.map((l) => textWidth(l.text, l.size, l.bold))) + pad * 2;
  const height = lines.reduce((h, l) => h + l.size * 1.2, 0) + pad * 2;
  let y = height - pad;
  const items: AppearanceItem[] = lines.map((l) => {
    y -= l.size * 1.2;
    return { kind: 'text', text: l.text, x: pad, y: y + l.size * 0.25, size: l.size, bold: l.bold, color: l.color };
  });
  return { appearance: await renderAppearance({ width, height, items }, fonts(resourcesDir)), width, height };
}

/**
 * The personal signature: the signer's PNG (or, without one, "Ký bởi …" in blue) centred above the signer's name
 * on the last page that carries it; or where the user put it on the preview.
 */
export async function personalPlacement(
  bytes: Uint8Array,
  o: { signerName: string; image: Uint8Array | null; certName: string; at: number; placement?: { page: number; x: number; y: number }; resourcesDir: string },
): Promise<Visible> {
  const [w, h] = o.image ? fit(pngSize(o.image), SIGNATURE_MAX) : [0, 0];
  let appearance: RenderedAppearance;
  let aw: number;
  let ah: number;
  if (o.image) {
    appearance = await renderAppearance({ width: w, height: h, items: [{ kind: 'image', png: o.image, x: 0, y: 0, w, h }] }, fonts(o.resourcesDir));
    [aw, ah] = [w, h];
  } else {
    const box = await textBox(
      [
        { text: `Ký bởi: ${o.certName}`, size: 8, color: BLUE },
        { text: `Thời gian: ${formatVnDateTime(o.at)}`, size: 8, color: BLUE },
      ],
      o.resourcesDir,
    );
    [appearance, aw, ah] = [box.appearance, box.width, box.height];
  }
  if (o.placement) {
    const { page, x, y } = o.placement;
    return { page, rect: [x, y, x + aw, y + ah], appearance };
  }
  // The signer's name as the draft names them, else as their certificate does.
  const name = (await findTextLine(bytes, o.signerName, { lastFirst: true })) ?? (o.certName !== o.signerName ? await findTextLine(bytes, o.certName, { lastFirst: true }) : null);
  if (name) {
    const cx = name.x + name.width / 2;
    const bottom = name.y + name.fontSize * 1.5;
    return { page: name.page, rect: [cx - aw / 2, bottom, cx + aw / 2, bottom + ah], appearance };
  }
  // No name printed: bottom right of the last page, where the signing block usually is.
  const pages = openPdf(bytes).pages().length;
  const box = pageBox(bytes, pages);
  const x = box[2] - 60 - aw;
  return { page: pages, rect: [x, box[1] + 120, x + aw, box[1] + 120 + ah], appearance };
}

/**
 * Writes the number and the date into the document's blanks (one incremental update of Stamp annotations). When
 * the template already prints the notation after the blank ("Số:   /UBND-VP") only the number is written, else
 * the whole code; day and month go after "ngày"/"tháng", the year only when it is not printed.
 */
export async function stampNumberAndDate(bytes: Uint8Array, o: { code: string; codeNumber: string; issuedDate: string; resourcesDir: string }): Promise<Uint8Array> {
  const f = await findNumberDateFields(bytes);
  const stamps: StampSpec[] = [];
  const [yyyy, mm, dd] = o.issuedDate.split('-');
  async function put(anchor: { x: number; y: number; fontSize: number }, text: string) {
    const size = Math.min(Math.max(anchor.fontSize, 10), 16);
    const box = await textBox([{ text, size }], o.resourcesDir, 1);
    const x = anchor.x + size * 0.3;
    const y = anchor.y - size * 0.25 - 1;
    stamps.push({ page: 1, rect: [x, y, x + box.width, y + box.height], appearance: box.appearance, text });
  }
  if (f.number) {
    const after = f.number.after.trim();
    if (!/^\d/.test(after)) await put(f.number, after.startsWith('/') ? o.codeNumber : o.code);
  }
  if (f.day && !/^\d/.test(f.day.after.trim())) await put(f.day, dd);
  if (f.month && !/^\d/.test(f.month.after.trim())) await put(f.month, mm);
  if (f.year && !/^\d{4}/.test(f.year.after.trim())) await put(f.year, yyyy);
  // A document without the usual blanks (a table, a scanned page): number and date top-right of page 1 instead.
  if (!f.number) {
    const box = await textBox([{ text: `Số: ${o.code}, ngày ${dd}/${mm}/${yyyy}`, size: 10 }], o.resourcesDir);
    const pb = pageBox(bytes, 1);
    const x = pb[2] - 20 - box.width;
    const y = pb[3] - 12 - box.height;
    stamps.push({ page: 1, rect: [x, y, x + box.width, y + box.height], appearance: box.appearance, text: `Số: ${o.code}` });
  }
  return stamps.length ? addStamps(bytes, stamps) : bytes;
}

/**
 * The organisation's signature: the seal overlapping about a third of the personal signature on its left (the
 * default), or — configured per office, or when there is no seal image or no personal signature — the text mark
 * top-left/top-right of page 1.
 */
export async function organisationSeal(
  bytes: Uint8Array,
  o: { seal: Uint8Array | null; position: 'overlap-left' | 'top-left' | 'top-right'; orgName: string; at: number; resourcesDir: string },
): Promise<Visible> {
  const personal = o.position === 'overlap-left' && o.seal ? lastSignatureWidget(bytes) : null;
  if (personal && o.seal) {
    const [w, h] = fit(pngSize(o.seal), [SEAL_PT, SEAL_PT]);
    const [x1, y1, x2, y2] = personal.rect;
    const right = x1 + (x2 - x1) / 3;
    const cy = (y1 + y2) / 2;
    const appearance = await renderAppearance({ width: w, height: h, items: [{ kind: 'image', png: o.seal, x: 0, y: 0, w, h }] }, fonts(o.resourcesDir));
    return { page: personal.page, rect: [right - w, cy - h / 2, right, cy + h / 2], appearance };
  }
  return cornerMark(bytes, [o.orgName, vnIso(o.at)], o.position === 'top-left' ? 'left' : 'right', o.resourcesDir);
}

async function cornerMark(bytes: Uint8Array, lines: string[], side: 'left' | 'right', resourcesDir: string): Promise<Visible> {
  const box = await textBox(
    lines.map((text) => ({ text, size: 10 })),
    resourcesDir,
  );
  const pb = pageBox(bytes, 1);
  const x = side === 'right' ? pb[2] - 20 - box.width : pb[0] + 20;
  const y = pb[3] - 12 - box.height;
  return { page: 1, rect: [x, y, x + box.width, y + box.height], appearance: box.appearance };
}

/** Separate attachments: top-right of page 1, no image, số/ký hiệu + ISO 8601 time, 10 pt. */
export function attachmentMark(bytes: Uint8Array, o: { text: string; at: number; resourcesDir: string }): Promise<Visible> {
  return cornerMark(bytes, [o.text, vnIso(o.at)], 'right', o.resourcesDir);
}

/**
 * Electronic copies (ô 14, PL I Phần II.I): top-right of page 1, no image; hình thức sao in capitals ("SAO Y",
 * "SAO LỤC", "TRÍCH SAO"), the copying body's name, the signing time in ISO 8601 (Vietnam time), 10 pt black.
 */
export async function copyMark(bytes: Uint8Array, o: { form: string; orgName: string; at: number; resourcesDir: string }): Promise<Visible> {
  const mark = await cornerMark(bytes, [o.form.toLocaleUpperCase('vi'), o.orgName, vnIso(o.at)], 'right', o.resourcesDir);
  // The source may already carry a mark there (its own organisation signature, an earlier copy's): the copy's goes
  // on the same top line to the left of it, so that it stays in the top margin and covers no text.
  const taken = signatureWidgets(bytes).filter((w) => w.page === 1);
  const [, y1, , y2] = mark.rect;
  const w = mark.rect[2] - mark.rect[0];
  let right = mark.rect[2];
  for (let moved = true; moved;) {
    moved = false;
    for (const t of taken) {
      if (t.rect[0] < right && t.rect[2] > right - w && t.rect[1] < y2 && t.rect[3] > y1) {
        right = t.rect[0] - 6;
        moved = true;
      }
    }
  }
  if (right - w < pageBox(bytes, 1)[0] + 10) return mark; // no room: overlap rather than leave the page
  return { ...mark, rect: [right - w, y1, right, y2] };
}
