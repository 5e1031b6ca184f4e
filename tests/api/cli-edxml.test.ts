// `vanthu edxml decode` as the district IT officer runs it on a packet from another system: the real command in a
// child process, its output and its exit code.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';
import { DOCUMENT_TWO_RECIPIENTS, FIXTURES_DIR, STATUS } from '../unit/edxml-fixtures';

const fixture = (f: string) => fileURLToPath(new URL(f, FIXTURES_DIR));

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['src-main/bin/vanthu.mjs', 'edxml', 'decode', ...args], { encoding: 'utf8', maxBuffer: 16 << 20 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
  });
}

// Each run is a fresh Node process compiling the CLI through tsx: seconds apiece on a busy 2-core machine.
describe('vanthu edxml decode', { timeout: 120_000 }, () => {
  it('prints a valid packet as JSON with attachments summarised (size, SHA-256), never their base64', async () => {
    const r = await run([fixture('document-two-recipients.edxml'), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const { attachments, ...rest } = DOCUMENT_TWO_RECIPIENTS;
    expect(json).toEqual({
      ...rest,
      attachments: attachments.map((a) => ({
        contentId: a.contentId,
        name: a.name,
        contentType: a.contentType,
        description: a.description,
        size: a.bytes.length,
        sha256: createHash('sha256').update(a.bytes).digest('hex'),
      })),
    });
    expect(r.out).not.toContain(Buffer.from(attachments[1]!.bytes).toString('base64').slice(0, 40));
  });

  it('prints a readable summary of a status packet', async () => {
    const r = await run([fixture('status-02.edxml')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Loại: phản hồi trạng thái 02 (Từ chối tiếp nhận)');
    expect(r.out).toContain(`Về văn bản: ${STATUS['02']!.responseFor.documentId}`);
    expect(r.out).toContain('Thời điểm: 08:15 05/12/2026');
  });

  it('refuses a bad packet with "Lỗi <code>: <message>" and exit code 1, and a missing file with 2', async () => {
    const dir = tempDir('vanthu-edxml-');
    const bad = path.join(dir, 'trang-thai-07.edxml');
    fs.writeFileSync(bad, fs.readFileSync(fixture('status-01.edxml'), 'utf8').replace('<edXML:StatusCode>01<', '<edXML:StatusCode>07<'));
    const legacy = path.join(dir, 'tcvn3.edxml');
    fs.writeFileSync(legacy, Buffer.concat([Buffer.from('<?xml version="1.0" encoding="TCVN3"?>\n<edXML>'), Buffer.from([0x43, 0xab, 0x6e, 0x67]), Buffer.from('</edXML>')]));
    const [r, enc, none] = await Promise.all([run([bad]), run([legacy]), run([path.join(dir, 'khong-co.edxml')])]);
    expect([r.code, r.out, r.err]).toEqual([
      1,
      '',
      'Lỗi bad_status_code: Mã trạng thái "07" không hợp lệ (chỉ nhận 01–06, 13, 15, 16) tại edXMLHeader/MessageHeader/StatusCode.\n',
    ]);
    expect(enc.code).toBe(1);
    expect(enc.err).toMatch(/^Lỗi not_xml: Gói tin khai báo bảng mã "TCVN3"/);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/Không đọc được tệp/);
  });
});
