// OcrDriver over the installed `tesseract` program: one process per page, OMP_THREAD_LIMIT=1 so a page uses one
// core (the caller decides how many pages run at once), TSV output parsed into words with boxes. Cancelling kills
// the process and waits until it is gone. Nothing here downloads anything.

import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../env';
import type { OcrDriver, OcrEngineInfo, OcrPageResult } from './driver';
import { parseTesseractTsv } from './tsv';

export interface NativeTesseractOptions {
  /** The program; default `tesseract` on PATH (on Windows also the usual install folders, see detect). */
  binary?: string;
  /** A tessdata folder to use instead of the program's own (TESSDATA_PREFIX). */
  tessdataDir?: string;
  logger?: Logger;
  /** A page that takes longer than this is abandoned as ocr_failed (the process is killed). */
  timeoutMs?: number;
}

const WINDOWS_CANDIDATES = ['C:\\Program Files\\Tesseract-OCR\\tesseract.exe', 'C:\\Program Files (x86)\\Tesseract-OCR\\tesseract.exe'];
const LANG_RE = /^[A-Za-z0-9_]+$/;
const DEFAULT_LANGS = ['vie', 'eng'];
/** Unix nice 10; on Windows Node maps it to BELOW_NORMAL_PRIORITY_CLASS. */
const OCR_NICENESS = 10;

export function abortError(): Error {
  return new DOMException('Đã hủy nhận dạng chữ.', 'AbortError');
}

export class NativeTesseract implements OcrDriver {
  readonly binary: string;
  private infoPromise: Promise<OcrEngineInfo> | undefined;
  private readonly children = new Set<ChildProcess>();

  constructor(private readonly opts: NativeTesseractOptions = {}) {
    this.binary = opts.binary ?? 'tesseract';
  }

  /** The driver when a working `tesseract` with Vietnamese data is found, else null (the caller falls back to wasm). */
  static async detect(opts: NativeTesseractOptions = {}): Promise<NativeTesseract | null> {
    const candidates = opts.binary ? [opts.binary] : process.platform === 'win32' ? ['tesseract', ...WINDOWS_CANDIDATES] : ['tesseract'];
    for (const binary of candidates) {
      const driver = new NativeTesseract({ ...opts, binary });
      try {
        const info = await driver.info();
        if (DEFAULT_LANGS.every((l) => info.languages.includes(l))) return driver;
        opts.logger?.warn('tesseract has no Vietnamese/English data', { binary, languages: info.languages });
      } catch {
        // not there: try the next place
      }
    }
    return null;
  }

  /** Process ids of pages being read now (tests check a cancelled page's process is gone). */
  get activePids(): number[] {
    return [...this.children].map((c) => c.pid).filter((p): p is number => typeof p === 'number');
  }

  info(): Promise<OcrEngineInfo> {
    // Cached once it succeeds; a failure (program missing) is not remembered so installing it later works.
    this.infoPromise ??= (async () => {
      const version = await this.run(['--version'], null, undefined);
      const langs = await this.run(['--list-langs'], null, undefined);
      const m = /tesseract\s+v?([0-9][^\s]*)/i.exec(version.stdout + version.stderr);
      const languages = (langs.stdout + langs.stderr)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => LANG_RE.test(l) && l !== 'osd');
      return { engine: 'native' as const, version: m?.[1] ?? 'unknown', languages };
    })();
    this.infoPromise.catch(() => (this.infoPromise = undefined));
    return this.infoPromise;
  }

  async recognize(image: Uint8Array | string, opts: { languages?: string[]; signal?: AbortSignal; dpi?: number } = {}): Promise<OcrPageResult> {
    const langs = opts.languages?.length ? opts.languages : DEFAULT_LANGS;
    if (!langs.every((l) => LANG_RE.test(l))) throw new AppError('invalid_input', 'Mã ngôn ngữ nhận dạng không hợp lệ.', { details: { languages: langs } });
    const args = [typeof image === 'string' ? image : 'stdin', 'stdout', '-l', langs.join('+'), '--psm', '3'];
    if (opts.dpi && opts.dpi > 0) args.push('--dpi', String(Math.round(opts.dpi)));
    args.push('tsv');
    const out = await this.run(args, typeof image === 'string' ? null : image, opts.signal);
    if (out.code !== 0) {
      throw new AppError('ocr_failed', undefined, { details: { engine: 'native', exitCode: out.code, detail: out.stderr.trim().slice(-500) } });
    }
    return parseTesseractTsv(out.stdout);
  }

  async close(): Promise<void> {
    await Promise.all([...this.children].map((c) => killAndWait(c)));
  }

  private run(args: string[], input: Uint8Array | null, signal: AbortSignal | undefined): Promise<{ code: number | null; stdout: string; stderr: string }> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...process.env, OMP_THREAD_LIMIT: '1' };
      if (this.opts.tessdataDir) env.TESSDATA_PREFIX = this.opts.tessdataDir;
      let child: ChildProcess;
      try {
        child = spawn(this.binary, args, { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      } catch (e) {
        reject(unavailable(this.binary, e));
        return;
      }
      this.children.add(child);
      // Below normal priority: OCR may use every core while the office is quiet, and the app's own threads (the
      // clerk's requests, the window) still come first when they need the CPU.
      if (child.pid != null) {
        try {
          os.setPriority(child.pid, OCR_NICENESS);
        } catch {
          // not allowed here (some sandboxes): the page is read at normal priority
        }
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let outcome: 'aborted' | 'timeout' | null = null;
      child.stdout?.on('data', (b: Buffer) => stdout.push(b));
      child.stderr?.on('data', (b: Buffer) => stderr.length < 256 && stderr.push(b));
      // A killed process closes its stdin under us; that is expected, not an error to raise.
      child.stdin?.on('error', () => {});
      const onAbort = (): void => {
        outcome ??= 'aborted';
        child.kill('SIGKILL');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = this.opts.timeoutMs
        ? setTimeout(() => {
            outcome ??= 'timeout';
            child.kill('SIGKILL');
          }, this.opts.timeoutMs)
        : undefined;
      const done = (): void => {
        this.children.delete(child);
        signal?.removeEventListener('abort', onAbort);
        if (timer) clearTimeout(timer);
      };
      child.on('error', (e) => {
        done();
        reject(unavailable(this.binary, e));
      });
      // 'close' comes after the process has exited and its pipes are drained: a cancelled page is really gone.
      child.on('close', (code) => {
        done();
        if (outcome === 'aborted') reject(abortError());
        else if (outcome === 'timeout')
          reject(new AppError('ocr_failed', 'Nhận dạng chữ trên trang này quá lâu nên đã dừng; trang quét vẫn được lưu.', { details: { engine: 'native', reason: 'timeout' } }));
        else resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
      });
      if (input) child.stdin?.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
      else child.stdin?.end();
    });
  }
}

function unavailable(binary: string, e: unknown): AppError {
  const code = (e as NodeJS.ErrnoException)?.code;
  return new AppError(
    'ocr_unavailable',
    code === 'ENOENT' ? 'Không tìm thấy chương trình nhận dạng chữ Tesseract trên máy này.' : 'Không chạy được chương trình nhận dạng chữ Tesseract.',
    { details: { engine: 'native', binary, errno: code ?? null }, cause: e },
  );
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGKILL');
  });
}
