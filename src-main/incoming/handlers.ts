// Handlers for intake, registration, edits, files, voiding and refusal of incoming documents. Secret documents are
// refused before anything is written; duplicates are refused unless the clerk confirms; numbers come from the
// register inside the one write transaction.

import type { z } from 'zod';
import type { incomingApi } from '../../src-shared/api/incoming';
import { AppError } from '../../src-shared/errors';
import { SECRECY } from '../../src-shared/documents';
import type { CallCtx, HandlerMap } from '../api/context';
import type { Metadata } from './service';
import { emitEffects } from '../workflow/handlers';
import type { Effects } from '../workflow/service';

type IncomingMethods = Extract<keyof typeof incomingApi, `incoming.${string}`>;
type MetadataInput = z.output<(typeof incomingApi)['incoming.update']['input']>;

function orgName(ctx: CallCtx): string {
  return ctx.s.settings.org()?.name ?? '';
}

function refuseSecret(secrecy: keyof typeof SECRECY): void {
  if (secrecy === 'none') return;
  throw new AppError('secret_document', undefined, {
    fields: [{ path: 'secrecy', message: `Văn bản "${SECRECY[secrecy]}" không được nhập vào hệ thống.` }],
  });
}

/** The stored metadata: issuer and type names taken from the directory when picked from it. */
export function resolveMetadata(ctx: CallCtx, v: Omit<MetadataInput, 'id' | 'files'>): Metadata {
  refuseSecret(v.secrecy);
  let { name: issuerName, code: issuerCode } = v.issuer;
  if (v.issuer.agencyId != null) {
    const a = ctx.s.agencies.row(v.issuer.agencyId);
    issuerName = a.name;
    issuerCode = a.code;
  }
  const type = v.docTypeId != null ? ctx.s.docTypes.get(v.docTypeId) : null;
  if (type && !type.active) throw new AppError('invalid_input', undefined, { fields: [{ path: 'docTypeId', message: 'Loại văn bản đã ngừng sử dụng.' }] });
  if (v.issuedDate && v.issuedDate > ctx.today()) {
    throw new AppError('invalid_input', undefined, { fields: [{ path: 'issuedDate', message: 'Ngày văn bản không được sau ngày hôm nay.' }] });
  }
  return {
    issuerAgencyId: v.issuer.agencyId,
    issuerCode,
    issuerName,
    codeNumber: v.codeNumber,
    codeNotation: v.codeNotation,
    issuedDate: v.issuedDate,
    docTypeId: v.docTypeId,
    typeName: type?.name ?? null,
    subject: v.subject,
    signerPosition: v.signerPosition,
    signerName: v.signerName,
    urgency: v.urgency,
    urgentDeadlineAt: v.urgency === 4 ? v.urgentDeadlineAt : null,
    pageCount: v.pageCount,
    copies: v.copies,
    receivedVia: v.receivedVia,
    handlingDueDate: v.handlingDueDate,
    notes: v.notes,
    edxmlDocumentId: v.edxmlDocumentId,
    restricted: v.restricted,
  };
}

function assertNoDuplicate(ctx: CallCtx, m: Metadata, excludeId: number | undefined): void {
  const candidates = ctx.s.documents.duplicates(
    {
      excludeId,
      issuer: { code: m.issuerCode, name: m.issuerName },
      codeNumber: m.codeNumber,
      codeNotation: m.codeNotation,
      issuedDate: m.issuedDate,
      edxmlDocumentId: m.edxmlDocumentId,
    },
    ctx.viewer(),
  );
  if (!candidates.length) return;
  const c = candidates[0];
  const where = c.arrivalNumber ? `số đến ${c.arrivalNumber} (${c.registerName ?? ''})` : 'đang chờ vào sổ';
  throw new AppError(
    'duplicate_document',
    `Văn bản này có thể đã vào sổ: ${where}. Nếu đây là bản giấy của văn bản điện tử đã nhận, hãy đính kèm vào văn bản đó thay vì cấp số mới.`,
    { details: { candidates } },
  );
}

export const incomingHandlers: HandlerMap<IncomingMethods> = {
  'incoming.receive': (ctx, input) => {
    const me = ctx.user();
    ctx.s.blobs.assertKnown(input.files.map((f) => f.hash));
    const id = ctx.write(
      () => ctx.s.incoming.receive(input, me.userId),
      (newId) => ({ targetType: 'document', targetId: newId }),
    );
    return ctx.s.incoming.detail(id, orgName(ctx), ctx.viewer());
  },

  'incoming.register': (ctx, input) => {
    const me = ctx.user();
    const m = resolveMetadata(ctx, input);
    ctx.s.blobs.assertKnown(input.files.map((f) => f.hash));
    if (input.pendingId != null) ctx.s.access.mustSee(ctx.viewer(), input.pendingId);
    let urgent = null as Effects | null;
    const id = ctx.write(
      () => {
        // Checked inside the transaction too: two clerks registering the same paper at once must not both win.
        if (!input.allowDuplicate) assertNoDuplicate(ctx, m, input.pendingId);
        const newId = ctx.s.incoming.register({ ...m, pendingId: input.pendingId, registerId: input.registerId, files: input.files }, me.userId);
        // An urgent document reaches the leaders the moment it is registered.
        urgent = ctx.s.workflow.urgentRegistered(newId, me.userId);
        // A document received from the hub: its sender hears it was registered (03).
        if (input.pendingId != null) ctx.s.sync.onRegistered(newId);
        // A file made from the scan tray: linked to the document, the tray emptied once its batch is all registered.
        ctx.s.scanning.onRegistered(
          newId,
          input.files.map((f) => f.hash),
        );
        return newId;
      },
      (newId) => ({
        targetType: 'document',
        targetId: newId,
        details: {
          registerId: input.registerId,
          pendingId: input.pendingId ?? null,
          ...(m.restricted ? { restricted: true } : { subject: m.subject }),
          allowDuplicate: input.allowDuplicate,
          files: input.files.length,
        },
      }),
    );
    const detail = ctx.s.incoming.detail(id, orgName(ctx), ctx.viewer());
    ctx.emit('document.changed', { id, direction: 'in' });
    if (urgent?.notified.length) emitEffects(ctx, urgent);
    return detail;
  },

  // One transaction and one audit row for the edit and the files added with it: both happen or neither.
  'incoming.update': (ctx, input) => {
    const me = ctx.user();
    const { id, files, ...rest } = input;
    ctx.s.access.mustSee(ctx.viewer(), id);
    const m = resolveMetadata(ctx, rest);
    ctx.s.blobs.assertKnown(files.map((f) => f.hash));
    let changes: Record<string, unknown> = {};
    ctx.write(
      () => {
        assertNoDuplicate(ctx, m, id);
        changes = ctx.s.incoming.update(id, m, files, me.userId);
      },
      () => ({ targetType: 'document', targetId: id, details: files.length ? { changes, files: files.length } : { changes } }),
    );
    ctx.emit('document.changed', { id, direction: 'in' });
    return ctx.s.incoming.detail(id, orgName(ctx), ctx.viewer());
  },

  'incoming.checkDuplicates': (ctx, input) => ({
    candidates: ctx.s.documents.duplicates({ ...input, issuer: { code: input.issuer.code, name: input.issuer.name } }, ctx.viewer()),
  }),

  'incoming.attachFiles': (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.documentId);
    ctx.s.blobs.assertKnown(input.files.map((f) => f.hash));
    ctx.write(() => ctx.s.incoming.attachFiles(input.documentId, input.files, me.userId), { targetType: 'document', targetId: input.documentId });
    ctx.emit('document.changed', { id: input.documentId, direction: 'in' });
    return ctx.s.incoming.detail(input.documentId, orgName(ctx), ctx.viewer());
  },

  'incoming.void': (ctx, input) => {
    const me = ctx.user();
    ctx.s.access.mustSee(ctx.viewer(), input.id);
    ctx.write(() => ctx.s.incoming.void(input.id, input.reason, me.userId), { targetType: 'document', targetId: input.id, details: { reason: input.reason } });
    ctx.emit('document.changed', { id: input.id, direction: 'in' });
    return ctx.s.incoming.detail(input.id, orgName(ctx), ctx.viewer());
  },

  'incoming.refuse': (ctx, input) => {
    const me = ctx.user();
    if (input.pendingId != null) ctx.s.access.mustSee(ctx.viewer(), input.pendingId);
    ctx.s.blobs.assertKnown(input.files.map((f) => f.hash));
    const id = ctx.write(
      () => {
        const newId = ctx.s.incoming.refuse(input, me.userId);
        // A document received from the hub: its sender hears it was refused, with the reason (02).
        if (input.pendingId != null) ctx.s.sync.onRefused(newId, input.reason, input.reasonText);
        return newId;
      },
      (newId) => ({ targetType: 'document', targetId: newId, details: { reason: input.reason, reasonText: input.reasonText } }),
    );
    ctx.emit('document.changed', { id, direction: 'in' });
    return ctx.s.incoming.detail(id, orgName(ctx), ctx.viewer());
  },
};
