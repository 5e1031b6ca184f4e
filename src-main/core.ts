// createCore(env): open the database, migrate, build the services and the dispatcher, start periodic jobs.
// Plain Node: both hosts (Electron IPC, HTTP) and the tests use exactly this object.

import fs from 'node:fs';
import path from 'node:path';
import type { MethodName } from '../src-shared/api';
import { createAccounts } from './accounts/service';
import { accountsHandlers } from './accounts/handlers';
import { createSessions } from './accounts/sessions';
import type { HandlerMap, Services } from './api/context';
import { createDispatch, type Dispatch } from './api/dispatch';
import { createAudit } from './audit/service';
import { auditHandlers } from './audit/handlers';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import type { Env } from './env';
import { createEventBus, type EventBus } from './events';
import { createSettings } from './settings/service';
import { settingsHandlers } from './settings/handlers';

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  services: Services;
  /** Runs the periodic jobs once (also run on start and hourly when env.timers is on). */
  runJobs(): void;
  close(): void;
}

export const DB_FILE = 'vanthu.db';
const HOUR = 3_600_000;

export function createCore(env: Env): Core {
  fs.mkdirSync(env.dataDir, { recursive: true });
  const { raw, db } = openDatabase(path.join(env.dataDir, DB_FILE));
  try {
    migrate(raw, path.join(env.resourcesDir, 'migrations'));
  } catch (e) {
    raw.close();
    throw e;
  }
  const now = () => env.clock.now();
  const events = createEventBus(env.logger);
  const settings = createSettings(raw, now);
  const services: Services = {
    env,
    raw,
    db,
    events,
    audit: createAudit(raw),
    settings,
    accounts: createAccounts(db, now),
    sessions: createSessions(raw, settings, now),
  };

  const handlers: HandlerMap<MethodName> = {
    ...accountsHandlers,
    ...settingsHandlers,
    ...auditHandlers,
  };

  function runJobs(): void {
    try {
      const days = settings.get('security').inactiveSuspendDays;
      raw.transaction(() => {
        const ids = services.accounts.suspendInactive(days);
        for (const id of ids) {
          services.audit.append({ at: now(), actorId: null, actorName: 'hệ thống', action: 'users.suspend', outcome: 'ok',
            targetType: 'user', targetId: id, details: { reason: `Không sử dụng quá ${days} ngày` }, origin: 'job' });
        }
      }).immediate();
      services.sessions.purgeIdle();
    } catch (e) {
      env.logger.error('periodic job failed', { error: String(e) });
    }
  }

  const timer = env.timers ? setInterval(runJobs, HOUR) : null;
  timer?.unref();
  if (env.timers) setImmediate(runJobs);

  return {
    dispatch: createDispatch(services, handlers),
    events,
    services,
    runJobs,
    close() {
      if (timer) clearInterval(timer);
      raw.close();
    },
  };
}
