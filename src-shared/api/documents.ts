// Contract for documents of either direction: detail, lists, counts, search, export, saved searches, and the
// shapes other domains share (list items, file refs, DocumentFilters, the file-ref input). Document types live here
// too, not in a doctypes.ts: they are served by src-main/documents/doctypes.ts and src-main/documents/handlers.ts.

import { z } from 'zod';
import {
  RECEIVED_VIA,
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
import { id, isoDate, keysOf, method, optText, text, type BinaryOut } from './define';

/** A search query as typed; the words, OR, NOT and -word are read by the core. */
const searchQuery = z.string().max(SEARCH_MAX, `Từ khóa tìm kiếm dài quá ${SEARCH_MAX} ký tự; hãy rút gọn.`);

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface DocTypeDto {
  id: number;
  name: string;
  /** Viết tắt used in ký hiệu (QĐ, TTr …); empty for Công văn and Thư công. */
  abbr: string | null;
  sortOrder: number;
  active: boolean;
  builtin: boolean;
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

/**
 * Incoming-only fields of a list item (văn bản đến): the arrival, its registration deadline and how it came. An
 * outgoing document will carry its own group (số đi, ngày ban hành, nơi nhận) beside these, never reuse them.
 */
export interface IncomingListFields {
  /** Số đến; null until registered (pending, refused). */
  arrivalNumber: number | null;
  /** Ngày đến: when the document counts as received (next working period if it came outside hours). */
  arrivalAt: number;
  /** When it actually entered the office's system. */
  receivedAt: number;
  /** Deadline to register and pass it on: 8 working hours after arrivalAt. */
  registrationDueAt: number;
  /** Registered after registrationDueAt. */
  late: boolean;
  receivedVia: ReceivedVia;
}

/** A document of either direction as lists, search hits and exports show it. */
export interface DocumentListItem extends IncomingListFields {
  id: number;
  status: DocStatus;
  registerId: number | null;
  registerName: string | null;
  year: number;
  registeredAt: number | null;
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
  fileCount: number;
  /** Hạn chế: seen only by the people it is given to. */
  restricted: boolean;
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

/** Incoming-only fields of the detail, beside those of the list item. */
export interface IncomingDetailFields {
  /** Số đến cũ: the old book's number of a document imported with new numbers. */
  oldArrivalNumber: string | null;
  /** Dấu "ĐẾN" (NĐ 30 Phụ lục IV). */
  stamp: ArrivalStampDto;
}

/** One document of either direction with everything the detail screen shows. */
export interface DocumentDetail extends DocumentListItem, IncomingDetailFields {
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
  registeredBy: string | null;
  voidReason: string | null;
  voidedAt: number | null;
  voidedBy: string | null;
  refusalReason: RefusalReason | null;
  refusalText: string | null;
  refusedAt: number | null;
  refusedBy: string | null;
  files: FileRefDto[];
}

export interface ListPage {
  items: DocumentListItem[];
  /** Urgent documents not yet handled, shown above the list whatever the page (PY 5.3). */
  pinned: DocumentListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
  /** Only when asked for (withTotal): counting is the slow part of a list. */
  total: number | null;
}

export type HighlightField = 'subject' | 'issuerName' | 'code' | 'typeName' | 'notes' | 'signerName';

export interface SearchHit {
  item: DocumentListItem;
  highlights: Array<{ field: HighlightField; ranges: Array<[number, number]> }>;
  /** A passage of a file's text around the match, when the match is in a file. */
  snippet: { fileName: string; text: string; ranges: Array<[number, number]> } | null;
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** false when there are more matches than `total`: a page counts only up to its end (offset + limit); the exact
   *  number is documents.searchTotal's. */
  totalExact: boolean;
  /** The folded terms searched, for highlighting in the UI. */
  terms: string[];
  tookMs: number;
}

/** The number of a search's matches, exact up to 10,000 ("hơn 10.000" beyond). */
export interface SearchTotal {
  total: number;
  totalExact: boolean;
}

export interface SavedSearchDto {
  id: number;
  name: string;
  query: string;
  filters: DocumentFilters;
  createdAt: number;
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

/** A search: its page (documents.search) and its exact count (documents.searchTotal) take the same input. */
const searchInput = z.object({
  query: searchQuery,
  filters: documentFilters.default({ direction: 'in' }),
  limit: z.number().int().min(1).max(200).default(20),
  offset: z.number().int().min(0).max(100_000).default(0),
});

/** A stored file (by hash) given to a document; used by incoming.* and, later, outgoing.*. */
export const fileRef = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'Mã tệp không hợp lệ.'),
  fileName: text(255),
  role: z.enum(keysOf(FILE_ROLES)).default('main'),
});

/** Who a document is given to (src-main/documents/access.ts): a person or a unit. */
export const ACCESS_KINDS = {
  presented: 'Trình',
  lead: 'Chủ trì',
  cooperate: 'Phối hợp',
  info: 'Để biết',
} as const;
export type AccessKind = keyof typeof ACCESS_KINDS;

export interface AccessLinkDto {
  id: number;
  kind: AccessKind;
  userId: number | null;
  userName: string | null;
  unitId: number | null;
  unitName: string | null;
  grantedAt: number;
  grantedBy: string | null;
}

// ---- methods ---------------------------------------------------------------------------------------------------

export const documentsApi = {
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
  'documents.get': method<DocumentDetail>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    summary: 'Xem văn bản.',
  }),
  'documents.access': method<AccessLinkDto[]>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Người, đơn vị được giao hoặc gửi để biết văn bản.',
  }),
  'documents.share': method<AccessLinkDto[]>()({
    input: z
      .object({ id, userIds: z.array(id).max(200).default([]), unitIds: z.array(id).max(100).default([]) })
      .refine((v) => v.userIds.length + v.unitIds.length > 0, { message: 'Chọn ít nhất một người hoặc đơn vị.', path: ['userIds'] }),
    access: 'session',
    permission: 'documents.share',
    mutates: true,
    summary: 'Gửi văn bản để biết cho người hoặc đơn vị (họ được xem văn bản và tệp).',
  }),
  'documents.unshare': method<AccessLinkDto[]>()({
    input: z.object({ id, linkId: id }),
    access: 'session',
    permission: 'documents.share',
    mutates: true,
    summary: 'Thôi gửi để biết.',
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
    input: searchInput,
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Tìm kiếm văn bản (có dấu hoặc không dấu).',
  }),
  'documents.searchTotal': method<SearchTotal>()({
    input: searchInput,
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Đếm chính xác số văn bản phù hợp với một tìm kiếm (đến 10.000), hỏi sau trang kết quả.',
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
} as const;
