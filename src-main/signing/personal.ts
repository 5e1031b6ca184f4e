// The leader's personal signature, shared by the token path (handlers.ts, at once) and the remote path (the
// 'signing.remote' job, after the phone): the same checks before anything is asked of a signer, the same visible
// signature and PDF signing, and the same record of the new version. Callers own the transaction and the audit row.

import { AppError } from '../../src-shared/errors';
import type { Services } from '../api/context';
import type { AcceptedBlob } from '../blobs/service';
import { personalPlacement } from './issue-flow';
import type { CertificateInfo, HashSigner, VerificationReport } from './types';

export type DraftFile = { hash: string; fileName: string; draftRole: 'main' | 'original' | 'attachment'; kind?: string };
export type Placement = { page: number; x: number; y: number };

export function currentFiles(s: Services, documentId: number, today: string): { version: number; files: DraftFile[] } {
  const d = s.outgoing.detail(documentId, today);
  const v = d.versions.find((x) => x.version === d.currentVersion);
  return { version: d.currentVersion, files: (v?.files ?? []).map((f) => ({ hash: f.hash, fileName: f.fileName, draftRole: f.draftRole })) };
}

export function isPdf(s: Services, hash: string): boolean {
  return s.blobs.info(hash).kind === 'pdf';
}

export function mainPdf(s: Services, files: DraftFile[]): DraftFile {
  const main = files.find((f) => f.draftRole === 'main' && isPdf(s, f.hash));
  if (!main) throw new AppError('invalid_state', 'Văn bản chưa có tệp PDF chính để ký số: người soạn thảo cần đính kèm bản PDF của văn bản.');
  return main;
}

/** The files of the next version: each signed file replaces its original, the rest stay. */
export function withReplaced(files: DraftFile[], replaced: Map<string, string>) {
  return files.map((f) => ({
    hash: replaced.get(f.hash) ?? f.hash,
    fileName: f.fileName,
    draftRole: f.draftRole,
    role: f.draftRole === 'attachment' ? ('attachment' as const) : ('main' as const),
  }));
}

/** May `userId` sign `version` of this draft personally now? (Access to the document is the caller's check.) */
export function checkPersonal(s: Services, documentId: number, version: number, userId: number, today: string) {
  const d = s.outgoing.detail(documentId, today);
  if (d.status !== 'approved') throw new AppError('invalid_state', 'Chỉ ký số cá nhân vào dự thảo đã được duyệt, trước khi cấp số.');
  if (d.currentVersion !== version) throw new AppError('stale_version', undefined, { details: { currentVersion: d.currentVersion, version } });
  if (d.signerUserId != null && d.signerUserId !== userId) throw new AppError('forbidden', `Văn bản này do ${d.signerName ?? 'người khác'} ký.`);
  const { files } = currentFiles(s, documentId, today);
  const main = mainPdf(s, files);
  const already = s.raw.prepare("SELECT 1 FROM signatures WHERE document_id = ? AND kind = 'personal' AND blob_out = ?").get(documentId, main.hash);
  if (already) throw new AppError('invalid_state', 'Văn bản đã được ký số cá nhân.');
  return { d, files, main };
}

/** The signed PDF: the signature image at the signing block (or `placement`), then the PAdES signature. */
export async function signPersonalPdf(
  s: Services,
  o: { bytes: Uint8Array; signerName: string; userId: number; signer: HashSigner & { certificateInfo: CertificateInfo }; at: number; placement?: Placement },
) {
  const imageHash = s.signing.image('signature', o.userId);
  const visible = await personalPlacement(o.bytes, {
    signerName: o.signerName,
    image: imageHash ? await s.blobs.read(imageHash) : null,
    certName: o.signer.certificateInfo.subjectCN,
    at: o.at,
    placement: o.placement,
    resourcesDir: s.env.resourcesDir,
  });
  return s.signing.signPdf(o.bytes, o.signer, {
    at: o.at,
    reason: 'Ký duyệt văn bản',
    location: s.settings.org()?.place ?? null,
    name: o.signer.certificateInfo.subjectCN,
    visible,
  });
}

/** Inside the caller's transaction: the new file, the signature row, the new version and its report. */
export function recordPersonal(
  s: Services,
  o: {
    documentId: number;
    version: number;
    files: DraftFile[];
    main: DraftFile;
    accepted: AcceptedBlob;
    fieldName: string;
    cert: CertificateInfo;
    userId: number;
    report: VerificationReport;
    note?: string;
  },
): void {
  s.blobs.record(o.accepted, o.userId);
  s.signing.recordSignature({
    documentId: o.documentId,
    kind: 'personal',
    blobIn: o.main.hash,
    blobOut: o.accepted.hash,
    fieldName: o.fieldName,
    cert: o.cert,
    userId: o.userId,
    timestampPending: false,
  });
  s.outgoing.addSignedVersion(
    {
      id: o.documentId,
      expectVersion: o.version,
      files: withReplaced(o.files, new Map([[o.main.hash, o.accepted.hash]])),
      note: o.note ?? `Ký số: ${o.cert.subjectCN}`,
      issuedSigned: false,
    },
    o.userId,
  );
  s.signing.storeReport(o.accepted.hash, o.report);
}
