// Picks the OCR engine for this machine: the native `tesseract` program when it is installed with Vietnamese data,
// else tesseract.js with the language data shipped in the app, else none (pages are kept, text is not read).

import os from 'node:os';
import type { Logger } from '../env';
import type { OcrDriver } from './driver';
import { NativeTesseract } from './native';
import { WasmTesseract, localLangPath } from './wasm';

/** A page still unread after this long is given up (ocr_failed): a page of photos must not hold the queue. */
const PAGE_TIMEOUT_MS = 90_000;

/**
 * Pages read at once: one per core, at most 4 (each tesseract holds ~150 MB). The processes run below normal
 * priority (native.ts), so the clerk's requests and the window still get the CPU first.
 */
export function ocrThreads(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores));
}

export async function createOcrDriver(opts: {
  resourcesDir: string;
  prefer?: 'native' | 'wasm';
  tesseractPath?: string;
  logger?: Logger;
  stagingDir?: string;
}): Promise<OcrDriver | null> {
  const native = async (): Promise<OcrDriver | null> => NativeTesseract.detect({ binary: opts.tesseractPath, logger: opts.logger, timeoutMs: PAGE_TIMEOUT_MS });
  const wasm = async (): Promise<OcrDriver | null> => {
    try {
      await localLangPath(opts.resourcesDir, ['vie', 'eng'], opts.stagingDir);
      return new WasmTesseract({ resourcesDir: opts.resourcesDir, stagingDir: opts.stagingDir, logger: opts.logger });
    } catch (e) {
      opts.logger?.warn('tesseract.js language data not found', { error: (e as Error).message });
      return null;
    }
  };
  const order = opts.prefer === 'wasm' ? [wasm, native] : [native, wasm];
  for (const make of order) {
    const driver = await make();
    if (driver) return driver;
  }
  return null;
}

export type { OcrDriver } from './driver';
export { NativeTesseract } from './native';
export { WasmTesseract } from './wasm';
