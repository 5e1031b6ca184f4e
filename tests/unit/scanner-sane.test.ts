// The SANE backend against the real `scanimage` and SANE's `test` backend (private SANE_CONFIG_DIR from
// tests/helpers/sane.ts): listing, ADF and flatbed batches with the page files checked by sharp, the feeder running
// out, device failures through the test backend's read-status-code, cancelling mid-batch, a missing device and a
// missing scanimage. The option parsing is also checked on listings of other backends (Brother, epson2, fujitsu).

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanMode, ScanSource } from '../../src-shared/api/scanning';
import { AppError } from '../../src-shared/errors';
import type { ScannedPage } from '../../src-main/scanning/backend';
import { createScannerBackend } from '../../src-main/scanning/backends';
import { SaneBackend, classifySaneMode, classifySaneSource, parseSaneOptions, pickResolution, saneCapabilities } from '../../src-main/scanning/sane';
import { makeSaneConfig, type SaneConfigOptions } from '../helpers/sane';

let tmp: string;
let runs = 0;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'vanthu-sane-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function backend(conf: SaneConfigOptions = {}, extra: ConstructorParameters<typeof SaneBackend>[0] = {}) {
  const dir = join(tmp, `conf-${++runs}`);
  const env = makeSaneConfig(dir, conf);
  return { sane: new SaneBackend({ env, ...extra }), confDir: dir };
}

function outDir(): string {
  const d = join(tmp, `out-${++runs}`);
  mkdirSync(d);
  return d;
}

interface Req {
  source?: ScanSource;
  mode?: ScanMode;
  dpi?: number;
  maxPages?: number;
  deviceId?: string;
}

async function scan(sane: SaneBackend, req: Req = {}, signal = new AbortController().signal, onPage?: (p: ScannedPage) => void) {
  const seen: ScannedPage[] = [];
  /** Whether each page file was a whole PNG (ends with IEND) at the moment it was reported. */
  const completeWhenReported: boolean[] = [];
  const dir = outDir();
  const outcome = await sane.scan(
    { deviceId: req.deviceId ?? 'test:0', source: req.source ?? 'adf', mode: req.mode ?? 'color', dpi: req.dpi ?? 200, maxPages: req.maxPages ?? 3, outDir: dir },
    {
      signal,
      onPage: (p) => {
        seen.push(p);
        const bytes = readFileSync(p.file);
        completeWhenReported.push(bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1') === 'IEND');
        onPage?.(p);
      },
    },
  );
  return { outcome, seen, completeWhenReported, dir };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** The PNG's IHDR bit depth (sharp reports 1-bit PNGs as 8-bit after decoding). */
function pngBitDepth(file: string): number {
  return readFileSync(file)[24];
}

/** Live scanimage processes started with this SANE configuration (read from /proc, Linux only). */
function scanimagesUsing(confDir: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!readFileSync(`/proc/${d}/cmdline`, 'latin1').includes('scanimage')) continue;
      if (readFileSync(`/proc/${d}/environ`, 'latin1').includes(`SANE_CONFIG_DIR=${confDir}\0`)) pids.push(Number(d));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe('SANE backend with the test scanner', () => {
  it('lists test:0 and test:1 with flatbed and ADF, colour/grey/black-and-white and the standard resolutions', async () => {
    const { sane } = backend();
    const devices = await sane.list();
    expect(devices.map((d) => d.id)).toEqual(['test:0', 'test:1']);
    expect(devices[0]).toEqual({
      id: 'test:0',
      name: 'frontend-tester',
      backend: 'sane',
      sources: ['flatbed', 'adf'],
      modes: ['color', 'gray', 'bw'],
      resolutions: [100, 150, 200, 300, 400, 600],
    });
  });

  it('an empty SANE configuration lists no scanner, without an error', async () => {
    const empty = join(tmp, 'conf-empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'dll.conf'), '');
    expect(await new SaneBackend({ env: { SANE_CONFIG_DIR: empty } }).list()).toEqual([]);
  });

  it('an ADF batch of 3 colour pages at 200 dpi gives 3 A4 PNGs, each reported complete and in order', async () => {
    const { sane } = backend({ picture: 'Color pattern' });
    const { outcome, seen, completeWhenReported, dir } = await scan(sane, { source: 'adf', mode: 'color', dpi: 200, maxPages: 3 });
    expect(outcome.ended).toBe('ok');
    expect(outcome.notice).toBeNull();
    expect(seen).toEqual(outcome.pages);
    expect(seen.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(seen.map((p) => p.file)).toEqual([1, 2, 3].map((n) => join(dir, `page-000${n}.png`)));
    expect(completeWhenReported).toEqual([true, true, true]);
    for (const p of seen) {
      const m = await sharp(p.file).metadata();
      // A4 at 200 dpi is 1653.5 × 2338.6 px.
      expect(Math.abs(m.width - 1654)).toBeLessThanOrEqual(1);
      expect(Math.abs(m.height - 2339)).toBeLessThanOrEqual(1);
      expect(m.channels).toBe(3);
      // The colour pattern really is in colour: the channels differ somewhere.
      const small = await sharp(p.file).extract({ left: 0, top: 0, width: 200, height: 200 }).raw().toBuffer();
      let coloured = 0;
      for (let i = 0; i < small.length; i += 3) if (Math.max(small[i], small[i + 1], small[i + 2]) - Math.min(small[i], small[i + 1], small[i + 2]) > 64) coloured++;
      expect(coloured).toBeGreaterThan(100);
    }
    expect(readdirSync(dir).sort()).toEqual(['page-0001.png', 'page-0002.png', 'page-0003.png']);
  });

  it('a grey batch gives 8-bit one-channel pages; black-and-white gives 1-bit pages', async () => {
    const { sane } = backend({ picture: 'Grid' });
    const grey = await scan(sane, { mode: 'gray', dpi: 150, maxPages: 2 });
    expect(grey.seen.map((p) => p.index)).toEqual([1, 2]);
    for (const p of grey.seen) {
      const m = await sharp(p.file).metadata();
      expect(m.channels).toBe(1);
      expect(pngBitDepth(p.file)).toBe(8);
      expect(Math.abs(m.width - 1240)).toBeLessThanOrEqual(1);
      expect(Math.abs(m.height - 1754)).toBeLessThanOrEqual(1);
    }
    const bw = await scan(sane, { mode: 'bw', dpi: 100, maxPages: 1 });
    expect(bw.seen).toHaveLength(1);
    expect(pngBitDepth(bw.seen[0].file)).toBe(1);
  });

  it('the flatbed gives one page whatever maxPages says; the ADF stops at maxPages', async () => {
    const { sane } = backend({ picture: 'Solid white' });
    const flat = await scan(sane, { source: 'flatbed', mode: 'gray', dpi: 100, maxPages: 5 });
    expect(flat.outcome).toMatchObject({ ended: 'ok', notice: null });
    expect(flat.seen).toHaveLength(1);
    const adf = await scan(sane, { source: 'adf', mode: 'gray', dpi: 100, maxPages: 2 });
    expect(adf.outcome).toMatchObject({ ended: 'ok', notice: null });
    expect(adf.seen).toHaveLength(2);
  });

  it('the feeder running out after pages ends well with a notice (the test ADF holds 10 sheets)', async () => {
    const { sane } = backend({ picture: 'Grid' });
    const { outcome, seen, completeWhenReported } = await scan(sane, { mode: 'gray', dpi: 100, maxPages: 12 });
    expect(outcome.ended).toBe('ok');
    expect(seen.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(completeWhenReported.every(Boolean)).toBe(true);
    expect(outcome.notice).toBe('Đã quét 10 trang, khay nạp giấy đã hết.');
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'scanner_jammed', undefined, /Kẹt giấy ở trang 1/],
    ['SANE_STATUS_NO_DOCS', 'scanner_empty', undefined, /Khay nạp giấy không có giấy/],
    ['SANE_STATUS_IO_ERROR', 'scanner_failed', 'io', /Mất liên lạc với máy quét/],
    ['SANE_STATUS_DEVICE_BUSY', 'scanner_busy', undefined, /Máy quét đang bận/],
    ['SANE_STATUS_COVER_OPEN', 'scanner_failed', 'cover_open', /Nắp máy quét/],
    ['SANE_STATUS_ACCESS_DENIED', 'scanner_failed', 'access_denied', /quyền/],
  ] as const)('a device answering %s → %s', async (status, code, reason, message) => {
    const { sane } = backend({ status });
    const pages: ScannedPage[] = [];
    const dir = outDir();
    const err = await rejection(
      sane.scan({ deviceId: 'test:0', source: 'adf', mode: 'gray', dpi: 100, maxPages: 3, outDir: dir }, { signal: new AbortController().signal, onPage: (p) => pages.push(p) }),
    );
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    if (reason) expect(err.details).toMatchObject({ reason });
    // The device's own words are kept for support staff.
    expect(String(err.details?.detail)).toMatch(/sane_read: /);
    expect(pages).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancel mid-batch: ended "cancelled", the scanimage child is gone, the finished pages are kept', async () => {
    // About 1 s per page: the cancel lands while page 2 is being read.
    const { sane, confDir } = backend({ picture: 'Color pattern', readDelayUs: 20_000 });
    const ac = new AbortController();
    let childrenAtCancel: number[] = [];
    const { outcome, seen, completeWhenReported, dir } = await scan(sane, { mode: 'color', dpi: 100, maxPages: 10 }, ac.signal, (p) => {
      if (p.index === 1) {
        childrenAtCancel = scanimagesUsing(confDir);
        ac.abort();
      }
    });
    expect(childrenAtCancel).toHaveLength(1);
    expect(outcome.ended).toBe('cancelled');
    expect(outcome.pages).toEqual(seen);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThan(10);
    expect(completeWhenReported.every(Boolean)).toBe(true);
    expect(outcome.notice).toMatch(/Đã dừng quét; giữ lại \d+ trang/);
    expect(scanimagesUsing(confDir)).toEqual([]);
    for (const pid of childrenAtCancel) expect(existsSync(`/proc/${pid}`)).toBe(false);
    // The page that was being read is not left behind half-written.
    expect(readdirSync(dir).sort()).toEqual(seen.map((p) => p.file.slice(dir.length + 1)));
  });

  it('an unknown device → scanner_not_found; a missing scanimage → scanner_unavailable', async () => {
    const { sane } = backend();
    const notFound = await rejection(scan(sane, { deviceId: 'test:7' }));
    expect(notFound.code).toBe('scanner_not_found');
    expect(notFound.details).toMatchObject({ deviceId: 'test:7' });

    const missing = new SaneBackend({ scanimage: join(tmp, 'no-such-dir', 'scanimage') });
    const e1 = await rejection(missing.list());
    expect(e1.code).toBe('scanner_unavailable');
    expect(e1.message).toMatch(/Chưa cài SANE \(chương trình scanimage\)/);
    const e2 = await rejection(scan(missing));
    expect(e2.code).toBe('scanner_unavailable');
  });

  it('createScannerBackend: SANE on Linux (with the env passed through), WIA on Windows, none on Android', async () => {
    const env = makeSaneConfig(join(tmp, `conf-${++runs}`));
    const linux = createScannerBackend({ platform: 'linux', env });
    expect(linux?.name).toBe('sane');
    expect((await linux!.list()).map((d) => d.id)).toEqual(['test:0', 'test:1']);
    expect(createScannerBackend({ platform: 'win32' })?.name).toBe('wia');
    expect(createScannerBackend({ platform: 'android' })).toBeNull();
    const missing = createScannerBackend({ platform: 'linux', scanimage: join(tmp, 'none', 'scanimage') });
    await expect(missing!.list()).rejects.toMatchObject({ code: 'scanner_unavailable' });
  });

  it('a request the device cannot do is refused before scanning (no duplex on the test scanner)', async () => {
    const { sane } = backend();
    const e = await rejection(scan(sane, { source: 'adf-duplex' }));
    expect(e.code).toBe('scanner_failed');
    expect(e.details).toMatchObject({ reason: 'invalid', source: 'adf-duplex' });
  });
});

describe('SANE option parsing (listings of other backends)', () => {
  const brother = [
    "All options specific to device `brother4:net1;dev0':",
    '  Mode:',
    '    --mode Black & White|Gray[Error Diffusion]|True Gray|24bit Color|24bit Color[Fast] [24bit Color]',
    '        Select the scan mode',
    '    --resolution 100|150|200|300|400|600|1200|2400|4800|9600dpi [200]',
    '        Sets the resolution of the scanned image.',
    '    --source FlatBed|Automatic Document Feeder(left aligned)|Automatic Document Feeder(left aligned,Duplex)|Automatic Document Feeder(centrally aligned)|Automatic Document Feeder(centrally aligned,Duplex) [Automatic Document Feeder(left aligned)]',
    '        Selects the scan source (such as a document-feeder).',
    '  Geometry:',
    '    -l 0..215.9mm (in steps of 0.0999908) [0]',
    '    -x 0..215.9mm (in steps of 0.0999908) [215.88]',
    '    -y 0..355.6mm (in steps of 0.0999908) [355.567]',
  ].join('\n');

  it('Brother: duplex ADF, "True Gray" over the dithered grey, a resolution list cut to what the API accepts', () => {
    const caps = saneCapabilities(parseSaneOptions(brother));
    expect(caps.sources).toEqual({
      flatbed: { args: ['--source', 'FlatBed'], label: 'FlatBed' },
      adf: { args: ['--source', 'Automatic Document Feeder(left aligned)'], label: 'Automatic Document Feeder(left aligned)' },
      'adf-duplex': { args: ['--source', 'Automatic Document Feeder(left aligned,Duplex)'], label: 'Automatic Document Feeder(left aligned,Duplex)' },
    });
    expect(caps.modes.color?.label).toBe('24bit Color');
    expect(caps.modes.gray?.label).toBe('True Gray');
    expect(caps.modes.bw?.label).toBe('Black & White');
    expect(caps.resolutions).toEqual([100, 150, 200, 300, 400, 600, 1200]);
    expect(pickResolution(caps.resolution, 250)).toBe(200);
    expect(caps.maxWidthMm).toBeCloseTo(215.9);
    expect(caps.maxHeightMm).toBeCloseTo(355.6);
  });

  it('epson2: duplex through --adf-mode; fujitsu-style "ADF Front"/"ADF Duplex" and a range with steps', () => {
    const epson = parseSaneOptions(
      [
        '    --mode Lineart|Gray|Color [Lineart]',
        '    --resolution 75|300|600|1200dpi [75]',
        '    --source Flatbed|Automatic Document Feeder [Flatbed]',
        '    --adf-mode Simplex|Duplex [inactive]',
      ].join('\n'),
    );
    const e = saneCapabilities(epson);
    expect(e.sources.adf?.args).toEqual(['--source', 'Automatic Document Feeder', '--adf-mode', 'Simplex']);
    expect(e.sources['adf-duplex']?.args).toEqual(['--source', 'Automatic Document Feeder', '--adf-mode', 'Duplex']);
    expect(e.resolutions).toEqual([75, 300, 600, 1200]);
    expect(e.modes.bw?.args).toEqual(['--mode', 'Lineart']);

    const fujitsu = saneCapabilities(
      parseSaneOptions(
        [
          '    --source ADF Front|ADF Back|ADF Duplex [ADF Front]',
          '    --mode Lineart|Halftone|Gray|Color [Lineart]',
          '    --resolution 50..600dpi (in steps of 1) [600]',
          '    --depth 1|8 [8]',
        ].join('\n'),
      ),
    );
    expect(Object.keys(fujitsu.sources)).toEqual(['adf', 'adf-duplex']);
    expect(fujitsu.sources.adf?.label).toBe('ADF Front');
    expect(fujitsu.modes.bw?.label).toBe('Lineart');
    expect(fujitsu.modes.gray?.args).toEqual(['--mode', 'Gray', '--depth', '8']);
    expect(fujitsu.resolutions).toEqual([100, 150, 200, 300, 400, 600]);
    expect(pickResolution(fujitsu.resolution, 1200)).toBe(600);
  });

  it('source and mode names, localized ones included, map to ours; film units are not paper', () => {
    expect(classifySaneSource('Transparency Unit')).toBeNull();
    expect(classifySaneSource('ADF Back')).toBeNull();
    expect(classifySaneSource('Duplex')).toBe('adf-duplex');
    expect(classifySaneSource('ADF')).toBe('adf');
    expect(classifySaneSource('Document Table')).toBe('flatbed');
    expect(classifySaneMode('Farbe')?.mode).toBe('color');
    expect(classifySaneMode('Graustufen')?.mode).toBe('gray');
    expect(classifySaneMode('Binary')?.mode).toBe('bw');
    expect(classifySaneMode('Halftone')?.mode).toBe('bw');
    expect(classifySaneMode('Infrared')).toBeNull();
  });

  it('a device without source, mode or resolution options is a flatbed scanned with its defaults', () => {
    const caps = saneCapabilities(parseSaneOptions('    -x 0..100mm [100]\n'));
    expect(caps.sources).toEqual({ flatbed: { args: [], label: null } });
    expect(caps.modes.color).toEqual({ args: [], label: null });
    expect(caps.resolution).toBeNull();
    expect(caps.resolutions).toEqual([]);
  });
});
