// Contract for interconnection (liên thông) with the provincial hub: the connection settings, the sync state the
// clerk and the admin read, "Đồng bộ ngay", the outbox with its errors, recall answers, completion reports and the
// per-recipient delivery trail of an outgoing document. Mirrors src-main/sync/.

import { z } from 'zod';
import { STATUS_CODES, type StatusCode } from '../edxml/types';
import { id, longText, method, none, optText, type BinaryOut } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface SyncSettingsDto {
  enabled: boolean;
  /** http(s)://host:port of the hub (LAN or the province's address). */
  hubUrl: string | null;
  /** This office's mã định danh, as registered at the hub (also the From of every packet). */
  officeCode: string | null;
  /** The secret itself is never returned: only whether one is stored (sealed on disk). */
  hasSecret: boolean;
  /** PEM file of the CA that issued the hub's TLS certificate, when it is not publicly trusted. */
  caFile: string | null;
  /** Seconds between two automatic rounds (push then pull). */
  intervalSec: number;
}

export interface SyncErrorDto {
  /** Stable: offline, timeout, tls, unauthenticated, forbidden, invalid_packet, unknown_recipient, server, resync … */
  code: string;
  /** One sentence in Vietnamese, what happened and what to do. */
  message: string;
  at: number;
}

export interface SyncStatusDto {
  configured: boolean;
  enabled: boolean;
  /** null: never tried since start. */
  online: boolean | null;
  running: boolean;
  lastContactAt: number | null;
  lastSuccessAt: number | null;
  nextAttemptAt: number | null;
  /** Items of the outbox not yet accepted by the hub. */
  waiting: number;
  oldestWaitingAt: number | null;
  /** Items that failed for good (shown on the item, need a person). */
  failed: number;
  lastError: SyncErrorDto | null;
  /** Hub clock minus this PC's clock at the last contact (shown when large; never used for ordering). */
  clockSkewMs: number | null;
  directory: { entries: number; version: number; lastSyncAt: number | null };
}

export type OutboxState = 'waiting' | 'uploading' | 'sent' | 'failed';

export interface OutboxItemDto {
  id: number;
  packetId: string;
  kind: 'document' | 'status';
  statusCode: StatusCode | null;
  documentId: number | null;
  /** "12/UBND-VP — Về việc …" */
  documentLabel: string | null;
  recipients: string[];
  state: OutboxState;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number | null;
  lastError: string | null;
  /** A permanent error: retrying will not help until something is fixed (shown on the item). */
  permanent: boolean;
  uploadedBytes: number;
  totalBytes: number;
}

/** One step of an outgoing document's journey to one recipient (HN 9.3, HN 10.1). */
export interface DeliveryEventDto {
  recipientCode: string;
  recipientName: string;
  /** 'sent' (accepted by the hub), 'delivered' (fetched by the recipient), 'refused_by_hub', or a status code. */
  event: 'sent' | 'delivered' | 'refused_by_hub' | StatusCode;
  label: string;
  description: string | null;
  /** The hub's time when known, else this office's. */
  at: number;
}

/** What interconnection knows about one document (incoming from the hub, or outgoing through it). */
export interface DocumentSyncDto {
  documentId: number;
  direction: 'in' | 'out';
  /** Incoming from the hub: the sending office and the packet. */
  received: { fromCode: string; fromName: string; packetId: string; edxmlDocumentId: string; receivedAt: number } | null;
  /** Incoming: the sender asked to recall it (13); the clerk answers 15 (agree: the document is removed) or 16. */
  recall: { requestedAt: number; reason: string | null; answer: 'agreed' | 'refused' | null; answeredAt: number | null } | null;
  /** Statuses this office sent about it (incoming) in order: 01, 03, 04 … */
  statusesSent: Array<{ code: StatusCode; label: string; at: number; state: OutboxState }>;
  /** Incoming: "Báo hoàn thành" (06) is possible now (registered, not yet reported). */
  canReportCompletion: boolean;
  /** Outgoing: recipients reached through the hub, with their latest state. */
  recipients: Array<{ code: string; name: string; event: DeliveryEventDto['event'] | 'waiting'; label: string; at: number | null }>;
}

/** Words for each step of a delivery trail: the core labels DeliveryEventDto with them. */
export const DELIVERY_EVENT_LABELS: Record<DeliveryEventDto['event'] | 'waiting', string> = {
  waiting: 'Chờ gửi',
  sent: 'Đã gửi lên trục',
  delivered: 'Nơi nhận đã nhận gói tin',
  refused_by_hub: 'Trục từ chối',
  ...STATUS_CODES,
};

// ---- methods ---------------------------------------------------------------------------------------------------

const agencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,13}(\.[A-Z0-9]+)*$/, 'Mã định danh chỉ gồm chữ, số và dấu chấm giữa các nhóm.')
  .max(35, 'Tối đa 35 ký tự.');

export const syncApi = {
  'sync.status': method<SyncStatusDto>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Tình trạng liên thông với trục tỉnh.',
  }),
  'sync.settings': method<SyncSettingsDto>()({
    input: none,
    access: 'session',
    permission: 'sync.manage',
    mutates: false,
    summary: 'Cấu hình kết nối trục liên thông.',
  }),
  'sync.saveSettings': method<SyncSettingsDto>()({
    input: z.object({
      enabled: z.boolean(),
      hubUrl: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s/]+(:\d+)?\/?$/i, 'Địa chỉ trục phải có dạng http(s)://máy:cổng.')
        .nullable(),
      officeCode: agencyCode.nullable(),
      /** Absent or null: keep the stored secret. Empty string: remove it. */
      secret: z.string().max(200).nullish(),
      caFile: optText(1000),
      intervalSec: z.number().int().min(5).max(3600).default(30),
    }),
    access: 'session',
    permission: 'sync.manage',
    mutates: true,
    summary: 'Lưu cấu hình kết nối trục liên thông.',
  }),
  'sync.testConnection': method<{ ok: boolean; message: string; officeName: string | null; hubTime: number | null }>()({
    input: none,
    access: 'session',
    permission: 'sync.manage',
    mutates: false,
    summary: 'Thử kết nối tới trục liên thông.',
  }),
  'sync.now': method<SyncStatusDto>()({
    input: none,
    access: 'session',
    permission: 'sync.run',
    mutates: false,
    summary: 'Đồng bộ ngay với trục liên thông.',
  }),
  'sync.outbox': method<OutboxItemDto[]>()({
    input: z
      .object({
        states: z
          .array(z.enum(['waiting', 'uploading', 'sent', 'failed']))
          .min(1)
          .default(['waiting', 'uploading', 'failed']),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .default({ states: ['waiting', 'uploading', 'failed'], limit: 100 }),
    access: 'session',
    permission: 'sync.run',
    mutates: false,
    summary: 'Các gói tin đang chờ gửi lên trục.',
  }),
  'sync.retry': method<OutboxItemDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'sync.run',
    mutates: true,
    summary: 'Gửi lại một gói tin bị lỗi.',
  }),
  'sync.diagnostics': method<BinaryOut>()({
    input: none,
    access: 'session',
    permission: 'sync.run',
    mutates: false,
    binary: 'output',
    summary: 'Tải gói chẩn đoán liên thông (không chứa mật khẩu, khóa) cho cán bộ CNTT.',
  }),
  'sync.deliveries': method<DeliveryEventDto[]>()({
    input: z.object({ documentId: id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Quá trình gửi, nhận, xử lý văn bản đi ở từng nơi nhận.',
  }),
  'sync.document': method<DocumentSyncDto>()({
    input: z.object({ documentId: id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Thông tin liên thông của một văn bản (nơi gửi, yêu cầu thu hồi, trạng thái đã báo).',
  }),
  'sync.answerRecall': method<{ documentId: number; agreed: boolean }>()({
    input: z.object({ documentId: id, agree: z.boolean(), reason: longText(1000) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Trả lời yêu cầu thu hồi văn bản của nơi gửi (đồng ý: gỡ văn bản; từ chối: nêu lý do).',
  }),
  'sync.reportCompletion': method<{ documentId: number }>()({
    input: z.object({ documentId: id, note: longText(1000) }),
    access: 'session',
    permission: 'documents.read',
    mutates: true,
    summary: 'Báo cho nơi gửi biết văn bản đã được giải quyết xong (trạng thái 06).',
  }),
} as const;
