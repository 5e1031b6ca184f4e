// Handlers for outgoing documents: each checks that the caller may see the document (documents/access.ts), runs
// the service in one ctx.write (change + audit row together), then emits the notifications and changes it made.
// Who may act on a draft at its step (drafter, current reviewer, leader for the final approval) is the service's.

import type { outgoingApi } from '../../src-shared/api/outgoing';
import type { NotificationDto } from '../../src-shared/api/workflow';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap } from '../api/context';
import type { OutgoingBookData } from '../reports/outgoing-register-book';
import type { Notes } from './service';

type Methods = Extract<keyof typeof outgoingApi, `outgoing.${string}`>;

/** After the commit: each notification to its person, and the document's screens refreshed. */
function emitChanges(ctx: CallCtx, documentId: number, notes: Notes): void {
  if (notes.length) {
    const rows = ctx.s.raw
      .prepare('SELECT id, at, kind, text, document_id AS documentId, task_id AS taskId, user_id AS userId FROM notifications WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(notes.map((n) => n.id))) as Array<Omit<NotificationDto, 'read'> & { userId: number }>;
    for (const { userId, ...n } of rows) ctx.emit('notification.created', { ...n, read: false }, [userId]);
  }
  ctx.emit('document.changed', { id: documentId, direction: 'out' });
  ctx.emit('workflow.changed', { documentId });
}

function see(ctx: CallCtx, id: number): void {
  ctx.s.access.mustSee(ctx.viewer(), id);
}

export const outgoingHandlers: HandlerMap<Methods> = {
  'outgoing.createDraft': (ctx, input) => {
    const me = ctx.user();
    ctx.s.blobs.assertKnown(input.files.map((f) => f.hash));
    if (input.replyToId != null) see(ctx, input.replyToId);
    const id = ctx.write(
      () => ctx.s.outgoing.createDraft(input, me.userId),
      (newId) => ({
        targetType: 'document',
        targetId: newId,
        details: { version: 1, replyToId: input.replyToId ?? null, ...(input.restricted ? { restricted: true } : { subject: input.subject }), files: input.files.length },
      }),
    );
    emitChanges(ctx, id, []);
    if (input.replyToId != null) ctx.emit('workflow.changed', { documentId: input.replyToId });
    return ctx.s.outgoing.detail(id, ctx.today());
  },

  'outgoing.updateDraft': (ctx, input) => {
    const me = ctx.user();
    see(ctx, input.id);
    ctx.s.blobs.assertKnown(input.files.map((f) => f.hash));
    ctx.write(
      () => ctx.s.outgoing.updateDraft(input, me.userId),
      (version) => ({ targetType: 'document', targetId: input.id, details: { baseVersion: input.baseVersion, version, files: input.files.length } }),
    );
    emitChanges(ctx, input.id, []);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  'outgoing.get': (ctx, input) => {
    see(ctx, input.id);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  'outgoing.list': (ctx, input) => ctx.s.outgoing.list(input, ctx.viewer(), ctx.today()),

  'outgoing.submit': (ctx, input) => {
    const me = ctx.user();
    see(ctx, input.id);
    const notes = ctx.write(() => ctx.s.outgoing.submit(input, me.userId), { targetType: 'document', targetId: input.id, details: { version: input.version } });
    emitChanges(ctx, input.id, notes);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  'outgoing.approve': (ctx, input) => {
    const me = ctx.user();
    see(ctx, input.id);
    const notes = ctx.write(() => ctx.s.outgoing.approve(input, me.userId), {
      targetType: 'document',
      targetId: input.id,
      details: { version: input.version, forwardTo: input.forwardTo ?? null },
    });
    emitChanges(ctx, input.id, notes);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  'outgoing.return': (ctx, input) => {
    const me = ctx.user();
    see(ctx, input.id);
    const notes = ctx.write(() => ctx.s.outgoing.returnDraft(input, me.userId), {
      targetType: 'document',
      targetId: input.id,
      details: { version: input.version, reason: input.reason },
    });
    emitChanges(ctx, input.id, notes);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  // Number, register entry, document update and audit row in one transaction. Signing (issue 10) stamps the number
  // and adds the organisation's signature right after this commit (see outgoing/service.ts).
  'outgoing.issue': (ctx, input) => {
    const me = ctx.user();
    see(ctx, input.id);
    const today = ctx.today();
    const r = ctx.write(
      () => {
        const res = ctx.s.outgoing.issue(input, me.userId, today);
        // Issued without the organisation's seal: it goes to its directory recipients now (a sealed one after its seal).
        ctx.s.sync.queueDocument(input.id);
        return res;
      },
      (res) => ({ targetType: 'document', targetId: input.id, details: { version: input.version, number: res.number, registerId: input.registerId ?? null, signed: false } }),
    );
    emitChanges(ctx, input.id, r.notes);
    return { document: ctx.s.outgoing.detail(input.id, today), number: r.number };
  },

  'outgoing.recall': (ctx, input) => {
    const me = ctx.user();
    see(ctx, input.id);
    const notes = ctx.write(
      () => {
        const n = ctx.s.outgoing.recall(input, me.userId);
        // Recipients reached through the hub are asked to give it back (status 13).
        ctx.s.sync.queueRecall(input.id, input.reason);
        return n;
      },
      { targetType: 'document', targetId: input.id, details: { reason: input.reason } },
    );
    emitChanges(ctx, input.id, notes);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  'outgoing.setDelivery': (ctx, input) => {
    see(ctx, input.id);
    ctx.write(() => ctx.s.outgoing.setDelivery(input), { targetType: 'document', targetId: input.id, details: { recipientId: input.recipientId, status: input.status } });
    emitChanges(ctx, input.id, []);
    return ctx.s.outgoing.detail(input.id, ctx.today());
  },

  // Drawn in a worker thread: a year's book is thousands of rows, seconds the other requests must not wait for.
  'outgoing.printRegister': async (ctx, input) => {
    const me = ctx.user();
    const reg = ctx.s.registers.row(input.registerId);
    if (reg.direction !== 'out') throw new AppError('invalid_input', 'Đây không phải sổ văn bản đi.', { fields: [{ path: 'registerId', message: 'Chọn một sổ văn bản đi.' }] });
    const from = input.from ?? `${reg.year}-01-01`;
    const to = input.to ?? `${reg.year}-12-31`;
    if (from > to) throw new AppError('invalid_input', undefined, { fields: [{ path: 'to', message: 'Ngày cuối phải sau ngày đầu.' }] });
    const rows = ctx.s.outgoing.bookRows(reg.id, from, to, ctx.viewer());
    const org = ctx.s.settings.org();
    const book: OutgoingBookData = {
      orgName: org?.name ?? '',
      parentOrgName: org?.parentName ?? null,
      registerName: reg.name,
      year: reg.year,
      from: input.from ?? null,
      to: input.to ?? null,
      rows,
      printedAt: ctx.now(),
      printedBy: me.fullName,
    };
    const { bytes } = await ctx.s.workers.run('render.outgoingBook', { book, resourcesDir: ctx.s.env.resourcesDir }, { urgent: true });
    ctx.write(() => undefined, { action: 'outgoing.printRegister', targetType: 'register', targetId: reg.id, details: { from, to, rows: rows.length } });
    return { fileName: `so-van-ban-di-${reg.year}-${from}-${to}.pdf`, mime: 'application/pdf', bytes };
  },

  'outgoing.registers': (ctx, input) => ctx.s.outgoing.registerConfigs(input.year),

  'outgoing.configureRegister': (ctx, input) => ctx.write(() => ctx.s.outgoing.configureRegister(input), { targetType: 'register', targetId: input.registerId, details: input }),

  'outgoing.reviewChain': (ctx) => ctx.s.outgoing.reviewChain(),

  'outgoing.saveReviewChain': (ctx, input) => ctx.write(() => ctx.s.outgoing.saveReviewChain(input.steps), { targetType: 'settings', details: { steps: input.steps } }),

  'outgoing.paperRules': (ctx) => ctx.s.outgoing.paperRules(),

  'outgoing.savePaperRule': (ctx, input) => ctx.write(() => ctx.s.outgoing.savePaperRule(input), { targetType: 'paper_rule', targetId: input.id ?? null, details: { ...input } }),
};
