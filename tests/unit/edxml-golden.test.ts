// Golden edXML packets (tests/fixtures/edxml/): decoding gives exactly the expected objects, and the encoder writes
// the canonical ones byte for byte; plus DocumentId, dates and the routing summary.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  decodePacketBytes,
  documentIdOf,
  encodePacket,
  encodePacketBytes,
  formatEdxmlTimestamp,
  issuerOf,
  packetSummary,
  parseDocumentId,
  parseEdxmlTime,
  type DocumentPacket,
} from '../../src-shared/edxml';
import { CANONICAL, DOCUMENT_BKAV, DOCUMENT_NEW, DOCUMENT_TWO_RECIPIENTS, FIXTURES_DIR, STATUS } from './edxml-fixtures';

const read = (f: string) => readFileSync(new URL(f, FIXTURES_DIR), 'utf8');

describe('golden packets', () => {
  for (const [file, expected] of Object.entries(CANONICAL)) {
    it(`${file}: decodes to the expected object and re-encodes byte for byte`, () => {
      const text = read(file);
      expect(decodePacket(text)).toEqual(expected);
      expect(encodePacket(expected)).toBe(text);
    });
  }

  it('the canonical writer keeps the §1.3 order, the edXML: prefix inside the envelope and the Bussiness spelling', () => {
    const text = read('document-two-recipients.edxml');
    const header = text.slice(text.indexOf('<edXML:MessageHeader>'), text.indexOf('</edXML:MessageHeader>'));
    const order = [...header.matchAll(/^ {8}<edXML:(\w+)/gm)].map((m) => m[1]);
    expect(order).toEqual([
      'From',
      'To',
      'To',
      'Code',
      'PromulgationInfo',
      'DocumentType',
      'Subject',
      'Content',
      'SignerInfo',
      'DueDate',
      'ToPlaces',
      'OtherInfo',
      'ResponseFor',
      'SteeringType',
      'DocumentId',
    ]);
    const envelope = text.slice(text.indexOf('<edXML:edXMLEnvelope'), text.indexOf('</edXML:edXMLEnvelope>'));
    expect(envelope.match(/<\/?[A-Za-z]/g)!.length).toBe(envelope.match(/<\/?edXML:/g)!.length);
    expect(text).toContain('<edXML:Bussiness>');
    expect(text).not.toContain('Business');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">')).toBe(true);
    expect(text).toContain('<ContentId>cid:pl-2</ContentId>');
    expect(text).toContain('<edXML:ContentId>cid:pl-2</edXML:ContentId>');
  });

  it('status packets write From, ResponseFor, StaffInfo, StatusCode, Description, Timestamp and nothing else', () => {
    const text = read('status-02.edxml');
    const header = text.slice(text.indexOf('<edXML:MessageHeader>'), text.indexOf('</edXML:MessageHeader>'));
    expect([...header.matchAll(/^ {8}<edXML:(\w+)/gm)].map((m) => m[1])).toEqual(['From', 'ResponseFor', 'StaffInfo', 'StatusCode', 'Description', 'Timestamp']);
    expect(text).not.toContain('edXMLBody');
    expect(text).not.toContain('AttachmentEncoded');
  });

  it('reads the Bkav order, Business spelling, dd/MM/yyyy dates, cid-less ContentIds and ignores extensions', () => {
    expect(decodePacket(read('document-bkav.edxml'))).toEqual(DOCUMENT_BKAV);
  });

  it('reads a packet as other systems send it: XMLDSig header signature, an impossible date in a quoted DocumentId, an empty Appendix, a zipped file with line-broken base64', () => {
    const p = decodePacket(read('document-other-system.edxml'));
    if (p.kind !== 'document') throw new Error('not a document packet');
    expect(p.from.organId).toBe('000.00.14.H35');
    expect(p.to.map((t) => t.organId)).toEqual(['000.00.12.H35']);
    expect(p.documentId).toBe('000.00.14.H35,2026/11/20,845/SNV-VTLT');
    expect(p.promulgation.date).toBe('2026-11-20');
    expect(p.documentType.typeName).toBe('Kế hoạch');
    // A key other systems quote verbatim: kept as written, 30 February and all.
    expect(p.business.documentId).toBe('000.00.14.H35,2026/02/30,12/SNV-VTLT');
    expect(p.otherInfo.appendixes).toEqual([]);
    expect(p.attachments.map((x) => [x.contentId, x.name, x.contentType])).toEqual([
      ['845', 'Ke hoach kiem tra.txt', 'application/zip'],
      ['846', 'Phu luc.pdf', 'application/pdf'],
    ]);
    const a = p.attachments[0];
    // The zip's local file header: the bytes survived the line breaks.
    expect([...a.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('decodes bytes with and without a UTF-8 BOM, and UTF-16 with a BOM', () => {
    const text = read('document-new.edxml');
    const utf8 = new TextEncoder().encode(text);
    expect(decodePacketBytes(utf8)).toEqual(DOCUMENT_NEW);
    expect(decodePacketBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual(DOCUMENT_NEW);
    const le = Buffer.from(`\ufeff${text.replace('UTF-8', 'UTF-16')}`, 'utf16le');
    expect(decodePacketBytes(new Uint8Array(le))).toEqual(DOCUMENT_NEW);
    const be = Buffer.from(le).swap16();
    expect(decodePacketBytes(new Uint8Array(be))).toEqual(DOCUMENT_NEW);
    expect(Buffer.from(encodePacketBytes(DOCUMENT_NEW)).equals(Buffer.from(utf8))).toBe(true);
  });

  it('skipAttachmentBytes routes without decoding base64 but still links the attachments and reports their size', () => {
    const p = decodePacket(read('document-two-recipients.edxml'), { skipAttachmentBytes: true }) as DocumentPacket;
    expect(p.attachments.map((a) => [a.contentId, a.bytes.length, a.size])).toEqual(DOCUMENT_TWO_RECIPIENTS.attachments.map((a) => [a.contentId, 0, a.bytes.length]));
  });

  it('computes DocumentId from issuer, date and code when the sender left it out', () => {
    const text = read('document-new.edxml').replace(/\s*<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, '');
    expect(text).not.toContain('<edXML:DocumentId>');
    expect(decodePacket(text)).toEqual(DOCUMENT_NEW);
  });

  it('reads a one-digit StatusCode as the two-digit code of the table', () => {
    const text = read('status-03.edxml').replace('<edXML:StatusCode>03<', '<edXML:StatusCode>3<');
    expect(decodePacket(text)).toEqual(STATUS['03']);
  });

  it('summarises packets for routing', () => {
    expect(packetSummary(DOCUMENT_TWO_RECIPIENTS)).toEqual({
      kind: 'document',
      from: '000.00.12.H35',
      to: ['000.00.00.H35', '000.00.11.H35'],
      documentId: '000.00.12.H35,2026/11/30,37/QĐ-UBND',
      statusCode: null,
      businessDocType: 0,
    });
    expect(packetSummary(STATUS['02']!)).toEqual({
      kind: 'status',
      from: '000.00.00.H35',
      to: ['000.00.12.H35'],
      documentId: '000.00.12.H35,2026/12/04,125/UBND-VP',
      statusCode: '02',
      businessDocType: null,
    });
    expect(issuerOf('000.00.11.H35,2026/11/20,2491/STC-NS')).toBe('000.00.11.H35');
    expect(issuerOf('nonsense')).toBeNull();
  });
});

describe('DocumentId (§1.4)', () => {
  it('builds and splits ids whose notation holds "/", "-" and Vietnamese letters', () => {
    const id = documentIdOf('000.00.00.G22', '2015-09-30', '7816', 'VPCP-TTĐT');
    expect(id).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(parseDocumentId(id)).toEqual({ organId: '000.00.00.G22', date: '2015-09-30', number: '7816', notation: 'VPCP-TTĐT' });
    expect(parseDocumentId('H37.02.02,2026/01/05,12/2026/QĐ-UBND')).toEqual({ organId: 'H37.02.02', date: '2026-01-05', number: '12', notation: '2026/QĐ-UBND' });
    expect(parseDocumentId('000.00.00.H41,30/09/2026,7816/UBND-TH')?.date).toBe('2026-09-30');
  });

  it('refuses what is not of that form', () => {
    for (const bad of [
      '',
      '000.00.00.G22',
      '000.00.00.G22,2015/09/30',
      '000.00.00.G22,2015/02/30,1/A',
      'g22 x,2015/09/30,1/A',
      '000.00.00.G22,2015/09/30,7816',
      '000.00.00.G22,2015/09/30,/A',
      '000.00.00.G22,2015/09/30,1/',
      '000.00.00.G22,2015/09/30 10:00:00,1/A',
    ]) {
      expect(parseDocumentId(bad), bad).toBeNull();
    }
  });
});

describe('edXML dates', () => {
  it('reads both orders, with and without a time, and refuses impossible dates', () => {
    expect(parseEdxmlTime('2026/12/04')).toEqual({ date: '2026-12-04', seconds: null });
    expect(parseEdxmlTime('04/12/2026 16:30:05')).toEqual({ date: '2026-12-04', seconds: 59405 });
    expect(parseEdxmlTime('2024/02/29 00:00:00')).toEqual({ date: '2024-02-29', seconds: 0 });
    for (const bad of ['2026/02/29', '31/04/2026', '2026/13/01', '2026/12/04 24:00:00', '2026/12/04 10:60:00', '04-12-26', 'hôm nay']) {
      expect(parseEdxmlTime(bad), bad).toBeNull();
    }
  });

  it('writes timestamps in Vietnam time whatever the host zone', () => {
    expect(formatEdxmlTimestamp(Date.UTC(2026, 11, 31, 17, 0, 0, 999))).toBe('2027/01/01 00:00:00');
  });
});
