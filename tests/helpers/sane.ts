// Test helper: a private SANE configuration folder that enables only SANE's `test` backend (two virtual scanners,
// test:0 and test:1, each with a flatbed and an ADF that reports empty after 10 pages), so tests drive the real
// `scanimage` without touching /etc/sane.d and without the 3.5 s probe of every backend the stock dll.conf makes.
// Pass the returned env to the scanner backend (new SaneBackend({ env })) or to any child running scanimage.
//
//   const env = makeSaneConfig(join(tmp, 'sane'), { picture: 'Color pattern', status: 'SANE_STATUS_JAMMED' });
//
// Tests only; never shipped.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type SanePicture = 'Color pattern' | 'Grid' | 'Solid white' | 'Solid black';

/** What sane_read() returns (test.conf "read-status-code"): 'Default' scans normally, the others fail each page. */
export type SaneReadStatus =
  | 'Default'
  | 'SANE_STATUS_UNSUPPORTED'
  | 'SANE_STATUS_CANCELLED'
  | 'SANE_STATUS_DEVICE_BUSY'
  | 'SANE_STATUS_INVAL'
  | 'SANE_STATUS_EOF'
  | 'SANE_STATUS_JAMMED'
  | 'SANE_STATUS_NO_DOCS'
  | 'SANE_STATUS_COVER_OPEN'
  | 'SANE_STATUS_IO_ERROR'
  | 'SANE_STATUS_NO_MEM'
  | 'SANE_STATUS_ACCESS_DENIED';

export interface SaneConfigOptions {
  /** What the pages show ('Color pattern' by default: colour bars and text-like patterns, not blank). */
  picture?: SanePicture;
  /** Failure to simulate on every page ('Default' = none). */
  status?: SaneReadStatus;
  /** Pages are A4 (the scan area may be 210 × 297 mm; the default area is 80 × 100 mm, at most 200 mm). Default true. */
  a4?: boolean;
  /** Slow the transfer down (read-delay) so a test can cancel mid-page: µs per buffer, 1000–200000. */
  readDelayUs?: number;
}

export const SANE_TEST_CONF = '/etc/sane.d/test.conf';

/** Writes `dir`/dll.conf and `dir`/test.conf and returns the env that points SANE at them: { SANE_CONFIG_DIR }. */
export function makeSaneConfig(dir: string, opts: SaneConfigOptions = {}): { SANE_CONFIG_DIR: string } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dll.conf'), 'test\n');
  const set = (conf: string, key: string, value: string): string => {
    const re = new RegExp(`^${key}\\s.*$`, 'm');
    if (!re.test(conf)) throw new Error(`${SANE_TEST_CONF} has no "${key}" line: the test backend changed`);
    return conf.replace(re, `${key} ${value}`);
  };
  let conf = readFileSync(SANE_TEST_CONF, 'utf8');
  conf = set(conf, 'test-picture', `"${opts.picture ?? 'Color pattern'}"`);
  conf = set(conf, 'read-status-code', `"${opts.status ?? 'Default'}"`);
  if (opts.a4 ?? true) {
    conf = set(conf, 'geometry_max', '300.0');
    conf = set(conf, 'br_x', '210.0');
    conf = set(conf, 'br_y', '297.0');
  }
  if (opts.readDelayUs !== undefined) {
    conf = set(conf, 'read-delay', 'true');
    conf = set(conf, 'read-delay-duration', String(opts.readDelayUs));
  }
  writeFileSync(join(dir, 'test.conf'), conf);
  return { SANE_CONFIG_DIR: dir };
}
