// Background work of signing, as durable jobs: the verification of every new PDF (and its re-check when
// revocation could not be checked offline), and the deferred timestamp of a document signed while the TSA was
// unreachable (PAdES B-T by a document timestamp, added as one more incremental update and a new version).

import type { Services } from '../api/context';
import { TIMESTAMP_JOB, VERIFY_JOB } from './service';

export function registerSigningJobs(s: Services): void {
  s.jobs.register(VERIFY_JOB, {
    async run(payload) {
      const { hash } = payload as { hash: string };
      await s.signing.verifyBlob(hash);
    },
  });

  s.jobs.register(TIMESTAMP_JOB, {
    async run(payload) {
      const { documentId, hash } = payload as { documentId: number; hash: string };
      const d = s.outgoing.detail(documentId, '1970-01-01');
      const v = d.versions.find((x) => x.version === d.currentVersion);
      const main = v?.files.find((f) => f.draftRole === 'main');
      // The file was replaced since (a later signature or timestamp): nothing left to do for this one.
      if (!v || !main || main.hash !== hash || d.status === 'recalled') return;
      const bytes = await s.blobs.read(hash);
      const stamped = await s.signing.addDocumentTimestamp(bytes);
      if (!stamped) return;
      const accepted = await s.blobs.accept(stamped, main.fileName);
      const report = await s.signing.verifyBytes(stamped);
      const t = s.env.clock.now();
      s.raw
        .transaction(() => {
          s.blobs.record(accepted, null);
          s.signing.recordSignature({
            documentId,
            kind: 'timestamp',
            blobIn: hash,
            blobOut: accepted.hash,
            fieldName: 'DocumentTimestamp',
            cert: null,
            userId: null,
            timestampPending: false,
          });
          s.raw.prepare('UPDATE signatures SET timestamp_pending = 0 WHERE document_id = ? AND blob_out = ?').run(documentId, hash);
          s.outgoing.addSignedVersion(
            {
              id: documentId,
              expectVersion: d.currentVersion,
              files: v.files.map((f) => ({
                hash: f.hash === hash ? accepted.hash : f.hash,
                fileName: f.fileName,
                draftRole: f.draftRole,
                role: f.draftRole === 'attachment' ? ('attachment' as const) : ('main' as const),
              })),
              note: 'Thêm dấu thời gian (cấp sau khi có mạng)',
              issuedSigned: d.signed,
            },
            null,
          );
          s.signing.storeReport(accepted.hash, report);
          s.audit.append({
            at: t,
            actorId: null,
            actorName: 'hệ thống',
            action: 'signing.timestamp',
            outcome: 'ok',
            targetType: 'document',
            targetId: documentId,
            details: { from: hash, to: accepted.hash },
            origin: 'job',
          });
        })
        .immediate();
      s.events.emit({ name: 'document.changed', data: { id: documentId, direction: 'out' } });
    },
  });
}
