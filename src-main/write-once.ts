// Creating a file exactly once across processes (key files): written to a temp file with mode 0600 and hard-linked
// into place. The link fails if the name exists, so of two processes starting together the first one's file wins
// and the other's is dropped; either way the caller then reads what is there.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

export function createFileOnce(target: string, content: string): void {
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  try {
    fs.chmodSync(tmp, 0o600);
    fs.linkSync(tmp, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
