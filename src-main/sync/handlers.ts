// Handlers of the sync.* methods (liên thông): settings (the secret sealed, never returned), status, "Đồng bộ ngay",
// outbox and retry, diagnostics (no secret, no packet bodies), delivery trail, recall answer, completion report. A
// document the caller may not see is "not found", as in documents.get.

import { STATUS_CODES } from '../../src-shared/edxml/types';
import type { syncApi } from '../../src-shared/api/sync';
import { vnParts } from '../../src-shared/calendar/vn-time';
import type { HandlerMap } from '../api/context';
import { classifyNetwork, createHttpHub, HubError } from './hub-client';

type Methods = keyof typeof syncApi;

export const syncHandlers: HandlerMap<Methods> = {
  'sync.status': (ctx) => ctx.s.syncWorker.status(),

  'sync.settings': (ctx) => ctx.s.sync.settings(),

  'sync.saveSettings': (ctx, input) => {
    const out = ctx.write(() => ctx.s.sync.saveSettings({ ...input, caFile: input.caFile ?? null }), {
      targetType: 'settings',
      // Never the secret: only whether it was changed.
      details: {
        enabled: input.enabled,
        hubUrl: input.hubUrl,
        officeCode: input.officeCode,
        caFile: input.caFile ?? null,
        intervalSec: input.intervalSec,
        secretChanged: input.secret != null,
      },
    });
    ctx.s.syncWorker.kick();
    return out;
  },

  'sync.testConnection': async (ctx) => {
    const c = ctx.s.sync.credentials();
    if (!c) return { ok: false, message: 'Chưa nhập đủ địa chỉ trục, mã định danh và mật khẩu kết nối.', officeName: null, hubTime: null };
    try {
      const hub = createHttpHub({ baseUrl: c.hubUrl, officeCode: c.officeCode, secret: c.secret, caFile: c.caFile, timeoutMs: 10_000 });
      const me = await hub.me().finally(() => hub.close?.());
      return { ok: true, message: `Kết nối được trục liên thông với tên "${me.name}".`, officeName: me.name, hubTime: me.hubTime };
    } catch (e) {
      // Never a raw exception text on the clerk's screen: the CA file the admin named, or what the network said.
      const message =
        e instanceof HubError
          ? e.message
          : (e as NodeJS.ErrnoException)?.code === 'ENOENT' || (e as NodeJS.ErrnoException)?.code === 'EACCES'
            ? `Không đọc được tệp CA "${c.caFile ?? ''}". Quản trị kiểm tra lại đường dẫn tệp trong cấu hình liên thông.`
            : classifyNetwork(e).message;
      return { ok: false, message, officeName: null, hubTime: null };
    }
  },

  'sync.now': (ctx) => ctx.s.syncWorker.runNow(),

  'sync.outbox': (ctx, input) => ctx.s.sync.outbox(input.states, input.limit),

  'sync.retry': (ctx, input) => {
    const item = ctx.write(() => ctx.s.sync.retry(input.id), { targetType: 'sync_outbox', targetId: input.id, details: null });
    ctx.s.syncWorker.kick();
    return item;
  },

  // For the IT person: versions, settings without the secret, state, errors, the outbox without packet bodies, the
  // hub's health (asked now, without credentials).
  'sync.diagnostics': async (ctx) => {
    const st = ctx.s.sync.state();
    let health: unknown = null;
    if (st.hubUrl) {
      try {
        const hub = createHttpHub({ baseUrl: st.hubUrl, officeCode: '', secret: '', caFile: st.caFile, timeoutMs: 5000 });
        health = await hub.health().finally(() => hub.close?.());
      } catch (e) {
        health = { error: e instanceof HubError ? { code: e.code, message: e.message } : String(e) };
      }
    }
    const recentFailures = ctx.s.raw
      .prepare(
        'SELECT id, packet_id AS packetId, kind, status_code AS statusCode, state, attempts, last_error AS lastError, last_error_code AS lastErrorCode FROM sync_outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 50',
      )
      .all();
    const inbox = ctx.s.raw.prepare('SELECT outcome, count(*) AS n FROM sync_inbox GROUP BY outcome').all();
    const { secretEnc: _sealed, lastError, ...state } = st;
    const report = {
      generatedAt: ctx.now(),
      app: { version: ctx.s.env.version, node: process.versions.node, platform: process.platform },
      settings: ctx.s.sync.settings(),
      state: { ...state, lastError: lastError ? (JSON.parse(lastError) as unknown) : null },
      status: ctx.s.syncWorker.status(),
      outbox: ctx.s.sync.outbox(['waiting', 'uploading', 'failed', 'sent'], 200),
      recentFailures,
      inbox,
      hubHealth: health,
    };
    return { fileName: `chan-doan-lien-thong-${vnParts(ctx.now()).date}.json`, mime: 'application/json', bytes: new TextEncoder().encode(JSON.stringify(report, null, 2)) };
  },

  'sync.deliveries': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    return ctx.s.sync.deliveries(input.documentId);
  },

  'sync.document': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    return ctx.s.sync.documentFacts(input.documentId);
  },

  'sync.answerRecall': (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    ctx.write(() => ctx.s.sync.answerRecall(input.documentId, input.agree, input.reason ?? null, me.userId), {
      targetType: 'document',
      targetId: input.documentId,
      details: { agree: input.agree, reason: input.reason ?? null, status: input.agree ? `15 ${STATUS_CODES['15']}` : `16 ${STATUS_CODES['16']}` },
    });
    ctx.emit('document.changed', { id: input.documentId, direction: 'in' });
    ctx.emit('workflow.changed', { documentId: input.documentId });
    return { documentId: input.documentId, agreed: input.agree };
  },

  'sync.reportCompletion': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    ctx.write(() => ctx.s.sync.reportCompletion(input.documentId, input.note ?? null), {
      targetType: 'document',
      targetId: input.documentId,
      details: { note: input.note ?? null },
    });
    ctx.emit('document.changed', { id: input.documentId, direction: 'in' });
    return { documentId: input.documentId };
  },
};
