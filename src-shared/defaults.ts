// Default office settings, shared so the first-run screen shows the same policy the core will enforce.

import type { SecurityPolicyDto, WorkingHoursDto } from './api/accounts';

export const DEFAULT_SECURITY: SecurityPolicyDto = {
  minLength: 8,
  requireLower: true,
  requireUpper: true,
  requireDigit: true,
  requireSpecial: true,
  expiryDays: 90,
  historyCount: 3,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  sessionIdleMinutes: 60,
  sessionMaxHours: 12,
  inactiveSuspendDays: 180,
};

/** Common office hours of a commune People's Committee; each office sets its own in Quản trị. */
export const DEFAULT_WORKING_HOURS: WorkingHoursDto = {
  weekdays: [1, 2, 3, 4, 5],
  periods: [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
};
