// reorderZip: entries copied compressed as they are, in a new physical order, readable by fflate and by Info-ZIP.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listZip, reorderZip } from '../../src-main/blobs/zip';

const sheetsLast = (name: string) => (name.startsWith('xl/worksheets/') ? 1 : 0);

function contents(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(unzipSync(bytes))) out[k] = Buffer.from(v).toString('utf8');
  return out;
}

describe('reorderZip', () => {
  const files = {
    'xl/worksheets/sheet1.xml': strToU8('<sheet>'.repeat(500) + 'một'),
    'xl/workbook.xml': strToU8('<workbook name="Sổ đến"/>'),
    'xl/worksheets/sheet2.xml': strToU8('hai'),
    'xl/styles.xml': strToU8('<styles/>'.repeat(50)),
  };

  it('moves the parts asked for to the front and keeps every entry byte for byte', () => {
    const zip = zipSync(files, { level: 6 });
    const out = reorderZip(zip, sheetsLast);
    expect(listZip(out)?.map((e) => e.name)).toEqual(['xl/workbook.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    expect(contents(out)).toEqual(contents(zip));
  });

  it('returns the same bytes when the order is already right, or the archive cannot be rewritten safely', () => {
    const ordered = zipSync({ 'xl/workbook.xml': files['xl/workbook.xml'], 'xl/worksheets/sheet1.xml': files['xl/worksheets/sheet1.xml'] });
    expect(reorderZip(ordered, sheetsLast)).toBe(ordered);
    const zip = zipSync(files);
    const truncated = zip.subarray(0, zip.length - 30);
    expect(reorderZip(truncated, sheetsLast)).toBe(truncated);
    const noise = new Uint8Array(4096).fill(0x50);
    expect(reorderZip(noise, sheetsLast)).toBe(noise);
  });

  it('rewrites an archive streamed with data descriptors (zip to a pipe) into one Info-ZIP tests clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-zip-'));
    try {
      for (const [name, data] of Object.entries(files)) {
        const flat = name.replace(/\//g, '_');
        writeFileSync(join(dir, flat), data);
      }
      // Written to stdout, zip cannot seek back: every entry gets a data descriptor (flag bit 3).
      const streamed = new Uint8Array(execFileSync('zip', ['-q', '-', 'xl_worksheets_sheet1.xml', 'xl_workbook.xml', 'xl_styles.xml'], { cwd: dir }));
      const flags = new DataView(streamed.buffer, streamed.byteOffset).getUint16(6, true);
      expect(flags & 0x8).toBe(0x8);
      const out = reorderZip(streamed, (n) => (n.startsWith('xl_worksheets') ? 1 : 0));
      expect(listZip(out)?.map((e) => e.name)).toEqual(['xl_workbook.xml', 'xl_styles.xml', 'xl_worksheets_sheet1.xml']);
      expect(contents(out)).toEqual(contents(streamed));
      writeFileSync(join(dir, 'out.zip'), out);
      expect(execFileSync('unzip', ['-tq', 'out.zip'], { cwd: dir }).toString()).toMatch(/No errors/);
      expect(readFileSync(join(dir, 'out.zip')).length).toBeLessThanOrEqual(streamed.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
