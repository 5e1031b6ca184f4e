// Property tests: any packet the model can hold survives encode -> decode (text NFC and trimmed, as the codec
// promises), and the base64 codec agrees with Node's on random bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodePacket,
  decodePacketBytes,
  documentIdOf,
  encodeBase64,
  encodePacket,
  STATUS_CODES,
  type DocumentPacket,
  type Organ,
  type StatusCode,
  type StatusPacket,
} from '../../src-shared/edxml';

// Pieces chosen to hurt: XML specials, Vietnamese letters precomposed and decomposed (e + U+0301, A + U+0323,
// ư + U+0309), Đ, astral characters, whitespace at the edges.
const PIECES = ['a', 'B', 'Đ', 'đ', 'ư', 'ơ', 'ế', 'Ạ', '&', '<', '>', '"', "'", ']]>', ' ', '\n', '\t', 'e\u0301', 'A\u0323', 'u\u031b\u0309', '1', '/', '-', ',', '😀', '&amp;'];
const raw = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((a) => a.join(''));
/** What the text must read back as: NFC, trimmed. */
const norm = (s: string) => s.normalize('NFC').trim();
const text = raw.map(norm);
const nonEmpty = text.filter((s) => s.length > 0);

const seg = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z0-9]{${min},${max}}$`));
const agency = fc.tuple(seg(1, 13), fc.array(seg(1, 4), { maxLength: 3 })).map(([a, rest]) => [a, ...rest].join('.'));
const day = fc.integer({ min: 0, max: 60_000 }).map((d) => new Date(Date.UTC(1990, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const instant = fc.integer({ min: 631_152_000, max: 4_102_444_799 }).map((s) => s * 1000);
const number = fc.stringMatching(/^[1-9][0-9]{0,5}$/);
const notation = fc.stringMatching(/^[A-ZĐ0-9][A-ZĐ0-9/-]{0,14}$/);
const docId = fc.tuple(agency, day, number, notation).map(([o, d, n, k]) => documentIdOf(o, d, n, k));

const organ: fc.Arbitrary<Organ> = fc.record({
  organId: agency,
  organizationInCharge: text,
  organName: text,
  organAdd: text,
  email: text,
  telephone: text,
  fax: text,
  website: text,
});
const staff = fc.record({ department: text, staff: text, mobile: text, email: text });
const responseFor = fc.record({ organId: agency, code: text, promulgationDate: fc.option(day, { nil: null }), documentId: docId });

const attachments = fc
  .array(fc.record({ name: text, description: text, contentType: fc.constantFrom('application/pdf', 'application/zip', ''), bytes: fc.uint8Array({ maxLength: 400 }) }), {
    maxLength: 4,
  })
  .chain((list) => fc.tuple(fc.constant(list), fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: list.length, maxLength: list.length })))
  .map(([list, ids]) => list.map((a, i) => ({ ...a, contentId: `${i}-${ids[i]}` })));

const document: fc.Arbitrary<DocumentPacket> = fc
  .record({
    from: organ,
    to: fc.array(organ, { minLength: 1, maxLength: 3 }),
    code: fc.record({ number, notation }),
    promulgation: fc.record({ place: text, date: day }),
    documentType: fc.record({ type: fc.nat(40), typeDetail: fc.nat(9), typeName: text }),
    subject: nonEmpty,
    content: text,
    signer: fc.record({ competence: text, position: text, fullName: text }),
    dueDate: fc.option(day, { nil: null }),
    toPlaces: fc.array(nonEmpty, { maxLength: 3 }),
    otherInfo: fc.record({
      priority: fc.constantFrom(0, 1, 2, 3, 4 as const),
      sphereOfPromulgation: text,
      typerNotation: text,
      promulgationAmount: fc.option(fc.nat(999), { nil: null }),
      pageAmount: fc.option(fc.nat(999), { nil: null }),
      appendixes: fc.array(nonEmpty, { maxLength: 3 }),
    }),
    responseFor: fc.array(responseFor, { maxLength: 2 }),
    steeringType: fc.constantFrom(0, 1, 2 as const),
    traces: fc.array(fc.record({ organId: agency, timestamp: instant }), { maxLength: 3 }),
    business: fc.record({
      docType: fc.constantFrom(0, 1, 2, 3 as const),
      reason: text,
      paper: fc.boolean(),
      staff,
      documentId: fc.option(docId, { nil: null }),
      updateInfo: fc.option(
        fc.record({ documentInfo: fc.boolean(), documentReceiver: fc.boolean(), receivers: fc.array(fc.record({ receiverType: fc.nat(1), organId: agency }), { maxLength: 3 }) }),
        { nil: null },
      ),
      replacements: fc.array(fc.record({ documentId: docId, organIds: fc.array(agency, { maxLength: 3 }) }), { maxLength: 2 }),
    }),
    attachments,
  })
  .map((r) => ({ kind: 'document' as const, ...r, documentId: documentIdOf(r.from.organId, r.promulgation.date, r.code.number, r.code.notation) }));

const status: fc.Arbitrary<StatusPacket> = fc.record({
  kind: fc.constant('status' as const),
  from: organ,
  responseFor,
  staff,
  statusCode: fc.constantFrom(...(Object.keys(STATUS_CODES) as StatusCode[])),
  description: text,
  timestamp: instant,
});

describe('encode -> decode round trip', () => {
  it('document packets come back equal', () => {
    fc.assert(
      fc.property(document, (p) => {
        expect(decodePacket(encodePacket(p))).toEqual(p);
      }),
      { numRuns: 150 },
    );
  });

  it('status packets come back equal, also through UTF-8 bytes', () => {
    fc.assert(
      fc.property(status, (p) => {
        const text = encodePacket(p);
        expect(decodePacket(text)).toEqual(p);
        expect(decodePacketBytes(new TextEncoder().encode(text))).toEqual(p);
      }),
      { numRuns: 150 },
    );
  });

  it('text written decomposed (NFD) or with padding comes back NFC and trimmed, and the output is NFC', () => {
    fc.assert(
      fc.property(status, raw, raw, (p, description, staffName) => {
        const input = { ...p, description: ` ${description.normalize('NFD')} `, staff: { ...p.staff, staff: staffName.normalize('NFD') } };
        const out = encodePacket(input);
        expect(out).toBe(out.normalize('NFC'));
        expect(decodePacket(out)).toEqual({ ...p, description: norm(description), staff: { ...p.staff, staff: norm(staffName) } });
      }),
    );
  });
});

describe('base64', () => {
  it('agrees with Node on random bytes, and reads wrapped lines back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const b64 = encodeBase64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(b64).bytes).toEqual(bytes);
        expect(decodeBase64(b64.replace(/.{76}/g, '$&\r\n')).bytes).toEqual(bytes);
        expect(decodeBase64(b64.replace(/=+$/, '')).size).toBe(bytes.length);
      }),
    );
  });

  it('round-trips a 30 MB attachment (speed is measured by npm run bench -- edxml, not here)', () => {
    const bytes = new Uint8Array(30 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const b64 = encodeBase64(bytes);
    const back = decodeBase64(b64).bytes;
    expect(b64.length).toBe(Math.ceil(bytes.length / 3) * 4);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(bytes))).toBe(0);
  });
});

describe('large attachments (their base64 is read without saxes)', () => {
  const big = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 7 + (i >> 8)) & 255);

  it('round-trips random packets with attachments of up to 60 kB', () => {
    fc.assert(
      fc.property(document, fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 3 }), (p, sizes) => {
        const withBig = {
          ...p,
          attachments: sizes.map((n, i) => ({ contentId: `big-${i}`, name: `tệp ${i}.pdf`, description: '', contentType: 'application/pdf', bytes: big(n, i) })),
        };
        expect(decodePacket(encodePacket(withBig))).toEqual(withBig);
        const routed = decodePacket(encodePacket(withBig), { skipAttachmentBytes: true }) as DocumentPacket;
        expect(routed.attachments.map((a) => a.size)).toEqual(sizes);
      }),
      { numRuns: 12 },
    );
  });

  it('is not fooled by lookalikes: a ContentTransferEncoded in a comment or CDATA, a forged marker, entities in the body', () => {
    const base = fc.sample(document, { numRuns: 1, seed: 7 })[0]!;
    const p: DocumentPacket = {
      ...base,
      subject: 'Trích yếu',
      attachments: [{ contentId: 'a', name: 'a.pdf', description: '', contentType: 'application/pdf', bytes: big(9000, 1) }],
    };
    const text = encodePacket(p);
    const fake = `<ContentTransferEncoded>${'QUFB'.repeat(2000)}</ContentTransferEncoded>`;
    // In a comment before the real one: the lifted comment text has no element to go back to, so the text is re-read as written.
    expect(decodePacket(text.replace('<AttachmentEncoded>', `<!-- ${fake} --><AttachmentEncoded>`))).toEqual(p);
    expect(decodePacket(text.replace('<edXML:Subject>Trích yếu<', `<edXML:Subject>Trích yếu<![CDATA[${fake}]]><`))).toEqual({ ...p, subject: `Trích yếu${fake}` });
    // A second attachment whose body is a marker must not receive the first one's bytes.
    const forged = text
      .replace('<edXML:Reference>', '<edXML:Reference><edXML:ContentId>cid:f</edXML:ContentId></edXML:Reference><edXML:Reference>')
      .replace('<AttachmentEncoded>', '<AttachmentEncoded><Attachment><ContentId>f</ContentId><ContentTransferEncoded>#edxml-lifted-0#</ContentTransferEncoded></Attachment>');
    expect(() => decodePacket(forged)).toThrow(/ký tự "#" ở vị trí 1\) tại AttachmentEncoded\/Attachment\[1\]\/ContentTransferEncoded\.$/);
    // Character references in a long body (some writers escape CR as &#13;) are decoded by the XML parser, as always.
    const b64 = encodeBase64(p.attachments[0]!.bytes);
    const crlf = text.replace(b64, b64.replace(/.{76}/g, '$&&#13;\n'));
    expect(crlf).toContain('&#13;');
    expect(decodePacket(crlf)).toEqual(p);
  });
});
