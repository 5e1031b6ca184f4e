// OCR behind an interface (Joplin's OcrDriverBase shape): the native `tesseract` program where it is installed
// (native.ts), tesseract.js with the language data shipped in the app otherwise (wasm.ts). Fully offline: no
// driver ever downloads anything. Drivers run one page at a time each; the caller bounds how many run at once.

export interface OcrWord {
  text: string;
  /** 0–1. */
  confidence: number;
  /** Box in image pixels, origin top-left. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Words of one text line share a number (block·1e6 + paragraph·1e3 + line), in reading order. */
  line: number;
}

export interface OcrPageResult {
  /** The page's text, lines separated by \n, paragraphs by a blank line (NFC). */
  text: string;
  words: OcrWord[];
  /** Mean word confidence, 0–1 (0 when there are no words). */
  confidence: number;
  /** Size of the image that was read, in pixels (word boxes refer to it). */
  width: number;
  height: number;
}

export interface OcrEngineInfo {
  engine: 'native' | 'wasm';
  version: string;
  languages: string[];
}

export interface OcrDriver {
  info(): Promise<OcrEngineInfo>;
  /**
   * Reads one page image (PNG or JPEG bytes, or a file path). Languages default to ['vie', 'eng'].
   * A cancelled signal stops the work (the native process is killed) and rejects with an AbortError.
   */
  recognize(image: Uint8Array | string, opts?: { languages?: string[]; signal?: AbortSignal; dpi?: number }): Promise<OcrPageResult>;
  /** Frees processes / worker threads. */
  close(): Promise<void>;
}
