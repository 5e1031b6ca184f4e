// edXML codec figures: encode and decode of a document packet carrying a 30 MB PDF (≈ 40 MB of base64), as the
// desktop sends and the hub routes it. Generated in memory; measures only, never fails.

import { decodePacket, decodePacketBytes, encodeBase64, decodeBase64, encodePacket, type DocumentPacket } from '../../src-shared/edxml';
import { DOCUMENT_NEW } from '../unit/edxml-fixtures';
import { stats } from './util';
import { report } from './index';

const MB = 1 << 20;
const RUNS = 7;

function time(fn: () => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function edxmlBench(): Promise<void> {
  // Pseudo-random bytes behind a PDF header: incompressible like a scanned PDF's JPEG streams.
  const bytes = new Uint8Array(30 * MB);
  let x = 2463534242;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 255;
  }
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  const packet: DocumentPacket = { ...DOCUMENT_NEW, attachments: [{ ...DOCUMENT_NEW.attachments[0]!, bytes }] };
  const text = encodePacket(packet);
  const utf8 = new TextEncoder().encode(text);
  const b64 = encodeBase64(bytes);
  const figures: Array<[string, () => unknown]> = [
    ['base64 encode 30 MB', () => encodeBase64(bytes)],
    ['base64 decode 30 MB', () => decodeBase64(b64)],
    ['encodePacket, 30 MB PDF', () => encodePacket(packet)],
    ['decodePacket (text), 30 MB PDF', () => decodePacket(text)],
    ['decodePacketBytes (UTF-8 file), 30 MB PDF', () => decodePacketBytes(utf8)],
    ['decodePacket skipAttachmentBytes (hub routing), 30 MB PDF', () => decodePacket(text, { skipAttachmentBytes: true })],
  ];
  for (const [figure, fn] of figures) {
    const s = stats(time(fn));
    report({ suite: 'edxml', figure, value: s.p50, unit: 'ms', p95: s.p95, n: s.n, packetChars: text.length });
  }
}
