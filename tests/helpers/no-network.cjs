// Preloaded with `node --require` (unlike --import, it also runs in worker threads) in a child process (and so in its worker threads too): any attempt to reach the
// network — fetch, or a TCP connection by any library — is written to $NO_NETWORK_LOG and then refused. Local IPC
// (a Unix socket or named pipe path, as tsx's loader uses) is let through: it is not the network.
// process.getBuiltinModule instead of require(): the lint forbids require, and this file cannot be ESM (see above).
const fs = process.getBuiltinModule('node:fs');
const net = process.getBuiltinModule('node:net');
const { isMainThread } = process.getBuiltinModule('node:worker_threads');

const refuse = (what) => {
  const where = isMainThread ? 'main' : 'worker';
  if (process.env.NO_NETWORK_LOG) fs.appendFileSync(process.env.NO_NETWORK_LOG, `${where} ${what}\n`);
  throw new Error(`network access refused in test: ${what}`);
};
const isLocalPipe = (args) => {
  const a = Array.isArray(args[0]) ? args[0][0] : args[0];
  return typeof a === 'string' ? !/^\d+$/.test(a) : Boolean(a && typeof a === 'object' && typeof a.path === 'string');
};
globalThis.fetch = (url) => refuse(`fetch ${String(url)}`);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  if (isLocalPipe(args)) return connect.apply(this, args);
  return refuse(`tcp ${JSON.stringify(args[0])}`);
};
