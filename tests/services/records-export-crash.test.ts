// A process killed while it writes a file's export leaves no half-written ZIP under a final name: the package is
// staged in the store's temporary folder and renamed under its hash only when complete, and recorded after that.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, expect, it } from 'vitest';
import { createCore } from '../../src-main/core';
import { makeCore, testEnv, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { imageBytes, makePdf } from '../unit/blobs-fixtures';

let t: TestCore;
afterEach(() => t?.close());

const realClock = () => ({ now: () => Date.now(), set() {}, advance() {} });

/** Every stored file, by walking the shards: name → bytes hash. */
function stored(dir: string): Array<{ name: string; sha: string }> {
  const out: Array<{ name: string; sha: string }> = [];
  for (const a of fs.readdirSync(dir)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of fs.readdirSync(path.join(dir, a))) {
      for (const f of fs.readdirSync(path.join(dir, a, b))) {
        out.push({
          name: f,
          sha: createHash('sha256')
            .update(fs.readFileSync(path.join(dir, a, b, f)))
            .digest('hex'),
        });
      }
    }
  }
  return out;
}

it('leaves no half-written ZIP when killed mid-export, and exports whole after the restart', async () => {
  t = makeCore({ clock: realClock() });
  const o = await clerkOffice(t);
  const picture = imageBytes('jpg', ['-size', '500x400', '-seed', '5', 'plasma:fractal', '-quality', '80']);
  const ret = (await t.ok('retention.list', {}, o.clerkToken)).find((r) => r.label === '10 năm')!.id;
  const year = Number(new Date().getUTCFullYear());
  const f = await t.ok('files.open', { year, code: '01.VP', title: 'Hồ sơ xuất bị ngắt', retentionId: ret, startDate: `${year}-01-01` }, o.clerkToken);
  for (let i = 0; i < 12; i++) {
    const bytes = await makePdf(
      Array.from({ length: 8 }, (_, p) => [`Văn bản ${i + 1} trang ${p + 1}`]),
      { imageEveryPage: picture },
    );
    const hash = (await t.ok('blobs.put', { fileName: `vb-${i + 1}.pdf`, bytes }, o.clerkToken)).hash;
    const d = await t.ok(
      'incoming.register',
      docInput(o.registerId, { codeNumber: String(i + 1), pageCount: 8, files: [{ hash, fileName: `vb-${i + 1}.pdf`, role: 'main' }] }),
      o.clerkToken,
    );
    await t.ok('files.addDocument', { fileId: f.id, documentId: d.id }, o.clerkToken);
  }
  const storeDir = t.core.services.blobs.store.dir;
  const tmpDir = path.join(storeDir, 'tmp');
  const zipsBefore = t.core.services.raw.prepare(`SELECT count(*) FROM blobs WHERE kind = 'zip'`).pluck().get();
  t.close();

  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/export-worker.ts', t.dir, String(f.id), String(o.clerkId)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // Kill it the moment a package is being written: a temporary file that has started to grow.
  const sawPartial = await new Promise<boolean>((resolve, reject) => {
    child.on('exit', (code) => code !== null && reject(new Error(`worker exited ${code}: ${err}`)));
    const poll = setInterval(() => {
      const partial = fs.existsSync(tmpDir) && fs.readdirSync(tmpDir).some((n) => fs.statSync(path.join(tmpDir, n), { throwIfNoEntry: false })?.size);
      if (partial) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve(true);
      }
    }, 2);
  });
  await new Promise((r) => child.on('close', r));
  expect(sawPartial).toBe(true);

  const core = createCore(testEnv(t.dir, realClock()));
  try {
    // Whatever sits under a final name is exactly what its name says; every recorded ZIP is whole.
    for (const s of stored(storeDir)) expect(s.sha).toBe(s.name);
    const zips = core.services.raw.prepare(`SELECT hash FROM blobs WHERE kind = 'zip'`).pluck().all() as string[];
    for (const h of zips) expect(Object.keys(unzipSync(new Uint8Array(fs.readFileSync(core.services.blobs.store.pathOf(h))))).length).toBeGreaterThan(3);
    expect(zipsBefore).toBe(0);
    // The leftovers of the killed write are swept, and the export works.
    await core.services.blobs.store.sweepTemp({ olderThanMs: 0 });
    expect(fs.readdirSync(tmpDir)).toEqual([]);
    const token = core.services.sessions.create(o.clerkId, 'cli');
    const r = await core.dispatch('files.export', { id: f.id }, { token, origin: 'test' });
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { documents: number }).documents).toBe(12);
  } finally {
    core.close();
  }
}, 120_000);
