// Files beyond what text extraction reads whole (issue 7 item 14): a plain-text file gives the text of its head,
// and is stored intact.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACT_WHOLE_MAX } from '../../src-main/blobs/service';
import { makeCore, type TestCore } from '../helpers/core';
import { clerkOffice } from '../helpers/incoming';

let t: TestCore;
let office: Awaited<ReturnType<typeof clerkOffice>>;

beforeAll(async () => {
  t = makeCore();
  office = await clerkOffice(t);
  await t.ok('settings.update', { uploadLimitMb: 100 }, office.adminToken);
});

afterAll(() => t.close());

describe('a text file over the extraction size', () => {
  it('is stored whole and indexed from its head', async () => {
    const line = Buffer.from('Báo cáo tình hình giải ngân vốn đầu tư công xã Đồng Hóa\r\n', 'utf8');
    const bytes = Buffer.concat(Array.from({ length: Math.ceil((EXTRACT_WHOLE_MAX + 1024) / line.length) }, () => line));
    expect(bytes.length).toBeGreaterThan(EXTRACT_WHOLE_MAX);
    const put = await t.ok('blobs.put', { fileName: 'bao-cao.txt', bytes }, office.clerkToken);
    expect(put).toMatchObject({ kind: 'txt', size: bytes.length });
    expect(fs.statSync(t.core.services.blobs.store.pathOf(put.hash)).size).toBe(bytes.length);
    await t.core.idle();
    const row = t.core.services.raw
      .prepare('SELECT b.text_status AS s, length(x.text) AS n, substr(x.text, 1, 40) AS head FROM blobs b JOIN blob_texts x ON x.hash = b.hash WHERE b.hash = ?')
      .get(put.hash) as { s: string; n: number; head: string };
    expect(row.s).toBe('done');
    expect(row.head.startsWith('Báo cáo tình hình giải ngân')).toBe(true);
    expect(row.n).toBeGreaterThan(1_000_000);
  }, 60_000);
});
