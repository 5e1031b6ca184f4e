// Contract for outgoing documents (văn bản đi): drafts and their versions, the review chain, numbering and issuing
// by the clerk, the outgoing register and its print, delivery and reply tracking, recall. Mirrors src-main/outgoing/.
// The review and issue steps put tasks in Việc cần xử lý (workflow.ts); lists and search are documents.* with
// direction 'out'.

import { z } from 'zod';
import type { Urgency } from '../documents';
import { id, isoDate, longText, method, optText, text, type BinaryOut } from './define';
import { fileRef, type FileRefDto } from './documents';

// ---- code tables -----------------------------------------------------------------------------------------------

export const OUT_STATUS = {
  draft: 'Dự thảo',
  review: 'Đang trình duyệt',
  approved: 'Đã duyệt, chờ ban hành',
  issued: 'Đã ban hành',
  recalled: 'Đã thu hồi',
} as const;
export type OutStatus = keyof typeof OUT_STATUS;

/** Quyền hạn ký (NĐ 30 PL I II.7, standards §3.7): the prefix before the signer's title. '' = the head signs in their own name. */
export const AUTHORITY = {
  '': 'Ký trực tiếp',
  'TM.': 'TM. (thay mặt)',
  'KT.': 'KT. (ký thay)',
  'TL.': 'TL. (thừa lệnh)',
  'TUQ.': 'TUQ. (thừa ủy quyền)',
  'Q.': 'Q. (quyền)',
} as const;
export type Authority = keyof typeof AUTHORITY;

/** Kinds of outgoing register: one sequence for administrative documents (all or some types), QPPL, copies (SY/TrS/SL). */
export const OUT_REGISTER_KINDS = { admin: 'Văn bản hành chính', qppl: 'Văn bản quy phạm pháp luật', copy: 'Bản sao (SY, TrS, SL)' } as const;
export type OutRegisterKind = keyof typeof OUT_REGISTER_KINDS;

export const DELIVERY_STATUS = {
  pending: 'Chưa gửi',
  sent: 'Đã gửi',
  arrived: 'Đã đến',
  accepted: 'Đã tiếp nhận',
  refused: 'Bị từ chối',
  processing: 'Đang xử lý',
  done: 'Đã xử lý xong',
  // Through the hub (status 15 / 16 answering a recall, standards §1.9).
  recalled: 'Đã đồng ý thu hồi',
  recall_refused: 'Từ chối thu hồi',
} as const;
export type DeliveryStatus = keyof typeof DELIVERY_STATUS;

/** File roles of a draft beside those of documents: the editable original (docx/xlsx) kept next to its PDF. */
export const DRAFT_FILE_ROLES = { main: 'Văn bản (PDF)', original: 'Bản gốc chỉnh sửa được (docx, xlsx)', attachment: 'Phụ lục, tài liệu kèm theo' } as const;
export type DraftFileRole = keyof typeof DRAFT_FILE_ROLES;

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface RecipientDto {
  id: number;
  kind: 'unit' | 'agency' | 'text';
  unitId: number | null;
  agencyId: number | null;
  /** Agency code (mã định danh) when the recipient is in the directory: what sync routes by. */
  agencyCode: string | null;
  name: string;
  /** Must also receive the paper original (from the paper rules or set by hand). */
  paper: boolean;
  delivery: DeliveryStatus;
  deliveryAt: number | null;
  /** Reply tracking for documents that ask for one: the incoming document that answered, if registered. */
  replyDocumentId: number | null;
  replyOverdue: boolean;
}

export interface DraftVersionDto {
  version: number;
  at: number;
  byName: string | null;
  note: string | null;
  files: Array<FileRefDto & { draftRole: DraftFileRole }>;
}

export interface ReviewStepDto {
  id: number;
  /** 1-based position in this draft's chain. */
  step: number;
  reviewerId: number;
  reviewerName: string;
  version: number;
  decision: 'pending' | 'approved' | 'returned' | 'forwarded';
  note: string | null;
  at: number | null;
}

export interface OutgoingDetail {
  id: number;
  status: OutStatus;
  year: number;
  docTypeId: number | null;
  typeName: string | null;
  subject: string;
  urgency: Urgency;
  restricted: boolean;
  /** Đơn vị soạn thảo: its code is the second group of a công văn's ký hiệu (12/UBND-VP). */
  draftingUnitId: number | null;
  draftingUnitName: string | null;
  drafterId: number | null;
  drafterName: string | null;
  signerUserId: number | null;
  signerName: string | null;
  signerPosition: string | null;
  authority: Authority;
  recipients: RecipientDto[];
  /** "Lưu: VT, …" (nơi lưu bản chính). */
  keepLine: string | null;
  replyRequested: boolean;
  replyDueDate: string | null;
  /** Chỉ gửi điện tử: "không văn bản giấy" (PY 8.4). */
  noPaper: boolean;
  /** Some recipient must also get paper (paper rule or by hand): the clerk prints and stamps. */
  paperRequired: boolean;
  pageCount: number | null;
  copies: number | null;
  notes: string | null;
  /** The incoming document this one answers, both ways linked. */
  replyTo: { id: number; code: string | null; subject: string } | null;
  /** Bản sao điện tử: the document this one copies (signing.makeCopy). */
  copyOf: { id: number; direction: 'in' | 'out'; code: string | null; subject: string } | null;
  currentVersion: number;
  versions: DraftVersionDto[];
  review: ReviewStepDto[];
  /** Who holds the draft now (current reviewer, the clerks after "Chuyển ban hành"). */
  holder: string | null;
  // Issuing (set by outgoing.issue)
  registerId: number | null;
  registerName: string | null;
  issueNumber: number | null;
  /** "05/QĐ-UBND", "12/UBND-VP". */
  code: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  issuedAt: number | null;
  issuedByName: string | null;
  /** Until signing exists every issued document is unsigned, and says so. */
  signed: boolean;
  recallReason: string | null;
  recalledAt: number | null;
  recalledByName: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface OutgoingListItem {
  id: number;
  status: OutStatus;
  code: string | null;
  issuedDate: string | null;
  typeName: string | null;
  subject: string;
  urgency: Urgency;
  restricted: boolean;
  drafterName: string | null;
  signerName: string | null;
  recipientsText: string;
  holder: string | null;
  currentVersion: number;
  updatedAt: number;
  replyRequested: boolean;
  replyDueDate: string | null;
  replyOverdue: boolean;
}

export interface OutRegisterConfig {
  registerId: number;
  kind: OutRegisterKind;
  /** Types numbered in this register (admin kind); empty = every type not claimed by another register. */
  docTypeIds: number[];
  /** Copies: the copy abbreviations numbered here (SY, TrS, SL). */
}

export interface ReviewChainStep {
  /** unit_head: lãnh đạo phòng of the drafter's unit; leader: a lãnh đạo cơ quan chosen when submitting. */
  who: 'unit_head' | 'leader';
  label: string;
}

export interface PaperRule {
  id: number;
  docTypeId: number | null;
  /** Matches recipients whose name contains it (folded), or a directory agency. */
  recipientAgencyId: number | null;
  recipientText: string | null;
  reason: string;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

export const recipientInput = z
  .object({
    kind: z.enum(['unit', 'agency', 'text']),
    unitId: id.optional(),
    agencyId: id.optional(),
    name: text(200),
    paper: z.boolean().optional(),
  })
  .refine((r) => r.kind !== 'unit' || r.unitId != null, { message: 'Chọn đơn vị nhận.', path: ['unitId'] })
  .refine((r) => r.kind !== 'agency' || r.agencyId != null, { message: 'Chọn cơ quan nhận trong danh mục.', path: ['agencyId'] });

export const draftFileRef = fileRef.extend({ draftRole: z.enum(['main', 'original', 'attachment']).default('main') });

const draftFields = {
  docTypeId: id,
  subject: text(500),
  urgency: z.number().int().min(0).max(4).default(0),
  restricted: z.boolean().default(false),
  draftingUnitId: id.nullable().default(null),
  signerUserId: id.nullable().default(null),
  signerName: optText(50),
  signerPosition: optText(100),
  authority: z.enum(['', 'TM.', 'KT.', 'TL.', 'TUQ.', 'Q.']).default(''),
  recipients: z.array(recipientInput).max(200).default([]),
  keepLine: optText(200),
  replyRequested: z.boolean().default(false),
  replyDueDate: isoDate.nullable().default(null),
  noPaper: z.boolean().default(false),
  pageCount: z.number().int().min(1).max(9999).nullable().default(null),
  copies: z.number().int().min(1).max(999).nullable().default(null),
  notes: longText(2000),
  files: z.array(draftFileRef).max(50).default([]),
  /** What changed in this version. */
  versionNote: longText(1000),
};

const draftRefine = <T extends z.ZodType<{ replyRequested: boolean; replyDueDate: string | null }>>(s: T) =>
  s.refine((v) => !v.replyRequested || v.replyDueDate != null, { message: 'Văn bản yêu cầu trả lời phải có hạn trả lời.', path: ['replyDueDate'] });

// ---- methods ---------------------------------------------------------------------------------------------------

export const outgoingApi = {
  'outgoing.createDraft': method<OutgoingDetail>()({
    input: draftRefine(z.object({ replyToId: id.optional(), ...draftFields })),
    access: 'session',
    permission: 'outgoing.draft',
    mutates: true,
    summary: 'Tạo dự thảo văn bản đi (hoặc văn bản trả lời văn bản đến).',
  }),
  'outgoing.updateDraft': method<OutgoingDetail>()({
    input: draftRefine(z.object({ id, baseVersion: z.number().int().min(1), ...draftFields })),
    access: 'session',
    permission: 'outgoing.draft',
    mutates: true,
    summary: 'Sửa dự thảo (lưu thành phiên bản mới).',
  }),
  'outgoing.get': method<OutgoingDetail>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    summary: 'Xem văn bản đi, dự thảo và các phiên bản.',
  }),
  'outgoing.list': method<{ items: OutgoingListItem[]; nextCursor: string | null; total: number | null }>()({
    input: z
      .object({
        status: z.enum(['draft', 'review', 'approved', 'issued', 'recalled']).optional(),
        /** mine: drafts I wrote or hold. */
        mine: z.boolean().default(false),
        year: z.number().int().min(1900).max(2200).optional(),
        replyOverdue: z.boolean().default(false),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .default({ mine: false, replyOverdue: false, limit: 50 }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Danh sách văn bản đi, dự thảo.',
  }),
  'outgoing.submit': method<OutgoingDetail>()({
    input: z.object({ id, version: z.number().int().min(1), reviewerId: id.optional(), note: longText(2000) }),
    access: 'session',
    permission: 'outgoing.draft',
    mutates: true,
    summary: 'Trình duyệt dự thảo theo quy trình của cơ quan.',
  }),
  'outgoing.approve': method<OutgoingDetail>()({
    input: z.object({
      id,
      /** The version the reviewer read: refused when the draft has changed since. */
      version: z.number().int().min(1),
      note: longText(2000),
      /** Pass on to the next reviewer (lãnh đạo phòng → lãnh đạo cơ quan) instead of approving for issue. */
      forwardTo: id.optional(),
    }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Duyệt dự thảo (chuyển bước tiếp theo, hoặc duyệt và chuyển ban hành).',
  }),
  'outgoing.return': method<OutgoingDetail>()({
    input: z.object({ id, version: z.number().int().min(1), reason: text(2000) }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Trả lại dự thảo cho người soạn, kèm ý kiến.',
  }),
  'outgoing.issue': method<{ document: OutgoingDetail; number: string }>()({
    input: z.object({ id, version: z.number().int().min(1), registerId: id.optional(), issuedDate: isoDate.optional() }),
    access: 'session',
    permission: 'outgoing.issue',
    mutates: true,
    summary: 'Cấp số, vào sổ và ban hành văn bản đi.',
  }),
  'outgoing.recall': method<OutgoingDetail>()({
    input: z.object({ id, reason: text(1000) }),
    access: 'session',
    permission: 'outgoing.recall',
    mutates: true,
    summary: 'Thu hồi văn bản đã ban hành.',
  }),
  'outgoing.setDelivery': method<OutgoingDetail>()({
    input: z.object({ id, recipientId: id, status: z.enum(Object.keys(DELIVERY_STATUS) as [DeliveryStatus, ...DeliveryStatus[]]) }),
    access: 'session',
    permission: 'outgoing.issue',
    mutates: true,
    summary: 'Ghi tình trạng gửi cho nơi nhận (bản giấy; bản điện tử do đồng bộ cập nhật).',
  }),
  'outgoing.printRegister': method<BinaryOut>()({
    input: z.object({ registerId: id, from: isoDate.optional(), to: isoDate.optional() }),
    access: 'session',
    permission: 'documents.export',
    mutates: true,
    binary: 'output',
    summary: 'In Sổ đăng ký văn bản đi (PDF, 10 cột Phụ lục IV).',
  }),
  'outgoing.registers': method<OutRegisterConfig[]>()({
    input: z.object({ year: z.number().int().min(2000).max(2200) }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Cấu hình đánh số của các sổ văn bản đi trong năm.',
  }),
  'outgoing.configureRegister': method<OutRegisterConfig>()({
    input: z.object({ registerId: id, kind: z.enum(['admin', 'qppl', 'copy']), docTypeIds: z.array(id).max(100).default([]) }),
    access: 'session',
    permission: 'registers.manage',
    mutates: true,
    summary: 'Đặt loại sổ và các loại văn bản đánh số chung trong sổ văn bản đi.',
  }),
  'outgoing.reviewChain': method<ReviewChainStep[]>()({
    input: z.object({}).optional().default({}),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Quy trình duyệt dự thảo của cơ quan.',
  }),
  'outgoing.saveReviewChain': method<ReviewChainStep[]>()({
    input: z.object({
      steps: z
        .array(z.object({ who: z.enum(['unit_head', 'leader']), label: text(100) }))
        .min(1)
        .max(5),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Cấu hình quy trình duyệt dự thảo.',
  }),
  'outgoing.paperRules': method<PaperRule[]>()({
    input: z.object({}).optional().default({}),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Quy tắc văn bản phải gửi kèm bản giấy.',
  }),
  'outgoing.savePaperRule': method<PaperRule[]>()({
    input: z.object({
      id: id.optional(),
      docTypeId: id.nullable().default(null),
      recipientAgencyId: id.nullable().default(null),
      recipientText: optText(200),
      reason: text(300),
      remove: z.boolean().default(false),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Thêm, sửa, xóa quy tắc gửi kèm bản giấy.',
  }),
} as const;
