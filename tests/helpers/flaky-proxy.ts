// Test helper: a TCP proxy in front of a server that can cut connections after N bytes in one direction (an upload or
// a download dropped mid-way), refuse new ones (the network is down), or pass everything. Real sockets, no HTTP.

import net from 'node:net';

export interface FlakyProxy {
  port: number;
  url: string;
  /** Cut the connection that carries the byte number `bytes` from clients, counted from now across connections (null: never). */
  cutAfter(bytes: number | null, opts?: { times?: number; direction?: 'up' | 'down' }): void;
  /** true: new connections are closed at once and open ones destroyed. */
  setDown(down: boolean): void;
  /** Connections cut so far. */
  cuts(): number;
  /** Bytes carried from clients so far. */
  bytesUp(): number;
  /** Bytes carried to clients so far. */
  bytesDown(): number;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: { host?: string; port: number }): Promise<FlakyProxy> {
  let limit: number | null = null;
  /** Bytes from clients since cutAfter() armed the limit. */
  let carried = 0;
  let timesLeft = Infinity;
  let down = false;
  let cuts = 0;
  let up = 0;
  let downBytes = 0;
  let direction: 'up' | 'down' = 'up';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const cut = () => {
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    /** Passes a chunk on, or only its part up to the armed limit and then cuts (a download or an upload dropped). */
    const carry = (chunk: Buffer, dir: 'up' | 'down', to: net.Socket) => {
      if (dir === 'up') up += chunk.length;
      else downBytes += chunk.length;
      if (limit != null && timesLeft > 0 && direction === dir && carried + chunk.length > limit) {
        const part = chunk.subarray(0, Math.max(0, limit - carried));
        timesLeft--;
        // Armed again for the next `times`, counted afresh.
        carried = 0;
        if (part.length) to.write(part, cut);
        else cut();
        return;
      }
      if (direction === dir) carried += chunk.length;
      to.write(chunk);
    };
    client.on('data', (chunk: Buffer) => carry(chunk, 'up', upstream));
    upstream.on('data', (chunk: Buffer) => carry(chunk, 'down', client));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cutAfter(bytes, opts = {}) {
      limit = bytes;
      carried = 0;
      timesLeft = opts.times ?? Infinity;
      direction = opts.direction ?? 'up';
    },
    setDown(v) {
      down = v;
      if (v) for (const s of sockets) s.destroy();
    },
    cuts: () => cuts,
    bytesUp: () => up,
    bytesDown: () => downBytes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
