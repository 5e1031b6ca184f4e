// The trust anchors shipped in resources/trust, each pinned by its SHA-256 here: a file whose bytes do not match
// its pin is not loaded (and the start-up log says so). Seeded once into trust_anchors, where the admin may turn
// them off; never re-enabled behind the admin's back.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../env';
import { toDer } from './cert-info';

export const BUNDLED_ANCHORS = [
  {
    file: 'vgca-rootca-g2.pem',
    /** RootCA chuyên dùng Chính phủ G2 (Ban Cơ yếu Chính phủ), see resources/trust/README.md for the sources. */
    sha256: 'f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8',
  },
] as const;

/** The bundled anchors whose bytes match their pins, as DER. */
export function loadBundledAnchors(resourcesDir: string, logger: Logger): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const a of BUNDLED_ANCHORS) {
    try {
      const der = toDer(fs.readFileSync(path.join(resourcesDir, 'trust', a.file)));
      const got = crypto.createHash('sha256').update(der).digest('hex');
      if (got !== a.sha256) {
        logger.error('bundled trust anchor does not match its pin; not loaded', { file: a.file, got });
        continue;
      }
      out.push(der);
    } catch (e) {
      logger.warn('bundled trust anchor missing', { file: a.file, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
