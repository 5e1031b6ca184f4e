// Handlers for backup: thin; each change is one ctx.write with its audit row. The weekly run and the overdue notice
// to admins are started from core.ts's hourly runJobs through runBackupJobs; the copy itself runs in the background.

import type { backupApi } from '../../src-shared/api/backup';
import type { HandlerMap, Services } from '../api/context';

type Methods = keyof typeof backupApi;

/** Admins (active), who see backup progress and the overdue notice. */
export function adminIds(s: Services): number[] {
  return s.raw.prepare(`SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.status = 'active' AND r.role = 'admin'`).pluck().all() as number[];
}

export const backupHandlers: HandlerMap<Methods> = {
  'backup.status': (ctx) => ctx.s.backup.status(),

  'backup.saveSettings': async (ctx, input) => {
    const prepared = await ctx.s.backup.prepareSettings(input);
    ctx.write(() => ctx.s.backup.applySettings(prepared), {
      targetType: 'settings',
      targetId: 'backup',
      details: { ...prepared.value, keyChanged: prepared.key !== 'keep' },
    });
    return ctx.s.backup.status();
  },

  'backup.run': async (ctx, input) => {
    const { dest, key } = await ctx.s.backup.prepareRun(input.passphrase);
    const runId = ctx.write(
      () => ctx.s.backup.insertRun(ctx.origin === 'cli' ? 'cli' : 'manual', dest, !!key, ctx.caller?.userId || null, null)!,
      (id) => ({ targetType: 'backup_run', targetId: id, details: { dest, encrypted: !!key } }),
    );
    const done = ctx.s.backup.launch(runId, dest, key);
    if (input.wait) return done;
    return ctx.s.backup.run(runId);
  },

  'backup.verify': async (ctx, input) => {
    const r = await ctx.s.backup.verify(input.folder, input.passphrase);
    ctx.write(() => undefined, {
      targetType: 'backup',
      targetId: input.folder,
      details: { folder: input.folder, ok: r.ok, backups: r.items.map((i) => i.id), error: r.error },
    });
    return r;
  },
};

/**
 * Hourly: starts the week's backup when its slot has come and has not run (a missed slot runs at the next check,
 * once), and tells admins once a week when there has been no good backup for 7 days.
 */
export function runBackupJobs(s: Services): void {
  const slot = s.backup.dueSlot();
  if (slot && !s.backup.current()) {
    void (async () => {
      let prepared;
      try {
        prepared = await s.backup.prepareRun();
      } catch (e) {
        // Not ready (no disk plugged in, no key): the slot is recorded as failed with the reason, once.
        const err = e as { code?: string; message?: string };
        s.raw
          .transaction(() => {
            const id = s.backup.insertRun('schedule', s.backup.settings().dest ?? '', false, null, slot);
            if (id == null) return;
            s.raw
              .prepare("UPDATE backup_runs SET status = 'failed', finished_at = ?, error_code = ?, error_message = ? WHERE id = ?")
              .run(s.env.clock.now(), err.code ?? 'internal', err.message ?? String(e), id);
            s.audit.append({
              at: s.env.clock.now(),
              actorId: null,
              actorName: 'hệ thống',
              action: 'backup.finished',
              outcome: 'failed',
              targetType: 'backup_run',
              targetId: id,
              details: { slot, code: err.code ?? 'internal', message: err.message ?? String(e) },
              origin: 'job',
            });
          })
          .immediate();
        s.audit.flushAnchor();
        return;
      }
      const id = s.raw
        .transaction(() => {
          const runId = s.backup.insertRun('schedule', prepared.dest, !!prepared.key, null, slot);
          if (runId != null)
            s.audit.append({
              at: s.env.clock.now(),
              actorId: null,
              actorName: 'hệ thống',
              action: 'backup.run',
              outcome: 'ok',
              targetType: 'backup_run',
              targetId: runId,
              details: { slot, dest: prepared.dest, encrypted: !!prepared.key },
              origin: 'job',
            });
          return runId;
        })
        .immediate();
      s.audit.flushAnchor();
      if (id != null) void s.backup.launch(id, prepared.dest, prepared.key);
    })().catch((e: unknown) => s.env.logger.error('scheduled backup not started', { error: String(e) }));
  }

  const warning = s.backup.warning();
  if (!warning) return;
  const since = s.env.clock.now() - 7 * 86_400_000;
  // An office set up less than a week ago has had no chance to back up yet: the screen warns, no notice is sent.
  const installedAt = s.raw.prepare('SELECT at FROM audit_log ORDER BY id LIMIT 1').pluck().get() as number | undefined;
  if (installedAt == null || installedAt > since) return;
  const told = s.raw.prepare("SELECT 1 FROM audit_log WHERE action = 'backup.overdueNotice' AND at >= ? LIMIT 1").get(since);
  if (told) return;
  const admins = adminIds(s);
  if (!admins.length) return;
  const sent = s.raw
    .transaction(() => {
      const out = s.workflow.log.notify(admins, { kind: 'reminder', text: `Sao lưu: ${warning}` });
      s.audit.append({
        at: s.env.clock.now(),
        actorId: null,
        actorName: 'hệ thống',
        action: 'backup.overdueNotice',
        outcome: 'ok',
        targetType: 'backup',
        targetId: null,
        details: { text: warning },
        origin: 'job',
      });
      return out;
    })
    .immediate();
  for (const n of sent) s.events.emit({ name: 'notification.created', data: s.workflow.notification(n.id), to: [n.userId] });
}
