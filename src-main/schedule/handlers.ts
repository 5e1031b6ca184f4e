// Handlers for weekly work schedules: each change is one ctx.write with its audit row (targetType 'schedule_week'
// or 'schedule_entry'), notifications written in the same transaction and emitted after the commit; printing and
// .ics export read first and render outside any transaction.

import type { scheduleApi, ScheduleOwner, ScheduleWeekDto } from '../../src-shared/api/schedule';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap } from '../api/context';
import type { ScheduleActor } from './service';

type Methods = Extract<keyof typeof scheduleApi, `schedule.${string}`>;

function actor(ctx: CallCtx): ScheduleActor {
  const me = ctx.user();
  return { userId: me.userId, permissions: me.permissions };
}

const weekNote = (o: ScheduleOwner, weekStart: string, details?: Record<string, unknown>) => ({
  targetType: 'schedule_week',
  targetId: `${o.kind}${o.kind === 'office' ? '' : `:${o.id}`}:${weekStart}`,
  details: details ?? null,
});

/** Notices open the person's own week ("Lịch của tôi"), where everything they chair or attend is shown. */
function notify(ctx: CallCtx, userIds: number[], text: string | null, weekStart: string): Array<{ userId: number; id: number }> {
  if (!text || !userIds.length) return [];
  return ctx.s.workflow.log.notify(userIds, { kind: 'reminder', text, link: `/lich-cong-tac/cua-toi?tuan=${weekStart}` });
}

function announce(ctx: CallCtx, sent: Array<{ userId: number; id: number }>, weekStart: string): void {
  for (const n of sent) ctx.emit('notification.created', ctx.s.workflow.notification(n.id), [n.userId]);
  ctx.emit('schedule.changed', { weekStart });
}

type WeekOrMine = { owner: ScheduleOwner; weekStart: string } | { mine: true; weekStart: string };

function weekFor(ctx: CallCtx, input: WeekOrMine): ScheduleWeekDto {
  return 'mine' in input ? ctx.s.schedule.mine(input.weekStart, actor(ctx)) : ctx.s.schedule.week(input.owner, input.weekStart, actor(ctx));
}

export const scheduleHandlers: HandlerMap<Methods> = {
  'schedule.week': (ctx, input) => ctx.s.schedule.week(input.owner, input.weekStart, actor(ctx)),
  'schedule.mine': (ctx, input) => ctx.s.schedule.mine(input.weekStart, actor(ctx)),

  'schedule.save': (ctx, input) => {
    const a = actor(ctx);
    const v = ctx.viewer();
    const r = ctx.write(
      () => {
        const saved = ctx.s.schedule.save(input, a, (h) => ctx.s.access.canReadBlob(v, h));
        return { ...saved, sent: notify(ctx, saved.notify, saved.text, input.weekStart) };
      },
      (res) => ({ targetType: 'schedule_entry', targetId: res.id, details: { weekStart: input.weekStart, date: input.date, content: input.content, published: res.published } }),
    );
    announce(ctx, r.sent, input.weekStart);
    const entry = ctx.s.schedule.entry(r.id, a);
    return { entry, clashes: entry.clashes, notified: r.sent.length };
  },

  'schedule.cancel': (ctx, input) => {
    const a = actor(ctx);
    const r = ctx.write(
      () => {
        const c = ctx.s.schedule.cancel(input.id, input.reason, a);
        return { ...c, sent: notify(ctx, c.notify, c.text, c.weekStart) };
      },
      (res) => ({ targetType: 'schedule_entry', targetId: input.id, details: { deleted: res.deleted, reason: input.reason } }),
    );
    announce(ctx, r.sent, r.weekStart);
    return { deleted: r.deleted, notified: r.sent.length };
  },

  'schedule.publish': (ctx, input) => {
    const a = actor(ctx);
    const sent = ctx.write(
      () => {
        const p = ctx.s.schedule.publish(input.owner, input.weekStart, a);
        return notify(ctx, p.notify, p.text, input.weekStart);
      },
      weekNote(input.owner, input.weekStart),
    );
    announce(ctx, sent, input.weekStart);
    return ctx.s.schedule.week(input.owner, input.weekStart, a);
  },

  'schedule.copyRecurring': (ctx, input) => {
    const copied = ctx.write(
      () => ctx.s.schedule.copyRecurring(input.owner, input.weekStart, actor(ctx)),
      (n) => weekNote(input.owner, input.weekStart, { copied: n }),
    );
    if (copied) ctx.emit('schedule.changed', { weekStart: input.weekStart });
    return { copied };
  },

  'schedule.print': async (ctx, input) => {
    const week = weekFor(ctx, input);
    const org = ctx.s.settings.org();
    const { renderSchedulePdf } = await import('./print');
    const ownerLine =
      'mine' in input ? `Lịch của: ${week.ownerLabel}` : input.owner.kind === 'office' ? null : `${input.owner.kind === 'unit' ? 'Đơn vị' : 'Lịch của'}: ${week.ownerLabel}`;
    const bytes = await renderSchedulePdf(
      // "Lịch của tôi" mixes published weeks with one's own entries: it is never printed as a draft.
      {
        orgName: org?.name ?? '',
        parentOrgName: org?.parentName ?? null,
        week: 'mine' in input ? { ...week, state: 'published' } : week,
        ownerLine,
        printedAt: ctx.now(),
        printedBy: ctx.user().fullName,
      },
      { resourcesDir: ctx.s.env.resourcesDir },
    );
    ctx.write(() => null, 'mine' in input ? { targetType: 'schedule_week', targetId: `mine:${input.weekStart}` } : weekNote(input.owner, input.weekStart));
    return { fileName: `lich-cong-tac-tuan-${week.isoWeek}-${week.weekStart}.pdf`, mime: 'application/pdf', bytes };
  },

  'schedule.ics': async (ctx, input) => {
    const week = weekFor(ctx, input);
    const { buildIcs } = await import('./ics');
    const org = ctx.s.settings.org();
    const text = buildIcs(week.entries, {
      domain: `${(org?.code ?? 'vanthu').replace(/[^A-Za-z0-9.-]/g, '')}.vanthu`,
      calendarName: `Lịch công tác — ${week.ownerLabel}`,
      periods: ctx.s.schedule.periods(),
    });
    return { fileName: `lich-cong-tac-tuan-${week.isoWeek}-${week.weekStart}.ics`, mime: 'text/calendar; charset=utf-8', bytes: new TextEncoder().encode(text) };
  },

  'schedule.file': async (ctx, input) => {
    const fileName = ctx.s.schedule.fileOf(input.entryId, input.hash, actor(ctx));
    if (ctx.s.records.disposedBlob(input.hash)) throw new AppError('content_disposed');
    const info = ctx.s.blobs.info(input.hash);
    const bytes = await ctx.s.blobs.read(input.hash);
    return { fileName, mime: info.mime, bytes };
  },
};
