// Turns the bytes of a plain-text file into a string: BOM-marked UTF-8/UTF-16, bare UTF-8, else legacy
// Windows-1258 (Vietnamese ANSI). Decides only the encoding; whether the text is acceptable is sniff.ts's job.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

/** The decoded text (BOM removed), or null when a BOM promises an encoding the bytes do not follow. */
export function decodeTextBytes(b: Uint8Array): { text: string; encoding: TextEncodingName } | null {
  try {
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decode(b.subarray(3), 'utf-8');
    if (b[0] === 0xff && b[1] === 0xfe && !(b[2] === 0 && b[3] === 0)) return decode(b.subarray(2), 'utf-16le');
    if (b[0] === 0xfe && b[1] === 0xff) return decode(b.subarray(2), 'utf-16be');
    if (b[0] === 0xff && b[1] === 0xfe) return null; // UTF-32 LE: not a text encoding we accept
  } catch {
    return null;
  }
  try {
    return decode(b, 'utf-8');
  } catch {
    // Not UTF-8: Vietnamese files from the pre-Unicode era are most often Windows-1258 (TCVN3/VNI font
    // encodings are indistinguishable by bytes and come out as Latin letters; see the report).
    return { text: new TextDecoder('windows-1258').decode(b), encoding: 'windows-1258' };
  }
}

function decode(b: Uint8Array, encoding: Exclude<TextEncodingName, 'windows-1258'>) {
  // ignoreBOM keeps a second BOM as text rather than silently dropping it; we strip the first one ourselves.
  return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(b), encoding };
}
