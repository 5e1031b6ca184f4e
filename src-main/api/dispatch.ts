// The single entry for every API call from any host: method lookup -> session -> permission -> input validation ->
// handler -> Wire. Only here do errors become values. Session and permission come before validation (unlike the
// architecture guide's order) so an anonymous caller learns nothing about input shapes, and every forbidden attempt
// is audited whatever its input.

import { api, isMethodName, type MethodName } from '../../src-shared/api';
import { validate } from '../../src-shared/api/define';
import { cleanInput } from '../../src-shared/text-clean';
import { AppError, type Wire, type WireError } from '../../src-shared/errors';
import { sanitizeDetails } from '../audit/service';
import { PERMISSIONS } from '../../src-shared/permissions';
import { vnParts } from '../../src-shared/calendar/vn-time';
import type { Caller } from '../accounts/sessions';
import { isLocalClient } from '../accounts/throttle';
import type { AuditNote, CallCtx, HandlerMap, Origin, Services } from './context';

/** The caller used by `vanthu` commands: whoever can run them already controls the data folder. */
const LOCAL_ADMIN: Caller = {
  tokenHash: '',
  userId: 0,
  username: 'dong-lenh',
  fullName: 'Quản trị máy (dòng lệnh)',
  roles: ['admin'],
  permissions: new Set(PERMISSIONS),
  mustChangePassword: false,
};

export interface CallMeta {
  token?: string | null;
  origin: Origin;
  remote?: string | null;
  /** The CLI on the office machine acts as the local administrator; never set by the HTTP or IPC hosts. */
  asLocalAdmin?: boolean;
  /** Identifies the client for per-client limits when `remote` does not (the IPC host: the window). */
  client?: string | null;
}

export type Dispatch = (method: string, input: unknown, meta: CallMeta) => Promise<Wire<unknown>>;

function fail(code: WireError['code'], message?: string, extra?: ConstructorParameters<typeof AppError>[2]): Wire<never> {
  return { ok: false, error: new AppError(code, message, extra).toWire() };
}

export function createDispatch(s: Services, handlers: HandlerMap<MethodName>): Dispatch {
  const now = () => s.env.clock.now();

  return async function dispatch(method, input, meta) {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return fail('not_found', `Không có chức năng "${String(method).slice(0, 80)}".`);
    }
    const spec = api[method];
    const caller = meta.asLocalAdmin && meta.origin === 'cli' ? LOCAL_ADMIN : meta.token ? s.sessions.resolve(meta.token) : null;
    if (spec.access === 'session' && !caller) return fail('unauthenticated');
    if (caller?.mustChangePassword && !spec.allowDuringPasswordChange) return fail('password_change_required');

    const origin = meta.remote ? `${meta.origin}:${meta.remote}` : meta.origin;
    if (spec.permission && !caller?.permissions.has(spec.permission)) {
      s.audit.append({
        at: now(),
        actorId: caller?.userId ?? null,
        actorName: caller?.username ?? null,
        action: method,
        outcome: 'denied',
        details: { permission: spec.permission },
        origin,
      });
      return fail('forbidden');
    }

    // Every string of every method, before its schema sees it: NFC, no controls or noncharacters (text-clean.ts).
    const cleaned = cleanInput(input ?? {});
    if (!cleaned.ok) return fail('invalid_input', undefined, { fields: cleaned.fields });
    input = cleaned.value;
    const parsed = validate(spec.input, input);
    if (!parsed.ok) return fail('invalid_input', undefined, { fields: parsed.fields });

    let audited = false;
    const auditCall = (note: AuditNote | undefined) => {
      s.audit.append({
        at: now(),
        actorId: note?.actor ? note.actor.id : caller?.userId || null,
        actorName: note?.actor ? note.actor.name : (caller?.username ?? null),
        action: note?.action ?? method,
        outcome: 'ok',
        targetType: note?.targetType ?? null,
        targetId: note?.targetId ?? null,
        details: note?.details === undefined ? (sanitizeDetails(input) as Record<string, unknown>) : note.details,
        origin,
      });
      audited = true;
    };

    const ctx: CallCtx = {
      s,
      caller,
      origin: meta.origin,
      remote: meta.remote ?? null,
      client: meta.client ? `${meta.origin}:${meta.client}` : origin,
      local: isLocalClient(meta.origin, meta.remote ?? null),
      method,
      now,
      today: () => vnParts(now()).date,
      user() {
        if (!caller) throw new AppError('unauthenticated');
        return caller;
      },
      // Made afresh at each use (16 µs): a handler that awaits between two uses sees documents restricted meanwhile.
      viewer: () => s.access.viewer(ctx.user().userId),
      write(fn, note) {
        const result = s.raw
          .transaction(() => {
            const r = fn();
            if (r instanceof Promise) throw new Error(`write() in ${method} was given an async function`);
            auditCall(typeof note === 'function' ? note(r) : note);
            return r;
          })
          .immediate();
        // After the commit, never before: an anchor ahead of the database would read as deleted rows.
        s.audit.flushAnchor();
        // Jobs the change queued (a file's text extraction …) start now that they are committed.
        s.jobs.afterCommit();
        // Packets the change queued go out now (a kick of the sync worker, never a wait).
        s.sync.afterCommit();
        return result;
      },
      emit(name, data, to) {
        s.events.emit({ name, data, ...(to ? { to } : {}) });
      },
    };

    try {
      const handler = handlers[method] as (c: CallCtx, i: unknown) => unknown;
      const value = await handler(ctx, parsed.value);
      if (spec.mutates && !audited) auditCall(undefined);
      if (spec.auditAccess) {
        const target = parsed.value as { id?: number; hash?: string };
        auditCall({ targetType: target.id != null ? 'document' : 'blob', targetId: target.id ?? target.hash ?? null, details: null });
      }
      return { ok: true, value };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toWire() };
      s.env.logger.error('internal error', {
        method,
        error: err instanceof Error ? err.message : String(err),
        stack: err instanceof Error ? err.stack : undefined,
      });
      return fail('internal');
    } finally {
      // Rows appended in a handler's own transaction (failed logins) get their anchor here.
      s.audit.flushAnchor();
    }
  };
}
