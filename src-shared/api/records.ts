// Contract for records and archive (hồ sơ, lưu trữ): the yearly Danh mục hồ sơ, the retention table, files and
// the documents in them, per-file access, transfer to the office archive, disposal, export. Mirrors src-main/records/.
// NĐ 30/2020 Đ28–31 and Phụ lục V, VI (standards §3.9 functions 3–5, 7, 8; §3.10 III; §3.11; §4).

import { z } from 'zod';
import { binaryIn, id, isoDate, longText, method, optText, text, type BinaryOut } from './define';

// ---- code lists ------------------------------------------------------------------------------------------------

/** Thời hạn bảo quản: permanent, a number of years counted from the year the work ended, or a condition. */
export const RETENTION_KINDS = { permanent: 'Vĩnh viễn', years: 'Có thời hạn', condition: 'Theo điều kiện' } as const;
export type RetentionKind = keyof typeof RETENTION_KINDS;

/** Danh mục status: drafted by the office, approved by the head, issued at the start of the year. */
export const FILEPLAN_STATUS = { draft: 'Dự thảo', approved: 'Đã duyệt', issued: 'Đã ban hành' } as const;
export type FilePlanStatus = keyof typeof FILEPLAN_STATUS;

/** Đề mục lớn by organisational unit or by field of activity (Phụ lục V). */
export const FILEPLAN_GROUPING = { unit: 'Theo đơn vị tổ chức', field: 'Theo lĩnh vực hoạt động' } as const;
/** File numbers continuous over the whole list, or restarting at 01 in each đề mục lớn (standards §3.11). */
export const FILEPLAN_NUMBERING = { continuous: 'Liên tục cả danh mục', per_heading: 'Bắt đầu lại ở mỗi đề mục lớn' } as const;

/** A file's life: open (collecting), closed (kết thúc), archived (nộp lưu cơ quan, frozen), disposed (tiêu hủy). */
export const FILE_STATES = { open: 'Đang lập', closed: 'Đã đóng', archived: 'Đã nộp lưu', disposed: 'Đã tiêu hủy' } as const;
export type FileState = keyof typeof FILE_STATES;

/** Chế độ sử dụng (Rights / Mode: 01 Hạn chế, 02 Không hạn chế). */
export const FILE_RIGHTS = { open: 'Không hạn chế', restricted: 'Hạn chế' } as const;
export type FileRights = keyof typeof FILE_RIGHTS;

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface RetentionDto {
  id: number;
  /** As printed: "Vĩnh viễn", "10 năm", "Đến khi thanh lý hợp đồng + 05 năm". */
  label: string;
  kind: RetentionKind;
  /** Years for kind 'years' (and the years after the condition for 'condition', when it has some). */
  years: number | null;
  note: string | null;
  sortOrder: number;
  active: boolean;
  builtin: boolean;
}

export interface FilePlanLineDto {
  id: number;
  /** Số thứ tự of the file in the list (01, 02 …), from the numbering mode. */
  number: number;
  /** Số và ký hiệu hồ sơ: "01.TCCB". */
  code: string;
  title: string;
  retentionId: number;
  retentionLabel: string;
  /** Người lập hồ sơ: an account, or text (a unit, a post). */
  keeperUserId: number | null;
  keeper: string | null;
  notes: string | null;
  /** Files opened from this line (any year state). */
  fileCount: number;
}

export interface FilePlanHeadingDto {
  id: number;
  /** "I", "II" for đề mục lớn; "1", "2" for sub-headings. */
  numeral: string;
  /** Viết tắt of a đề mục lớn (the code's suffix: TCCB, VP). Null on sub-headings (they use their parent's). */
  abbr: string | null;
  title: string;
  unitId: number | null;
  lines: FilePlanLineDto[];
  children: FilePlanHeadingDto[];
}

export interface FilePlanDto {
  /** Null while the year has no list yet (an empty draft to start from). */
  id: number | null;
  year: number;
  status: FilePlanStatus;
  grouping: keyof typeof FILEPLAN_GROUPING;
  numbering: keyof typeof FILEPLAN_NUMBERING;
  headings: FilePlanHeadingDto[];
  approvedAt: number | null;
  approvedBy: string | null;
  issuedAt: number | null;
  issuedBy: string | null;
  updatedAt: number | null;
  /** Bumped by every save: a save carrying an older version is refused (two editors). */
  version: number;
  /** The footer of Phụ lục V: total files, permanent, with a term. */
  counts: { total: number; permanent: number; limited: number };
}

export interface RecordFileDto {
  id: number;
  /** FileCatalog: năm hình thành hồ sơ. */
  year: number;
  /** FileNotation: số và ký hiệu hồ sơ, "01.TCCB". */
  code: string;
  /** Mã hồ sơ: OrganId.FileCatalog.FileNotation, "000.00.31.H40.2026.01.TCCB". */
  fileCode: string;
  title: string;
  retentionId: number;
  retentionLabel: string;
  retentionKind: RetentionKind;
  retentionYears: number | null;
  ownerId: number;
  ownerName: string;
  unitName: string | null;
  planLineId: number | null;
  startDate: string;
  endDate: string | null;
  language: string;
  description: string | null;
  rights: FileRights;
  state: FileState;
  docTotal: number;
  pageTotal: number;
  closedAt: number | null;
  /** 1 year after the job ended (NĐ 30 Đ31); null for files that need not be transferred (retention < 5 years) or still open. */
  transferDueDate: string | null;
  transferredAt: number | null;
  disposedAt: number | null;
  /** The last calendar year of its retention (endYear + years); null when permanent, open, or conditional. */
  expiresAfterYear: number | null;
  /** The caller may add, remove and edit (open and theirs, or the archive role). */
  canEdit: boolean;
  updatedAt: number;
}

export interface FileItemDto {
  id: number;
  /** DocOrdinal: position in the file, chronological. */
  ordinal: number;
  kind: 'in' | 'out' | 'other';
  documentId: number | null;
  /** "123/UBND-VP" or the number as typed for other documents. */
  code: string | null;
  issuedDate: string | null;
  typeName: string | null;
  subject: string;
  issuerName: string | null;
  pageCount: number | null;
  /** The uploaded file of an "other" document. */
  blobHash: string | null;
  fileName: string | null;
  addedAt: number;
  addedBy: string | null;
  /** Why it may not belong (voided, recalled, draft), shown beside the row. */
  warning: string | null;
  /** False when the caller may not see the document itself: only its number and date show. */
  visible: boolean;
  /** Its content was destroyed by a disposal decision. */
  disposed: boolean;
}

export interface FileAccessDto {
  id: number;
  userId: number | null;
  userName: string | null;
  unitId: number | null;
  unitName: string | null;
  /** pending: asked for a restricted file, waiting for a leader; active; revoked. */
  state: 'pending' | 'active' | 'revoked';
  requestedBy: string | null;
  requestedAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
}

export interface FileHistoryDto {
  at: number;
  actor: string | null;
  action: string;
  text: string;
}

export interface RecordFileDetailDto extends RecordFileDto {
  items: FileItemDto[];
  access: FileAccessDto[];
  /** A requested change of the use mode waiting for approval. */
  pendingRights: FileRights | null;
  history: FileHistoryDto[];
}

export interface FileListResult {
  items: RecordFileDto[];
  total: number;
}

export interface AddDocumentResult {
  item: FileItemDto;
  /** Non-blocking: the document is voided, recalled … (it was still added). */
  warning: string | null;
}

export interface CloseProblem {
  itemId: number | null;
  documentId: number | null;
  text: string;
}

export interface FileStatsRow {
  userId: number;
  name: string;
  open: number;
  closed: number;
  archived: number;
  disposed: number;
  documents: number;
}

export interface TransferDto {
  id: number;
  /** Biên bản số, per year. */
  number: number;
  year: number;
  at: number;
  deliveredBy: string;
  deliveringUnit: string | null;
  receivedBy: string;
  fileCount: number;
  documentCount: number;
  notes: string | null;
  fileIds: number[];
}

export interface DisposalDto {
  id: number;
  decisionNumber: string;
  decisionDate: string;
  signerName: string;
  signerPosition: string;
  notes: string | null;
  at: number;
  by: string;
  fileCount: number;
  /** Stored files whose content was removed (those still used elsewhere are kept). */
  blobsRemoved: number;
  blobsKept: number;
  fileIds: number[];
}

export interface ExportResult {
  /** The ZIP in the blob store: download it with blobs.get. */
  hash: string;
  fileName: string;
  size: number;
  documents: number;
  pages: number;
}

/** The Danh mục as read from a spreadsheet, ready for the editor (nothing saved). */
export interface FilePlanImportResult {
  headings: FilePlanHeadingInput[];
  warnings: string[];
  lineCount: number;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

const year = z.number().int().min(2000).max(2200);
/** Viết tắt of a đề mục lớn: capitals without diacritics, digits, hyphen. */
const abbr = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9](?:[A-Z0-9-]{0,13}[A-Z0-9])?$/, 'Viết tắt gồm chữ in hoa không dấu, chữ số, gạch nối (tối đa 15 ký tự).'));
/** Số và ký hiệu hồ sơ: "01.TCCB", "12.VP-HC". */
export const fileNotation = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^\d{1,4}\.[A-Z0-9](?:[A-Z0-9-]{0,13}[A-Z0-9])?$/, 'Số và ký hiệu hồ sơ có dạng số thứ tự, dấu chấm, viết tắt đề mục: 01.TCCB.'));

export const filePlanLineInput = z.object({
  id: id.optional(),
  title: text(500),
  retentionId: id,
  keeperUserId: id.nullish(),
  keeper: optText(100),
  notes: optText(500),
});
export type FilePlanLineInput = z.input<typeof filePlanLineInput>;

export const filePlanSubheadingInput = z.object({
  id: id.optional(),
  title: text(300),
  lines: z.array(filePlanLineInput).max(2000).default([]),
});

export const filePlanHeadingInput = z.object({
  id: id.optional(),
  abbr,
  title: text(300),
  unitId: id.nullish(),
  lines: z.array(filePlanLineInput).max(2000).default([]),
  children: z.array(filePlanSubheadingInput).max(200).default([]),
});
export type FilePlanHeadingInput = z.input<typeof filePlanHeadingInput>;

const fileList = z
  .object({
    year: year.optional(),
    ownerId: id.optional(),
    state: z.enum(['open', 'closed', 'archived', 'disposed']).optional(),
    /** transfer: due for transfer within 30 days or overdue; expired: past their retention. */
    due: z.enum(['transfer', 'expired']).optional(),
    /** Title or code, with or without diacritics. */
    query: z.string().max(200).optional(),
    mine: z.boolean().optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 50, offset: 0 });

const otherDocument = z.object({
  blobHash: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: text(255),
  subject: text(500),
  codeNumber: optText(11),
  codeNotation: optText(30),
  issuedDate: isoDate.nullish(),
  typeName: optText(100),
  issuerName: optText(200),
  pageCount: z.number().int().min(1).max(9999).nullish(),
});

// ---- methods ---------------------------------------------------------------------------------------------------

export const recordsApi = {
  'retention.list': method<RetentionDto[]>()({
    input: z.object({ all: z.boolean().default(false) }).default({ all: false }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Bảng thời hạn bảo quản.',
  }),
  'retention.save': method<RetentionDto>()({
    input: z
      .object({
        id: id.optional(),
        label: text(100),
        kind: z.enum(['permanent', 'years', 'condition']),
        years: z.number().int().min(1).max(100).nullish(),
        note: optText(500),
        active: z.boolean().default(true),
      })
      .refine((v) => v.kind !== 'years' || v.years != null, { path: ['years'], message: 'Nhập số năm bảo quản.' }),
    access: 'session',
    permission: 'fileplan.manage',
    mutates: true,
    summary: 'Thêm, sửa một thời hạn bảo quản.',
  }),

  'fileplan.get': method<FilePlanDto>()({
    input: z.object({ year }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Danh mục hồ sơ của một năm.',
  }),
  'fileplan.save': method<FilePlanDto>()({
    input: z.object({
      year,
      /** The version read; omitted only when creating the year's list. */
      version: z.number().int().min(0).optional(),
      grouping: z.enum(['unit', 'field']),
      numbering: z.enum(['continuous', 'per_heading']),
      headings: z.array(filePlanHeadingInput).max(100),
    }),
    access: 'session',
    permission: 'fileplan.manage',
    mutates: true,
    summary: 'Lưu dự thảo Danh mục hồ sơ.',
  }),
  'fileplan.copyFrom': method<FilePlanDto>()({
    input: z.object({ year, fromYear: year }),
    access: 'session',
    permission: 'fileplan.manage',
    mutates: true,
    summary: 'Lập dự thảo Danh mục hồ sơ từ danh mục năm trước.',
  }),
  'fileplan.importXlsx': method<FilePlanImportResult>()({
    input: z.object({ fileName: text(255), bytes: binaryIn }),
    access: 'session',
    permission: 'fileplan.manage',
    mutates: false,
    binary: 'input',
    summary: 'Đọc Danh mục hồ sơ từ tệp Excel (chưa lưu).',
  }),
  'fileplan.approve': method<FilePlanDto>()({
    input: z.object({ year, version: z.number().int().min(0) }),
    access: 'session',
    permission: 'fileplan.approve',
    mutates: true,
    summary: 'Duyệt Danh mục hồ sơ.',
  }),
  'fileplan.issue': method<FilePlanDto>()({
    input: z.object({ year }),
    access: 'session',
    permission: 'fileplan.manage',
    mutates: true,
    summary: 'Ban hành Danh mục hồ sơ đã duyệt.',
  }),
  'fileplan.reopen': method<FilePlanDto>()({
    input: z.object({ year, reason: text(500) }),
    access: 'session',
    permission: 'fileplan.approve',
    mutates: true,
    summary: 'Mở lại Danh mục hồ sơ để sửa đổi, bổ sung.',
  }),
  'fileplan.print': method<BinaryOut>()({
    input: z.object({ year }),
    access: 'session',
    permission: null,
    mutates: true,
    binary: 'output',
    summary: 'In Danh mục hồ sơ (Phụ lục V, PDF).',
  }),

  'files.list': method<FileListResult>()({
    input: fileList,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Danh sách, tìm kiếm hồ sơ.',
  }),
  'files.get': method<RecordFileDetailDto>()({
    input: z.object({ id }),
    access: 'session',
    permission: null,
    mutates: false,
    auditAccess: true,
    summary: 'Xem hồ sơ và các văn bản trong hồ sơ.',
  }),
  'files.forDocument': method<RecordFileDto[]>()({
    input: z.object({ documentId: id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Các hồ sơ có văn bản này.',
  }),
  'files.open': method<RecordFileDto>()({
    input: z.object({
      year,
      /** From a Danh mục line: code, title, retention and keeper come from it unless given. */
      planLineId: id.optional(),
      code: fileNotation.optional(),
      title: text(500).optional(),
      retentionId: id.optional(),
      /** Người lập; the caller by default. Only the archive role or a leader opens a file for someone else. */
      ownerId: id.optional(),
      startDate: isoDate,
      description: optText(500),
      rights: z.enum(['open', 'restricted']).default('open'),
    }),
    access: 'session',
    permission: 'records.manage',
    mutates: true,
    summary: 'Mở hồ sơ.',
  }),
  'files.update': method<RecordFileDto>()({
    input: z.object({
      id,
      code: fileNotation,
      title: text(500),
      retentionId: id,
      startDate: isoDate,
      description: optText(500),
    }),
    access: 'session',
    permission: 'records.manage',
    mutates: true,
    summary: 'Sửa thông tin hồ sơ.',
  }),
  'files.addDocument': method<AddDocumentResult>()({
    input: z.union([z.object({ fileId: id, documentId: id }), z.object({ fileId: id, other: otherDocument })]),
    access: 'session',
    permission: 'records.manage',
    mutates: true,
    summary: 'Đưa văn bản vào hồ sơ.',
  }),
  'files.removeItem': method<RecordFileDetailDto>()({
    input: z.object({ fileId: id, itemId: id }),
    access: 'session',
    permission: 'records.manage',
    mutates: true,
    summary: 'Bỏ văn bản khỏi hồ sơ.',
  }),
  'files.close': method<RecordFileDto>()({
    input: z.object({
      id,
      /** Closing re-assesses the retention and fixes title and code (NĐ 30 Đ29). */
      retentionId: id,
      title: text(500),
      code: fileNotation,
      endDate: isoDate.optional(),
    }),
    access: 'session',
    permission: 'records.manage',
    mutates: true,
    summary: 'Đóng hồ sơ (kết thúc hồ sơ).',
  }),
  'files.reopen': method<RecordFileDto>()({
    input: z.object({ id, reason: text(500) }),
    access: 'session',
    permission: 'records.archive',
    mutates: true,
    summary: 'Mở lại hồ sơ đã đóng (chưa nộp lưu).',
  }),
  'files.setAccess': method<RecordFileDetailDto>()({
    input: z.object({
      id,
      rights: z.enum(['open', 'restricted']),
      userIds: z.array(id).max(200).default([]),
      unitIds: z.array(id).max(100).default([]),
    }),
    access: 'session',
    permission: 'records.manage',
    mutates: true,
    summary: 'Đặt chế độ sử dụng và người được xem hồ sơ.',
  }),
  'files.approveAccess': method<RecordFileDetailDto>()({
    input: z.object({ id, approve: z.boolean(), reason: optText(500) }),
    access: 'session',
    permission: 'fileplan.approve',
    mutates: true,
    summary: 'Duyệt thay đổi quyền truy cập hồ sơ hạn chế.',
  }),
  'files.pendingAccess': method<RecordFileDto[]>()({
    input: z.object({}).default({}),
    access: 'session',
    permission: 'fileplan.approve',
    mutates: false,
    summary: 'Hồ sơ có thay đổi quyền truy cập chờ duyệt.',
  }),
  'files.export': method<ExportResult>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'documents.export',
    mutates: true,
    summary: 'Xuất hồ sơ: PDF, XML và tệp gốc trong một tệp ZIP.',
  }),
  'files.printIndex': method<BinaryOut>()({
    input: z.object({ id }),
    access: 'session',
    permission: null,
    mutates: true,
    binary: 'output',
    summary: 'In Mục lục văn bản trong hồ sơ (PDF).',
  }),
  'files.stats': method<FileStatsRow[]>()({
    input: z.object({ year: year.optional() }).default({}),
    access: 'session',
    permission: 'workflow.follow',
    mutates: false,
    summary: 'Thống kê hồ sơ, văn bản theo tài khoản.',
  }),

  'archive.transferForms': method<BinaryOut>()({
    input: z.object({ fileIds: z.array(id).min(1).max(2000), deliveredBy: optText(100), deliveringUnit: optText(200) }),
    access: 'session',
    permission: 'records.archive',
    mutates: true,
    binary: 'output',
    summary: 'Mục lục hồ sơ, tài liệu nộp lưu và Biên bản giao nhận (PDF, trước khi nhận).',
  }),
  'archive.transfer': method<TransferDto>()({
    input: z.object({
      fileIds: z.array(id).min(1).max(2000),
      deliveredBy: text(100),
      deliveringUnit: optText(200),
      notes: longText(1000),
    }),
    access: 'session',
    permission: 'records.archive',
    mutates: true,
    summary: 'Nhận hồ sơ vào Lưu trữ cơ quan.',
  }),
  'archive.transfers': method<TransferDto[]>()({
    input: z.object({ year: year.optional() }).default({}),
    access: 'session',
    permission: 'records.archive',
    mutates: false,
    summary: 'Các lần nộp lưu.',
  }),
  'archive.transferPdf': method<BinaryOut>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'records.archive',
    mutates: true,
    binary: 'output',
    summary: 'In lại hồ sơ nộp lưu và Biên bản giao nhận của một lần nộp lưu.',
  }),
  'archive.dispose': method<DisposalDto>()({
    input: z.object({
      fileIds: z.array(id).min(1).max(2000),
      decisionNumber: text(50),
      decisionDate: isoDate,
      signerName: text(100),
      signerPosition: text(100),
      notes: longText(1000),
    }),
    access: 'session',
    permission: 'records.archive',
    mutates: true,
    summary: 'Tiêu hủy hồ sơ hết thời hạn bảo quản theo quyết định.',
  }),
  'archive.disposals': method<DisposalDto[]>()({
    input: z.object({}).default({}),
    access: 'session',
    permission: 'records.archive',
    mutates: false,
    summary: 'Các quyết định tiêu hủy đã thực hiện.',
  }),
} as const;

export interface RecordsEvents {
  /** A file changed (items, state, access): open screens refresh. */
  'files.changed': { id: number };
}
