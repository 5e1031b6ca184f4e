// The `vanthu` command: scripted setup, browser-mode server, local user administration, audit verification.
// Every command goes through dispatch like any client (as the local administrator), so rules and audit are the same.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { InputOf, MethodName, OutputOf } from '../src-shared/api';
import { AppError } from '../src-shared/errors';
import { ROLES, type Role } from '../src-shared/permissions';
import { createCore, DB_FILE, type Core } from './core';
import { INDICATION_LABELS } from '../src-shared/api/signing';
import { formatVnDate, formatVnDateTime } from '../src-shared/calendar/vn-time';
import { BUSINESS_DOC_TYPES, decodePacketBytes, EdxmlError, STATUS_CODES, type Packet } from '../src-shared/edxml';
import { toDer } from './signing/service';
import type { VerificationReport } from './signing/types';
import { memoryRevocationCache, verifyPdf } from './signing/verify-pdf';
import { defaultDataDir, nodeEnv, packageRoot } from './env';
import { createHttpHost } from './http/server';
import { checkHubAnchors } from './sync/anchors';
import { formatPrefill, prefillFile } from './scanning/prefill-file';
import { BACKUP_HELP, backupCliStandalone, backupCliWithCore } from './backup/cli';

const help = () => `VănThư — phần mềm văn thư cho UBND cấp xã, cấp huyện

Cách dùng:
  vanthu init --data-dir D --org-code MÃ --org-name TÊN --org-abbr VIẾT_TẮT --admin-user U --admin-password P
              [--admin-name "Họ tên"] [--org-parent "Cơ quan chủ quản"] [--org-address "..."] [--org-place "Địa danh"]
  vanthu serve [--data-dir D] [--port 5780] [--host 127.0.0.1]
  vanthu user add --full-name "Họ tên" --roles clerk,staff [--username U] [--password P] [--data-dir D]
  vanthu user list [--data-dir D]
  vanthu user disable --username U [--reason "..."] [--data-dir D]
  vanthu user enable --username U [--data-dir D]
  vanthu user reset-password --username U [--password P] [--data-dir D]
  vanthu user unlock U [--data-dir D]      mở khóa tài khoản bị khóa do đăng nhập sai (kể cả quản trị)
  vanthu audit verify [--hub] [--data-dir D]
              --hub: đối chiếu thêm với các mốc nhật ký cơ quan đã gửi lên trục liên thông
  vanthu pdf verify TỆP.pdf [--json] [--trust CA.pem ...] [--offline] [--data-dir D]
              kiểm tra chữ ký số trong tệp PDF; mã thoát 0 chỉ khi mọi chữ ký hợp lệ (TOTAL_PASSED),
              1 khi có chữ ký không hợp lệ hoặc chưa xác định, 2 khi tệp không có chữ ký số
  vanthu edxml decode TỆP.edxml [--json]
              kiểm tra một gói tin edXML (QCVN 102:2016) nhận từ hệ thống khác và in nội dung; mã thoát 0 khi
              gói tin hợp lệ, 1 khi bị từ chối (in "Lỗi <mã>: <lý do>"), 2 khi không đọc được tệp
  vanthu scan prefill TỆP [--json]
              đọc một văn bản (PDF hoặc ảnh): lớp chữ của PDF hoặc nhận dạng chữ trang 1, rồi in các trường sẽ
              được gợi ý điền sổ kèm độ tin cậy và nội dung đọc được; mã thoát 0 khi đọc được, 1 khi tệp không
              đọc được (in "Lỗi <mã>: <lý do>"), 2 khi không có tệp
${BACKUP_HELP}
Vai trò: admin (quản trị), clerk (văn thư), leader (lãnh đạo), staff (chuyên viên).
Thư mục dữ liệu mặc định: ${defaultDataDir()}
`;

class CliError extends Error {}

async function call<M extends MethodName>(core: Core, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const r = await core.dispatch(method, input, { origin: 'cli', asLocalAdmin: true });
  if (!r.ok) {
    const fields = r.error.fields?.map((f) => `  - ${f.path}: ${f.message}`).join('\n');
    throw new CliError(`${r.error.message}${fields ? `\n${fields}` : ''} [${r.error.code}]`);
  }
  return r.value as OutputOf<M>;
}

function req(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v.trim()) throw new CliError(`Thiếu tham số --${name}.`);
  return v;
}

function opt(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function openCore(values: Record<string, unknown>, timers = false): Core {
  const dataDir = path.resolve(opt(values, 'data-dir') ?? defaultDataDir());
  return createCore(nodeEnv({ dataDir, timers }));
}

async function findUser(core: Core, username: string) {
  const all = await call(core, 'users.list', { query: username, limit: 500 });
  const u = all.items.find((x) => x.username === username.toLowerCase());
  if (!u) throw new CliError(`Không có tài khoản "${username}".`);
  return u;
}

const OPTIONS = {
  'data-dir': { type: 'string' },
  'org-code': { type: 'string' },
  'org-name': { type: 'string' },
  'org-abbr': { type: 'string' },
  'org-parent': { type: 'string' },
  'org-address': { type: 'string' },
  'org-place': { type: 'string' },
  'admin-user': { type: 'string' },
  'admin-password': { type: 'string' },
  'admin-name': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  static: { type: 'string' },
  'full-name': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  roles: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  offline: { type: 'boolean' },
  trust: { type: 'string', multiple: true },
  hub: { type: 'boolean' },
  dest: { type: 'string' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [cmd, sub] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(help());
    return cmd || values.help ? 0 : 1;
  }

  if (cmd === 'serve') {
    const core = openCore(values, true);
    const lan = core.services.settings.get('lanAccess');
    const host = opt(values, 'host') ?? (lan ? '0.0.0.0' : '127.0.0.1');
    const port = Number(opt(values, 'port') ?? 5780);
    const staticDir = opt(values, 'static') ?? path.join(packageRoot(), 'out', 'renderer');
    const httpHost = createHttpHost(core, { host, port, staticDir, lan: host !== '127.0.0.1' && host !== 'localhost' });
    const { url } = await httpHost.listen();
    process.stdout.write(`VănThư đang chạy ở chế độ trình duyệt: ${url}\n`);
    process.stdout.write(`Thư mục dữ liệu: ${core.services.env.dataDir}\n`);
    if (host !== '127.0.0.1' && host !== 'localhost') {
      process.stdout.write(`Cảnh báo: đang mở truy cập trong mạng nội bộ (${host}:${port}).\n`);
    }
    const stop = async () => {
      await httpHost.close();
      core.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {});
  }

  if (cmd === 'pdf' && sub === 'verify') return pdfVerify(values, positionals.slice(2));
  if (cmd === 'edxml' && sub === 'decode') return edxmlDecode(values, positionals.slice(2));
  if (cmd === 'scan' && sub === 'prefill') return scanPrefill(values, positionals.slice(2));
  if (cmd === 'backup' || cmd === 'restore') {
    const code = await backupCliStandalone(cmd, sub, positionals.slice(2));
    if (code !== null) return code;
  }

  const core = openCore(values);
  try {
    switch (`${cmd}${sub ? ` ${sub}` : ''}`) {
      case 'init': {
        const r = await call(core, 'setup.init', {
          org: {
            code: req(values, 'org-code'),
            name: req(values, 'org-name'),
            abbr: req(values, 'org-abbr'),
            parentName: opt(values, 'org-parent') ?? null,
            address: opt(values, 'org-address') ?? null,
            place: opt(values, 'org-place') ?? null,
            phone: null,
            email: null,
          },
          admin: {
            fullName: opt(values, 'admin-name') ?? 'Quản trị hệ thống',
            username: req(values, 'admin-user'),
            password: req(values, 'admin-password'),
          },
        });
        process.stdout.write(`Đã thiết lập ${r.org.name} (${r.org.code}). Tài khoản quản trị: ${r.admin.username} — phải đổi mật khẩu ở lần đăng nhập đầu.\n`);
        return 0;
      }
      case 'user add': {
        const roles = req(values, 'roles')
          .split(',')
          .map((r) => r.trim()) as Role[];
        const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (bad.length) throw new CliError(`Vai trò không hợp lệ: ${bad.join(', ')}. Dùng: ${ROLES.join(', ')}.`);
        const r = await call(core, 'users.create', {
          fullName: req(values, 'full-name'),
          roles,
          username: opt(values, 'username'),
          password: opt(values, 'password'),
        });
        process.stdout.write(`Đã tạo tài khoản ${r.user.username} (${r.user.fullName}).\n`);
        if (r.temporaryPassword) process.stdout.write(`Mật khẩu tạm thời: ${r.temporaryPassword} — phải đổi ở lần đăng nhập đầu.\n`);
        return 0;
      }
      case 'user list': {
        const r = await call(core, 'users.list', { limit: 500 });
        const STATUS = { active: 'hoạt động', disabled: 'vô hiệu hóa', suspended: 'tạm ngừng', revoked: 'đã thu hồi' };
        for (const u of r.items) {
          process.stdout.write(`${u.username.padEnd(20)} ${u.fullName.padEnd(30)} ${u.roles.join(',').padEnd(20)} ${STATUS[u.status]}\n`);
        }
        process.stdout.write(`Tổng: ${r.total} tài khoản.\n`);
        return 0;
      }
      case 'user disable': {
        const u = await findUser(core, req(values, 'username'));
        await call(core, 'users.disable', { id: u.id, reason: opt(values, 'reason') ?? null });
        process.stdout.write(`Đã vô hiệu hóa ${u.username}.\n`);
        return 0;
      }
      case 'user enable': {
        const u = await findUser(core, req(values, 'username'));
        await call(core, 'users.enable', { id: u.id });
        process.stdout.write(`Đã mở lại ${u.username}.\n`);
        return 0;
      }
      case 'user unlock': {
        const name = positionals[2] ?? req(values, 'username');
        const u = await findUser(core, name);
        await call(core, 'users.unlock', { id: u.id });
        process.stdout.write(u.lockedUntil ? `Đã mở khóa ${u.username}.\n` : `Tài khoản ${u.username} không bị khóa; đã đặt lại số lần đăng nhập sai.\n`);
        return 0;
      }
      case 'user reset-password': {
        const u = await findUser(core, req(values, 'username'));
        const r = await call(core, 'users.resetPassword', { id: u.id, password: opt(values, 'password') });
        process.stdout.write(
          `Đã đặt lại mật khẩu cho ${u.username}.${r.temporaryPassword ? ` Mật khẩu tạm thời: ${r.temporaryPassword}` : ''} Người dùng phải đổi mật khẩu khi đăng nhập.\n`,
        );
        return 0;
      }
      case 'backup now':
      case 'backup list':
        return await backupCliWithCore(core, sub, values);
      case 'audit verify': {
        const r = await call(core, 'audit.verify', {});
        const hubCode = values.hub ? await hubAnchors(core) : 0;
        const keyed = r.keyedFrom == null ? '' : r.keyedFrom <= 1 ? ' Mọi dòng có khóa HMAC.' : ` Khóa HMAC từ dòng ${r.keyedFrom}.`;
        if (r.intact) {
          const anchor =
            r.anchor.state === 'match'
              ? ' Khớp tệp neo.'
              : r.anchor.state === 'behind'
                ? ` Tệp neo ghi nhận ${r.anchor.count} dòng (chưa cập nhật các dòng mới nhất — bình thường).`
                : '';
          process.stdout.write(`Nhật ký toàn vẹn: đã kiểm tra ${r.checked} dòng.${anchor}${keyed}\n`);
          return hubCode;
        }
        if (r.anchor.state === 'rows_missing') {
          process.stdout.write(`NHẬT KÝ BỊ SAI LỆCH: MẤT ${r.anchor.missingRows} DÒNG CUỐI (từ dòng ${r.brokenAt}). ${r.reason}\n`);
        } else if (r.brokenAt == null) {
          process.stdout.write(`NHẬT KÝ BỊ SAI LỆCH: ${r.reason} (đã kiểm tra ${r.checked} dòng).\n`);
        } else {
          process.stdout.write(`NHẬT KÝ BỊ SAI LỆCH tại dòng ${r.brokenAt}: ${r.reason} (đã kiểm tra ${r.checked} dòng trước đó).\n`);
        }
        return 2;
      }
      default:
        throw new CliError(`Lệnh không hợp lệ: ${positionals.join(' ')}\n\n${help()}`);
    }
  } finally {
    core.close();
  }
}

/** `audit verify --hub`: prints what the hub's anchors say about the local chain; 2 when it was cut or rewritten. */
async function hubAnchors(core: Core): Promise<number> {
  let r;
  try {
    r = await checkHubAnchors(core.services);
  } catch (e) {
    throw new CliError(`Không đối chiếu được với trục liên thông: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!r.ok) {
    for (const p of r.problems) process.stdout.write(`${p.message}\n`);
    return 2;
  }
  process.stdout.write(
    r.latest
      ? `Khớp ${r.checked} mốc nhật ký trên trục liên thông (mốc gần nhất: ${r.latest.count} dòng, lúc ${formatVnDateTime(r.latest.receivedAt)}).\n`
      : 'Trục liên thông chưa có mốc nhật ký nào của cơ quan.\n',
  );
  return 0;
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    if (e instanceof CliError || e instanceof AppError) {
      process.stderr.write(`Lỗi: ${e.message}\n`);
    } else if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`Lỗi: ${e.message}\n\n${help()}`);
    } else {
      process.stderr.write(`Lỗi không mong đợi: ${e instanceof Error ? e.stack : String(e)}\n`);
    }
    process.exitCode = 1;
  }
}

/**
 * `vanthu pdf verify FILE`: the same report the app keeps for a received PDF, for any file on disk. Trust anchors
 * come from the office's data folder when it has one, plus any `--trust` files (PEM or DER).
 */
async function pdfVerify(values: Record<string, unknown>, files: string[]): Promise<number> {
  const file = files[0];
  if (!file) throw new CliError('Thiếu tên tệp PDF: vanthu pdf verify TỆP.pdf');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new CliError(`Không đọc được tệp "${file}".`);
  }
  const extra = ((values.trust as string[] | undefined) ?? []).map((f) => {
    try {
      return toDer(fs.readFileSync(f));
    } catch (e) {
      throw new CliError(`Không đọc được chứng thư tin cậy "${f}": ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const dataDir = path.resolve(opt(values, 'data-dir') ?? defaultDataDir());
  const online = !values.offline;
  let report: VerificationReport;
  if (fs.existsSync(path.join(dataDir, DB_FILE))) {
    const core = createCore(nodeEnv({ dataDir, timers: false }));
    try {
      report = await core.services.signing.verifyBytes(bytes, { online, extraAnchors: extra });
    } finally {
      core.close();
    }
  } else {
    report = await verifyPdf(bytes, { trustAnchors: extra, cache: memoryRevocationCache(), online, now: Date.now() });
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(formatReport(file, report));
  if (report.overall === 'UNSIGNED') return 2;
  return report.overall === 'TOTAL_PASSED' ? 0 : 1;
}

function formatReport(file: string, r: VerificationReport): string {
  const when = (ms: number | null) => (ms == null ? '—' : formatVnDateTime(ms));
  const lines = [`Tệp: ${file}`, `SHA-256: ${r.sha256}`, `Kết luận: ${INDICATION_LABELS[r.overall]} — ${r.summary}`];
  r.signatures.forEach((s, i) => {
    lines.push('');
    lines.push(`${s.kind === 'doc-timestamp' ? 'Dấu thời gian' : 'Chữ ký'} #${i + 1} (${s.fieldName || 'không tên'}, ${s.subFilter})`);
    lines.push(`  Kết quả: ${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''} — ${s.message}`);
    if (s.signer) lines.push(`  Người ký: ${s.signer.subjectCN}${s.signer.organisation ? ` (${s.signer.organisation})` : ''}; cấp bởi: ${s.signer.issuerCN}`);
    lines.push(`  Thời điểm ký: ${when(s.timestampTime ?? s.claimedTime)}${s.timestampTime ? ' (dấu thời gian)' : ' (theo máy người ký)'}`);
    lines.push(`  Toàn vẹn: ${s.integrity}; chữ ký: ${s.signatureValid ? 'đúng' : 'sai'}; chuỗi tin cậy: ${s.chainTrusted ? 'có' : 'không'}; thu hồi: ${s.revocation}`);
    for (const c of s.changesAfter.changes) lines.push(`  Sau khi ký: ${c}`);
    for (const n of s.notes) lines.push(`  - ${n}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * `vanthu edxml decode FILE`: the same decoder the sync worker and the hub use, for a packet on disk, so the district
 * IT officer can see why a packet from another system is refused. Attachments are summarised, never printed.
 */
function edxmlDecode(values: Record<string, unknown>, files: string[]): number {
  const file = files[0];
  if (!file) throw new CliError('Thiếu tên tệp gói tin: vanthu edxml decode TỆP.edxml');
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    process.stderr.write(`Lỗi: Không đọc được tệp "${file}".\n`);
    return 2;
  }
  let packet: Packet;
  try {
    packet = decodePacketBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    if (!(e instanceof EdxmlError)) throw e;
    process.stderr.write(`Lỗi ${e.code}: ${e.message}\n`);
    return 1;
  }
  const view =
    packet.kind === 'document'
      ? {
          ...packet,
          attachments: packet.attachments.map((a) => ({
            contentId: a.contentId,
            name: a.name,
            contentType: a.contentType,
            description: a.description,
            size: a.bytes.length,
            sha256: createHash('sha256').update(a.bytes).digest('hex'),
          })),
        }
      : packet;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    return 0;
  }
  const organ = (o: { organId: string; organName: string }) => `${o.organId}${o.organName ? ` — ${o.organName}` : ''}`;
  const lines = [`Tệp: ${file}`];
  if (view.kind === 'status') {
    lines.push(`Loại: phản hồi trạng thái ${view.statusCode} (${STATUS_CODES[view.statusCode]})`);
    lines.push(`Cơ quan gửi: ${organ(view.from)}`);
    lines.push(`Về văn bản: ${view.responseFor.documentId} (gửi lại cho ${view.responseFor.organId})`);
    if (view.description) lines.push(`Nội dung: ${view.description}`);
    lines.push(`Thời điểm: ${formatVnDateTime(view.timestamp)}`);
  } else {
    const business = { new: 'mới', revoke: 'thu hồi', update: 'cập nhật', replace: 'thay thế' }[BUSINESS_DOC_TYPES[view.business.docType]];
    lines.push(`Loại: văn bản ${business}${view.business.documentId ? ` — liên quan ${view.business.documentId}` : ''}`);
    lines.push(`Cơ quan gửi: ${organ(view.from)}`);
    for (const t of view.to) lines.push(`Nơi nhận: ${organ(t)}`);
    lines.push(`Số, ký hiệu: ${view.code.number}/${view.code.notation}${view.promulgation.date ? `, ngày ${formatVnDate(view.promulgation.date)}` : ''}`);
    lines.push(`Mã văn bản liên thông: ${view.documentId}`);
    lines.push(`Loại văn bản: ${view.documentType.typeName || '—'}; trích yếu: ${view.subject}`);
    for (const a of view.attachments) lines.push(`Tệp đính kèm: ${a.name || a.contentId} (${a.contentType || 'không rõ kiểu'}, ${a.size} byte, SHA-256 ${a.sha256})`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * `vanthu scan prefill FILE`: the fields the registration form would be prefilled with, for support staff and for
 * checking accuracy on real letters. No database: the directory matches (agency, type) are left out.
 */
async function scanPrefill(values: Record<string, unknown>, files: string[]): Promise<number> {
  const file = files[0];
  if (!file) throw new CliError('Thiếu tên tệp: vanthu scan prefill TỆP');
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
  } catch {
    process.stderr.write(`Lỗi: Không đọc được tệp "${file}".\n`);
    return 2;
  }
  let r;
  try {
    r = await prefillFile(file, { resourcesDir: path.join(packageRoot(), 'resources') });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`Lỗi ${e.code}: ${e.message}\n`);
    return 1;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...r.prefill, text: r.text }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(formatPrefill(file, r));
  return 0;
}
