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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['users.manage', 'audit.read', 'settings.manage', 'calendar.manage', 'registers.manage', 'doctypes.manage', 'agencies.manage', 'documents.read', 'documents.export'],
  clerk: ['incoming.register', 'agencies.manage', 'documents.read', 'documents.export', 'documents.share'],
  leader: ['documents.read', 'documents.export', 'documents.share'],
  staff: ['documents.read'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) set.add(p);
  return [...set].sort();
}
