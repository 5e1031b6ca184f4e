// Background work of signing, as durable jobs: the verification of every new PDF (and its re-check when
// revocation could not be checked offline), and the deferred timestamp of a document signed while the TSA was
// unreachable (PAdES B-T by a document timestamp, added as one more incremental update and a new version), and the
// personal signature confirmed on the phone (remote signing).

import type { RemoteSignState } from '../../src-shared/api/signing';
import type { NotificationDto } from '../../src-shared/api/workflow';
import { todayVn as toVnDate } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { Services } from '../api/context';
import { checkPersonal, recordPersonal, signPersonalPdf, type Placement } from './personal';
import { REMOTE_SIGN_JOB } from './remote';
import { TIMESTAMP_JOB, VERIFY_JOB } from './service';
import type { CertificateInfo } from './types';

export function registerSigningJobs(s: Services): void {
  registerRemoteSigningJob(s);
  s.jobs.register(VERIFY_JOB, {
    async run(payload) {
      const { hash, recheck } = payload as { hash: string; recheck?: boolean };
      // A file this office just signed was verified and its report stored in the same transaction as its record:
      // the job queued for every new PDF has nothing left to do for it. Re-checks (offline before) always run.
      if (!recheck && s.signing.latestReport(hash)) return;
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

interface RemotePayload {
  requestId: string;
  documentId: number;
  version: number;
  userId: number;
  providerId: number;
  credentialId: string;
  /** Hash of the main PDF the request was made for: a changed file ends the request. */
  source: string;
  placement: Placement | null;
}

/**
 * A personal signature confirmed on the phone. The job waits (credentials/authorize holds until the user answers or
 * the request expires); a refusal or the expiry is an outcome, not an error (no retry); a network failure is retried
 * until the expiry. When the core closes while waiting, the job is left 'running' and start-up runs it again: it asks
 * the provider once more (a fresh hash: the signing time is the one of the attempt that succeeds).
 */
export function registerRemoteSigningJob(s: Services): void {
  const emit = (p: RemotePayload, state: RemoteSignState, remainingMs: number, message: string | null) =>
    s.events.emit({ name: 'signing.remoteProgress', data: { requestId: p.requestId, documentId: p.documentId, state, remainingMs, message }, to: [p.userId] });

  /** The request ends without a signature: its row, a notification and the audit row in one transaction. */
  function finish(p: RemotePayload, state: 'refused' | 'expired' | 'failed', message: string): void {
    const notes = s.raw
      .transaction(() => {
        s.remoteSigning.finishRequest(p.requestId, state, message);
        s.audit.append({
          at: s.env.clock.now(),
          actorId: p.userId,
          actorName: userName(p.userId),
          action: 'signing.remote',
          outcome: 'failed',
          targetType: 'document',
          targetId: p.documentId,
          details: { requestId: p.requestId, state, message },
          origin: 'job',
        });
        return notify(p, 'returned', `Ký số từ xa không thành công: ${message}`);
      })
      .immediate();
    emitNotes(notes);
    emit(p, state, 0, message);
  }

  function userName(id: number): string {
    return (s.raw.prepare('SELECT full_name FROM users WHERE id = ?').pluck().get(id) as string | undefined) ?? '';
  }

  function notify(p: RemotePayload, kind: NotificationDto['kind'], text: string): number[] {
    const t = s.env.clock.now();
    const id = Number(
      s.raw
        .prepare('INSERT INTO notifications (user_id, at, kind, text, document_id, task_id, read_at) VALUES (?, ?, ?, ?, ?, NULL, NULL)')
        .run(p.userId, t, kind, text, p.documentId).lastInsertRowid,
    );
    return [id];
  }

  function emitNotes(ids: number[]): void {
    for (const id of ids) {
      const n = s.raw.prepare('SELECT id, at, kind, text, document_id AS documentId, task_id AS taskId, user_id AS userId FROM notifications WHERE id = ?').get(id) as
        (Omit<NotificationDto, 'read'> & { userId: number }) | undefined;
      if (n) {
        const { userId, ...rest } = n;
        s.events.emit({ name: 'notification.created', data: { ...rest, read: false }, to: [userId] });
      }
    }
  }

  s.jobs.register(
    REMOTE_SIGN_JOB,
    {
      // Out of attempts (the provider unreachable for good): the request ends as failed, inside the runner's transaction.
      onGiveUp(payload, lastError) {
        const p = payload as RemotePayload;
        if (s.remoteSigning.requestRow(p.requestId)?.state === 'waiting') s.remoteSigning.finishRequest(p.requestId, 'failed', lastError);
      },
      async run(payload) {
        const p = payload as RemotePayload;
        const req = s.remoteSigning.requestRow(p.requestId);
        if (!req || req.state !== 'waiting') return;
        const now = s.env.clock.now();
        if (now >= req.expires_at) return finish(p, 'expired', 'Hết thời gian chờ xác nhận trên điện thoại; văn bản chưa được ký.');
        const today = toVnDate(now);
        let checked: ReturnType<typeof checkPersonal>;
        try {
          checked = checkPersonal(s, p.documentId, p.version, p.userId, today);
          if (checked.main.hash !== p.source) throw new AppError('stale_version', 'Tệp văn bản đã thay đổi sau khi gửi yêu cầu ký.');
        } catch (e) {
          return finish(p, 'failed', e instanceof AppError ? e.message : 'lỗi hệ thống');
        }
        const { d, files, main } = checked;
        let signed: { pdf: Buffer; fieldName: string; timestamped: boolean };
        let cert: CertificateInfo;
        try {
          const signer = await s.remoteSigning.signer(p.providerId, p.credentialId, {
            timeoutMs: req.expires_at - now,
            description: `Ký duyệt văn bản: ${main.fileName}`,
            onWaiting: (ms) => emit(p, 'waiting', Math.min(ms, Math.max(0, req.expires_at - s.env.clock.now())), null),
          });
          cert = signer.certificateInfo;
          const bytes = await s.blobs.read(main.hash);
          signed = await signPersonalPdf(s, {
            bytes,
            signerName: d.signerName ?? userName(p.userId),
            userId: p.userId,
            signer,
            at: s.env.clock.now(),
            placement: p.placement ?? undefined,
          });
        } catch (e) {
          // Closing the core: leave the job for the next start (the runner cannot save its state any more anyway).
          if (s.remoteSigning.closing) throw e;
          if (e instanceof AppError && e.code === 'remote_sign_refused') return finish(p, 'refused', 'Yêu cầu ký đã bị từ chối trên điện thoại; văn bản chưa được ký.');
          if (e instanceof AppError && e.code === 'remote_sign_timeout') return finish(p, 'expired', 'Hết thời gian chờ xác nhận trên điện thoại; văn bản chưa được ký.');
          const network = e instanceof AppError && (e.details as { reason?: string } | undefined)?.reason === 'network';
          if (network && s.env.clock.now() < req.expires_at) throw e; // retried with backoff until the expiry
          return finish(p, 'failed', e instanceof AppError ? e.message : 'lỗi hệ thống');
        }
        const accepted = await s.blobs.accept(signed.pdf, main.fileName);
        const report = await s.signing.verifyBytes(signed.pdf);
        let notes: number[];
        try {
          notes = s.raw
            .transaction(() => {
              recordPersonal(s, {
                documentId: p.documentId,
                version: p.version,
                files,
                main,
                accepted,
                fieldName: signed.fieldName,
                cert,
                userId: p.userId,
                report,
                note: `Ký số từ xa: ${cert.subjectCN}`,
              });
              s.remoteSigning.finishRequest(p.requestId, 'signed', null, accepted.hash);
              s.audit.append({
                at: s.env.clock.now(),
                actorId: p.userId,
                actorName: userName(p.userId),
                action: 'signing.personal',
                outcome: 'ok',
                targetType: 'document',
                targetId: p.documentId,
                details: { remote: true, requestId: p.requestId, certificate: cert.fingerprint, signer: cert.subjectCN, field: signed.fieldName },
                origin: 'job',
              });
              return notify(p, 'completed', `Đã ký số từ xa: ${main.fileName}`);
            })
            .immediate();
        } catch (e) {
          // The document moved on while the phone waited (another version): recorded as a failure, nothing written.
          return finish(p, 'failed', e instanceof AppError ? e.message : 'lỗi hệ thống');
        }
        emitNotes(notes);
        emit(p, 'signed', 0, null);
        s.events.emit({ name: 'document.changed', data: { id: p.documentId, direction: 'out' } });
        s.events.emit({ name: 'workflow.changed', data: { documentId: p.documentId } });
      },
    },
    // Waits minutes for a phone: its own lane, beside the office's other background work and other people's requests.
    { lane: 'wait' },
  );
}
