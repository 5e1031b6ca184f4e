// Encryption of backup files: AES-256-GCM in chunks, key from scrypt with a random salt. Owns the on-disk format of
// an encrypted file only; never sees or keeps a passphrase beyond deriving the key, and never logs keys.
// Format: "VTENC1\n\0" + 8-byte nonce prefix, then chunks [u32 length][ciphertext][16-byte tag]. Chunk i uses the
// nonce prefix + i and authenticates (file label, i, last?) so a reordered, dropped or truncated chunk fails.

import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

const MAGIC = Buffer.from('VTENC1\n\0', 'latin1');
const HEADER = MAGIC.length + 8;
const TAG = 16;
export const ENC_CHUNK = 1 << 20;

export interface EncryptionInfo {
  kdf: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
  /** HMAC of a fixed text with the key: tells a wrong passphrase apart from a damaged file. */
  check: string;
}

export interface BackupKey {
  key: Buffer;
  info: EncryptionInfo;
  /** Names the pool of blobs encrypted with this key (blobs are shared only between backups with the same key). */
  tag: string;
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1 };

function checkOf(key: Buffer): string {
  return createHmac('sha256', key).update('vanthu-backup-key-check').digest('hex');
}

function keyOf(key: Buffer, info: EncryptionInfo): BackupKey {
  return { key, info, tag: createHmac('sha256', key).update('vanthu-backup-pool').digest('hex').slice(0, 16) };
}

/** Derives the key from a passphrase: a fresh salt, or the salt of `like` (then the check must match, else null). */
export async function deriveKey(passphrase: string, like?: Omit<EncryptionInfo, 'check'> & { check?: string }): Promise<BackupKey | null> {
  const salt = like ? Buffer.from(like.salt, 'base64') : randomBytes(16);
  const N = like?.N ?? SCRYPT.N;
  const r = like?.r ?? SCRYPT.r;
  const p = like?.p ?? SCRYPT.p;
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + (1 << 20) }, (e, k) => (e ? reject(e) : resolve(k))),
  );
  const check = checkOf(key);
  if (like?.check && !timingSafeEqual(Buffer.from(check, 'hex'), Buffer.from(like.check, 'hex'))) return null;
  return keyOf(key, { kdf: 'scrypt', salt: salt.toString('base64'), N, r, p, check });
}

/** A key kept (derived, never the passphrase) for scheduled backups. */
export function keyFromStored(key: Buffer, info: EncryptionInfo): BackupKey | null {
  return checkOf(key) === info.check ? keyOf(key, info) : null;
}

function nonce(prefix: Buffer, i: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 8);
  n.writeUInt32BE(i, 8);
  return n;
}

function aad(label: string, i: number, last: boolean): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt32BE(i, 0);
  b[4] = last ? 1 : 0;
  return Buffer.concat([Buffer.from(`${label}\0`, 'utf8'), b]);
}

export interface SealResult {
  /** Bytes written (the encrypted file). */
  size: number;
  /** SHA-256 of the encrypted file as written. */
  sha256: string;
  /** SHA-256 of the plain bytes. */
  plainSha256: string;
  plainSize: number;
}

/** Encrypts `src` into the open file `out` (which it fsyncs, not closes). `label` binds the file to its name. */
export async function encryptTo(src: string, out: FileHandle, key: BackupKey, label: string): Promise<SealResult> {
  return sealChunks(createReadStream(src, { highWaterMark: ENC_CHUNK }) as AsyncIterable<Buffer>, out, key, label);
}

/** Encrypts bytes held in memory (a chunk of the database snapshot) the same way, into the same format. */
export async function encryptBufferTo(plain: Buffer, out: FileHandle, key: BackupKey, label: string): Promise<SealResult> {
  const parts: Buffer[] = [];
  for (let off = 0; off < plain.length; off += ENC_CHUNK) parts.push(plain.subarray(off, Math.min(plain.length, off + ENC_CHUNK)));
  return sealChunks(parts, out, key, label);
}

async function sealChunks(source: AsyncIterable<Buffer> | Iterable<Buffer>, out: FileHandle, key: BackupKey, label: string): Promise<SealResult> {
  const prefix = randomBytes(8);
  const outHash = createHash('sha256');
  const plainHash = createHash('sha256');
  let size = 0;
  let plainSize = 0;
  const write = async (b: Buffer) => {
    outHash.update(b);
    let off = 0;
    while (off < b.length) off += (await out.write(b, off, b.length - off)).bytesWritten;
    size += b.length;
  };
  await write(Buffer.concat([MAGIC, prefix]));
  let i = 0;
  const seal = async (plain: Buffer, last: boolean) => {
    const c = createCipheriv('aes-256-gcm', key.key, nonce(prefix, i));
    c.setAAD(aad(label, i, last));
    const body = Buffer.concat([c.update(plain), c.final()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length, 0);
    await write(Buffer.concat([len, body, c.getAuthTag()]));
    i++;
  };
  // One chunk is held back so the last one can be marked as last.
  let held: Buffer | null = null;
  for await (const chunk of source) {
    plainHash.update(chunk);
    plainSize += chunk.length;
    if (held) await seal(held, false);
    held = chunk;
  }
  await seal(held ?? Buffer.alloc(0), true);
  await out.sync();
  return { size, sha256: outHash.digest('hex'), plainSha256: plainHash.digest('hex'), plainSize };
}

export type OpenFailure = 'format' | 'truncated' | 'tampered';

export class SealError extends Error {
  constructor(readonly why: OpenFailure) {
    super(why);
  }
}

/**
 * Decrypts `src` chunk by chunk, handing each plain chunk to `sink` only once its tag checked out. Throws SealError
 * when the file is not in this format, was cut short, or any chunk was altered, moved or belongs to another file.
 */
export async function decryptFrom(src: string, key: BackupKey, label: string, sink?: (plain: Buffer) => Promise<void> | void): Promise<{ plainSha256: string; plainSize: number }> {
  const fh = await open(src, 'r');
  try {
    const head = Buffer.alloc(HEADER);
    if ((await fh.read(head, 0, HEADER, 0)).bytesRead < HEADER || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealError('format');
    const prefix = head.subarray(MAGIC.length);
    const { size } = await fh.stat();
    const plainHash = createHash('sha256');
    let pos = HEADER;
    let i = 0;
    let plainSize = 0;
    for (;;) {
      if (pos === size) throw new SealError('truncated'); // ended without a last chunk
      const lenBuf = Buffer.alloc(4);
      if ((await fh.read(lenBuf, 0, 4, pos)).bytesRead < 4) throw new SealError('truncated');
      const len = lenBuf.readUInt32BE(0);
      if (len > ENC_CHUNK) throw new SealError('tampered');
      if (pos + 4 + len + TAG > size) throw new SealError('truncated');
      const body = Buffer.alloc(len + TAG);
      await fh.read(body, 0, len + TAG, pos + 4);
      pos += 4 + len + TAG;
      const last = pos === size;
      const d = createDecipheriv('aes-256-gcm', key.key, nonce(prefix, i));
      d.setAAD(aad(label, i, last));
      d.setAuthTag(body.subarray(len));
      let plain: Buffer;
      try {
        plain = Buffer.concat([d.update(body.subarray(0, len)), d.final()]);
      } catch {
        // The tag fails for an altered chunk, and for a chunk that was last but is no longer (bytes cut after it).
        throw new SealError(last ? 'truncated' : 'tampered');
      }
      plainHash.update(plain);
      plainSize += plain.length;
      if (sink) await sink(plain);
      i++;
      if (last) return { plainSha256: plainHash.digest('hex'), plainSize };
    }
  } finally {
    await fh.close();
  }
}
