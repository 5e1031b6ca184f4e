// A local RFC 3161 time-stamping authority for tests: `openssl ts -reply` behind a node http server on 127.0.0.1,
// which also serves the issuing CA's CRL at /ca.crl and answers OCSP at /ocsp (`openssl ocsp -index`, signed by the
// CA): the same server is the revocation endpoint. It can be told to refuse (HTTP 503), hang, or answer garbage.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPki } from './pki';

const run = promisify(execFile);

export type TsaMode = 'ok' | 'refuse' | 'hang' | 'garbage';

export interface TestTsa {
  url: string;
  port: number;
  /** Requests answered (timestamp and CRL), for waiting on conditions. */
  stats: { timestamps: number; crls: number; ocsp: number };
  setMode(mode: TsaMode): void;
  /** Serve this CRL at /ca.crl (defaults to the PKI's), or null to answer 404. */
  setCrl(der: Uint8Array | null): void;
  close(): Promise<void>;
}

/** A port that was free a moment ago (to put into certificates before the server starts). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((res) => s.close(() => res()));
  return port;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** Start the TSA. Listens on the port of `pki.crlBaseUrl` when the PKI has one, so the CRL DP URLs resolve here. */
export async function startTsa(pki: TestPki): Promise<TestTsa> {
  let mode: TsaMode = 'ok';
  let crl: Uint8Array | null = pki.crlDer;
  const stats = { timestamps: 0, crls: 0, ocsp: 0 };
  const work = mkdtempSync(join(pki.dir, 'tsa-'));
  const hanging = new Set<ServerResponse>();
  // openssl ts keeps its serial in a file: one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  let seq = 0;

  const reply = async (query: Buffer): Promise<Buffer> => {
    const n = ++seq;
    const q = join(work, `q${n}.tsq`);
    const r = join(work, `r${n}.tsr`);
    writeFileSync(q, query);
    await run('openssl', [
      'ts',
      '-reply',
      '-config',
      pki.tsaConfigPath,
      '-queryfile',
      q,
      '-signer',
      pki.leaves.tsa.certPath,
      '-inkey',
      pki.leaves.tsa.keyPath,
      '-chain',
      pki.chainPemPath,
      '-out',
      r,
    ]);
    return readFileSync(r);
  };

  const ocsp = async (query: Buffer): Promise<Buffer> => {
    const n = ++seq;
    const q = join(work, `o${n}.req`);
    const r = join(work, `o${n}.resp`);
    writeFileSync(q, query);
    await run('openssl', [
      'ocsp',
      '-index',
      join(pki.dir, 'db', 'index.txt'),
      '-rsigner',
      pki.ca.certPath,
      '-rkey',
      pki.ca.keyPath,
      '-CA',
      pki.ca.certPath,
      '-ndays',
      '1',
      '-reqin',
      q,
      '-respout',
      r,
    ]);
    return readFileSync(r);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/ca.crl') {
        if (mode === 'refuse' || mode === 'hang') {
          if (mode === 'hang') return void hanging.add(res);
          res.writeHead(503).end();
          return;
        }
        if (!crl) return void res.writeHead(404).end();
        stats.crls++;
        res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(crl));
        return;
      }
      if (req.method !== 'POST') return void res.writeHead(405).end();
      const body = await readBody(req);
      if (mode === 'hang') return void hanging.add(res);
      if (mode === 'refuse') return void res.writeHead(503).end();
      if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from('không phải DER'));
      const isOcsp = req.url === '/ocsp';
      const p = queue.then(() => (isOcsp ? ocsp(body) : reply(body)));
      queue = p.catch(() => undefined);
      try {
        const out = await p;
        if (isOcsp) stats.ocsp++;
        else stats.timestamps++;
        res.writeHead(200, { 'content-type': isOcsp ? 'application/ocsp-response' : 'application/timestamp-reply' }).end(out);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
      }
    })();
  });
  const wanted = pki.crlBaseUrl ? Number(new URL(pki.crlBaseUrl).port) : 0;
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(wanted, '127.0.0.1', () => res());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    port,
    stats,
    setMode: (m) => {
      mode = m;
      if (m !== 'hang') for (const r of hanging) r.destroy();
      if (m !== 'hang') hanging.clear();
    },
    setCrl: (der) => {
      crl = der;
    },
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
      rmSync(work, { recursive: true, force: true });
    },
  };
}
