// E2E fixture: every test gets its own VănThư server (browser mode) on a fresh data folder and a free port, and
// fails on any console error or CSP violation in the page.

import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ARTIFACTS = path.resolve('tests/artifacts/screenshots');

export interface Server {
  url: string;
  dataDir: string;
  proc: ChildProcess;
}

/** A VănThư server in browser mode on `dataDir` (the fixture's, or a second office's in a test with two). */
export async function startServer(dataDir: string, env: Record<string, string>): Promise<Server> {
  const proc = spawn(process.execPath, ['src-main/bin/vanthu.mjs', 'serve', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { url, dataDir, proc };
}

/** Stops a server and removes its data folder once the process has exited (it may still be writing until then). */
export async function stopServer(server: Server): Promise<void> {
  if (server.proc.exitCode === null && server.proc.signalCode === null) {
    const exited = new Promise<void>((resolve) => server.proc.once('exit', () => resolve()));
    server.proc.kill('SIGTERM');
    // A server that does not stop on its own is killed rather than holding the test run.
    const force = setTimeout(() => server.proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  }
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

export const test = base.extend<{ serverEnv: Record<string, string>; server: Server; shot: (page: Page, name: string) => Promise<void> }>({
  // Extra environment of the server process (a spec may override it, e.g. SOFTHSM2_CONF for its test tokens).
  serverEnv: [{}, { option: true }],
  server: async ({ serverEnv }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-'));
    const server = await startServer(dataDir, serverEnv);
    await use(server);
    await stopServer(server);
  },
  // The page depends on the server so that it is closed (and its console judged) before the server stops.
  page: async ({ page, server: _server }, use) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await use(page);
    // Expected API refusals show as failed requests (4xx) in the console; anything else is a defect.
    expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from an object pattern, even an empty one
  shot: async ({}, use) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await use(async (page, name) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    });
  },
});

export { expect };
