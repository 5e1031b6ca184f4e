// The SANE scanner backend (Linux, also macOS/BSD with sane-backends): drives the `scanimage` program rather than
// libsane so no native module has to be built, and a crashing driver takes down a child process, not the app.
// It learns each device's sources, modes and resolutions from `scanimage -A` and always scans with the names the
// device itself offered (backends spell them differently: "ADF Duplex", "Automatic Document Feeder(left aligned,
// Duplex)", "24bit Color", "Lineart", "Binary" …). Pages are written by `scanimage --batch`, one file per page,
// and reported as soon as scanimage has closed the file.
//
// Facts checked against scanimage 1.1.1 with the `test` backend (tests/unit/scanner-sane.test.ts):
// - batch mode writes "page-0001.png.part" and renames it only after printing "Scanned page 1. (scanner status = 5)",
//   so a page is complete when the next "Scanning page" line or "Batch terminated" arrives (and the file exists);
// - the exit code is the SANE status of the failing call (7 = feeder empty, 6 = jammed …); a feeder running out
//   after pages shows as "sane_start: Document feeder out of documents" + "Batch terminated, N pages scanned";
// - SIGTERM ends scanimage at once, leaving the current page as a ".part" file (removed here).

import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
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

export interface SaneBackendOptions {
  /** Path of scanimage; 'scanimage' (looked up in PATH) by default. */
  scanimage?: string;
  /** Merged over process.env for every child (SANE_CONFIG_DIR for a private configuration, say). */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Time limit of each listing child (scanimage -L, -A), ms. The stock configuration probes every backend: 3.5 s. */
  listTimeoutMs?: number;
  /** A scan is stopped when scanimage prints nothing for this long (one page at 600 dpi colour on USB 1 can take minutes). */
  scanIdleTimeoutMs?: number;
  /** How long a device's parsed options are reused, ms. */
  optionsCacheMs?: number;
  /** How long scanimage may take to close the device after "Batch terminated" before it is stopped, ms. */
  exitGraceMs?: number;
}

// ---- parsing `scanimage -A` -------------------------------------------------------------------------------------

export interface SaneOption {
  /** Without dashes: 'mode', 'source', 'resolution', 'x' … */
  name: string;
  /** A list constraint ("Gray|Color", "75|150|300dpi" → ['75','150','300']). */
  values: string[] | null;
  /** A range constraint ("1..1200dpi (in steps of 1)"). */
  range: { min: number; max: number; step: number } | null;
  /** 'dpi', 'mm', 'pel', '' … */
  unit: string;
  /** The value in brackets, null when the option is inactive. */
  current: string | null;
  inactive: boolean;
}

const OPTION_LINE = /^ {4}(-{1,2}[A-Za-z0-9][\w-]*)(?:\[=\([^)]*\)\])?(?: (.*))?$/;
const RANGE = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)([A-Za-z%]*)(?:,\.\.\.)?(?: \(in steps of (\d+(?:\.\d+)?)\))?$/;
const NUMBER_WITH_UNIT = /^(-?\d+(?:\.\d+)?)([A-Za-z%]*)$/;

/** The device options of `scanimage -d DEV -A` (only lines at option indentation are read; help text is skipped). */
export function parseSaneOptions(text: string): Map<string, SaneOption> {
  const options = new Map<string, SaneOption>();
  for (const line of text.split(/\r?\n/)) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const name = m[1].replace(/^-+/, '');
    let rest = (m[2] ?? '').trim();
    let current: string | null = null;
    // The last bracket group is the current value; values may hold brackets of their own ("24bit Color[Fast]").
    const cur = /^(.*?)\s*\[([^\]]*)\]$/.exec(rest);
    if (cur) {
      rest = cur[1];
      current = cur[2];
    }
    const inactive = current === 'inactive';
    const opt: SaneOption = { name, values: null, range: null, unit: '', current: inactive ? null : current, inactive };
    const range = RANGE.exec(rest);
    if (range) {
      opt.range = { min: Number(range[1]), max: Number(range[2]), step: range[4] ? Number(range[4]) : 0 };
      opt.unit = range[3];
    } else if (rest.includes('|')) {
      const parts = rest.split('|');
      const last = NUMBER_WITH_UNIT.exec(parts[parts.length - 1]);
      if (last && parts.slice(0, -1).every((p) => /^-?\d+(?:\.\d+)?$/.test(p))) {
        opt.unit = last[2];
        parts[parts.length - 1] = last[1];
      }
      opt.values = parts;
    } else if (rest && !rest.startsWith('<')) {
      opt.values = [rest];
    }
    if (!options.has(name)) options.set(name, opt);
  }
  return options;
}

// ---- what a device can do -------------------------------------------------------------------------------------

/** Arguments that select one source or mode on this device. */
export interface SaneChoice {
  args: string[];
  /** The device's own name, for logs. */
  label: string | null;
}

export interface SaneCapabilities {
  sources: Partial<Record<ScanSource, SaneChoice>>;
  modes: Partial<Record<ScanMode, SaneChoice>>;
  resolutions: number[];
  /** How to set the resolution: the option's name and its constraint, null when the device has none. */
  resolution: { option: string; range: SaneOption['range']; values: number[] | null } | null;
  /** Largest scan area in mm, when the device states it in mm. */
  maxWidthMm: number | null;
  maxHeightMm: number | null;
}

const SOURCE_ORDER: ScanSource[] = ['flatbed', 'adf', 'adf-duplex'];
const MODE_ORDER: ScanMode[] = ['color', 'gray', 'bw'];

/** A SANE source name → ours; film and transparency units (and back-side-only feeds) are not paper sources. */
export function classifySaneSource(name: string): ScanSource | null {
  const n = name.toLowerCase();
  if (/film|transparen|negative|positive|slide|\btma\b|\btpu\b|dia/.test(n)) return null;
  if (/duplex|hai mặt|recto.?verso|beidseitig|doble cara/.test(n)) return 'adf-duplex';
  if (/\bback\b/.test(n)) return null;
  if (/adf|feeder|automatic|chargeur|einzug|khay nạp|alimentador|alimentatore|\bfeed/.test(n)) return 'adf';
  if (/flat|platen|normal|document table|vitre|glas|mặt kính|cristal|vetro|scanner glass/.test(n)) return 'flatbed';
  return null;
}

/** A SANE mode name → ours, with how well it fits (a device may offer "Gray[Error Diffusion]" and "True Gray"). */
export function classifySaneMode(name: string): { mode: ScanMode; score: number } | null {
  const n = name.toLowerCase().trim();
  if (/^(colou?r|farbe|couleur|màu|colore|kolor)$/.test(n)) return { mode: 'color', score: 3 };
  if (/^(gr[ae]y|grayscale|greyscale|graustufen|gris|niveaux de gris|xám|thang xám|grigio|true gr[ae]y)$/.test(n)) return { mode: 'gray', score: 3 };
  if (/^(lineart|line art|binary|black ?(&|and) ?white|b\/?&?w|schwarzweiß|schwarz\/weiß|noir et blanc|đen trắng|bianco e nero|monochrome)$/.test(n))
    return { mode: 'bw', score: 3 };
  // Dithered modes come before grey: "Gray[Error Diffusion]" is a 1-bit picture.
  if (/halftone|dither|error diffusion|raster/.test(n)) return { mode: 'bw', score: 1 };
  if (/gr[ae]y|grau|gris|xám|grigio/.test(n)) return { mode: 'gray', score: /16|48|fast/.test(n) ? 1 : 2 };
  if (/colou?r|farbe|couleur|màu|colore|rgb/.test(n)) return { mode: 'color', score: /48|16|fast/.test(n) ? 1 : 2 };
  if (/lineart|line art|binary|black|mono|đen/.test(n)) return { mode: 'bw', score: 2 };
  return null;
}

/** The capabilities a device's options give, choosing for each source and mode the best of the device's names. */
export function saneCapabilities(options: Map<string, SaneOption>): SaneCapabilities {
  const sources: SaneCapabilities['sources'] = {};
  const sourceOpt = options.get('source');
  if (sourceOpt?.values && !sourceOpt.inactive) {
    for (const v of sourceOpt.values) {
      const s = classifySaneSource(v);
      if (s && !sources[s]) sources[s] = { args: ['--source', v], label: v };
    }
    // epson2 and some others feed duplex through the ADF source plus an "adf-mode" option.
    const adfMode = options.get('adf-mode');
    const duplexValue = adfMode?.values?.find((v) => /duplex/i.test(v));
    const simplexValue = adfMode?.values?.find((v) => /simplex/i.test(v));
    if (sources.adf && duplexValue && !sources['adf-duplex']) {
      sources['adf-duplex'] = { args: [...sources.adf.args, '--adf-mode', duplexValue], label: `${sources.adf.label} (${duplexValue})` };
      if (simplexValue) sources.adf = { args: [...sources.adf.args, '--adf-mode', simplexValue], label: sources.adf.label };
    }
  }
  // A device without a source option (or with only names we do not know) is a flatbed: scan with its default.
  if (!sources.flatbed && !sources.adf && !sources['adf-duplex']) sources.flatbed = { args: [], label: null };

  const modes: SaneCapabilities['modes'] = {};
  const modeOpt = options.get('mode');
  const depth = options.get('depth');
  const depthArgs = (d: string) => (depth?.values?.includes(d) && !depth.inactive ? ['--depth', d] : []);
  const best: Partial<Record<ScanMode, { name: string; score: number }>> = {};
  for (const v of modeOpt?.values ?? []) {
    const c = classifySaneMode(v);
    if (c && (best[c.mode]?.score ?? -1) < c.score) best[c.mode] = { name: v, score: c.score };
  }
  for (const m of MODE_ORDER) {
    const b = best[m];
    if (b) modes[m] = { args: ['--mode', b.name, ...(m === 'bw' ? [] : depthArgs('8'))], label: b.name };
  }
  if (!modeOpt) modes.color = { args: [], label: null };
  // The page imaging step turns colour into grey and grey into black-and-white on its own (PreparedPage.mode), so a
  // device lacking a mode still offers it: bw from 1-bit grey where the device has it (the test backend), else from grey.
  if (!modes.bw && modes.gray) {
    modes.bw = depthArgs('1').length ? { args: ['--mode', best.gray!.name, '--depth', '1'], label: `${best.gray!.name} 1 bit` } : modes.gray;
  }
  if (!modes.gray && modes.color) modes.gray = modes.color;
  if (!modes.bw && modes.gray) modes.bw = modes.gray;

  let resolution: SaneCapabilities['resolution'] = null;
  let resolutions: number[] = [];
  const resName = ['resolution', 'x-resolution'].find((n) => options.has(n) && !options.get(n)!.inactive);
  if (resName) {
    const r = options.get(resName)!;
    if (r.range) {
      resolutions = resolutionsInRange(r.range.min, r.range.max, r.range.step);
      resolution = { option: resName, range: r.range, values: null };
    } else if (r.values) {
      const values = [...new Set(r.values.map(Number).filter((v) => Number.isFinite(v) && v > 0))].sort((a, b) => a - b);
      const usable = values.filter((v) => v >= 75 && v <= 1200);
      resolutions = usable.length ? usable : values;
      resolution = { option: resName, range: null, values };
    }
  }

  const mm = (o: SaneOption | undefined) => (o?.range && o.unit === 'mm' && !o.inactive ? o.range.max : null);
  return { sources, modes, resolutions, resolution, maxWidthMm: mm(options.get('x')), maxHeightMm: mm(options.get('y')) };
}

/** The dpi actually asked of the device: the request if the device takes it, else the nearest value it does take. */
export function pickResolution(cap: SaneCapabilities['resolution'], dpi: number): number {
  if (!cap) return dpi;
  if (cap.range) {
    const { min, max, step } = cap.range;
    let v = Math.min(Math.max(dpi, min), max);
    if (step > 0) v = min + Math.round((v - min) / step) * step;
    return Math.round(Math.min(v, max));
  }
  const values = cap.values ?? [];
  if (values.length === 0 || values.includes(dpi)) return dpi;
  return values.reduce((a, b) => (Math.abs(b - dpi) < Math.abs(a - dpi) ? b : a));
}

/** `scanimage -f '%d\t%v\t%m\t%t%n'` → devices. */
export function parseDeviceList(text: string): Array<{ id: string; vendor: string; model: string; type: string }> {
  const out: Array<{ id: string; vendor: string; model: string; type: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.split('\t');
    if (f.length < 4 || !f[0]) continue;
    out.push({ id: f[0], vendor: f[1].trim(), model: f[2].trim(), type: f[3].trim() });
  }
  return out;
}

// ---- the scan's end state ---------------------------------------------------------------------------------------

/** SANE_Status values (sane.h). */
const S = { GOOD: 0, UNSUPPORTED: 1, CANCELLED: 2, DEVICE_BUSY: 3, INVAL: 4, EOF: 5, JAMMED: 6, NO_DOCS: 7, COVER_OPEN: 8, IO_ERROR: 9, NO_MEM: 10, ACCESS_DENIED: 11 } as const;

/** The SANE status words scanimage prints (sane_strstatus, C locale), for when only the words are known. */
const STATUS_WORDS: Array<[RegExp, number]> = [
  [/out of documents/i, S.NO_DOCS],
  [/jammed/i, S.JAMMED],
  [/device busy/i, S.DEVICE_BUSY],
  [/cover is open/i, S.COVER_OPEN],
  [/error during device i\/o/i, S.IO_ERROR],
  [/access to resource has been denied/i, S.ACCESS_DENIED],
  [/out of memory/i, S.NO_MEM],
  [/operation was cancell?ed/i, S.CANCELLED],
  [/operation not supported/i, S.UNSUPPORTED],
  [/invalid argument/i, S.INVAL],
];

function statusOfWords(words: string): number | null {
  for (const [re, s] of STATUS_WORDS) if (re.test(words)) return s;
  return null;
}

/** What scanimage said during a scan, gathered from its stderr. */
export interface ScanTranscript {
  /** "scanimage: …" lines: the device's own words. */
  errors: string[];
  /** The status of the page that failed ("Scanned page 3. (scanner status = 6)"), if any. */
  pageStatus: number | null;
  /** "Batch terminated, N pages scanned" was printed: the scan itself is over, only closing the device is left. */
  batchEnded: boolean;
  formatRejected: boolean;
}

/**
 * Maps the end of a scanimage run to how the scan ended or the AppError to throw; `ctx.pages` were all reported.
 * `run.code` is null when scanimage was stopped after "Batch terminated" because it hung closing the device.
 */
export function saneEnd(
  run: Pick<RunLinesResult, 'code' | 'signal' | 'timedOut'>,
  t: ScanTranscript,
  ctx: { deviceId: string; pages: number },
): { error: AppError } | { ended: 'ok' | 'cancelled'; notice: string | null } {
  const detail = t.errors.join('\n') || (run.signal ? `scanimage ended by ${run.signal}` : `scanimage exit ${run.code}`);
  if (run.timedOut) return { error: scannerFailed('timeout', detail, { pages: ctx.pages }) };
  // The failed page's status comes first: the test backend, for one, sometimes exits 0 after a failed read.
  if (t.pageStatus === null) {
    if (run.code === 0) return { ended: 'ok', notice: null };
    if (run.code === null && t.batchEnded && t.errors.length === 0) return { ended: 'ok', notice: null };
  }

  const openFailure = t.errors.find((e) => /open of device .* failed/i.test(e));
  if (openFailure) {
    const s = statusOfWords(openFailure);
    if (s === S.DEVICE_BUSY) return { error: scannerBusy(detail) };
    if (s === S.ACCESS_DENIED) return { error: scannerFailed('access_denied', detail) };
    if (s === S.NO_MEM) return { error: scannerFailed('no_memory', detail) };
    // "Invalid argument" is what the dll backend says for an unknown or unplugged device.
    return { error: scannerNotFound(ctx.deviceId, detail) };
  }
  if (t.errors.some((e) => /setting of option .* failed/i.test(e))) return { error: scannerFailed('invalid', detail) };

  const lastWords = t.errors.length ? statusOfWords(t.errors[t.errors.length - 1]) : null;
  const status = t.pageStatus ?? (run.code !== null && run.code > 0 && run.code <= S.ACCESS_DENIED ? run.code : null) ?? lastWords;
  switch (status) {
    case S.NO_DOCS:
      return ctx.pages === 0 ? { error: scannerEmpty(detail) } : { ended: 'ok', notice: feederEmptyNotice(ctx.pages) };
    case S.JAMMED:
      return { error: scannerJammed(ctx.pages, detail) };
    case S.DEVICE_BUSY:
      return { error: scannerBusy(detail) };
    case S.CANCELLED:
      // The scanner's own stop button: the clerk stopped it, the pages so far are kept.
      return { ended: 'cancelled', notice: cancelledNotice(ctx.pages) };
    case S.COVER_OPEN:
      return { error: scannerFailed('cover_open', detail, { pages: ctx.pages }) };
    case S.IO_ERROR:
      return { error: scannerFailed('io', detail, { pages: ctx.pages }) };
    case S.ACCESS_DENIED:
      return { error: scannerFailed('access_denied', detail, { pages: ctx.pages }) };
    case S.INVAL:
    case S.UNSUPPORTED:
      return { error: scannerFailed('invalid', detail, { pages: ctx.pages }) };
    case S.NO_MEM:
      return { error: scannerFailed('no_memory', detail, { pages: ctx.pages }) };
    default:
      return { error: scannerFailed('other', detail, { pages: ctx.pages }) };
  }
}

// ---- the backend --------------------------------------------------------------------------------------------------

const FORMATS = [
  { arg: 'png', ext: 'png' },
  { arg: 'tiff', ext: 'tif' },
  { arg: 'pnm', ext: 'pnm' },
] as const;

export class SaneBackend implements ScannerBackend {
  readonly name = 'sane' as const;
  private readonly scanimage: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly logger: Logger | undefined;
  private readonly listTimeoutMs: number;
  private readonly scanIdleTimeoutMs: number;
  private readonly cacheMs: number;
  private readonly exitGraceMs: number;
  private readonly optionsCache = new Map<string, { at: number; caps: SaneCapabilities }>();
  /** Index into FORMATS: lowered once a scanimage refuses png (built without libpng, or older than 1.0.25). */
  private format = 0;

  constructor(opts: SaneBackendOptions = {}) {
    this.scanimage = opts.scanimage ?? 'scanimage';
    // The C locale keeps scanimage's status words parseable; the device's words still go to details as printed.
    this.env = { ...process.env, ...opts.env, LC_ALL: 'C', LANGUAGE: '' };
    this.logger = opts.logger;
    this.listTimeoutMs = opts.listTimeoutMs ?? 15_000;
    this.scanIdleTimeoutMs = opts.scanIdleTimeoutMs ?? 300_000;
    this.cacheMs = opts.optionsCacheMs ?? 60_000;
    this.exitGraceMs = opts.exitGraceMs ?? 3000;
  }

  /** Runs a listing command to the end and gives its stdout and stderr. */
  private async capture(args: string[]): Promise<{ out: string; err: string[]; run: RunLinesResult }> {
    const out: string[] = [];
    const err: string[] = [];
    const run = await runLines(this.scanimage, args, {
      env: this.env,
      onStdoutLine: (l) => out.push(l),
      onStderrLine: (l) => err.push(l),
      totalTimeoutMs: this.listTimeoutMs,
    });
    if (run.spawnError) throw scannerUnavailable('sane', `${this.scanimage}: ${run.spawnError.code ?? run.spawnError.message}`);
    return { out: out.join('\n'), err, run };
  }

  async list(): Promise<ScannerDeviceDto[]> {
    const { out, err, run } = await this.capture(['-f', '%d\t%v\t%m\t%t%n']);
    if (run.timedOut) throw scannerFailed('timeout', `scanimage -f: no answer within ${this.listTimeoutMs} ms`);
    if (run.code !== 0) throw scannerFailed('other', err.join('\n') || `scanimage exit ${run.code}`);
    const devices: ScannerDeviceDto[] = [];
    for (const d of parseDeviceList(out)) {
      const name = [d.vendor, d.model].filter((s) => s && s.toLowerCase() !== 'noname').join(' ') || d.id;
      let caps: SaneCapabilities | null = null;
      try {
        caps = await this.capabilities(d.id, true);
      } catch (e) {
        // A device busy with another program is still attached: list it, its options come on the next try.
        this.logger?.warn('scanner options unreadable', { device: d.id, error: e instanceof Error ? e.message : String(e) });
      }
      devices.push({
        id: d.id,
        name,
        backend: 'sane',
        sources: caps ? SOURCE_ORDER.filter((s) => caps.sources[s]) : [],
        modes: caps ? MODE_ORDER.filter((m) => caps.modes[m]) : [],
        resolutions: caps?.resolutions ?? [],
      });
    }
    return devices;
  }

  /** The device's options, parsed; reused for optionsCacheMs (a list right before a scan reads them once). */
  private async capabilities(deviceId: string, refresh = false): Promise<SaneCapabilities> {
    const hit = this.optionsCache.get(deviceId);
    if (!refresh && hit && Date.now() - hit.at < this.cacheMs) return hit.caps;
    const { out, err, run } = await this.capture([`--device-name=${deviceId}`, '-A']);
    if (run.timedOut) throw scannerFailed('timeout', `scanimage -A: no answer within ${this.listTimeoutMs} ms`);
    if (run.code !== 0) {
      const errors = err.filter((l) => l.startsWith('scanimage: ')).map((l) => l.slice('scanimage: '.length));
      const end = saneEnd(run, { errors, pageStatus: null, batchEnded: false, formatRejected: false }, { deviceId, pages: 0 });
      throw 'error' in end ? end.error : scannerFailed('other', err.join('\n'));
    }
    const caps = saneCapabilities(parseSaneOptions(out));
    this.optionsCache.set(deviceId, { at: Date.now(), caps });
    return caps;
  }

  async scan(req: ScanRequest, opts: { signal: AbortSignal; onPage: (p: ScannedPage) => void }): Promise<ScanOutcome> {
    if (opts.signal.aborted) return { pages: [], ended: 'cancelled', notice: cancelledNotice(0) };
    const caps = await this.capabilities(req.deviceId);
    const source = caps.sources[req.source];
    if (!source) throw scannerFailed('invalid', `source ${req.source} not offered by ${req.deviceId}`, { source: req.source });
    const mode = caps.modes[req.mode];
    if (!mode) throw scannerFailed('invalid', `mode ${req.mode} not offered by ${req.deviceId}`, { mode: req.mode });

    const args = [`--device-name=${req.deviceId}`, ...source.args, ...mode.args];
    if (caps.resolution) args.push(`--${caps.resolution.option}`, String(pickResolution(caps.resolution, req.dpi)));
    // A4 where the device reaches it; a smaller device scans its whole width or height.
    if (caps.maxWidthMm !== null) args.push('-x', String(Math.min(210, caps.maxWidthMm)));
    if (caps.maxHeightMm !== null) args.push('-y', String(Math.min(297, caps.maxHeightMm)));
    const count = req.source === 'flatbed' ? 1 : Math.max(1, req.maxPages);

    for (;;) {
      const format = FORMATS[this.format];
      const attempt = await this.runBatch(req, opts, [...args, `--format=${format.arg}`, `--batch=page-%04d.${format.ext}`, `--batch-count=${count}`], format.ext);
      if ('retry' in attempt && this.format < FORMATS.length - 1) {
        this.format++;
        this.logger?.warn('scanimage refused the image format, trying the next', { format: format.arg });
        continue;
      }
      if ('retry' in attempt) throw scannerFailed('other', 'scanimage accepts no image format VănThư reads');
      return attempt;
    }
  }

  private async runBatch(req: ScanRequest, opts: { signal: AbortSignal; onPage: (p: ScannedPage) => void }, args: string[], ext: string): Promise<ScanOutcome | { retry: true }> {
    const pages: ScannedPage[] = [];
    const transcript: ScanTranscript = { errors: [], pageStatus: null, batchEnded: false, formatRejected: false };
    /** A page scanimage finished reading but may not have renamed from ".part" yet. */
    let pending: number | null = null;
    // One stop for both reasons to end the child early: the clerk cancelled, or it hangs after the batch ended.
    const stopper = new AbortController();
    let cancelled = false;
    let lingerTimer: NodeJS.Timeout | undefined;
    const onCancel = () => {
      cancelled = true;
      stopper.abort();
    };

    const fileOf = (n: number) => path.join(req.outDir, `page-${String(n).padStart(4, '0')}.${ext}`);
    const confirm = () => {
      if (pending === null) return;
      const n = pending;
      pending = null;
      const file = fileOf(n);
      if (!existsSync(file)) return;
      const page = { index: pages.length + 1, file };
      pages.push(page);
      opts.onPage(page);
    };
    const onLine = (line: string) => {
      let m: RegExpExecArray | null;
      if (/^Scanning page \d+$/.test(line)) {
        confirm();
      } else if ((m = /^Scanned page (\d+)\. \(scanner status = (\d+)\)$/.exec(line))) {
        const status = Number(m[2]);
        if (status === S.EOF || status === S.GOOD) pending = Number(m[1]);
        else transcript.pageStatus = status;
      } else if (/^Batch terminated/.test(line)) {
        confirm();
        transcript.batchEnded = true;
        // Seen with the test backend after a failed read (about 1 run in 20): scanimage never returns from closing
        // the device. Everything is known by now, so give it a moment, then stop it.
        lingerTimer = setTimeout(() => stopper.abort(), this.exitGraceMs);
      } else if (/unknown output image format/i.test(line)) {
        transcript.formatRejected = true;
      } else if (line.startsWith('scanimage: ')) {
        const words = line.slice('scanimage: '.length);
        // Its own signal handling ("received signal 13", "aborting") is noise next to the device's words.
        if (!/^(received signal|trying to stop scanner|aborting)/.test(words)) transcript.errors.push(words);
      }
    };

    this.logger?.info('scan start', { device: req.deviceId, args: args.slice(1) });
    if (opts.signal.aborted) onCancel();
    else opts.signal.addEventListener('abort', onCancel, { once: true });
    const run = await runLines(this.scanimage, args, {
      env: this.env,
      cwd: req.outDir,
      onStderrLine: onLine,
      signal: stopper.signal,
      idleTimeoutMs: this.scanIdleTimeoutMs,
    });
    clearTimeout(lingerTimer);
    opts.signal.removeEventListener('abort', onCancel);
    if (run.spawnError) throw scannerUnavailable('sane', `${this.scanimage}: ${run.spawnError.code ?? run.spawnError.message}`);
    // A page finished just before a kill may have been renamed: keep it if it is there.
    confirm();
    for (const f of readdirSync(req.outDir)) if (f.endsWith('.part')) rmSync(path.join(req.outDir, f), { force: true });

    if (transcript.formatRejected && pages.length === 0) return { retry: true };
    // A cancel that came after the batch had ended changes nothing: the scan was complete.
    if (cancelled && !transcript.batchEnded) {
      this.logger?.info('scan cancelled', { device: req.deviceId, pages: pages.length });
      return { pages, ended: 'cancelled', notice: cancelledNotice(pages.length) };
    }
    const end = saneEnd({ ...run, code: run.aborted ? null : run.code }, transcript, { deviceId: req.deviceId, pages: pages.length });
    if ('error' in end) {
      this.logger?.warn('scan failed', { device: req.deviceId, pages: pages.length, code: end.error.code, detail: end.error.details?.detail });
      if (end.error.code === 'scanner_not_found') this.optionsCache.delete(req.deviceId);
      throw end.error;
    }
    this.logger?.info('scan done', { device: req.deviceId, pages: pages.length, ended: end.ended });
    return { pages, ...end };
  }
}
