// The seams of digital signing (issue 10), shared by the PDF engine (src-main/pdf/), the CMS/PKI code
// (src-main/signing/), the signer drivers (PKCS#11 token, CSC remote signing), the service and the renderer.
// Types only: no code, so every part can be written and tested on its own.

/** A certificate as the UI and the audit log see it (never the key). Times are epoch ms. */
export interface CertificateInfo {
  /** SHA-256 of the DER, lower-case hex: the stable id of a certificate everywhere. */
  fingerprint: string;
  /** Serial number, upper-case hex without leading zeros. */
  serial: string;
  /** Subject common name (the person, or the organisation for an organisation certificate), NFC. */
  subjectCN: string;
  /** Subject O (organisation), '' when absent. */
  organisation: string;
  /** Full subject and issuer as RFC 4514 strings (UTF-8, NFC). */
  subject: string;
  issuer: string;
  issuerCN: string;
  notBefore: number;
  notAfter: number;
  /** keyUsage bits present, by name: digitalSignature, nonRepudiation, keyEncipherment, keyCertSign, cRLSign ... */
  keyUsage: string[];
  /** extendedKeyUsage OIDs (empty when the extension is absent). */
  extKeyUsage: string[];
  /** 'organisation' when the subject names a body (no person): CN equals O, or CN starts with a body word
   *  (UBND, Ủy ban, Sở, Phòng, Văn phòng, Cục, Chi cục, Bộ, Trung tâm, Ban, Hội đồng, Trường ...); otherwise 'personal'. */
  kind: 'personal' | 'organisation';
  keyAlgorithm: 'RSA' | 'EC' | 'other';
  keyBits: number;
  isCA: boolean;
}

/** What signs: the certificate and its chain, and an RSA PKCS#1 v1.5 signature over DigestInfo(SHA-256, digest). */
export interface HashSigner {
  /** DER of the signer certificate. */
  certificate: Uint8Array;
  /** DER of the intermediate certificates the signer can supply (issuer first; root optional). */
  chain: Uint8Array[];
  /** Sign a SHA-256 digest (32 bytes). Rejects with AppError on PIN/token/remote problems. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/** One token (USB key, smart card) as found by a PKCS#11 module. Slots are identified by label + serial, never by index. */
export interface TokenInfo {
  /** Stable id for this session of the app: `${moduleId}:${serial}`. */
  id: string;
  moduleId: string;
  /** Path of the PKCS#11 library that found it. */
  modulePath: string;
  /** Human name of the middleware from the known-modules table (e.g. "SafeNet eToken (VGCA)"), or the file name. */
  moduleName: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  /** Token flags: CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED. */
  pinCountLow: boolean;
  pinFinalTry: boolean;
  pinLocked: boolean;
  /** Certificates on the token that have a matching private key (same CKA_ID). Read without login (public objects). */
  certificates: Array<CertificateInfo & { keyId: string; der: Uint8Array }>;
}

/** A driver that can sign: the PKCS#11 token driver, the CSC remote-signing driver (and later VNPT SmartCA). */
export interface SignerDriver {
  readonly kind: 'pkcs11' | 'csc';
}

/** ETSI EN 319 102-1 main indication and sub-indication of one signature. */
export type MainIndication = 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';
export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'REVOKED_NO_POE'
  | 'REVOKED_CA_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'OUT_OF_BOUNDS_NOT_REVOKED'
  | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'
  | 'NO_POE'
  | 'TRY_LATER'
  | 'SIGNED_DATA_NOT_FOUND';

/** A signature found in a PDF, before any cryptography: what the PDF engine reports (src-main/pdf/signatures.ts). */
export interface PdfSignatureField {
  /** Fully qualified field name (T of the field and its parents joined with '.'), '' for an orphan signature dict. */
  fieldName: string;
  /** /SubFilter: adbe.pkcs7.detached, ETSI.CAdES.detached, ETSI.RFC3161 (document timestamp), adbe.pkcs7.sha1 ... */
  subFilter: string;
  /** /Type /DocTimeStamp dictionaries are document timestamps, not signatures. */
  isDocTimestamp: boolean;
  byteRange: [number, number, number, number];
  /** The CMS (or timestamp token) DER from /Contents, trailing zero padding removed. */
  contents: Uint8Array;
  /** /M as epoch ms (the claimed signing time), null when absent or unreadable. */
  claimedTime: number | null;
  name: string | null;
  reason: string | null;
  location: string | null;
  /** 1-based page of the widget, null when invisible or not found. */
  page: number | null;
  /** Problems with the PDF structure of this signature (byte range not starting at 0, gap not exactly /Contents ...). */
  structureErrors: string[];
  /** End offset of the revision this signature signs (byteRange[2] + byteRange[3]). */
  revisionEnd: number;
  /** True when the byte range covers the whole file (the last revision). */
  coversWholeFile: boolean;
  /** What later incremental updates changed, compared with the signed revision. */
  changesAfter: PdfChangeSummary;
}

export interface PdfChangeSummary {
  /** Revisions (incremental updates) appended after the signed one. */
  laterRevisions: number;
  /** Only allowed additions: new signature fields/widgets, document timestamps, DSS, annotations added to pages
   *  (stamps, FreeText) and the AcroForm/Annots arrays that list them. */
  allowedOnly: boolean;
  /** Human-readable Vietnamese lines, e.g. "Thêm chữ ký số (trường Signature2)", "Thêm dấu số/ngày trên trang 1",
   *  "Thay đổi nội dung trang 2". Empty when nothing was appended. */
  changes: string[];
}

/** Validation of one signature (or document timestamp) in a report. */
export interface SignatureCheck {
  fieldName: string;
  kind: 'signature' | 'doc-timestamp';
  subFilter: string;
  indication: MainIndication;
  subIndication: SubIndication | null;
  /** One Vietnamese sentence: what the result means and the next step. */
  message: string;
  signer: CertificateInfo | null;
  /** Trusted time from a signature timestamp (B-T) or a later document timestamp, else null. */
  timestampTime: number | null;
  timestampAuthority: string | null;
  claimedTime: number | null;
  digestAlgorithm: string;
  integrity: 'ok' | 'failed' | 'unknown';
  signatureValid: boolean;
  chain: CertificateInfo[];
  chainTrusted: boolean;
  revocation: 'good' | 'revoked' | 'unknown' | 'not-checked';
  revocationDetail: string | null;
  coversWholeFile: boolean;
  changesAfter: PdfChangeSummary;
  /** Details, each a short Vietnamese line (shown folded in the signature panel). */
  notes: string[];
}

export interface VerificationReport {
  /** SHA-256 of the verified bytes. */
  sha256: string;
  checkedAt: number;
  /** True when the checker could reach the network for revocation (false = offline, INDETERMINATE may be TRY_LATER). */
  online: boolean;
  signatures: SignatureCheck[];
  /** Worst indication over all signatures; 'UNSIGNED' when there are none. */
  overall: MainIndication | 'UNSIGNED';
  /** One Vietnamese sentence for the whole file. */
  summary: string;
}
