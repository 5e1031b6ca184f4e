// Benchmark of the provincial hub under a province's polling load: a hub process on a private PostgreSQL, N offices
// (500 by default) polling their change feeds concurrently over keep-alive HTTP on 127.0.0.1 while packets flow to
// random offices. Returns the feed request latency percentiles; printing is the caller's (npm run bench -- sync).
import crypto from 'node:crypto';
import http from 'node:http';
import { startHub } from '../helpers/hub';
import { documentEdxml, hubClient, pushStatus, uploadBlob } from '../helpers/hub-client';
import { startPostgres } from '../helpers/postgres';
import { stats } from './util';

export interface HubFeedLoadOptions {
  /** Offices registered and polling (default 500). */
  offices?: number;
  /** Feed requests per office (default 10). */
  rounds?: number;
  /** Feed requests in flight at once, across all offices (default 20: ~650 polls/s, some 20 times a province polling every 15 s). */
  concurrency?: number;
  /** Document packets pushed (each followed by a status reply) while the offices poll (default 100). */
  packets?: number;
}

export interface HubFeedLoadResult {
  offices: number;
  requests: number;
  packets: number;
  /** Feed request latency, ms. */
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  itemsDelivered: number;
  /** The same requests as timed by the hub itself (its request log): what is left is queueing on the client side. */
  server: { p50: number; p95: number; p99: number };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function getJson(url: string, auth: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${auth}` } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
    });
    req.on('error', reject);
  });
}

export async function benchHubFeedLoad(opts: HubFeedLoadOptions = {}): Promise<HubFeedLoadResult> {
  const n = opts.offices ?? 500;
  const rounds = opts.rounds ?? 10;
  const concurrency = opts.concurrency ?? 20;
  const packets = opts.packets ?? 100;
  const pg = await startPostgres();
  const hub = await startHub({ db: 'pg', databaseUrl: pg.url });
  try {
    const codes = Array.from({ length: n }, (_, i) => `H23.${String(i + 1).padStart(4, '0')}`);
    const creds: string[] = [];
    for (let i = 0; i < n; i += 25) {
      const batch = await Promise.all(codes.slice(i, i + 25).map((c) => hub.addOffice(c, `UBND xã thử nghiệm ${c}`)));
      creds.push(...batch.map((b) => b.credential));
    }
    const cursors = new Array<number>(n).fill(0);
    const latencies: number[] = [];
    let delivered = 0;

    // Offices poll: each job is one feed request of one office (acknowledging what it has seen), round-robin.
    const jobs: number[] = [];
    for (let r = 0; r < rounds; r++) for (let i = 0; i < n; i++) jobs.push(i);
    let next = 0;
    const started = performance.now();
    const polling = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < jobs.length) {
          const i = jobs[next++];
          const t = performance.now();
          const r = await getJson(`${hub.url}/v1/feed?after=${cursors[i]}&limit=100`, creds[i]);
          latencies.push(performance.now() - t);
          if (r.status !== 200) throw new Error(`feed ${codes[i]}: ${r.status} ${JSON.stringify(r.body)}`);
          const items = (r.body as { items: Array<{ seq: number }> }).items;
          if (items.length) cursors[i] = items[items.length - 1].seq;
          delivered += items.length;
        }
      }),
    );
    // Meanwhile packets flow: a document from a random office to another, then the recipient's status reply.
    const flowing = (async () => {
      for (let k = 0; k < packets && next < jobs.length; k++) {
        const s = crypto.randomInt(n);
        const d = (s + 1 + crypto.randomInt(n - 1)) % n;
        const sender = hubClient(hub.url, creds[s]);
        const { text, documentId } = documentEdxml({ from: codes[s], to: [codes[d]], number: String(k + 1) });
        const bytes = Buffer.from(text);
        const up = await uploadBlob(sender, bytes);
        const pushed = await sender.post('/v1/packets', { packetId: crypto.randomUUID(), kind: 'document', blob: { sha256: up.sha, size: bytes.length }, to: [codes[d]] });
        if (pushed.status !== 200) throw new Error(`push: ${pushed.status} ${JSON.stringify(pushed.body)}`);
        const st = await pushStatus(hubClient(hub.url, creds[d]), { from: codes[d], originalSender: codes[s], documentId, to: [codes[s]] });
        if (st.status !== 200) throw new Error(`status: ${st.status} ${JSON.stringify(st.body)}`);
      }
    })();
    await Promise.all([polling, flowing]);
    const seconds = (performance.now() - started) / 1000;
    const s = stats(latencies);
    const sv = stats(hub.logs.filter((l) => l.msg === 'request' && l.path === '/v1/feed').map((l) => Number(l.ms)));
    return {
      offices: n,
      requests: latencies.length,
      packets,
      p50: s.p50,
      p95: s.p95,
      p99: s.p99,
      requestsPerSecond: Math.round(latencies.length / seconds),
      itemsDelivered: delivered,
      server: { p50: sv.p50, p95: sv.p95, p99: sv.p99 },
    };
  } finally {
    agent.destroy();
    await hub.stop();
    await pg.stop();
  }
}
