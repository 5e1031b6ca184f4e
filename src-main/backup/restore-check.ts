// Opening a restored data folder with the real core (migrations, audit key and anchor checks) and reading what the
// restore report prints. Separate from engine.ts so the core never imports itself; writes nothing but what a start
// of the core writes.

import Database from 'better-sqlite3';
import path from 'node:path';
import { createCore, DB_FILE } from '../core';
import type { Env, Logger } from '../env';
import type { OpenedReport } from './engine';

const quiet: Logger = { info() {}, warn() {}, error() {} };

export function openCheck(base: Pick<Env, 'resourcesDir' | 'version' | 'clock'> & { logger?: Logger }) {
  return async (dataDir: string): Promise<OpenedReport> => {
    const core = createCore({ ...base, logger: base.logger ?? quiet, dataDir, timers: false, scanner: null, ocr: 'none', workerThreads: 1 });
    let v;
    try {
      v = core.services.audit.verify();
    } finally {
      core.close();
    }
    const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      const n = (sql: string) => db.prepare(sql).pluck().get() as number;
      const last = db.prepare('SELECT id, at, action, actor_name AS actorName FROM audit_log ORDER BY id DESC LIMIT 1').get() as OpenedReport['lastAudit'] | undefined;
      return {
        documents: n('SELECT count(*) FROM documents'),
        files: n('SELECT count(*) FROM document_files'),
        blobs: n('SELECT count(*) FROM blobs'),
        auditRows: n('SELECT count(*) FROM audit_log'),
        lastAudit: last ?? null,
        // Intact, and the anchor restored with the backup names exactly the last row.
        auditIntact: v.intact && (v.anchor.state === 'match' || (v.anchor.state === 'none' && v.checked === 0)),
        anchorState: v.anchor.state,
      };
    } finally {
      db.close();
    }
  };
}
