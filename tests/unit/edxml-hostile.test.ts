// Hostile and broken edXML: every refusal carries the right EdxmlError code, the element path and one Vietnamese
// sentence, and nothing hostile (entities, huge or deep input) costs more than a refusal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodePacket, decodePacketBytes, EdxmlError, type EdxmlErrorCode } from '../../src-shared/edxml';
import { FIXTURES_DIR } from './edxml-fixtures';

const read = (f: string) => readFileSync(new URL(f, FIXTURES_DIR), 'utf8');
const DOC = read('document-new.edxml');
const TWO = read('document-two-recipients.edxml');
const STATUS = read('status-01.edxml');
const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

function refusal(fn: () => unknown): EdxmlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EdxmlError) return e;
    throw new Error(`expected EdxmlError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a refusal, the packet was accepted');
}

function expectRefused(text: string, code: EdxmlErrorCode, path: string | null, message?: RegExp | string): EdxmlError {
  const e = refusal(() => decodePacket(text));
  expect(e.code, e.message).toBe(code);
  expect(e.path).toBe(path);
  // The root has no path below the envelope: a wrong root is named as the element itself.
  if (path) expect(e.message).toContain(code === 'wrong_root' ? `<${path}>` : ` tại ${path}.`);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
  // One sentence: ends with a full stop, no line breaks.
  expect(e.message).toMatch(/^[^\n]+\.$/);
  return e;
}

describe('not XML, entities, limits', () => {
  it('refuses malformed and truncated XML with the element being read', () => {
    expectRefused(`<edXML xmlns="${NS}"><a></edXML>`, 'not_xml', null, /không phải XML hợp lệ/);
    const cut = DOC.slice(0, DOC.indexOf('<edXML:Subject>') + 20);
    expectRefused(cut, 'not_xml', 'edXMLHeader/MessageHeader/Subject', /bị cắt cụt/);
    expectRefused('', 'not_xml', null);
    expectRefused('không phải XML', 'not_xml', null);
    expectRefused(DOC.replace('&amp;', '&nbsp;'), 'not_xml', 'edXMLHeader/MessageHeader/Subject');
  });

  it('refuses XXE and billion laughs before any entity is expanded', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><edXML xmlns="${NS}">&xxe;</edXML>`;
    expectRefused(xxe, 'doctype', null, /DOCTYPE/);
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>' +
      `<edXML xmlns="${NS}">&lol2;</edXML>`;
    expectRefused(laughs, 'doctype', null);
    // The same inside a real packet, after the declaration.
    expectRefused(DOC.replace('?>\n', '?>\n<!DOCTYPE edXML SYSTEM "http://example.invalid/x.dtd">\n'), 'doctype', null);
  });

  it('refuses input over the size limit without decoding it (200 MB of bytes, and text over maxChars)', () => {
    // new Uint8Array zero-fills lazily: the pages are never touched, so this costs no real memory.
    const huge = new Uint8Array(200_000_000);
    const e = refusal(() => decodePacketBytes(huge));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/200000000 byte, vượt giới hạn 160000000 ký tự\.$/);
    expect(refusal(() => decodePacket(DOC, { maxChars: 1000 })).code).toBe('too_large');
    expect(refusal(() => decodePacketBytes(new TextEncoder().encode(DOC), { maxChars: 1000 })).code).toBe('too_large');
  });

  it('refuses a depth bomb', () => {
    const bomb = `<edXML xmlns="${NS}">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</edXML>`;
    const e = expectRefused(bomb, 'too_large', `${'a/'.repeat(62)}a`, /sâu quá 64 cấp/);
    expect(e.path!.split('/')).toHaveLength(63);
    expect(refusal(() => decodePacket(DOC, { maxDepth: 4 })).code).toBe('too_large');
  });
});

describe('not an edXML packet', () => {
  it('refuses another root or another namespace', () => {
    expectRefused(
      DOC.replace(`<edXML xmlns="${NS}">`, '<edXML xmlns="http://example.invalid/edxml">').replace(/xmlns:edXML="[^"]+"/, 'xmlns:edXML="http://example.invalid/edxml"'),
      'wrong_root',
      'edXML',
      /không gian tên "http:\/\/example\.invalid\/edxml"/,
    );
    expectRefused('<edXML><x/></edXML>', 'wrong_root', 'edXML', /không có không gian tên/);
    expectRefused(`<Envelope xmlns="${NS}"/>`, 'wrong_root', 'Envelope');
    expectRefused('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><x/></soap:Envelope>', 'wrong_root', 'soap:Envelope');
  });
});

describe('missing required elements', () => {
  const cases: Array<[string, string, string, string]> = [
    [
      'the sender code',
      DOC.replace('<edXML:OrganId>000.00.12.H35</edXML:OrganId>', '<edXML:OrganId> </edXML:OrganId>'),
      'edXMLHeader/MessageHeader/From/OrganId',
      'Thiếu mã định danh cơ quan gửi tại edXMLHeader/MessageHeader/From/OrganId.',
    ],
    ['From', DOC.replace(/<edXML:From>[\s\S]*?<\/edXML:From>/, ''), 'edXMLHeader/MessageHeader/From', 'Thiếu cơ quan gửi (From) tại edXMLHeader/MessageHeader/From.'],
    ['To', DOC.replace(/<edXML:To>[\s\S]*?<\/edXML:To>/, ''), 'edXMLHeader/MessageHeader/To', 'Thiếu cơ quan nhận (To) tại edXMLHeader/MessageHeader/To.'],
    ['Code', DOC.replace(/<edXML:Code>[\s\S]*?<\/edXML:Code>/, ''), 'edXMLHeader/MessageHeader/Code', 'Thiếu số và ký hiệu văn bản (Code) tại edXMLHeader/MessageHeader/Code.'],
    [
      'CodeNotation',
      DOC.replace(/<edXML:CodeNotation>[^<]*<\/edXML:CodeNotation>/, '<edXML:CodeNotation/>'),
      'edXMLHeader/MessageHeader/Code/CodeNotation',
      'Thiếu ký hiệu văn bản tại edXMLHeader/MessageHeader/Code/CodeNotation.',
    ],
    ['Subject', DOC.replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, ''), 'edXMLHeader/MessageHeader/Subject', 'Thiếu trích yếu (Subject) tại edXMLHeader/MessageHeader/Subject.'],
    [
      'DocumentId and the date to compute it',
      DOC.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, '').replace(/<edXML:PromulgationDate>[^<]*<\/edXML:PromulgationDate>/, '<edXML:PromulgationDate/>'),
      'edXMLHeader/MessageHeader/DocumentId',
      'Thiếu mã văn bản liên thông (và không có ngày ban hành để tính) tại edXMLHeader/MessageHeader/DocumentId.',
    ],
    ['the envelope', `<edXML xmlns="${NS}"><AttachmentEncoded/></edXML>`, 'edXMLEnvelope', 'Thiếu phần bao gói tin (edXMLEnvelope) tại edXMLEnvelope.'],
    [
      'StatusCode value',
      STATUS.replace('<edXML:StatusCode>01</edXML:StatusCode>', '<edXML:StatusCode/>'),
      'edXMLHeader/MessageHeader/StatusCode',
      'Thiếu mã trạng thái tại edXMLHeader/MessageHeader/StatusCode.',
    ],
    [
      'the status Timestamp',
      STATUS.replace(/<edXML:Timestamp>[^<]*<\/edXML:Timestamp>/, ''),
      'edXMLHeader/MessageHeader/Timestamp',
      'Thiếu thời điểm phản hồi (Timestamp) tại edXMLHeader/MessageHeader/Timestamp.',
    ],
    [
      'the DocumentId a status reports on',
      STATUS.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, ''),
      'edXMLHeader/MessageHeader/ResponseFor/DocumentId',
      'Thiếu mã văn bản liên thông của văn bản được phản hồi tại edXMLHeader/MessageHeader/ResponseFor/DocumentId.',
    ],
    [
      'ResponseFor of a status',
      STATUS.replace(/<edXML:ResponseFor>[\s\S]*?<\/edXML:ResponseFor>/, ''),
      'edXMLHeader/MessageHeader/ResponseFor',
      'Thiếu văn bản được phản hồi (ResponseFor) tại edXMLHeader/MessageHeader/ResponseFor.',
    ],
  ];
  for (const [what, text, path, message] of cases) {
    it(`refuses a packet without ${what}`, () => {
      expect(text).not.toBe(DOC);
      expectRefused(text, 'missing', path, message);
    });
  }
});

describe('wrong values', () => {
  it('refuses status codes outside the table, with the exact sentence', () => {
    for (const code of ['07', '12', '14', '00', '1a', '001', '17']) {
      expectRefused(
        STATUS.replace('<edXML:StatusCode>01<', `<edXML:StatusCode>${code}<`),
        'bad_status_code',
        'edXMLHeader/MessageHeader/StatusCode',
        `Mã trạng thái "${code}" không hợp lệ (chỉ nhận 01–06, 13, 15, 16) tại edXMLHeader/MessageHeader/StatusCode.`,
      );
    }
  });

  it('refuses business types outside 0–3', () => {
    for (const t of ['4', '-1', 'x']) {
      expectRefused(
        DOC.replace('<edXML:BussinessDocType>0<', `<edXML:BussinessDocType>${t}<`),
        'bad_business_type',
        'edXMLHeader/TraceHeaderList/Bussiness/BussinessDocType',
        new RegExp(`^Loại nghiệp vụ "${t}" không hợp lệ`),
      );
    }
  });

  it('refuses bad agency codes (after upper-casing) with the path of the repeated element', () => {
    expectRefused(
      TWO.replace(
        '<edXML:OrganId>000.00.11.H35</edXML:OrganId>\n          <edXML:OrganizationInCharge/>\n          <edXML:OrganName>Sở',
        '<edXML:OrganId>000.00.11.H35 xã</edXML:OrganId>\n          <edXML:OrganizationInCharge/>\n          <edXML:OrganName>Sở',
      ),
      'bad_value',
      'edXMLHeader/MessageHeader/To[2]/OrganId',
      /^Mã định danh "000\.00\.11\.H35 xã" không hợp lệ/,
    );
    expectRefused(
      DOC.replace('<edXML:OrganId>000.00.12.H35</edXML:OrganId>', `<edXML:OrganId>${'A'.repeat(13)}.${'B'.repeat(30)}</edXML:OrganId>`),
      'bad_value',
      'edXMLHeader/MessageHeader/From/OrganId',
    );
    expectRefused(DOC.replace('<edXML:OrganId>000.00.12.H35</edXML:OrganId>', '<edXML:OrganId>000..H35</edXML:OrganId>'), 'bad_value', 'edXMLHeader/MessageHeader/From/OrganId');
    expectRefused(TWO.replace(/(<edXML:TraceHeader>\s*<edXML:OrganId>)[^<]*/, '$1H35_X'), 'bad_value', 'edXMLHeader/TraceHeaderList/TraceHeader[1]/OrganId');
  });

  it('refuses impossible dates and timestamps, a malformed DocumentId, priorities and numbers', () => {
    expectRefused(
      DOC.replace('<edXML:PromulgationDate>2026/12/04<', '<edXML:PromulgationDate>2026/02/30<'),
      'bad_value',
      'edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate',
      'Ngày "2026/02/30" không hợp lệ (cần dạng yyyy/MM/dd hoặc dd/MM/yyyy) tại edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate.',
    );
    expectRefused(DOC.replace('<edXML:DueDate>2026/12/15<', '<edXML:DueDate>31/11/2026<'), 'bad_value', 'edXMLHeader/MessageHeader/DueDate');
    expectRefused(DOC.replace('2026/12/04 16:30:05', '2026/12/04 25:30:05'), 'bad_value', 'edXMLHeader/TraceHeaderList/TraceHeader/Timestamp');
    expectRefused(
      DOC.replace('<edXML:DocumentId>000.00.12.H35,2026/12/04,125/UBND-VP<', '<edXML:DocumentId>125/UBND-VP<'),
      'bad_value',
      'edXMLHeader/MessageHeader/DocumentId',
      /không đúng dạng/,
    );
    expectRefused(DOC.replace('<edXML:Priority>1<', '<edXML:Priority>5<'), 'bad_value', 'edXMLHeader/MessageHeader/OtherInfo/Priority');
    expectRefused(DOC.replace('<edXML:PageAmount>2<', '<edXML:PageAmount>hai<'), 'bad_value', 'edXMLHeader/MessageHeader/OtherInfo/PageAmount');
    expectRefused(DOC.replace('<edXML:Paper>0<', '<edXML:Paper>có<'), 'bad_value', 'edXMLHeader/TraceHeaderList/Bussiness/Paper');
  });
});

describe('attachments', () => {
  it('refuses bad base64 with the attachment path', () => {
    expectRefused(
      DOC.replace('<ContentTransferEncoded>JVBER', '<ContentTransferEncoded>JV*ER'),
      'attachment',
      'AttachmentEncoded/Attachment/ContentTransferEncoded',
      /ký tự "\*" ở vị trí 3/,
    );
    expectRefused(
      TWO.replace(/(<ContentTransferEncoded>)([^<]*)(<\/ContentTransferEncoded>\s*<\/Attachment>\s*<\/AttachmentEncoded>)/, '$1$2A$3'),
      'attachment',
      'AttachmentEncoded/Attachment[3]/ContentTransferEncoded',
      /thiếu dấu "="|sau dấu "="/,
    );
    expect(refusal(() => decodePacket(DOC.replace('<ContentTransferEncoded>JVBER', '<ContentTransferEncoded>JV*ER'), { skipAttachmentBytes: true })).code).toBe('attachment');
  });

  it('refuses a Reference without its Attachment, an Attachment without its Reference, and duplicate ContentIds', () => {
    expectRefused(
      DOC.replace(/<Attachment>[\s\S]*<\/Attachment>/, ''),
      'attachment',
      'edXMLBody/edXMLManifest/Reference',
      /^Mục tham chiếu "7f3c1a52-0d1e-4b8e-9a7c-2f5b6e8d9c01" không có tệp đính kèm/,
    );
    expectRefused(DOC.replace(/<edXML:Reference>[\s\S]*<\/edXML:Reference>/, ''), 'attachment', 'AttachmentEncoded/Attachment', /không có mục tham chiếu tương ứng/);
    expectRefused(TWO.replaceAll('cid:pl-2', 'cid:pl-1'), 'attachment', 'AttachmentEncoded/Attachment[3]', /ContentId "pl-1" bị trùng/);
    expectRefused(
      TWO.replace('<edXML:ContentId>cid:pl-2<', '<edXML:ContentId>cid:pl-1<').replace('<ContentId>cid:pl-2<', '<ContentId>pl-3<'),
      'attachment',
      'edXMLBody/edXMLManifest/Reference[3]',
      /bị trùng giữa hai mục tham chiếu/,
    );
    expectRefused(DOC.replace('<ContentId>cid:7f3c1a52-0d1e-4b8e-9a7c-2f5b6e8d9c01<', '<ContentId><'), 'attachment', 'AttachmentEncoded/Attachment/ContentId', /^Thiếu ContentId/);
  });

  it('base64: whitespace accepted, padding optional, everything else refused', () => {
    const ok = (s: string) => Array.from(decodeBase64(s).bytes);
    expect(ok(' AQ\r\nID\t')).toEqual([1, 2, 3]);
    expect(ok('AQ==')).toEqual([1]);
    expect(ok('AQ')).toEqual([1]);
    expect(ok('AQI')).toEqual([1, 2]);
    expect(ok('')).toEqual([]);
    for (const bad of ['A', 'AQ=', 'A===', 'AQ==AQ==', '=AQI', 'AQ-_', 'AQIDé', 'AQID\u0000']) {
      expect(() => decodeBase64(bad), bad).toThrow(EdxmlError);
    }
    expect(decodeBase64('AQID', 'x', true)).toEqual({ bytes: new Uint8Array(0), size: 3 });
  });
});

describe('encodings', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('refuses bytes that are not UTF-8, saying where and what they probably are', () => {
    // "Công văn" in TCVN3 (ABC): single bytes above 0x7F.
    const tcvn3 = new Uint8Array([...enc(DOC.slice(0, DOC.indexOf('Công văn'))), 0x43, 0xab, 0x6e, 0x67, 0x20, 0x76, 0xb5, 0x6e, ...enc(DOC.slice(DOC.indexOf('Công văn') + 8))]);
    const e = refusal(() => decodePacketBytes(tcvn3));
    expect(e.code).toBe('not_xml');
    expect(e.message).toMatch(
      /^Gói tin không phải UTF-8 hợp lệ \(byte 0xAB ở vị trí \d+; có thể là bảng mã TCVN3, VNI hoặc Windows-1258\); hãy yêu cầu hệ thống gửi xuất lại gói tin bằng UTF-8\.$/,
    );
    expect(refusal(() => decodePacketBytes(new Uint8Array([0x3c, 0x61, 0xc3, 0x28, 0x3e]))).message).toContain('byte 0xC3 ở vị trí 2');
    expect(refusal(() => decodePacketBytes(new Uint8Array([0x3c, 0x61, 0xed, 0xa0, 0x80]))).message).toContain('byte 0xED ở vị trí 2');
  });

  it('refuses a file that declares windows-1258 or TCVN3, as bytes and as text', () => {
    for (const name of ['windows-1258', 'TCVN3', 'ISO-8859-1']) {
      const text = DOC.replace('encoding="UTF-8"', `encoding="${name}"`);
      const msg = `Gói tin khai báo bảng mã "${name}" trong khai báo XML, nhưng gói tin edXML phải dùng UTF-8 (chấp nhận cả UTF-16 có BOM); hãy yêu cầu hệ thống gửi xuất lại gói tin bằng UTF-8.`;
      expect(refusal(() => decodePacket(text)).message).toBe(msg);
      const bytes = enc(text).map((b) => (b >= 0x80 ? 0xe0 : b)); // what a windows-1258 file's Vietnamese looks like to a UTF-8 reader
      const e = refusal(() => decodePacketBytes(bytes));
      expect([e.code, e.message]).toEqual(['not_xml', msg]);
    }
  });

  it('refuses UTF-16 without a BOM and broken UTF-16', () => {
    expect(refusal(() => decodePacketBytes(new Uint8Array(Buffer.from(DOC, 'utf16le')))).message).toMatch(/không có dấu BOM/);
    expect(refusal(() => decodePacketBytes(new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x00, 0xd8, 0x3e, 0x00]))).code).toBe('not_xml');
  });
});

describe('early refusal', () => {
  it('refuses a wrong root before reading the rest (a broken tail is never reached)', () => {
    const e = refusal(() => decodePacket(`<edXML xmlns="urn:x"><a>${'x'.repeat(1000)}</b>`));
    expect(e.code).toBe('wrong_root');
  });
});
