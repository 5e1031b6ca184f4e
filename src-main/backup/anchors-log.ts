// The anchors log beside the backups (<dest>/anchors.log): one JSON line per backup with the audit chain's anchor
// (row count + head hash), each line hash-chained to the previous one. Append-only; a backup's manifest records the
// head after its own line, so a log cut or rewritten since any kept backup is noticed. Owns only this file.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';

export const ANCHORS_LOG = 'anchors.log';
const GENESIS = '0'.repeat(64);

export interface AnchorLine {
  n: number;
  id: string;
  at: number;
  /** Audit rows in the snapshot and the hash of the last one. */
  count: number;
  hash: string;
  /** SHA-256 of the database file as stored in the backup. */
  db: string;
  prev: string;
  h: string;
}

function lineHash(l: Omit<AnchorLine, 'h'>): string {
  return createHash('sha256')
    .update(`${l.prev}\n${JSON.stringify([l.n, l.id, l.at, l.count, l.hash, l.db])}`)
    .digest('hex');
}

export type LogRead = { ok: true; lines: AnchorLine[]; head: string } | { ok: false; line: number; why: string; lines: AnchorLine[] };

/** Reads and checks the whole chain; a line that does not parse or link is reported with its number (1-based). */
export async function readAnchorsLog(dest: string): Promise<LogRead> {
  const file = join(dest, ANCHORS_LOG);
  if (!existsSync(file)) return { ok: true, lines: [], head: GENESIS };
  const text = await readFile(file, 'utf8');
  const lines: AnchorLine[] = [];
  let prev = GENESIS;
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  for (let i = 0; i < raw.length; i++) {
    let l: AnchorLine;
    try {
      l = JSON.parse(raw[i]) as AnchorLine;
    } catch {
      return { ok: false, line: i + 1, why: 'dòng không đọc được', lines };
    }
    if (l.n !== i + 1 || l.prev !== prev || lineHash(l) !== l.h) return { ok: false, line: i + 1, why: 'dòng không nối đúng với dòng trước (đã bị sửa, xóa hoặc chèn)', lines };
    lines.push(l);
    prev = l.h;
  }
  return { ok: true, lines, head: prev };
}

/** Appends one line (fsynced) and returns it; its `h` is the new head. */
export async function appendAnchor(dest: string, entry: { id: string; at: number; count: number; hash: string; db: string }): Promise<AnchorLine> {
  const file = join(dest, ANCHORS_LOG);
  // A line torn by a power cut or an unplugged disk (no newline yet) was never referenced by a manifest: drop it.
  if (existsSync(file)) {
    const text = await readFile(file, 'utf8');
    if (text.length && !text.endsWith('\n')) await truncate(file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  }
  const cur = await readAnchorsLog(dest);
  if (!cur.ok) throw Object.assign(new Error(`anchors.log broken at line ${cur.line}`), { anchorsLine: cur.line, why: cur.why });
  const base = { n: cur.lines.length + 1, ...entry, prev: cur.head };
  const line: AnchorLine = { ...base, h: lineHash(base) };
  const fh = await open(file, 'a', 0o644);
  try {
    await fh.write(`${JSON.stringify(line)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return line;
}
