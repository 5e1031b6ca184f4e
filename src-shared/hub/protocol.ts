// The wire protocol between an office (the desktop sync worker, src-main/sync) and the provincial hub (src-hub):
// paths, request and response shapes, error codes. Runtime-neutral. JSON over HTTP(S); every call but /health is
// authenticated with the office's credentials: `Authorization: Bearer <officeCode>:<secret>` (the secret is 43
// base64url chars = 32 random bytes, issued once by the hub admin; the hub keeps only its SHA-256).
//
// Packets themselves are standard .edxml files (src-shared/edxml). A status packet is small and travels inline; a
// document packet (signed PDF in base64 inside) is uploaded first as a blob by its SHA-256, in chunks, resumably,
// then pushed by reference. Ordering is the hub's: every feed item has a per-office sequence number assigned in
// commit order, so nothing depends on an office's clock.

export const HUB_API = '/v1';

/** Largest JSON body the hub accepts (push, anchors, directory publish pages). */
export const MAX_JSON_BYTES = 1024 * 1024;
/** Largest blob chunk in one PUT. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest inline edXML (status packets). */
export const MAX_INLINE_EDXML = 256 * 1024;

export type HubErrorCode =
  | 'unauthenticated' // 401: missing/unknown credentials
  | 'forbidden' // 403: sending as another office, reading what is not yours
  | 'invalid_packet' // 422: the codec refused the edXML (message + edxml error code)
  | 'unknown_recipient' // 422: no recipient of the packet is registered at the hub (sender must be told)
  | 'conflict' // 409: the same packetId with different content
  | 'blob_incomplete' // 409: pushed by reference before the blob was fully uploaded
  | 'blob_mismatch' // 422: the assembled bytes do not hash to the name
  | 'bad_offset' // 409: a chunk not at the current upload offset (body: {offset})
  | 'too_large' // 413
  | 'resync' // 410: the cursor is older than the feed's retention (body: {head})
  | 'not_found' // 404
  | 'invalid_input' // 400
  | 'unavailable' // 503: database down
  | 'internal'; // 500

export interface HubErrorBody {
  error: { code: HubErrorCode; message: string; detail?: Record<string, unknown> };
}

// ---- GET /health (no auth) ---------------------------------------------------------------------------------------
export interface HealthResponse {
  ok: boolean;
  db: 'up' | 'down';
  version: string;
  /** This process (several hub processes serve one database). */
  instance: string;
  time: number;
  /** Long polls of the feed parked in this process right now. */
  parked?: number;
}

// ---- GET /v1/me -------------------------------------------------------------------------------------------------
export interface MeResponse {
  code: string;
  name: string;
  /** The hub's clock (offices' clocks are often wrong: the desktop shows the skew, never orders by its own clock). */
  hubTime: number;
  /** Latest feed sequence number for this office. */
  head: number;
}

// ---- POST /v1/packets ---------------------------------------------------------------------------------------------
export interface PushRequest {
  /** Chosen by the office (UUID), stable across retries: a retry never creates a second copy. */
  packetId: string;
  kind: 'document' | 'status';
  /** Status packets: the .edxml text. */
  edxml?: string;
  /** Document packets: the .edxml uploaded before as a blob. */
  blob?: { sha256: string; size: number };
  /**
   * Recipients (agency codes). Document packets: must equal the packet's To list (the hub checks). Status packets:
   * required, since a status names only the original sender (a 13 from the sender goes to its recipients).
   */
  to: string[];
}

export interface PushResponse {
  packetId: string;
  /** True when this packetId had already been accepted (same content): nothing new was stored. */
  duplicate: boolean;
  accepted: string[];
  /** Recipients not registered at this hub: refused back to the sender, with the reason. */
  refused: Array<{ code: string; reason: string }>;
  receivedAt: number;
}

// ---- GET /v1/feed?after=<seq>&limit=<n>[&wait=<s>] ------------------------------------------------------------------
// Items for this office with seq > after, in seq order. Asking with after=N acknowledges every item ≤ N: the hub then
// records their delivery and puts a 'receipt' item in each sender's feed. 410 resync when after < the oldest kept.
// wait=s (≤ MAX_FEED_WAIT_SEC): when there is nothing yet, the hub holds the answer until an item arrives or s seconds
// pass (long polling), so a document reaches an online office within a second without polling every second.

export const MAX_FEED_WAIT_SEC = 25;
/** PostgreSQL NOTIFY channel the hub processes tell each other about new feed items on (payload: the office's id). */
export const FEED_CHANNEL = 'vanthu_feed';

export type FeedItem =
  | {
      seq: number;
      type: 'packet';
      packetId: string;
      kind: 'document' | 'status';
      from: string;
      receivedAt: number;
      /** Status packets inline; document packets by blob. */
      edxml?: string;
      blob?: { sha256: string; size: number };
    }
  | {
      seq: number;
      type: 'receipt';
      /** A packet this office sent: delivered to (acknowledged by) that recipient. */
      packetId: string;
      recipient: string;
      state: 'delivered';
      at: number;
    };

export interface FeedResponse {
  items: FeedItem[];
  /** Highest seq for this office at the time of the answer (more = head > last item's seq). */
  head: number;
}

// ---- blobs: PUT /v1/blobs/<sha256>?offset=<n>&total=<size>   body = bytes (≤ MAX_CHUNK_BYTES) --------------------------
//             HEAD /v1/blobs/<sha256> → headers Upload-Offset, Upload-Length, X-Complete: 1|0 (404 when unknown)
//             GET  /v1/blobs/<sha256>  (Range: bytes=n- supported) — only the uploader and the recipients of a packet
//             that references it may read it.
export interface BlobPutResponse {
  sha256: string;
  offset: number;
  total: number;
  complete: boolean;
}

// ---- agency directory: GET /v1/agencies?after=<version>&limit=<n> ----------------------------------------------------
export interface DirectoryEntry {
  code: string;
  name: string;
  parentCode: string | null;
  active: boolean;
  version: number;
}
export interface DirectoryResponse {
  items: DirectoryEntry[];
  /** Highest version at the hub. */
  head: number;
}
// POST /v1/agencies (hub admin token only: `Authorization: Bearer admin:<adminToken>`): { entries: Array<Omit<DirectoryEntry,'version'>> }

// ---- audit anchoring: POST /v1/anchors, GET /v1/anchors?limit=<n> -------------------------------------------------------
export interface AnchorRequest {
  /** Rows in the office's audit chain and the hash of the last one. */
  count: number;
  head: string;
  /** The office's clock when it read the head (informative only). */
  at: number;
  /** HMAC-SHA256(key = SHA-256("vanthu-anchor:" + secret), msg = `${code}\n${count}\n${head}\n${at}`), hex. */
  mac: string;
}
export interface AnchorRecord extends AnchorRequest {
  /** The hub's clock when it stored it: the proof's time. */
  receivedAt: number;
}
export interface AnchorResponse {
  stored: boolean;
  receivedAt: number;
}
export interface AnchorsResponse {
  items: AnchorRecord[];
}

/** The canonical text an anchor MAC covers. */
export const anchorMessage = (code: string, a: Pick<AnchorRequest, 'count' | 'head' | 'at'>) => `${code}\n${a.count}\n${a.head}\n${a.at}`;
