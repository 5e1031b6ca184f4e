// Contract for digital signatures (chữ ký số): tokens found on this PC, the leader's personal signature on an
// approved draft, the clerk's number stamp + organisation signature when issuing, verification reports of any PDF,
// and the admin's trust anchors, token modules, time-stamping and the organisation token's custody log.
// Mirrors src-main/signing/. A PIN travels only in the signing calls' input and is never stored or logged.

import { z } from 'zod';
import { id, isoDate, method, none, optText, text } from './define';
import type { CertificateInfo, MainIndication, TokenInfo, VerificationReport } from '../signing/types';

export type { CertificateInfo, MainIndication, SignatureCheck, VerificationReport } from '../signing/types';

/** Days ahead of a certificate's end when the app starts warning (requirements §4). */
export const CERT_EXPIRY_WARN_DAYS = 30;

export const INDICATION_LABELS: Record<MainIndication | 'UNSIGNED', string> = {
  TOTAL_PASSED: 'Hợp lệ',
  INDETERMINATE: 'Chưa xác định',
  TOTAL_FAILED: 'Không hợp lệ',
  UNSIGNED: 'Không có chữ ký số',
};

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface TokenCertDto extends CertificateInfo {
  keyId: string;
  /** Days until notAfter (negative when expired). */
  daysLeft: number;
  /** Usable to sign now: valid, with digitalSignature or nonRepudiation. */
  usable: boolean;
  problem: string | null;
}

/** A token as the signing dialog sees it: what the driver found, its certificates with whether they can sign now. */
export interface TokenDto extends Omit<TokenInfo, 'moduleId' | 'certificates'> {
  certificates: TokenCertDto[];
}

export interface TokenModuleDto {
  path: string;
  name: string;
  /** Where it came from: the known middleware table or the admin's own path. */
  source: 'known' | 'admin';
  present: boolean;
  error: string | null;
}

export interface SignResultDto {
  documentId: number;
  /** Hash of the new signed main PDF. */
  hash: string;
  /** Verification of the file just written (every signature in it). */
  report: VerificationReport;
  /** Set when a timestamp could not be fetched now: it will be added later by a background job. */
  timestampDeferred: boolean;
}

export interface TrustAnchorDto {
  id: number;
  fingerprint: string;
  subject: string;
  notAfter: number;
  enabled: boolean;
  addedAt: number;
  addedByName: string | null;
}

export interface CustodyDto {
  id: number;
  fromName: string;
  toName: string;
  date: string;
  note: string | null;
  certFingerprint: string | null;
  recordedByName: string | null;
  recordedAt: number;
}

export interface SigningSettingsDto {
  /** Extra PKCS#11 libraries chosen by the admin (absolute paths). */
  modulePaths: string[];
  /** RFC 3161 time-stamping server; null = do not timestamp (PAdES B-B only). */
  tsaUrl: string | null;
  /** Where the organisation's seal goes relative to the personal signature (standards §3.8: overlapping a third on the left). */
  sealPosition: 'overlap-left' | 'top-left' | 'top-right';
  /** The office's seal image (PNG, transparent) is configured. */
  hasSeal: boolean;
}

/** A remote signing service configured by the admin. The client secret is write-only: only `hasSecret` comes back. */
export interface RemoteProviderDto {
  id: number;
  name: string;
  /** 'csc' = Cloud Signature Consortium API v1 (Viettel MySign and others). */
  kind: 'csc';
  baseUrl: string;
  clientId: string | null;
  hasSecret: boolean;
  /** How long a request waits for the confirmation on the phone. */
  timeoutSeconds: number;
}

/** A credential (key + certificate) the provider holds for a user. */
export interface RemoteCredentialDto {
  credentialId: string;
  description: string | null;
  certificate: CertificateInfo | null;
  usable: boolean;
  problem: string | null;
}

/** The credential this user signs with remotely (null = none linked). */
export interface RemoteLinkDto {
  providerId: number;
  providerName: string;
  providerUserId: string;
  credentialId: string;
  subject: string | null;
}

export type RemoteSignState = 'waiting' | 'signed' | 'refused' | 'expired' | 'failed';

export interface RemoteRequestDto {
  requestId: string;
  documentId: number;
  state: RemoteSignState;
  /** Epoch ms: the request is given up after this instant. */
  expiresAt: number;
  message: string | null;
  /** Hash of the signed main PDF once state = 'signed'. */
  hash: string | null;
}

// ---- methods ---------------------------------------------------------------------------------------------------

const pin = z.string().min(1, 'Nhập mã PIN.').max(64, 'Mã PIN quá dài.');
const signer = z.object({ tokenId: z.string().min(1).max(300), certFingerprint: z.string().regex(/^[0-9a-f]{64}$/), pin });
const pngHash = z.string().regex(/^[0-9a-f]{64}$/);

export const signingApi = {
  'tokens.list': method<{ modules: TokenModuleDto[]; tokens: TokenDto[] }>()({
    input: none,
    access: 'session',
    permission: 'signing.use',
    mutates: false,
    summary: 'Các thiết bị ký số (token) đang cắm vào máy và chứng thư số trên đó.',
  }),
  'signing.signPersonal': method<SignResultDto>()({
    input: z.object({
      outgoingId: id,
      version: z.number().int().positive(),
      ...signer.shape,
      /** Where the signature image goes; absent = found from the signing block (the signer's name). */
      placement: z.object({ page: z.number().int().positive(), x: z.number(), y: z.number() }).optional(),
    }),
    access: 'session',
    permission: 'signing.personal',
    mutates: true,
    summary: 'Lãnh đạo ký số cá nhân vào dự thảo đã duyệt (chữ ký ảnh tại ô ký).',
  }),
  'signing.sealAndIssue': method<SignResultDto & { number: string }>()({
    input: z.object({
      outgoingId: id,
      version: z.number().int().positive(),
      registerId: id.optional(),
      /** Must be today: the organisation signature's date equals the issue date. */
      issuedDate: isoDate.optional(),
      ...signer.shape,
    }),
    access: 'session',
    permission: 'outgoing.issue',
    mutates: true,
    summary: 'Văn thư cấp số, ghi số và ngày vào văn bản, ký số của cơ quan (đóng dấu số) và ban hành.',
  }),
  'signing.sealIssued': method<SignResultDto>()({
    input: z.object({ outgoingId: id, ...signer.shape }),
    access: 'session',
    permission: 'outgoing.issue',
    mutates: true,
    summary: 'Ký số cơ quan cho văn bản đã cấp số nhưng chưa ký (ký lại sau lỗi token), cùng ngày ban hành.',
  }),
  'signing.sealBatch': method<{
    results: Array<{ outgoingId: number; ok: boolean; number: string | null; hash: string | null; error: { code: string; message: string } | null }>;
  }>()({
    input: z.object({
      items: z
        /** `version` as listed; absent = the current one (a leader's signature added since makes a newer version). */
        .array(z.object({ outgoingId: id, version: z.number().int().positive().optional() }))
        .min(1, 'Chọn ít nhất một văn bản.')
        .max(50, 'Mỗi lần ký tối đa 50 văn bản.'),
      ...signer.shape,
    }),
    access: 'session',
    permission: 'outgoing.issue',
    mutates: true,
    summary: 'Văn thư cấp số và ký số cơ quan cho nhiều văn bản chờ ban hành với một lần nhập PIN; từng văn bản được ghi nhật ký riêng.',
  }),
  'signing.makeCopy': method<SignResultDto & { number: string; sourceId: number }>()({
    input: z.object({
      /** The document copied: an incoming document in the register or an issued outgoing one, with a PDF. */
      documentId: id,
      /** Hình thức sao: sao y (SY), sao lục (SL), trích sao (TrS). */
      form: z.enum(['SY', 'SL', 'TrS']),
      /** Which PDF of the document; absent = its main file. */
      fileHash: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
      /** Ghi chú (for a trích sao: which part is copied). */
      note: optText(1000),
      ...signer.shape,
    }),
    access: 'session',
    permission: 'outgoing.issue',
    mutates: true,
    summary: 'Văn thư tạo bản sao điện tử (sao y, sao lục, trích sao) của một văn bản: cấp số bản sao (03/SY-UBND) và ký số của cơ quan vào tệp PDF.',
  }),
  'signing.verify': method<VerificationReport>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), recheck: z.boolean().default(false) }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Kiểm tra các chữ ký số trong một tệp PDF (kết quả được lưu cùng văn bản làm bằng chứng).',
  }),
  'signing.settings': method<SigningSettingsDto>()({
    input: none,
    access: 'session',
    permission: 'signing.use',
    mutates: false,
    summary: 'Cấu hình ký số: thư viện token, máy chủ dấu thời gian, vị trí dấu.',
  }),
  'signing.saveSettings': method<SigningSettingsDto>()({
    input: z.object({
      modulePaths: z.array(z.string().min(1).max(500)).max(20),
      tsaUrl: z
        .string()
        .max(500)
        .regex(/^https?:\/\//, 'Địa chỉ phải bắt đầu bằng http:// hoặc https://')
        .nullable(),
      sealPosition: z.enum(['overlap-left', 'top-left', 'top-right']),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Lưu cấu hình ký số.',
  }),
  'signing.setImage': method<{ ok: true }>()({
    input: z.object({ kind: z.enum(['signature', 'seal']), hash: pngHash.nullable() }),
    access: 'session',
    permission: 'signing.use',
    mutates: true,
    summary: 'Đặt ảnh chữ ký của mình (PNG nền trong) hoặc ảnh con dấu của cơ quan (văn thư).',
  }),
  'signing.trustList': method<TrustAnchorDto[]>()({
    input: none,
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Danh sách chứng thư gốc (CA) được tin cậy khi kiểm tra chữ ký.',
  }),
  'signing.trustAdd': method<TrustAnchorDto>()({
    /** The certificate file's content: base64 of a DER file (.cer, .crt) or the text of a PEM file. */
    input: z.object({ certificate: z.string().min(100, 'Tệp chứng thư rỗng.').max(200_000, 'Tệp chứng thư quá lớn.') }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Thêm chứng thư gốc tin cậy từ nội dung tệp .cer/.crt/.pem (chứng thư của tổ chức cấp chứng thư, CA).',
  }),
  'signing.trustSetEnabled': method<TrustAnchorDto>()({
    input: z.object({ id, enabled: z.boolean() }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Bật, tắt một chứng thư gốc tin cậy.',
  }),
  'signing.custodyList': method<CustodyDto[]>()({
    input: none,
    access: 'session',
    permission: 'signing.seal',
    mutates: false,
    summary: 'Sổ bàn giao token ký số của cơ quan.',
  }),
  'signing.custodyAdd': method<CustodyDto>()({
    input: z.object({
      fromName: text(120),
      toName: text(120),
      date: isoDate,
      note: optText(1000),
      certFingerprint: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable()
        .default(null),
    }),
    access: 'session',
    permission: 'signing.seal',
    mutates: true,
    summary: 'Ghi biên bản bàn giao token ký số của cơ quan (người giao, người nhận, ngày, ghi chú).',
  }),
  'signing.remoteProviders': method<RemoteProviderDto[]>()({
    input: none,
    access: 'session',
    permission: 'signing.use',
    mutates: false,
    summary: 'Các dịch vụ ký số từ xa (SmartCA, MySign …) đã cấu hình; không bao giờ trả về khóa bí mật.',
  }),
  'signing.saveRemoteProvider': method<RemoteProviderDto>()({
    input: z.object({
      id: id.optional(),
      name: text(120),
      kind: z.literal('csc'),
      baseUrl: z
        .string()
        .max(500)
        .regex(/^https?:\/\//, 'Địa chỉ phải bắt đầu bằng http:// hoặc https://'),
      clientId: z.string().max(300).nullable().default(null),
      /** Write-only. Absent = keep the stored one (when editing); null = remove it. */
      clientSecret: z.string().min(1).max(1000).nullable().optional(),
      timeoutSeconds: z.number().int().min(5).max(900).default(120),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Thêm, sửa một dịch vụ ký số từ xa (khóa bí mật được mã hóa khi lưu, không hiển thị lại).',
  }),
  'signing.removeRemoteProvider': method<{ ok: true }>()({
    input: z.object({ id }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Xóa một dịch vụ ký số từ xa chưa có ai liên kết.',
  }),
  'signing.remoteCredentials': method<RemoteCredentialDto[]>()({
    input: z.object({ providerId: id, providerUserId: z.string().trim().min(1, 'Nhập tài khoản tại dịch vụ ký số.').max(200) }),
    access: 'session',
    permission: 'signing.personal',
    mutates: false,
    summary: 'Các chứng thư số của một tài khoản tại dịch vụ ký số từ xa (hỏi dịch vụ).',
  }),
  'signing.remoteLink': method<RemoteLinkDto | null>()({
    input: none,
    access: 'session',
    permission: 'signing.personal',
    mutates: false,
    summary: 'Chứng thư ký số từ xa mà người dùng đã liên kết.',
  }),
  'signing.saveRemoteLink': method<RemoteLinkDto | null>()({
    /** null = unlink. */
    input: z.object({ link: z.object({ providerId: id, providerUserId: z.string().trim().min(1).max(200), credentialId: z.string().min(1).max(300) }).nullable() }),
    access: 'session',
    permission: 'signing.personal',
    mutates: true,
    summary: 'Liên kết (hoặc bỏ liên kết) chứng thư ký số từ xa của mình.',
  }),
  'signing.signPersonalRemote': method<{ requestId: string; expiresAt: number }>()({
    input: z.object({
      outgoingId: id,
      version: z.number().int().positive(),
      placement: z.object({ page: z.number().int().positive(), x: z.number(), y: z.number() }).optional(),
    }),
    access: 'session',
    permission: 'signing.personal',
    mutates: true,
    summary: 'Gửi yêu cầu ký số cá nhân từ xa (xác nhận trên điện thoại); kết quả đến qua sự kiện signing.remoteProgress.',
  }),
  'signing.remoteStatus': method<RemoteRequestDto>()({
    input: z.object({ requestId: z.string().min(1).max(100) }),
    access: 'session',
    permission: 'signing.personal',
    mutates: false,
    summary: 'Trạng thái một yêu cầu ký số từ xa của mình.',
  }),
} as const;
