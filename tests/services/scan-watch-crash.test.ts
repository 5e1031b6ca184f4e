// The watched folder survives kill -9 at any step of an import: a child process polls a folder of 10 files (PDFs and
// images) and stops after each step (hashed, committed, moved, marked) for the parent, which kills it at randomly
// chosen steps — including between the database commit and the rename — and starts it again until the folder is
// empty. Then every file was imported exactly once, sits in the processed folder once, and no tray file is orphaned.

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { createCore } from '../../src-main/core';
import { tempDir, testClock, testEnv } from '../helpers/core';

const ROOT = process.cwd();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function pdfWith(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text, { x: 60, y: 760, size: 14, font });
  return doc.save();
}

/** Runs the child until it prints `killAt` (then SIGKILL, right there) or drains the folder. */
function runChild(dir: string, killAt: { step: string; nth: number } | null): Promise<{ killed: boolean; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'tests/helpers/scan-watch-child.ts', dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let seen = 0;
  let killed = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    const [step] = line.split(' ');
    if (!['hashed', 'committed', 'moved', 'marked', 'failed'].includes(step)) return;
    if (killAt && step === killAt.step && ++seen === killAt.nth) {
      killed = true;
      child.kill('SIGKILL');
      return;
    }
    child.stdin.write('go\n');
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code, sig) => {
      if (killed && sig === 'SIGKILL') resolve({ killed, lines });
      else if (code === 0 && lines.includes('drained')) resolve({ killed: false, lines });
      else reject(new Error(`child exited ${code} ${sig}: ${lines.slice(-5).join(' | ')}\n${err.slice(-2000)}`));
    });
  });
}

it('imports every file of the watched folder exactly once whatever step a kill -9 lands on', { timeout: 180_000 }, async () => {
  // The scanner's folder beside the office's data folder, never inside it (saveSettings refuses that).
  const root = tempDir('vanthu-watch-crash-');
  const dir = path.join(root, 'du-lieu');
  const watch = path.join(root, 'quet');
  fs.mkdirSync(watch);
  const core = createCore(testEnv(dir, testClock(), { ocr: 'none', scanner: null }));
  core.services.scanning.saveSettings({ watchFolder: watch }, core.services.scanning.plainWrite);
  core.close();

  const originals = new Map<string, string>();
  for (let i = 1; i <= 4; i++) {
    const b = await pdfWith(`Cong van so ${i} gui UBND xa Dong Hoa`);
    fs.writeFileSync(path.join(watch, `cong-van-${i}.pdf`), b);
    originals.set(`cong-van-${i}.pdf`, sha(b));
  }
  for (let i = 1; i <= 6; i++) {
    const img = sharp({ create: { width: 500 + i * 10, height: 700, channels: 3, background: { r: 40 * i, g: 255 - 30 * i, b: 128 } } });
    const b = i % 2 ? await img.png().toBuffer() : await img.jpeg().toBuffer();
    const name = `trang-${i}.${i % 2 ? 'png' : 'jpg'}`;
    fs.writeFileSync(path.join(watch, name), b);
    originals.set(name, sha(b));
  }
  // A scanner's half-written file and an editor's lock file are never touched.
  fs.writeFileSync(path.join(watch, 'dang-ghi.pdf.part'), 'x');
  fs.writeFileSync(path.join(watch, '~$khoa.pdf'), 'x');

  // Kill at each kind of step at least once (the commit→rename gap first), then at random steps, then let it drain.
  const steps = ['committed', 'moved', 'hashed', 'marked'];
  let kills = 0;
  for (let round = 0; round < 6; round++) {
    const step = round < steps.length ? steps[round] : steps[Math.floor(Math.random() * steps.length)];
    const r = await runChild(dir, { step, nth: 1 + Math.floor(Math.random() * 2) });
    if (!r.killed) break;
    kills++;
  }
  const last = await runChild(dir, null);
  expect(last.killed).toBe(false);
  expect(kills).toBeGreaterThanOrEqual(4);

  const check = createCore(testEnv(dir, testClock(), { ocr: 'none', scanner: null }));
  try {
    const raw = check.services.raw;
    // One batch per file, and the ledger says each was imported and moved, once.
    const batches = raw.prepare(`SELECT label, count(*) AS n FROM scan_batches GROUP BY label ORDER BY label`).all() as Array<{ label: string; n: number }>;
    expect(batches).toEqual([...originals.keys()].sort().map((label) => ({ label, n: 1 })));
    const ledger = raw.prepare(`SELECT name, state, batch_id FROM scan_watch_ledger ORDER BY name`).all() as Array<{ name: string; state: string; batch_id: number }>;
    expect(ledger.map((l) => [l.name, l.state])).toEqual([...originals.keys()].sort().map((n) => [n, 'moved']));
    const byLabel = new Map((raw.prepare('SELECT id, label FROM scan_batches').all() as Array<{ id: number; label: string }>).map((b) => [b.label, b.id]));
    for (const l of ledger) expect(l.batch_id).toBe(byLabel.get(l.name));
    // PDFs kept byte-identical in the blob store.
    for (const [name, h] of originals) if (name.endsWith('.pdf')) expect(raw.prepare('SELECT file_hash FROM scan_batches WHERE label = ?').pluck().get(name)).toBe(h);

    // Each file in the processed folder exactly once, unchanged; nothing left to import, nothing in the error folder.
    const processed = fs.readdirSync(path.join(watch, 'da-nhap')).sort();
    expect(processed).toEqual([...originals.keys()].sort());
    for (const n of processed) expect(sha(fs.readFileSync(path.join(watch, 'da-nhap', n)))).toBe(originals.get(n));
    expect(fs.existsSync(path.join(watch, 'loi')) ? fs.readdirSync(path.join(watch, 'loi')) : []).toEqual([]);
    expect(
      fs
        .readdirSync(watch, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => d.name)
        .sort(),
    ).toEqual(['dang-ghi.pdf.part', '~$khoa.pdf']);

    // Tray files and page rows agree one for one (the start-up sweep removed what a kill left between rename and commit).
    const pages = raw.prepare('SELECT batch_id, id, format FROM scan_pages').all() as Array<{ batch_id: number; id: number; format: string }>;
    expect(pages).toHaveLength(6);
    const want = pages.map((p) => path.join(String(p.batch_id), `${p.id}.${p.format === 'png' ? 'png' : 'jpg'}`)).sort();
    const trayRoot = path.join(dir, 'scan-tray');
    const have = fs
      .readdirSync(trayRoot, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(trayRoot, path.join(d.parentPath, d.name)))
      .sort();
    expect(have).toEqual(want);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    check.close();
  }
});
