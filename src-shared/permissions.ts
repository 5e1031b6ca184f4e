// Roles, permissions and which role grants what. The core enforces these in dispatch; the UI only uses them to
// hide what a person cannot do. Adding a permission means adding it here and to the roles that hold it.

export const ROLES = ['admin', 'clerk', 'leader', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị',
  clerk: 'Văn thư',
  leader: 'Lãnh đạo',
  staff: 'Chuyên viên',
};

export const PERMISSIONS = [
  'users.manage', // tạo, sửa, khóa tài khoản; đơn vị
  'audit.read', // xem, kiểm tra nhật ký
  'settings.manage', // thông tin cơ quan, giờ làm việc, chính sách mật khẩu
  'calendar.manage', // lịch nghỉ lễ, ngày làm bù
  'registers.manage', // cấu hình sổ văn bản
  'doctypes.manage', // bảng loại văn bản
  'agencies.manage', // danh mục cơ quan
  'incoming.register', // vào sổ, hủy số, từ chối văn bản đến, nhập sổ cũ
  'documents.read', // xem, tìm kiếm văn bản
  'documents.export', // in sổ, xuất kết quả tìm kiếm
  'documents.share', // gửi văn bản để biết cho người, đơn vị
  'workflow.present', // trình văn bản đến cho lãnh đạo
  'workflow.direct', // bút phê, giao xử lý, duyệt dự thảo, theo dõi việc đã giao
  'workflow.follow', // xem việc quá hạn của cơ quan
  'outgoing.draft', // soạn, sửa, trình dự thảo văn bản đi
  'outgoing.issue', // cấp số, vào sổ, ban hành văn bản đi
  'outgoing.recall', // thu hồi văn bản đi đã ban hành
  'signing.use', // dùng token ký số trên máy này, đặt ảnh chữ ký của mình
  'signing.personal', // ký số cá nhân vào dự thảo đã duyệt
  'signing.seal', // giữ token của cơ quan: ký số cơ quan, sổ bàn giao token
  'sync.manage', // cấu hình kết nối trục liên thông
  'sync.run', // đồng bộ ngay, xem và gửi lại gói tin chờ gửi
  'records.manage', // lập hồ sơ công việc của mình: mở, đưa văn bản vào, đóng hồ sơ
  'fileplan.manage', // soạn Danh mục hồ sơ, bảng thời hạn bảo quản
  'fileplan.approve', // duyệt, ban hành Danh mục hồ sơ; duyệt quyền truy cập hồ sơ hạn chế
  'records.archive', // lưu trữ cơ quan: nhận nộp lưu, sửa hồ sơ đã đóng, tiêu hủy hồ sơ hết hạn
  'schedule.draft', // soạn lịch công tác của cơ quan, đơn vị, người khác
  'schedule.publish', // duyệt, ban hành lịch công tác tuần
  'backup.manage', // sao lưu, kiểm tra bản sao lưu, đặt lịch sao lưu
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'users.manage',
    'audit.read',
    'settings.manage',
    'calendar.manage',
    'registers.manage',
    'doctypes.manage',
    'agencies.manage',
    'documents.read',
    'documents.export',
    'signing.use',
    'signing.seal',
    'sync.manage',
    'sync.run',
    'fileplan.manage',
    'backup.manage',
  ],
  clerk: [
    'incoming.register',
    'agencies.manage',
    'documents.read',
    'documents.export',
    'documents.share',
    'workflow.present',
    'workflow.follow',
    'outgoing.draft',
    'outgoing.issue',
    'outgoing.recall',
    'signing.use',
    'signing.seal',
    'sync.run',
    'records.manage',
    'fileplan.manage',
    'records.archive',
    'schedule.draft',
  ],
  leader: [
    'documents.read',
    'documents.export',
    'documents.share',
    'workflow.direct',
    'workflow.follow',
    'outgoing.draft',
    'outgoing.recall',
    'signing.use',
    'signing.personal',
    'records.manage',
    'fileplan.approve',
    'schedule.draft',
    'schedule.publish',
  ],
  staff: ['documents.read', 'outgoing.draft', 'records.manage'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) set.add(p);
  return [...set].sort();
}
