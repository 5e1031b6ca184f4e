// Expected objects of the golden edXML packets in tests/fixtures/edxml/ (written from standards §1), shared by the
// golden and CLI tests. Only data: nothing here calls the codec.

import type { Business, DocumentPacket, Organ, StaffInfo, StatusPacket } from '../../src-shared/edxml/types';

export const FIXTURES_DIR = new URL('../fixtures/edxml/', import.meta.url);

const organ = (organId: string, organName: string, more: Partial<Organ> = {}): Organ => ({
  organId,
  organizationInCharge: '',
  organName,
  organAdd: '',
  email: '',
  telephone: '',
  fax: '',
  website: '',
  ...more,
});

const NO_STAFF: StaffInfo = { department: '', staff: '', mobile: '', email: '' };
const CLERK: StaffInfo = { department: 'Văn phòng HĐND và UBND', staff: 'Nguyễn Thị Hòa', mobile: '0912345678', email: 'vanthu@donghoa.gov.vn' };

export const XA_DONG_HOA = organ('000.00.12.H35', 'Ủy ban nhân dân xã Đồng Hóa', {
  organizationInCharge: 'Ủy ban nhân dân tỉnh Hà Nam',
  organAdd: 'Thôn Đồng Hóa, xã Đồng Hóa, tỉnh Hà Nam',
  email: 'ubnd@donghoa.gov.vn',
  telephone: '0226 3851 234',
  website: 'https://donghoa.hanam.gov.vn',
});
export const UBND_TINH = organ('000.00.00.H35', 'Ủy ban nhân dân tỉnh Hà Nam', { organAdd: 'Số 1 Trần Phú, phường Phủ Lý' });
export const SO_TAI_CHINH = organ('000.00.11.H35', 'Sở Tài chính tỉnh Hà Nam');

const NEW: Business = { docType: 0, reason: '', paper: false, staff: NO_STAFF, documentId: null, updateInfo: null, replacements: [] };

/** A small but real PDF (the codec must carry any bytes, but a clerk's packet carries PDFs). */
export const PDF_BYTES = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 255);

const vnMs = (y: number, mo: number, d: number, h: number, mi: number, s: number) => Date.UTC(y, mo - 1, d, h - 7, mi, s);

/** Công văn of the commune to the province, VPCP-validated order (canonical: encoder output is byte-identical). */
export const DOCUMENT_NEW: DocumentPacket = {
  kind: 'document',
  from: XA_DONG_HOA,
  to: [UBND_TINH],
  code: { number: '125', notation: 'UBND-VP' },
  promulgation: { place: 'Đồng Hóa', date: '2026-12-04' },
  documentType: { type: 18, typeDetail: 0, typeName: 'Công văn' },
  subject: 'V/v báo cáo tình hình "an toàn" giao thông & trật tự <quý IV> năm 2026',
  content: 'Ủy ban nhân dân xã Đồng Hóa báo cáo tình hình an toàn giao thông quý IV/2026.',
  signer: { competence: 'TM. ỦY BAN NHÂN DÂN', position: 'Chủ tịch', fullName: 'Trần Văn Đức' },
  dueDate: '2026-12-15',
  toPlaces: ['Như trên', 'Lưu: VT, VP'],
  otherInfo: { priority: 1, sphereOfPromulgation: 'Lưu hành nội bộ', typerNotation: 'NTH', promulgationAmount: 3, pageAmount: 2, appendixes: [] },
  responseFor: [],
  steeringType: 0,
  documentId: '000.00.12.H35,2026/12/04,125/UBND-VP',
  traces: [{ organId: '000.00.12.H35', timestamp: vnMs(2026, 12, 4, 16, 30, 5) }],
  business: NEW,
  attachments: [{ contentId: '7f3c1a52-0d1e-4b8e-9a7c-2f5b6e8d9c01', name: '125-UBND-VP.pdf', description: 'Văn bản chính', contentType: 'application/pdf', bytes: PDF_BYTES }],
};

/** Quyết định to two recipients, replying to an earlier document, with two appendices as separate attachments. */
export const DOCUMENT_TWO_RECIPIENTS: DocumentPacket = {
  ...DOCUMENT_NEW,
  to: [UBND_TINH, SO_TAI_CHINH],
  code: { number: '37', notation: 'QĐ-UBND' },
  promulgation: { place: 'Đồng Hóa', date: '2026-11-30' },
  documentType: { type: 2, typeDetail: 0, typeName: 'Quyết định' },
  subject: 'Quyết định phê duyệt dự toán ngân sách xã năm 2027',
  content: '',
  signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Lê Thị Ánh' },
  dueDate: null,
  toPlaces: ['UBND tỉnh (để b/c)', 'Sở Tài chính', 'Lưu: VT'],
  otherInfo: {
    priority: 0,
    sphereOfPromulgation: '',
    typerNotation: '',
    promulgationAmount: null,
    pageAmount: null,
    appendixes: ['Phụ lục I: Dự toán thu', 'Phụ lục II: Dự toán chi'],
  },
  responseFor: [{ organId: '000.00.11.H35', code: '2491/STC-NS', promulgationDate: '2026-11-20', documentId: '000.00.11.H35,2026/11/20,2491/STC-NS' }],
  steeringType: 2,
  documentId: '000.00.12.H35,2026/11/30,37/QĐ-UBND',
  traces: [
    { organId: '000.00.12.H35', timestamp: vnMs(2026, 11, 30, 8, 0, 0) },
    { organId: '000.00.00.H35', timestamp: vnMs(2026, 11, 30, 8, 0, 41) },
  ],
  business: { ...NEW, paper: true, staff: CLERK },
  attachments: [
    { contentId: 'qd-37', name: '37-QĐ-UBND.pdf', description: 'Quyết định', contentType: 'application/pdf', bytes: PDF_BYTES },
    {
      contentId: 'pl-1',
      name: 'Phụ lục I.xlsx',
      description: 'Phụ lục I',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: bytesOf(200, 1),
    },
    { contentId: 'pl-2', name: 'Phụ lục II.doc', description: 'Phụ lục II', contentType: 'application/msword', bytes: bytesOf(31, 2) },
  ],
};

/** Thu hồi (revoke) of document 125. */
export const DOCUMENT_REVOKE: DocumentPacket = {
  ...DOCUMENT_NEW,
  business: { ...NEW, docType: 1, reason: 'Ban hành sai thẩm quyền', staff: CLERK, documentId: '000.00.12.H35,2026/12/04,125/UBND-VP' },
  attachments: [],
};

/** Cập nhật (update): metadata and recipients changed, one recipient added and one removed. */
export const DOCUMENT_UPDATE: DocumentPacket = {
  ...DOCUMENT_NEW,
  subject: 'V/v báo cáo tình hình an toàn giao thông quý IV năm 2026 (cập nhật trích yếu)',
  business: {
    ...NEW,
    docType: 2,
    reason: 'Sửa trích yếu, bổ sung nơi nhận',
    staff: CLERK,
    documentId: '000.00.12.H35,2026/12/04,125/UBND-VP',
    updateInfo: {
      documentInfo: true,
      documentReceiver: true,
      receivers: [
        { receiverType: 0, organId: '000.00.11.H35' },
        { receiverType: 1, organId: '000.00.13.H35' },
      ],
    },
  },
};

/** Thay thế (replace): document 130 replaces 125 for two offices. */
export const DOCUMENT_REPLACE: DocumentPacket = {
  ...DOCUMENT_NEW,
  code: { number: '130', notation: 'UBND-VP' },
  promulgation: { place: 'Đồng Hóa', date: '2026-12-06' },
  documentId: '000.00.12.H35,2026/12/06,130/UBND-VP',
  business: {
    ...NEW,
    docType: 3,
    reason: 'Thay thế Công văn số 125/UBND-VP do sai số liệu',
    staff: CLERK,
    replacements: [{ documentId: '000.00.12.H35,2026/12/04,125/UBND-VP', organIds: ['000.00.00.H35', '000.00.11.H35'] }],
  },
};

const STATUS_BASE: StatusPacket = {
  kind: 'status',
  from: UBND_TINH,
  responseFor: { organId: '000.00.12.H35', code: '125/UBND-VP', promulgationDate: '2026-12-04', documentId: '000.00.12.H35,2026/12/04,125/UBND-VP' },
  staff: { department: 'Văn phòng UBND tỉnh', staff: 'Phạm Quốc Bảo', mobile: '', email: 'vanthu@hanam.gov.vn' },
  statusCode: '01',
  description: 'Đã đến',
  timestamp: vnMs(2026, 12, 4, 16, 31, 0),
};

export const STATUS: Record<string, StatusPacket> = {
  '01': STATUS_BASE,
  '02': {
    ...STATUS_BASE,
    statusCode: '02',
    description: 'Từ chối tiếp nhận: gửi nhầm nơi nhận, văn bản thuộc thẩm quyền Sở Giao thông vận tải',
    timestamp: vnMs(2026, 12, 5, 8, 15, 0),
  },
  '03': { ...STATUS_BASE, statusCode: '03', description: 'Đã tiếp nhận, vào sổ văn bản đến số 4512', timestamp: vnMs(2026, 12, 5, 8, 20, 9) },
  '13': {
    ...STATUS_BASE,
    from: XA_DONG_HOA,
    staff: CLERK,
    statusCode: '13',
    description: 'Đề nghị lấy lại văn bản để sửa số liệu',
    timestamp: vnMs(2026, 12, 5, 9, 0, 0),
  },
  '15': { ...STATUS_BASE, statusCode: '15', description: 'Đồng ý lấy lại', timestamp: vnMs(2026, 12, 5, 9, 30, 0) },
  '16': { ...STATUS_BASE, statusCode: '16', description: 'Từ chối lấy lại: văn bản đã được giao xử lý', timestamp: vnMs(2026, 12, 5, 9, 31, 59) },
};

/** The canonical golden files: the encoder must reproduce each byte for byte. */
export const CANONICAL: Record<string, DocumentPacket | StatusPacket> = {
  'document-new.edxml': DOCUMENT_NEW,
  'document-two-recipients.edxml': DOCUMENT_TWO_RECIPIENTS,
  'document-revoke.edxml': DOCUMENT_REVOKE,
  'document-update.edxml': DOCUMENT_UPDATE,
  'document-replace.edxml': DOCUMENT_REPLACE,
  ...Object.fromEntries(Object.entries(STATUS).map(([code, p]) => [`status-${code}.edxml`, p])),
};

/**
 * The Bkav-style packet (hand-written): DocumentId after To, ToPlaces last, `Business…` spelling, dd/MM/yyyy dates,
 * cid-less ContentIds in AttachmentEncoded, base64 wrapped at 76 columns, extension elements. It decodes to this.
 */
export const DOCUMENT_BKAV: DocumentPacket = {
  kind: 'document',
  from: organ('000.00.00.H41', 'UBND tỉnh Nghệ An', { organAdd: 'Số 3 Trường Thi, TP Vinh', email: 'vanthu@nghean.gov.vn' }),
  to: [organ('000.00.12.H35', 'UBND xã Đồng Hóa')],
  code: { number: '7816', notation: 'UBND-TH/ĐT' },
  promulgation: { place: 'Nghệ An', date: '2026-09-30' },
  documentType: { type: 1, typeDetail: 0, typeName: 'Công văn' },
  subject: 'Về việc phối hợp triển khai liên thông văn bản điện tử',
  content: 'Về việc phối hợp triển khai liên thông văn bản điện tử',
  signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Hoàng Nghĩa Hiếu' },
  dueDate: '2026-10-15',
  toPlaces: ['Như trên', 'Lưu: VT'],
  otherInfo: { priority: 2, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 1, pageAmount: 1, appendixes: [] },
  responseFor: [],
  steeringType: 1,
  documentId: '000.00.00.H41,2026/09/30,7816/UBND-TH/ĐT',
  traces: [{ organId: '000.00.00.H41', timestamp: vnMs(2026, 9, 30, 14, 5, 7) }],
  business: { ...NEW, staff: { department: 'Văn phòng', staff: 'Bkav eDoc', mobile: '', email: '' } },
  attachments: [
    { contentId: 'e3b0c442-98fc-1c14-9afb-f4c8996fb924', name: '7816-UBND-TH.pdf', description: '', contentType: 'application/pdf', bytes: PDF_BYTES },
    { contentId: 'b2', name: 'phu-luc.zip', description: 'Phụ lục', contentType: 'application/zip', bytes: bytesOf(90, 3) },
  ],
};
