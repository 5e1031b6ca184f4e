// Typing a large upload from the file on disk (issue 7 item 14): the head decides, a streaming scan looks for what
// may be anywhere (PDF actions, RTF objects, NUL in text), and only ZIP/OLE2 containers are read whole.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHead, scanFileForTokens } from '../../src-main/blobs/file-read';
import { LARGE_TEXT_HEAD, sniffLarge, type SniffResult } from '../../src-main/blobs/sniff';
import { makeDocx, makeMz, VI_OFFICE, VI_TITLE } from './blobs-fixtures';

let dir: string;
const MB = 1 << 20;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-sniff-large-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sniffPath(name: string, bytes: Uint8Array): Promise<{ r: SniffResult; wholeReads: number }> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  let wholeReads = 0;
  const r = await sniffLarge(
    {
      head: await readHead(path, LARGE_TEXT_HEAD),
      scan: (tokens) => scanFileForTokens(path, tokens),
      whole: () => {
        wholeReads++;
        return readFile(path);
      },
    },
    name,
  );
  return { r, wholeReads };
}

describe('scanFileForTokens', () => {
  it('finds a token split across two read chunks', async () => {
    const b = Buffer.alloc(3 * MB, 0x20);
    b.write('/Launch', MB - 3, 'latin1');
    const path = join(dir, 'split.bin');
    writeFileSync(path, b);
    expect([...(await scanFileForTokens(path, ['/Launch', '/Encrypt']))]).toEqual(['/Launch']);
  });
});

describe('sniffLarge', () => {
  it('types a PDF by its head and finds an action far past it', async () => {
    const b = Buffer.alloc(20 * MB, 0x20);
    b.write('%PDF-1.7\n', 0, 'latin1');
    b.write('/JavaScript', 19 * MB, 'latin1');
    const { r, wholeReads } = await sniffPath('cong-van.pdf', b);
    expect(r).toMatchObject({ ok: true, kind: 'pdf', macro: true });
    expect(wholeReads).toBe(0);
    const plain = Buffer.alloc(20 * MB, 0x20);
    plain.write('%PDF-1.7\n', 0, 'latin1');
    expect((await sniffPath('ban-chup.pdf', plain)).r).toMatchObject({ ok: true, kind: 'pdf', macro: false, notes: [] });
  });

  it('refuses an executable from its head, whatever its name', async () => {
    const b = Buffer.concat([makeMz(), Buffer.alloc(20 * MB)]);
    expect((await sniffPath('hop-dong.pdf', b)).r).toMatchObject({ ok: false, reason: 'executable' });
  });

  it('takes large UTF-8 text from its head, and refuses it when a NUL byte hides further in', async () => {
    const line = Buffer.from(`${VI_TITLE} — ${VI_OFFICE}\n`, 'utf8');
    const text = Buffer.concat(Array.from({ length: Math.ceil((20 * MB) / line.length) }, () => line));
    expect((await sniffPath('so-lieu.csv', text)).r).toMatchObject({ ok: true, kind: 'csv', notes: [] });
    text[15 * MB] = 0;
    expect((await sniffPath('so-lieu.txt', text)).r).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('takes large UTF-16 text whose head ends inside a line, without refusing it as binary', async () => {
    const line = `${VI_TITLE}\r\n`;
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line.repeat(Math.ceil((18 * MB) / (line.length * 2))), 'utf16le')]);
    expect((await sniffPath('danh-sach.txt', text)).r).toMatchObject({ ok: true, kind: 'txt' });
  });

  it('reads ZIP containers whole (their directory is at the end)', async () => {
    const { r, wholeReads } = await sniffPath('bao-cao.docx', makeDocx(['Báo cáo']));
    expect(r).toMatchObject({ ok: true, kind: 'docx' });
    expect(wholeReads).toBe(1);
  });
});
