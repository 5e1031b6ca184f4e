// Handlers of workflow.* and notifications.*: each write runs in one transaction (ctx.write) through the workflow
// service; notifications and workflow.changed are emitted after the commit, never before. Reads go through the
// access rule: a task of a document the caller cannot see is "not found".

import type { workflowApi } from '../../src-shared/api/workflow';
import type { CallCtx, HandlerMap } from '../api/context';
import { renderHandlingSlip } from '../reports/incoming-handling-slip';
import { createPrints } from './prints';
import type { Actor, Effects } from './service';

function org(ctx: CallCtx): { name: string; parentName: string | null } {
  const o = ctx.s.settings.org();
  return { name: o?.name ?? '', parentName: o?.parentName ?? null };
}

type WorkflowMethods = keyof typeof workflowApi;

function actor(ctx: CallCtx): Actor {
  const me = ctx.user();
  return { userId: me.userId, roles: me.roles, viewer: ctx.viewer() };
}

/** After the commit: each notified person hears of their notification; open screens of the document refresh. */
export function emitEffects(ctx: CallCtx, e: Effects): void {
  for (const n of e.notified) ctx.emit('notification.created', ctx.s.workflow.notification(n.id), [n.userId]);
  ctx.emit('workflow.changed', { documentId: e.documentId });
}

/** A write on one document, its audit row naming the document; then the events and the fresh routing view. */
function change(ctx: CallCtx, fn: (me: Actor) => Effects, details?: Record<string, unknown>, step?: 'assigned' | 'started') {
  const me = actor(ctx);
  const e = ctx.write(
    () => {
      const r = fn(me);
      // A document from the hub: its sender hears of the directive (04) and of the handling under way (05), once each.
      if (step) ctx.s.sync.onWorkflow(r.documentId, step);
      return r;
    },
    (r) => ({ targetType: 'document', targetId: r.documentId, details: details ?? null }),
  );
  emitEffects(ctx, e);
  return ctx.s.workflow.get(actor(ctx), e.documentId);
}

export const workflowHandlers: HandlerMap<WorkflowMethods> = {
  'workflow.present': (ctx, input) => change(ctx, (me) => ctx.s.workflow.present(me, input), { leaderId: input.leaderId, usedSuggestion: input.usedSuggestion }),

  'workflow.suggest': (ctx, input) => {
    const v = ctx.viewer();
    ctx.s.access.mustSee(v, input.documentId);
    return ctx.s.suggest.suggest(input.documentId, v);
  },

  'workflow.direct': (ctx, input) =>
    change(
      ctx,
      (me) => ctx.s.workflow.direct(me, input),
      {
        lead: { userId: input.lead.userId ?? null, unitId: input.lead.unitId ?? null },
        cooperate: input.cooperate.length,
        info: input.info.length,
      },
      'assigned',
    ),

  'workflow.handDown': (ctx, input) => change(ctx, (me) => ctx.s.workflow.handDown(me, input), { taskId: input.taskId }, 'started'),

  'workflow.get': (ctx, input) => ctx.s.workflow.get(actor(ctx), input.documentId),

  'workflow.inbox': (ctx, input) => ctx.s.workflow.inbox(actor(ctx), input),

  'workflow.counts': (ctx) => ctx.s.workflow.counts(actor(ctx)),

  'workflow.open': (ctx, input) => {
    const me = actor(ctx);
    const dto = ctx.write(
      () => {
        const t = ctx.s.workflow.open(me, input.taskId);
        // The person given the work opened it: handling has started (05 to a hub sender, once).
        if (t.kind === 'lead' || t.kind === 'cooperate') ctx.s.sync.onWorkflow(t.documentId, 'started');
        return t;
      },
      (t) => ({ targetType: 'task', targetId: t.id, details: null }),
    );
    ctx.emit('workflow.changed', { documentId: dto.documentId });
    return dto;
  },

  'workflow.comment': (ctx, input) => change(ctx, (me) => ctx.s.workflow.comment(me, input), { kind: input.kind, files: input.files.length }, 'started'),

  'workflow.return': (ctx, input) => change(ctx, (me) => ctx.s.workflow.returnTask(me, input), { taskId: input.taskId, reason: input.reason }),

  'workflow.reassign': (ctx, input) =>
    change(ctx, (me) => ctx.s.workflow.reassign(me, input), { taskId: input.taskId, to: { userId: input.to.userId ?? null, unitId: input.to.unitId ?? null } }),

  'workflow.complete': (ctx, input) => change(ctx, (me) => ctx.s.workflow.complete(me, input), { taskId: input.taskId, replyDocumentId: input.replyDocumentId ?? null }, 'started'),

  'workflow.remind': (ctx, input) => change(ctx, (me) => ctx.s.workflow.remind(me, input), { taskId: input.taskId }),

  'workflow.directed': (ctx, input) => ctx.s.workflow.directed(actor(ctx), input),

  'workflow.overdue': (ctx, input) => ctx.s.workflow.overdue(actor(ctx), input),

  'workflow.printSlip': async (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    const data = createPrints(ctx.s.raw).slipData(input.documentId, org(ctx), ctx.now(), me.fullName);
    const bytes = await renderHandlingSlip(data, { resourcesDir: ctx.s.env.resourcesDir });
    ctx.write(() => undefined, { targetType: 'document', targetId: input.documentId, details: null });
    const n = data.document.arrivalNumber;
    return { fileName: `phieu-giai-quyet${n != null ? `-so-den-${n}` : ''}.pdf`, mime: 'application/pdf', bytes };
  },

  'workflow.printTracking': async (ctx, input) => {
    const me = ctx.user();
    const data = createPrints(ctx.s.raw).trackingData(input, ctx.viewer(), org(ctx), ctx.today(), ctx.now(), me.fullName);
    // A period's book can be thousands of rows: drawn on a worker thread, never on the one answering requests.
    const { bytes } = await ctx.s.workers.run('render.trackingBook', { book: data, resourcesDir: ctx.s.env.resourcesDir }, { urgent: true });
    ctx.write(() => undefined, { targetType: 'report', details: { from: input.from, to: input.to, unitId: input.unitId ?? null, rows: data.rows.length } });
    return { fileName: `so-theo-doi-giai-quyet-${input.from}-${input.to}.pdf`, mime: 'application/pdf', bytes };
  },

  'notifications.list': (ctx, input) => ctx.s.workflow.notificationsList(ctx.user().userId, input),

  'notifications.read': (ctx, input) => {
    const userId = ctx.user().userId;
    return ctx.write(() => ctx.s.workflow.notificationsRead(userId, input), { targetType: 'notification', details: input.all ? { all: true } : { ids: input.ids } });
  },
};
