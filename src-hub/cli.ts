// The `hub` command (npm run hub -- …): serve, and the admin's offline tasks on the same database (offices,
// directory import, anchors, purge). Prints credentials once, to stdout only; logs nothing secret.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { listAnchors } from './anchors';
import { loadConfig, type HubConfig } from './config';
import { openDatabase } from './db';
import { ensureListed, parseDirectoryCsv, publish } from './directory';
import { HubError } from './errors';
import { addOffice, listOffices, officeByCode, resetSecret, setDisabled } from './offices';
import { purge } from './packets';
import { startHub } from './server';

const USAGE = `Trục liên thông văn bản tỉnh (VănThư hub)
  hub [--config tệp.json] [serve]                 chạy máy chủ
  hub office add <MÃ> "<Tên cơ quan>"              đăng ký cơ quan, in khóa bí mật (một lần)
  hub office list                                  danh sách cơ quan
  hub office reset-secret <MÃ>                     cấp lại khóa bí mật
  hub office disable <MÃ> | enable <MÃ>            khóa / mở khóa cơ quan
  hub agencies import <tệp.csv>                    nạp danh bạ (code,name,parent_code)
  hub anchors <MÃ>                                 các mốc nhật ký kiểm toán của cơ quan
  hub purge                                        xóa dữ liệu quá thời hạn lưu ngay`;

async function withDb<T>(cfg: HubConfig, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 2 });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

export async function run(argv: string[]): Promise<void> {
  const args = [...argv];
  let configPath: string | null = null;
  const ci = args.indexOf('--config');
  if (ci >= 0) {
    configPath = args[ci + 1] ?? null;
    args.splice(ci, 2);
  }
  const cfg = loadConfig({ configPath });
  const [cmd = 'serve', sub, ...rest] = args;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  try {
    if (cmd === 'serve') {
      const hub = await startHub(cfg);
      const stop = (sig: string) => {
        process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'signal', signal: sig, instance: hub.instance })}\n`);
        hub.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      return;
    }
    if (cmd === 'office' && sub === 'add') {
      const [code, name] = rest;
      if (!code || !name) throw new HubError('invalid_input', 'Cú pháp: hub office add <MÃ> "<Tên cơ quan>"');
      const c = await withDb(cfg, async (db) => {
        const issued = await addOffice(db, code, name);
        await ensureListed(db, issued.code, issued.name);
        return issued;
      });
      out(`Đã đăng ký ${c.code} — ${c.name}.`);
      out(`Khóa truy cập (chỉ hiện MỘT lần, nhập vào VănThư của cơ quan):`);
      out(c.credential);
      return;
    }
    if (cmd === 'office' && sub === 'list') {
      const list = await withDb(cfg, (db) => listOffices(db));
      for (const o of list) out(`${o.code}\t${o.disabled ? 'KHÓA' : 'hoạt động'}\tđã đọc ${o.acked}/${o.head}\t${o.name}`);
      if (!list.length) out('(chưa có cơ quan nào)');
      return;
    }
    if (cmd === 'office' && sub === 'reset-secret' && rest[0]) {
      const c = await withDb(cfg, (db) => resetSecret(db, rest[0]));
      out(`Đã cấp lại khóa cho ${c.code}; khóa cũ hết hiệu lực. Khóa mới (chỉ hiện MỘT lần):`);
      out(c.credential);
      return;
    }
    if (cmd === 'office' && (sub === 'disable' || sub === 'enable') && rest[0]) {
      await withDb(cfg, (db) => setDisabled(db, rest[0], sub === 'disable'));
      out(`${rest[0]}: ${sub === 'disable' ? 'đã khóa' : 'đã mở khóa'}.`);
      return;
    }
    if (cmd === 'agencies' && sub === 'import' && rest[0]) {
      const records = parse(fs.readFileSync(rest[0], 'utf8'), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
      const entries = parseDirectoryCsv(records);
      const r = await withDb(cfg, (db) => publish(db, entries));
      out(`Đã nạp ${entries.length} dòng: ${r.changed} mục mới hoặc thay đổi; phiên bản danh bạ ${r.head}.`);
      return;
    }
    if (cmd === 'anchors' && sub) {
      await withDb(cfg, async (db) => {
        const office = await officeByCode(db, sub);
        if (!office) throw new HubError('not_found', `Không có cơ quan ${sub}.`);
        const items = await listAnchors(db, office.id, 1000);
        for (const a of items) out(`${new Date(a.receivedAt).toISOString()}\t${a.count}\t${a.head}`);
        if (!items.length) out('(chưa có mốc nào)');
      });
      return;
    }
    if (cmd === 'purge') {
      const r = await withDb(cfg, (db) => purge(db, Date.now() - cfg.retentionDays * 86_400_000));
      out(`Đã xóa ${r.feedItems} mục thông báo và ${r.blobs} tệp quá hạn.`);
      return;
    }
    out(USAGE);
    process.exitCode = cmd === 'help' || cmd === '--help' ? 0 : 2;
  } catch (e) {
    process.stderr.write(`Lỗi: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
