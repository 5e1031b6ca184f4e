// Contract for incoming documents (issue: văn bản đến): registers, document types, the agency directory, files,
// intake and registration, lists and search, the register book, legacy import, and the working-day calendar.

import { z } from 'zod';
import type { CalendarDay } from '../calendar/holidays';
import {
  RECEIVED_VIA,
  REFUSAL_REASONS,
  SECRECY,
  HANDLING,
  DOC_STATUS,
  FILE_ROLES,
  SEARCH_MAX,
  type DocStatus,
  type FileRole,
  type HandlingStatus,
  type ReceivedVia,
  type RefusalReason,
  type Urgency,
} from '../documents';
import { binaryIn, id, instant, isoDate, longText, method, optText, text, type BinaryOut } from './define';

/** A search query as typed; the words, OR, NOT and -word are read by the core. */
const searchQuery = z.string().max(SEARCH_MAX, `Từ khóa tìm kiếm dài quá ${SEARCH_MAX} ký tự; hãy rút gọn.`);

const keysOf = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...Array<keyof T & string>];

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface RegisterDto {
  id: number;
  direction: 'in' | 'out';
  year: number;
  /** Identifies the same register across years ("chung", "don-thu"); next year's copy keeps it. */
  seriesKey: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  active: boolean;
  lastNumber: number;
}

export interface DocTypeDto {
  id: number;
  name: string;
  /** Viết tắt used in ký hiệu (QĐ, TTr …); empty for Công văn and Thư công. */
  abbr: string | null;
  sortOrder: number;
  active: boolean;
  builtin: boolean;
}

export interface AgencyDto {
  id: number;
  /** Mã định danh; null for bodies without a code. */
  code: string | null;
  name: string;
  parentCode: string | null;
  active: boolean;
}

export interface BlobInfoDto {
  hash: string;
  size: number;
  kind: string;
  mime: string;
  macro: boolean;
  /** Vietnamese notes from the type check (extension mismatch, macros …). */
  notes: string[];
  fileName: string;
}

export interface FileRefDto {
  id: number;
  hash: string;
  fileName: string;
  role: FileRole;
  kind: string;
  mime: string;
  size: number;
  macro: boolean;
  /** Whether the text of the file is in the search index yet. */
  textStatus: 'pending' | 'done' | 'none' | 'error';
  addedAt: number;
}

export interface IncomingListItem {
  id: number;
  status: DocStatus;
  registerId: number | null;
  registerName: string | null;
  year: number;
  /** Số đến; null until registered (pending, refused). */
  arrivalNumber: number | null;
  /** Ngày đến: when the document counts as received (next working period if it came outside hours). */
  arrivalAt: number;
  /** When it actually entered the office's system. */
  receivedAt: number;
  /** Deadline to register and pass it on: 8 working hours after arrivalAt. */
  registrationDueAt: number;
  registeredAt: number | null;
  /** Registered after registrationDueAt. */
  late: boolean;
  issuerName: string;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  typeName: string | null;
  subject: string;
  urgency: Urgency;
  handlingStatus: HandlingStatus;
  handlingDueDate: string | null;
  overdue: boolean;
  receivedVia: ReceivedVia;
  fileCount: number;
}

export interface ArrivalStampDto {
  orgName: string;
  arrivalNumber: number | null;
  /** When the document really arrived: the stamp's "Ngày". */
  receivedAt: number;
  /** Start of the counting (ngoài giờ làm việc -> the next working moment); shown beside it when different. */
  arrivalAt: number;
  /** "Chuyển": from the leader's directive once routing exists. */
  transfer: string | null;
  /** "Lưu hồ sơ số": the file it was filed in. */
  fileCode: string | null;
}

export interface IncomingDetail extends IncomingListItem {
  issuerAgencyId: number | null;
  issuerCode: string | null;
  docTypeId: number | null;
  signerPosition: string | null;
  signerName: string | null;
  urgentDeadlineAt: number | null;
  pageCount: number | null;
  copies: number | null;
  notes: string | null;
  edxmlDocumentId: string | null;
  /** Số đến cũ: the old book's number of a document imported with new numbers. */
  oldArrivalNumber: string | null;
  registeredBy: string | null;
  voidReason: string | null;
  voidedAt: number | null;
  voidedBy: string | null;
  refusalReason: RefusalReason | null;
  refusalText: string | null;
  refusedAt: number | null;
  refusedBy: string | null;
  files: FileRefDto[];
  stamp: ArrivalStampDto;
}

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

export interface ListPage {
  items: IncomingListItem[];
  /** Urgent documents not yet handled, shown above the list whatever the page (PY 5.3). */
  pinned: IncomingListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
  /** Only when asked for (withTotal): counting is the slow part of a list. */
  total: number | null;
}

export type HighlightField = 'subject' | 'issuerName' | 'code' | 'typeName' | 'notes' | 'signerName';

export interface SearchHit {
  item: IncomingListItem;
  highlights: Array<{ field: HighlightField; ranges: Array<[number, number]> }>;
  /** A passage of a file's text around the match, when the match is in a file. */
  snippet: { fileName: string; text: string; ranges: Array<[number, number]> } | null;
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** false when there are more matches than `total` (counting stops at 1,000). */
  totalExact: boolean;
  /** The folded terms searched, for highlighting in the UI. */
  terms: string[];
  tookMs: number;
}

export interface SavedSearchDto {
  id: number;
  name: string;
  query: string;
  filters: DocumentFilters;
  createdAt: number;
}

export interface CalendarDayDto extends CalendarDay {
  /** Statutory days come from the law and cannot be deleted. */
  statutory: boolean;
}

export interface ImportMapping {
  /** Target field -> column index in the file (0-based); absent = not imported. */
  [field: string]: number | undefined;
}

export interface ImportRowError {
  /** Row number as the person sees it in the spreadsheet (header = 1). */
  row: number;
  field: string | null;
  message: string;
}

/** How the text of an imported file is encoded: Unicode, or typed with the old TCVN3 (ABC) or VNI fonts. */
export type ImportTextEncoding = 'unicode' | 'tcvn3' | 'vni';

/** An earlier commit of the same file into the same register. */
export interface ImportBatchInfo {
  id: number;
  fileName: string;
  importedAt: number;
  importedBy: string;
  rowCount: number;
  numbers: { from: number; to: number } | null;
}

export interface ImportPreview {
  fileName: string;
  sheetName: string | null;
  columns: string[];
  /** Target fields and their Vietnamese labels, required first. */
  fields: Array<{ key: string; label: string; required: boolean }>;
  mapping: ImportMapping;
  /** The first rows; a cell longer than 200 characters is cut and ends with "…". */
  sample: string[][];
  /** The text encoding found in the file, the one applied (the clerk's choice or the found one), and, for CSV, how its bytes were read. */
  encoding: { detected: ImportTextEncoding; used: ImportTextEncoding; bytes: string | null };
  /** Earlier imports of this very file into this register: committing again needs allowReimport. */
  previousImports: ImportBatchInfo[];
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
  /** Numbers that would be given: first and last. */
  numbers: { from: number; to: number } | null;
}

export interface ImportResult {
  imported: number;
  numbers: { from: number; to: number } | null;
  registerId: number;
  tookMs: number;
  batchId: number;
  /** True when this answers a retry of a commit already made (same file, register and choices): nothing new was imported. */
  replayed: boolean;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

export const documentFilters = z.object({
  direction: z.enum(['in', 'out']).default('in'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  year: z.number().int().min(1900).max(2200).optional(),
  registerId: id.optional(),
  issuer: z.string().max(200).optional(),
  issuerAgencyId: id.optional(),
  docTypeId: id.optional(),
  urgency: z.number().int().min(0).max(4).optional(),
  urgentOnly: z.boolean().optional(),
  status: z.enum(keysOf(DOC_STATUS)).optional(),
  handling: z.enum(keysOf(HANDLING)).optional(),
  overdue: z.boolean().optional(),
  late: z.boolean().optional(),
  receivedVia: z.enum(keysOf(RECEIVED_VIA)).optional(),
});
export type DocumentFilters = z.input<typeof documentFilters>;

const fileRef = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'Mã tệp không hợp lệ.'),
  fileName: text(255),
  role: z.enum(keysOf(FILE_ROLES)).default('main'),
});

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

const importMapping = z.record(z.string(), z.number().int().min(0).max(200).optional());

const importInput = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'Mã tệp không hợp lệ.'),
  fileName: text(255),
  registerId: id,
  mapping: importMapping.optional(),
  /** keep: use the numbers in the file; allocate: give new numbers in file order. */
  numbering: z.enum(['keep', 'allocate']).default('allocate'),
  sheet: z.string().max(100).optional(),
  /** auto: detect TCVN3/VNI text and convert it to Unicode; unicode/tcvn3/vni: the clerk's override. */
  encoding: z.enum(['auto', 'unicode', 'tcvn3', 'vni']).default('auto'),
  /** The clerk confirmed importing a file that was already imported into this register. */
  allowReimport: z.boolean().default(false),
});

// ---- methods ---------------------------------------------------------------------------------------------------

export const incomingApi = {
  'registers.list': method<RegisterDto[]>()({
    input: z.object({ direction: z.enum(['in', 'out']).optional(), year: z.number().int().optional() }).default({}),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Danh sách sổ văn bản.',
  }),
  'registers.create': method<RegisterDto>()({
    input: z.object({
      direction: z.enum(['in', 'out']),
      year: z.number().int().min(2000).max(2200),
      seriesKey: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Mã sổ gồm chữ thường không dấu, chữ số, gạch nối.').optional(),
      name: text(200),
      description: optText(500),
      isDefault: z.boolean().default(false),
    }),
    access: 'session',
    permission: 'registers.manage',
    mutates: true,
    summary: 'Tạo sổ văn bản.',
  }),
  'registers.update': method<RegisterDto>()({
    input: z.object({ id, name: text(200), description: optText(500), isDefault: z.boolean(), active: z.boolean() }),
    access: 'session',
    permission: 'registers.manage',
    mutates: true,
    summary: 'Sửa sổ văn bản.',
  }),
  'registers.printBook': method<BinaryOut>()({
    input: z.object({ registerId: id, from: isoDate.optional(), to: isoDate.optional() }),
    access: 'session',
    permission: 'documents.export',
    mutates: true,
    binary: 'output',
    summary: 'In sổ đăng ký văn bản đến (PDF).',
  }),

  'doctypes.list': method<DocTypeDto[]>()({
    input: z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Danh sách loại văn bản.',
  }),
  'doctypes.save': method<DocTypeDto>()({
    input: z.object({
      id: id.optional(),
      name: text(100),
      abbr: optText(10),
      sortOrder: z.number().int().min(0).max(9999),
      active: z.boolean().default(true),
    }),
    access: 'session',
    permission: 'doctypes.manage',
    mutates: true,
    summary: 'Thêm, sửa loại văn bản.',
  }),

  'agencies.search': method<AgencyDto[]>()({
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).default(10) }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Tìm cơ quan trong danh mục (gõ không dấu được).',
  }),
  'agencies.list': method<{ items: AgencyDto[]; total: number }>()({
    input: z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }).default({ limit: 100, offset: 0 }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Danh mục cơ quan.',
  }),
  'agencies.save': method<AgencyDto>()({
    input: z.object({
      id: id.optional(),
      code: optText(35).pipe(z.string().regex(/^[A-Za-z0-9]{1,13}(\.[A-Za-z0-9]+)*$/, 'Mã định danh chỉ gồm chữ, số và dấu chấm giữa các nhóm.').nullable()),
      name: text(200),
      parentCode: optText(35).pipe(z.string().regex(/^[A-Za-z0-9]{1,13}(\.[A-Za-z0-9]+)*$/, 'Mã cơ quan cấp trên chỉ gồm chữ, số và dấu chấm giữa các nhóm.').nullable()),
      active: z.boolean().default(true),
    }),
    access: 'session',
    permission: 'agencies.manage',
    mutates: true,
    summary: 'Thêm, sửa cơ quan trong danh mục.',
  }),
  'agencies.import': method<{ added: number; updated: number; total: number }>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), fileName: text(255) }),
    access: 'session',
    permission: 'agencies.manage',
    mutates: true,
    summary: 'Nhập danh mục cơ quan từ tệp CSV/XLSX.',
  }),

  'blobs.put': method<BlobInfoDto>()({
    input: z.object({ fileName: text(255), bytes: binaryIn }),
    access: 'session',
    permission: null,
    mutates: true,
    binary: 'input',
    summary: 'Tải tệp lên kho lưu trữ.',
  }),
  'blobs.get': method<BinaryOut>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().max(255).optional() }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    binary: 'output',
    summary: 'Tải tệp về.',
  }),
  'blobs.view': method<BinaryOut>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().max(255).optional() }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    binary: 'output',
    summary: 'Xem tệp trong ứng dụng.',
  }),
  'blobs.open': method<{ opened: boolean }>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), fileName: text(255) }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    summary: 'Mở tệp bằng ứng dụng của máy (chỉ trong ứng dụng máy tính).',
  }),

  'incoming.receive': method<IncomingDetail>()({
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
  'incoming.register': method<IncomingDetail>()({
    input: registerInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Vào sổ văn bản đến.',
  }),
  'incoming.update': method<IncomingDetail>()({
    input: z.object({ id, ...metadata }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Sửa thông tin văn bản đến đã vào sổ.',
  }),
  'incoming.checkDuplicates': method<{ candidates: DuplicateCandidate[] }>()({
    input: duplicateProbe,
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Kiểm tra văn bản trùng.',
  }),
  'incoming.attachFiles': method<IncomingDetail>()({
    input: z.object({ documentId: id, files: z.array(fileRef).min(1).max(50) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Đính kèm tệp (bản giấy, phụ lục) vào văn bản đã vào sổ.',
  }),
  'incoming.void': method<IncomingDetail>()({
    input: z.object({ id, reason: text(500) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Hủy số văn bản đến.',
  }),
  'incoming.refuse': method<IncomingDetail>()({
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

  'documents.get': method<IncomingDetail>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    summary: 'Xem văn bản.',
  }),
  'documents.list': method<ListPage>()({
    input: z.object({
      filters: documentFilters.default({ direction: 'in' }),
      sort: z.enum(['arrival_desc', 'arrival_asc']).default('arrival_desc'),
      limit: z.number().int().min(1).max(200).default(50),
      /** Opaque position from a previous page; absent = first page. */
      cursor: z.string().max(200).optional(),
      /** Start the page at this arrival date (jump to a date) instead of a cursor. */
      startDate: isoDate.optional(),
      withTotal: z.boolean().default(false),
    }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Danh sách văn bản.',
  }),
  'documents.count': method<{ total: number }>()({
    input: z.object({ filters: documentFilters.default({ direction: 'in' }) }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Đếm văn bản theo bộ lọc (tách khỏi trang danh sách cho nhanh).',
  }),
  'documents.search': method<SearchResult>()({
    input: z.object({
      query: searchQuery,
      filters: documentFilters.default({ direction: 'in' }),
      limit: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().min(0).max(100_000).default(0),
    }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Tìm kiếm văn bản (có dấu hoặc không dấu).',
  }),
  'documents.export': method<BinaryOut>()({
    input: z.object({ query: searchQuery.default(''), filters: documentFilters.default({ direction: 'in' }), format: z.enum(['xlsx', 'pdf']) }),
    access: 'session',
    permission: 'documents.export',
    mutates: true,
    binary: 'output',
    summary: 'Xuất danh sách, kết quả tìm kiếm (XLSX, PDF).',
  }),

  'searches.list': method<SavedSearchDto[]>()({
    input: z.object({}).default({}),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Các tìm kiếm đã lưu.',
  }),
  'searches.save': method<SavedSearchDto>()({
    input: z.object({ name: text(100), query: searchQuery, filters: documentFilters.default({ direction: 'in' }) }),
    access: 'session',
    permission: 'documents.read',
    mutates: true,
    summary: 'Lưu tìm kiếm.',
  }),
  'searches.delete': method<{ ok: true }>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'documents.read',
    mutates: true,
    summary: 'Xóa tìm kiếm đã lưu.',
  }),

  'calendar.addWorkingHours': method<{ at: number }>()({
    input: z.object({ from: instant, hours: z.number().min(0).max(10_000) }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Tính thời điểm sau một số giờ làm việc.',
  }),
  'calendar.days': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ year: z.number().int().min(1900).max(2199) }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Lịch nghỉ lễ, nghỉ bù, làm bù trong năm.',
  }),
  'calendar.saveDay': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ date: isoDate, kind: z.enum(['holiday', 'off', 'workday']), name: text(200), confirmed: z.boolean().default(true) }),
    access: 'session',
    permission: 'calendar.manage',
    mutates: true,
    summary: 'Thêm, sửa ngày nghỉ hoặc ngày làm bù.',
  }),
  'calendar.deleteDay': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ date: isoDate }),
    access: 'session',
    permission: 'calendar.manage',
    mutates: true,
    summary: 'Xóa ngày nghỉ hoặc ngày làm bù.',
  }),
  'calendar.confirmYear': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ year: z.number().int().min(1900).max(2199), source: optText(200) }),
    access: 'session',
    permission: 'calendar.manage',
    mutates: true,
    summary: 'Xác nhận lịch nghỉ trong năm theo thông báo chính thức.',
  }),

  'import.preview': method<ImportPreview>()({
    input: importInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Xem trước dữ liệu nhập từ sổ cũ (Excel, CSV).',
  }),
  'import.commit': method<ImportResult>()({
    input: importInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Nhập sổ văn bản đến cũ (toàn bộ hoặc không dòng nào).',
  }),
} as const;
