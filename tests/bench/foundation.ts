// Foundation figures (issue 2): cold start on 1,000,000 audit rows, HTTP round trip of a trivial authenticated call,
// login time with the production password-hash cost.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createCore } from '../../src-main/core';
import { GENESIS_HASH, rowHash } from '../../src-main/audit/service';
import { readKey } from '../../src-main/audit/chain-files';
import { createHttpHost } from '../../src-main/http/server';
import { consoleLogger, nodeEnv } from '../../src-main/env';
import { benchDir, stats } from './util';
import { report } from './index';

const AUDIT_ROWS = 1_000_000;
const PASSWORD = 'Bench@2026pass';

async function prepareOffice(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, 'ready'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const core = createCore({ ...nodeEnv({ dataDir: dir, timers: false, logger: consoleLogger('error') }) });
  const init = await core.dispatch(
    'setup.init',
    {
      org: { code: '000.00.12.H35', name: 'Ủy ban nhân dân xã Đồng Hóa', abbr: 'UBND', parentName: null, address: null, place: 'Đồng Hóa', phone: null, email: null },
      admin: { fullName: 'Quản Trị', username: 'quantri', password: PASSWORD },
    },
    { origin: 'cli' },
  );
  if (!init.ok) throw new Error(JSON.stringify(init));
  // Mark the password as changed so the benchmark can use the session directly.
  core.services.raw.prepare('UPDATE users SET must_change_password = 0').run();
  // Fill the audit log up to 1,000,000 rows with a valid chain.
  const raw = core.services.raw;
  const last = raw.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  let prev = last?.hash ?? GENESIS_HASH;
  let id = last?.id ?? 0;
  const insert = raw.prepare(`INSERT INTO audit_log (id, at, actor_id, actor_name, action, outcome, target_type, target_id, details, origin, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const started = Date.now();
  // Rows from the key's first row on are keyed, as the app writes them (the chain must verify).
  const chainKey = readKey(dir);
  const batch = raw.transaction((n: number) => {
    for (let i = 0; i < n && id < AUDIT_ROWS; i++) {
      id++;
      const row = {
        id,
        at: started - (AUDIT_ROWS - id) * 30_000,
        actor_id: 1,
        actor_name: 'quantri',
        action: i % 3 ? 'auth.me' : 'users.update',
        outcome: 'ok' as const,
        target_type: 'user',
        target_id: String(1 + (i % 50)),
        details: '{"fullName":"Nguyễn Văn A"}',
        origin: 'http:127.0.0.1',
      };
      const hash = rowHash(prev, row, chainKey && id >= chainKey.from ? chainKey.key : null);
      insert.run(row.id, row.at, row.actor_id, row.actor_name, row.action, row.outcome, row.target_type, row.target_id, row.details, row.origin, prev, hash);
      prev = hash;
    }
  });
  while (id < AUDIT_ROWS) batch(50_000);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  core.close();
  fs.writeFileSync(path.join(dir, 'ready'), '');
}

function coldStartInChild(dir: string): { importMs: number; coreMs: number } {
  const script = `
    const t0 = performance.now();
    const { createCore } = await import(${JSON.stringify(path.resolve('src-main/core.ts'))});
    const { nodeEnv, consoleLogger } = await import(${JSON.stringify(path.resolve('src-main/env.ts'))});
    const t1 = performance.now();
    const core = createCore(nodeEnv({ dataDir: ${JSON.stringify(dir)}, timers: false, logger: consoleLogger('error') }));
    const r = await core.dispatch('setup.status', {}, { origin: 'cli' });
    const t2 = performance.now();
    if (!r.ok) throw new Error('not ready');
    core.close();
    console.log(JSON.stringify({ importMs: t1 - t0, coreMs: t2 - t1 }));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Process start -> core ready, with the core bundled the way the Electron main process loads it (no transpiling). */
async function bundledColdStart(dir: string): Promise<number[]> {
  const { build } = await import('esbuild');
  const outdir = path.join(path.dirname(dir), 'core-bundle');
  const out = path.join(outdir, 'core-entry.js');
  fs.rmSync(outdir, { recursive: true, force: true });
  // Pure-JS dependencies bundled, native ones external: the same split as electron.vite.config.ts.
  await build({
    // Code-split like electron-vite: pdf.js, exceljs, pdf-lib stay in chunks loaded on first use.
    entryPoints: [path.resolve('tests/bench/core-entry.ts')],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    outdir,
    logLevel: 'error',
    external: ['better-sqlite3', 'pkcs11js'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const script = `
    const { createCore, nodeEnv, consoleLogger } = await import(${JSON.stringify(out)});
    const core = createCore(nodeEnv({ dataDir: ${JSON.stringify(dir)}, timers: false, logger: consoleLogger('error') }));
    const r = await core.dispatch('setup.status', {}, { origin: 'cli' });
    if (!r.ok) throw new Error('not ready');
    console.log(performance.now());
    core.close();
  `;
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: path.resolve('.') });
    if (r.status !== 0) throw new Error(r.stderr);
    samples.push(Number(r.stdout.trim().split('\n').pop()));
  }
  return samples;
}

function postJson(agent: http.Agent, port: number, pathName: string, body: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathName,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function foundationBench(): Promise<void> {
  const dir = benchDir('foundation-1m-audit');
  const t = Date.now();
  await prepareOffice(dir);
  process.stderr.write(`dữ liệu đo: ${dir} (${((Date.now() - t) / 1000).toFixed(1)} s để chuẩn bị)\n`);

  const cold: number[] = [];
  const imports: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = coldStartInChild(dir);
    cold.push(r.coreMs);
    imports.push(r.importMs);
  }
  const bundled = await bundledColdStart(dir);
  report({
    suite: 'foundation',
    figure: 'process start -> core ready (bundled core, as Electron loads it)',
    value: stats(bundled).p50,
    unit: 'ms',
    target: '<= 300',
    samples: bundled.map(Math.round),
  });
  const rows = createCore(nodeEnv({ dataDir: dir, timers: false })) as ReturnType<typeof createCore>;
  const count = (rows.services.raw.prepare('SELECT count(*) n FROM audit_log').get() as { n: number }).n;
  report({
    suite: 'foundation',
    figure: 'core cold start (createCore -> first dispatch)',
    value: stats(cold).p50,
    unit: 'ms',
    target: '<= 300',
    auditRows: count,
    samples: cold.map(Math.round),
    moduleImportMs: Math.round(stats(imports).p50),
  });

  // HTTP round trip of a trivial authenticated method.
  const core = rows;
  const host = createHttpHost(core, { host: '127.0.0.1', port: 0, staticDir: null });
  const { port } = await host.listen();
  const login = await core.dispatch('auth.login', { username: 'quantri', password: PASSWORD }, { origin: 'http' });
  if (!login.ok) throw new Error(JSON.stringify(login));
  const token = (login.value as { token: string }).token;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 300; i++) await postJson(agent, port, '/api/auth.me', '{}', token);
  const rtt: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const s = performance.now();
    const status = await postJson(agent, port, '/api/auth.me', '{}', token);
    rtt.push(performance.now() - s);
    if (status !== 200) throw new Error(`status ${status}`);
  }
  report({ suite: 'foundation', figure: 'HTTP dispatch round trip (auth.me, keep-alive, loopback)', value: stats(rtt).p50, unit: 'ms', target: 'p50 <= 2', ...stats(rtt) });
  agent.destroy();

  // Login with the production scrypt cost (N = 2^15).
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    const r = await core.dispatch('auth.login', { username: 'quantri', password: PASSWORD }, { origin: 'http' });
    times.push(performance.now() - s);
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  report({ suite: 'foundation', figure: 'login (auth.login incl. scrypt N=2^15)', value: stats(times).p50, unit: 'ms', target: '<= 250', ...stats(times) });
  await host.close();
  core.close();
}
