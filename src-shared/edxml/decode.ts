// The edXML reader: text or bytes -> Packet, or an EdxmlError with a stable code, the element path and one precise
// Vietnamese sentence. Tolerant of what real senders write (any child order, Business/Bussiness, dd/MM/yyyy, cid-less
// ContentIds, unknown extension elements) and strict about what would mislead a clerk. Never writes anything.

import { nfc } from '../vn/text';
import { parseXml, XmlError } from '../xml';
import { decodeBase64 } from './base64';
import { epochMsOf, parseEdxmlTime } from './dates';
import { documentIdOf, isDocumentIdShape } from './document-id';
import {
  AGENCY_CODE_RE,
  BUSINESS_DOC_TYPES,
  EDXML_NS,
  EdxmlError,
  STATUS_CODES,
  type Business,
  type BusinessDocType,
  type DecodeOptions,
  type DocumentPacket,
  type EdxmlAttachment,
  type Organ,
  type Packet,
  type Priority,
  type ResponseFor,
  type StaffInfo,
  type StatusCode,
  type StatusPacket,
  type TraceHeader,
} from './types';

export const DECODE_LIMITS = { maxChars: 160_000_000, maxDepth: 64 } as const;

/** One element of the packet, by local name (prefixes are irrelevant: senders disagree on them). */
interface Node {
  /** Qualified name as written. */
  name: string;
  local: string;
  parent: Node | null;
  attributes: Readonly<Record<string, string>>;
  children: Node[];
  text: string;
  /** Where, as clerks and the spec name it: below the envelope, `[i]` on repeated elements (To[2]/OrganId). */
  readonly path: string;
}

function nodePath(n: Node): string {
  const parts: string[] = [];
  for (let x: Node | null = n; x && x.parent; x = x.parent) {
    if (x.parent.parent === null && x.local === 'edXMLEnvelope') break;
    const same = x.parent.children.filter((c) => c.local === x!.local);
    parts.push(same.length > 1 ? `${x.local}[${same.indexOf(x) + 1}]` : x.local);
  }
  return parts.reverse().join('/') || n.local;
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes -> text

type Decoder = { decode(bytes: Uint8Array): string };
const textDecoder = (label: string): Decoder =>
  new (globalThis as unknown as { TextDecoder: new (l: string, o: { fatal: boolean; ignoreBOM: boolean }) => Decoder }).TextDecoder(label, {
    fatal: true,
    ignoreBOM: true,
  });

/** Offset of the first byte that is not valid UTF-8 (only called once the fast decoder has refused the bytes). */
function firstBadUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1]! < lo || b[i + 1]! > hi) return i;
    for (let k = 2; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

const ENCODING_HINT = 'hãy yêu cầu hệ thống gửi xuất lại gói tin bằng UTF-8';

/** Bytes as sent -> text: UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is refused ('not_xml'). */
export function packetText(bytes: Uint8Array, opts: DecodeOptions = {}): string {
  const maxChars = opts.maxChars ?? DECODE_LIMITS.maxChars;
  // A UTF-8 or UTF-16 text has at least as many bytes as UTF-16 code units / 2, so this refuses before decoding.
  if (bytes.length > maxChars * 2 || (bytes.length > maxChars && bytes[0] !== 0xff && bytes[0] !== 0xfe)) {
    throw new EdxmlError('too_large', `Gói tin dài ${bytes.length} byte, vượt giới hạn ${maxChars} ký tự.`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be');
  if ((bytes[0] === 0x3c && bytes[1] === 0) || (bytes[0] === 0 && bytes[1] === 0x3c)) {
    throw new EdxmlError('not_xml', `Gói tin có vẻ mã hóa UTF-16 nhưng không có dấu BOM để biết thứ tự byte; ${ENCODING_HINT}.`);
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return textDecoder('utf-8').decode(body);
  } catch {
    const at = firstBadUtf8(body);
    const declared = declaredEncoding(latin1Prefix(body));
    if (declared && !/^utf-?8$/i.test(declared)) throw wrongEncoding(declared);
    throw new EdxmlError(
      'not_xml',
      `Gói tin không phải UTF-8 hợp lệ (byte 0x${(body[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} ở vị trí ${at + start}; ` +
        `có thể là bảng mã TCVN3, VNI hoặc Windows-1258); ${ENCODING_HINT}.`,
    );
  }
}

function utf16(bytes: Uint8Array, label: string): string {
  try {
    return textDecoder(label).decode(bytes.subarray(2));
  } catch {
    throw new EdxmlError('not_xml', `Gói tin khai báo UTF-16 (có BOM) nhưng chứa chuỗi byte không hợp lệ; ${ENCODING_HINT}.`);
  }
}

function latin1Prefix(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < Math.min(b.length, 200); i++) s += String.fromCharCode(b[i]!);
  return s;
}

function declaredEncoding(text: string): string | null {
  const m = /^\s*<\?xml\s[^?]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text.slice(0, 300));
  return m ? m[1]!.trim() : null;
}

function wrongEncoding(declared: string): EdxmlError {
  return new EdxmlError(
    'not_xml',
    `Gói tin khai báo bảng mã "${declared}" trong khai báo XML, nhưng gói tin edXML phải dùng UTF-8 (chấp nhận cả UTF-16 có BOM); ${ENCODING_HINT}.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Text -> tree

const LIFT_MIN = 4096;

/**
 * Takes the large base64 bodies of ContentTransferEncoded out of the text before saxes reads it: saxes looks at every
 * character, which for a 40 MB attachment is most of the decoding time, while these bodies need no XML processing
 * (no markup, no entity references: only plain text between '>' and '<' without '&' is lifted). Each body is replaced
 * by a marker that the tree builder swaps back, so the tree is the same as if saxes had read everything.
 */
function liftBase64(text: string): { text: string; lifted: string[] } {
  const lifted: string[] = [];
  const parts: string[] = [];
  let from = 0;
  let at = text.indexOf('ContentTransferEncoded', 0);
  while (at >= 0) {
    const lt = text.lastIndexOf('<', at);
    const gt = text.indexOf('>', at);
    const end = gt < 0 ? -1 : text.indexOf('<', gt + 1);
    if (
      lt >= from &&
      /^<(?:[A-Za-z_][\w.-]*:)?$/.test(text.slice(lt, at)) &&
      gt > 0 &&
      !/[</"']/.test(text.slice(at, gt)) &&
      end - gt > LIFT_MIN &&
      text.startsWith('</', end) &&
      text.slice(gt + 1, end).indexOf('&') < 0
    ) {
      parts.push(text.slice(from, gt + 1), `#edxml-lifted-${lifted.length}#`);
      lifted.push(text.slice(gt + 1, end));
      from = end;
      at = text.indexOf('ContentTransferEncoded', end + 2);
    } else {
      at = text.indexOf('ContentTransferEncoded', at + 1);
    }
  }
  if (!lifted.length) return { text, lifted };
  parts.push(text.slice(from));
  return { text: parts.join(''), lifted };
}

function buildTree(text: string, opts: DecodeOptions): Node {
  const maxChars = opts.maxChars ?? DECODE_LIMITS.maxChars;
  const maxDepth = opts.maxDepth ?? DECODE_LIMITS.maxDepth;
  if (text.length > maxChars) {
    throw new EdxmlError('too_large', `Gói tin dài ${text.length} ký tự, vượt giới hạn ${maxChars} ký tự.`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const declared = declaredEncoding(text);
  if (declared && !/^utf-?(8|16)$/i.test(declared)) throw wrongEncoding(declared);

  const parseTree = (src: string, lifted: string[] | null): Node | null => {
    const restored = new Set<string>();
    let conflict = false; // a marker seen twice: the sender wrote one itself
    let root: Node | null = null;
    const stack: Node[] = [];
    const texts: string[][] = [];
    try {
      parseXml(
        src,
        {
          open(e) {
            const parent = stack[stack.length - 1] ?? null;
            const node: Node = {
              name: e.name,
              local: e.local,
              parent,
              attributes: e.attributes,
              children: [],
              text: '',
              get path() {
                return nodePath(this);
              },
            };
            if (parent) parent.children.push(node);
            else {
              // Checked as soon as the root opens: the hub does not read 100 MB of some other XML to refuse it.
              checkRoot(node);
              root = node;
            }
            stack.push(node);
            texts.push([]);
          },
          close() {
            const node = stack.pop()!;
            const parts = texts.pop()!;
            node.text = parts.length === 1 ? parts[0]! : parts.join('');
            if (lifted && node.local === 'ContentTransferEncoded') {
              const m = /^#edxml-lifted-(\d+)#$/.exec(node.text);
              if (m && restored.has(m[1]!)) conflict = true;
              else if (m) {
                restored.add(m[1]!);
                node.text = lifted[Number(m[1])]!;
              }
            }
          },
          text(t) {
            if (texts.length) texts[texts.length - 1]!.push(t);
          },
        },
        { maxChars, maxDepth },
      );
    } catch (e) {
      if (!(e instanceof XmlError)) throw e;
      const at = stack.length > 1 ? ` tại ${stack[stack.length - 1]!.path}` : '';
      if (e.kind === 'doctype') {
        throw new EdxmlError('doctype', 'Gói tin có khai báo DOCTYPE/thực thể (DTD), bị từ chối để chống tấn công XXE và bom thực thể.');
      }
      if (e.kind === 'limit') {
        throw new EdxmlError('too_large', `Gói tin lồng phần tử sâu quá ${maxDepth} cấp${at}.`, stack.length > 1 ? stack[stack.length - 1]!.path : null);
      }
      throw new EdxmlError(
        'not_xml',
        `Gói tin không phải XML hợp lệ hoặc bị cắt cụt (${e.message.replace(/^\d+:\d+: /, '')})${at}.`,
        stack.length > 1 ? stack[stack.length - 1]!.path : null,
      );
    }
    // Every lifted text must have gone back to a ContentTransferEncoded element; otherwise a lookalike (in a comment
    // or CDATA) was lifted, or the sender wrote a marker itself, and the caller parses the text as written.
    if (lifted && (conflict || restored.size !== lifted.length)) return null;
    return root;
  };
  const fast = liftBase64(text);
  const root = (fast.lifted.length ? parseTree(fast.text, fast.lifted) : null) ?? parseTree(text, null);
  if (!root) throw new EdxmlError('not_xml', 'Gói tin không có phần tử gốc nào.');
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Tree -> packet

const child = (n: Node, ...locals: string[]): Node | undefined => n.children.find((c) => locals.includes(c.local));
const children = (n: Node, ...locals: string[]): Node[] => n.children.filter((c) => locals.includes(c.local));
const value = (n: Node | undefined): string => (n ? nfc(n.text).trim() : '');
const pathOf = (parent: Node, local: string) => `${parent.path}/${local}`;

function missing(path: string, what: string): EdxmlError {
  return new EdxmlError('missing', `Thiếu ${what} tại ${path}.`, path);
}

function badValue(path: string, message: string): EdxmlError {
  return new EdxmlError('bad_value', `${message} tại ${path}.`, path);
}

function required(parent: Node, local: string, what: string): string {
  const n = child(parent, local);
  const v = value(n);
  if (!v) throw missing(n?.path ?? pathOf(parent, local), what);
  return v;
}

function requiredNode(parent: Node, locals: string[], what: string): Node {
  const n = child(parent, ...locals);
  if (!n) throw missing(pathOf(parent, locals[0]!), what);
  return n;
}

function agencyCode(raw: string, path: string): string {
  const code = raw.toUpperCase();
  if (code.length > 35 || !AGENCY_CODE_RE.test(code)) {
    throw badValue(path, `Mã định danh "${raw}" không hợp lệ (chỉ gồm chữ A–Z, số và dấu chấm, tối đa 35 ký tự)`);
  }
  return code;
}

function date(n: Node | undefined, parent: Node, local: string): string | null {
  const v = value(n);
  if (!v) return null;
  const t = parseEdxmlTime(v);
  const path = n?.path ?? pathOf(parent, local);
  if (!t) throw badValue(path, `Ngày "${v}" không hợp lệ (cần dạng yyyy/MM/dd hoặc dd/MM/yyyy)`);
  return t.date;
}

function timestamp(parent: Node, local: string, what: string): number {
  const n = child(parent, local);
  const v = value(n);
  const path = n?.path ?? pathOf(parent, local);
  if (!v) throw missing(path, what);
  const t = parseEdxmlTime(v);
  if (!t) throw badValue(path, `Thời điểm "${v}" không hợp lệ (cần dạng yyyy/MM/dd HH:mm:ss hoặc dd/MM/yyyy HH:mm:ss)`);
  return epochMsOf(t);
}

function int(n: Node | undefined, parent: Node, local: string, allowed?: readonly number[]): number | null {
  const v = value(n);
  if (!v) return null;
  const path = n?.path ?? pathOf(parent, local);
  if (!/^\d{1,9}$/.test(v) || (allowed && !allowed.includes(Number(v)))) {
    throw badValue(path, `Giá trị "${v}" không hợp lệ${allowed ? ` (chỉ nhận ${allowed.join(', ')})` : ' (cần số nguyên không âm)'}`);
  }
  return Number(v);
}

function flag(n: Node | undefined, parent: Node, local: string): boolean {
  const v = value(n).toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw badValue(n?.path ?? pathOf(parent, local), `Giá trị "${v}" không hợp lệ (chỉ nhận 0 hoặc 1)`);
}

function organ(n: Node, what: string): Organ {
  return {
    organId: agencyCode(required(n, 'OrganId', `mã định danh ${what}`), child(n, 'OrganId')!.path),
    organizationInCharge: value(child(n, 'OrganizationInCharge')),
    organName: value(child(n, 'OrganName')),
    organAdd: value(child(n, 'OrganAdd')),
    email: value(child(n, 'Email')),
    telephone: value(child(n, 'Telephone')),
    fax: value(child(n, 'Fax')),
    website: value(child(n, 'Website')),
  };
}

function staff(n: Node | undefined): StaffInfo {
  return {
    department: value(n && child(n, 'Department')),
    staff: value(n && child(n, 'Staff')),
    mobile: value(n && child(n, 'Mobile')),
    email: value(n && child(n, 'Email')),
  };
}

function documentId(n: Node | undefined, parent: Node, local: string): string {
  const v = value(n);
  if (v && !isDocumentIdShape(v)) {
    throw badValue(n?.path ?? pathOf(parent, local), `Mã văn bản liên thông "${v}" không đúng dạng <mã định danh>,<yyyy/MM/dd>,<số>/<ký hiệu>`);
  }
  return v;
}

function responseFor(n: Node, forStatus: boolean): ResponseFor {
  const idNode = child(n, 'DocumentId');
  const id = documentId(idNode, n, 'DocumentId');
  if (forStatus && !id) throw missing(idNode?.path ?? pathOf(n, 'DocumentId'), 'mã văn bản liên thông của văn bản được phản hồi');
  return {
    organId: agencyCode(required(n, 'OrganId', 'mã định danh cơ quan gửi văn bản gốc'), child(n, 'OrganId')!.path),
    code: value(child(n, 'Code')),
    promulgationDate: date(child(n, 'PromulgationDate'), n, 'PromulgationDate'),
    documentId: id,
  };
}

const STATUS_LIST = Object.keys(STATUS_CODES);

/**
 * The spec's table writes two digits; a sender that serialises the code as a number writes "1" for "01". Such a
 * value is unambiguous, so it is read as the two-digit code; anything outside the table is refused.
 */
function statusCode(header: Node): StatusCode {
  const n = child(header, 'StatusCode')!;
  const v = value(n);
  if (!v) throw missing(n.path, 'mã trạng thái');
  const code = /^\d$/.test(v) ? `0${v}` : v;
  if (!STATUS_LIST.includes(code)) {
    throw new EdxmlError('bad_status_code', `Mã trạng thái "${v}" không hợp lệ (chỉ nhận 01–06, 13, 15, 16) tại ${n.path}.`, n.path);
  }
  return code as StatusCode;
}

function business(list: Node | undefined): Business {
  const b = list && child(list, 'Bussiness', 'Business');
  if (!b) {
    // Many simple senders omit Bussiness for an ordinary document: that is a new document.
    return { docType: 0, reason: '', paper: false, staff: staff(undefined), documentId: null, updateInfo: null, replacements: [] };
  }
  const typeNode = child(b, 'BussinessDocType', 'BusinessDocType');
  const tv = value(typeNode);
  if (!tv) throw missing(typeNode?.path ?? pathOf(b, 'BussinessDocType'), 'loại nghiệp vụ văn bản');
  if (!/^\d+$/.test(tv) || !(Number(tv) in BUSINESS_DOC_TYPES)) {
    throw new EdxmlError('bad_business_type', `Loại nghiệp vụ "${tv}" không hợp lệ (chỉ nhận 0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế) tại ${typeNode!.path}.`, typeNode!.path);
  }
  const info = child(b, 'BussinessDocumentInfo', 'BusinessDocumentInfo');
  const receivers = info && child(info, 'ReceiverList');
  const replacementList = child(b, 'ReplacementInfoList');
  const docIdNode = child(b, 'DocumentId');
  return {
    docType: Number(tv) as BusinessDocType,
    reason: value(child(b, 'BussinessDocReason', 'BusinessDocReason')),
    paper: flag(child(b, 'Paper'), b, 'Paper'),
    staff: staff(child(b, 'StaffInfo')),
    documentId: documentId(docIdNode, b, 'DocumentId') || null,
    updateInfo: info
      ? {
          documentInfo: flag(child(info, 'DocumentInfo'), info, 'DocumentInfo'),
          documentReceiver: flag(child(info, 'DocumentReceiver'), info, 'DocumentReceiver'),
          receivers: (receivers ? children(receivers, 'Receiver') : []).map((r) => ({
            receiverType: int(child(r, 'ReceiverType'), r, 'ReceiverType') ?? 0,
            organId: agencyCode(required(r, 'OrganId', 'mã định danh nơi nhận'), child(r, 'OrganId')!.path),
          })),
        }
      : null,
    replacements: (replacementList ? children(replacementList, 'ReplacementInfo') : []).map((r) => {
      const ids = child(r, 'OrganIdList');
      const idNode = child(r, 'DocumentId');
      const id = documentId(idNode, r, 'DocumentId');
      if (!id) throw missing(idNode?.path ?? pathOf(r, 'DocumentId'), 'mã văn bản bị thay thế');
      return {
        documentId: id,
        organIds: (ids ? children(ids, 'OrganId') : []).filter((o) => value(o)).map((o) => agencyCode(value(o), o.path)),
      };
    }),
  };
}

function traces(list: Node | undefined): TraceHeader[] {
  return (list ? children(list, 'TraceHeader') : []).map((t) => ({
    organId: agencyCode(required(t, 'OrganId', 'mã định danh nơi chuyển tiếp'), child(t, 'OrganId')!.path),
    timestamp: timestamp(t, 'Timestamp', 'thời điểm chuyển tiếp'),
  }));
}

function attachments(envelope: Node, root: Node, opts: DecodeOptions): EdxmlAttachment[] {
  const body = child(envelope, 'edXMLBody');
  const manifest = body && child(body, 'edXMLManifest');
  const refs = manifest ? children(manifest, 'Reference') : [];
  const encoded = child(root, 'AttachmentEncoded');
  const atts = encoded ? children(encoded, 'Attachment') : [];
  const cid = (n: Node, what: string) => {
    const id = value(child(n, 'ContentId')).replace(/^cid:/i, '').trim();
    if (!id) throw new EdxmlError('attachment', `Thiếu ContentId của ${what} tại ${pathOf(n, 'ContentId')}.`, pathOf(n, 'ContentId'));
    return id;
  };
  const byId = new Map<string, Node>();
  for (const a of atts) {
    const id = cid(a, 'tệp đính kèm');
    if (byId.has(id)) throw new EdxmlError('attachment', `ContentId "${id}" bị trùng giữa hai tệp đính kèm tại ${a.path}.`, a.path);
    byId.set(id, a);
  }
  const seen = new Set<string>();
  const out: EdxmlAttachment[] = [];
  for (const r of refs) {
    const id = cid(r, 'mục tham chiếu');
    if (seen.has(id)) throw new EdxmlError('attachment', `ContentId "${id}" bị trùng giữa hai mục tham chiếu tại ${r.path}.`, r.path);
    seen.add(id);
    const a = byId.get(id);
    if (!a) throw new EdxmlError('attachment', `Mục tham chiếu "${id}" không có tệp đính kèm tương ứng trong AttachmentEncoded tại ${r.path}.`, r.path);
    const dataNode = child(a, 'ContentTransferEncoded');
    const dataPath = dataNode?.path ?? pathOf(a, 'ContentTransferEncoded');
    if (!dataNode) throw new EdxmlError('attachment', `Thiếu nội dung base64 của tệp đính kèm "${id}" tại ${dataPath}.`, dataPath);
    const decoded = decodeBase64(dataNode.text, dataPath, opts.skipAttachmentBytes === true);
    const att: EdxmlAttachment = {
      contentId: id,
      name: value(child(a, 'AttachmentName')) || value(child(r, 'AttachmentName')),
      description: value(child(a, 'Description')) || value(child(r, 'Description')),
      contentType: value(child(a, 'ContentType')) || value(child(r, 'ContentType')),
      bytes: decoded.bytes,
    };
    if (opts.skipAttachmentBytes) att.size = decoded.size;
    out.push(att);
  }
  for (const [id, a] of byId) {
    if (!seen.has(id)) {
      throw new EdxmlError('attachment', `Tệp đính kèm "${id}" không có mục tham chiếu tương ứng trong edXMLManifest tại ${a.path}.`, a.path);
    }
  }
  return out;
}

function documentPacket(root: Node, envelope: Node, header: Node, mh: Node, opts: DecodeOptions): DocumentPacket {
  const from = organ(requiredNode(mh, ['From'], 'cơ quan gửi (From)'), 'cơ quan gửi');
  const tos = children(mh, 'To');
  if (!tos.length) throw missing(pathOf(mh, 'To'), 'cơ quan nhận (To)');
  const codeNode = requiredNode(mh, ['Code'], 'số và ký hiệu văn bản (Code)');
  const code = { number: required(codeNode, 'CodeNumber', 'số văn bản'), notation: required(codeNode, 'CodeNotation', 'ký hiệu văn bản') };
  const prom = child(mh, 'PromulgationInfo');
  const promDate = prom ? date(child(prom, 'PromulgationDate'), prom, 'PromulgationDate') : null;
  const idNode = child(mh, 'DocumentId');
  let id = documentId(idNode, mh, 'DocumentId');
  if (!id) {
    // Older senders leave DocumentId out; §1.4 defines it from the issuer, the date and the code, so compute it.
    if (!promDate) throw missing(idNode?.path ?? pathOf(mh, 'DocumentId'), 'mã văn bản liên thông (và không có ngày ban hành để tính)');
    id = documentIdOf(from.organId, promDate, code.number, code.notation);
  }
  const dt = child(mh, 'DocumentType');
  const signer = child(mh, 'SignerInfo');
  const other = child(mh, 'OtherInfo');
  const places = child(mh, 'ToPlaces');
  const appendixes = other && child(other, 'Appendixes');
  const list = child(header, 'TraceHeaderList');
  const subject = required(mh, 'Subject', 'trích yếu (Subject)');
  return {
    kind: 'document',
    from,
    to: tos.map((t) => organ(t, 'cơ quan nhận')),
    code,
    promulgation: { place: value(prom && child(prom, 'Place', 'PlaceName')), date: promDate },
    documentType: {
      type: (dt && int(child(dt, 'Type'), dt, 'Type')) ?? 0,
      typeDetail: (dt && int(child(dt, 'TypeDetail'), dt, 'TypeDetail')) ?? 0,
      typeName: value(dt && child(dt, 'TypeName')),
    },
    subject,
    content: value(child(mh, 'Content')),
    signer: {
      competence: value(signer && child(signer, 'Competence')),
      position: value(signer && child(signer, 'Position')),
      fullName: value(signer && child(signer, 'FullName')),
    },
    dueDate: date(child(mh, 'DueDate'), mh, 'DueDate'),
    toPlaces: (places ? children(places, 'Place') : []).map(value).filter((p) => p !== ''),
    otherInfo: {
      priority: ((other && int(child(other, 'Priority'), other, 'Priority', [0, 1, 2, 3, 4])) ?? 0) as Priority,
      sphereOfPromulgation: value(other && child(other, 'SphereOfPromulgation')),
      typerNotation: value(other && child(other, 'TyperNotation')),
      promulgationAmount: other ? int(child(other, 'PromulgationAmount'), other, 'PromulgationAmount') : null,
      pageAmount: other ? int(child(other, 'PageAmount'), other, 'PageAmount') : null,
      appendixes: (appendixes ? children(appendixes, 'Appendix') : []).map(value).filter((a) => a !== ''),
    },
    responseFor: children(mh, 'ResponseFor').map((r) => responseFor(r, false)),
    steeringType: (int(child(mh, 'SteeringType'), mh, 'SteeringType', [0, 1, 2]) ?? 0) as 0 | 1 | 2,
    documentId: id,
    traces: traces(list),
    business: business(list),
    attachments: attachments(envelope, root, opts),
  };
}

function statusPacket(mh: Node): StatusPacket {
  const code = statusCode(mh);
  return {
    kind: 'status',
    from: organ(requiredNode(mh, ['From'], 'cơ quan gửi (From)'), 'cơ quan gửi'),
    responseFor: responseFor(requiredNode(mh, ['ResponseFor'], 'văn bản được phản hồi (ResponseFor)'), true),
    staff: staff(child(mh, 'StaffInfo')),
    statusCode: code,
    description: value(child(mh, 'Description')),
    timestamp: timestamp(mh, 'Timestamp', 'thời điểm phản hồi (Timestamp)'),
  };
}

function rootNamespace(root: Node): string | undefined {
  const colon = root.name.indexOf(':');
  return root.attributes[colon < 0 ? 'xmlns' : `xmlns:${root.name.slice(0, colon)}`];
}

function checkRoot(root: Node): void {
  const ns = rootNamespace(root);
  if (root.local !== 'edXML' || ns !== EDXML_NS) {
    throw new EdxmlError(
      'wrong_root',
      `Phần tử gốc là <${root.name}>${ns ? ` (không gian tên "${ns}")` : ' (không có không gian tên)'}, không phải <edXML> trong không gian tên ${EDXML_NS}.`,
      root.name,
    );
  }
}

function treeToPacket(root: Node, opts: DecodeOptions): Packet {
  checkRoot(root);
  const envelope = child(root, 'edXMLEnvelope');
  if (!envelope) throw missing('edXMLEnvelope', 'phần bao gói tin (edXMLEnvelope)');
  const header = child(envelope, 'edXMLHeader');
  if (!header) throw missing('edXMLHeader', 'phần đầu gói tin (edXMLHeader)');
  const mh = child(header, 'MessageHeader', 'Status');
  if (!mh) throw missing('edXMLHeader/MessageHeader', 'phần thông tin gói tin (MessageHeader)');
  if (child(mh, 'StatusCode')) return statusPacket(mh);
  return documentPacket(root, envelope, header, mh, opts);
}

/** Decodes a packet given as text. Throws EdxmlError (see its codes). */
export function decodePacket(text: string, opts: DecodeOptions = {}): Packet {
  return treeToPacket(buildTree(text, opts), opts);
}

/** Decodes a packet as received (a file, an HTTP body): see packetText for the encodings accepted. */
export function decodePacketBytes(bytes: Uint8Array, opts: DecodeOptions = {}): Packet {
  return decodePacket(packetText(bytes, opts), opts);
}
