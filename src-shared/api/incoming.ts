// Contract for incoming documents (văn bản đến): intake, registration, duplicate check, editing, files, voiding
// and refusal. Reading, lists and search are documents.* (documents.ts), shared with outgoing documents.

import { z } from 'zod';
import { RECEIVED_VIA, REFUSAL_REASONS, SECRECY, type DocStatus, type ReceivedVia } from '../documents';
import { id, instant, isoDate, keysOf, longText, method, optText, text } from './define';
import { fileRef, type DocumentDetail } from './documents';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface DuplicateCandidate {
  id: number;
  status: DocStatus;
  arrivalNumber: number | null;
  registerName: string | null;
  arrivalAt: number;
  issuerName: string;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  subject: string;
  receivedVia: ReceivedVia;
  /** Why it looks like the same document. */
  reason: 'document_id' | 'same_code';
}

// ---- inputs ----------------------------------------------------------------------------------------------------

const issuer = z.object({
  agencyId: id.nullable().default(null),
  code: optText(35),
  name: text(200),
});

/** The metadata a clerk enters (standards §3.10 II, Phụ lục IV). */
const metadata = {
  issuer,
  codeNumber: optText(11),
  codeNotation: optText(30),
  issuedDate: isoDate.nullable().default(null),
  docTypeId: id.nullable().default(null),
  subject: text(500),
  signerPosition: optText(100),
  signerName: optText(50),
  urgency: z.number().int().min(0).max(4).default(0),
  urgentDeadlineAt: instant.nullable().default(null),
  pageCount: z.number().int().min(1).max(9999).nullable().default(null),
  copies: z.number().int().min(1).max(999).nullable().default(null),
  receivedVia: z.enum(keysOf(RECEIVED_VIA)).default('paper'),
  handlingDueDate: isoDate.nullable().default(null),
  notes: longText(2000),
  edxmlDocumentId: optText(100),
  /** Refused whenever it is not "none": secret documents must not enter the system. */
  secrecy: z.enum(keysOf(SECRECY)).default('none'),
  /** Hạn chế: only the people it is given to see it, not every leader and clerk (src-main/documents/access.ts). */
  restricted: z.boolean().default(false),
};

const registerInput = z
  .object({
    pendingId: id.optional(),
    registerId: id,
    ...metadata,
    files: z.array(fileRef).max(50).default([]),
    /** The clerk saw the duplicate warning and registers anyway. */
    allowDuplicate: z.boolean().default(false),
  })
  .refine((v) => v.urgency !== 4 || v.urgentDeadlineAt != null, {
    message: 'Văn bản hỏa tốc hẹn giờ phải có giờ hẹn.',
    path: ['urgentDeadlineAt'],
  });

const duplicateProbe = z.object({
  excludeId: id.optional(),
  issuer: z.object({ agencyId: id.nullable().default(null), code: optText(35), name: z.string().max(200).default('') }),
  codeNumber: optText(11),
  codeNotation: optText(30),
  issuedDate: isoDate.nullable().default(null),
  edxmlDocumentId: optText(100),
});

// ---- methods ---------------------------------------------------------------------------------------------------

export const incomingApi = {
  'incoming.receive': method<DocumentDetail>()({
    input: z.object({
      receivedVia: z.enum(keysOf(RECEIVED_VIA)).default('paper'),
      issuerName: optText(200),
      subject: optText(500),
      urgency: z.number().int().min(0).max(4).default(0),
      notes: longText(2000),
      files: z.array(fileRef).max(50).default([]),
    }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Tiếp nhận văn bản đến (chờ vào sổ).',
  }),
  'incoming.register': method<DocumentDetail>()({
    input: registerInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Vào sổ văn bản đến.',
  }),
  'incoming.update': method<DocumentDetail>()({
    input: z.object({
      id,
      ...metadata,
      /** Files to add with the edit, in the same transaction and audit row (the attach-only dialog uses attachFiles). */
      files: z.array(fileRef).max(50).default([]),
    }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Sửa thông tin văn bản đến đã vào sổ (và đính kèm thêm tệp).',
  }),
  'incoming.checkDuplicates': method<{ candidates: DuplicateCandidate[] }>()({
    input: duplicateProbe,
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Kiểm tra văn bản trùng.',
  }),
  'incoming.attachFiles': method<DocumentDetail>()({
    input: z.object({ documentId: id, files: z.array(fileRef).min(1).max(50) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Đính kèm tệp (bản giấy, phụ lục) vào văn bản đã vào sổ.',
  }),
  'incoming.void': method<DocumentDetail>()({
    input: z.object({ id, reason: text(500) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Hủy số văn bản đến.',
  }),
  'incoming.refuse': method<DocumentDetail>()({
    input: z
      .object({
        pendingId: id.optional(),
        reason: z.enum(keysOf(REFUSAL_REASONS)),
        reasonText: optText(500),
        issuerName: optText(200),
        codeNumber: optText(11),
        codeNotation: optText(30),
        issuedDate: isoDate.nullable().default(null),
        subject: optText(500),
        receivedVia: z.enum(keysOf(RECEIVED_VIA)).default('paper'),
        files: z.array(fileRef).max(50).default([]),
      })
      .refine((v) => v.reason !== 'other' || !!v.reasonText, { message: 'Nhập lý do từ chối.', path: ['reasonText'] })
      .refine((v) => v.pendingId != null || !!v.issuerName, { message: 'Nhập cơ quan gửi văn bản bị từ chối.', path: ['issuerName'] }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Từ chối tiếp nhận văn bản đến.',
  }),
} as const;
