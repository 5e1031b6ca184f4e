// Starts one hub process: opens the database (migrating it), serves HTTP or HTTPS, runs the retention purge now and
// then, and stops gracefully (finish requests in flight, close the pool). Owns no business rule.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { HubConfig } from './config';
import { type HubDatabase, openDatabase } from './db';
import { createHandler } from './http';
import { jsonLogger, type Logger } from './log';
import { purge } from './packets';

export interface RunningHub {
  url: string;
  port: number;
  instance: string;
  database: HubDatabase;
  close(): Promise<void>;
}

export function hubVersion(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  try {
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function startHub(config: HubConfig, opts: { log?: Logger; instance?: string } = {}): Promise<RunningHub> {
  const instance = opts.instance ?? `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
  const log = opts.log ?? jsonLogger(instance);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  const handler = createHandler({ database, config, log, instance, version: hubVersion() });
  const tls = config.tlsCert && config.tlsKey ? { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey) } : null;
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  // Offices poll with keep-alive; a slow or silent client must not pin a socket for ever.
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = 10 * 60_000;
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log('info', 'started', { url, db: database.kind, version: hubVersion() });

  let purging = false;
  const runPurge = async () => {
    if (purging) return;
    purging = true;
    try {
      const r = await purge(database.db, Date.now() - config.retentionDays * 86_400_000);
      if (r.feedItems || r.blobs) log('info', 'purged', r);
    } catch (e) {
      log('warn', 'purge_failed', { error: e instanceof Error ? e.message : String(e) });
    } finally {
      purging = false;
    }
  };
  const timer = setInterval(() => void runPurge(), config.purgeIntervalMs);
  timer.unref();

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    instance,
    database,
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests in flight get a few seconds to finish; then the rest is cut.
        const cut = setTimeout(() => server.closeAllConnections(), 5000);
        await done;
        clearTimeout(cut);
        await database.close();
        log('info', 'stopped', {});
      })()),
  };
}
