// Where the visible signatures already in a PDF are drawn: each signature widget's page and rectangle, so the
// organisation's seal can overlap the personal signature (standards §3.8). Read-only.

import { openPdf } from './file';
import { isDict, isName, isRef, type PdfDict } from './objects';

export interface SignatureWidget {
  page: number;
  rect: [number, number, number, number];
  /** End of the signed byte range: later signatures have larger ends. */
  signedUpTo: number;
}

function isSignatureWidget(file: ReturnType<typeof openPdf>, annot: PdfDict): PdfDict | null {
  if (!isName(annot.map.get('Subtype'), 'Widget')) return null;
  // The widget may be merged with its field, or a kid of it.
  for (let d: PdfDict | undefined = annot, depth = 0; d && depth < 8; d = file.resolveDict(d.map.get('Parent')), depth++) {
    if (isName(d.map.get('FT'), 'Sig')) return file.resolveDict(d.map.get('V')) ?? null;
  }
  return null;
}

/** Visible signature widgets (non-empty rectangles) with a value, in signing order. */
export function signatureWidgets(bytes: Uint8Array): SignatureWidget[] {
  const file = openPdf(bytes);
  const out: SignatureWidget[] = [];
  file.pages().forEach((p, i) => {
    const annots = file.resolve(p.dict.map.get('Annots'));
    if (!Array.isArray(annots)) return;
    for (const a of annots.slice(0, 5000)) {
      const annot = file.resolveDict(isRef(a) || isDict(a) ? a : undefined);
      if (!annot) continue;
      const sig = isSignatureWidget(file, annot);
      if (!sig || isName(sig.map.get('Type'), 'DocTimeStamp')) continue;
      const r = file.resolve(annot.map.get('Rect'));
      if (!Array.isArray(r) || r.length !== 4 || !r.every((n) => typeof n === 'number')) continue;
      const [x1, y1, x2, y2] = r as number[];
      if (Math.abs(x2 - x1) < 1 || Math.abs(y2 - y1) < 1) continue;
      const br = file.resolve(sig.map.get('ByteRange'));
      const signedUpTo = Array.isArray(br) && br.length === 4 && typeof br[2] === 'number' && typeof br[3] === 'number' ? br[2] + br[3] : 0;
      out.push({ page: i + 1, rect: [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)], signedUpTo });
    }
  });
  return out.sort((a, b) => a.signedUpTo - b.signedUpTo);
}

/** The most recent visible signature (the personal signature before the seal), or null. */
export function lastSignatureWidget(bytes: Uint8Array): SignatureWidget | null {
  const all = signatureWidgets(bytes);
  return all[all.length - 1] ?? null;
}
