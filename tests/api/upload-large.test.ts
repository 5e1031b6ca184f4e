// A 200 MB upload over HTTP with the limit raised (issue 7 item 14): the server streams it to the blob store while
// hashing, so its memory stays flat and other users' requests keep being answered. The server runs in a child
// process so its own peak RSS (the kernel's VmHWM) can be read, apart from the test runner's.

import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';

const MB = 1 << 20;
const SIZE = 200 * MB;

let child: ChildProcess;
let dir: string;
let server: { url: string; token: string; pid: number };

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) * 1024 : NaN;
}

beforeAll(async () => {
  dir = tempDir('vanthu-upload-');
  child = fork(path.resolve('tests/helpers/upload-server.ts'), [dir, '300'], { execArgv: ['--import', 'tsx/esm'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  server = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as typeof server));
    child.once('exit', (code) => reject(new Error(`upload server exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child?.connected) {
    child.send('stop');
    await once(child, 'exit');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function authMe(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/auth.me`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body: '{}' });
  expect(res.status).toBe(200);
  await res.json();
  return performance.now() - started;
}

describe.skipIf(process.platform !== 'linux')('a 200 MB upload over HTTP', () => {
  it('keeps the server’s memory flat and other requests answered, and stores the file intact', async () => {
    // Warm up (first calls compile code paths), then take the baseline and reset the kernel's peak counter.
    for (let i = 0; i < 5; i++) await authMe();
    const rssBefore = procStatus(server.pid, 'VmRSS');
    let hwmReset = true;
    try {
      fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    } catch {
      hwmReset = false;
    }
    let sampledPeak = rssBefore;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, procStatus(server.pid, 'VmRSS'));
    }, 10);

    const u = new URL(server.url);
    const req = http.request({
      hostname: u.hostname,
      port: u.port,
      method: 'POST',
      path: '/api/blobs.put',
      headers: {
        Authorization: `Bearer ${server.token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(SIZE),
        'X-Vanthu-Input': encodeURIComponent(JSON.stringify({ fileName: 'ban-chup-ho-so.pdf' })),
      },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      });
      req.on('error', reject);
    });

    // auth.me from "another user" all through the upload.
    const latencies: number[] = [];
    let uploading = true;
    const prober = (async () => {
      while (uploading) {
        latencies.push(await authMe());
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // A PDF header, then random bytes (a few distinct 1 MB blocks, so generating them costs nothing measurable).
    const blocks = Array.from({ length: 7 }, () => randomBytes(MB));
    const hasher = createHash('sha256');
    const started = performance.now();
    for (let i = 0; i < SIZE / MB; i++) {
      const chunk = i === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n'), blocks[0]]).subarray(0, MB) : blocks[i % blocks.length];
      hasher.update(chunk);
      if (!req.write(chunk)) await once(req, 'drain');
    }
    req.end();
    const r = await answer;
    const seconds = (performance.now() - started) / 1000;
    uploading = false;
    await prober;
    // Text extraction runs in the background after the answer: a file this large is never read whole for it.
    const hash = (JSON.parse(r.body) as { value?: { hash: string } }).value?.hash ?? '';
    const db = new Database(path.join(dir, 'vanthu.db'), { readonly: true, fileMustExist: true });
    let textStatus = 'pending';
    for (let i = 0; i < 200 && textStatus === 'pending'; i++) {
      await new Promise((res) => setTimeout(res, 50));
      textStatus = (db.prepare('SELECT text_status FROM blobs WHERE hash = ?').get(hash) as { text_status: string } | undefined)?.text_status ?? 'pending';
    }
    db.close();
    expect(textStatus).toBe('none');
    clearInterval(sampler);
    const peak = Math.max(sampledPeak, hwmReset ? procStatus(server.pid, 'VmHWM') : 0);

    expect(r.status).toBe(200);
    const value = (JSON.parse(r.body) as { value: { hash: string; size: number; kind: string } }).value;
    expect(value).toMatchObject({ hash: hasher.digest('hex'), size: SIZE, kind: 'pdf' });
    const stored = path.join(dir, 'blobs', value.hash.slice(0, 2), value.hash.slice(2, 4), value.hash);
    expect(fs.statSync(stored).size).toBe(SIZE);
    expect(fs.readdirSync(path.join(dir, 'blobs', 'tmp'))).toEqual([]);

    const growthMb = (peak - rssBefore) / MB;
    const sorted = [...latencies].sort((a, b) => a - b);
    const maxMs = sorted[sorted.length - 1];
    const p50 = sorted[Math.floor(sorted.length / 2)];
    console.log(
      JSON.stringify({
        figure: 'upload-200mb',
        seconds: Math.round(seconds * 10) / 10,
        rssBeforeMb: Math.round(rssBefore / MB),
        peakRssMb: Math.round(peak / MB),
        peakGrowthMb: Math.round(growthMb),
        kernelPeak: hwmReset,
        authMeCalls: latencies.length,
        authMeP50Ms: Math.round(p50),
        authMeMaxMs: Math.round(maxMs),
      }),
    );
    // Held whole, the file alone is 200 MB (1.2 GB was measured before streaming).
    expect(growthMb).toBeLessThan(100);
    // Other requests are answered throughout (2.7 s pauses before); generous for a busy 2-core machine.
    expect(latencies.length).toBeGreaterThan(5);
    expect(maxMs).toBeLessThan(1500);
  }, 180_000);
});
