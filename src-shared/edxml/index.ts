// The edXML codec's public face (standards §1): decode, encode, DocumentId, and the summary the hub routes by.
// Re-exports only; the desktop sync worker and the hub import from here, never from the files behind it.

import { parseDocumentId } from './document-id';
import type { Packet, StatusCode } from './types';

export * from './types';
export { decodePacket, decodePacketBytes, packetText, DECODE_LIMITS } from './decode';
export { encodePacket, encodePacketBytes, cleanValue } from './encode';
export { documentIdOf, isDocumentIdShape, parseDocumentId, type ParsedDocumentId } from './document-id';
export { encodeBase64, decodeBase64 } from './base64';
export { parseEdxmlTime, formatEdxmlDate, formatEdxmlTimestamp } from './dates';

export interface PacketSummary {
  kind: Packet['kind'];
  /** Sender's agency code. */
  from: string;
  /** Recipients' agency codes (a status packet goes back to the original sender: ResponseFor/OrganId). */
  to: string[];
  /** The document's DocumentId, or for a status packet the DocumentId it reports on. */
  documentId: string;
  statusCode: StatusCode | null;
  /** BussinessDocType of a document packet (0 new, 1 revoke, 2 update, 3 replace); null for status packets. */
  businessDocType: number | null;
}

/** What the hub routes by and the desktop lists without keeping the whole packet. */
export function packetSummary(p: Packet): PacketSummary {
  if (p.kind === 'status') {
    return {
      kind: 'status',
      from: p.from.organId,
      to: [p.responseFor.organId],
      documentId: p.responseFor.documentId,
      statusCode: p.statusCode,
      businessDocType: null,
    };
  }
  return {
    kind: 'document',
    from: p.from.organId,
    to: [...new Set(p.to.map((t) => t.organId))],
    documentId: p.documentId,
    statusCode: null,
    businessDocType: p.business.docType,
  };
}

/** The issuer's code of a DocumentId (the office a status packet about it must go back to), or null. */
export function issuerOf(documentId: string): string | null {
  return parseDocumentId(documentId)?.organId ?? null;
}
