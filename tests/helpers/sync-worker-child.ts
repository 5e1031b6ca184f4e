// Child process for tests/sync/crash.test.ts: opens an office's data folder and runs sync rounds until nothing is left
// to send or receive, printing one line per step the hub saw (push, chunk, feed page, download) so the parent can kill
// it -9 at a chosen point (and one line per document changed, printed after the commit). Run with `node --import tsx/esm tests/helpers/sync-worker-child.ts <dataDir>`.

import { createCore } from '../../src-main/core';
import type { Logger } from '../../src-main/env';
import { createHttpHub, type HubClient } from '../../src-main/sync/hub-client';
import { testEnv } from './core';

const [dataDir] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);
// Warnings and errors go to stderr: the parent shows them when the child fails.
const logger: Logger = {
  info() {},
  warn: (msg, data) => process.stderr.write(`warn ${msg} ${JSON.stringify(data ?? {})}\n`),
  error: (msg, data) => process.stderr.write(`error ${msg} ${JSON.stringify(data ?? {})}\n`),
};

// Steps the hub answered in the current round: a round with none (and no error) means the office is drained.
let steps = 0;
function traced(hub: HubClient): HubClient {
  return {
    ...hub,
    me: () => hub.me(),
    health: () => hub.health(),
    lastDate: () => hub.lastDate(),
    agencies: (after, limit) => hub.agencies(after, limit),
    postAnchor: (req) => hub.postAnchor(req),
    anchors: (limit) => hub.anchors(limit),
    blobHead: (sha) => hub.blobHead(sha),
    close: () => hub.close?.(),
    async push(req) {
      const r = await hub.push(req);
      steps++;
      say(`push ${req.kind} ${req.packetId}${r.duplicate ? ' duplicate' : ''}`);
      return r;
    },
    async blobPut(sha, offset, total, bytes) {
      const r = await hub.blobPut(sha, offset, total, bytes);
      steps++;
      say(`chunk ${offset + bytes.length} ${total}`);
      return r;
    },
    async feed(after, limit) {
      const r = await hub.feed(after, limit);
      if (r.items.length) steps++;
      say(`feed ${r.items.length}`);
      return r;
    },
    async blobDownload(sha, file) {
      await hub.blobDownload(sha, file);
      steps++;
      say(`download ${sha}`);
    },
  };
}

const clock = { now: () => Date.now(), set() {}, advance() {} };
const core = createCore(
  testEnv(dataDir, clock, {
    logger,
    hubClient: (c) => traced(createHttpHub({ baseUrl: c.hubUrl, officeCode: c.officeCode, secret: c.secret, caFile: c.caFile })),
  }),
);
// Announced after the commit that changed them (a pushed packet marked sent, a feed page applied): a kill on this line
// lands right after a commit, before the next step.
core.events.subscribe((e) => {
  if (e.name !== 'document.changed') return;
  const d = e.data as { id: number; direction: 'in' | 'out' };
  say(`changed ${d.direction} ${d.id}`);
});
say('ready');
for (let round = 0; ; round++) {
  if (round === 20) {
    say('not drained after 20 rounds');
    process.exit(3);
  }
  steps = 0;
  const st = await core.services.syncWorker.runNow();
  say(`round waiting=${st.waiting} failed=${st.failed} error=${st.lastError?.code ?? 'none'}`);
  if (!steps && !st.lastError && st.waiting === 0) break;
}
say('idle');
core.close();
