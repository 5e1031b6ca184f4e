// Appearance streams for signature widgets and stamps: drawn with pdf-lib (+ fontkit, Liberation Serif subsets) into
// a one-page PDF, then grafted into an incremental update as a Form XObject with every reachable object renumbered.

import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { decodeStream } from './decode';
import { openPdf, type PdfFile } from './file';
import { addObject, allocate, type Update } from './incremental';
import { dict, isStream, name, type PdfObject, type PdfRef } from './objects';
import { unreadable } from './parse';

export interface AppearanceFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export type AppearanceItem =
  | { kind: 'image'; png: Uint8Array; x: number; y: number; w: number; h: number }
  | { kind: 'text'; text: string; x: number; y: number; size: number; bold?: boolean; color?: [number, number, number] };

export interface AppearanceSpec {
  width: number;
  height: number;
  items: AppearanceItem[];
}

/** A drawn appearance: a one-page PDF of the appearance's size, ready to graft (see graftAppearance). */
export interface RenderedAppearance {
  pdf: Uint8Array;
  width: number;
  height: number;
}

/** Reads the bundled Times-metric fonts (Liberation Serif 2.x covers Vietnamese) from `<resourcesDir>/fonts`. */
export function loadAppearanceFonts(resourcesDir: string): AppearanceFonts {
  const read = (f: string): Uint8Array => fs.readFileSync(path.join(resourcesDir, 'fonts', f));
  return { regular: read('LiberationSerif-Regular.ttf'), bold: read('LiberationSerif-Bold.ttf') };
}

export async function renderAppearance(spec: AppearanceSpec, fonts: AppearanceFonts): Promise<RenderedAppearance> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const page = doc.addPage([spec.width, spec.height]);
  const needs = (bold: boolean): boolean => spec.items.some((i) => i.kind === 'text' && !!i.bold === bold);
  const regular = needs(false) ? await doc.embedFont(fonts.regular, { subset: true }) : undefined;
  const bold = needs(true) ? await doc.embedFont(fonts.bold, { subset: true }) : undefined;
  for (const item of spec.items) {
    if (item.kind === 'image') {
      const img = await doc.embedPng(item.png);
      page.drawImage(img, { x: item.x, y: item.y, width: item.w, height: item.h });
    } else {
      const [r, g, b] = item.color ?? [0, 0, 0];
      page.drawText(item.text.normalize('NFC'), { x: item.x, y: item.y, size: item.size, font: item.bold ? bold : regular, color: rgb(r, g, b) });
    }
  }
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, width: spec.width, height: spec.height };
}

/** Copies page 1 of the rendered appearance into the update as a Form XObject; returns its reference. */
export function graftAppearance(u: Update, appearance: RenderedAppearance): PdfRef {
  const src = openPdf(appearance.pdf);
  const page = src.pages()[0];
  if (!page) throw unreadable('Hình thể hiện không có trang');
  const map = new Map<number, PdfRef>();
  const resources = copyDeep(u, src, page.inherited.map.get('Resources') ?? dict(), map, 0);
  const form = dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, appearance.width, appearance.height], Resources: resources });
  const contents = src.resolve(page.dict.map.get('Contents'));
  const parts = Array.isArray(contents) ? contents.map((c) => src.resolve(c)) : [contents];
  const streams = parts.filter(isStream);
  if (streams.length === 1) {
    for (const k of ['Filter', 'DecodeParms']) {
      const v = streams[0].dict.map.get(k);
      if (v !== undefined) form.map.set(k, copyDeep(u, src, v, map, 0));
    }
    return addObject(u, { kind: 'stream', dict: form, data: streams[0].data });
  }
  const joined = Buffer.concat(streams.map((s) => Buffer.from(decodeStream(s))).flatMap((b) => [b, Buffer.from('\n')]));
  form.map.set('Filter', name('FlateDecode'));
  return addObject(u, { kind: 'stream', dict: form, data: deflateSync(joined) });
}

const MAX_GRAFTED = 10_000;

/** A deep copy of a value with every reachable indirect object added to the update under a new number. */
function copyDeep(u: Update, src: PdfFile, o: PdfObject, map: Map<number, PdfRef>, depth: number): PdfObject {
  if (depth > 100) throw unreadable('Hình thể hiện lồng quá sâu');
  if (o === null || typeof o !== 'object') return o;
  if (Array.isArray(o)) return o.map((v) => copyDeep(u, src, v, map, depth + 1));
  switch (o.kind) {
    case 'ref': {
      if (map.has(o.num)) return map.get(o.num) as PdfRef;
      if (map.size >= MAX_GRAFTED) throw unreadable('Hình thể hiện quá nhiều đối tượng');
      const target = allocate(u);
      map.set(o.num, target);
      u.objects.set(target.num, { gen: 0, obj: copyDeep(u, src, src.get(o.num) ?? null, map, depth + 1) });
      return target;
    }
    case 'dict':
      return { kind: 'dict', map: new Map([...o.map].map(([k, v]) => [k, copyDeep(u, src, v, map, depth + 1)])) };
    case 'stream': {
      // /Length is rewritten on serialisation; copying an indirect one would only add a dead object.
      const d = { kind: 'dict' as const, map: new Map([...o.dict.map].filter(([k]) => k !== 'Length')) };
      return { kind: 'stream', dict: copyDeep(u, src, d, map, depth + 1) as typeof o.dict, data: o.data };
    }
    default:
      return o;
  }
}
