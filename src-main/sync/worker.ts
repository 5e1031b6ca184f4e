// The sync worker: a round pushes the outbox (resumable uploads), pulls the feed (each page applied with its cursor in
// one transaction), brings the directory up to date and anchors the audit chain; on a timer, a kick after a commit, or
// "Đồng bộ ngay". Holds the loop's state; knows the hub only through HubClient, and never orders by the PC's clock.

import { cachedStatement } from '../db/statements';
import { createHash, createHmac } from 'node:crypto';
import { encodePacket } from '../../src-shared/edxml';
import type { ResponseFor, StatusCode } from '../../src-shared/edxml/types';
import { anchorMessage, MAX_CHUNK_BYTES, type PushResponse } from '../../src-shared/hub/protocol';
import type { SyncErrorDto, SyncStatusDto } from '../../src-shared/api/sync';
import type { Services } from '../api/context';
import type { Env } from '../env';
import { searchText } from '../agencies/service';
import { backoffMs } from '../jobs/service';
import { applyPage, prepareItem, type PreparedItem } from './inbox';
import { classifyNetwork, createHttpHub, HubError, type HubClient } from './hub-client';
import { buildDocumentPacket, buildStatusPacket } from './packets';
import type { Credentials, OutboxRow } from './service';

/** Upload chunk: within the hub's limit, small enough that a cut connection loses little. */
export const UPLOAD_CHUNK = Math.min(MAX_CHUNK_BYTES, 4 * 1024 * 1024);
const FEED_PAGE = 50;
/** Documents pushed side by side (each document's own packets stay in order). */
const PUSH_LANES = 8;
/** Feed items prepared (downloaded, decoded, files stored) at once; applied in order in one transaction. */
const PREPARE_AT_ONCE = 4;
const DIRECTORY_PAGE = 5000;
/** Long poll of the feed while online (the hub's maximum is MAX_FEED_WAIT_SEC). */
const WATCH_SEC = 20;
/** Backoff of the whole loop after a failed round, and of one item after a retryable failure. */
const ROUND_BASE_MS = 2_000;
const ROUND_MAX_MS = 5 * 60_000;
const ITEM_BASE_MS = 5_000;
const ITEM_MAX_MS = 30 * 60_000;

export interface SyncWorkerOptions {
  /** Makes the transport for the stored settings (tests may wrap it). */
  hubFor?: (c: Credentials) => HubClient;
  /** Real time for scheduling retries (the env clock may be wrong or frozen; it is never used to wait). */
  wallNow?: () => number;
  random?: () => number;
  /** Start the timer and react to kicks (env.timers); off: rounds only on runNow(). */
  auto: boolean;
}

/** The transport for the stored settings: the host's (env.hubClient, tests) or HTTP(S). */
export function hubClientFor(env: Env, c: Credentials): HubClient {
  return env.hubClient ? env.hubClient(c) : createHttpHub({ baseUrl: c.hubUrl, officeCode: c.officeCode, secret: c.secret, caFile: c.caFile });
}

const toHubError = (e: unknown): HubError => (e instanceof HubError ? e : classifyNetwork(e));

/** The key of the anchor MAC (protocol.ts): derived from the office's secret, never the secret itself. */
export function anchorMac(code: string, secret: string, a: { count: number; head: string; at: number }): string {
  const key = createHash('sha256').update(`vanthu-anchor:${secret}`).digest();
  return createHmac('sha256', key).update(anchorMessage(code, a)).digest('hex');
}

export class SyncWorker {
  private current: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private online: boolean | null = null;
  private failures = 0;
  /** 401: no automatic round until the settings change or someone presses "Đồng bộ ngay". */
  private halted = false;
  private nextAt: number | null = null;
  /** The feed was resynced in this round: kept as the round's notice. */
  private resynced: SyncErrorDto | null = null;
  private closed = false;
  /** A long poll of the feed is out (at most one). */
  private watching = false;
  private client: { key: string; hub: HubClient } | null = null;
  private readonly wallNow: () => number;
  private readonly random: () => number;

  constructor(
    private readonly s: Services,
    private readonly opts: SyncWorkerOptions,
  ) {
    this.wallNow = opts.wallNow ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  start(): void {
    if (!this.opts.auto) return;
    this.s.sync.onQueued(() => this.kick());
    this.schedule(1000);
  }

  /** A change was committed that queued something (or the settings changed): a round soon, not a second one at once. */
  kick(): void {
    if (!this.opts.auto || this.closed) return;
    this.halted = false;
    if (this.current) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  close(): void {
    this.closed = true;
    this.client?.hub.close?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Settles when the running round (if any) is over. */
  async settled(): Promise<void> {
    while (this.current) await this.current;
  }

  status(): SyncStatusDto {
    return this.s.sync.status({ online: this.online, running: this.current != null, nextAttemptAt: this.nextAt });
  }

  /** "Đồng bộ ngay": waits for a running round, then runs one that ignores the backoff, and returns the state. */
  async runNow(): Promise<SyncStatusDto> {
    await this.settled();
    this.halted = false;
    await this.round(true);
    return this.status();
  }

  private schedule(delayMs: number): void {
    if (this.closed || !this.opts.auto) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = this.wallNow() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.round(false);
    }, delayMs);
    this.timer.unref();
  }

  private hub(c: Credentials): HubClient {
    const key = JSON.stringify([c.hubUrl, c.officeCode, c.secret, c.caFile]);
    if (this.client?.key !== key) {
      this.client?.hub.close?.();
      const hub = this.opts.hubFor ? this.opts.hubFor(c) : hubClientFor(this.s.env, c);
      this.client = { key, hub };
    }
    return this.client.hub;
  }

  private emitChanged(): void {
    const st = this.s.sync.status({ online: this.online, running: this.current != null, nextAttemptAt: this.nextAt });
    this.s.events.emit({ name: 'sync.changed', data: { online: this.online, waiting: st.waiting, failed: st.failed } });
  }

  private round(force: boolean): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    const run = (async () => {
      let delay: number | null = null;
      try {
        delay = await this.roundBody(force);
      } catch (e) {
        // Only when the database went away under the round (closing): nothing to record.
        this.s.env.logger.warn('sync round stopped', { error: e instanceof Error ? e.message : String(e) });
      } finally {
        this.current = null;
      }
      if (this.closed) return;
      if (this.again && !this.closed) {
        this.again = false;
        delay = 0;
      }
      if (delay != null) this.schedule(delay);
      else this.nextAt = null;
      this.emitChanged();
      if (this.online === true) void this.watchFeed();
    })();
    this.current = run;
    return run;
  }

  /**
   * While online, one long poll waits at the hub for this office's next feed item and starts a round the moment it
   * comes, so a document arrives within a second instead of at the next interval. Any failure ends the watch; the
   * next successful round starts it again (its retries and backoff stay the round's business).
   */
  private async watchFeed(): Promise<void> {
    if (this.watching || !this.opts.auto || this.closed) return;
    this.watching = true;
    try {
      for (;;) {
        const cred = this.s.sync.credentials();
        const st = this.s.sync.state();
        if (this.closed || !cred || !st.enabled || this.halted || this.online !== true) return;
        const hub = this.hub(cred);
        if (!hub.watch) return;
        const cursor = st.feedCursor;
        const page = await hub.watch(cursor, WATCH_SEC);
        if (this.closed) return;
        if (page.items.length) {
          await this.round(false);
          // Not taken (the round failed, or another office code): leave it to the rounds, do not spin.
          if (this.s.sync.state().feedCursor === cursor) return;
        }
      }
    } catch {
      // Offline, restarted hub, closed transport: the rounds notice and report it.
    } finally {
      this.watching = false;
    }
  }

  /** One round; returns the delay before the next automatic one (null: none). */
  private async roundBody(force: boolean): Promise<number | null> {
    const st = this.s.sync.state();
    const cred = this.s.sync.credentials();
    const interval = st.intervalSec * 1000;
    if (!cred || (!st.enabled && !force) || this.closed) return cred && st.enabled ? interval : null;
    if (this.halted && !force) return null;
    const hub = this.hub(cred);
    this.emitChanged();
    try {
      const me = await hub.me();
      const local = this.s.env.clock.now();
      this.online = true;
      this.s.sync.patchState({ lastContactAt: local, clockSkewMs: me.hubTime - local });
      await this.push(hub, cred, force);
      await this.pull(hub, cred);
      await this.directory(hub);
      await this.anchor(hub, cred);
      // A resync is told to the clerk until the next round.
      this.s.sync.patchState({ lastSuccessAt: this.s.env.clock.now(), lastError: this.resynced ? JSON.stringify(this.resynced) : null });
      this.resynced = null;
      this.failures = 0;
      const retry = this.s.sync.earliestRetry();
      return Math.max(0, Math.min(interval, retry != null ? retry - this.wallNow() : interval));
    } catch (e) {
      const he = toHubError(e);
      if (!(e instanceof HubError))
        this.s.env.logger.error('sync round failed', { error: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
      else this.s.env.logger.warn('sync round failed', { code: he.code, status: he.status });
      this.online = he.code === 'offline' || he.code === 'timeout' || he.code === 'tls' ? false : this.online;
      if (this.closed) return null;
      const err: SyncErrorDto = { code: he.code, message: he.message, at: this.s.env.clock.now() };
      this.s.sync.patchState({ lastError: JSON.stringify(err) });
      if (he.code === 'unauthenticated') {
        this.halted = true;
        return null;
      }
      this.failures++;
      return backoffMs(this.failures, ROUND_BASE_MS, Math.min(ROUND_MAX_MS, Math.max(interval, ROUND_BASE_MS)), this.random);
    }
  }

  // ---- push -------------------------------------------------------------------------------------------------------

  /**
   * The outbox in id order, as a few lanes: each document's packets (its document packet, then 13, or 01, 03 …) go
   * one after the other in id order, different documents side by side (nothing orders packets across documents, and
   * the hub's time per packet would otherwise add up). A retryable failure stops the round once the lanes in flight
   * are done; a permanent one marks its item and its document's lane goes on.
   */
  private async push(hub: HubClient, cred: Credentials, force: boolean): Promise<void> {
    const due = this.s.sync.dueItems(this.wallNow(), force);
    const groups = new Map<string, OutboxRow[]>();
    for (const r of due) {
      const key = r.documentId != null ? `d${r.documentId}` : `i${r.id}`;
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    const queue = [...groups.values()];
    let stop: HubError | null = null;
    let done = 0;
    const lane = async () => {
      for (let g = queue.shift(); g && !stop && !this.closed; g = queue.shift()) {
        for (const item of g) {
          if (stop || this.closed) return;
          const row = this.s.sync.outboxRow(item.id) as OutboxRow;
          try {
            const res = row.kind === 'document' ? await this.pushDocument(hub, cred, row) : await this.pushStatus(hub, cred, row);
            this.markSent(row, res);
          } catch (e) {
            const he =
              e instanceof HubError
                ? e
                : e instanceof Error && e.name === 'EdxmlError'
                  ? new HubError('invalid_packet', `Không tạo được gói tin: ${e.message}`, false)
                  : toHubError(e);
            if (he.retryable || he.code === 'unauthenticated') {
              this.markRetry(row, he);
              // The hub or the network is down: this document's later packets wait their turn, and the round ends.
              stop ??= he;
              return;
            }
            this.markFailed(row, he);
          }
          if (++done % 20 === 0) this.emitChanged();
        }
      }
    };
    await Promise.all(Array.from({ length: PUSH_LANES }, lane));
    if (stop) throw stop;
  }

  private async pushStatus(hub: HubClient, cred: Credentials, row: OutboxRow): Promise<PushResponse> {
    let edxml: string;
    if (row.edxml != null) edxml = row.edxml;
    else {
      const payload = JSON.parse(row.payload as string) as { responseFor: ResponseFor; description: string };
      edxml = encodePacket(buildStatusPacket(this.s, cred.officeCode, row.statusCode as StatusCode, payload, row.createdAt));
      cachedStatement(this.s.raw, 'UPDATE sync_outbox SET edxml = ?, total_bytes = ? WHERE id = ?').run(edxml, Buffer.byteLength(edxml), row.id);
    }
    return hub.push({ packetId: row.packetId, kind: 'status', edxml, to: JSON.parse(row.recipients) as string[] });
  }

  /** Builds the document packet once (kept as a blob: every retry sends the same bytes), uploads it, pushes it. */
  private async pushDocument(hub: HubClient, cred: Credentials, row: OutboxRow): Promise<PushResponse> {
    let sha = row.blobHash;
    let total = row.totalBytes;
    let fresh: Buffer | null = null;
    let stored: Promise<unknown> = Promise.resolve();
    if (sha && !this.s.blobs.store.has(sha)) {
      // Killed after naming the packet and before its bytes reached the disk: nothing was pushed (the push waits for
      // the stored bytes), so it is built again; reading the missing blob would fail on every round for ever.
      cachedStatement(this.s.raw, 'UPDATE sync_outbox SET blob_hash = NULL, uploaded_bytes = 0 WHERE id = ?').run(row.id);
      sha = null;
    }
    if (!sha) {
      const edxmlId = cachedStatement(this.s.raw, "SELECT edxml_document_id FROM sync_documents WHERE document_id = ? AND direction = 'out'").pluck().get(row.documentId) as string;
      const packet = await buildDocumentPacket(this.s, row.documentId as number, JSON.parse(row.recipients) as string[], cred.officeCode, edxmlId);
      fresh = Buffer.from(encodePacket(packet), 'utf8');
      total = fresh.length;
      // Named by its hash before anything goes out; stored while it uploads (the push waits for both), so a retry
      // after a crash finds these exact bytes.
      stored = this.s.blobs.store.put(fresh);
      this.s.raw
        .prepare("UPDATE sync_outbox SET blob_hash = ?, total_bytes = ?, state = 'uploading' WHERE id = ? AND blob_hash IS NULL")
        .run(createHash('sha256').update(fresh).digest('hex'), total, row.id);
      sha = cachedStatement(this.s.raw, 'SELECT blob_hash FROM sync_outbox WHERE id = ?').pluck().get(row.id) as string;
    }
    // Both settle before anything else happens: a retry must find the stored bytes even when the upload failed.
    const [st, up] = await Promise.allSettled([stored, this.upload(hub, row.id, sha, total, fresh && row.attempts === 0 ? fresh : null)]);
    if (up.status === 'rejected') throw up.reason;
    if (st.status === 'rejected') throw st.reason;
    return hub.push({ packetId: row.packetId, kind: 'document', blob: { sha256: sha, size: total }, to: JSON.parse(row.recipients) as string[] });
  }

  /**
   * Resumable: asks the hub how far it got (HEAD), then sends the rest in chunks; a 409 bad_offset says where to go on.
   * `fresh`: the bytes just built and never sent, so there is nothing to ask about (a hub that has them anyway answers
   * bad_offset with its offset).
   */
  private async upload(hub: HubClient, rowId: number, sha: string, total: number, fresh: Buffer | null): Promise<void> {
    let offset = 0;
    if (!fresh) {
      const head = await hub.blobHead(sha);
      if (head?.complete) {
        this.progress(rowId, total);
        return;
      }
      offset = head?.offset ?? 0;
      this.progress(rowId, offset);
    }
    const bytes = fresh ?? (await this.s.blobs.store.read(sha));
    while (offset < total) {
      if (this.closed) throw new HubError('offline', 'Đang đóng ứng dụng.', true);
      const chunk = bytes.subarray(offset, Math.min(total, offset + UPLOAD_CHUNK));
      try {
        const r = await hub.blobPut(sha, offset, total, chunk);
        offset = r.complete ? total : r.offset;
      } catch (e) {
        if (e instanceof HubError && e.code === 'bad_offset') {
          const at = Number(e.detail?.offset);
          offset = Number.isFinite(at) ? at : ((await hub.blobHead(sha))?.offset ?? 0);
          continue;
        }
        throw e;
      }
      // The last chunk's progress is written with the 'sent' mark: one commit (one fsync) less per packet.
      if (offset < total) this.progress(rowId, offset);
    }
  }

  private progress(rowId: number, uploaded: number): void {
    cachedStatement(this.s.raw, 'UPDATE sync_outbox SET uploaded_bytes = ? WHERE id = ?').run(uploaded, rowId);
  }

  private markSent(row: OutboxRow, res: PushResponse): void {
    const at = res.receivedAt;
    const changed = this.s.raw
      .transaction(() => {
        this.s.raw
          .prepare(
            "UPDATE sync_outbox SET state = 'sent', sent_at = ?, hub_result = ?, uploaded_bytes = total_bytes, last_error = NULL, last_error_code = NULL, permanent = 0, next_attempt_at = NULL WHERE id = ?",
          )
          .run(this.s.env.clock.now(), JSON.stringify(res), row.id);
        if (row.kind !== 'document' || row.documentId == null) return false;
        for (const code of res.accepted) {
          this.s.sync.trail(row.documentId, code, 'sent', null, at, `sent:${row.packetId}:${code}`);
          this.s.sync.setDelivery(row.documentId, code, 'sent', at);
        }
        for (const r of res.refused) this.s.sync.trail(row.documentId, r.code, 'refused_by_hub', r.reason, at, `refused:${row.packetId}:${r.code}`);
        return true;
      })
      .immediate();
    if (changed && row.documentId != null) this.s.events.emit({ name: 'document.changed', data: { id: row.documentId, direction: 'out' } });
  }

  private markRetry(row: OutboxRow, he: HubError): void {
    const attempts = row.attempts + 1;
    this.s.raw
      .prepare('UPDATE sync_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, last_error_code = ? WHERE id = ?')
      .run(attempts, this.wallNow() + backoffMs(attempts, ITEM_BASE_MS, ITEM_MAX_MS, this.random), he.message, he.code, row.id);
  }

  /** A permanent refusal: shown on the item (and on the document's trail), the rest of the outbox goes on. */
  private markFailed(row: OutboxRow, he: HubError): void {
    this.s.raw
      .transaction(() => {
        this.s.raw
          .prepare("UPDATE sync_outbox SET state = 'failed', permanent = 1, attempts = attempts + 1, next_attempt_at = NULL, last_error = ?, last_error_code = ? WHERE id = ?")
          .run(he.message, he.code, row.id);
        if (row.kind === 'document' && row.documentId != null && he.code === 'unknown_recipient') {
          for (const code of JSON.parse(row.recipients) as string[]) {
            this.s.sync.trail(row.documentId, code, 'refused_by_hub', he.message, this.s.env.clock.now(), `refused:${row.packetId}:${code}`);
          }
        }
      })
      .immediate();
    this.s.env.logger.warn('sync item failed for good', { id: row.id, packetId: row.packetId, code: he.code });
  }

  // ---- pull -------------------------------------------------------------------------------------------------------

  /** Pages until an empty one: that last request also acknowledges everything applied (the senders' receipts). */
  private async pull(hub: HubClient, cred: Credentials): Promise<void> {
    let cursor = this.s.sync.state().feedCursor;
    for (;;) {
      if (this.closed) return;
      let page;
      try {
        page = await hub.feed(cursor, FEED_PAGE);
      } catch (e) {
        if (e instanceof HubError && e.code === 'resync') {
          // Items older than the hub keeps are gone (go on from its head, and say so); or the hub was restored from an
          // older backup (our cursor is past its head): then what we sent may be gone too, and is sent again (the hub
          // keeps one copy of each packetId, recipients apply each once).
          const head = Number(e.detail?.head ?? 0);
          const restored = cursor > head;
          const message = restored
            ? 'Trục liên thông đã được khôi phục từ bản sao lưu cũ: máy nhận tiếp từ vị trí mới và gửi lại các gói tin đã gửi.'
            : 'Máy không đồng bộ quá thời hạn lưu của trục: đã nhận tiếp từ vị trí mới nhất; văn bản bị xóa trên trục cần xin nơi gửi gửi lại.';
          const err: SyncErrorDto = { code: 'resync', message, at: this.s.env.clock.now() };
          this.s.raw
            .transaction(() => {
              this.s.sync.patchState({ feedCursor: head, lastError: JSON.stringify(err) });
              const resent = restored ? cachedStatement(this.s.raw, "UPDATE sync_outbox SET state = 'waiting', next_attempt_at = NULL WHERE state = 'sent'").run().changes : 0;
              this.s.audit.append({
                at: this.s.env.clock.now(),
                actorId: null,
                actorName: 'hệ thống',
                action: 'sync.resync',
                outcome: 'failed',
                targetType: 'sync_state',
                details: { from: cursor, to: head, restored, resent, reason: message },
                origin: 'sync',
              });
            })
            .immediate();
          this.s.audit.flushAnchor();
          this.resynced = err;
          this.s.env.logger.warn('sync feed resynced', { from: cursor, to: head, restored });
          if (restored) await this.push(hub, cred, true);
          cursor = head;
          continue;
        }
        throw e;
      }
      if (!page.items.length) return;
      const prepared: PreparedItem[] = new Array(page.items.length);
      let next = 0;
      const lane = async () => {
        while (next < page.items.length) {
          const i = next++;
          prepared[i] = await prepareItem(this.s, hub, page.items[i]);
        }
      };
      const lanes = await Promise.allSettled(Array.from({ length: PREPARE_AT_ONCE }, lane));
      const failed = lanes.find((l) => l.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const applied = this.s.raw.transaction(() => applyPage(this.s, prepared, cred.officeCode)).immediate();
      this.s.audit.flushAnchor();
      this.s.jobs.afterCommit();
      this.s.sync.afterCommit();
      cursor = page.items[page.items.length - 1].seq;
      for (const n of applied.notified) this.s.events.emit({ name: 'notification.created', data: this.s.workflow.notification(n.id), to: [n.userId] });
      const seen = new Set<string>();
      for (const c of applied.changed) {
        const k = `${c.direction}:${c.id}`;
        if (seen.has(k)) continue;
        seen.add(k);
        this.s.events.emit({ name: 'document.changed', data: c });
      }
    }
  }

  // ---- agency directory ---------------------------------------------------------------------------------------------

  private async directory(hub: HubClient): Promise<void> {
    let version = this.s.sync.state().directoryVersion;
    const upsert = cachedStatement(
      this.s.raw,
      `INSERT INTO agencies (code, name, parent_code, search_text, active, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'hub', ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, search_text = excluded.search_text, active = excluded.active,
         source = 'hub', updated_at = excluded.updated_at`,
    );
    for (;;) {
      if (this.closed) return;
      const page = await hub.agencies(version, DIRECTORY_PAGE);
      if (!page.items.length) return;
      const t = this.s.env.clock.now();
      const top = page.items.reduce((m, e) => Math.max(m, e.version), version);
      this.s.raw
        .transaction(() => {
          for (const e of page.items) upsert.run(e.code, e.name, e.parentCode, searchText(e.name, e.code), e.active ? 1 : 0, t, t);
          this.s.sync.patchState({ directoryVersion: top, directorySyncedAt: t });
        })
        .immediate();
      version = top;
      if (version >= page.head) return;
    }
  }

  // ---- audit anchor -----------------------------------------------------------------------------------------------

  private async anchor(hub: HubClient, cred: Credentials): Promise<void> {
    const head = cachedStatement(this.s.raw, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
    const st = this.s.sync.state();
    if (!head || (st.anchorCount === head.id && st.anchorHead === head.hash)) return;
    const at = this.s.env.clock.now();
    const req = { count: head.id, head: head.hash, at, mac: anchorMac(cred.officeCode, cred.secret, { count: head.id, head: head.hash, at }) };
    await hub.postAnchor(req);
    this.s.sync.patchState({ anchorCount: head.id, anchorHead: head.hash, anchorAt: at });
  }
}
