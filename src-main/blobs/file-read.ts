// Bounded reads of a file on disk for sniffing and text extraction of large uploads: the head, and a streaming
// search for byte tokens. Nothing here holds more than one chunk of the file in memory.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 256 << 10;

/** The first `max` bytes of the file (fewer when it is shorter). */
export async function readHead(path: string, max: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    let got = 0;
    while (got < max) {
      const { bytesRead } = await fh.read(buf, got, max - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Which of `tokens` (latin1 byte strings) occur anywhere in the file; stops early once all are found. */
export async function scanFileForTokens(path: string, tokens: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (tokens.length === 0) return found;
  const needles = tokens.map((t) => ({ t, b: Buffer.from(t, 'latin1') }));
  const overlap = Math.max(...needles.map((n) => n.b.length)) - 1;
  let carry = Buffer.alloc(0);
  const seek = (b: Buffer) => {
    for (const n of needles) if (!found.has(n.t) && b.indexOf(n.b) >= 0) found.add(n.t);
  };
  for await (const c of createReadStream(path, { highWaterMark: CHUNK })) {
    const chunk = c as Buffer;
    // A token split across two chunks is seen in the small window around their boundary; no chunk is copied.
    if (carry.length) seek(Buffer.concat([carry, chunk.subarray(0, overlap)]));
    seek(chunk);
    if (found.size === needles.length) break;
    carry = chunk.length >= overlap ? Buffer.from(chunk.subarray(chunk.length - overlap)) : Buffer.concat([carry, chunk]).subarray(-overlap);
  }
  return found;
}
