// OcrDriver over tesseract.js (WebAssembly in a worker thread) for machines without the `tesseract` program.
// Strictly offline: the language data comes from local files only (toolchain.md §7: tesseract.js's default CDN
// download throws inside its worker and kills the process when offline), and worker errors are routed to
// errorHandler so they reject a page instead of crashing the app. Cancelling terminates the worker.

import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../env';
import type { OcrDriver, OcrEngineInfo, OcrPageResult } from './driver';
import { abortError } from './native';
import { parseTesseractTsv } from './tsv';

type TesseractModule = typeof import('tesseract.js');
type TWorker = Awaited<ReturnType<TesseractModule['createWorker']>>;

export interface WasmTesseractOptions {
  /** The app's resources folder: `<resourcesDir>/tessdata` (copied there by electron-builder) is looked at first. */
  resourcesDir: string;
  /** Where to gather the npm-packaged language files when resources/tessdata is missing (development, tests). */
  stagingDir?: string;
  languages?: string[];
  logger?: Logger;
}

const DEFAULT_LANGS = ['vie', 'eng'];
const LANG_RE = /^[A-Za-z0-9_]+$/;
const require = createRequire(import.meta.url);

const exists = async (p: string): Promise<boolean> => {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
};

/**
 * A local folder holding `<lang>.traineddata.gz` for every language. tesseract.js takes one langPath for all
 * languages, and the npm data packages keep each language in its own folder, so without resources/tessdata the
 * files are copied side by side into a staging folder once.
 */
export async function localLangPath(resourcesDir: string, languages: string[], stagingDir?: string): Promise<string> {
  const shipped = path.join(resourcesDir, 'tessdata');
  const has = await Promise.all(languages.map((l) => exists(path.join(shipped, `${l}.traineddata.gz`))));
  if (has.every(Boolean)) return shipped;
  const sources = languages.map((l) => {
    try {
      return { lang: l, file: path.join(path.dirname(require.resolve(`@tesseract.js-data/${l}/package.json`)), '4.0.0_best_int', `${l}.traineddata.gz`) };
    } catch {
      throw new AppError('ocr_unavailable', `Thiếu dữ liệu nhận dạng chữ cho ngôn ngữ "${l}".`, { details: { engine: 'wasm', language: l, looked: [shipped] } });
    }
  });
  const dir = stagingDir ?? path.join(os.tmpdir(), `vanthu-tessdata-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
  await mkdir(dir, { recursive: true });
  for (const s of sources) {
    const target = path.join(dir, `${s.lang}.traineddata.gz`);
    const [src, dst] = await Promise.all([stat(s.file).catch(() => null), stat(target).catch(() => null)]);
    if (!src) throw new AppError('ocr_unavailable', `Thiếu dữ liệu nhận dạng chữ cho ngôn ngữ "${s.lang}".`, { details: { engine: 'wasm', file: s.file } });
    if (dst?.size === src.size) continue;
    // Copy then rename, so a second process never reads a half-written file.
    const tmp = `${target}.${process.pid}.tmp`;
    await copyFile(s.file, tmp);
    await rename(tmp, target);
  }
  return dir;
}

export class WasmTesseract implements OcrDriver {
  private worker: Promise<TWorker> | null = null;
  private workerLangs = '';
  private queue: Promise<unknown> = Promise.resolve();
  /** The local folder the language data was read from (set once a worker has started). */
  langPath: string | null = null;

  constructor(private readonly opts: WasmTesseractOptions) {}

  async info(): Promise<OcrEngineInfo> {
    const version = (require('tesseract.js/package.json') as { version: string }).version;
    const languages = this.opts.languages ?? DEFAULT_LANGS;
    await localLangPath(this.opts.resourcesDir, languages, this.opts.stagingDir);
    return { engine: 'wasm', version, languages };
  }

  recognize(image: Uint8Array | string, opts: { languages?: string[]; signal?: AbortSignal; dpi?: number } = {}): Promise<OcrPageResult> {
    // One page at a time per worker: tesseract.js queues internally, but a cancel must only hit its own page.
    const run = this.queue.then(() => this.recognizeNow(image, opts));
    this.queue = run.catch(() => {});
    return run;
  }

  private async recognizeNow(image: Uint8Array | string, opts: { languages?: string[]; signal?: AbortSignal; dpi?: number }): Promise<OcrPageResult> {
    const langs = opts.languages?.length ? opts.languages : (this.opts.languages ?? DEFAULT_LANGS);
    if (!langs.every((l) => LANG_RE.test(l))) throw new AppError('invalid_input', 'Mã ngôn ngữ nhận dạng không hợp lệ.', { details: { languages: langs } });
    if (opts.signal?.aborted) throw abortError();
    const worker = await this.workerFor(langs);
    const input = typeof image === 'string' ? image : Buffer.from(image.buffer, image.byteOffset, image.byteLength);
    const job = (async () => {
      await worker.setParameters({ tessedit_pageseg_mode: '3' as never, user_defined_dpi: opts.dpi ? String(Math.round(opts.dpi)) : '' });
      const r = await worker.recognize(input, {}, { text: false, tsv: true });
      return parseTesseractTsv(String(r.data.tsv ?? ''));
    })();
    if (!opts.signal) return job.catch((e: unknown) => Promise.reject(failed(e)));
    const signal = opts.signal;
    return new Promise<OcrPageResult>((resolve, reject) => {
      const onAbort = (): void => {
        // The worker may be mid-page: the only way to stop it is to end it; the next page starts a new one.
        void this.dropWorker();
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      job.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(signal.aborted ? abortError() : failed(e));
        },
      );
    });
  }

  private workerFor(langs: string[]): Promise<TWorker> {
    const key = langs.join('+');
    if (this.worker && this.workerLangs === key) return this.worker;
    void this.dropWorker();
    this.workerLangs = key;
    const w = this.startWorker(langs);
    this.worker = w;
    w.catch(() => {
      if (this.worker === w) this.worker = null;
    });
    return w;
  }

  private async startWorker(langs: string[]): Promise<TWorker> {
    const langPath = await localLangPath(this.opts.resourcesDir, langs, this.opts.stagingDir);
    this.langPath = langPath;
    const { createWorker, OEM } = (await import('tesseract.js')) as TesseractModule;
    const log = this.opts.logger;
    return new Promise<TWorker>((resolve, reject) => {
      let settled = false;
      createWorker(langs, OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // Without an errorHandler tesseract.js rethrows worker errors on the main thread (an uncaught exception),
        // and a failed initialisation would leave createWorker pending forever.
        errorHandler: (e: unknown) => {
          log?.warn('tesseract.js worker error', { error: String(e) });
          if (!settled) {
            settled = true;
            reject(new AppError('ocr_unavailable', 'Không khởi động được bộ nhận dạng chữ tích hợp.', { details: { engine: 'wasm', detail: String(e) } }));
          }
        },
      }).then(
        (w) => {
          if (settled) void w.terminate();
          else {
            settled = true;
            resolve(w);
          }
        },
        (e: unknown) => {
          if (!settled) {
            settled = true;
            reject(new AppError('ocr_unavailable', 'Không khởi động được bộ nhận dạng chữ tích hợp.', { details: { engine: 'wasm', detail: String(e) }, cause: e }));
          }
        },
      );
    });
  }

  private async dropWorker(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.workerLangs = '';
    if (!w) return;
    try {
      await (await w).terminate();
    } catch {
      // a worker that failed to start has nothing to end
    }
  }

  async close(): Promise<void> {
    await this.dropWorker();
  }
}

function failed(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('ocr_failed', undefined, { details: { engine: 'wasm', detail: String(e instanceof Error ? e.message : e) }, cause: e });
}
