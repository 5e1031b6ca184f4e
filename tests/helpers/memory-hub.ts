// Test helper: the hub protocol (src-shared/hub/protocol.ts) held in memory behind the worker's HubClient interface,
// with scripted failures (a status code or a network error on the next calls of one operation). For the worker's
// classification and backoff tests only: the interconnection story itself runs against the real hub (tests/sync/story).

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { decodePacket, decodePacketBytes, packetSummary } from '../../src-shared/edxml';
import type { AnchorRecord, DirectoryEntry, FeedItem, HubErrorBody } from '../../src-shared/hub/protocol';
import { classifyHttp, classifyNetwork, type HubClient } from '../../src-main/sync/hub-client';

type Op = 'me' | 'push' | 'feed' | 'blobHead' | 'blobPut' | 'blobGet' | 'agencies' | 'postAnchor' | 'anchors';

export interface MemoryHub {
  client(code: string): HubClient;
  addOffice(code: string, name: string): void;
  publish(entries: Array<Omit<DirectoryEntry, 'version'>>): void;
  /** The next `times` calls of `op` fail: with an HTTP status (and hub error code), or as a dropped network. */
  fail(op: Op, how: { status: number; code?: string; message?: string; detail?: Record<string, unknown> } | 'network', times?: number): void;
  /** Forgets the scripted failures not used yet. */
  clearFailures(): void;
  calls: Record<string, number>;
  packets: Map<string, { from: string; to: string[]; kind: string }>;
  anchors: Map<string, AnchorRecord[]>;
  time: number;
}

export function memoryHub(): MemoryHub {
  const offices = new Map<string, { name: string; feed: FeedItem[]; acked: number }>();
  const blobs = new Map<string, { total: number; bytes: Buffer[]; offset: number }>();
  const packets = new Map<string, { from: string; to: string[]; kind: string; hash: string }>();
  const directory: DirectoryEntry[] = [];
  const anchors = new Map<string, AnchorRecord[]>();
  const failures: Array<{ op: Op; how: { status: number; code?: string; message?: string; detail?: Record<string, unknown> } | 'network'; times: number }> = [];
  const calls: Record<string, number> = {};
  let seq = 0;
  let version = 0;
  const hub: MemoryHub = {
    client,
    addOffice: (code, name) => void offices.set(code, { name, feed: [], acked: 0 }),
    publish(entries) {
      for (const e of entries) directory.push({ ...e, version: ++version });
    },
    fail: (op, how, times = 1) => void failures.push({ op, how, times }),
    clearFailures: () => void failures.splice(0),
    calls,
    packets,
    anchors,
    time: Date.UTC(2026, 10, 20, 3, 0),
  };

  function gate(op: Op): void {
    calls[op] = (calls[op] ?? 0) + 1;
    const f = failures.find((x) => x.op === op && x.times > 0);
    if (!f) return;
    f.times--;
    if (f.how === 'network') throw classifyNetwork(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const body: HubErrorBody = { error: { code: (f.how.code ?? 'internal') as never, message: f.how.message ?? '', ...(f.how.detail ? { detail: f.how.detail } : {}) } };
    throw classifyHttp(f.how.status, body);
  }

  function client(code: string): HubClient {
    const me = () => {
      const o = offices.get(code);
      if (!o) throw classifyHttp(401, null);
      return o;
    };
    return {
      async health() {
        return { ok: true, db: 'up', version: 'memory', instance: 'm', time: hub.time };
      },
      async me() {
        gate('me');
        const o = me();
        return { code, name: o.name, hubTime: hub.time, head: o.feed.length ? o.feed[o.feed.length - 1].seq : 0 };
      },
      async push(req) {
        gate('push');
        me();
        const known = packets.get(req.packetId);
        let bytes: Buffer;
        if (req.kind === 'status') bytes = Buffer.from(req.edxml as string);
        else {
          const b = blobs.get(req.blob?.sha256 ?? '');
          if (!b || b.offset < b.total) throw classifyHttp(409, { error: { code: 'blob_incomplete', message: '' } });
          bytes = Buffer.concat(b.bytes);
        }
        const hash = createHash('sha256').update(bytes).digest('hex');
        if (known) {
          if (known.hash !== hash) throw classifyHttp(409, { error: { code: 'conflict', message: '' } });
          return { packetId: req.packetId, duplicate: true, accepted: known.to, refused: [], receivedAt: hub.time };
        }
        const summary = packetSummary(req.kind === 'status' ? decodePacket(req.edxml as string) : decodePacketBytes(bytes));
        if (summary.from !== code) throw classifyHttp(403, null);
        const accepted = req.to.filter((t) => offices.has(t));
        const refused = req.to.filter((t) => !offices.has(t)).map((c) => ({ code: c, reason: 'Chưa đăng ký trên trục' }));
        if (!accepted.length) throw classifyHttp(422, { error: { code: 'unknown_recipient', message: refused.map((r) => r.code).join(', ') } });
        packets.set(req.packetId, { from: code, to: accepted, kind: req.kind, hash });
        for (const t of accepted) {
          offices.get(t)?.feed.push({
            seq: ++seq,
            type: 'packet',
            packetId: req.packetId,
            kind: req.kind,
            from: code,
            receivedAt: hub.time,
            ...(req.kind === 'status' ? { edxml: req.edxml } : { blob: req.blob }),
          });
        }
        return { packetId: req.packetId, duplicate: false, accepted, refused, receivedAt: hub.time };
      },
      async feed(after, limit) {
        gate('feed');
        const o = me();
        // Asking after N acknowledges everything up to N: receipts for the senders.
        for (const it of o.feed) {
          if (it.seq > o.acked && it.seq <= after && it.type === 'packet') {
            offices.get(it.from)?.feed.push({ seq: ++seq, type: 'receipt', packetId: it.packetId, recipient: code, state: 'delivered', at: hub.time });
          }
        }
        o.acked = Math.max(o.acked, after);
        const items = o.feed.filter((i) => i.seq > after).slice(0, limit);
        return { items, head: o.feed.length ? o.feed[o.feed.length - 1].seq : 0 };
      },
      async blobHead(sha) {
        gate('blobHead');
        const b = blobs.get(sha);
        return b ? { offset: b.offset, length: b.total, complete: b.offset === b.total } : null;
      },
      async blobPut(sha, offset, total, bytes) {
        gate('blobPut');
        const b = blobs.get(sha) ?? { total, bytes: [], offset: 0 };
        blobs.set(sha, b);
        if (offset !== b.offset) throw classifyHttp(409, { error: { code: 'bad_offset', message: '', detail: { offset: b.offset } } });
        b.bytes.push(Buffer.from(bytes));
        b.offset += bytes.length;
        return { sha256: sha, offset: b.offset, total, complete: b.offset === total };
      },
      async blobDownload(sha, file) {
        gate('blobGet');
        const b = blobs.get(sha);
        if (!b) throw classifyHttp(404, null);
        fs.writeFileSync(file, Buffer.concat(b.bytes));
      },
      async agencies(after, limit) {
        gate('agencies');
        return { items: directory.filter((e) => e.version > after).slice(0, limit), head: version };
      },
      async postAnchor(req) {
        gate('postAnchor');
        const list = anchors.get(code) ?? [];
        list.push({ ...req, receivedAt: hub.time });
        anchors.set(code, list);
        return { stored: true, receivedAt: hub.time };
      },
      async anchors(limit) {
        gate('anchors');
        return { items: (anchors.get(code) ?? []).slice(-limit) };
      },
      lastDate: () => ({ hub: hub.time, local: Date.now() }),
    };
  }
  return hub;
}
