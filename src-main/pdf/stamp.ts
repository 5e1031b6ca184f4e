// Stamp annotations (number/date on a signed draft, the copy text on page 1) added by one incremental update, so
// earlier signatures stay valid. The drawing itself comes from appearance.ts.

import { randomBytes } from 'node:crypto';
import { graftAppearance, type RenderedAppearance } from './appearance';
import { openPdf } from './file';
import { addObject, beginUpdate, serialiseUpdate } from './incremental';
import { dict, name, str, textString } from './objects';
import { pdfDate } from './sign-field';
import { appendAnnot, pageRef } from './structure';

export interface StampSpec {
  /** 1-based page. */
  page: number;
  /** [x1 y1 x2 y2] in PDF user space. */
  rect: [number, number, number, number];
  appearance: RenderedAppearance;
  /** Plain text of the stamp, written to /Contents (what viewers show and text search finds). */
  text: string;
}

/** Flags: Print (4) | ReadOnly (64) | Locked (128). */
const STAMP_FLAGS = 4 | 64 | 128;

export function addStamps(bytes: Uint8Array, stamps: StampSpec[], now = Date.now()): Buffer {
  const file = openPdf(bytes);
  const u = beginUpdate(file);
  for (const s of stamps) {
    const page = pageRef(file, s.page);
    const ap = graftAppearance(u, s.appearance);
    const annot = addObject(
      u,
      dict({
        Type: name('Annot'),
        Subtype: name('Stamp'),
        Rect: s.rect,
        Contents: textString(s.text),
        NM: textString(`vanthu-stamp-${randomBytes(8).toString('hex')}`),
        M: str(Buffer.from(pdfDate(now), 'latin1')),
        F: STAMP_FLAGS,
        P: page,
        AP: dict({ N: ap }),
      }),
    );
    appendAnnot(u, page, annot);
  }
  return serialiseUpdate(u).pdf;
}
