// The Windows (WIA through PowerShell) scanner backend, on Linux: Windows and WIA cannot run here, so this checks what
// can be checked without them — the script text (the right WIA property ids and values, the request carried only as
// base64 JSON so a hostile device id stays inert), the decoding of the script's JSON-line output (every WIA error →
// its AppError, pages in order, junk ignored) and the runner's wiring, with a stand-in for powershell.exe that
// decodes the real -EncodedCommand and answers in the script's event format.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanRequest } from '../../src-main/scanning/backend';
import {
  WIA,
  WIA_ERRORS,
  WiaBackend,
  buildWiaListScript,
  buildWiaScanScript,
  createWiaScanReader,
  encodePowerShell,
  parseWiaLine,
  powershellArgs,
  wiaDevice,
  wiaError,
  wiaScanParams,
} from '../../src-main/scanning/wia';
import { AppError } from '../../src-shared/errors';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'vanthu-wia-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const req = (over: Partial<ScanRequest> = {}): ScanRequest => ({
  deviceId: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001',
  source: 'adf',
  mode: 'color',
  dpi: 200,
  maxPages: 50,
  outDir: 'C:\\Users\\van thu\\AppData\\Local\\Temp\\scan-1',
  ...over,
});

const B64_LITERAL = /FromBase64String\('([^']*)'\)/;

function paramsIn(script: string): unknown {
  const m = B64_LITERAL.exec(script);
  expect(m).not.toBeNull();
  return JSON.parse(Buffer.from(m![1], 'base64').toString('utf8'));
}

describe('WIA scripts', () => {
  it('the list script enumerates scanners through WIA.DeviceManager with no UI and reads handling and resolutions', () => {
    const s = buildWiaListScript();
    expect(s).toContain('New-Object -ComObject WIA.DeviceManager');
    expect(s).not.toMatch(/CommonDialog|ShowAcquireImage|ShowSelectDevice/);
    expect(s).toContain(`$info.Type -ne ${WIA.SCANNER_DEVICE_TYPE}`);
    expect(s).toContain(`Prop $dev.Properties ${WIA.DPS_DOCUMENT_HANDLING_CAPABILITIES}`);
    expect(s).toContain(`Prop $item.Properties ${WIA.IPS_XRES}`);
    expect(s).toContain("Emit @{ event = 'done' }");
  });

  it('the scan script sets handling (3088), pages (3096), intent (6146), resolution (6147/6148), checks 3087 and transfers PNG', () => {
    const s = buildWiaScanScript(wiaScanParams(req()));
    expect(s).toContain('SetProp $dev.Properties 3088 ([int]$p.handling)');
    expect(s).toContain('SetProp $dev.Properties 3096 1');
    expect(s).toContain('SetProp $item.Properties 6146 ([int]$p.intent)');
    expect(s).toContain('SetProp $item.Properties 6147 ([int]$p.dpi)');
    expect(s).toContain('SetProp $item.Properties 6148 ([int]$p.dpi)');
    expect(s).toContain('Prop $dev.Properties 3087');
    expect(s).toContain(`-band ${WIA.FEED_READY}`);
    expect(s).toContain("$item.Transfer('{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}')");
    // The empty-feeder HRESULT is compared unsigned (Fault() adds 2^32 to .NET's negative HResult).
    expect(s).toContain(`$f.hresult -eq ${0x80210003}`);
    expect(s).toContain('$h += 4294967296');
  });

  it.each([
    ['flatbed', 'color', 2, false, 1, 1],
    ['adf', 'gray', 1, true, 2, 50],
    ['adf-duplex', 'bw', 5, true, 4, 50],
  ] as const)('source %s, mode %s → handling %i, intent, page limit', (source, mode, handling, feeder, intent, maxPages) => {
    const p = wiaScanParams(req({ source, mode }));
    expect(paramsIn(buildWiaScanScript(p))).toEqual({
      deviceId: req().deviceId,
      outDir: req().outDir,
      handling,
      feeder,
      intent,
      dpi: 200,
      maxPages,
      widthPx: 1654,
      heightPx: 2339,
    });
  });

  it('a hostile device id (quotes, $(), backticks, newlines) and folder stay inert: only the base64 literal changes', () => {
    const hostile = "x'); Remove-Item -Recurse C:\\ ; $(Start-Process calc) `n \"q\" @'\n'@\r\nWrite-Host pwned #";
    const evilDir = "C:\\tmp\\'; iex $env:X; '";
    const benign = buildWiaScanScript(wiaScanParams(req()));
    const evil = buildWiaScanScript(wiaScanParams(req({ deviceId: hostile, outDir: evilDir })));
    const literal = /^[A-Za-z0-9+/=]*$/;
    expect(B64_LITERAL.exec(evil)![1]).toMatch(literal);
    expect(evil.replace(B64_LITERAL, "FromBase64String('…')")).toBe(benign.replace(B64_LITERAL, "FromBase64String('…')"));
    for (const piece of ['Remove-Item', 'Start-Process', 'pwned', 'iex', '`n']) expect(evil).not.toContain(piece);
    // And the value arrives intact on the other side.
    expect(paramsIn(evil)).toMatchObject({ deviceId: hostile, outDir: evilDir });
  });

  it('powershell.exe gets -NoProfile -NonInteractive -ExecutionPolicy Bypass and the script as UTF-16LE base64', () => {
    const script = buildWiaListScript();
    const args = powershellArgs(script);
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(Buffer.from(args[5], 'base64').toString('utf16le')).toBe(script);
    expect(encodePowerShell('Tiếng Việt')).toBe(Buffer.from('Tiếng Việt', 'utf16le').toString('base64'));
    // Windows limits a command line to 32 767 characters.
    expect(powershellArgs(buildWiaScanScript(wiaScanParams(req()))).join(' ').length).toBeLessThan(32_000);
  });
});

describe('WIA script output', () => {
  it('malformed and foreign lines are ignored; HRESULTs are read signed, unsigned or as hex', () => {
    for (const junk of [
      '',
      'garbage',
      '#< CLIXML',
      '{not json',
      '{"event":"page"}',
      '{"event":"page","index":0,"file":"a.png"}',
      '{"event":"launch","x":1}',
      '["event","done"]',
      '{"event":"error","hresult":"0xZZ"}',
    ])
      expect(parseWiaLine(junk)).toBeNull();
    expect(parseWiaLine('{"event":"error","hresult":-2145320958,"message":"jam"}')).toEqual({ event: 'error', hresult: 0x80210002, message: 'jam' });
    expect(parseWiaLine('{"event":"error","hresult":2149646338}')).toMatchObject({ hresult: 0x80210002 });
    expect(parseWiaLine(' {"event":"error","hresult":"0x80210006"} ')).toMatchObject({ hresult: WIA_ERRORS.BUSY });
    expect(parseWiaLine('{"event":"done","pages":2,"reason":"max"}')).toEqual({ event: 'done', pages: 2, reason: 'max' });
  });

  it('pages are reported in order, inside the scan folder, only when their file exists; "done" ends it', () => {
    const outDir = join(tmp, 'reader');
    const made = new Set([join(outDir, 'page-0001.png'), join(outDir, 'page-0002.bmp'), join(outDir, 'page-0003.png')]);
    const r = createWiaScanReader({ deviceId: 'dev', outDir, exists: (f) => made.has(f) });
    const got = [
      '{"event":"page","index":1,"file":"C:\\\\scan\\\\page-0001.png"}',
      'WARNING: something PowerShell says',
      '{"event":"page","index":2,"file":"C:\\\\scan\\\\page-0002.bmp"}',
      '{"event":"page","index":9,"file":"C:\\\\scan\\\\..\\\\..\\\\boot.ini"}',
      '{"event":"page","index":9,"file":"C:\\\\scan\\\\page-0009.png"}',
      '{"event":"page","index":3,"file":"D:\\\\elsewhere\\\\page-0003.png"}',
      '{"event":"done","pages":3,"reason":"max"}',
      '{"event":"page","index":4,"file":"C:\\\\scan\\\\page-0004.png"}',
    ].map((l) => r.line(l));
    expect(got.filter(Boolean)).toEqual([
      { index: 1, file: join(outDir, 'page-0001.png') },
      { index: 2, file: join(outDir, 'page-0002.bmp') },
      { index: 3, file: join(outDir, 'page-0003.png') },
    ]);
    expect(r.pages).toHaveLength(3);
    expect(r.finish({ code: 0, signal: null, timedOut: false }, [])).toEqual({ ended: 'ok', notice: null });
  });

  it('the feeder running empty after pages is a normal end with a notice, whether said by "done" or by the error', () => {
    for (const last of ['{"event":"done","pages":2,"reason":"empty"}', `{"event":"error","hresult":${0x80210003 - 2 ** 32},"message":"empty"}`]) {
      const r = createWiaScanReader({ deviceId: 'dev', outDir: '/x', exists: () => true });
      r.line('{"event":"page","index":1,"file":"page-0001.png"}');
      r.line('{"event":"page","index":2,"file":"page-0002.png"}');
      r.line(last);
      expect(r.finish({ code: 0, signal: null, timedOut: false }, [])).toEqual({ ended: 'ok', notice: 'Đã quét 2 trang, khay nạp giấy đã hết.' });
    }
  });

  it.each([
    ['PAPER_EMPTY', 0, 'scanner_empty', undefined, WIA_ERRORS.PAPER_EMPTY],
    ['PAPER_JAM', 2, 'scanner_jammed', undefined, WIA_ERRORS.PAPER_JAM],
    ['MULTI_FEED', 1, 'scanner_failed', 'paper', WIA_ERRORS.MULTI_FEED],
    ['PAPER_PROBLEM', 0, 'scanner_failed', 'paper', WIA_ERRORS.PAPER_PROBLEM],
    ['BUSY', 0, 'scanner_busy', undefined, WIA_ERRORS.BUSY],
    ['DEVICE_LOCKED', 0, 'scanner_busy', undefined, WIA_ERRORS.DEVICE_LOCKED],
    ['WARMING_UP', 0, 'scanner_busy', undefined, WIA_ERRORS.WARMING_UP],
    ['OFFLINE', 0, 'scanner_not_found', undefined, WIA_ERRORS.OFFLINE],
    ['NO_DEVICE_AVAILABLE', 0, 'scanner_not_found', undefined, WIA_ERRORS.NO_DEVICE_AVAILABLE],
    ['ITEM_DELETED', 0, 'scanner_not_found', undefined, WIA_ERRORS.ITEM_DELETED],
    ['COVER_OPEN', 0, 'scanner_failed', 'cover_open', WIA_ERRORS.COVER_OPEN],
    ['DEVICE_COMMUNICATION', 3, 'scanner_failed', 'io', WIA_ERRORS.DEVICE_COMMUNICATION],
    ['ACCESS_DENIED', 0, 'scanner_failed', 'access_denied', WIA_ERRORS.ACCESS_DENIED],
    ['INVALID_ARG', 0, 'scanner_failed', 'invalid', WIA_ERRORS.INVALID_ARG],
    ['INCORRECT_HARDWARE_SETTING', 0, 'scanner_failed', 'invalid', WIA_ERRORS.INCORRECT_HARDWARE_SETTING],
    ['OUT_OF_MEMORY', 0, 'scanner_failed', 'no_memory', WIA_ERRORS.OUT_OF_MEMORY],
    ['CLASS_NOT_REGISTERED', 0, 'scanner_unavailable', undefined, WIA_ERRORS.CLASS_NOT_REGISTERED],
    ['SERVICE_DISABLED', 0, 'scanner_unavailable', undefined, WIA_ERRORS.SERVICE_DISABLED],
    ['GENERAL_ERROR', 0, 'scanner_failed', 'other', WIA_ERRORS.GENERAL_ERROR],
    ['LAMP_OFF', 0, 'scanner_failed', 'other', WIA_ERRORS.LAMP_OFF],
    ['E_FAIL', 0, 'scanner_failed', 'other', 0x80004005],
  ] as const)('%s after %i pages → %s', (_name, pages, code, reason, hr) => {
    const r = createWiaScanReader({ deviceId: 'dev-1', outDir: '/x', exists: () => true });
    for (let i = 1; i <= pages; i++) r.line(JSON.stringify({ event: 'page', index: i, file: `page-000${i}.png` }));
    // As PowerShell prints it: the signed .NET HResult.
    r.line(JSON.stringify({ event: 'error', hresult: hr | 0, message: 'Lỗi từ trình điều khiển' }));
    const end = r.finish({ code: 0, signal: null, timedOut: false }, []);
    expect('error' in end).toBe(true);
    const err = (end as { error: AppError }).error;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe(code);
    expect(err.message).not.toBe('');
    if (reason) expect(err.details).toMatchObject({ reason });
    if (code === 'scanner_not_found') expect(err.details).toMatchObject({ deviceId: 'dev-1' });
    if (code === 'scanner_jammed') expect(err.message).toMatch(/Kẹt giấy ở trang 3\. 2 trang quét trước đó đã được giữ lại/);
    expect(String(err.details?.detail)).toContain(`0x${(hr >>> 0).toString(16).toUpperCase()}`);
    expect(r.pages).toHaveLength(pages);
  });

  it('a script that ends without "done" or an error is a failure carrying its stderr; a silent one a timeout', () => {
    const r = createWiaScanReader({ deviceId: 'dev', outDir: '/x', exists: () => true });
    const end = r.finish({ code: 1, signal: null, timedOut: false }, ['New-Object : Retrieving the COM class factory failed']);
    expect(end).toMatchObject({ error: { code: 'scanner_failed', details: { reason: 'other', detail: expect.stringContaining('COM class factory') } } });
    expect(r.finish({ code: null, signal: 'SIGTERM', timedOut: true }, [])).toMatchObject({ error: { code: 'scanner_failed', details: { reason: 'timeout' } } });
  });

  it('device events become DTOs: document handling → sources, the resolution constraint → a list', () => {
    const dev = (o: object) => wiaDevice(parseWiaLine(JSON.stringify({ event: 'device', id: 'D1', name: 'HP ScanJet Pro 2500 f1', vendor: 'HP', ...o })) as never);
    expect(dev({ handling: 3, resolutions: { min: 75, max: 1200, step: 1 } })).toEqual({
      id: 'D1',
      name: 'HP ScanJet Pro 2500 f1',
      backend: 'wia',
      sources: ['flatbed', 'adf'],
      modes: ['color', 'gray', 'bw'],
      resolutions: [100, 150, 200, 300, 400, 600],
    });
    expect(dev({ handling: 7, resolutions: { values: [600, 150, 300, 50] } })).toMatchObject({ sources: ['flatbed', 'adf', 'adf-duplex'], resolutions: [150, 300, 600] });
    expect(dev({ handling: 5 })).toMatchObject({ sources: ['adf', 'adf-duplex'], resolutions: [] });
    expect(dev({ handling: null })).toMatchObject({ sources: ['flatbed'] });
    expect(dev({ vendor: 'Canon', name: 'LiDE 300' }).name).toBe('Canon LiDE 300');
    expect(dev({ error: { hresult: -2145320954, message: 'busy' } })).toMatchObject({ sources: [], modes: [], resolutions: [] });
  });

  it('the "no device" and "empty feeder" errors the scan script raises itself carry the codes above', () => {
    const s = buildWiaScanScript(wiaScanParams(req()));
    expect(s).toContain(`hresult = ${WIA_ERRORS.NO_DEVICE_AVAILABLE}`);
    expect(s).toContain(`hresult = ${WIA_ERRORS.PAPER_EMPTY}`);
    expect(wiaError(WIA_ERRORS.NO_DEVICE_AVAILABLE, '', { deviceId: 'x', pages: 0 })?.code).toBe('scanner_not_found');
  });
});

describe('WIA runner (stand-in for powershell.exe)', () => {
  /**
   * A program answering like the scan script would: it decodes -EncodedCommand, reads the request from the base64
   * literal, writes `pages` page files into outDir, printing a page event after each, then the given ending.
   */
  function standIn(name: string, behaviour: { pages: number; end: string; stallAfter?: boolean }): string {
    const file = join(tmp, name);
    writeFileSync(
      file,
      `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
const i = process.argv.indexOf('-EncodedCommand');
const script = Buffer.from(process.argv[i + 1], 'base64').toString('utf16le');
const p = JSON.parse(Buffer.from(/FromBase64String\\('([^']*)'\\)/.exec(script)[1], 'base64').toString('utf8'));
const b = ${JSON.stringify(behaviour)};
// A page being saved when the clerk cancels: on disk, never reported.
if (b.stallAfter) fs.writeFileSync(path.join(p.outDir, 'page-9999.png'), 'half');
for (let n = 1; n <= Math.min(b.pages, p.maxPages); n++) {
  const f = path.join(p.outDir, 'page-' + String(n).padStart(4, '0') + '.png');
  fs.writeFileSync(f, 'page ' + n);
  console.log(JSON.stringify({ event: 'page', index: n, file: f }));
}
if (b.stallAfter) setInterval(() => {}, 1000);
else console.log(b.end);
`,
    );
    chmodSync(file, 0o755);
    return file;
  }

  function folder(): string {
    const d = mkdtempSync(join(tmp, 'out-'));
    mkdirSync(d, { recursive: true });
    return d;
  }

  it('reports each page as it lands and ends well; the request reaches the script intact', async () => {
    const wia = new WiaBackend({ powershell: standIn('ps-ok', { pages: 3, end: '{"event":"done","pages":3,"reason":"empty"}' }) });
    const outDir = folder();
    const seen: number[] = [];
    const outcome = await wia.scan(req({ outDir, maxPages: 10 }), { signal: new AbortController().signal, onPage: (p) => seen.push(p.index) });
    expect(seen).toEqual([1, 2, 3]);
    expect(outcome).toEqual({
      pages: [1, 2, 3].map((n) => ({ index: n, file: join(outDir, `page-000${n}.png`) })),
      ended: 'ok',
      notice: 'Đã quét 3 trang, khay nạp giấy đã hết.',
    });
  });

  it('a jam after 2 pages throws scanner_jammed after reporting those 2 pages', async () => {
    const wia = new WiaBackend({ powershell: standIn('ps-jam', { pages: 2, end: `{"event":"error","hresult":${WIA_ERRORS.PAPER_JAM | 0},"message":"jam"}` }) });
    const seen: number[] = [];
    const err = await wia.scan(req({ outDir: folder() }), { signal: new AbortController().signal, onPage: (p) => seen.push(p.index) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'scanner_jammed', details: { page: 3, pagesKept: 2 } });
    expect(seen).toEqual([1, 2]);
  });

  it('cancel: the script is stopped, reported pages are kept, an unreported file is removed', async () => {
    const wia = new WiaBackend({ powershell: standIn('ps-stall', { pages: 2, end: '', stallAfter: true }) });
    const outDir = folder();
    const ac = new AbortController();
    const outcome = await wia.scan(req({ outDir }), {
      signal: ac.signal,
      onPage: (p) => {
        if (p.index === 2) ac.abort();
      },
    });
    expect(outcome.ended).toBe('cancelled');
    expect(outcome.pages.map((p) => p.index)).toEqual([1, 2]);
    expect(readdirSync(outDir).sort()).toEqual(['page-0001.png', 'page-0002.png']);
  });

  it('no powershell.exe → scanner_unavailable, for list and scan', async () => {
    const wia = new WiaBackend({ powershell: join(tmp, 'nowhere', 'powershell.exe') });
    await expect(wia.list()).rejects.toMatchObject({ code: 'scanner_unavailable', details: { backend: 'wia' } });
    await expect(wia.scan(req({ outDir: folder() }), { signal: new AbortController().signal, onPage: () => {} })).rejects.toMatchObject({ code: 'scanner_unavailable' });
    expect(existsSync(join(tmp, 'nowhere'))).toBe(false);
  });
});
