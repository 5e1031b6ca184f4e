// The edXML data model (QCVN 102:2016, standards §1) as plain objects: what the codec in this folder decodes into and
// encodes from. Runtime-neutral (no node:*, no DOM): used by the desktop sync worker and by the provincial hub alike.
// Dates are calendar dates `YYYY-MM-DD`; trace and status timestamps are epoch ms read and written in Vietnam time.

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** Mã định danh as written on the axis (standards §2.2): opaque, ≤ 35 chars, both orientations accepted. */
export const AGENCY_CODE_RE = /^[A-Z0-9]{1,13}(\.[A-Z0-9]+)*$/;

/** From / To (standards §1.3, 1.1–1.2). Empty optional fields are written as empty elements, never omitted. */
export interface Organ {
  organId: string;
  organizationInCharge: string;
  organName: string;
  organAdd: string;
  email: string;
  telephone: string;
  fax: string;
  website: string;
}

/** BussinessDocType (standards §1.5): 0 new, 1 revoke (thu hồi), 2 update (cập nhật), 3 replace (thay thế). */
export const BUSINESS_DOC_TYPES = { 0: 'new', 1: 'revoke', 2: 'update', 3: 'replace' } as const;
export type BusinessDocType = keyof typeof BUSINESS_DOC_TYPES;

/** StatusCode (standards §1.9). No other number is valid: 07–12 and 14 were never observed and are refused. */
export const STATUS_CODES = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Đã phân công xử lý',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Yêu cầu thu hồi',
  '15': 'Đồng ý thu hồi',
  '16': 'Từ chối thu hồi',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

/** OtherInfo/Priority (standards §1.8): 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ. */
export type Priority = 0 | 1 | 2 | 3 | 4;

export interface StaffInfo {
  department: string;
  staff: string;
  mobile: string;
  email: string;
}

export interface ResponseFor {
  /** The original sender's code. */
  organId: string;
  /** "số/ký hiệu", e.g. `12/UBND-VP`. */
  code: string;
  promulgationDate: string | null;
  documentId: string;
}

export interface TraceHeader {
  organId: string;
  timestamp: number;
}

export interface Business {
  docType: BusinessDocType;
  /** BussinessDocReason (free text; the reason of a revoke/update/replace). */
  reason: string;
  /** Paper = 1: also sent on paper. */
  paper: boolean;
  staff: StaffInfo;
  /** The DocumentId the business refers to (revoke/update: the earlier document). */
  documentId: string | null;
  /** Only for UPDATE. */
  updateInfo: { documentInfo: boolean; documentReceiver: boolean; receivers: Array<{ receiverType: number; organId: string }> } | null;
  /** Only for REPLACE: the documents replaced and the offices concerned. */
  replacements: Array<{ documentId: string; organIds: string[] }>;
}

export interface EdxmlAttachment {
  /** Without the `cid:` prefix. */
  contentId: string;
  name: string;
  description: string;
  contentType: string;
  bytes: Uint8Array;
  /** Decoded size in bytes; set by the decoder only with `skipAttachmentBytes` (then `bytes` is empty). */
  size?: number;
}

/** A document packet (edoc). */
export interface DocumentPacket {
  kind: 'document';
  from: Organ;
  to: Organ[];
  code: { number: string; notation: string };
  promulgation: { place: string; date: string | null };
  documentType: { type: number; typeDetail: number; typeName: string };
  subject: string;
  content: string;
  signer: { competence: string; position: string; fullName: string };
  dueDate: string | null;
  toPlaces: string[];
  otherInfo: {
    priority: Priority;
    sphereOfPromulgation: string;
    typerNotation: string;
    promulgationAmount: number | null;
    pageAmount: number | null;
    appendixes: string[];
  };
  responseFor: ResponseFor[];
  /** 0 không phải văn bản chỉ đạo, 1 chỉ đạo, 2 báo cáo kết quả chỉ đạo. */
  steeringType: 0 | 1 | 2;
  /** `<OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>` (standards §1.4). */
  documentId: string;
  traces: TraceHeader[];
  business: Business;
  attachments: EdxmlAttachment[];
}

/** A status packet (phản hồi trạng thái, standards §1.9): no body, no attachments. */
export interface StatusPacket {
  kind: 'status';
  from: Organ;
  responseFor: ResponseFor;
  staff: StaffInfo;
  statusCode: StatusCode;
  description: string;
  timestamp: number;
}

export type Packet = DocumentPacket | StatusPacket;

/** Why a packet was refused by the decoder: a stable code and a precise Vietnamese message (with the element path). */
export type EdxmlErrorCode =
  | 'not_xml' // not well-formed, truncated, wrong encoding
  | 'doctype' // DOCTYPE / entity declarations (XXE, billion laughs): refused outright
  | 'too_large' // over the size or depth limit
  | 'wrong_root' // not an edXML packet (root, namespace)
  | 'missing' // a required element is missing or empty
  | 'bad_value' // a value of the wrong form (date, code, number, agency code, DocumentId)
  | 'bad_status_code' // a StatusCode outside 01–06, 13, 15, 16
  | 'bad_business_type' // a BussinessDocType outside 0–3
  | 'attachment'; // an attachment without its Reference (or the reverse), bad base64, duplicate ContentId

export class EdxmlError extends Error {
  constructor(
    readonly code: EdxmlErrorCode,
    message: string,
    /** Where, e.g. `edXMLHeader/MessageHeader/Code/CodeNumber`. */
    readonly path: string | null = null,
  ) {
    super(message);
    this.name = 'EdxmlError';
  }
}

/** Limits of the decoder; the defaults suit the hub (a document packet with a 100 MB attachment is still accepted). */
export interface DecodeOptions {
  /** Refuse text longer than this many characters (default 160 M ≈ 120 MB of attachments in base64). */
  maxChars?: number;
  /** Refuse elements nested deeper than this (default 64). */
  maxDepth?: number;
  /** Skip decoding attachment bytes (the hub only routes): `bytes` is then empty, and the size is still checked. */
  skipAttachmentBytes?: boolean;
}
