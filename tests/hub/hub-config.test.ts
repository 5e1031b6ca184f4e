// Hub configuration: defaults, a JSON file (paths relative to it), environment variables over both, refusals; and the
// in-process hub the other suites may use (PGlite, port chosen by the OS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HealthResponse, MeResponse } from '../../src-shared/hub/protocol';
import { DEFAULT_CONFIG, loadConfig } from '../../src-hub/config';
import { startHubInProcess } from '../helpers/hub';
import { hubClient } from '../helpers/hub-client';

describe('cấu hình trục', () => {
  it('mặc định: PGlite trong ./hub-data, chỉ nghe 127.0.0.1', () => {
    const c = loadConfig({ env: {} });
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.databaseUrl).toBeNull();
    expect(c.host).toBe('127.0.0.1');
  });

  it('tệp JSON rồi biến môi trường ghi đè; đường dẫn trong tệp tính từ thư mục của tệp', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hubcfg-'));
    const file = path.join(dir, 'hub.json');
    fs.writeFileSync(file, JSON.stringify({ port: 9000, dataDir: 'du-lieu', tlsCert: 'c.pem', tlsKey: 'k.pem', retentionDays: 30 }));
    const c = loadConfig({ configPath: file, env: { HUB_PORT: '9443', HUB_DATABASE_URL: 'postgres://h/db', HUB_MAX_BLOB_BYTES: '1000', HUB_ADMIN_TOKEN: 'a'.repeat(20) } });
    expect(c).toMatchObject({
      port: 9443,
      dataDir: path.join(dir, 'du-lieu'),
      tlsCert: path.join(dir, 'c.pem'),
      tlsKey: path.join(dir, 'k.pem'),
      retentionDays: 30,
      databaseUrl: 'postgres://h/db',
      maxBlobBytes: 1000,
      adminToken: 'a'.repeat(20),
    });
    fs.writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ configPath: file, env: {} })).toThrow(/prot/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('từ chối giá trị sai: cổng không phải số, thiếu một nửa TLS, khóa quản trị quá ngắn', () => {
    expect(() => loadConfig({ env: { HUB_PORT: 'abc' } })).toThrow(/HUB_PORT/);
    expect(() => loadConfig({ env: { HUB_TLS_CERT: '/x.pem' } })).toThrow(/HUB_TLS_KEY/);
    expect(() => loadConfig({ env: { HUB_ADMIN_TOKEN: 'short' } })).toThrow(/16/);
  });

  it('trục chạy trong tiến trình (PGlite): /health, đăng ký cơ quan, khóa dùng được', async () => {
    const hub = await startHubInProcess({ db: 'pglite' });
    try {
      const h = await hubClient(hub.url, null).get<HealthResponse>('/health');
      expect(h.body).toMatchObject({ ok: true, db: 'up' });
      const cred = await hub.addOffice('H23.40', 'UBND xã Thử');
      expect((await hubClient(hub.url, cred.credential).get<MeResponse>('/v1/me')).body).toMatchObject({ code: 'H23.40', head: 0 });
    } finally {
      await hub.close();
    }
    expect(fs.existsSync(hub.dataDir)).toBe(false);
  });
});
