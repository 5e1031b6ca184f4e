// Picks the scanner backend for this machine: WIA (through PowerShell) on Windows, SANE's scanimage elsewhere.
//
// Whether the backend can actually work is not decided here: a missing scanimage or powershell.exe shows when it is
// used — list() and scan() throw AppError scanner_unavailable (with the Vietnamese next step) — so a clerk whose
// administrator installs SANE while VănThư runs needs no restart. null means only that no backend exists for the
// platform at all (Android, say); the service then reports backend 'none' with ERROR_MESSAGES.scanner_unavailable.

import type { Logger } from '../env';
import type { ScannerBackend } from './backend';
import { SaneBackend } from './sane';
import { WiaBackend } from './wia';

/** Platforms sane-backends is built for. */
const SANE_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['linux', 'darwin', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'cygwin', 'haiku']);

export function createScannerBackend(opts: { platform?: NodeJS.Platform; scanimage?: string; env?: NodeJS.ProcessEnv; logger?: Logger } = {}): ScannerBackend | null {
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32') return new WiaBackend({ logger: opts.logger });
  if (SANE_PLATFORMS.has(platform)) return new SaneBackend({ scanimage: opts.scanimage, env: opts.env, logger: opts.logger });
  return null;
}
