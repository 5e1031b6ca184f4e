// Starts the provincial hub for tests, as a child process (so a test can kill -9 it and restart it on the same port and
// data) or in-process. API:
//
//   const hub = await startHub({ db: 'pg', databaseUrl: pg.url })   // or { db: 'pglite' } (data in a temp dir)
//     options: dataDir?, port? (default: a free port, kept across restart), adminToken? (default: random),
//              tls?: { cert, key } (paths), env?: extra HUB_* variables
//   hub.url / hub.port / hub.adminToken / hub.dataDir / hub.logs (stdout JSON lines parsed, all starts)
//   await hub.addOffice('000.00.01.H23', 'UBND xã A')  → { code, name, secret, credential }  (credential = what goes
//                                                        after "Bearer "; via the admin HTTP API)
//   await hub.kill()     SIGKILL, waits for the exit       await hub.restart()  starts again, same port/data/db
//   await hub.stop()     SIGTERM (graceful), waits; removes the temp data dir if the helper made it
//   const h = await startHubInProcess({ db, databaseUrl?, dataDir? })  → same fields minus kill/restart, plus `close()`
//
// Resolves when the hub has logged "started" and /health answers 200; rejects with the child's output if it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, type HubConfig } from '../../src-hub/config';
import { silentLogger } from '../../src-hub/log';
import type { IssuedCredential } from '../../src-hub/offices';
import { startHub as startHubServer } from '../../src-hub/server';
import { freePort } from './postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HubOptions {
  db: 'pg' | 'pglite';
  databaseUrl?: string;
  dataDir?: string;
  port?: number;
  adminToken?: string;
  tls?: { cert: string; key: string };
  env?: Record<string, string>;
}

export interface TestHub {
  url: string;
  port: number;
  adminToken: string;
  dataDir: string;
  logs: Array<Record<string, unknown>>;
  addOffice(code: string, name: string): Promise<IssuedCredential>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function httpsStatus(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

async function adminAddOffice(url: string, adminToken: string, code: string, name: string): Promise<IssuedCredential> {
  const r = await fetch(`${url}/v1/admin/offices`, {
    method: 'POST',
    headers: { authorization: `Bearer admin:${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (!r.ok) throw new Error(`addOffice ${code}: ${r.status} ${await r.text()}`);
  return (await r.json()) as IssuedCredential;
}

export async function startHub(opts: HubOptions): Promise<TestHub> {
  if (opts.db === 'pg' && !opts.databaseUrl) throw new Error('startHub({db:"pg"}) cần databaseUrl');
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hub-'));
  const port = opts.port ?? (await freePort());
  const adminToken = opts.adminToken ?? crypto.randomBytes(18).toString('base64url');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HUB_PORT: String(port),
    HUB_HOST: '127.0.0.1',
    HUB_DATA_DIR: dataDir,
    HUB_ADMIN_TOKEN: adminToken,
    HUB_DATABASE_URL: opts.db === 'pg' ? opts.databaseUrl! : '',
    HUB_TLS_CERT: opts.tls?.cert ?? '',
    HUB_TLS_KEY: opts.tls?.key ?? '',
    ...opts.env,
  };
  const scheme = opts.tls ? 'https' : 'http';
  const url = `${scheme}://127.0.0.1:${port}`;
  const logs: Array<Record<string, unknown>> = [];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, [path.join(ROOT, 'src-hub/bin/hub.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let out = '';
      let err = '';
      let ready = false;
      exited = new Promise<void>((done) => c.once('exit', () => done()));
      c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        let nl: number;
        while ((nl = out.indexOf('\n')) >= 0) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          try {
            const rec = JSON.parse(line) as Record<string, unknown>;
            logs.push(rec);
            if (rec.msg === 'started' && !ready) {
              ready = true;
              resolve();
            }
          } catch {
            logs.push({ text: line });
          }
        }
      });
      c.once('exit', (code, sig) => {
        if (!ready) reject(new Error(`hub exited (${code ?? sig}) before starting:\n${err}\n${out}`));
      });
    });

  const start = async () => {
    await launch();
    // "started" is logged after listen(); /health proves the database answers too (over TLS: trusting its own cert).
    const status = opts.tls ? await httpsStatus(`${url}/health`, fs.readFileSync(opts.tls.cert)) : (await fetch(`${url}/health`)).status;
    if (status !== 200) throw new Error(`hub /health: ${status}`);
  };
  try {
    await start();
  } catch (e) {
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }

  const signal = async (sig: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill(sig);
    await exited;
  };
  return {
    url,
    port,
    adminToken,
    dataDir,
    logs,
    addOffice: (code, name) => adminAddOffice(url, adminToken, code, name),
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGKILL');
      await start();
    },
    stop: async () => {
      await signal('SIGTERM');
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface InProcessHub {
  url: string;
  port: number;
  adminToken: string;
  dataDir: string;
  addOffice(code: string, name: string): Promise<IssuedCredential>;
  close(): Promise<void>;
}

/** The same hub in this process (port chosen by the OS): quicker to start, but cannot be killed -9. */
export async function startHubInProcess(opts: { db: 'pg' | 'pglite'; databaseUrl?: string; dataDir?: string; config?: Partial<HubConfig> }): Promise<InProcessHub> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hub-'));
  const adminToken = crypto.randomBytes(18).toString('base64url');
  const hub = await startHubServer(
    { ...DEFAULT_CONFIG, port: 0, dataDir, adminToken, databaseUrl: opts.db === 'pg' ? (opts.databaseUrl ?? null) : null, ...opts.config },
    { log: silentLogger },
  );
  return {
    url: hub.url,
    port: hub.port,
    adminToken,
    dataDir,
    addOffice: (code, name) => adminAddOffice(hub.url, adminToken, code, name),
    close: async () => {
      await hub.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
