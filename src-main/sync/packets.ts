// Builds the edXML packets this office sends (standards §1): a document packet from an issued outgoing document and
// its current (signed) files, a status packet from the outbox row's fixed payload. Reads only; writes nothing: the
// worker stores what it built once, so every retry sends the same bytes.

import { cachedStatement } from '../db/statements';
import type { DocumentPacket, Organ, ResponseFor, StatusCode, StatusPacket, Priority } from '../../src-shared/edxml/types';
import type { Services } from '../api/context';

const EMPTY_STAFF = { department: '', staff: '', mobile: '', email: '' };

/** This office as the From of its packets: the code from the sync settings, name and address from the settings. */
export function ownOrgan(s: Services, code: string): Organ {
  const org = s.settings.org();
  return {
    organId: code,
    organizationInCharge: org?.parentName ?? '',
    organName: org?.name ?? code,
    organAdd: org?.address ?? '',
    email: org?.email ?? '',
    telephone: org?.phone ?? '',
    fax: '',
    website: '',
  };
}

/** A recipient by code, named from the agency directory (the hub's names), else as written on the document. */
function organOf(s: Services, code: string, fallback: string): Organ {
  const name = (cachedStatement(s.raw, 'SELECT name FROM agencies WHERE code = ?').pluck().get(code) as string | undefined) ?? fallback;
  return { organId: code, organizationInCharge: '', organName: name, organAdd: '', email: '', telephone: '', fax: '', website: '' };
}

const MIME: Record<string, string> = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip: 'application/zip' };

interface OutRow {
  codeNumber: string;
  codeNotation: string;
  issuedDate: string;
  docTypeId: number | null;
  typeName: string | null;
  subject: string;
  signerPosition: string | null;
  signerName: string | null;
  urgency: number;
  pageCount: number | null;
  authority: string | null;
  replyDueDate: string | null;
  replyRequested: number;
  replyToId: number | null;
}

/** The document packet of an outbox row (kind 'document'), with the files as they are now: the signed PDFs. */
export async function buildDocumentPacket(s: Services, documentId: number, to: string[], code: string, edxmlDocumentId: string): Promise<DocumentPacket> {
  const d = s.raw
    .prepare(
      `SELECT d.code_number AS codeNumber, d.code_notation AS codeNotation, d.issued_date AS issuedDate, d.doc_type_id AS docTypeId, d.type_name AS typeName,
              d.subject, d.signer_position AS signerPosition, d.signer_name AS signerName, d.urgency, d.page_count AS pageCount,
              o.authority, o.reply_due_date AS replyDueDate, o.reply_requested AS replyRequested, o.reply_to_id AS replyToId
         FROM documents d JOIN outgoing_documents o ON o.document_id = d.id WHERE d.id = ?`,
    )
    .get(documentId) as OutRow | undefined;
  if (!d) throw new Error(`outgoing document ${documentId} not found`);
  const recipients = cachedStatement(s.raw, 'SELECT name, paper FROM outgoing_recipients WHERE document_id = ? ORDER BY position').all(documentId) as Array<{
    name: string;
    paper: number;
  }>;
  const names = new Map(s.sync.hubRecipients(documentId).map((r) => [r.code, r.name]));
  const files = s.raw
    .prepare(
      "SELECT f.blob_hash AS hash, f.file_name AS fileName, f.role, b.kind FROM document_files f JOIN blobs b ON b.hash = f.blob_hash WHERE f.document_id = ? AND f.role IN ('main', 'attachment') ORDER BY f.position",
    )
    .all(documentId) as Array<{ hash: string; fileName: string; role: string; kind: string }>;
  const attachments: DocumentPacket['attachments'] = [];
  for (const [i, f] of files.entries()) {
    const ext = f.fileName.split('.').pop()?.toLowerCase() ?? '';
    attachments.push({
      contentId: `att${i + 1}`,
      name: f.fileName,
      description: f.role === 'main' ? 'Văn bản chính' : 'Tài liệu kèm theo',
      contentType: MIME[f.kind] ?? MIME[ext] ?? 'application/octet-stream',
      bytes: new Uint8Array(await s.blobs.read(f.hash)),
    });
  }
  const replyTo =
    d.replyToId != null
      ? (cachedStatement(s.raw, "SELECT response_for FROM sync_documents WHERE document_id = ? AND direction = 'in'").pluck().get(d.replyToId) as string | undefined)
      : undefined;
  const org = s.settings.org();
  return {
    kind: 'document',
    from: ownOrgan(s, code),
    to: to.map((c) => organOf(s, c, names.get(c) ?? c)),
    code: { number: d.codeNumber, notation: d.codeNotation },
    promulgation: { place: org?.place ?? '', date: d.issuedDate },
    documentType: { type: d.docTypeId ?? 0, typeDetail: 0, typeName: d.typeName ?? '' },
    subject: d.subject,
    content: '',
    signer: { competence: d.authority ?? '', position: d.signerPosition ?? '', fullName: d.signerName ?? '' },
    dueDate: d.replyRequested ? d.replyDueDate : null,
    toPlaces: recipients.map((r) => r.name),
    otherInfo: {
      priority: Math.min(4, Math.max(0, d.urgency)) as Priority,
      sphereOfPromulgation: '',
      typerNotation: '',
      promulgationAmount: null,
      pageAmount: d.pageCount,
      appendixes: files.filter((f) => f.role === 'attachment').map((f) => f.fileName),
    },
    responseFor: replyTo ? [JSON.parse(replyTo) as ResponseFor] : [],
    steeringType: 0,
    documentId: edxmlDocumentId,
    traces: [{ organId: code, timestamp: s.env.clock.now() }],
    business: { docType: 0, reason: '', paper: recipients.some((r) => r.paper), staff: EMPTY_STAFF, documentId: null, updateInfo: null, replacements: [] },
    attachments,
  };
}

/** The status packet of an outbox row (kind 'status'): ResponseFor and description fixed when it was queued. */
export function buildStatusPacket(s: Services, code: string, statusCode: StatusCode, payload: { responseFor: ResponseFor; description: string }, at: number): StatusPacket {
  return {
    kind: 'status',
    from: ownOrgan(s, code),
    responseFor: payload.responseFor,
    staff: EMPTY_STAFF,
    statusCode,
    description: payload.description,
    timestamp: at,
  };
}
