// A private, throw-away PostgreSQL 15 cluster for tests: initdb + pg_ctl in a temp dir, on 127.0.0.1 at a free port.
//
//   const pg = await startPostgres();   // { url, port, dir, stop() }
//   pg.url                              // postgres://postgres:<pw>@127.0.0.1:<port>/vanthu_test (scram-sha-256, UTF8)
//   await pg.stop();                    // immediate shutdown, temp dir removed (idempotent)
//
// Runs the server as the `postgres` user (runuser) when the tests run as root, as the current user otherwise. Async
// child processes only; several test files may start clusters concurrently (each has its own dir and port, and a
// start that loses a port race is retried on another port). Durability is off (fsync etc.): tests never power-cut.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const DB_NAME = 'vanthu_test';

export interface TestPostgres {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the cluster's owner. */
function pgRun(bin: string, args: string[]) {
  const file = path.join(PG_BIN, bin);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-pg-'));
  const password = crypto.randomBytes(12).toString('hex');
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pw');
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', dir]);
  let port: number | undefined;
  try {
    await pgRun('initdb', ['-D', data, '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
      try {
        await pgRun('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', opts, '-w', '-t', '30', 'start']);
        break;
      } catch (e) {
        // Another process took the port between freePort() and the bind: try another one.
        if (attempt >= 3) throw e;
      }
    }
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB_NAME} ENCODING 'UTF8' TEMPLATE template0`);
    await admin.end();
  } catch (e) {
    const log = await fs.readFile(path.join(dir, 'server.log'), 'utf8').catch(() => '');
    await stopCluster(data, dir);
    throw new Error(`Không khởi động được PostgreSQL thử nghiệm: ${(e as Error).message}\n${log}`, { cause: e });
  }
  let stopped: Promise<void> | null = null;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${DB_NAME}`,
    port: port!,
    dir,
    stop: () => (stopped ??= stopCluster(data, dir)),
  };
}

async function stopCluster(data: string, dir: string): Promise<void> {
  await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
  await fs.rm(dir, { recursive: true, force: true });
}
