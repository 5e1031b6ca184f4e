// The Windows scanner backend: WIA automation (COM WIA.DeviceManager, no UI) driven by a Windows PowerShell script,
// so nothing has to be installed on a commune office's PC. It cannot run on the Linux CI, so it is split into pure,
// tested parts: the script text (buildWiaListScript, buildWiaScanScript), the decoding of the one-JSON-object-per-line
// events the script prints (parseWiaLine, wiaDevice, createWiaScanReader) and the WIA error → AppError table
// (wiaError). The runner that joins them (WiaBackend) is a few lines around child.ts.
//
// Injection: the request (device id, folder …) reaches the script only as base64 of its JSON, decoded inside
// PowerShell; the script text itself is constant, so no device name can become code.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ScanMode, ScanSource, ScannerDeviceDto } from '../../src-shared/api/scanning';
import type { AppError } from '../../src-shared/errors';
import type { Logger } from '../env';
import type { ScanOutcome, ScanRequest, ScannedPage, ScannerBackend } from './backend';
import { runLines, type RunLinesResult } from './child';
import {
  cancelledNotice,
  feederEmptyNotice,
  resolutionsInRange,
  scannerBusy,
  scannerEmpty,
  scannerFailed,
  scannerJammed,
  scannerNotFound,
  scannerUnavailable,
} from './scan-errors';

// ---- WIA constants (wiadef.h, wia_lh.h) ---------------------------------------------------------------------------

export const WIA = {
  /** Device properties. */
  DPS_DOCUMENT_HANDLING_CAPABILITIES: 3086,
  DPS_DOCUMENT_HANDLING_STATUS: 3087,
  DPS_DOCUMENT_HANDLING_SELECT: 3088,
  DPS_PAGES: 3096,
  DIP_VEND_DESC: 3,
  DIP_DEV_NAME: 7,
  /** Item properties. */
  IPS_CUR_INTENT: 6146,
  IPS_XRES: 6147,
  IPS_YRES: 6148,
  IPS_XPOS: 6149,
  IPS_YPOS: 6150,
  IPS_XEXTENT: 6151,
  IPS_YEXTENT: 6152,
  /** WIA_DPS_DOCUMENT_HANDLING_SELECT / _CAPABILITIES bits. */
  FEEDER: 1,
  FLATBED: 2,
  DUPLEX: 4,
  /** WIA_DPS_DOCUMENT_HANDLING_STATUS bit: paper in the feeder. */
  FEED_READY: 1,
  /** WIA_IPS_CUR_INTENT values. */
  INTENT_COLOR: 1,
  INTENT_GRAYSCALE: 2,
  INTENT_TEXT: 4,
  /** WiaDeviceType.ScannerDeviceType. */
  SCANNER_DEVICE_TYPE: 1,
  FORMAT_PNG: '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}',
} as const;

/**
 * WIA HRESULTs (facility 0x21, MAKE_HRESULT(1, 0x21, n) with n in decimal: Microsoft's "Error Codes (WIA)" page prints
 * the codes from 16 on as if that decimal were hex — COVER_OPEN is 0x80210010, not 0x80210016).
 */
export const WIA_ERRORS = {
  GENERAL_ERROR: 0x80210001,
  PAPER_JAM: 0x80210002,
  PAPER_EMPTY: 0x80210003,
  PAPER_PROBLEM: 0x80210004,
  OFFLINE: 0x80210005,
  BUSY: 0x80210006,
  WARMING_UP: 0x80210007,
  USER_INTERVENTION: 0x80210008,
  ITEM_DELETED: 0x80210009,
  DEVICE_COMMUNICATION: 0x8021000a,
  INVALID_COMMAND: 0x8021000b,
  INCORRECT_HARDWARE_SETTING: 0x8021000c,
  DEVICE_LOCKED: 0x8021000d,
  EXCEPTION_IN_DRIVER: 0x8021000e,
  INVALID_DRIVER_RESPONSE: 0x8021000f,
  COVER_OPEN: 0x80210010,
  LAMP_OFF: 0x80210011,
  MULTI_FEED: 0x80210014,
  NO_DEVICE_AVAILABLE: 0x80210015,
  /** COM: the WIA automation library is not registered (WIA service missing). */
  CLASS_NOT_REGISTERED: 0x80040154,
  /** The Windows Image Acquisition service is disabled. */
  SERVICE_DISABLED: 0x80070422,
  ACCESS_DENIED: 0x80070005,
  INVALID_ARG: 0x80070057,
  OUT_OF_MEMORY: 0x8007000e,
} as const;

/** The request as the scan script receives it (base64 JSON). */
export interface WiaScanParams {
  deviceId: string;
  outDir: string;
  /** WIA_DPS_DOCUMENT_HANDLING_SELECT: FLATBED, FEEDER or FEEDER|DUPLEX. */
  handling: number;
  feeder: boolean;
  intent: number;
  dpi: number;
  maxPages: number;
  /** A4 in pixels at dpi, clamped by the script to what the device allows. */
  widthPx: number;
  heightPx: number;
}

export function wiaScanParams(req: ScanRequest): WiaScanParams {
  const handling = req.source === 'flatbed' ? WIA.FLATBED : req.source === 'adf' ? WIA.FEEDER : WIA.FEEDER | WIA.DUPLEX;
  const intent = { color: WIA.INTENT_COLOR, gray: WIA.INTENT_GRAYSCALE, bw: WIA.INTENT_TEXT }[req.mode];
  return {
    deviceId: req.deviceId,
    outDir: req.outDir,
    handling,
    feeder: req.source !== 'flatbed',
    intent,
    dpi: req.dpi,
    maxPages: req.source === 'flatbed' ? 1 : Math.max(1, req.maxPages),
    widthPx: Math.round((210 / 25.4) * req.dpi),
    heightPx: Math.round((297 / 25.4) * req.dpi),
  };
}

// ---- the PowerShell scripts ---------------------------------------------------------------------------------------

/** Shared head: UTF-8 output, one compressed JSON object per line, HRESULT of the innermost exception, property lookup. */
const PS_PRELUDE = String.raw`$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
function Emit($o) { [Console]::Out.WriteLine((ConvertTo-Json -InputObject $o -Compress -Depth 5)); [Console]::Out.Flush() }
function Fault($err) {
  $e = $err.Exception
  while ($null -ne $e.InnerException) { $e = $e.InnerException }
  $h = [int64]$e.HResult
  if ($h -lt 0) { $h += 4294967296 }
  return @{ hresult = $h; message = [string]$e.Message }
}
function Prop($props, [int]$id) {
  foreach ($x in $props) { if ($x.PropertyID -eq $id) { return $x } }
  return $null
}
function Constraint($x) {
  if ($null -eq $x) { return $null }
  if ($x.SubType -eq 1) { return @{ min = [int]$x.SubTypeMin; max = [int]$x.SubTypeMax; step = [int]$x.SubTypeStep } }
  if ($x.SubType -eq 2) { $v = @(); foreach ($y in $x.SubTypeValues) { $v += [int]$y }; return @{ values = $v } }
  return @{ values = @([int]$x.Value) }
}
`;

/** Lists the scanners with their document handling and resolutions: one "device" event each, then "done". */
export function buildWiaListScript(): string {
  return `${PS_PRELUDE}try {
  $dm = New-Object -ComObject WIA.DeviceManager
} catch {
  $f = Fault $_
  Emit @{ event = 'error'; stage = 'manager'; hresult = $f.hresult; message = $f.message }
  exit 0
}
foreach ($info in $dm.DeviceInfos) {
  if ($info.Type -ne ${WIA.SCANNER_DEVICE_TYPE}) { continue }
  $d = @{ event = 'device'; id = [string]$info.DeviceID; name = ''; vendor = ''; handling = $null; resolutions = $null }
  try { $d.name = [string](Prop $info.Properties ${WIA.DIP_DEV_NAME}).Value } catch {}
  try { $d.vendor = [string](Prop $info.Properties ${WIA.DIP_VEND_DESC}).Value } catch {}
  try {
    $dev = $info.Connect()
    $cap = Prop $dev.Properties ${WIA.DPS_DOCUMENT_HANDLING_CAPABILITIES}
    if ($null -ne $cap) { $d.handling = [int]$cap.Value }
    $item = $dev.Items.Item(1)
    $d.resolutions = Constraint (Prop $item.Properties ${WIA.IPS_XRES})
  } catch {
    $d.error = Fault $_
  }
  Emit $d
}
Emit @{ event = 'done' }
`;
}

/**
 * Scans: selects flatbed/feeder/duplex, sets intent, resolution and an A4 area, then transfers one page at a time
 * (WIA_DPS_PAGES = 1) until maxPages or the feeder is empty, printing a "page" event after each file is saved.
 */
export function buildWiaScanScript(params: WiaScanParams): string {
  const b64 = Buffer.from(JSON.stringify(params), 'utf8').toString('base64');
  return `${PS_PRELUDE}$p = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${b64}')) | ConvertFrom-Json
$n = 0
function SetProp($props, [int]$id, $value) {
  $x = Prop $props $id
  if ($null -ne $x) { $x.Value = $value }
}
function SetExtent($props, [int]$id, [int]$want) {
  try {
    $x = Prop $props $id
    if ($null -eq $x) { return }
    if ($x.SubType -eq 1 -and $want -gt $x.SubTypeMax) { $want = $x.SubTypeMax }
    $x.Value = $want
  } catch {}
}
try {
  $dm = New-Object -ComObject WIA.DeviceManager
  $info = $null
  foreach ($i in $dm.DeviceInfos) { if ([string]$i.DeviceID -eq [string]$p.deviceId) { $info = $i } }
  if ($null -eq $info) {
    Emit @{ event = 'error'; hresult = ${WIA_ERRORS.NO_DEVICE_AVAILABLE}; message = 'device not attached' }
    exit 0
  }
  $dev = $info.Connect()
  SetProp $dev.Properties ${WIA.DPS_DOCUMENT_HANDLING_SELECT} ([int]$p.handling)
  if ($p.feeder) { try { SetProp $dev.Properties ${WIA.DPS_PAGES} 1 } catch {} }
  $item = $dev.Items.Item(1)
  SetProp $item.Properties ${WIA.IPS_CUR_INTENT} ([int]$p.intent)
  SetProp $item.Properties ${WIA.IPS_XRES} ([int]$p.dpi)
  SetProp $item.Properties ${WIA.IPS_YRES} ([int]$p.dpi)
  SetExtent $item.Properties ${WIA.IPS_XPOS} 0
  SetExtent $item.Properties ${WIA.IPS_YPOS} 0
  SetExtent $item.Properties ${WIA.IPS_XEXTENT} ([int]$p.widthPx)
  SetExtent $item.Properties ${WIA.IPS_YEXTENT} ([int]$p.heightPx)
  while ($n -lt [int]$p.maxPages) {
    if ($p.feeder) {
      $st = Prop $dev.Properties ${WIA.DPS_DOCUMENT_HANDLING_STATUS}
      if ($null -ne $st -and (([int]$st.Value) -band ${WIA.FEED_READY}) -eq 0) {
        if ($n -eq 0) { Emit @{ event = 'error'; hresult = ${WIA_ERRORS.PAPER_EMPTY}; message = 'document handling status: feeder not ready' } }
        else { Emit @{ event = 'done'; pages = $n; reason = 'empty' } }
        exit 0
      }
    }
    try {
      $img = $item.Transfer('${WIA.FORMAT_PNG}')
    } catch {
      $f = Fault $_
      if ($p.feeder -and $n -gt 0 -and $f.hresult -eq ${WIA_ERRORS.PAPER_EMPTY}) { Emit @{ event = 'done'; pages = $n; reason = 'empty' }; exit 0 }
      Emit @{ event = 'error'; hresult = $f.hresult; message = $f.message; pages = $n }
      exit 0
    }
    $n++
    # Drivers may ignore the asked format and give BMP: keep what came, under its own extension.
    $file = [System.IO.Path]::Combine([string]$p.outDir, ('page-{0:D4}.{1}' -f $n, $img.FileExtension))
    $img.SaveFile($file)
    Emit @{ event = 'page'; index = $n; file = $file }
    if (-not $p.feeder) { break }
  }
  Emit @{ event = 'done'; pages = $n; reason = 'max' }
} catch {
  $f = Fault $_
  Emit @{ event = 'error'; hresult = $f.hresult; message = $f.message; pages = $n }
}
`;
}

/** powershell.exe -EncodedCommand takes the script as base64 of its UTF-16LE text. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodePowerShell(script)];
}

// ---- the script's output ------------------------------------------------------------------------------------------

/** HRESULTs arrive as signed 32-bit numbers (.NET HResult), sometimes as hex text: both → unsigned. */
const hresult = z.union([z.number().int(), z.string().regex(/^(0x[0-9a-f]{1,8}|-?\d+)$/i)]).transform((v) => (typeof v === 'number' ? v : Number(v)) >>> 0);

const constraint = z.union([z.object({ min: z.number(), max: z.number(), step: z.number() }), z.object({ values: z.array(z.number()) })]);

const wiaEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('device'),
    id: z.string().min(1),
    name: z.string().default(''),
    vendor: z.string().default(''),
    handling: z.number().int().nullable().default(null),
    resolutions: constraint.nullable().default(null),
    error: z.object({ hresult, message: z.string().default('') }).optional(),
  }),
  z.object({ event: z.literal('page'), index: z.number().int().positive(), file: z.string().min(1) }),
  z.object({ event: z.literal('error'), hresult, message: z.string().default(''), stage: z.string().optional(), pages: z.number().int().nonnegative().optional() }),
  z.object({ event: z.literal('done'), pages: z.number().int().nonnegative().optional(), reason: z.enum(['empty', 'max']).optional() }),
]);

export type WiaEvent = z.infer<typeof wiaEvent>;

/** One line of the script's stdout → its event; anything else (PowerShell noise, a torn line) → null. */
export function parseWiaLine(line: string): WiaEvent | null {
  const t = line.trim();
  if (!t.startsWith('{')) return null;
  let json: unknown;
  try {
    json = JSON.parse(t);
  } catch {
    return null;
  }
  const r = wiaEvent.safeParse(json);
  return r.success ? r.data : null;
}

/** A "device" event → the DTO (WIA scans colour, grey and text on every device, the intents are not per device). */
export function wiaDevice(ev: Extract<WiaEvent, { event: 'device' }>): ScannerDeviceDto {
  const h = ev.handling;
  const sources: ScanSource[] = [];
  if (h === null || h & WIA.FLATBED || !(h & WIA.FEEDER)) sources.push('flatbed');
  if (h !== null && h & WIA.FEEDER) sources.push('adf');
  if (h !== null && h & WIA.FEEDER && h & WIA.DUPLEX) sources.push('adf-duplex');
  let resolutions: number[] = [];
  const r = ev.resolutions;
  if (r && 'values' in r) {
    const values = [...new Set(r.values.filter((v) => v > 0))].sort((a, b) => a - b);
    const usable = values.filter((v) => v >= 75 && v <= 1200);
    resolutions = usable.length ? usable : values;
  } else if (r) {
    resolutions = resolutionsInRange(r.min, r.max, r.step);
  }
  const model = ev.name.trim() || ev.id;
  const vendor = ev.vendor.trim();
  // A device that could not be opened (busy) is listed without options, as the SANE backend does.
  const modes: ScanMode[] = ev.error ? [] : ['color', 'gray', 'bw'];
  return {
    id: ev.id,
    name: vendor && !model.toLowerCase().includes(vendor.toLowerCase()) ? `${vendor} ${model}` : model,
    backend: 'wia',
    sources: ev.error ? [] : sources,
    modes,
    resolutions: ev.error ? [] : resolutions,
  };
}

/** A WIA HRESULT → the AppError the clerk sees; null for an empty feeder after pages (a normal end). */
export function wiaError(code: number, message: string, ctx: { deviceId: string; pages: number }): AppError | null {
  const hr = code >>> 0;
  const detail = `0x${hr.toString(16).toUpperCase().padStart(8, '0')} ${message}`.trim();
  const withPages = { pages: ctx.pages, hresult: hr };
  switch (hr) {
    case WIA_ERRORS.PAPER_EMPTY:
      return ctx.pages === 0 ? scannerEmpty(detail) : null;
    case WIA_ERRORS.PAPER_JAM:
      return scannerJammed(ctx.pages, detail);
    case WIA_ERRORS.MULTI_FEED:
    case WIA_ERRORS.PAPER_PROBLEM:
      return scannerFailed('paper', detail, withPages);
    case WIA_ERRORS.BUSY:
    case WIA_ERRORS.DEVICE_LOCKED:
    case WIA_ERRORS.WARMING_UP:
      return scannerBusy(detail);
    case WIA_ERRORS.OFFLINE:
    case WIA_ERRORS.NO_DEVICE_AVAILABLE:
    case WIA_ERRORS.ITEM_DELETED:
      return scannerNotFound(ctx.deviceId, detail);
    case WIA_ERRORS.COVER_OPEN:
      return scannerFailed('cover_open', detail, withPages);
    case WIA_ERRORS.DEVICE_COMMUNICATION:
      return scannerFailed('io', detail, withPages);
    case WIA_ERRORS.ACCESS_DENIED:
      return scannerFailed('access_denied', detail, withPages);
    case WIA_ERRORS.INVALID_ARG:
    case WIA_ERRORS.INVALID_COMMAND:
    case WIA_ERRORS.INCORRECT_HARDWARE_SETTING:
      return scannerFailed('invalid', detail, withPages);
    case WIA_ERRORS.OUT_OF_MEMORY:
      return scannerFailed('no_memory', detail, withPages);
    case WIA_ERRORS.CLASS_NOT_REGISTERED:
    case WIA_ERRORS.SERVICE_DISABLED:
      return scannerUnavailable('wia', detail);
    default:
      return scannerFailed('other', detail, withPages);
  }
}

/**
 * Follows one scan script's stdout: `line` gives the page to report (in order, inside outDir) or null;
 * `finish` gives how the scan ended or the AppError to throw.
 */
export function createWiaScanReader(ctx: { deviceId: string; outDir: string; exists?: (file: string) => boolean }) {
  const exists = ctx.exists ?? existsSync;
  const pages: ScannedPage[] = [];
  let end: { error: AppError } | { ended: 'ok'; notice: string | null } | null = null;
  return {
    pages,
    line(text: string): ScannedPage | null {
      const ev = parseWiaLine(text);
      if (!ev || end) return null;
      if (ev.event === 'page') {
        // The file name is taken from the event but the folder is ours: a page is never read from elsewhere.
        const base = ev.file.split(/[\\/]/).pop() ?? '';
        if (!/^page-\d{4}\.[A-Za-z0-9]{1,5}$/.test(base)) return null;
        const page = { index: pages.length + 1, file: path.join(ctx.outDir, base) };
        if (!exists(page.file)) return null;
        pages.push(page);
        return page;
      }
      if (ev.event === 'done') end = { ended: 'ok', notice: ev.reason === 'empty' && pages.length > 0 ? feederEmptyNotice(pages.length) : null };
      if (ev.event === 'error') {
        const error = wiaError(ev.hresult, ev.message, { deviceId: ctx.deviceId, pages: pages.length });
        end = error ? { error } : { ended: 'ok', notice: feederEmptyNotice(pages.length) };
      }
      return null;
    },
    finish(run: Pick<RunLinesResult, 'code' | 'signal' | 'timedOut'>, stderr: string[]): { error: AppError } | { ended: 'ok' | 'cancelled'; notice: string | null } {
      if (end) return end;
      const detail = stderr.join('\n').slice(0, 2000) || `powershell exit ${run.code ?? run.signal}`;
      if (run.timedOut) return { error: scannerFailed('timeout', detail, { pages: pages.length }) };
      return { error: scannerFailed('other', detail, { pages: pages.length }) };
    },
  };
}

// ---- the backend --------------------------------------------------------------------------------------------------

export interface WiaBackendOptions {
  /** powershell.exe (Windows PowerShell 5.1 ships with every supported Windows). */
  powershell?: string;
  logger?: Logger;
  listTimeoutMs?: number;
  scanIdleTimeoutMs?: number;
}

export class WiaBackend implements ScannerBackend {
  readonly name = 'wia' as const;
  private readonly powershell: string;
  private readonly logger: Logger | undefined;
  private readonly listTimeoutMs: number;
  private readonly scanIdleTimeoutMs: number;

  constructor(opts: WiaBackendOptions = {}) {
    this.powershell = opts.powershell ?? 'powershell.exe';
    this.logger = opts.logger;
    // PowerShell itself takes a second or two to start on an office PC, and each device is opened once.
    this.listTimeoutMs = opts.listTimeoutMs ?? 30_000;
    this.scanIdleTimeoutMs = opts.scanIdleTimeoutMs ?? 300_000;
  }

  async list(): Promise<ScannerDeviceDto[]> {
    const devices: ScannerDeviceDto[] = [];
    const stderr: string[] = [];
    const seen: { failure: AppError | null; done: boolean } = { failure: null, done: false };
    const run = await runLines(this.powershell, powershellArgs(buildWiaListScript()), {
      totalTimeoutMs: this.listTimeoutMs,
      onStderrLine: (l) => stderr.push(l),
      onStdoutLine: (l) => {
        const ev = parseWiaLine(l);
        if (ev?.event === 'device') {
          if (ev.error) this.logger?.warn('scanner options unreadable', { device: ev.id, hresult: ev.error.hresult, error: ev.error.message });
          devices.push(wiaDevice(ev));
        } else if (ev?.event === 'error') seen.failure = wiaError(ev.hresult, ev.message, { deviceId: '', pages: 0 });
        else if (ev?.event === 'done') seen.done = true;
      },
    });
    if (run.spawnError) throw scannerUnavailable('wia', `${this.powershell}: ${run.spawnError.code ?? run.spawnError.message}`);
    if (seen.failure) throw seen.failure;
    if (run.timedOut) throw scannerFailed('timeout', `WIA list: no answer within ${this.listTimeoutMs} ms`);
    if (!seen.done) throw scannerFailed('other', stderr.join('\n').slice(0, 2000) || `powershell exit ${run.code}`);
    return devices;
  }

  async scan(req: ScanRequest, opts: { signal: AbortSignal; onPage: (p: ScannedPage) => void }): Promise<ScanOutcome> {
    if (opts.signal.aborted) return { pages: [], ended: 'cancelled', notice: cancelledNotice(0) };
    const reader = createWiaScanReader({ deviceId: req.deviceId, outDir: req.outDir });
    const stderr: string[] = [];
    this.logger?.info('scan start', { device: req.deviceId, source: req.source, mode: req.mode, dpi: req.dpi });
    const run = await runLines(this.powershell, powershellArgs(buildWiaScanScript(wiaScanParams(req))), {
      signal: opts.signal,
      idleTimeoutMs: this.scanIdleTimeoutMs,
      onStderrLine: (l) => stderr.push(l),
      onStdoutLine: (l) => {
        const page = reader.line(l);
        if (page) opts.onPage(page);
      },
    });
    if (run.spawnError) throw scannerUnavailable('wia', `${this.powershell}: ${run.spawnError.code ?? run.spawnError.message}`);
    const pages = reader.pages;
    if (run.aborted) {
      // A file being saved when the script was stopped was never reported: it goes.
      const kept = new Set(pages.map((p) => path.basename(p.file)));
      for (const f of readdirSync(req.outDir)) if (!kept.has(f)) rmSync(path.join(req.outDir, f), { force: true });
      return { pages, ended: 'cancelled', notice: cancelledNotice(pages.length) };
    }
    const end = reader.finish(run, stderr);
    if ('error' in end) {
      this.logger?.warn('scan failed', { device: req.deviceId, pages: pages.length, code: end.error.code, detail: end.error.details?.detail });
      throw end.error;
    }
    return { pages, ...end };
  }
}
