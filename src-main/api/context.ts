// What a handler receives: the services, the caller, and `write`, the only way handlers change data — one IMMEDIATE
// transaction that also appends the audit row for the call, so a change and its audit commit or vanish together.

import type { RemoteSigningService } from '../signing/remote';
import type { SigningService } from '../signing/service';
import type { EventEnvelope, EventName, EventMap, MethodName, OutputOf, ParsedInputOf } from '../../src-shared/api';
import type { AccountRequestsService } from '../accounts/requests';
import type { AccountsService } from '../accounts/service';
import type { AgenciesService } from '../agencies/service';
import type { BlobsService } from '../blobs/service';
import type { CalendarService } from '../calendar/service';
import type { AccessService, Viewer } from '../documents/access';
import type { DocTypesService } from '../documents/doctypes';
import type { DocumentsService } from '../documents/service';
import type { IncomingService } from '../incoming/service';
import type { OutgoingService } from '../outgoing/service';
import type { JobsService } from '../jobs/service';
import type { WorkerPool } from '../jobs/worker-pool';
import type { RegistersService } from '../registers/service';
import type { Caller, SessionsService } from '../accounts/sessions';
import type { LoginThrottle } from '../accounts/throttle';
import type { AuditService } from '../audit/service';
import type { Db, RawDb } from '../db/open';
import type { Env } from '../env';
import type { EventBus } from '../events';
import type { SettingsService } from '../settings/service';
import type { WorkflowService } from '../workflow/service';
import type { SuggestService } from '../workflow/suggest';
import type { ScanningService } from '../scanning/service';
import type { SyncService } from '../sync/service';
import type { SyncWorker } from '../sync/worker';
import type { RecordsService } from '../records/service';
import type { ScheduleService } from '../schedule/service';
import type { BackupService } from '../backup/service';

export interface Services {
  env: Env;
  raw: RawDb;
  db: Db;
  events: EventBus;
  audit: AuditService;
  settings: SettingsService;
  accounts: AccountsService;
  /** Account requests: cấp mới, thay đổi, thu hồi (accounts/requests.ts). */
  accountRequests: AccountRequestsService;
  sessions: SessionsService;
  /** Per-client delay after failed sign-ins (in memory, this process). */
  loginThrottle: LoginThrottle;
  calendar: CalendarService;
  registers: RegistersService;
  docTypes: DocTypesService;
  agencies: AgenciesService;
  blobs: BlobsService;
  documents: DocumentsService;
  /** Who may see which document (documents/access.ts). */
  access: AccessService;
  incoming: IncomingService;
  /** Outgoing documents: drafts, review, numbering and issuing, recall (outgoing/). */
  outgoing: OutgoingService;
  /** Durable background jobs (text extraction; later the sync outbox, OCR, timestamps, notifications). */
  jobs: JobsService;
  /** Worker threads for work that must not hold up requests (pdf.js, spreadsheet parsing). */
  workers: WorkerPool;
  /** Routing of incoming documents: trình, bút phê, giao xử lý, Việc cần xử lý, notifications. */
  workflow: WorkflowService;
  /** Routing suggestion from the office's own history. */
  suggest: SuggestService;
  /** Tokens, signing PDFs, verification reports, trust anchors (signing/). */
  signing: SigningService;
  /** Remote signing providers, linked credentials and requests (signing/remote.ts). */
  remoteSigning: RemoteSigningService;
  /** Interconnection with the provincial hub: settings, outbox, read models (sync/service.ts). */
  sync: SyncService;
  /** The loop that pushes and pulls (sync/worker.ts); rounds run only on demand when env.timers is off. */
  syncWorker: SyncWorker;
  /** Scanner, scan tray, OCR queue, watched folder, created documents and their prefill (scanning/). */
  scanning: ScanningService;
  /** Danh mục hồ sơ, files, per-file access, transfer to the office archive, disposal (records/). */
  records: RecordsService;
  /** Weekly work schedules of the office, units and people (schedule/). */
  schedule: ScheduleService;
  /** Backups: settings, history, the run in progress, verify (backup/). */
  backup: BackupService;
}

export type Origin = 'http' | 'ipc' | 'cli' | 'test';

/** What the audit row of a call says beyond who/what/when. */
export interface AuditNote {
  action?: string;
  /** Who acted, when not the session's user (login, first-run setup). */
  actor?: { id: number | null; name: string };
  targetType?: string;
  targetId?: string | number | null;
  details?: Record<string, unknown> | null;
}

export interface CallCtx {
  s: Services;
  caller: Caller | null;
  origin: Origin;
  /** Remote address for HTTP calls, for the audit trail. */
  remote: string | null;
  /** Who is calling, for per-client limits: the HTTP remote address or the IPC window; the origin otherwise. */
  client: string;
  /** The call comes from the office machine itself (desktop window, or a browser on loopback). */
  local: boolean;
  method: MethodName;
  now(): number;
  /** Today in Vietnam, YYYY-MM-DD. */
  today(): string;
  /** The caller, or unauthenticated. */
  user(): Caller;
  /** The caller as a reader of documents: what the access rule needs, read from the database at each use. */
  viewer(): Viewer;
  /**
   * Runs `fn` in one IMMEDIATE transaction and appends the call's audit row in it. `note` may be computed from the
   * result (e.g. the id just created). Must not be given an async function: slow work goes before or after. After
   * the commit (never before) the audit anchor file is brought up to the new head.
   */
  write<T>(fn: () => T, note?: AuditNote | ((result: T) => AuditNote)): T;
  emit<E extends EventName>(name: E, data: EventMap[E], to?: number[]): void;
}

export type Handler<M extends MethodName> = (ctx: CallCtx, input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>>;

export type HandlerMap<K extends MethodName> = { [M in K]: Handler<M> };

export type { EventEnvelope };
