// The PKCS#11 middlewares seen in Vietnamese deployments (standards §6.3) per OS, and discovery of the ones installed.
// Pure table + file-existence checks: loading a module is pkcs11-token.ts's job. Admin-chosen paths are always offered.

import fs from 'node:fs';
import path from 'node:path';

export type Pkcs11Platform = 'win32' | 'linux' | 'darwin';

export interface KnownModule {
  /** Stable id of the middleware (also the TokenInfo.moduleId of what it finds). */
  id: string;
  /** Human name shown to the clerk. */
  name: string;
  /** Candidate paths per OS, most likely first. Bare file names on Windows are looked up in System32 and SysWOW64. */
  paths: Partial<Record<Pkcs11Platform, string[]>>;
  /** Only for tests (SoftHSM2): never offered first, labelled as such. */
  test?: boolean;
}

export interface Pkcs11Module {
  id: string;
  path: string;
  name: string;
}

export const KNOWN_MODULES: readonly KnownModule[] = [
  {
    id: 'safenet-etoken',
    name: 'SafeNet eToken (VGCA, Viettel-CA)',
    paths: {
      win32: ['eTPKCS11.dll'],
      linux: ['/usr/lib/libeTPkcs11.so', '/usr/lib64/libeTPkcs11.so', '/usr/lib/x86_64-linux-gnu/libeTPkcs11.so'],
      darwin: ['/usr/local/lib/libeTPkcs11.dylib', '/Library/Frameworks/eToken.framework/Versions/Current/libeToken.dylib'],
    },
  },
  {
    id: 'feitian-epass2003',
    name: 'Feitian ePass2003',
    paths: {
      win32: ['eps2003csp11.dll'],
      linux: ['/usr/lib/libcastle.so.1.0.0', '/usr/lib/libcastle_v2.so.1.0.0', '/usr/local/lib/libcastle.so.1.0.0', '/usr/local/lib/libcastle_v2.so.1.0.0'],
      darwin: ['/usr/local/lib/libcastle.1.0.0.dylib'],
    },
  },
  {
    id: 'feitian-epassng',
    name: 'Feitian ePassNG / ePass3003',
    paths: { win32: ['ngp11v211.dll', 'ShuttleCsp11_3003.dll'], linux: ['/usr/lib/libepsng_p11.so', '/usr/local/lib/libepsng_p11.so'] },
  },
  { id: 'vnpt-ca', name: 'VNPT-CA', paths: { win32: ['vnptca_p11_v10.dll', 'vnpt-ca_csp11.dll', 'VNPT-CA_v34.dll'] } },
  {
    id: 'viettel-ca',
    name: 'Viettel-CA',
    paths: {
      win32: [
        'viettel-ca_p11.dll',
        'viettel-ca_v6.dll',
        'viettel-ca_v5.dll',
        'C:\\Program Files\\Viettel-CA\\viettel-ca_v6.dll',
        'C:\\Program Files (x86)\\Viettel-CA\\viettel-ca_v6.dll',
      ],
    },
  },
  {
    id: 'fpt-ca',
    name: 'FPT-CA',
    paths: { win32: ['fptca_v4.dll', 'fptca_v3.dll'], linux: ['/usr/lib/fptca_v4.so'], darwin: ['/usr/local/lib/fptca_v4.dylib', '/usr/local/lib/fptca_v3.dylib'] },
  },
  { id: 'bkav-ca', name: 'BKAV-CA', paths: { win32: ['BkavCA.dll', 'BkavCA_P11.dll'] } },
  { id: 'ca2', name: 'CA2 (Nacencomm)', paths: { win32: ['CA2_csp11.dll'] } },
  { id: 'watchdata', name: 'WatchData / ProxKey', paths: { win32: ['WDPKCS.dll', 'SignatureP11.dll'] } },
  {
    id: 'opensc',
    name: 'OpenSC',
    paths: {
      win32: ['C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll', 'opensc-pkcs11.dll'],
      linux: ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', '/usr/lib/opensc-pkcs11.so', '/usr/lib64/opensc-pkcs11.so', '/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so'],
      darwin: ['/Library/OpenSC/lib/opensc-pkcs11.so'],
    },
  },
  { id: 'softhsm2', name: 'SoftHSM2 (token thử nghiệm)', paths: { linux: ['/usr/lib/softhsm/libsofthsm2.so'] }, test: true },
];

/** Windows system folders where middlewares install their DLL; a bare name in the table is tried in each. */
function windowsCandidates(file: string, env: NodeJS.ProcessEnv): string[] {
  if (path.win32.isAbsolute(file)) return [file];
  const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  return [path.win32.join(root, 'System32', file), path.win32.join(root, 'SysWOW64', file)];
}

/** An id for an admin-chosen module: the file name without extension, lower case (same path → same id). */
function customId(p: string): string {
  const base = path.win32.basename(path.posix.basename(p)).replace(/\.(dll|so(\.[\d.]+)?|dylib)$/i, '');
  return `custom-${base.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * The known modules present on this machine (first existing path of each), then the admin-chosen paths
 * (kept even when missing, so the settings page can say "không tìm thấy"; the provider reports a load failure).
 */
export function discoverModules(
  platform: NodeJS.Platform,
  extraPaths: string[] = [],
  exists: (p: string) => boolean = fs.existsSync,
  env: NodeJS.ProcessEnv = process.env,
): Pkcs11Module[] {
  const out: Pkcs11Module[] = [];
  const seen = new Set<string>();
  const key = (p: string) => (platform === 'win32' ? p.toLowerCase() : p);
  if (platform === 'win32' || platform === 'linux' || platform === 'darwin') {
    for (const m of KNOWN_MODULES) {
      const candidates = (m.paths[platform] ?? []).flatMap((p) => (platform === 'win32' ? windowsCandidates(p, env) : [p]));
      const found = candidates.find((p) => exists(p));
      if (found && !seen.has(key(found))) {
        seen.add(key(found));
        out.push({ id: m.id, path: found, name: m.name });
      }
    }
  }
  for (const p of extraPaths) {
    const trimmed = p.trim();
    if (!trimmed || seen.has(key(trimmed))) continue;
    seen.add(key(trimmed));
    const known = KNOWN_MODULES.find((m) => Object.values(m.paths).some((list) => list?.some((q) => key(q) === key(trimmed))));
    out.push({ id: known?.id ?? customId(trimmed), path: trimmed, name: known?.name ?? path.win32.basename(path.posix.basename(trimmed)) });
  }
  return out;
}
