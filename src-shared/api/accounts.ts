// Contract for setup, authentication, users, units, settings and the audit log (issue: foundation).

import { z } from 'zod';
import { ROLES, type Permission, type Role } from '../permissions';
import { clockTime, id, isoDate, method, none, optText, text, type BinaryOut } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export type UserStatus = 'active' | 'disabled' | 'suspended' | 'revoked';

export interface UserDto {
  id: number;
  username: string;
  fullName: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  unitId: number | null;
  unitName: string | null;
  /** Trưởng or phó of the unit: sees the documents given to the unit and its people. */
  headsUnit: boolean;
  roles: Role[];
  status: UserStatus;
  /** Temporarily locked after failed logins until this instant. */
  lockedUntil: number | null;
  mustChangePassword: boolean;
  passwordChangedAt: number;
  lastLoginAt: number | null;
  suspendedAt: number | null;
  /** Date of leaving (nghỉ việc, chuyển công tác), YYYY-MM-DD: the account is revoked 5 days after it (QN 14.3). */
  leftOn: string | null;
  /** Revoked (thu hồi) at this instant: final, the account can never sign in again. */
  revokedAt: number | null;
  createdAt: number;
}

export type AccountRequestKind = 'new' | 'change' | 'revoke';
export type AccountRequestStatus = 'pending' | 'approved' | 'rejected' | 'done';

/** What a request asks for (stored as JSON in account_requests.details). */
export interface AccountRequestDetails {
  roles?: Role[];
  unitId?: number | null;
  /** The unit's name when the request was recorded (units may be renamed later). */
  unitName?: string | null;
  position?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Why: new recruit, transfer, retirement … */
  reason?: string | null;
}

/** An account request (đề nghị cấp mới, thay đổi quyền, thu hồi tài khoản; QN 8, 12–14): one row of the Mẫu 04 report. */
export interface AccountRequestDto {
  id: number;
  kind: AccountRequestKind;
  /** The account concerned: given for change and revoke, linked for new once the account is created. */
  userId: number | null;
  username: string | null;
  subjectName: string;
  details: AccountRequestDetails;
  /** Who asked, as written on the request (often a head of unit). */
  requestedBy: string;
  requestedById: number | null;
  /** Date on the written request. */
  requestedOn: string;
  status: AccountRequestStatus;
  decidedById: number | null;
  decidedByName: string | null;
  decidedAt: number | null;
  decisionNote: string | null;
  doneById: number | null;
  doneByName: string | null;
  doneAt: number | null;
  createdAt: number;
}

/** A colleague as anyone in the office may know them: to pick a recipient. */
export interface PersonDto {
  id: number;
  fullName: string;
  position: string | null;
  unitId: number | null;
  unitName: string | null;
  /** Holds the leader role (lãnh đạo): whom a document is presented to. Optional for older callers. */
  leader?: boolean;
  /** Trưởng or phó of their unit. */
  headsUnit?: boolean;
}

export interface UnitDto {
  id: number;
  parentId: number | null;
  code: string | null;
  name: string;
  active: boolean;
  userCount: number;
}

export interface OrgDto {
  /** Mã định danh điện tử của cơ quan (QĐ 20/2020, QCVN 102). */
  code: string;
  name: string;
  /** Viết tắt tên cơ quan, used in ký hiệu (e.g. UBND). */
  abbr: string;
  /** Cơ quan chủ quản. */
  parentName: string | null;
  address: string | null;
  /** Địa danh in the date line ("Kim Bảng, ngày …"). */
  place: string | null;
  phone: string | null;
  email: string | null;
}

export interface WorkPeriodDto {
  start: string;
  end: string;
}

export interface WorkingHoursDto {
  /** ISO weekdays that are working days: 1 = Thứ Hai … 7 = Chủ nhật. */
  weekdays: number[];
  periods: WorkPeriodDto[];
}

export interface SecurityPolicyDto {
  minLength: number;
  requireLower: boolean;
  requireUpper: boolean;
  requireDigit: boolean;
  requireSpecial: boolean;
  /** Days after which a password must be changed; 0 = never. */
  expiryDays: number;
  /** How many previous passwords may not be reused. */
  historyCount: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  /** A session ends this many hours after sign-in, however active (absolute lifetime). */
  sessionMaxHours: number;
  /** Accounts unused this many days are suspended (QN 8.4: 6 months). */
  inactiveSuspendDays: number;
}

export interface SettingsDto {
  org: OrgDto;
  workingHours: WorkingHoursDto;
  security: SecurityPolicyDto;
  /** The HTTP host listens on all interfaces (LAN) instead of 127.0.0.1; takes effect at next start. */
  lanAccess: boolean;
  /**
   * In LAN mode, the host names or addresses other computers use to reach this one (e.g. `vanthu.ubnd.local`,
   * `192.168.1.20`), beyond the machine's own names and addresses; requests naming any other host are refused.
   */
  allowedHosts: string[];
  /** Largest accepted attachment, MB. */
  uploadLimitMb: number;
}

export interface MeDto {
  user: UserDto;
  permissions: Permission[];
  org: OrgDto | null;
  mustChangePassword: boolean;
  policy: SecurityPolicyDto;
  /** Running inside the desktop app: files can be opened with the system's applications. */
  desktop: boolean;
}

export interface LoginResult {
  /**
   * The bearer token, for API clients that send `Authorization: Bearer`. Empty when the host keeps the session
   * itself: the browser's HttpOnly cookie (requests marked `X-VanThu: 1`) or the desktop app's main process.
   */
  token: string;
  user: UserDto;
  mustChangePassword: boolean;
}

export interface AuditRowDto {
  id: number;
  at: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  origin: string | null;
}

/**
 * What the anchor file (the chain's head kept outside the database) says: `match` / `behind` (normal: a crash
 * between a commit and its anchor, or another process's commit not yet anchored) are fine; `rows_missing` (rows
 * cut from the end), `diverged` (the anchored row was rewritten), `missing` (a log with rows but no anchor) and
 * `invalid` (unreadable or forged) are tampering. `none`: no anchor kept (no data folder); `not_checked`: the
 * chain broke before the anchor's row.
 */
export interface AuditAnchorStatus {
  state: 'match' | 'behind' | 'rows_missing' | 'diverged' | 'missing' | 'invalid' | 'none' | 'not_checked';
  /** Rows the anchor recorded. */
  count: number | null;
  /** When the anchor was written (epoch ms). */
  at: number | null;
  /** Rows the anchor saw at the end of the log that the database no longer has. */
  missingRows: number;
}

export interface AuditVerifyResult {
  intact: boolean;
  checked: number;
  /** First row whose hash or link does not match (for rows cut from the end: the first missing id). */
  brokenAt: number | null;
  reason: string | null;
  lastHash: string | null;
  anchor: AuditAnchorStatus;
  /** Rows from this id on carry an HMAC with the key kept outside the database; earlier rows plain SHA-256. */
  keyedFrom: number | null;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

/** Mã định danh: opaque, ≤ 35 characters of A-Z 0-9 '.', dot-separated groups (standards §2.2). */
export const agencyCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(
    z
      .string()
      .max(35, 'Mã định danh tối đa 35 ký tự.')
      .regex(/^[A-Z0-9]{1,13}(\.[A-Z0-9]+)*$/, 'Mã định danh chỉ gồm chữ in hoa A-Z, chữ số và dấu chấm giữa các nhóm (ví dụ 000.00.00.H41 hoặc H37.02.02).'),
  );

export const orgInput = z.object({
  code: agencyCode,
  name: text(200),
  abbr: z
    .string()
    .transform((s) => s.normalize('NFC').trim().toUpperCase())
    .pipe(
      z
        .string()
        .min(1, 'Bắt buộc nhập.')
        .max(30, 'Tối đa 30 ký tự.')
        .regex(/^[\p{Lu}\p{N}-]+$/u, 'Viết tắt chỉ gồm chữ in hoa, chữ số và dấu gạch nối.'),
    ),
  parentName: optText(200),
  address: optText(300),
  place: optText(100),
  phone: optText(50),
  email: optText(200).pipe(z.string().email('Địa chỉ thư điện tử không hợp lệ.').nullable()),
});

export const workingHoursInput = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, 'Chọn ít nhất một ngày làm việc.'),
    periods: z
      .array(z.object({ start: clockTime, end: clockTime }))
      .min(1, 'Cần ít nhất một buổi làm việc.')
      .max(4),
  })
  .refine((w) => w.periods.every((p, i) => p.start < p.end && (i === 0 || w.periods[i - 1].end <= p.start)), {
    message: 'Các buổi làm việc phải theo thứ tự, giờ bắt đầu trước giờ kết thúc và không chồng nhau.',
    path: ['periods'],
  });

export const securityPolicyInput = z.object({
  minLength: z.number().int().min(8, 'Mật khẩu tối thiểu phải từ 8 ký tự trở lên.').max(128),
  requireLower: z.literal(true, 'Không được bỏ yêu cầu chữ thường.'),
  requireUpper: z.literal(true, 'Không được bỏ yêu cầu chữ hoa.'),
  requireDigit: z.literal(true, 'Không được bỏ yêu cầu chữ số.'),
  requireSpecial: z.literal(true, 'Không được bỏ yêu cầu ký tự đặc biệt.'),
  expiryDays: z.number().int().min(0).max(90, 'Mật khẩu phải đổi ít nhất 3 tháng một lần (tối đa 90 ngày).'),
  historyCount: z.number().int().min(0).max(24),
  maxFailedLogins: z.number().int().min(3).max(20),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  sessionIdleMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  sessionMaxHours: z.number().int().min(1, 'Tối thiểu 1 giờ.').max(72, 'Tối đa 72 giờ.').default(12),
  inactiveSuspendDays: z.number().int().min(30).max(183, 'Tài khoản không sử dụng quá 6 tháng phải bị tạm ngừng (tối đa 183 ngày).'),
});

const password = z.string().min(1, 'Bắt buộc nhập.').max(256, 'Tối đa 256 ký tự.');
const username = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z][a-z0-9._-]{2,39}$/, 'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch nối; bắt đầu bằng chữ.'));
const roles = z.array(z.enum(ROLES)).min(1, 'Chọn ít nhất một vai trò.');

const userFields = {
  fullName: text(100),
  position: optText(100),
  email: optText(200).pipe(z.string().email('Địa chỉ thư điện tử không hợp lệ.').nullable()),
  phone: optText(30),
  unitId: id.nullable().default(null),
  headsUnit: z.boolean().default(false),
  roles,
};

// ---- methods ---------------------------------------------------------------------------------------------------

export const accountsApi = {
  'system.health': method<{ ok: true; version: string }>()({
    input: none,
    access: 'public',
    permission: null,
    mutates: false,
    summary: 'Kiểm tra hệ thống đang chạy.',
  }),
  'setup.status': method<{ initialized: boolean; orgName: string | null; version: string }>()({
    input: none,
    access: 'public',
    permission: null,
    mutates: false,
    summary: 'Cho biết hệ thống đã được thiết lập lần đầu chưa.',
  }),
  'setup.init': method<{ org: OrgDto; admin: UserDto }>()({
    input: z.object({
      org: orgInput,
      workingHours: workingHoursInput.optional(),
      admin: z.object({ fullName: text(100), username: username.optional(), password }),
    }),
    access: 'public',
    permission: null,
    mutates: true,
    summary: 'Thiết lập lần đầu: tạo cơ quan và tài khoản quản trị.',
  }),

  'auth.login': method<LoginResult>()({
    input: z.object({ username: z.string().trim().toLowerCase().min(1, 'Bắt buộc nhập.').max(64), password }),
    access: 'public',
    permission: null,
    mutates: true,
    summary: 'Đăng nhập.',
  }),
  'auth.logout': method<{ ok: true }>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: true,
    allowDuringPasswordChange: true,
    summary: 'Đăng xuất.',
  }),
  'auth.me': method<MeDto>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    allowDuringPasswordChange: true,
    summary: 'Thông tin người đang đăng nhập.',
  }),
  /** `token` is empty when the host keeps the session (cookie, desktop main process), as for auth.login. */
  'auth.changePassword': method<{ token: string }>()({
    input: z.object({ currentPassword: password, newPassword: password }),
    access: 'session',
    permission: null,
    mutates: true,
    allowDuringPasswordChange: true,
    summary: 'Đổi mật khẩu (đăng xuất mọi phiên khác).',
  }),

  'users.list': method<{ items: UserDto[]; total: number }>()({
    input: z
      .object({
        query: z.string().max(100).optional(),
        status: z.enum(['active', 'disabled', 'suspended', 'revoked']).optional(),
        role: z.enum(ROLES).optional(),
        unitId: id.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .default({ limit: 100, offset: 0 }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
    summary: 'Danh sách tài khoản.',
  }),
  'users.get': method<UserDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
    summary: 'Xem một tài khoản.',
  }),
  'users.suggestUsername': method<{ username: string }>()({
    input: z.object({ fullName: text(100) }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
    summary: 'Gợi ý tên đăng nhập theo họ tên (QN 6.2).',
  }),
  'users.create': method<{ user: UserDto; temporaryPassword: string | null }>()({
    input: z.object({ ...userFields, username: username.optional(), password: password.optional(), requestId: id.optional() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Tạo tài khoản.',
  }),
  'users.update': method<UserDto>()({
    input: z.object({ id, ...userFields, leftOn: isoDate.nullable().optional(), requestId: id.optional() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Sửa thông tin tài khoản.',
  }),
  'users.disable': method<UserDto>()({
    input: z.object({ id, reason: optText(300) }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Vô hiệu hóa tài khoản.',
  }),
  'users.enable': method<UserDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Mở lại tài khoản bị vô hiệu hóa hoặc tạm ngừng.',
  }),
  'users.revoke': method<UserDto>()({
    input: z.object({ id, reason: text(300), requestId: id.optional() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Thu hồi tài khoản (vĩnh viễn: không mở lại được, cần cấp tài khoản mới).',
  }),
  'users.unlock': method<UserDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Mở khóa tài khoản bị tạm khóa do đăng nhập sai nhiều lần.',
  }),
  'users.resetPassword': method<{ user: UserDto; temporaryPassword: string | null }>()({
    input: z.object({ id, password: password.optional() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Đặt lại mật khẩu (người dùng phải đổi khi đăng nhập).',
  }),

  'accountRequests.list': method<{ items: AccountRequestDto[]; total: number }>()({
    input: z
      .object({
        status: z.enum(['pending', 'approved', 'rejected', 'done']).optional(),
        kind: z.enum(['new', 'change', 'revoke']).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        query: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .default({ limit: 100, offset: 0 }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
    summary: 'Danh sách đề nghị cấp, thay đổi, thu hồi tài khoản.',
  }),
  'accountRequests.get': method<AccountRequestDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
    summary: 'Xem một đề nghị tài khoản.',
  }),
  'accountRequests.create': method<AccountRequestDto>()({
    input: z.object({
      kind: z.enum(['new', 'change', 'revoke']),
      userId: id.nullable().default(null),
      subjectName: optText(100),
      requestedBy: text(200),
      requestedById: id.nullable().default(null),
      requestedOn: isoDate,
      details: z
        .object({
          roles: z.array(z.enum(ROLES)).max(4).optional(),
          unitId: id.nullable().optional(),
          position: optText(100).optional(),
          email: optText(200).pipe(z.string().email('Địa chỉ thư điện tử không hợp lệ.').nullable()).optional(),
          phone: optText(30).optional(),
          reason: optText(500).optional(),
        })
        .strict()
        .default({}),
    }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Ghi nhận một đề nghị tài khoản (cấp mới, thay đổi quyền, thu hồi).',
  }),
  'accountRequests.decide': method<AccountRequestDto>()({
    input: z.object({ id, approve: z.boolean(), note: optText(500) }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Duyệt hoặc từ chối một đề nghị tài khoản.',
  }),
  'accountRequests.markDone': method<AccountRequestDto>()({
    input: z.object({ id, userId: id.optional() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Ghi nhận đề nghị tài khoản đã được thực hiện.',
  }),

  'users.directory': method<PersonDto[]>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Danh bạ người đang làm việc trong cơ quan (để chọn người nhận).',
  }),
  'units.list': method<UnitDto[]>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Cây đơn vị (phòng ban).',
  }),
  'units.create': method<UnitDto>()({
    input: z.object({ name: text(200), code: optText(30), parentId: id.nullable().default(null) }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Tạo đơn vị.',
  }),
  'units.update': method<UnitDto>()({
    input: z.object({ id, name: text(200), code: optText(30), parentId: id.nullable().default(null), active: z.boolean() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    summary: 'Sửa đơn vị.',
  }),

  'settings.get': method<SettingsDto>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Xem cấu hình cơ quan.',
  }),
  'settings.update': method<SettingsDto>()({
    input: z.object({
      org: orgInput.optional(),
      workingHours: workingHoursInput.optional(),
      security: securityPolicyInput.optional(),
      lanAccess: z.boolean().optional(),
      allowedHosts: z
        .array(
          z
            .string()
            .transform((s) => s.trim().toLowerCase().replace(/\.$/, ''))
            .pipe(
              z
                .string()
                .max(253)
                .regex(
                  /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$|^\[?[0-9a-f:.]+\]?$/,
                  'Tên máy chỉ gồm chữ không dấu, chữ số, dấu chấm và gạch nối (ví dụ vanthu.ubnd.local), hoặc một địa chỉ IP; không kèm cổng.',
                ),
            ),
        )
        .max(20, 'Tối đa 20 tên máy.')
        .optional(),
      uploadLimitMb: z.number().int().min(1).max(2048).optional(),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Sửa cấu hình cơ quan.',
  }),

  'audit.list': method<{ items: AuditRowDto[]; nextBeforeId: number | null }>()({
    input: z
      .object({
        beforeId: id.optional(),
        actorId: id.optional(),
        action: z.string().max(100).optional(),
        outcome: z.enum(['ok', 'denied', 'failed']).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .default({ limit: 100 }),
    access: 'session',
    permission: 'audit.read',
    mutates: false,
    summary: 'Xem nhật ký hệ thống.',
  }),
  'audit.verify': method<AuditVerifyResult>()({
    input: none,
    access: 'session',
    permission: 'audit.read',
    mutates: false,
    summary: 'Kiểm tra tính toàn vẹn của chuỗi nhật ký.',
  }),
  'audit.export': method<BinaryOut>()({
    input: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
    access: 'session',
    permission: 'audit.read',
    mutates: true,
    binary: 'output',
    summary: 'Xuất nhật ký ra tệp CSV.',
  }),
} as const;
