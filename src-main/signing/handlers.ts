// Handlers for tokens and signatures. The order is always: check who and what (before the token is touched), log
// in to the token (PIN errors surface before anything is numbered or written), do the slow PDF/token/TSA work,
// then record the new file, version, signature rows, report and audit row in ONE ctx.write. A failure anywhere
// before that write leaves the document exactly as it was.

import type { signingApi } from '../../src-shared/api/signing';
import { AppError } from '../../src-shared/errors';
import { formatVnDate } from '../../src-shared/calendar/vn-time';
import type { CallCtx, HandlerMap } from '../api/context';
import type { AcceptedBlob } from '../blobs/service';
import type { Pkcs11Signer } from './pkcs11-token';
import { TIMESTAMP_JOB, toDer } from './service';
import { organisationSeal, stampNumberAndDate, attachmentMark, copyMark } from './issue-flow';
import { COPY_LABELS } from '../outgoing/service';
import { checkPersonal, currentFiles as filesOf, isPdf as pdfIn, mainPdf as mainOf, recordPersonal, signPersonalPdf, withReplaced, type DraftFile } from './personal';
import { REMOTE_SIGN_JOB } from './remote';

const currentFiles = (ctx: CallCtx, id: number) => filesOf(ctx.s, id, ctx.today());
const isPdf = (ctx: CallCtx, hash: string) => pdfIn(ctx.s, hash);
const mainPdf = (ctx: CallCtx, files: DraftFile[]) => mainOf(ctx.s, files);

type Methods = Extract<keyof typeof signingApi, `tokens.${string}` | `signing.${string}`>;

/**
 * The organisation's signature on an issued document: number and date written into the PDF (incremental), the seal
 * signature on the main file, each separate PDF attachment signed with the same key (top-right text, no image).
 * The signing date must be the issue date (standards §3.8).
 */
async function sealIssued(ctx: CallCtx, documentId: number, signerInput: { tokenId: string; certFingerprint: string; pin: string }) {
  const signer = await ctx.s.signing.openSigner(signerInput);
  try {
    return await sealIssuedWith(ctx, documentId, signer);
  } finally {
    signer.close();
  }
}

/** "Sao y" / "Sao lục" / "Trích sao": the copy's form from its type's abbreviation. */
function copyLabel(ctx: CallCtx, docTypeId: number | null): string {
  const abbr = (ctx.s.raw.prepare('SELECT abbr FROM doc_types WHERE id = ?').pluck().get(docTypeId) as string | null | undefined) ?? '';
  const key = (Object.keys(COPY_LABELS) as Array<keyof typeof COPY_LABELS>).find((k) => k.toUpperCase() === abbr.trim().toUpperCase());
  return key ? COPY_LABELS[key] : 'Sao y';
}

/** The same with a signer already logged in (one PIN for a batch). The caller closes it. */
async function sealIssuedWith(ctx: CallCtx, documentId: number, signer: Pkcs11Signer) {
  const me = ctx.user();
  const d = ctx.s.outgoing.detail(documentId, ctx.today());
  if (d.status !== 'issued') throw new AppError('invalid_state', 'Chỉ ký số cơ quan cho văn bản đã được cấp số.');
  if (d.signed) throw new AppError('invalid_state', 'Văn bản đã được ký số cơ quan.');
  if (d.issuedDate !== ctx.today()) {
    throw new AppError(
      'invalid_state',
      `Ngày ký số phải trùng ngày ban hành: văn bản ban hành ngày ${formatVnDate(d.issuedDate as string)}, hôm nay là ${formatVnDate(ctx.today())}. Không ký số cơ quan cho văn bản này được nữa; hãy thu hồi và ban hành lại.`,
    );
  }
  const { version, files } = currentFiles(ctx, documentId);
  const main = mainPdf(ctx, files);
  const attachments = files.filter((f) => f.draftRole === 'attachment' && isPdf(ctx, f.hash));
  const org = ctx.s.settings.org();
  const at = ctx.now();
  const out: Array<{ from: DraftFile; pdf: Buffer; fieldName: string; timestamped: boolean; kind: 'organisation' | 'attachment' | 'copy' }> = [];
  const original = await ctx.s.blobs.read(main.hash);
  if (d.copyOf) {
    // A bản sao điện tử: the source's bytes signed as they are (an incremental update keeps its signatures valid),
    // with the copy mark top-right of page 1 and no number stamped in (the copy's number is in its register).
    const label = copyLabel(ctx, d.docTypeId);
    const mark = await copyMark(original, { form: label, orgName: org?.name ?? signer.certificateInfo.subjectCN, at, resourcesDir: ctx.s.env.resourcesDir });
    const s = await ctx.s.signing.signPdf(original, signer, {
      at,
      reason: `${label} văn bản${d.copyOf.code ? ` số ${d.copyOf.code}` : ''} (bản sao số ${d.code})`,
      location: org?.place ?? null,
      name: org?.name ?? signer.certificateInfo.subjectCN,
      visible: mark,
    });
    out.push({ from: main, ...s, kind: 'copy' });
  } else {
    const stamped = await stampNumberAndDate(original, {
      code: d.code as string,
      codeNumber: d.codeNumber as string,
      issuedDate: d.issuedDate as string,
      resourcesDir: ctx.s.env.resourcesDir,
    });
    const sealHash = ctx.s.signing.image('seal', 0);
    const visible = await organisationSeal(stamped, {
      seal: sealHash ? await ctx.s.blobs.read(sealHash) : null,
      position: ctx.s.signing.stored().sealPosition,
      orgName: org?.name ?? '',
      at,
      resourcesDir: ctx.s.env.resourcesDir,
    });
    const signed = await ctx.s.signing.signPdf(stamped, signer, {
      at,
      reason: `Ban hành văn bản số ${d.code}`,
      location: org?.place ?? null,
      name: org?.name ?? signer.certificateInfo.subjectCN,
      visible,
    });
    out.push({ from: main, ...signed, kind: 'organisation' });
    for (const a of attachments) {
      const bytes = await ctx.s.blobs.read(a.hash);
      const mark = await attachmentMark(bytes, { text: d.code as string, at, resourcesDir: ctx.s.env.resourcesDir });
      const s = await ctx.s.signing.signPdf(bytes, signer, {
        at,
        reason: `Phụ lục kèm theo văn bản số ${d.code}`,
        location: org?.place ?? null,
        name: org?.name ?? '',
        visible: mark,
      });
      out.push({ from: a, ...s, kind: 'attachment' });
    }
  }
  const accepted: AcceptedBlob[] = [];
  for (const o of out) accepted.push(await ctx.s.blobs.accept(o.pdf, o.from.fileName));
  const report = await ctx.s.signing.verifyBytes(out[0].pdf);
  const deferred = !out[0].timestamped && ctx.s.signing.stored().tsaUrl != null;
  ctx.write(
    () => {
      const replaced = new Map<string, string>();
      out.forEach((o, i) => {
        ctx.s.blobs.record(accepted[i], me.userId);
        replaced.set(o.from.hash, accepted[i].hash);
        ctx.s.signing.recordSignature({
          documentId,
          kind: o.kind,
          blobIn: o.from.hash,
          blobOut: accepted[i].hash,
          fieldName: o.fieldName,
          cert: signer.certificateInfo,
          userId: me.userId,
          timestampPending: deferred && i === 0,
        });
      });
      ctx.s.outgoing.addSignedVersion(
        { id: documentId, expectVersion: version, files: withReplaced(files, replaced), note: `Ký số cơ quan: ${signer.certificateInfo.subjectCN}`, issuedSigned: true },
        me.userId,
      );
      ctx.s.signing.storeReport(accepted[0].hash, report);
      // Sealed: now it may go to its directory recipients through the hub, with these signed files.
      ctx.s.sync.queueDocument(documentId);
      if (deferred) ctx.s.jobs.enqueue(TIMESTAMP_JOB, { documentId, hash: accepted[0].hash }, { dedupeKey: `timestamp:${accepted[0].hash}`, maxAttempts: 200 });
    },
    {
      action: 'signing.seal',
      targetType: 'document',
      targetId: documentId,
      details: { number: d.code, certificate: signer.certificateInfo.fingerprint, signer: signer.certificateInfo.subjectCN, files: out.length, timestamped: out[0].timestamped },
    },
  );
  ctx.emit('document.changed', { id: documentId, direction: 'out' });
  ctx.emit('workflow.changed', { documentId });
  return { documentId, hash: accepted[0].hash, report, timestampDeferred: deferred };
}

export const signingHandlers: HandlerMap<Methods> = {
  'tokens.list': (ctx) => ({ modules: ctx.s.signing.modules(), tokens: ctx.s.signing.tokens() }),

  'signing.signPersonal': async (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.outgoingId);
    const { d, files, main } = checkPersonal(ctx.s, input.outgoingId, input.version, me.userId, ctx.today());
    const signer = await ctx.s.signing.openSigner(input);
    const at = ctx.now();
    let signed: { pdf: Buffer; fieldName: string; timestamped: boolean };
    try {
      const bytes = await ctx.s.blobs.read(main.hash);
      signed = await signPersonalPdf(ctx.s, { bytes, signerName: d.signerName ?? me.fullName, userId: me.userId, signer, at, placement: input.placement });
    } finally {
      signer.close();
    }
    const accepted = await ctx.s.blobs.accept(signed.pdf, main.fileName);
    const report = await ctx.s.signing.verifyBytes(signed.pdf);
    ctx.write(
      () =>
        recordPersonal(ctx.s, {
          documentId: input.outgoingId,
          version: input.version,
          files,
          main,
          accepted,
          fieldName: signed.fieldName,
          cert: signer.certificateInfo,
          userId: me.userId,
          report,
        }),
      {
        action: 'signing.personal',
        targetType: 'document',
        targetId: input.outgoingId,
        details: { certificate: signer.certificateInfo.fingerprint, signer: signer.certificateInfo.subjectCN, field: signed.fieldName },
      },
    );
    ctx.emit('document.changed', { id: input.outgoingId, direction: 'out' });
    ctx.emit('workflow.changed', { documentId: input.outgoingId });
    return { documentId: input.outgoingId, hash: accepted.hash, report, timestampDeferred: false };
  },

  'signing.sealAndIssue': async (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.outgoingId);
    const today = ctx.today();
    if (input.issuedDate && input.issuedDate !== today) {
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'issuedDate', message: 'Văn bản ký số phải ban hành trong ngày ký (hôm nay).' }] });
    }
    const d = ctx.s.outgoing.detail(input.outgoingId, today);
    if (d.status !== 'approved') throw new AppError('invalid_state', 'Chỉ ban hành được dự thảo đã được lãnh đạo duyệt.');
    mainPdf(ctx, currentFiles(ctx, input.outgoingId).files);
    // The PIN and the certificate are checked before a number is taken: a wrong PIN costs no number.
    const probe = await ctx.s.signing.openSigner(input);
    probe.close();
    const r = ctx.write(
      () => ctx.s.outgoing.issue({ id: input.outgoingId, version: input.version, registerId: input.registerId, issuedDate: today }, me.userId, today),
      (res) => ({
        action: 'outgoing.issue',
        targetType: 'document',
        targetId: input.outgoingId,
        details: { version: input.version, number: res.number, registerId: input.registerId ?? null, signed: true },
      }),
    );
    ctx.emit('document.changed', { id: input.outgoingId, direction: 'out' });
    try {
      const res = await sealIssued(ctx, input.outgoingId, input);
      return { ...res, number: r.number };
    } catch (e) {
      // The number stays taken (no gaps): the document is issued, unsigned, and says so; "Ký số cơ quan" retries.
      const reason = e instanceof AppError ? e.message : 'lỗi hệ thống';
      throw new AppError(e instanceof AppError ? e.code : 'signing_failed', `Đã cấp số ${r.number} nhưng chưa ký số được: ${reason} Bấm "Ký số cơ quan" để ký lại trong ngày.`, {
        details: { number: r.number, issued: true, ...(e instanceof AppError ? e.details : {}) },
        cause: e,
      });
    }
  },

  // The clerk's queue sealed with one PIN: each document issued and signed on its own (its own transactions and audit
  // rows); a failure is reported for that document and the others go on, unless the token itself is gone.
  'signing.sealBatch': async (ctx, input) => {
    const me = ctx.user();
    const today = ctx.today();
    const signer = await ctx.s.signing.openSigner(input);
    const results: Array<{ outgoingId: number; ok: boolean; number: string | null; hash: string | null; error: { code: string; message: string } | null }> = [];
    let stop: AppError | null = null;
    try {
      for (const item of input.items) {
        if (stop) {
          results.push({ outgoingId: item.outgoingId, ok: false, number: null, hash: null, error: { code: stop.code, message: stop.message } });
          continue;
        }
        let number: string | null = null;
        try {
          ctx.s.access.mustSee(ctx.viewer(), item.outgoingId);
          const d = ctx.s.outgoing.detail(item.outgoingId, today);
          if (d.status !== 'approved') throw new AppError('invalid_state', 'Văn bản không còn ở bước chờ ban hành.');
          mainPdf(ctx, currentFiles(ctx, item.outgoingId).files);
          const r = ctx.write(
            () => ctx.s.outgoing.issue({ id: item.outgoingId, version: item.version ?? d.currentVersion, issuedDate: today }, me.userId, today),
            (res) => ({
              action: 'outgoing.issue',
              targetType: 'document',
              targetId: item.outgoingId,
              details: { version: item.version, number: res.number, signed: true, batch: true },
            }),
          );
          number = r.number;
          const res = await sealIssuedWith(ctx, item.outgoingId, signer);
          results.push({ outgoingId: item.outgoingId, ok: true, number, hash: res.hash, error: null });
        } catch (e) {
          const err = e instanceof AppError ? e : new AppError('signing_failed');
          if (!(e instanceof AppError)) ctx.s.env.logger.error('batch sealing failed', { documentId: item.outgoingId, error: String(e) });
          results.push({
            outgoingId: item.outgoingId,
            ok: false,
            number,
            hash: null,
            error: { code: err.code, message: number ? `Đã cấp số ${number} nhưng chưa ký số được: ${err.message}` : err.message },
          });
          if (err.code === 'token_absent' || err.code === 'token_error' || err.code === 'pin_locked') stop = err;
        }
        ctx.emit('document.changed', { id: item.outgoingId, direction: 'out' });
      }
    } finally {
      signer.close();
    }
    return { results };
  },

  'signing.sealIssued': (ctx, input) => {
    ctx.s.access.mustSee(ctx.viewer(), input.outgoingId);
    return sealIssued(ctx, input.outgoingId, input);
  },

  // A bản sao điện tử: the PIN first (a wrong one takes no number), then the copy numbered in the copies register
  // with its audit row in one write, then the organisation's signature on the source's bytes (sealIssuedWith sees
  // the copy and puts the copy mark instead of the seal). A failed signature leaves the copy numbered, unsigned,
  // and "Ký số cơ quan" on it signs it later the same day.
  'signing.makeCopy': async (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    const files = ctx.s.raw
      .prepare('SELECT blob_hash AS hash, file_name AS fileName, role FROM document_files WHERE document_id = ? ORDER BY position')
      .all(input.documentId) as Array<{ hash: string; fileName: string; role: string }>;
    const file = input.fileHash ? files.find((f) => f.hash === input.fileHash) : files.find((f) => f.role === 'main' && isPdf(ctx, f.hash));
    if (!file) {
      if (input.fileHash) throw new AppError('invalid_input', undefined, { fields: [{ path: 'fileHash', message: 'Tệp không thuộc văn bản này.' }] });
      throw new AppError('invalid_state', 'Văn bản chưa có tệp PDF chính để sao.');
    }
    if (!isPdf(ctx, file.hash)) throw new AppError('invalid_input', undefined, { fields: [{ path: 'fileHash', message: 'Chỉ sao điện tử được tệp PDF.' }] });
    const signer = await ctx.s.signing.openSigner(input);
    try {
      const today = ctx.today();
      const r = ctx.write(
        () =>
          ctx.s.outgoing.createCopy(
            { sourceId: input.documentId, form: input.form, note: input.note ?? null, file: { hash: file.hash, fileName: file.fileName } },
            me.userId,
            today,
          ),
        (res) => ({
          action: 'outgoing.copy',
          targetType: 'document',
          targetId: res.id,
          details: { sourceId: input.documentId, form: input.form, number: res.number, file: file.hash },
        }),
      );
      ctx.emit('document.changed', { id: r.id, direction: 'out' });
      ctx.emit('workflow.changed', { documentId: input.documentId });
      try {
        const res = await sealIssuedWith(ctx, r.id, signer);
        return { ...res, number: r.number, sourceId: input.documentId };
      } catch (e) {
        const reason = e instanceof AppError ? e.message : 'lỗi hệ thống';
        throw new AppError(
          e instanceof AppError ? e.code : 'signing_failed',
          `Đã cấp số bản sao ${r.number} nhưng chưa ký số được: ${reason} Bấm "Ký số cơ quan" trên bản sao để ký lại trong ngày.`,
          {
            details: { number: r.number, copyId: r.id, issued: true, ...(e instanceof AppError ? e.details : {}) },
            cause: e,
          },
        );
      }
    } finally {
      signer.close();
    }
  },

  'signing.verify': async (ctx, input) => {
    if (!ctx.s.access.canReadBlob(ctx.viewer(), input.hash)) throw new AppError('not_found', 'Không tìm thấy tệp.');
    if (ctx.s.blobs.info(input.hash).kind !== 'pdf') throw new AppError('invalid_input', 'Chỉ kiểm tra chữ ký số của tệp PDF.');
    if (!input.recheck) {
      const stored = ctx.s.signing.latestReport(input.hash);
      if (stored) return stored;
    }
    return ctx.s.signing.verifyBlob(input.hash);
  },

  'signing.settings': (ctx) => ctx.s.signing.settings(),

  'signing.saveSettings': (ctx, input) =>
    ctx.write(() => ctx.s.signing.saveSettings({ modulePaths: input.modulePaths, tsaUrl: input.tsaUrl, sealPosition: input.sealPosition }), {
      targetType: 'settings',
      details: { ...input },
    }),

  'signing.setImage': (ctx, input) => {
    const me = ctx.user();
    if (input.kind === 'seal' && !me.permissions.has('signing.seal')) throw new AppError('forbidden', 'Chỉ văn thư giữ con dấu mới đặt được ảnh con dấu.');
    if (input.hash && !ctx.s.access.canReadBlob(ctx.viewer(), input.hash)) throw new AppError('not_found', 'Không tìm thấy tệp.');
    ctx.write(() => ctx.s.signing.setImage(input.kind, input.kind === 'seal' ? 0 : me.userId, input.hash), {
      targetType: input.kind === 'seal' ? 'settings' : 'user',
      targetId: input.kind === 'seal' ? null : me.userId,
      details: { kind: input.kind, hash: input.hash },
    });
    return { ok: true as const };
  },

  'signing.trustList': (ctx) => ctx.s.signing.trustList(),

  'signing.trustAdd': (ctx, input) => {
    const me = ctx.user();
    const text = input.certificate.trim();
    const bytes = text.startsWith('-----BEGIN') ? Buffer.from(text, 'latin1') : Buffer.from(text, 'base64');
    return ctx.write(
      () => ctx.s.signing.trustAdd(toDer(bytes), me.userId),
      (t) => ({ targetType: 'trust_anchor', targetId: t.id, details: { subject: t.subject, fingerprint: t.fingerprint } }),
    );
  },

  'signing.trustSetEnabled': (ctx, input) =>
    ctx.write(() => ctx.s.signing.trustSetEnabled(input.id, input.enabled), { targetType: 'trust_anchor', targetId: input.id, details: { enabled: input.enabled } }),

  'signing.custodyList': (ctx) => ctx.s.signing.custodyList(),

  'signing.custodyAdd': (ctx, input) => {
    const me = ctx.user();
    return ctx.write(
      () => ctx.s.signing.custodyAdd(input, me.userId),
      (c) => ({ targetType: 'token_custody', targetId: c.id, details: { fromName: c.fromName, toName: c.toName, date: c.date } }),
    );
  },
  'signing.remoteProviders': (ctx) => ctx.s.remoteSigning.providers(),

  'signing.saveRemoteProvider': (ctx, input) =>
    ctx.write(
      () => ctx.s.remoteSigning.saveProvider(input),
      // Never the secret: only whether one was set or removed.
      (p) => ({
        targetType: 'settings',
        details: {
          remoteProvider: p.id,
          name: p.name,
          baseUrl: p.baseUrl,
          clientId: p.clientId,
          secretChanged: input.clientSecret !== undefined,
          timeoutSeconds: p.timeoutSeconds,
        },
      }),
    ),

  'signing.removeRemoteProvider': (ctx, input) => {
    ctx.write(() => ctx.s.remoteSigning.removeProvider(input.id), { targetType: 'settings', details: { remoteProviderRemoved: input.id } });
    return { ok: true as const };
  },

  'signing.remoteCredentials': (ctx, input) => ctx.s.remoteSigning.credentials(input.providerId, input.providerUserId),

  'signing.remoteLink': (ctx) => ctx.s.remoteSigning.link(ctx.user().userId),

  'signing.saveRemoteLink': async (ctx, input) => {
    const me = ctx.user();
    let subject: string | null = null;
    if (input.link) {
      // The credential must exist at the provider for this account and be usable now.
      const creds = await ctx.s.remoteSigning.credentials(input.link.providerId, input.link.providerUserId);
      const c = creds.find((x) => x.credentialId === input.link!.credentialId);
      if (!c) throw new AppError('not_found', 'Dịch vụ ký số không có chứng thư này cho tài khoản đã nhập.');
      if (!c.usable) throw new AppError('invalid_state', c.problem ?? 'Chứng thư số không dùng được.');
      subject = c.certificate?.subjectCN ?? null;
    }
    const link = input.link ? { ...input.link, subject } : null;
    return ctx.write(() => ctx.s.remoteSigning.saveLink(me.userId, link), {
      targetType: 'user',
      targetId: me.userId,
      details: { remoteLink: link ? { providerId: link.providerId, credentialId: link.credentialId, subject } : null },
    });
  },

  'signing.signPersonalRemote': async (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.outgoingId);
    const link = ctx.s.remoteSigning.link(me.userId);
    if (!link) throw new AppError('invalid_state', 'Bạn chưa liên kết chứng thư ký số từ xa (Chữ ký của tôi → Ký số từ xa).');
    const { main } = checkPersonal(ctx.s, input.outgoingId, input.version, me.userId, ctx.today());
    if (ctx.s.remoteSigning.waitingFor(input.outgoingId)) throw new AppError('conflict', 'Văn bản đang chờ xác nhận ký trên điện thoại.');
    const provider = ctx.s.remoteSigning.provider(link.providerId);
    const expiresAt = ctx.now() + provider.timeoutSeconds * 1000;
    // The PDF is read and hashed by the job on this PC; only the hash of the signed attributes goes to the provider.
    const requestId = ctx.write(
      () => {
        const id = ctx.s.remoteSigning.createRequest({
          documentId: input.outgoingId,
          version: input.version,
          userId: me.userId,
          providerId: link.providerId,
          credentialId: link.credentialId,
          expiresAt,
        });
        ctx.s.jobs.enqueue(
          REMOTE_SIGN_JOB,
          {
            requestId: id,
            documentId: input.outgoingId,
            version: input.version,
            userId: me.userId,
            providerId: link.providerId,
            credentialId: link.credentialId,
            source: main.hash,
            placement: input.placement ?? null,
          },
          { dedupeKey: `remote-sign:${id}`, maxAttempts: 1000 },
        );
        return id;
      },
      (id) => ({
        action: 'signing.remoteRequest',
        targetType: 'document',
        targetId: input.outgoingId,
        details: { requestId: id, provider: provider.name, credentialId: link.credentialId },
      }),
    );
    return { requestId, expiresAt };
  },

  'signing.remoteStatus': (ctx, input) => {
    const r = ctx.s.remoteSigning.request(input.requestId);
    if (!r || ctx.s.remoteSigning.requestRow(input.requestId)?.user_id !== ctx.user().userId) throw new AppError('not_found', 'Không tìm thấy yêu cầu ký.');
    return r;
  },
};
