// Hub configuration: defaults, then a JSON file (`--config path`), then environment variables (HUB_*), in that order.
// Reads the environment only when asked (loadConfig), never at import time; holds no secrets in logs.
import fs from 'node:fs';
import path from 'node:path';

export interface HubConfig {
  /** postgres://… for PostgreSQL; empty = embedded PGlite in `dataDir` (one process only). */
  databaseUrl: string | null;
  dataDir: string;
  host: string;
  port: number;
  tlsCert: string | null;
  tlsKey: string | null;
  /** Bearer admin:<token> for /v1/admin/… and directory publishing; null = admin HTTP endpoints disabled. */
  adminToken: string | null;
  /** Feed items older than this are purged; a cursor behind them must resync (410). */
  retentionDays: number;
  /** Largest blob (document packet) accepted, in bytes. */
  maxBlobBytes: number;
  /** PostgreSQL pool size per hub process. */
  poolSize: number;
  /** How often this process tries the retention purge (only one process runs it at a time). */
  purgeIntervalMs: number;
}

export const DEFAULT_CONFIG: HubConfig = {
  databaseUrl: null,
  dataDir: './hub-data',
  host: '127.0.0.1',
  port: 8787,
  tlsCert: null,
  tlsKey: null,
  adminToken: null,
  retentionDays: 90,
  maxBlobBytes: 200 * 1024 * 1024,
  poolSize: 10,
  purgeIntervalMs: 60 * 60 * 1000,
};

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`Cấu hình ${name} không hợp lệ: "${v}"`);
  return n;
};

export function loadConfig(opts: { configPath?: string | null; env?: NodeJS.ProcessEnv } = {}): HubConfig {
  const env = opts.env ?? process.env;
  let cfg: HubConfig = { ...DEFAULT_CONFIG };
  const file = opts.configPath ?? env.HUB_CONFIG ?? null;
  if (file) {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HubConfig>;
    const unknown = Object.keys(raw).filter((k) => !(k in DEFAULT_CONFIG));
    if (unknown.length) throw new Error(`Tệp cấu hình ${file} có khóa không biết: ${unknown.join(', ')}`);
    cfg = { ...cfg, ...raw };
    // Relative paths in the file are relative to the file, not to wherever the hub was started.
    const base = path.dirname(path.resolve(file));
    for (const k of ['dataDir', 'tlsCert', 'tlsKey'] as const) {
      const v = cfg[k];
      if (v && raw[k]) cfg[k] = path.resolve(base, v);
    }
  }
  const e = (k: string) => (env[k] === undefined || env[k] === '' ? undefined : env[k]);
  cfg.databaseUrl = e('HUB_DATABASE_URL') ?? cfg.databaseUrl;
  cfg.dataDir = e('HUB_DATA_DIR') ?? cfg.dataDir;
  cfg.host = e('HUB_HOST') ?? cfg.host;
  cfg.port = num(env.HUB_PORT, 'HUB_PORT') ?? cfg.port;
  cfg.tlsCert = e('HUB_TLS_CERT') ?? cfg.tlsCert;
  cfg.tlsKey = e('HUB_TLS_KEY') ?? cfg.tlsKey;
  cfg.adminToken = e('HUB_ADMIN_TOKEN') ?? cfg.adminToken;
  cfg.retentionDays = num(env.HUB_RETENTION_DAYS, 'HUB_RETENTION_DAYS') ?? cfg.retentionDays;
  cfg.maxBlobBytes = num(env.HUB_MAX_BLOB_BYTES, 'HUB_MAX_BLOB_BYTES') ?? cfg.maxBlobBytes;
  cfg.poolSize = num(env.HUB_POOL_SIZE, 'HUB_POOL_SIZE') ?? cfg.poolSize;
  cfg.purgeIntervalMs = num(env.HUB_PURGE_INTERVAL_MS, 'HUB_PURGE_INTERVAL_MS') ?? cfg.purgeIntervalMs;
  if (!!cfg.tlsCert !== !!cfg.tlsKey) throw new Error('Cần cả HUB_TLS_CERT và HUB_TLS_KEY (hoặc không cái nào).');
  if (cfg.adminToken !== null && cfg.adminToken.length < 16) throw new Error('HUB_ADMIN_TOKEN phải dài ít nhất 16 ký tự.');
  return cfg;
}
