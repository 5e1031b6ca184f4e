// THE contract: every operation the renderer (or a script) may ask of the core, by name, with its input schema,
// output type, access rule and permission. Both hosts and the tests go through `dispatch` with these names.

import type { z } from 'zod';
import { accountsApi } from './api/accounts';
import { agenciesApi } from './api/agencies';
import { blobsApi } from './api/blobs';
import { calendarApi } from './api/calendar';
import { documentsApi } from './api/documents';
import { importsApi } from './api/imports';
import { incomingApi } from './api/incoming';
import { jobsApi } from './api/jobs';
import { registersApi } from './api/registers';
import { workflowApi } from './api/workflow';
import { outgoingApi } from './api/outgoing';
import { signingApi } from './api/signing';
import { syncApi } from './api/sync';
import { scanningApi, type ScanningEvents } from './api/scanning';
import { recordsApi, type RecordsEvents } from './api/records';
import { scheduleApi, type ScheduleEvents } from './api/schedule';
import { reportsApi } from './api/reports';
import { backupApi, type BackupEvents } from './api/backup';
import type { NotificationDto } from './api/workflow';
import type { MethodSpec } from './api/define';

export const api = {
  ...accountsApi,
  ...registersApi,
  ...documentsApi,
  ...agenciesApi,
  ...blobsApi,
  ...incomingApi,
  ...calendarApi,
  ...importsApi,
  ...jobsApi,
  ...workflowApi,
  ...outgoingApi,
  ...signingApi,
  ...syncApi,
  ...scanningApi,
  ...recordsApi,
  ...scheduleApi,
  ...reportsApi,
  ...backupApi,
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type InputOf<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Api[M]['input']>;
export type OutputOf<M extends MethodName> = Api[M] extends MethodSpec<z.ZodType, infer O> ? O : never;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Events the core pushes to connected clients (SSE in browser mode, IPC in Electron). */
export interface EventMap extends ScanningEvents, RecordsEvents, ScheduleEvents, BackupEvents {
  'users.changed': { userId: number };
  'settings.changed': Record<string, never>;
  'session.ended': { reason: 'logout' | 'password_changed' | 'disabled' | 'expired' };
  'document.changed': { id: number; direction: 'in' | 'out' };
  /** To its person only: a new assignment, an urgent document, a reminder … (Việc cần xử lý). */
  'notification.created': NotificationDto;
  /** A document's routing changed (tasks, history): open screens and inbox counts refresh. */
  'workflow.changed': { documentId: number };
  /** To the signer only: a remote signature waits for the phone (countdown), then its outcome. */
  'signing.remoteProgress': {
    requestId: string;
    documentId: number;
    state: 'waiting' | 'signed' | 'refused' | 'expired' | 'failed';
    remainingMs: number;
    message: string | null;
  };
  /** The sync state changed (a round ended, went offline, an item failed): the health screen and badges refresh. */
  'sync.changed': { online: boolean | null; waiting: number; failed: number };
}
export type EventName = keyof EventMap;

/** An event as delivered: `to` limits delivery to these user ids (absent = everyone logged in). */
export interface EventEnvelope<E extends EventName = EventName> {
  name: E;
  data: EventMap[E];
  to?: number[];
}

export type { MethodSpec, BinaryOut } from './api/define';
