// Which Host headers the HTTP host answers (DNS rebinding: a foreign page whose name resolves to this machine must
// not reach the API). On loopback only the loopback names; in LAN mode also this machine's own addresses and name,
// the address it is bound to, and the host names the administrator listed (settings `allowedHosts`).

import os from 'node:os';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const REFRESH_MS = 5_000;

/** The host part of a Host header, lower case, without port or trailing dot; IPv6 kept in brackets. */
export function hostOfHeader(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** A configured name or address in the form hostOfHeader gives: IPv6 in brackets, no port. */
export function normalizeHost(entry: string): string {
  const e = entry.trim().toLowerCase().replace(/\.$/, '');
  return e.includes(':') && !e.startsWith('[') ? `[${e}]` : e;
}

/** This machine's own names and addresses, as a browser on the LAN would write them. */
export function machineHosts(): string[] {
  const out = new Set<string>();
  const name = os.hostname().toLowerCase();
  if (name) {
    out.add(name);
    out.add(`${name.split('.')[0]}.local`);
    out.add(name.split('.')[0]);
  }
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) out.add(normalizeHost(a.address.split('%')[0]));
  }
  return [...out];
}

export interface HostCheckOptions {
  /** LAN mode: more than the loopback names. */
  lan: boolean;
  /** The address the server listens on (added when it is a specific address). */
  boundHost: string;
  /** Host names from the settings, read again every few seconds so a change applies without a restart. */
  configured?: () => string[];
  now?: () => number;
}

export function createHostCheck(opts: HostCheckOptions): (hostHeader: string | undefined) => boolean {
  const now = opts.now ?? Date.now;
  let allowed = new Set(LOOPBACK);
  let builtAt = -Infinity;
  const build = () => {
    const set = new Set(LOOPBACK);
    if (opts.lan) {
      for (const h of machineHosts()) set.add(h);
      if (opts.boundHost !== '0.0.0.0' && opts.boundHost !== '::') set.add(normalizeHost(opts.boundHost));
      for (const h of opts.configured?.() ?? []) set.add(normalizeHost(h));
    }
    allowed = set;
    builtAt = now();
  };
  return (header) => {
    if (!opts.lan) return allowed.has(hostOfHeader(header));
    if (now() - builtAt > REFRESH_MS) build();
    return allowed.has(hostOfHeader(header));
  };
}
