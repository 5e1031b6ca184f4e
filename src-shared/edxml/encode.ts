// The edXML writer: Packet -> text in exactly the skeleton of standards §1.2–1.9 (element order, edXML: prefix on every
// element inside the envelope, "Bussiness" spelling, yyyy/MM/dd dates, Vietnam-time timestamps, cid: ContentIds).
// Deterministic, so golden files compare byte for byte. Does not validate business rules: the decoder does that.

import { encodeBase64 } from './base64';
import { formatEdxmlDate, formatEdxmlTimestamp } from './dates';
import { EDXML_NS, type Business, type DocumentPacket, type Organ, type Packet, type ResponseFor, type StaffInfo, type StatusPacket } from './types';

/**
 * The text as it will be read back: NFC (TCVN 6909), trimmed like the reader trims, CR LF as LF (XML parsers turn
 * CR into LF anyway), and without the control characters XML 1.0 cannot carry at all.
 */
export function cleanValue(s: string): string {
  return (
    s
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .trim()
  );
}

function escape(s: string): string {
  return cleanValue(s).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** Lines of XML, two spaces per level; `e` writes a leaf, `open`/`close` a parent, all with the edXML: prefix. */
class Writer {
  readonly lines: string[] = [];
  private depth = 0;
  private opened = -1;
  constructor(private readonly prefix: string) {}
  private indent(): string {
    return '  '.repeat(this.depth);
  }
  raw(line: string): void {
    this.lines.push(`${this.indent()}${line}`);
  }
  e(name: string, value: string | number | null): void {
    const v = value === null ? '' : typeof value === 'number' ? String(value) : escape(value);
    this.raw(v === '' ? `<${this.prefix}${name}/>` : `<${this.prefix}${name}>${v}</${this.prefix}${name}>`);
  }
  open(name: string, attrs = ''): void {
    this.raw(`<${this.prefix}${name}${attrs}>`);
    this.opened = this.lines.length;
    this.depth++;
  }
  close(name: string): void {
    this.depth--;
    // An empty container is written self-closed, like an empty leaf.
    if (this.opened === this.lines.length) this.lines[this.lines.length - 1] = this.lines[this.lines.length - 1]!.replace(/>$/, '/>');
    else this.raw(`</${this.prefix}${name}>`);
    this.opened = -1;
  }
  setDepth(d: number): void {
    this.depth = d;
  }
}

const date = (d: string | null) => (d ? formatEdxmlDate(d) : null);

function organ(w: Writer, tag: 'From' | 'To', o: Organ): void {
  w.open(tag);
  w.e('OrganId', o.organId);
  w.e('OrganizationInCharge', o.organizationInCharge);
  w.e('OrganName', o.organName);
  w.e('OrganAdd', o.organAdd);
  w.e('Email', o.email);
  w.e('Telephone', o.telephone);
  w.e('Fax', o.fax);
  w.e('Website', o.website);
  w.close(tag);
}

function staff(w: Writer, s: StaffInfo): void {
  w.open('StaffInfo');
  w.e('Department', s.department);
  w.e('Staff', s.staff);
  w.e('Mobile', s.mobile);
  w.e('Email', s.email);
  w.close('StaffInfo');
}

function responseFor(w: Writer, r: ResponseFor): void {
  w.open('ResponseFor');
  w.e('OrganId', r.organId);
  w.e('Code', r.code);
  w.e('PromulgationDate', date(r.promulgationDate));
  w.e('DocumentId', r.documentId);
  w.close('ResponseFor');
}

function business(w: Writer, b: Business): void {
  w.open('Bussiness');
  if (b.documentId) w.e('DocumentId', b.documentId);
  w.e('BussinessDocType', b.docType);
  w.e('BussinessDocReason', b.reason);
  w.e('Paper', b.paper ? 1 : 0);
  staff(w, b.staff);
  if (b.updateInfo) {
    w.open('BussinessDocumentInfo');
    w.e('DocumentInfo', b.updateInfo.documentInfo ? 1 : 0);
    w.e('DocumentReceiver', b.updateInfo.documentReceiver ? 1 : 0);
    w.open('ReceiverList');
    for (const r of b.updateInfo.receivers) {
      w.open('Receiver');
      w.e('ReceiverType', r.receiverType);
      w.e('OrganId', r.organId);
      w.close('Receiver');
    }
    w.close('ReceiverList');
    w.close('BussinessDocumentInfo');
  }
  if (b.replacements.length) {
    w.open('ReplacementInfoList');
    for (const r of b.replacements) {
      w.open('ReplacementInfo');
      w.e('DocumentId', r.documentId);
      w.open('OrganIdList');
      for (const id of r.organIds) w.e('OrganId', id);
      w.close('OrganIdList');
      w.close('ReplacementInfo');
    }
    w.close('ReplacementInfoList');
  }
  w.close('Bussiness');
}

function documentHeader(w: Writer, p: DocumentPacket): void {
  w.open('MessageHeader');
  organ(w, 'From', p.from);
  for (const t of p.to) organ(w, 'To', t);
  w.open('Code');
  w.e('CodeNumber', p.code.number);
  w.e('CodeNotation', p.code.notation);
  w.close('Code');
  w.open('PromulgationInfo');
  w.e('Place', p.promulgation.place);
  w.e('PromulgationDate', date(p.promulgation.date));
  w.close('PromulgationInfo');
  w.open('DocumentType');
  w.e('Type', p.documentType.type);
  w.e('TypeDetail', p.documentType.typeDetail);
  w.e('TypeName', p.documentType.typeName);
  w.close('DocumentType');
  w.e('Subject', p.subject);
  w.e('Content', p.content);
  w.open('SignerInfo');
  w.e('Competence', p.signer.competence);
  w.e('Position', p.signer.position);
  w.e('FullName', p.signer.fullName);
  w.close('SignerInfo');
  w.e('DueDate', date(p.dueDate));
  w.open('ToPlaces');
  for (const place of p.toPlaces) w.e('Place', place);
  w.close('ToPlaces');
  const o = p.otherInfo;
  w.open('OtherInfo');
  w.e('Priority', o.priority);
  w.e('SphereOfPromulgation', o.sphereOfPromulgation);
  w.e('TyperNotation', o.typerNotation);
  w.e('PromulgationAmount', o.promulgationAmount);
  w.e('PageAmount', o.pageAmount);
  w.open('Appendixes');
  for (const a of o.appendixes) w.e('Appendix', a);
  w.close('Appendixes');
  w.close('OtherInfo');
  for (const r of p.responseFor) responseFor(w, r);
  w.e('SteeringType', p.steeringType);
  w.e('DocumentId', p.documentId);
  w.close('MessageHeader');
  w.open('TraceHeaderList');
  for (const t of p.traces) {
    w.open('TraceHeader');
    w.e('OrganId', t.organId);
    w.e('Timestamp', formatEdxmlTimestamp(t.timestamp));
    w.close('TraceHeader');
  }
  business(w, p.business);
  w.close('TraceHeaderList');
}

function statusHeader(w: Writer, p: StatusPacket): void {
  w.open('MessageHeader');
  organ(w, 'From', p.from);
  responseFor(w, p.responseFor);
  staff(w, p.staff);
  w.e('StatusCode', p.statusCode);
  w.e('Description', p.description);
  w.e('Timestamp', formatEdxmlTimestamp(p.timestamp));
  w.close('MessageHeader');
}

/** The packet as edXML text (UTF-8 when written out; the declaration says so). */
export function encodePacket(p: Packet): string {
  const w = new Writer('edXML:');
  w.lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  w.lines.push(`<edXML xmlns="${EDXML_NS}">`);
  w.setDepth(1);
  w.open('edXMLEnvelope', ` xmlns:edXML="${EDXML_NS}"`);
  w.open('edXMLHeader');
  if (p.kind === 'status') statusHeader(w, p);
  else documentHeader(w, p);
  w.close('edXMLHeader');
  if (p.kind === 'document') {
    w.open('edXMLBody');
    w.open('edXMLManifest', ' version="1.0"');
    for (const a of p.attachments) {
      w.open('Reference');
      w.e('ContentId', `cid:${a.contentId}`);
      w.e('ContentType', a.contentType);
      w.e('Description', a.description);
      w.e('AttachmentName', a.name);
      w.close('Reference');
    }
    w.close('edXMLManifest');
    w.close('edXMLBody');
  }
  w.close('edXMLEnvelope');
  if (p.kind === 'document') {
    // Outside the envelope, in the default namespace (no prefix), as §1.2 shows.
    const a = new Writer('');
    a.setDepth(1);
    a.open('AttachmentEncoded');
    for (const att of p.attachments) {
      a.open('Attachment');
      a.e('ContentId', `cid:${att.contentId}`);
      a.e('AttachmentName', att.name);
      a.e('Description', att.description);
      a.e('ContentType', att.contentType);
      // Not through escape(): base64 needs none, and a 40 MB string should not be normalised or scanned again.
      a.raw(`<ContentTransferEncoded>${encodeBase64(att.bytes)}</ContentTransferEncoded>`);
      a.close('Attachment');
    }
    a.close('AttachmentEncoded');
    w.lines.push(...a.lines);
  }
  w.lines.push('</edXML>', '');
  return w.lines.join('\n');
}

type TextEncoderLike = { encode(s: string): Uint8Array };

/** The packet as the UTF-8 bytes of a `.edxml` file (no BOM), ready to send or store. */
export function encodePacketBytes(p: Packet): Uint8Array {
  return new (globalThis as unknown as { TextEncoder: new () => TextEncoderLike }).TextEncoder().encode(encodePacket(p));
}
