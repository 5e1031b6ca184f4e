// Everything that differs per host (paths, clock, logger, desktop integration) in one object handed to createCore.
// Only entry points (cli.ts, electron/main.ts, tests) build an Env; no other module reads process.env or app paths.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScannerBackend } from './scanning/backend';
import type { HubClient } from './sync/hub-client';
import type { Credentials } from './sync/service';

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface Clock {
  now(): number;
}

/** Desktop integration that only the Electron host provides. */
export interface Desktop {
  openPath(filePath: string): Promise<void>;
}

export interface Env {
  /** Folder holding vanthu.db, blobs/ and logs; created if missing. */
  dataDir: string;
  /** Folder holding migrations/, fonts/ and other shipped resources. */
  resourcesDir: string;
  version: string;
  clock: Clock;
  logger: Logger;
  desktop?: Desktop;
  /** scrypt cost parameter N (power of two). Lower only in tests; see docs/operations.md. */
  scryptCost?: number;
  /** Run periodic jobs (account suspension, new-year registers) on timers. Off in most tests. */
  timers?: boolean;
  /** Worker threads for heavy work (text extraction, spreadsheet reading): 2 by default (1 = jobs and requests share it), at most 8. */
  workerThreads?: number;
  /** Time limit of one task in a worker thread, in ms (5 minutes by default). */
  workerTimeoutMs?: number;
  /** The hub transport for the stored sync settings; HTTP(S) by default (sync/hub-client.ts). */
  hubClient?: (c: Credentials) => HubClient;
  /** The scanner backend; by default the platform's (SANE or WIA, scanning/backends.ts); null = no scanner. */
  scanner?: ScannerBackend | null;
  /** Environment of the scanner program (SANE_CONFIG_DIR of the test device); process.env by default. */
  scannerEnv?: NodeJS.ProcessEnv;
  /** OCR engine: the tesseract program when present, else tesseract.js with the shipped data; 'none' turns OCR off. */
  ocr?: 'native' | 'wasm' | 'none';
  /** How often the watched folder is looked at, in ms (2000 by default; only with timers). */
  watchPollMs?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository (or installed package) root, found from this file's location. */
export function packageRoot(): string {
  let dir = here;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`Không tìm thấy thư mục gốc của VănThư từ ${here}`);
}

export function packageVersion(root = packageRoot()): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Default data folder for browser mode: XDG data dir on Linux, %APPDATA% on Windows, Application Support on macOS. */
export function defaultDataDir(vars: NodeJS.ProcessEnv = process.env): string {
  if (vars.VANTHU_DATA_DIR) return vars.VANTHU_DATA_DIR;
  if (process.platform === 'win32') return path.join(vars.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'VanThu');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'VanThu');
  return path.join(vars.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'vanthu');
}

/** A logger writing JSON lines to stderr (and nothing secret: callers never pass passwords or PINs). */
export function consoleLogger(minLevel: 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = { info: 0, warn: 1, error: 2 };
  const write = (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...data })}\n`);
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}

export const systemClock: Clock = { now: () => Date.now() };

/** The Env for plain-Node hosts (CLI, browser mode). */
export function nodeEnv(opts: { dataDir: string; logger?: Logger; timers?: boolean }): Env {
  const root = packageRoot();
  return {
    dataDir: path.resolve(opts.dataDir),
    resourcesDir: path.join(root, 'resources'),
    version: packageVersion(root),
    clock: systemClock,
    logger: opts.logger ?? consoleLogger(),
    timers: opts.timers ?? true,
  };
}
