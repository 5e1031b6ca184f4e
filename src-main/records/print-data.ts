// The data the records printouts and the export package are made from: plain values, already read and sorted by
// the service (records/service.ts). Renderers (records/forms.ts) and the package writer (records/export-package.ts)
// never query anything; this file is their whole boundary.

import type { FilePlanHeadingDto, FileState, RetentionKind } from '../../src-shared/api/records';

/** The issuing body's heading on every form (tên cơ quan chủ quản, tên cơ quan) and its place name (địa danh). */
export interface OrgHeader {
  orgName: string;
  parentOrgName: string | null;
  /** Địa danh for "Hà Nam, ngày … tháng … năm …"; null prints dots. */
  place: string | null;
  /** Mã định danh of the office (OrganId, 13 characters); null when not configured. */
  organId: string | null;
}

export interface PrintStamp {
  printedAt: number;
  printedBy: string;
}

/** Danh mục hồ sơ (NĐ 30 Phụ lục V): headings with their lines, footer counts, approval. */
export interface FilePlanPrint extends PrintStamp {
  org: OrgHeader;
  year: number;
  status: 'draft' | 'approved' | 'issued';
  headings: FilePlanHeadingDto[];
  counts: { total: number; permanent: number; limited: number };
  approvedAt: number | null;
  approvedBy: string | null;
  /** Người ký (the head) for the signature block; null prints an empty block. */
  signerTitle: string | null;
}

/** File-level metadata, NĐ 30 Phụ lục VI Phần II.III (and TT 02/2019 for the extras). */
export interface FileMeta {
  id: number;
  /** Mã hồ sơ: OrganId.FileCatalog.FileNotation */
  fileCode: string;
  organId: string | null;
  /** FileCatalog: năm hình thành hồ sơ. */
  year: number;
  /** FileNotation: "01.TCCB". */
  code: string;
  title: string;
  /** Maintenance as printed ("Vĩnh viễn", "10 năm"). */
  retentionLabel: string;
  retentionKind: RetentionKind;
  retentionYears: number | null;
  /** Rights: 'Hạn chế' | 'Không hạn chế'. */
  rightsLabel: string;
  /** Creator: người lập hồ sơ. */
  ownerName: string;
  unitName: string | null;
  language: string;
  startDate: string;
  endDate: string | null;
  docTotal: number;
  pageTotal: number;
  description: string | null;
  state: FileState;
}

/** One document in a file, in its DocOrdinal order (Phụ lục VI Phần II.I/II). */
export interface FileItemMeta {
  ordinal: number;
  kind: 'in' | 'out' | 'other';
  typeName: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  /** "123/UBND-VP", as printed in the Mục lục. */
  code: string | null;
  issuedDate: string | null;
  /** OrganName: the issuing body. */
  organName: string | null;
  subject: string;
  language: string;
  pageAmount: number | null;
  description: string | null;
  /** Incoming only. */
  arrivalDate: string | null;
  arrivalNumber: number | null;
  signerPosition: string | null;
  signerName: string | null;
  /** Mức độ khẩn: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc. */
  priority: number;
  /** First and last page of this document inside the combined PDF (after the front matter); null when not merged. */
  pageFrom: number | null;
  pageTo: number | null;
  /** The document is not visible to the person exporting/printing: only number and date are given. */
  hidden: boolean;
}

/** Cover page and Mục lục văn bản trong hồ sơ (the first pages of the export PDF, and the printed index). */
export interface FileFrontMatter extends PrintStamp {
  org: OrgHeader;
  file: FileMeta;
  items: FileItemMeta[];
}

/** Mục lục hồ sơ, tài liệu nộp lưu + Biên bản giao nhận (standards §3.11). */
export interface TransferPrint extends PrintStamp {
  org: OrgHeader;
  /** Null before the transfer is confirmed (the forms are a preview). */
  number: number | null;
  /** The day of the handover, YYYY-MM-DD. */
  date: string;
  deliveringUnit: string | null;
  deliveredBy: string;
  receivedBy: string;
  files: Array<{
    ordinal: number;
    code: string;
    title: string;
    startDate: string;
    endDate: string | null;
    retentionLabel: string;
    docTotal: number;
    pageTotal: number;
    notes: string | null;
  }>;
  /** Electronic records: how many computer files the files hold in all (Biên bản: "số lượng tệp"). */
  computerFiles: number;
  notes: string | null;
}

/** One stored file to put in the package, read lazily so the package is streamed. */
export interface PackageFile {
  /** Ordinal of the document it belongs to (for the name and the XML link). */
  ordinal: number;
  name: string;
  hash: string;
  size: number;
  mime: string;
  read(): Promise<Uint8Array>;
}

export interface ExportPackageInput {
  org: OrgHeader;
  file: FileMeta;
  items: FileItemMeta[];
  /** The files of every item, in item order. Items without a PDF still appear in the XML and the index. */
  files: PackageFile[];
  /** Renders the cover and the Mục lục for the final page numbers (called once the documents are counted). */
  frontMatter(items: FileItemMeta[]): Promise<Uint8Array>;
  exportedAt: number;
  exportedBy: string;
}

export interface ExportPackageResult {
  documents: number;
  /** Pages of the combined PDF, front matter included. */
  pages: number;
  /** Files that could not be merged into the combined PDF (damaged, encrypted, not a PDF): still in tai-lieu/. */
  notMerged: Array<{ name: string; reason: string }>;
}
