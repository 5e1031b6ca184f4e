// Display formats: Vietnam time, dd/mm/yyyy, labels for statuses. Pure helpers over the shared calendar.

import { formatVnDate, formatVnDateTime } from '../../src-shared/calendar/vn-time';
import type { UserStatus } from '../../src-shared/api/accounts';

export const fmtDate = (date: string | null | undefined): string => (date ? formatVnDate(date) : '');
export const fmtDateTime = (ms: number | null | undefined): string => (ms ? formatVnDateTime(ms) : '');

export const USER_STATUS: Record<UserStatus, { label: string; tone: 'green' | 'red' | 'orange' }> = {
  active: { label: 'Đang hoạt động', tone: 'green' },
  disabled: { label: 'Đã vô hiệu hóa', tone: 'red' },
  suspended: { label: 'Tạm ngừng (không sử dụng)', tone: 'orange' },
  revoked: { label: 'Đã thu hồi', tone: 'red' },
};
