// Bounded reads of a file on disk for sniffing and text extraction of large uploads: the head, and a streaming
// search for byte tokens. Nothing here holds more than one chunk of the file in memory.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

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
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    // The tail of the previous chunk is searched again so a token split across two chunks is still seen.
    const window = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    for (const n of needles) if (!found.has(n.t) && window.indexOf(n.b) >= 0) found.add(n.t);
    if (found.size === needles.length) break;
    carry = Buffer.from(window.subarray(Math.max(0, window.length - overlap)));
  }
  return found;
}
