// The two files beside the database that make the audit chain more than the database file: the chain key
// (audit.key, 0600: the HMAC key and the first row it applies to) and the anchor (audit.anchor: the chain's head
// as last committed). Reads and writes only these files; the chain itself lives in audit/service.ts.
// Never logs or returns the key.

import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFileOnce } from '../write-once';

export const KEY_FILE = 'audit.key';
export const ANCHOR_FILE = 'audit.anchor';

export interface ChainKey {
  key: Buffer;
  /** Rows with this id or higher are keyed (HMAC-SHA256); earlier rows were chained with plain SHA-256. */
  from: number;
}

export interface Anchor {
  /** Rows in the chain when the anchor was written (ids run 1..count without gaps). */
  count: number;
  /** Hash of row `count`. */
  hash: string;
  at: number;
  /** HMAC of the fields above with the chain key: an anchor cannot be forged without the key. */
  mac: string;
}

export type AnchorRead = { state: 'ok'; anchor: Anchor } | { state: 'missing' } | { state: 'invalid'; why: string };

export function keyPath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

export function anchorPath(dataDir: string): string {
  return path.join(dataDir, ANCHOR_FILE);
}

/** The chain key, or null when the data folder has none yet. */
export function readKey(dataDir: string): ChainKey | null {
  let text: string;
  try {
    text = fs.readFileSync(keyPath(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const j = JSON.parse(text) as { v: number; key: string; from: number };
  const key = Buffer.from(j.key, 'base64');
  if (j.v !== 1 || key.length !== 32 || !Number.isInteger(j.from) || j.from < 1) throw new Error(`Tệp khóa nhật ký ${KEY_FILE} không hợp lệ.`);
  return { key, from: j.from };
}

/**
 * Creates the key file for rows from `from` on, unless another process created one first (then that one wins and
 * is returned). Written to a temp file and hard-linked into place: the link fails if the name exists, so two
 * processes starting together agree on one key.
 */
export function createKey(dataDir: string, from: number): ChainKey {
  const target = keyPath(dataDir);
  createFileOnce(target, `${JSON.stringify({ v: 1, alg: 'HMAC-SHA256', key: randomBytes(32).toString('base64'), from })}\n`);
  return readKey(dataDir)!;
}

export function anchorMac(key: Buffer, a: Omit<Anchor, 'mac'>): string {
  return createHmac('sha256', key).update(`vanthu-audit-anchor\n${a.count}\n${a.hash}\n${a.at}`).digest('hex');
}

/** Reads the anchor; a read that met a write in progress (another process) is retried before it counts as invalid. */
export function readAnchor(dataDir: string, key: Buffer | null): AnchorRead {
  let r = readAnchorOnce(dataDir, key);
  for (let i = 0; i < 3 && r.state === 'invalid'; i++) r = readAnchorOnce(dataDir, key);
  return r;
}

function readAnchorOnce(dataDir: string, key: Buffer | null): AnchorRead {
  let text: string;
  try {
    text = fs.readFileSync(anchorPath(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', why: String((e as Error).message) };
  }
  let a: Anchor;
  try {
    a = JSON.parse(text) as Anchor;
  } catch {
    return { state: 'invalid', why: 'không đọc được nội dung' };
  }
  if (!Number.isInteger(a.count) || a.count < 0 || typeof a.hash !== 'string' || typeof a.mac !== 'string') {
    return { state: 'invalid', why: 'thiếu trường bắt buộc' };
  }
  if (key && anchorMac(key, a) !== a.mac) return { state: 'invalid', why: 'mã xác thực không khớp với khóa nhật ký' };
  return { state: 'ok', anchor: a };
}

const ANCHOR_SIZE = 256;

/**
 * Overwrites the anchor in place: one fixed-size write of 256 bytes at offset 0, which a disk writes whole (one
 * sector) and which changes no file metadata. The first anchor is created by temp file + rename. Replacing it by
 * rename every time was measured at ~1.5 ms per commit on ext4 (a rename over a file forces the new data to disk
 * before the next journal commit), a quarter of a registration; this write costs ~0.1 ms. No fsync: an anchor lost
 * to a power cut is only behind, which verify accepts.
 */
export function writeAnchor(dataDir: string, key: Buffer, a: Omit<Anchor, 'mac'>): void {
  const target = anchorPath(dataDir);
  const body = Buffer.alloc(ANCHOR_SIZE, 0x20);
  const json = JSON.stringify({ ...a, mac: anchorMac(key, a) });
  if (body.write(json, 'utf8') < Buffer.byteLength(json)) throw new Error('audit anchor too long');
  let fd: number;
  try {
    fd = fs.openSync(target, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, target);
    return;
  }
  try {
    fs.writeSync(fd, body, 0, ANCHOR_SIZE, 0);
    // A file of another size (written by hand, or by an older layout) is brought to the fixed size.
    if (fs.fstatSync(fd).size !== ANCHOR_SIZE) fs.ftruncateSync(fd, ANCHOR_SIZE);
  } finally {
    fs.closeSync(fd);
  }
}
