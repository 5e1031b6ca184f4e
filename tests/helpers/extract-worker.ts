// Child process for the jobs crash test: opens a core on the given data folder, records a file (its extraction job is
// queued in the same transaction), starts the jobs and prints "running" once the job is claimed; then waits to be killed.

import fs from 'node:fs';
import { createCore } from '../../src-main/core';
import { testClock, testEnv } from './core';

const [dataDir, pdfPath] = process.argv.slice(2);
const core = createCore(testEnv(dataDir, testClock(Date.now())));
const { blobs, raw } = core.services;
const accepted = await blobs.accept(new Uint8Array(fs.readFileSync(pdfPath)), 'quyet-dinh.pdf');
raw.transaction(() => blobs.record(accepted, null)).immediate();
void core.idle();
const timer = setInterval(() => {
  const state = raw.prepare("SELECT state FROM jobs WHERE kind = 'blob.text'").pluck().get();
  if (state === 'running') {
    clearInterval(timer);
    process.stdout.write(`running ${accepted.hash}\n`);
  }
}, 5);
setInterval(() => undefined, 60_000);
