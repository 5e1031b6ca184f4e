// createCore(env): open the database, migrate, build the services and the dispatcher, start periodic jobs.
// Plain Node: both hosts (Electron IPC, HTTP) and the tests use exactly this object.

import fs from 'node:fs';
import path from 'node:path';
import type { MethodName } from '../src-shared/api';
import { createAccountRequests } from './accounts/requests';
import { runAccountLifecycle } from './accounts/lifecycle';
import { createAccounts } from './accounts/service';
import { accountsHandlers } from './accounts/handlers';
import { createSessions } from './accounts/sessions';
import { createLoginThrottle } from './accounts/throttle';
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
import { agenciesHandlers } from './agencies/handlers';
import { createAgencies } from './agencies/service';
import { blobsHandlers } from './blobs/handlers';
import { createBlobs } from './blobs/service';
import { createBlobStore } from './blobs/store';
import { calendarHandlers } from './calendar/handlers';
import { createCalendar } from './calendar/service';
import { createDocTypes } from './documents/doctypes';
import { documentsHandlers } from './documents/handlers';
import { createAccess } from './documents/access';
import { createDocuments } from './documents/service';
import { importHandlers } from './imports/handlers';
import { incomingHandlers } from './incoming/handlers';
import { createIncoming } from './incoming/service';
import { registersHandlers } from './registers/handlers';
import { jobsHandlers } from './jobs/handlers';
import { createJobs } from './jobs/service';
import { createWorkerPool } from './jobs/worker-pool';
import { createRegisters } from './registers/service';
import { workflowHandlers } from './workflow/handlers';
import { createWorkflow } from './workflow/service';
import { createSuggest } from './workflow/suggest';
import { outgoingHandlers } from './outgoing/handlers';
import { createOutgoing } from './outgoing/service';
import { vnParts } from '../src-shared/calendar/vn-time';
import { signingHandlers } from './signing/handlers';
import { registerSigningJobs } from './signing/jobs';
import { createRemoteSigning } from './signing/remote';
import { createSigning } from './signing/service';
import { createScannerBackend } from './scanning/backends';
import { scanningHandlers } from './scanning/handlers';
import { createScanning, type ScanningService } from './scanning/service';
import { syncHandlers } from './sync/handlers';
import { createSync } from './sync/service';
import { SyncWorker } from './sync/worker';
import { ocrThreads } from './ocr';
import { recordsHandlers, registerRecordsJobs, runTransferAlerts } from './records/handlers';
import { createRecords } from './records/service';
import { scheduleHandlers } from './schedule/handlers';
import { createSchedule } from './schedule/service';
import { reportsHandlers } from './stats/handlers';
import { adminIds, backupHandlers, runBackupJobs } from './backup/handlers';
import { createBackupService } from './backup/service';

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  services: Services;
  /** Runs the periodic jobs once (also run on start and hourly when env.timers is on). */
  runJobs(): void;
  /** Settles when no background job is running or due (text extraction among them); for tests and orderly shutdown. */
  idle(): Promise<void>;
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
  let audit: ReturnType<typeof createAudit>;
  try {
    audit = createAudit(raw, { dataDir: env.dataDir, logger: env.logger });
    // Someone with the database file may have cut rows from the end of the log (checked first, before anything is
    // appended) or dropped the append-only triggers: put the triggers back and say so in the log itself.
    if (audit.keyLost()) {
      env.logger.warn('audit key file missing; a new key was made', { keyedFrom: audit.keyedFrom() });
      audit.append({
        at: now(),
        actorId: null,
        actorName: 'hệ thống',
        action: 'audit.keyMissing',
        outcome: 'failed',
        targetType: 'audit_log',
        details: {
          keyedFrom: audit.keyedFrom(),
          reason: 'Không tìm thấy tệp khóa nhật ký (audit.key) dù đã có tệp neo; đã tạo khóa mới. Các dòng có khóa cũ không kiểm tra được nếu không khôi phục tệp khóa.',
        },
        origin: 'start',
      });
    }
    const head = audit.checkHead();
    if (head) {
      env.logger.warn('audit log does not match its anchor', { kind: head.kind, ...head.details });
      audit.append({ at: now(), actorId: null, actorName: 'hệ thống', action: head.kind, outcome: 'failed', targetType: 'audit_log', details: head.details, origin: 'start' });
    }
    const restored = audit.ensureTriggers();
    if (restored.length) {
      env.logger.warn('audit triggers restored', { restored });
      audit.append({
        at: now(),
        actorId: null,
        actorName: 'hệ thống',
        action: 'audit.triggersRestored',
        outcome: 'failed',
        targetType: 'audit_log',
        details: { restored, reason: 'Trigger chống sửa/xóa nhật ký bị mất hoặc bị thay đổi; đã khôi phục khi khởi động.' },
        origin: 'start',
      });
    }
    audit.flushAnchor();
  } catch (e) {
    raw.close();
    throw e;
  }
  const settings = createSettings(raw, now);
  const calendar = createCalendar(db, settings, now);
  const registers = createRegisters(db, raw, now);
  const documents = createDocuments(raw);
  const reindexed = documents.upgradeIndex();
  if (reindexed) env.logger.info('search index upgraded', { documents: reindexed });
  // Two threads by default (started when first needed): background jobs use one, so a clerk's import preview never
  // queues behind a 300-page PDF's extraction.
  const workers = createWorkerPool({ size: env.workerThreads ?? 2, logger: env.logger, timeoutMs: env.workerTimeoutMs });
  const jobs = createJobs({ raw, now, logger: env.logger, concurrency: Math.max(1, workers.size - 1), timers: env.timers, ocrConcurrency: ocrThreads() });
  const blobs = createBlobs({
    db,
    raw,
    store: createBlobStore(path.join(env.dataDir, 'blobs')),
    logger: env.logger,
    now,
    uploadLimitBytes: () => settings.get('uploadLimitMb') * 1024 * 1024,
    jobs,
    workers,
  });
  // Jobs a killed process left running are due again; files from before the jobs table get their extraction job.
  const recovered = jobs.recover();
  const queued = blobs.enqueuePending();
  if (recovered || queued) env.logger.info('background jobs resumed', { recovered, queued });
  // A file's text lands in the index of every document carrying it, in the same transaction.
  blobs.onTextReady((hash) => documents.reindexByBlob(hash));
  const access = createAccess(raw);
  const services: Services = {
    env,
    raw,
    db,
    events,
    audit,
    settings,
    accounts: createAccounts(db, now),
    accountRequests: createAccountRequests(db, now),
    sessions: createSessions(raw, settings, now),
    loginThrottle: createLoginThrottle(),
    calendar,
    registers,
    docTypes: createDocTypes(db),
    agencies: createAgencies(db, raw, now),
    blobs,
    documents,
    access,
    incoming: createIncoming({ raw, calendar, registers, documents, now }),
    outgoing: createOutgoing({ raw, registers, documents, access, settings, now }),
    jobs,
    workers,
    workflow: createWorkflow({ raw, access, calendar, now }),
    suggest: createSuggest({ raw, calendar, now }),
    signing: createSigning({ raw, env, settings, blobs, jobs, now }),
    remoteSigning: createRemoteSigning({ raw, env, now }),
    sync: createSync({ raw, env, documents, now }),
    syncWorker: null as unknown as SyncWorker,
    scanning: null as unknown as ScanningService,
    records: createRecords({ raw, now, organId: () => settings.org()?.code ?? null }),
    schedule: createSchedule({ raw, now, calendar, settings }),
    backup: null as unknown as ReturnType<typeof createBackupService>,
  };
  services.backup = createBackupService({
    raw,
    env,
    settings,
    audit,
    now,
    onProgress: (runId, phase, done, total, message) => events.emit({ name: 'backup.progress', data: { runId, phase, done, total, message }, to: adminIds(services) }),
  });
  services.backup.recover();
  services.records.setVisibleDocs((v, ids) => access.visibleOf(v, ids));
  services.scanning = createScanning({
    raw,
    env,
    settings,
    blobs,
    jobs,
    workers,
    events,
    audit,
    agencies: services.agencies,
    docTypes: services.docTypes,
    now,
    scanner: env.scanner !== undefined ? env.scanner : createScannerBackend({ env: env.scannerEnv, logger: env.logger }),
    ocrThreads: ocrThreads(),
  });
  services.scanning.start();
  // The worker reads the services it belongs to; rounds start by themselves only with env.timers (tests call sync.now).
  services.syncWorker = new SyncWorker(services, { auto: !!env.timers, hubFor: env.hubClient });
  registerSigningJobs(services);
  registerRecordsJobs(services);
  services.signing.seedBundledAnchors();

  const handlers: HandlerMap<MethodName> = {
    ...accountsHandlers,
    ...settingsHandlers,
    ...auditHandlers,
    ...registersHandlers,
    ...documentsHandlers,
    ...agenciesHandlers,
    ...blobsHandlers,
    ...calendarHandlers,
    ...incomingHandlers,
    ...importHandlers,
    ...jobsHandlers,
    ...workflowHandlers,
    ...outgoingHandlers,
    ...signingHandlers,
    ...syncHandlers,
    ...scanningHandlers,
    ...recordsHandlers,
    ...scheduleHandlers,
    ...reportsHandlers,
    ...backupHandlers,
  };

  function runJobs(): void {
    try {
      const days = settings.get('security').inactiveSuspendDays;
      raw
        .transaction(() => {
          const ids = services.accounts.suspendInactive(days);
          for (const id of ids) {
            services.audit.append({
              at: now(),
              actorId: null,
              actorName: 'hệ thống',
              action: 'users.suspend',
              outcome: 'ok',
              targetType: 'user',
              targetId: id,
              details: { reason: `Không sử dụng quá ${days} ngày` },
              origin: 'job',
            });
          }
        })
        .immediate();
      // Suspended 15 days without renewal, or 5 days past the date of leaving: revoked (QN 8.5, 14.3).
      runAccountLifecycle(services);
      services.sessions.purgeIdle();
      jobs.prune(now() - 30 * 24 * HOUR);
      // 1 January: this year's registers copy last year's; the year's usual holidays are pre-filled (unconfirmed).
      const year = Number(vnParts(now()).date.slice(0, 4));
      raw
        .transaction(() => {
          const created = registers.ensureYear('in', year) + registers.ensureYear('out', year);
          calendar.prefill([year, year + 1]);
          if (created) {
            services.audit.append({
              at: now(),
              actorId: null,
              actorName: 'hệ thống',
              action: 'registers.newYear',
              outcome: 'ok',
              targetType: 'register_year',
              targetId: year,
              details: { created },
              origin: 'job',
            });
          }
        })
        .immediate();
      // Files due for transfer to the office archive within 30 days: their keeper and the archive are told once.
      runTransferAlerts(services, vnParts(now()).date);
      // The weekly backup when its slot has come (it runs in the background), and the 7-day notice to admins.
      runBackupJobs(services);
      // The search index merged back into few pieces after a day of single-document writes (a second at most).
      const merged = documents.tidyIndex(1_000);
      if (merged) env.logger.info('search index merged', { steps: merged });
    } catch (e) {
      env.logger.error('periodic job failed', { error: String(e) });
    }
    audit.flushAnchor();
  }

  const timer = env.timers ? setInterval(runJobs, HOUR) : null;
  timer?.unref();
  if (env.timers) {
    setImmediate(runJobs);
    services.syncWorker.start();
    // Jobs left unfinished by a previous run (and their retries, when due), and temp files of a killed upload.
    setImmediate(() => void jobs.kick());
    setTimeout(() => void blobs.store.sweepTemp().catch(() => 0), 5000).unref();
    // A worker thread started, with pdf.js loaded, before the first file needs it.
    setTimeout(() => void workers.run('warm', {}).catch(() => null), 1000).unref();
  }

  return {
    dispatch: createDispatch(services, handlers),
    events,
    services,
    runJobs,
    idle: async () => {
      await jobs.kick();
      await services.backup.current()?.done;
    },
    close() {
      if (timer) clearInterval(timer);
      services.syncWorker.close();
      services.scanning.close();
      jobs.close();
      services.remoteSigning.close();
      services.signing.close();
      void workers.close();
      raw.close();
    },
  };
}
