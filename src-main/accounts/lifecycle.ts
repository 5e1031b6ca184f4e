// The hourly account lifecycle job (QN 8.5, 14.3): suspended accounts not renewed within 15 days and leavers 5 days
// past their date of leaving are revoked, and the admins are reminded of a leaver once before that. Runs from
// core.ts runJobs; every change commits with its audit row in one IMMEDIATE transaction. No business rule of the
// accounts themselves lives here (service.ts has them: last admin, final revocation).

import { addDays, formatVnDate, vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { Services } from '../api/context';

/** A suspended account is revoked this many days after suspension unless an admin re-enables it (QN 8.5c). */
export const SUSPENDED_REVOKE_DAYS = 15;
/** A leaver's account is revoked this many days after the date of leaving (QN 14.3: "tối đa sau 05 ngày"). */
export const LEAVER_REVOKE_DAYS = 5;

export interface LifecycleResult {
  revoked: Array<{ id: number; reason: string }>;
  reminded: number[];
}

export function runAccountLifecycle(s: Services): LifecycleResult {
  const now = () => s.env.clock.now();
  const today = vnParts(now()).date;
  const out: LifecycleResult = { revoked: [], reminded: [] };
  const notes = s.raw
    .transaction(() => {
      const sent: Array<{ userId: number; id: number }> = [];
      const audit = (action: string, userId: number, details: Record<string, unknown>) =>
        s.audit.append({ at: now(), actorId: null, actorName: 'hệ thống', action, outcome: 'ok', targetType: 'user', targetId: userId, details, origin: 'job' });
      const revoke = (userId: number, reason: string, details: Record<string, unknown>) => {
        try {
          s.accounts.revoke(userId);
        } catch (e) {
          // The last active admin is never revoked by the job: the office would be left without anyone to manage it.
          if (e instanceof AppError && e.code === 'last_admin') return;
          throw e;
        }
        audit('users.revoke', userId, { reason, ...details });
        out.revoked.push({ id: userId, reason });
      };

      for (const u of s.accounts.suspendedPast(SUSPENDED_REVOKE_DAYS)) {
        revoke(u.id, `Tạm ngừng quá ${SUSPENDED_REVOKE_DAYS} ngày không được gia hạn`, { suspendedAt: u.suspendedAt });
      }

      // Leavers: the reminder goes out on the date of leaving (at once when the date is entered late), the account
      // is revoked on leftOn + 5 days; until then the admin can hand over the person's work and revoke sooner.
      for (const u of s.accounts.leaversBy(today)) {
        const due = addDays(u.leftOn, LEAVER_REVOKE_DAYS);
        if (today >= due) {
          revoke(u.id, `Nghỉ việc từ ngày ${formatVnDate(u.leftOn)}`, { leftOn: u.leftOn });
          continue;
        }
        if (u.leaveRemindedAt != null) continue;
        const admins = s.accounts.activeAdminIds().filter((id) => id !== u.id);
        const text = `Tài khoản ${u.fullName} (${u.username}) nghỉ việc từ ngày ${formatVnDate(u.leftOn)} sẽ bị thu hồi ngày ${formatVnDate(due)}. Hãy giao lại công việc còn dở của người này trước ngày đó.`;
        sent.push(...s.workflow.log.notify(admins, { kind: 'reminder', text }));
        s.accounts.markLeaveReminded(u.id);
        audit('users.leaveReminder', u.id, { leftOn: u.leftOn, revokeOn: due, admins });
        out.reminded.push(u.id);
      }
      return sent;
    })
    .immediate();
  for (const n of notes) s.events.emit({ name: 'notification.created', data: s.workflow.notification(n.id), to: [n.userId] });
  for (const r of out.revoked) {
    s.events.emit({ name: 'session.ended', data: { reason: 'disabled' }, to: [r.id] });
    s.events.emit({ name: 'users.changed', data: { userId: r.id } });
  }
  return out;
}
