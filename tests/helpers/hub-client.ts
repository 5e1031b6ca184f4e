// A minimal office-side client of the hub wire protocol for tests and benchmarks (the real one is the desktop's sync
// worker), plus hand-written edXML fixtures (standards §1.2–1.9). API:
//   const c = hubClient(url, credential)   → c.get/post/put/head(path, …) → { status, body, headers }
//   await uploadBlob(c, bytes, { chunk?, stopAfter? })   resumable upload: HEAD, then PUT from the hub's offset
//   documentEdxml({ from, to, number?, notation?, date? }) → { text, documentId };  statusEdxml({ from, documentId, … })
//   pushDocument(c, { from, to, … }) uploads then pushes a document packet; pushStatus(c, …) pushes a status packet
//   anchorRequest(credential, count, head, at?) → AnchorRequest with the MAC of protocol.ts
import crypto from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { anchorMessage, type AnchorRequest, type PushResponse } from '../../src-shared/hub/protocol';

export interface HubReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export function hubClient(url: string, credential: string | null) {
  const call = async <T>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<HubReply<T>> => {
    const h: Record<string, string> = { ...headers };
    if (credential) h.authorization = `Bearer ${credential}`;
    let payload: Uint8Array | string | undefined;
    if (body instanceof Uint8Array) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const r = await fetch(`${url}${p}`, { method, headers: h, body: payload });
    const buf = Buffer.from(await r.arrayBuffer());
    const ct = r.headers.get('content-type') ?? '';
    return { status: r.status, body: (ct.includes('json') ? JSON.parse(buf.toString('utf8')) : buf) as T, headers: r.headers };
  };
  return {
    url,
    credential,
    get: <T = unknown>(p: string, headers?: Record<string, string>) => call<T>('GET', p, undefined, headers),
    post: <T = unknown>(p: string, body: unknown) => call<T>('POST', p, body),
    put: <T = unknown>(p: string, body: Uint8Array) => call<T>('PUT', p, body, { 'content-type': 'application/octet-stream' }),
    head: (p: string) => call<Buffer>('HEAD', p),
  };
}
export type HubClient = ReturnType<typeof hubClient>;

export const sha256 = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest('hex');

/** Uploads from wherever the hub says the upload stands. `stopAfter` (chunks) simulates a connection lost midway. */
export async function uploadBlob(c: HubClient, bytes: Uint8Array, opts: { chunk?: number; stopAfter?: number; sha?: string } = {}) {
  const sha = opts.sha ?? sha256(bytes);
  const chunk = opts.chunk ?? 64 * 1024;
  const h = await c.head(`/v1/blobs/${sha}`);
  let offset = h.status === 200 ? Number(h.headers.get('upload-offset')) : 0;
  if (h.status === 200 && h.headers.get('x-complete') === '1') return { sha, complete: true, offset, last: null };
  let sent = 0;
  let last: HubReply<{ offset: number; complete: boolean }> | null = null;
  while (offset < bytes.length || bytes.length === 0) {
    if (opts.stopAfter !== undefined && sent >= opts.stopAfter) return { sha, complete: false, offset, last };
    last = await c.put<{ offset: number; complete: boolean }>(`/v1/blobs/${sha}?offset=${offset}&total=${bytes.length}`, bytes.subarray(offset, offset + chunk));
    if (last.status !== 200) return { sha, complete: false, offset, last };
    offset = last.body.offset;
    sent++;
    if (last.body.complete) break;
  }
  return { sha, complete: last?.body.complete ?? false, offset, last };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const organ = (tag: string, code: string, name: string) =>
  `<${tag}><OrganId>${code}</OrganId><OrganizationInCharge>UBND tỉnh Hà Nam</OrganizationInCharge><OrganName>${esc(name)}</OrganName><OrganAdd>Hà Nam</OrganAdd><Email></Email><Telephone></Telephone><Fax></Fax><Website></Website></${tag}>`;

export interface DocFixture {
  from: string;
  to: string[];
  number?: string;
  notation?: string;
  date?: string; // yyyy/MM/dd
  subject?: string;
  attachment?: Uint8Array;
}

export function documentEdxml(d: DocFixture): { text: string; documentId: string } {
  const number = d.number ?? String(1 + crypto.randomInt(99999));
  const notation = d.notation ?? 'UBND-VP';
  const date = d.date ?? '2026/12/07';
  const documentId = `${d.from},${date},${number}/${notation}`;
  const att = d.attachment ?? Buffer.from('%PDF-1.4\n% văn bản thử nghiệm\n%%EOF\n');
  const cid = randomUUID();
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="${NS}"><edXML:edXMLEnvelope xmlns:edXML="${NS}"><edXML:edXMLHeader><edXML:MessageHeader>${organ('From', d.from, `Cơ quan ${d.from}`)}${d.to
    .map((t) => organ('To', t, `Cơ quan ${t}`))
    .join(
      '',
    )}<Code><CodeNumber>${number}</CodeNumber><CodeNotation>${notation}</CodeNotation></Code><PromulgationInfo><Place>Hà Nam</Place><PromulgationDate>${date}</PromulgationDate></PromulgationInfo><DocumentType><Type>1</Type><TypeDetail>0</TypeDetail><TypeName>Công văn</TypeName></DocumentType><Subject>${esc(d.subject ?? 'Về việc thử nghiệm liên thông')}</Subject><Content>${esc(d.subject ?? 'Về việc thử nghiệm liên thông')}</Content><SignerInfo><Competence>TM. UBND</Competence><Position>Chủ tịch</Position><FullName>Nguyễn Văn A</FullName></SignerInfo><DueDate></DueDate><ToPlaces><Place>Như trên</Place></ToPlaces><OtherInfo><Priority>0</Priority><SphereOfPromulgation></SphereOfPromulgation><TyperNotation>VP</TyperNotation><PromulgationAmount>1</PromulgationAmount><PageAmount>1</PageAmount><Appendixes></Appendixes></OtherInfo><SteeringType>0</SteeringType><DocumentId>${esc(documentId)}</DocumentId></edXML:MessageHeader><edXML:TraceHeaderList><edXML:TraceHeader><OrganId>${d.from}</OrganId><Timestamp>${date} 08:00:00</Timestamp></edXML:TraceHeader><edXML:Bussiness><BussinessDocType>0</BussinessDocType><BussinessDocReason></BussinessDocReason><Paper>0</Paper><StaffInfo><Department>Văn phòng</Department><Staff>Trần Thị B</Staff><Mobile></Mobile><Email></Email></StaffInfo></edXML:Bussiness></edXML:TraceHeaderList></edXML:edXMLHeader><edXML:edXMLBody><edXML:edXMLManifest version="1.0"><edXML:Reference><ContentId>cid:${cid}</ContentId><ContentType>application/pdf</ContentType><Description>Văn bản</Description><AttachmentName>van-ban.pdf</AttachmentName></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope><AttachmentEncoded><Attachment><ContentId>${cid}</ContentId><AttachmentName>van-ban.pdf</AttachmentName><Description>Văn bản</Description><ContentType>application/pdf</ContentType><ContentTransferEncoded>${Buffer.from(att).toString('base64')}</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>
`;
  return { text, documentId };
}

export function statusEdxml(s: { from: string; originalSender: string; documentId: string; code?: string; statusCode?: string; date?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="${NS}"><edXML:edXMLEnvelope xmlns:edXML="${NS}"><edXML:edXMLHeader><edXML:MessageHeader>${organ('From', s.from, `Cơ quan ${s.from}`)}<ResponseFor><OrganId>${s.originalSender}</OrganId><Code>${esc(s.code ?? s.documentId.split(',')[2] ?? '1/UBND')}</Code><PromulgationDate>${s.date ?? '2026/12/07'}</PromulgationDate><DocumentId>${esc(s.documentId)}</DocumentId></ResponseFor><StaffInfo><Department>Văn phòng</Department><Staff>Lê Văn C</Staff><Mobile></Mobile><Email></Email></StaffInfo><StatusCode>${s.statusCode ?? '01'}</StatusCode><Description>Đã đến</Description><Timestamp>2026/12/07 09:00:00</Timestamp></edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>
`;
}

export async function pushDocument(c: HubClient, d: DocFixture & { packetId?: string; toOverride?: string[] }) {
  const { text, documentId } = documentEdxml(d);
  const bytes = Buffer.from(text, 'utf8');
  const up = await uploadBlob(c, bytes);
  if (!up.complete) throw new Error(`upload failed: ${JSON.stringify(up.last?.body)}`);
  const packetId = d.packetId ?? randomUUID();
  const r = await c.post<PushResponse>('/v1/packets', { packetId, kind: 'document', blob: { sha256: up.sha, size: bytes.length }, to: d.toOverride ?? d.to });
  return { ...r, packetId, documentId, sha: up.sha, size: bytes.length };
}

export async function pushStatus(c: HubClient, s: { from: string; originalSender: string; documentId: string; to: string[]; packetId?: string; statusCode?: string }) {
  const packetId = s.packetId ?? randomUUID();
  const r = await c.post<PushResponse>('/v1/packets', { packetId, kind: 'status', edxml: statusEdxml(s), to: s.to });
  return { ...r, packetId };
}

export function anchorRequest(credential: string, count: number, head: string, at = Date.now()): AnchorRequest {
  const i = credential.indexOf(':');
  const code = credential.slice(0, i);
  const key = crypto
    .createHash('sha256')
    .update(`vanthu-anchor:${credential.slice(i + 1)}`)
    .digest();
  const mac = crypto.createHmac('sha256', key).update(anchorMessage(code, { count, head, at })).digest('hex');
  return { count, head, at, mac };
}
