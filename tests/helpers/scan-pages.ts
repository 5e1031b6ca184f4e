// Generated "scanned" pages for the scanning tests: Vietnamese administrative letters rendered with sharp (pango,
// the bundled Liberation Serif 2 files, so diacritics are real glyphs), on slightly grey paper, with optional
// scanner noise, speckle, show-through and a small skew. Deterministic for a seed; no external tools.

import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';

export const RESOURCES = path.resolve(import.meta.dirname, '../../resources');
const FONT_REGULAR = path.join(RESOURCES, 'fonts', 'LiberationSerif-Regular.ttf');
const FONT_BOLD = path.join(RESOURCES, 'fonts', 'LiberationSerif-Bold.ttf');

export interface TextLine {
  text: string;
  /** Points (at the page's dpi). */
  size?: number;
  bold?: boolean;
  /** Left edge in pixels, or 'center'. */
  x?: number | 'center';
  /** Top in pixels. */
  y: number;
  /** CSS colour; show-through uses a faint one. */
  color?: string;
}

export interface PageOptions {
  width?: number;
  height?: number;
  dpi?: number;
  paper?: [number, number, number];
  lines?: TextLine[];
  /** Gaussian sensor noise, sigma in grey levels. */
  noise?: number;
  /** Isolated dark specks per megapixel (dust). */
  speckle?: number;
  /** Faint mirrored text of "the other side". */
  showThrough?: TextLine[];
  /** Skew in degrees. */
  skew?: number;
  seed?: number;
  grey?: boolean;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function textImage(line: TextLine, dpi: number): Promise<{ input: Buffer; width: number; height: number }> {
  const size = line.size ?? 13;
  const font = `Liberation Serif${line.bold ? ' Bold' : ''} ${size}`;
  const { data, info } = await sharp({
    text: { text: `<span foreground="${line.color ?? '#141414'}">${esc(line.text)}</span>`, font, fontfile: line.bold ? FONT_BOLD : FONT_REGULAR, dpi, rgba: true },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { input: data, width: info.width, height: info.height };
}

/** A page as an 8-bit RGB (or grey) PNG, like a scanner's output. */
export async function renderPage(o: PageOptions = {}): Promise<Buffer> {
  const width = o.width ?? 1654;
  const height = o.height ?? 2339;
  const dpi = o.dpi ?? 200;
  const paper = o.paper ?? [250, 249, 244];
  const composites: OverlayOptions[] = [];
  for (const line of o.showThrough ?? []) {
    const t = await textImage({ ...line, color: line.color ?? '#dcdad2' }, dpi);
    const flopped = await sharp(t.input).flop().toBuffer();
    const left = line.x === 'center' || line.x === undefined ? Math.round((width - t.width) / 2) : width - line.x - t.width;
    composites.push({ input: flopped, top: line.y, left: Math.max(0, left) });
  }
  for (const line of o.lines ?? []) {
    const t = await textImage(line, dpi);
    if (t.width > width || line.y + t.height > height) throw new Error(`line does not fit the page: ${line.text}`);
    const left = line.x === 'center' ? Math.round((width - t.width) / 2) : (line.x ?? 236);
    composites.push({ input: t.input, top: line.y, left: Math.max(0, Math.min(left, width - t.width)) });
  }
  let img = sharp({ create: { width, height, channels: 3, background: { r: paper[0], g: paper[1], b: paper[2] } } }).composite(composites);
  if (o.skew) {
    const flat = await img.png().toBuffer();
    const turned = await sharp(flat)
      .rotate(o.skew, { background: { r: paper[0], g: paper[1], b: paper[2] } })
      .toBuffer({ resolveWithObject: true });
    img = sharp(turned.data).extract({
      left: Math.floor((turned.info.width - width) / 2),
      top: Math.floor((turned.info.height - height) / 2),
      width,
      height,
    });
  }
  const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rand = rng(o.seed ?? 1);
  if (o.noise) {
    const ch = info.channels;
    for (let i = 0; i < data.length; i += ch) {
      // The sum of three uniforms is close enough to a bell for sensor noise; one draw per pixel keeps this fast.
      const n = Math.round((rand() + rand() + rand() - 1.5) * 2 * o.noise);
      for (let c = 0; c < ch; c++) {
        const v = data[i + c] + n;
        data[i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  if (o.speckle) {
    const count = Math.round((o.speckle * width * height) / 1e6);
    for (let k = 0; k < count; k++) {
      // Dust is one to three pixels across.
      const size = 1 + Math.floor(rand() * 3);
      const x = Math.floor(rand() * (width - size));
      const y = Math.floor(rand() * (height - size));
      for (let dy = 0; dy < size; dy++) for (let dx = 0; dx < size; dx++) for (let c = 0; c < info.channels; c++) data[((y + dy) * width + x + dx) * info.channels + c] = 40;
    }
  }
  let out = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  if (o.grey) out = out.greyscale();
  return out.png({ compressionLevel: 1 }).withMetadata({ density: dpi }).toBuffer();
}

export interface Letter {
  number: string;
  notation: string;
  place: string;
  date: [number, number, number];
  type: string;
  subject: string;
  body: string[];
  signer: string;
}

export const SAMPLE_LETTER: Letter = {
  number: '123',
  notation: 'UBND-VP',
  place: 'Hà Nam',
  date: [5, 3, 2024],
  type: 'CÔNG VĂN',
  subject: 'Về việc bổ nhiệm cán bộ lãnh đạo',
  body: [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
    'Ủy ban nhân dân xã đề nghị các thôn rà soát danh sách hộ nghèo,',
    'tổng hợp kết quả và báo cáo trước ngày 15 tháng 12 năm 2024.',
    'Đề nghị các đơn vị nghiêm túc thực hiện./.',
  ],
  signer: 'Nguyễn Văn Ánh',
};

/** The lines of an administrative letter laid out as NĐ 30/2020 places them (header block, số, date, title, body, signer). */
export function letterLines(l: Letter = SAMPLE_LETTER, opts: { size?: number; top?: number } = {}): TextLine[] {
  const size = opts.size ?? 13;
  const lh = Math.round((size / 72) * 200 * 1.9);
  const top = opts.top ?? 180;
  const [d, m, y] = l.date;
  const lines: TextLine[] = [
    { text: 'ỦY BAN NHÂN DÂN', x: 260, y: top, size },
    { text: 'XÃ TIÊN HẢI', x: 300, y: top + lh, size, bold: true },
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x: 760, y: top, size, bold: true },
    { text: 'Độc lập - Tự do - Hạnh phúc', x: 880, y: top + lh, size, bold: true },
    { text: `Số: ${l.number}/${l.notation}`, x: 260, y: top + lh * 3, size },
    { text: `${l.place}, ngày ${String(d).padStart(2, '0')} tháng ${m} năm ${y}`, x: 840, y: top + lh * 3, size },
    { text: l.type, x: 'center', y: top + lh * 5, size: size + 1, bold: true },
    { text: l.subject, x: 'center', y: top + lh * 6, size, bold: true },
  ];
  l.body.forEach((t, i) => lines.push({ text: t, x: 236, y: top + lh * (8 + i), size }));
  lines.push({ text: 'CHỦ TỊCH', x: 1080, y: top + lh * (9 + l.body.length), size, bold: true });
  lines.push({ text: l.signer, x: 1020, y: top + lh * (13 + l.body.length), size, bold: true });
  return lines;
}
