// The pieces of backup/ that need no office: the chunked AES-256-GCM format (round trip, reordered, dropped and
// cut chunks, another file's label, wrong key), the admin's wording of disk errors, and the weekly slot arithmetic.
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptFrom, deriveKey, encryptTo, ENC_CHUNK, SealError } from '../../src-main/backup/crypto';
import { destError } from '../../src-main/backup/engine';
import { lastSlot } from '../../src-main/backup/service';
import { tempDir } from '../helpers/core';

async function seal(plain: Buffer, label = 'file:vanthu.db') {
  const dir = tempDir('vanthu-enc-');
  const src = path.join(dir, 'plain');
  fs.writeFileSync(src, plain);
  const key = (await deriveKey('mật khẩu thử nghiệm'))!;
  const out = path.join(dir, 'sealed');
  const fh = await open(out, 'w');
  const r = await encryptTo(src, fh, key, label);
  await fh.close();
  return { key, out, r };
}

/** Offsets of the chunks of a sealed file: [start, end) of each [len][body][tag]. */
function chunks(b: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 16;
  while (pos < b.length) {
    const len = b.readUInt32BE(pos);
    out.push([pos, pos + 4 + len + 16]);
    pos += 4 + len + 16;
  }
  return out;
}

describe('backup encryption', () => {
  it('round-trips and refuses reordered, dropped, cut or relabelled chunks and a wrong key', async () => {
    const plain = randomBytes(ENC_CHUNK * 2 + 1234);
    const { key, out, r } = await seal(plain);
    expect(r.plainSize).toBe(plain.length);
    const parts: Buffer[] = [];
    const got = await decryptFrom(out, key, 'file:vanthu.db', (b) => void parts.push(b));
    expect(Buffer.concat(parts).equals(plain)).toBe(true);
    expect(got.plainSha256).toBe(r.plainSha256);

    const b = fs.readFileSync(out);
    const [c0, c1, c2] = chunks(b);
    expect(c2).toBeDefined();
    const write = (buf: Buffer) => {
      fs.writeFileSync(out, buf);
      return decryptFrom(out, key, 'file:vanthu.db');
    };
    // Two full chunks swapped (same length): each chunk's index is in its nonce.
    await expect(write(Buffer.concat([b.subarray(0, 16), b.subarray(c1[0], c1[1]), b.subarray(c0[0], c0[1]), b.subarray(c2[0])]))).rejects.toEqual(new SealError('tampered'));
    // The last chunk dropped (cut exactly at a chunk boundary).
    await expect(write(b.subarray(0, c2[0]))).rejects.toEqual(new SealError('truncated'));
    // Cut inside a chunk.
    await expect(write(b.subarray(0, c1[0] + 100))).rejects.toEqual(new SealError('truncated'));
    // Restored intact, but read as another file.
    await expect(write(b).then(() => decryptFrom(out, key, 'file:audit.key'))).rejects.toBeInstanceOf(SealError);
    // A wrong passphrase with the same salt does not pass the check value.
    expect(await deriveKey('mật khẩu khác', key.info)).toBeNull();
    expect((await deriveKey('mật khẩu thử nghiệm', key.info))?.key.equals(key.key)).toBe(true);
  });

  it('seals an empty file as one last chunk', async () => {
    const { key, out } = await seal(Buffer.alloc(0));
    expect((await decryptFrom(out, key, 'file:vanthu.db')).plainSize).toBe(0);
  });
});

describe('backup errors and schedule', () => {
  it('names a full disk and a vanished folder in the admin’s words', () => {
    const full = destError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/media/usb');
    expect(full.code).toBe('backup_dest_full');
    expect(full.message).toMatch(/^Ổ đĩa đích đã đầy/);
    expect(destError(Object.assign(new Error('gone'), { code: 'ENOENT' }), '/media/usb').code).toBe('backup_dest_unavailable');
    expect(destError(Object.assign(new Error('io'), { code: 'EIO' }), '/media/usb').code).toBe('backup_dest_unavailable');
  });

  it('finds the week’s slot in Vietnam time', () => {
    // Friday 2026-11-27 17:29 in Vietnam: the slot is still last Friday's.
    expect(lastSlot(Date.UTC(2026, 10, 27, 10, 29), 5, '17:30').key).toBe('2026-11-20 17:30');
    expect(lastSlot(Date.UTC(2026, 10, 27, 10, 30), 5, '17:30').key).toBe('2026-11-27 17:30');
    // Saturday 00:30 in Vietnam is still Friday 17:30 UTC: the slot is that Friday.
    expect(lastSlot(Date.UTC(2026, 10, 27, 17, 30), 5, '17:30')).toEqual({ key: '2026-11-27 17:30', at: Date.UTC(2026, 10, 27, 10, 30) });
    // Sunday (7) at 08:00.
    expect(lastSlot(Date.UTC(2026, 10, 25, 3, 0), 7, '08:00').key).toBe('2026-11-22 08:00');
  });
});
